"""Eligibility rules: vocabulary checks and three-valued evaluation."""

from __future__ import annotations

from typing import Any

import pytest

from enlace.matching.rules import Outcome, Rule, evaluate, validate

VALID = [
    ("age", "between", [18, 29]),
    ("age", "gte", 18),
    ("rsh_band", "lte", 60),
    ("schooling", "lte", "secondary_incomplete"),
    ("gender", "eq", "female"),
    ("commune", "in", ["7101", "7102"]),
    ("has_children", "eq", True),
    ("justice_status", "not_in", ["in_prison"]),
]
INVALID = [
    ("height", "eq", 1, "unknown attribute"),
    ("age", "like", 1, "unknown operator"),
    ("gender", "gte", "female", "needs an ordered attribute"),
    ("age", "between", [30], "needs a list"),
    ("age", "between", [40, 18], "min <= max"),
    ("age", "gte", "dieciocho", "takes numbers"),
    ("has_children", "eq", "yes", "takes true or false"),
    ("gender", "in", [], "non-empty list"),
    ("housing_status", "eq", "castle", "has no value 'castle'"),
]


@pytest.mark.parametrize(("attribute", "op", "value"), VALID)
def test_valid_rules(attribute: str, op: str, value: Any) -> None:
    assert validate(attribute, op, value) == []


@pytest.mark.parametrize(("attribute", "op", "value", "message"), INVALID)
def test_invalid_rules_say_why(attribute: str, op: str, value: Any, message: str) -> None:
    problems = validate(attribute, op, value)
    assert problems and message in problems[0]


@pytest.mark.parametrize(
    ("rule", "profile", "expected"),
    [
        (Rule("age", "between", [18, 29]), {"age": 25}, Outcome.PASS),
        (Rule("age", "between", [18, 29]), {"age": 30}, Outcome.FAIL),
        (Rule("age", "between", [18, 29]), {}, Outcome.UNKNOWN),
        (Rule("rsh_band", "lte", 60), {"rsh_band": 40}, Outcome.PASS),
        (Rule("rsh_band", "lte", 60), {"rsh_band": 70}, Outcome.FAIL),
        (
            Rule("schooling", "lte", "secondary_incomplete"),
            {"schooling": "primary_complete"},
            Outcome.PASS,
        ),
        (
            Rule("schooling", "gte", "secondary_complete"),
            {"schooling": "primary_complete"},
            Outcome.FAIL,
        ),
        (Rule("commune", "in", ["7101"]), {"commune": "7101"}, Outcome.PASS),
        (
            Rule("justice_status", "not_in", ["in_prison"]),
            {"justice_status": "parole"},
            Outcome.PASS,
        ),
        (Rule("has_children", "eq", True), {"has_children": False}, Outcome.FAIL),
    ],
)
def test_evaluate(rule: Rule, profile: dict[str, Any], expected: Outcome) -> None:
    result = evaluate(rule, profile)
    assert result.outcome is expected
    assert result.actual == profile.get(rule.attribute)
