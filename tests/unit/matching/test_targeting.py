"""Targeting: which rules aim an offer at a situation; protected attributes never do."""

from __future__ import annotations

from typing import Any

import pytest

from enlace.matching.eligibility import OfferTerms, check_offer
from enlace.matching.profile import make_profile
from enlace.matching.rules import ATTRIBUTES, Rule
from enlace.matching.targeting import (
    AIMS,
    TARGETING,
    aimed_at,
    aims,
    narrowness,
    targeting_value,
)
from enlace.matching.weights import PROTECTED


@pytest.mark.parametrize(
    ("attribute", "op", "value", "expected"),
    [
        ("age", "gte", 18, 0.0),  # an adult floor aims at no one
        ("age", "gte", 15, 0.0),
        ("age", "gte", 65, 0.573171),
        ("age", "gte", 60, 0.512195),
        ("age", "gte", 50, 0.390244),
        ("age", "between", [18, 64], 0.439024),
        ("age", "between", [18, 29], 0.865854),
        ("age", "between", [14, 18], 1.0),  # minors: all adult years left out
        ("age", "lte", 29, 0.865854),
        ("age", "in", [30, 31], 0.0),
        ("youngest_child_age", "lte", 5, 0.722222),
        ("youngest_child_age", "lte", 17, 0.055556),
        ("youngest_child_age", "between", [6, 12], 0.666667),
        ("has_children", "eq", True, 0.5),
        ("schooling", "lte", "secondary_incomplete", 0.428571),
        ("schooling", "gte", "secondary_complete", 0.571429),
        ("schooling", "in", ["none", "primary_incomplete"], 0.714286),
        ("justice_status", "eq", "served_sentence", 0.833333),
        ("treatment_stage", "in", ["in_treatment", "discharged", "follow_up"], 0.0),
        ("treatment_stage", "eq", "in_treatment", 0.666667),
        ("employment_status", "in", ["unemployed", "informal", "inactive"], 0.25),
        ("employment_status", "in", ["unemployed", "informal"], 0.5),
        ("housing_status", "eq", "homeless", 0.8),
        ("housing_status", "not_in", ["owner"], 0.2),
        # never situational: place, documents, the card, the RSH means test
        ("region", "in", ["5"], 0.0),
        ("commune", "in", ["5101"], 0.0),
        ("rsh_band", "lte", 40, 0.0),
        ("has_identity_card", "eq", False, 0.0),
        ("documents", "has", ["identity_card"], 0.0),
    ],
)
def test_narrowness(attribute: str, op: str, value: Any, expected: float) -> None:
    rule = Rule(attribute, op, value)
    assert narrowness(rule) == pytest.approx(expected, abs=1e-6)
    assert aims(rule) is (expected >= AIMS)


def _narrowest(attribute: str) -> list[Rule]:
    kind = ATTRIBUTES[attribute]
    if kind is bool:
        return [Rule(attribute, "eq", True), Rule(attribute, "eq", False)]
    assert isinstance(kind, tuple)
    return [Rule(attribute, "eq", v) for v in kind] + [Rule(attribute, "in", [kind[0]])]


@pytest.mark.parametrize("attribute", sorted(PROTECTED & set(ATTRIBUTES)))
def test_a_protected_attribute_never_aims(attribute: str) -> None:
    assert attribute not in TARGETING
    for rule in _narrowest(attribute):
        assert narrowness(rule) == 0 and not aims(rule)


def test_the_protected_attributes_are_the_issues() -> None:
    assert {"gender", "nationality", "migration_status", "indigenous", "disability"} <= PROTECTED
    assert PROTECTED.isdisjoint(TARGETING)


def test_a_rule_in_an_any_of_group_never_aims() -> None:
    assert aims(Rule("youngest_child_age", "lte", 5))
    assert not aims(Rule("youngest_child_age", "lte", 5, group="carer/fathers"))


def test_targeting_value_counts_the_rules_that_aim() -> None:
    rules = [Rule("age", "gte", 65), Rule("has_children", "eq", True), Rule("age", "gte", 18)]
    assert targeting_value(rules) == 2
    assert targeting_value([]) == 0


def test_aimed_at_names_only_passed_rules_that_aim() -> None:
    terms = OfferTerms(
        "bonus",
        (
            Rule("gender", "eq", "female"),
            Rule("age", "gte", 65),
            Rule("age", "gte", 18),
            Rule("housing_status", "eq", "homeless"),
        ),
    )
    profile = make_profile({"income": "high"}, age=67, gender="female")
    named = aimed_at(check_offer(terms, profile))
    assert [c.rules[0] for c in named] == [Rule("age", "gte", 65)]  # homeless: unknown
