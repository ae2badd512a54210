"""The needs profile as casework stores it: the matching engine's own dict shape (pure).

Stored as JSON on each assessment, exactly what :func:`enlace.matching.profile.parse_profile`
reads back::

    {"needs": {"employment": "high", ...}, "met": ["health"],
     "attributes": {"schooling": {"value": "primary_complete", "source": "self_report",
                                  "date": "2026-05-01"}, ...}}

Validation is the engine's (every bad field named); casework adds only that the age is
never typed in: it comes from the year of birth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from enlace.catalogue.vocab import NeedDomain
from enlace.matching.profile import (
    AttributeValue,
    NeedLevel,
    Profile,
    ProfileError,
    parse_profile,
)

#: Attributes casework derives itself and never takes from a form.
DERIVED: frozenset[str] = frozenset({"age"})


def _value(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def _attribute(attribute: AttributeValue) -> dict[str, Any]:
    entry: dict[str, Any] = {"value": _value(attribute.value), "source": attribute.source.value}
    if attribute.on is not None:
        entry["date"] = attribute.on.isoformat()
    return entry


def to_dict(profile: Profile) -> dict[str, Any]:
    """A profile as JSON-ready data (what :func:`parse_profile` reads back)."""
    needs = {d: n.level.value for d, n in profile.needs.items() if n.level is not NeedLevel.UNKNOWN}
    return {
        "needs": needs,
        "met": [d for d, n in profile.needs.items() if n.met],
        "attributes": {name: _attribute(a) for name, a in sorted(profile.attributes.items())},
    }


def errors_of(data: Mapping[str, Any]) -> dict[str, str]:
    """Per-field problems (empty when the profile can be stored)."""
    errors = {
        f"attributes.{name}": "derived"
        for name in (data.get("attributes") or {})
        if name in DERIVED
    }
    try:
        parse_profile(data)
    except ProfileError as problem:
        errors.update({e.field: e.message for e in problem.errors})
    return errors


def normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a valid profile (call :func:`errors_of` first)."""
    return to_dict(parse_profile(data))


def attribute_errors(attributes: Mapping[str, Any]) -> dict[str, str]:
    return errors_of({"attributes": dict(attributes)})


def level_of(stored: Mapping[str, Any], domain: str) -> str:
    needs = stored.get("needs")
    level = needs.get(domain) if isinstance(needs, Mapping) else None
    return level if level in {lv.value for lv in NeedLevel} else NeedLevel.UNKNOWN.value


def levels(stored: Mapping[str, Any]) -> dict[str, str]:
    """Every need domain's level (``unknown`` where not assessed)."""
    return {d.value: level_of(stored, d.value) for d in NeedDomain}


def high_unmet(stored: Mapping[str, Any]) -> list[str]:
    """Domains with a high need that is not met, in domain order."""
    return parse_profile(stored).unmet(NeedLevel.HIGH)


def attribute_values(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """``{"x": {"value": v, ...}}`` or ``{"x": v}`` -> ``{"x": v}``."""
    return {
        name: entry.get("value") if isinstance(entry, Mapping) else entry
        for name, entry in attributes.items()
    }


def for_matching(
    year_of_birth: int,
    participant_attributes: Mapping[str, Any],
    stored: Mapping[str, Any] | None,
    today: date,
) -> Profile:
    """The profile the matching engine takes: the latest assessment over the participant's
    own attributes, with the age from the year of birth (at most a year too high)."""
    attributes: dict[str, Any] = dict(participant_attributes)
    attributes.update((stored or {}).get("attributes") or {})
    attributes["age"] = {"value": today.year - year_of_birth, "source": "document"}
    return parse_profile({**(stored or {}), "attributes": attributes})


def plain(value: Any) -> Any:
    """Dataclasses, enums, sets, tuples and dates as JSON-ready data (match snapshots)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
