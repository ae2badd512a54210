"""The eligibility-rule builder: from the rule vocabulary, which operators and which value
widget each attribute takes, and the rule a filled-in row makes (pure).

A form built from these lists cannot make an invalid rule: the attribute picks the
operators offered, the operator picks the widget, and :func:`build` turns the widget's raw
input into the stored value and checks it with :func:`enlace.matching.rules.validate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from enlace.matching.rules import ATTRIBUTES, ORDERED, SETS, validate, validate_group


class Widget(StrEnum):
    NUMBER = "number"  # one number (age 18 or more)
    RANGE = "range"  # two numbers, or two ordered levels
    LEVEL = "level"  # one ordered level (schooling at least ...)
    CHOICES = "choices"  # one or more values (gender in ...)
    FLAG = "flag"  # yes or no


def operators_for(attribute: str) -> tuple[str, ...]:
    """The operators an attribute allows, most usual first (empty: unknown attribute)."""
    if attribute not in ATTRIBUTES:
        return ()
    kind = ATTRIBUTES[attribute]
    if attribute in SETS:
        return ("has",)
    if kind is bool:
        return ("eq",)
    if kind is None:
        return ("gte", "lte", "between", "eq")
    if attribute in ORDERED:
        return ("gte", "lte", "between", "in", "not_in")
    return ("in", "not_in")


def widget_for(attribute: str, op: str) -> Widget | None:
    """The value widget of an attribute and operator (None: that pair is not allowed)."""
    if op not in operators_for(attribute):
        return None
    kind = ATTRIBUTES[attribute]
    if kind is bool:
        return Widget.FLAG
    if op == "between":
        return Widget.RANGE
    if op in ("gte", "lte", "eq"):
        return Widget.NUMBER if kind is None else Widget.LEVEL
    return Widget.CHOICES


def value_choices(attribute: str, places: Sequence[str] = ()) -> tuple[str, ...]:
    """The values a choice widget lists: the vocabulary's, or place codes for region/commune."""
    kind = ATTRIBUTES.get(attribute)
    if isinstance(kind, tuple):
        return kind
    if kind is str:
        return tuple(places)
    return ()


@dataclass(frozen=True, slots=True)
class RawValue:
    """What a rule row's value widgets hold, as typed (strings)."""

    number: str = ""
    low: str = ""
    high: str = ""
    level: str = ""
    low_level: str = ""
    high_level: str = ""
    choices: tuple[str, ...] = ()
    flag: str = ""


def _number(text: str) -> int | float | None:
    text = text.strip().replace(",", ".")
    if not text or len(text) > 12:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number) if number.is_integer() else number


def build(attribute: str, op: str, raw: RawValue) -> tuple[Any, list[str]]:
    """The stored value a row makes, and problem codes (empty: a valid rule).

    Codes: ``operator`` (not allowed for this attribute), ``value`` (missing or not a
    value of the vocabulary), ``order`` (a range whose low end is above its high end).
    """
    widget = widget_for(attribute, op)
    if widget is None:
        return None, ["operator"]
    value: Any
    if widget is Widget.FLAG:
        if raw.flag not in ("true", "false"):
            return None, ["value"]
        value = raw.flag == "true"
    elif widget is Widget.NUMBER:
        value = _number(raw.number)
    elif widget is Widget.LEVEL:
        value = raw.level or None
    elif widget is Widget.RANGE:
        ends: list[Any] = (
            [_number(raw.low), _number(raw.high)]
            if ATTRIBUTES[attribute] is None
            else [raw.low_level or None, raw.high_level or None]
        )
        value = None if None in ends else ends
    else:
        value = sorted(set(raw.choices)) or None
    if value is None:
        return None, ["value"]
    problems = validate(attribute, op, value)
    if problems:
        return None, ["order" if any("min <= max" in p for p in problems) else "value"]
    return value, []


def buildable(attribute: str, op: str, value: Any) -> tuple[str, Any]:
    """A stored rule as the builder writes it. Imported catalogues say ``gender eq male``;
    the builder offers ``is one of`` for a choice attribute, which tests the same thing, so
    such a rule opens as ``in [male]`` instead of an empty row the form then refuses."""
    if op == "eq" and widget_for(attribute, op) is None and ATTRIBUTES.get(attribute) is not bool:
        return "in", [value]
    return op, value


def raw_of(attribute: str, op: str, value: Any) -> RawValue:
    """The widgets' contents for a stored rule (the edit form's starting values)."""
    widget = widget_for(attribute, op)

    def text(item: Any) -> str:
        return str(item).lower() if isinstance(item, bool) else str(item)

    if widget is Widget.FLAG:
        return RawValue(flag=text(value))
    if widget is Widget.NUMBER:
        return RawValue(number=text(value))
    if widget is Widget.LEVEL:
        return RawValue(level=text(value))
    if widget is Widget.RANGE and isinstance(value, list) and len(value) == 2:
        if ATTRIBUTES[attribute] is None:
            return RawValue(low=text(value[0]), high=text(value[1]))
        return RawValue(low_level=text(value[0]), high_level=text(value[1]))
    if isinstance(value, list):
        return RawValue(choices=tuple(text(v) for v in value))
    return RawValue()


def group_problems(group: str | None) -> list[str]:
    return ["group"] if validate_group(group) else []
