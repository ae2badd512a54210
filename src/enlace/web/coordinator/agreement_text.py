"""An agreement's changes in plain words: field labels, names instead of ids, dates and
codes as people read them ("Valid until: 31 December 2026 → 30 June 2027").

The services record changes as codes and ISO dates (:class:`~enlace.network.errors.FieldChange`);
this module turns them into lines for the history and the "changed meanwhile" summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, get_locale

from enlace.i18n import _
from enlace.network.errors import FieldChange
from enlace.network.history import HistoryEntry
from enlace.network.listing import AgreementSummary
from enlace.web import labels

#: Longer texts (descriptions) are cut to this many characters in a change line.
SHOWN_TEXT = 160
Names = Mapping[str, tuple[str, str | None]]

_DATES = frozenset({"signed_on", "valid_from", "valid_to"})
_CODES: dict[str, Mapping[Any, Any]] = {
    "kind": labels.AGREEMENT_KINDS,
    "status": labels.AGREEMENT_STATUSES,
    "quota_period": labels.QUOTA_PERIODS,
    "role": labels.PARTY_ROLES,
}


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One changed field: its label, the party it belongs to (if any), before and after."""

    field: str  # the field code, for tests and data attributes
    label: str
    party: str | None
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    actor: str
    actor_role: str | None
    action: str
    action_label: str
    reason: str | None
    lines: tuple[ChangeLine, ...]
    related: AgreementSummary | None  # the renewal, or the period this one renews


def name_in(names: Names, record_id: str) -> str:
    """The name of an agency or offer in the page's language (else Spanish, else the id)."""
    found = names.get(record_id)
    if found is None:
        return record_id
    name_es, name_en = found
    return name_en if str(get_locale() or "es") == "en" and name_en else name_es


def _shorten(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1].rstrip() + "…"


def value_text(field: str, value: Any, names: Names, regions: Mapping[str, str]) -> str:
    """One stored value of a field, as people read it (``regions[""]``: no region)."""
    if field == "region_code":
        return regions.get(str(value or ""), str(value))
    if value is None or value in ("", []):
        return _("none")
    if field in _DATES:
        return str(format_date(date.fromisoformat(str(value)), "long"))
    if field in _CODES:
        return labels.label(_CODES[field], str(value))
    if field == "domains":
        return ", ".join(labels.label(labels.NEED_DOMAINS, d) for d in value)
    if field == "offer_ids":
        return ", ".join(name_in(names, o) for o in value)
    if field == "party" and isinstance(value, dict):
        role = labels.label(labels.PARTY_ROLES, str(value.get("role", "")))
        contact = value.get("contact_name")
        return f"{role} · {contact}" if contact else role
    return _shorten(str(value))


def change_lines(
    changes: Iterable[FieldChange], names: Names, regions: Mapping[str, str]
) -> tuple[ChangeLine, ...]:
    """Each change in plain words (a region "None" is the national scope)."""
    national = {"": _("National"), **regions}
    lines = []
    for change in changes:
        lines.append(
            ChangeLine(
                field=change.field,
                label=labels.label(labels.AGREEMENT_FIELDS, change.field),
                party=name_in(names, change.agency_id) if change.agency_id else None,
                before=value_text(change.field, change.before, names, national),
                after=value_text(change.field, change.after, names, national),
            )
        )
    return tuple(lines)


def history_rows(
    entries: Iterable[HistoryEntry],
    names: Names,
    regions: Mapping[str, str],
    related: Mapping[str, AgreementSummary],
) -> list[HistoryRow]:
    """The history, newest first. A creation lists no fields: the page shows them all."""
    rows = []
    for entry in entries:
        created = entry.action == "agreement.created"
        rows.append(
            HistoryRow(
                at=entry.at,
                actor=entry.actor,
                actor_role=labels.role_label(entry.actor_role) if entry.actor_role else None,
                action=entry.action,
                action_label=labels.audit_action(entry.action),
                reason=entry.reason,
                lines=() if created else change_lines(entry.changes, names, regions),
                related=related.get(entry.related_id) if entry.related_id else None,
            )
        )
    return list(reversed(rows))
