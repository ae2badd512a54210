"""Matching's reasons and terms in plain words, for the staff results and the public
self-check ("17 years old, the minimum is 18"; "region not known: check they live in
Valparaíso").

The engine (``enlace.matching.eligibility``) gives each check a reason *code* and the
values it names; here each code becomes one translated sentence. Codes are
``<family>.<operator>.<outcome>`` for a rule (family: age, place, documents, attribute)
and ``group.<outcome>`` / ``area.<outcome>`` for any-of groups and an offer's area.
Shared by two audiences, so it lives beside ``labels``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from enlace.i18n import _
from enlace.web import labels, match_labels

Values = Mapping[str, Any]
Names = Mapping[str, str]


def value_name(attribute: str, value: Any, places: Names) -> str:
    """One value of an attribute in words (a code is never shown)."""
    if attribute in ("region", "commune"):
        return places.get(str(value), str(value))
    if attribute == "documents":
        return labels.label(match_labels.DOCUMENTS, str(value))
    if isinstance(value, bool):
        return str(match_labels.YES_NO["yes" if value else "no"])
    table = match_labels.ATTRIBUTE_VALUES.get(attribute)
    if table is not None:
        return labels.label(table, str(value))
    if attribute == "rsh_band":
        return _("%(band)s%%", band=value)
    return str(value)


def _either(attribute: str, values: Any, places: Names) -> str:
    """"A, B or C" for a list of allowed values."""
    items = values if isinstance(values, list | tuple) else [values]
    words = [value_name(attribute, v, places) for v in items]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s or %(last)s", first=", ".join(words[:-1]), last=words[-1])


def _both(attribute: str, values: Any, places: Names) -> str:
    items = values if isinstance(values, list | tuple) else [values]
    words = [value_name(attribute, v, places) for v in items]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s", first=", ".join(words[:-1]), last=words[-1])


def _name(attribute: str) -> str:
    return labels.label(match_labels.PROFILE_ATTRIBUTES, attribute)


def _age(op: str, outcome: str, v: Values) -> str:
    actual, expected = v.get("actual"), v.get("expected")
    low, high = v.get("low"), v.get("high")
    if outcome == "unknown":
        if op == "gte":
            return _("Age not known: check they are %(min)s or older", min=expected)
        if op == "lte":
            return _("Age not known: check they are %(max)s or younger", max=expected)
        if op == "between":
            return _("Age not known: check they are from %(low)s to %(high)s", low=low, high=high)
        return _("Age not known: check the age the offer asks for")
    if op == "gte":
        return _("%(age)s years old, the minimum is %(min)s", age=actual, min=expected)
    if op == "lte":
        return _("%(age)s years old, the maximum is %(max)s", age=actual, max=expected)
    if op == "between":
        return _(
            "%(age)s years old, the offer is for ages %(low)s to %(high)s",
            age=actual,
            low=low,
            high=high,
        )
    if op == "not_in":
        return _("%(age)s years old, an age the offer leaves out", age=actual)
    return _("%(age)s years old, the offer asks for certain ages", age=actual)


def _place(op: str, outcome: str, v: Values, places: Names) -> str:
    attribute = str(v.get("attribute") or "region")
    expected = _either(attribute, v.get("expected"), places)
    actual = value_name(attribute, v.get("actual"), places) if v.get("actual") else ""
    commune = attribute == "commune"
    if outcome == "unknown":
        if commune:
            return _("Commune not known: check they live in %(places)s", places=expected)
        return _("Region not known: check they live in %(places)s", places=expected)
    if op == "not_in":
        if outcome == "fail":
            return _("Lives in %(place)s, which the offer leaves out", place=actual)
        return _("Lives in %(place)s, not in %(places)s", place=actual, places=expected)
    if outcome == "fail":
        return _("Lives in %(place)s; the offer is for %(places)s", place=actual, places=expected)
    return _("Lives in %(place)s, where the offer is available", place=actual)


def _documents(outcome: str, v: Values, places: Names) -> str:
    expected = _both("documents", v.get("expected"), places)
    if outcome == "unknown":
        return _("Documents not known: check they have %(documents)s", documents=expected)
    if outcome == "fail":
        missing = _both("documents", v.get("missing") or v.get("expected"), places)
        return _("Missing documents: %(documents)s", documents=missing)
    return _("Has %(documents)s", documents=expected)


def _attribute(op: str, outcome: str, v: Values, places: Names) -> str:
    attribute = str(v.get("attribute") or "")
    name = _name(attribute)
    expected, actual = v.get("expected"), v.get("actual")
    if op in ("gte", "lte"):
        wanted = value_name(attribute, expected, places)
        if outcome == "unknown":
            if op == "gte":
                return _("%(name)s not known: check it is at least %(value)s", name=name, value=wanted)
            return _("%(name)s not known: check it is at most %(value)s", name=name, value=wanted)
        have = value_name(attribute, actual, places)
        if op == "gte":
            return _("%(name)s: %(actual)s, the minimum is %(value)s", name=name, actual=have, value=wanted)
        return _("%(name)s: %(actual)s, the maximum is %(value)s", name=name, actual=have, value=wanted)
    if op == "between":
        low = value_name(attribute, v.get("low"), places)
        high = value_name(attribute, v.get("high"), places)
        if outcome == "unknown":
            return _(
                "%(name)s not known: check it is from %(low)s to %(high)s",
                name=name,
                low=low,
                high=high,
            )
        return _(
            "%(name)s: %(actual)s, the offer asks from %(low)s to %(high)s",
            name=name,
            actual=value_name(attribute, actual, places),
            low=low,
            high=high,
        )
    wanted = _either(attribute, expected, places)
    if outcome == "unknown":
        if op == "not_in":
            return _("%(name)s not known: check it is not %(values)s", name=name, values=wanted)
        return _("%(name)s not known: check it is %(values)s", name=name, values=wanted)
    have = value_name(attribute, actual, places)
    if op == "not_in":
        if outcome == "fail":
            return _("%(name)s: %(actual)s, which the offer leaves out", name=name, actual=have)
        return _("%(name)s: %(actual)s, not %(values)s", name=name, actual=have, values=wanted)
    if outcome == "fail":
        return _("%(name)s: %(actual)s; the offer asks for %(values)s", name=name, actual=have, values=wanted)
    return _("%(name)s: %(actual)s, as the offer asks", name=name, actual=have)


def _group(outcome: str, v: Values) -> str:
    if outcome == "pass":
        return _("Meets one of the alternatives the offer accepts")
    if outcome == "fail":
        return _("Meets none of the alternatives the offer accepts")
    return _("Check which of the alternatives the offer accepts applies")


Handler = Callable[[str, str, Values, Names], str]
FAMILIES: dict[str, Handler] = {
    "age": lambda op, outcome, v, places: _age(op, outcome, v),
    "place": _place,
    "area": lambda op, outcome, v, places: _place("in", outcome, v, places),
    "documents": lambda op, outcome, v, places: _documents(outcome, v, places),
    "attribute": _attribute,
    "group": lambda op, outcome, v, places: _group(outcome, v),
}


def reason_text(code: str, values: Values, places: Names | None = None) -> str:
    """The sentence for one reason; an unexpected code still reads as a sentence."""
    parts = code.split(".")
    family, outcome = parts[0], parts[-1]
    op = parts[1] if len(parts) == 3 else ""
    handler = FAMILIES.get(family)
    if handler is None or outcome not in ("pass", "fail", "unknown"):
        return _("A condition of the offer")
    return handler(op, outcome, values, places or {})
