"""The rule builder cannot make an invalid rule: whatever is typed into the widgets an
attribute and operator offer, the result is a rule that validates and evaluates, or a
problem code (never an exception, never an invalid rule)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.matching.rules import ATTRIBUTES, Outcome, Rule, evaluate, validate
from enlace.stewardship.rule_builder import (
    RawValue,
    Widget,
    build,
    operators_for,
    raw_of,
    value_choices,
    widget_for,
)

PLACES = ("7", "13", "7101")
PAIRS = [(a, op) for a in ATTRIBUTES for op in operators_for(a)]


def _raw(attribute: str) -> st.SearchStrategy[RawValue]:
    values = value_choices(attribute, PLACES) or ("x",)
    texts = st.one_of(st.sampled_from(values), st.text(max_size=6), st.integers(-5, 130).map(str))
    return st.builds(
        RawValue,
        number=texts,
        low=texts,
        high=texts,
        level=texts,
        low_level=texts,
        high_level=texts,
        choices=st.lists(st.sampled_from(values), max_size=3).map(tuple),
        flag=st.sampled_from(("true", "false", "", "maybe")),
    )


@given(st.sampled_from(PAIRS).flatmap(lambda p: st.tuples(st.just(p), _raw(p[0]))))
def test_every_rule_the_form_makes_validates_and_evaluates(case: Any) -> None:
    (attribute, op), raw = case
    value, problems = build(attribute, op, raw)
    if problems:
        assert value is None and set(problems) <= {"value", "order"}
        return
    assert validate(attribute, op, value) == []
    rule = Rule(attribute, op, value)
    assert evaluate(rule, {}).outcome is Outcome.UNKNOWN
    sample = value[0] if isinstance(value, list) else value
    profile_value: Any = [sample] if attribute == "documents" else sample
    assert evaluate(rule, {attribute: profile_value}).outcome in (Outcome.PASS, Outcome.FAIL)
    assert build(attribute, op, raw_of(attribute, op, value)) == (value, [])


@pytest.mark.parametrize(
    ("attribute", "op", "widget"),
    [
        ("age", "between", Widget.RANGE),
        ("age", "in", None),
        ("schooling", "gte", Widget.LEVEL),
        ("gender", "in", Widget.CHOICES),
        ("gender", "gte", None),
        ("has_children", "eq", Widget.FLAG),
        ("documents", "has", Widget.CHOICES),
        ("documents", "in", None),
        ("unknown", "eq", None),
    ],
)
def test_each_attribute_offers_only_its_operators(attribute: str, op: str, widget: Any) -> None:
    assert widget_for(attribute, op) == widget


def test_a_range_upside_down_is_refused() -> None:
    assert build("age", "between", RawValue(low="30", high="18")) == (None, ["order"])
    assert build("age", "gte", RawValue(number="18")) == (18, [])
