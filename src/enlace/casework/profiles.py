"""The needs profile as casework stores it (pure): levels per domain, met or not, and the
attributes with their source and date.

Stored as JSON on each assessment::

    {"needs": {"employment": {"level": "high", "met": false}, ...},
     "attributes": {"schooling": {"value": "primary_complete", "source": "self_report",
                                  "as_of": "2026-05-01"}, ...}}

Casework only reads levels and flat attribute values out of it; the matching engine owns
the profile's meaning. Unknown is first class: a domain not assessed is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from enlace.catalogue.vocab import NeedDomain
from enlace.matching.rules import ATTRIBUTES, validate

LEVELS: tuple[str, ...] = ("none", "low", "medium", "high", "unknown")
SOURCES: tuple[str, ...] = ("self_report", "document", "professional")
#: Attributes casework derives itself and never takes from a form.
DERIVED: frozenset[str] = frozenset({"age"})


def _needs(profile: Mapping[str, Any]) -> Mapping[str, Any]:
    needs = profile.get("needs")
    return needs if isinstance(needs, Mapping) else {}


def level_of(profile: Mapping[str, Any], domain: str) -> str:
    entry = _needs(profile).get(domain)
    level = entry.get("level") if isinstance(entry, Mapping) else None
    return level if level in LEVELS else "unknown"


def levels(profile: Mapping[str, Any]) -> dict[str, str]:
    """Every need domain's level (``unknown`` where not assessed)."""
    return {domain.value: level_of(profile, domain.value) for domain in NeedDomain}


def high_unmet(profile: Mapping[str, Any]) -> list[str]:
    """Domains with a high need that is not met, in domain order."""
    found = []
    for domain in NeedDomain:
        entry = _needs(profile).get(domain.value)
        if isinstance(entry, Mapping) and entry.get("level") == "high" and not entry.get("met"):
            found.append(domain.value)
    return found


def attribute_values(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """``{"x": {"value": v, ...}}`` or ``{"x": v}`` -> ``{"x": v}``."""
    flat: dict[str, Any] = {}
    for name, entry in attributes.items():
        flat[name] = entry.get("value") if isinstance(entry, Mapping) else entry
    return flat


def profile_errors(profile: Mapping[str, Any]) -> dict[str, str]:
    """Per-field problems of a profile (empty when it can be stored)."""
    errors: dict[str, str] = {}
    for domain, entry in _needs(profile).items():
        if domain not in NeedDomain.__members__.values():
            errors[f"needs.{domain}"] = "unknown_domain"
        elif not isinstance(entry, Mapping) or entry.get("level") not in LEVELS:
            errors[f"needs.{domain}"] = "unknown_level"
    raw = profile.get("attributes") or {}
    if not isinstance(raw, Mapping):
        return {**errors, "attributes": "not_a_mapping"}
    errors.update(attribute_errors(attribute_values(raw)))
    for name, entry in raw.items():
        if isinstance(entry, Mapping) and entry.get("source") not in (None, *SOURCES):
            errors[f"attributes.{name}"] = "unknown_source"
    return errors


def attribute_errors(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name in DERIVED or name not in ATTRIBUTES:
            errors[f"attributes.{name}"] = "unknown_attribute"
        elif value is not None and validate(name, "eq", value):
            errors[f"attributes.{name}"] = "bad_value"
    return errors


def for_matching(
    year_of_birth: int,
    participant_attributes: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    today: date,
) -> dict[str, Any]:
    """The profile the matching engine takes: the latest assessment's needs and attributes
    over the participant's own attributes, with the age worked out from the year of birth
    (at most a year too high: only the year is kept)."""
    attributes = attribute_values(participant_attributes)
    if profile:
        attributes.update(attribute_values(profile.get("attributes") or {}))
    attributes["age"] = today.year - year_of_birth
    needs = {d: dict(e) for d, e in _needs(profile or {}).items() if isinstance(e, Mapping)}
    return {"needs": needs, "attributes": attributes}
