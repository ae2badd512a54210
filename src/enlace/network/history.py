"""An agreement's history, read from the append-only audit log.

Every service that changes an agreement writes one audit entry whose details hold the new
``version`` and the field-by-field ``changes`` (:func:`diff` of two :func:`snapshot`\\ s).
So the log alone answers "who changed what, when" (:func:`agreement_history`) and "what
changed since the version this editor loaded" (:func:`changes_since`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Agency, Offer
from enlace.network.errors import FieldChange
from enlace.network.models import Agreement

TARGET = "agreement"

#: The agreement's own fields a snapshot keeps, in the order a page lists changes.
FIELDS: tuple[str, ...] = (
    "title_es",
    "title_en",
    "description_es",
    "description_en",
    "kind",
    "status",
    "region_code",
    "signed_on",
    "valid_from",
    "valid_to",
    "quota",
    "quota_period",
    "quota_used",
    "document_url",
    "domains",
    "offer_ids",
)
PARTY_FIELDS: tuple[str, ...] = (
    "role",
    "contact_name",
    "contact_title",
    "contact_phone",
    "contact_email",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def snapshot(agreement: Agreement) -> dict[str, Any]:
    """The agreement as JSON-ready data: its fields, parties by agency, domains, offers."""
    data: dict[str, Any] = {
        name: _plain(getattr(agreement, name))
        for name in FIELDS
        if name not in ("domains", "offer_ids")
    }
    data["domains"] = sorted(d.domain for d in agreement.domains)
    data["offer_ids"] = sorted(str(o.offer_id) for o in agreement.offers)
    data["parties"] = {
        p.agency_id: {name: getattr(p, name) for name in PARTY_FIELDS} for p in agreement.parties
    }
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Field by field, then party by party; equal snapshots give an empty list."""
    changes = [
        FieldChange(name, before.get(name), after.get(name))
        for name in FIELDS
        if before.get(name) != after.get(name)
    ]
    old, new = before.get("parties", {}), after.get("parties", {})
    for agency_id in sorted(set(old) | set(new)):
        if agency_id not in old or agency_id not in new:
            changes.append(FieldChange("party", old.get(agency_id), new.get(agency_id), agency_id))
            continue
        changes.extend(
            FieldChange(name, old[agency_id][name], new[agency_id][name], agency_id)
            for name in PARTY_FIELDS
            if old[agency_id][name] != new[agency_id][name]
        )
    return changes


def as_details(version: int, changes: list[FieldChange], **more: Any) -> dict[str, Any]:
    """The audit entry's details: the version written and the changes, JSON-ready."""
    return {
        "version": version,
        "changes": [
            {"field": c.field, "agency_id": c.agency_id, "before": c.before, "after": c.after}
            for c in changes
        ],
        **more,
    }


def _changes_of(entry: AuditEntry) -> list[FieldChange]:
    details = entry.details or {}
    return [
        FieldChange(c["field"], c.get("before"), c.get("after"), c.get("agency_id"))
        for c in details.get("changes", [])
        if isinstance(c, dict) and "field" in c
    ]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of an agreement: who, when, what (action and fields), why."""

    at: datetime
    actor: str  # the account's e-mail as it was then, or what acted (the command line)
    actor_role: str | None
    action: str  # an AuditAction code
    reason: str | None
    version: int | None
    changes: tuple[FieldChange, ...]
    related_id: str | None  # the renewal (on "renewed") or the renewed period (on "created")


def _entries(session: Session, agreement_id: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry)
            .where(AuditEntry.target_type == TARGET, AuditEntry.target_id == agreement_id)
            .order_by(col(AuditEntry.id))
        )
    )


def agreement_history(session: Session, agreement_id: str) -> list[HistoryEntry]:
    """Every audited change of one agreement, oldest first."""
    history = []
    for entry in _entries(session, agreement_id):
        details = entry.details or {}
        related = details.get("renewed_by") or details.get("renews")
        history.append(
            HistoryEntry(
                at=entry.at,
                actor=entry.actor_label,
                actor_role=entry.actor_role,
                action=entry.action,
                reason=entry.reason,
                version=details.get("version"),
                changes=tuple(_changes_of(entry)),
                related_id=str(related) if related else None,
            )
        )
    return history


def changes_since(
    session: Session, agreement_id: str, version: int, current: dict[str, Any]
) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """What changed after ``version`` (as the editor loaded it) up to ``current``, and who.

    Changes are composed from the audit entries written after that version: a field's
    ``before`` is its value in the editor's version, ``after`` its value now; a field
    changed and changed back is left out.
    """
    first: dict[tuple[str, str | None], Any] = {}
    who: list[str] = []
    for entry in _entries(session, agreement_id):
        written = (entry.details or {}).get("version")
        if not isinstance(written, int) or written <= version:
            continue
        if entry.actor_label not in who:
            who.append(entry.actor_label)
        for change in _changes_of(entry):
            first.setdefault((change.field, change.agency_id), change.before)
    changes = []
    for (name, agency_id), before in first.items():
        if agency_id is None:
            after = current.get(name)
        elif name == "party":
            after = current["parties"].get(agency_id)
        else:
            after = current["parties"].get(agency_id, {}).get(name)
        if before != after:
            changes.append(FieldChange(name, before, after, agency_id))
    return tuple(changes), tuple(who)


def names_in(
    session: Session, changes: list[FieldChange] | tuple[FieldChange, ...]
) -> dict[str, tuple[str, str | None]]:
    """Names (es, en) of the agencies and offers a list of changes mentions, by id, so a
    page can say "Rosa Díaz at OMIL Talca" instead of an id (deleted records: absent)."""
    agencies = {c.agency_id for c in changes if c.agency_id}
    offers: set[str] = set()
    for c in changes:
        if c.field == "offer_ids":
            offers.update(c.before or [])
            offers.update(c.after or [])
    found: dict[str, tuple[str, str | None]] = {}
    if agencies:
        rows = session.exec(select(Agency).where(col(Agency.id).in_(agencies)))
        found.update({a.id: (a.name_es, a.name_en) for a in rows})
    if offers:
        found.update(
            {
                o.id: (o.name_es, o.name_en)
                for o in session.exec(select(Offer).where(col(Offer.id).in_(offers)))
            }
        )
    return found
