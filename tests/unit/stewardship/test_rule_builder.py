"""The rule builder cannot make an invalid rule: whatever is typed into the widgets an
attribute and operator offer, the result is a rule that validates and evaluates, or a
problem code (never an exception, never an invalid rule)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.matching.rules import ATTRIBUTES, Outcome, Rule, evaluate, validate
from enlace.paths import DIRECTORY_DATA_DIR
from enlace.stewardship.rule_builder import (
    RawValue,
    Widget,
    build,
    buildable,
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


def _shipped_rules() -> list[tuple[str, str, Any]]:
    found = set()
    for path in sorted((DIRECTORY_DATA_DIR / "offers").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for offer in data if isinstance(data, list) else data.get("offers", []):
            for rule in offer.get("rules") or []:
                found.add((rule["attribute"], rule["op"], json.dumps(rule["value"])))
    return [(a, op, json.loads(v)) for a, op, v in sorted(found)]


SHIPPED = _shipped_rules()


def test_the_shipped_catalogue_has_rules_to_check() -> None:
    assert len(SHIPPED) > 20 and any(op == "eq" for _, op, v in SHIPPED if isinstance(v, str))


@pytest.mark.parametrize(("attribute", "op", "value"), SHIPPED, ids=str)
def test_every_shipped_rule_opens_in_the_builder_and_saves_back_the_same_test(
    attribute: str, op: str, value: Any
) -> None:
    """A coordinator who saves an offer without touching its rules must not be refused
    (imported rules such as ``gender eq male`` have no widget of their own)."""
    shown_op, shown_value = buildable(attribute, op, value)
    assert widget_for(attribute, shown_op) is not None
    rebuilt, problems = build(attribute, shown_op, raw_of(attribute, shown_op, shown_value))
    assert problems == []
    before, after = Rule(attribute, op, value), Rule(attribute, shown_op, rebuilt)
    samples = value_choices(attribute, PLACES) or (value if isinstance(value, list) else [value])
    for sample in samples:
        profile = {attribute: [sample] if attribute == "documents" else sample}
        assert evaluate(before, profile).outcome == evaluate(after, profile).outcome, sample
