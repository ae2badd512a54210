"""The needs profile: a level per need domain and the attributes that gate eligibility.

Pure: built from plain dicts (a form, the JSON API, a stored assessment) and checked
field by field, so a caller can name every bad field at once. Unknown is a value of its
own everywhere: a domain not assessed is ``unknown`` (it pulls no offer up), an attribute
not given is absent (its rules come out "check ...", never a silent pass or fail). A need
that a current support already covers is *met*: it stays on the profile but does not pull
offers up (the Camberwell distinction between met and unmet need).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from enlace.catalogue.vocab import NeedDomain
from enlace.matching.rules import ATTRIBUTES, SETS

DOMAINS: tuple[str, ...] = tuple(d.value for d in NeedDomain)
NUMERIC_LIMITS: dict[str, tuple[int, int]] = {
    "age": (0, 120),
    "rsh_band": (0, 100),
    "youngest_child_age": (0, 30),
}


class NeedLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNKNOWN = "unknown"


class Source(StrEnum):
    """Where an attribute's value comes from (a worker weighs a document above hearsay)."""

    SELF_REPORT = "self_report"
    DOCUMENT = "document"
    PROFESSIONAL = "professional"


@dataclass(frozen=True, slots=True)
class Need:
    domain: str
    level: NeedLevel = NeedLevel.UNKNOWN
    met: bool = False

    @property
    def unmet_level(self) -> NeedLevel:
        """The level that pulls offers up: none when the need is met."""
        return NeedLevel.NONE if self.met else self.level


@dataclass(frozen=True, slots=True)
class AttributeValue:
    name: str
    value: Any
    source: Source = Source.SELF_REPORT
    on: date | None = None


@dataclass(frozen=True)
class Profile:
    """Levels for all twelve domains (unknown where not assessed) and known attributes."""

    needs: Mapping[str, Need] = field(default_factory=dict)
    attributes: Mapping[str, AttributeValue] = field(default_factory=dict)

    def need(self, domain: str) -> Need:
        return self.needs.get(domain) or Need(domain)

    def value(self, name: str) -> Any:
        found = self.attributes.get(name)
        return None if found is None else found.value

    def facts(self) -> dict[str, Any]:
        """Attribute name -> value, what :func:`enlace.matching.rules.evaluate` reads."""
        return {name: a.value for name, a in self.attributes.items()}

    def unmet(self, level: NeedLevel) -> list[str]:
        """The domains whose unmet need is ``level``, in the vocabulary's order."""
        return [d for d in DOMAINS if self.need(d).unmet_level is level]


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad field: its path (``needs.housing``, ``attributes.age``) and why, in English
    (the API's clients show their own words; forms map the path to their own field)."""

    field: str
    message: str


class ProfileError(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Places:
    """The region and commune codes a profile may name (commune -> its region)."""

    regions: Collection[str]
    communes: Mapping[str, str]


def make_profile(
    levels: Mapping[str, str | NeedLevel] | None = None,
    met: Collection[str] = (),
    **attributes: Any,
) -> Profile:
    """A profile from already-valid values (tests, the instrument, the SISTRAT mapping)."""
    needs = {
        d: Need(d, NeedLevel((levels or {}).get(d, NeedLevel.UNKNOWN)), d in met) for d in DOMAINS
    }
    known = {
        name: AttributeValue(name, frozenset(v) if name in SETS else v)
        for name, v in attributes.items()
        if v is not None
    }
    errors: list[FieldError] = []
    _derive_region(known, errors)
    if errors:
        raise ProfileError(errors)
    return Profile(needs, known)


def parse_profile(data: Mapping[str, Any], places: Places | None = None) -> Profile:
    """A profile from a plain dict: ``{"needs": {"housing": "high"}, "met": ["health"],
    "attributes": {"age": 32, "region": {"value": "5", "source": "document",
    "date": "2025-03-01"}}}``. Raises :class:`ProfileError` naming every bad field."""
    errors: list[FieldError] = []
    needs = _needs(data.get("needs") or {}, data.get("met") or [], errors)
    attributes = _attributes(data.get("attributes") or {}, places, errors)
    if errors:
        raise ProfileError(errors)
    return Profile(needs, attributes)


def _needs(raw: Any, met: Any, errors: list[FieldError]) -> dict[str, Need]:
    levels: dict[str, NeedLevel] = {}
    if not isinstance(raw, Mapping):
        errors.append(FieldError("needs", "must be an object of domain: level"))
        raw = {}
    for domain, level in raw.items():
        if domain not in DOMAINS:
            errors.append(FieldError(f"needs.{domain}", f"unknown need domain {domain!r}"))
        elif not isinstance(level, str) or level not in set(NeedLevel):
            errors.append(
                FieldError(
                    f"needs.{domain}",
                    f"unknown level {level!r} (none, low, medium, high, unknown)",
                )
            )
        else:
            levels[domain] = NeedLevel(level)
    met_domains: set[str] = set()
    if not isinstance(met, list):
        errors.append(FieldError("met", "must be a list of need domains"))
        met = []
    for i, domain in enumerate(met):
        if domain not in DOMAINS:
            errors.append(FieldError(f"met.{i}", f"unknown need domain {domain!r}"))
        else:
            met_domains.add(domain)
    return {d: Need(d, levels.get(d, NeedLevel.UNKNOWN), d in met_domains) for d in DOMAINS}


def _attributes(
    raw: Any, places: Places | None, errors: list[FieldError]
) -> dict[str, AttributeValue]:
    if not isinstance(raw, Mapping):
        errors.append(FieldError("attributes", "must be an object of attribute: value"))
        return {}
    found: dict[str, AttributeValue] = {}
    for name, given in raw.items():
        path = f"attributes.{name}"
        if name not in ATTRIBUTES:
            errors.append(FieldError(path, f"unknown attribute {name!r}"))
            continue
        value, source, on = given, Source.SELF_REPORT, None
        if isinstance(given, Mapping):
            extra = sorted(set(given) - {"value", "source", "date"})
            if "value" not in given or extra:
                errors.append(FieldError(path, "an object takes value, source and date"))
                continue
            value = given.get("value")
            try:
                source = Source(given.get("source", Source.SELF_REPORT))
            except ValueError:
                errors.append(FieldError(f"{path}.source", "must be one of " + _known(Source)))
            try:
                on = date.fromisoformat(given["date"]) if given.get("date") else None
            except (TypeError, ValueError):
                errors.append(FieldError(f"{path}.date", "must be a date, YYYY-MM-DD"))
        if value is None or value == "unknown":
            continue
        problem, clean = _attribute_value(name, value, places)
        if problem:
            errors.append(FieldError(path, problem))
        else:
            found[name] = AttributeValue(name, clean, source, on)
    _derive_region(found, errors)
    return found


def _attribute_value(name: str, value: Any, places: Places | None) -> tuple[str, Any]:
    """(problem, cleaned value): the problem is empty when the value is good."""
    kind = ATTRIBUTES[name]
    if kind is None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number", None
        low, high = NUMERIC_LIMITS.get(name, (0, 10**6))
        if not low <= value <= high:
            return f"must be between {low} and {high}", None
        return "", value
    if kind is bool:
        return ("", value) if isinstance(value, bool) else ("must be true or false", None)
    if name in SETS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of codes", None
        unknown = [v for v in value if v not in kind]  # type: ignore[operator]
        if unknown:
            return f"unknown {', '.join(unknown)} (known: {', '.join(kind)})", None  # type: ignore[arg-type]
        return "", frozenset(value)
    if not isinstance(value, str):
        return "must be a code (text)", None
    if isinstance(kind, tuple):
        return ("", value) if value in kind else (f"unknown value {value!r}", None)
    if places is not None:
        known = places.regions if name == "region" else places.communes
        if name in ("region", "commune") and value not in known:
            return f"unknown {name} code {value!r}", None
    return "", value


def _derive_region(found: dict[str, AttributeValue], errors: list[FieldError]) -> None:
    """A commune implies its region (CUT codes: the region is all but the last three
    digits); a region that contradicts the commune is an error."""
    commune = found.get("commune")
    if commune is None:
        return
    region = str(commune.value)[:-3]
    given = found.get("region")
    if given is None:
        found["region"] = AttributeValue("region", region, commune.source, commune.on)
    elif given.value != region:
        errors.append(
            FieldError("attributes.region", f"commune {commune.value} is in region {region}")
        )


def _known(enum: type[StrEnum]) -> str:
    return ", ".join(e.value for e in enum)
