"""Words of the catalogue pages: rule previews in both languages and history lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from enlace.stewardship.errors import FieldChange
from enlace.stewardship.places import place_label
from enlace.web import catalogue_labels, labels
from enlace.web.coordinator.catalogue_forms import OfferForm
from enlace.web.coordinator.catalogue_pages import place_names, rule_of
from enlace.web.rule_text import describe_rule

_TABLES: dict[str, Mapping[Any, LazyString]] = {
    "kind": labels.KINDS,
    "scope": labels.SCOPES,
    "status": labels.STATUSES,
    "sector": labels.SECTORS,
    "level": labels.LEVELS,
}


@dataclass(frozen=True, slots=True)
class RulePreview:
    spanish: str
    english: str


def rule_previews(form: OfferForm, session: Session) -> list[RulePreview | None]:
    """How each complete rule row reads in plain words, in Spanish and in English."""
    places = place_names(session)
    previews: list[RulePreview | None] = []
    for entry in form.rules:
        rule, ok = rule_of(entry.form)
        if not (entry.form.filled() and ok):
            previews.append(None)
            continue
        words = []
        for language in ("es", "en"):
            with force_locale(language):
                words.append(
                    describe_rule(rule["attribute"], rule["operator"], rule["value"], places)
                )
        previews.append(RulePreview(*words))
    return previews


def _shown(name: str, value: Any, places: Mapping[str, str]) -> str:
    if value is None or value in ("", [], {}):
        return str(_l("(empty)"))
    if name == "is_free":
        return str(catalogue_labels.COST_CHOICES["free" if value else "paid"])
    table = _TABLES.get(name)
    if table is not None:
        return labels.label(table, value)
    if name == "areas":
        return "; ".join(
            places.get(a.get("commune_code") or "", "")
            or places.get(a.get("region_code") or "", str(a.get("region_code")))
            for a in value
        )
    if name == "populations":
        return ", ".join(labels.label(labels.POPULATIONS, v) for v in value)
    if name in ("region_code", "commune_code"):
        return places.get(str(value), str(value))
    if name == "locations":
        return "; ".join(places.get(str(v), str(_l("(a removed place)"))) for v in value)
    if name == "schedules":
        return "; ".join(_hours(row) for row in value)
    if name == "place_notes":
        removed = str(_l("(a removed place)"))
        return "; ".join(
            f"{places.get(str(n['location_id']), removed)}: "
            + " / ".join(t for t in (n.get("note_es"), n.get("note_en")) if t)
            for n in value
        )
    if name == "places":  # with each place's hours: providers propose those too
        return "; ".join(
            " · ".join(
                [_place_summary(p, places), *(_hours(row) for row in p.get("schedules") or [])]
            )
            for p in value
        )
    if name == "languages":
        return ", ".join(labels.label(labels.LANGUAGE_NAMES, v) for v in value)
    if name == "domains":
        return ", ".join(
            f"{labels.label(labels.NEED_DOMAINS, d)} ({labels.label(labels.DOMAIN_ROLES, r)})"
            for d, r in value.items()
        )
    if name == "rules":
        return "; ".join(describe_rule(r["attribute"], r["operator"], r["value"]) for r in value)
    if isinstance(value, list):
        return "; ".join(
            ", ".join(str(v) for v in item.values() if v) if isinstance(item, dict) else str(item)
            for item in value
        )
    return str(value)


def _hours(row: Mapping[str, Any]) -> str:
    days = ", ".join(labels.label(labels.WEEKDAY_NAMES, d) for d in row["byday"].split(",") if d)
    return f"{days} {row.get('opens_at') or ''}–{row.get('closes_at') or ''}"


def _place_summary(place: Mapping[str, Any], places: Mapping[str, str]) -> str:
    parts = [place_label(place), place.get("address_1") or ""]
    parts.append(places.get(str(place.get("commune_code") or ""), ""))
    return ", ".join(dict.fromkeys(p for p in parts if p))


@dataclass(frozen=True, slots=True)
class ChangeLine:
    field: str
    before: str
    after: str


def _place_lines(change: FieldChange, places: Mapping[str, str]) -> list[ChangeLine]:
    """A change of an agency's places, place by place and field by field."""
    before = {str(p.get("id")): p for p in change.before or [] if isinstance(p, dict)}
    after = {str(p.get("id")): p for p in change.after or [] if isinstance(p, dict)}
    empty = str(_l("(empty)"))
    lines: list[ChangeLine] = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            name = place_label(new)
            lines.append(
                ChangeLine(
                    _("Place added: %(name)s", name=name), empty, _place_summary(new, places)
                )
            )
        elif new is None and old is not None:
            name = place_label(old)
            lines.append(
                ChangeLine(
                    _("Place removed: %(name)s", name=name), _place_summary(old, places), empty
                )
            )
        elif old is not None and new is not None:
            for field in (f for f in new if f != "id" and new.get(f) != old.get(f)):
                title = (
                    f"{place_label(new)} · {labels.label(catalogue_labels.CATALOGUE_FIELDS, field)}"
                )
                lines.append(
                    ChangeLine(
                        title,
                        _shown(field, old.get(field), places),
                        _shown(field, new.get(field), places),
                    )
                )
    return lines


def change_line(change: FieldChange, places: Mapping[str, str]) -> ChangeLine:
    """One change as one line (a proposal's changes are accepted one by one)."""
    return ChangeLine(
        labels.label(catalogue_labels.CATALOGUE_FIELDS, change.field),
        _shown(change.field, change.before, places),
        _shown(change.field, change.after, places),
    )


def change_lines(
    changes: tuple[FieldChange, ...] | list[FieldChange], places: Mapping[str, str] | None = None
) -> list[ChangeLine]:
    """Changes as a person reads them: the field's name, the value before and after
    (``places``: region and commune codes to names)."""
    places = places or {}
    lines: list[ChangeLine] = []
    for c in changes:
        if c.field == "places":
            lines.extend(_place_lines(c, places))
            continue
        lines.append(change_line(c, places))
    return lines
