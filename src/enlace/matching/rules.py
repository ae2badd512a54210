"""Eligibility rules: the vocabulary, validation, and evaluation against a needs profile.

Pure: rules and profiles are plain values. Evaluation is three-valued on purpose: a rule
whose attribute the profile does not know is ``unknown`` ("check ..."), never a silent
pass or fail, so the worker sees what to verify.

Rules that share an any-of ``group`` (``"carer/women"``, ``"carer/fathers"``) are
alternatives: the part before ``/`` names the group, the part after names one
alternative; the rules of one alternative must all hold, and the group holds when one
alternative does (:mod:`enlace.matching.eligibility`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SCHOOLING_ORDER: tuple[str, ...] = (
    "none",
    "primary_incomplete",
    "primary_complete",
    "secondary_incomplete",
    "secondary_complete",
    "technical",
    "higher",
)

#: Documents a person may hold; a ``documents`` rule names the ones an offer requires.
DOCUMENTS: tuple[str, ...] = (
    "identity_card",
    "rsh_statement",
    "birth_certificate_children",
    "criminal_record_certificate",
    "schooling_certificate",
    "housing_savings_book",
    "residence_certificate",
    "disability_credential",
    "indigenous_certificate",
    "treatment_referral",
    "treatment_discharge_report",
    "passport",
    "driving_licence",
    "sentence_served_certificate",
)

#: Attribute -> allowed values (None: numeric, bool: true/false, "code": free code list).
ATTRIBUTES: dict[str, tuple[str, ...] | type | None] = {
    "age": None,
    "gender": ("female", "male", "non_binary"),
    "region": str,
    "commune": str,
    "schooling": SCHOOLING_ORDER,
    "justice_status": (
        "none",
        "pending_case",
        "alternative_measure",
        "parole",
        "in_prison",
        "served_sentence",
    ),
    "rsh_band": None,
    "treatment_stage": ("in_treatment", "discharged", "follow_up"),
    "has_children": bool,
    "youngest_child_age": None,
    "nationality": ("chilean", "foreign"),
    "migration_status": ("regular", "irregular", "in_process"),
    "employment_status": ("unemployed", "employed", "informal", "inactive"),
    "housing_status": ("homeless", "precarious", "with_family", "renting", "owner"),
    "disability": bool,
    "indigenous": bool,
    "has_identity_card": bool,
    "documents": DOCUMENTS,
}
ORDERED = {"age", "rsh_band", "youngest_child_age", "schooling"}
#: Attributes a profile holds as a set of values (only the ``has`` operator applies).
SETS = {"documents"}
OPERATORS = ("eq", "in", "not_in", "gte", "lte", "between", "has")
#: Any-of group names: ``group`` or ``group/alternative``, short slugs.
GROUP_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}(/[a-z0-9][a-z0-9_-]{0,30})?$")


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Rule:
    attribute: str
    op: str
    value: Any
    group: str | None = None


@dataclass(frozen=True, slots=True)
class RuleResult:
    """How one rule came out for one profile, with what the profile said."""

    rule: Rule
    outcome: Outcome
    actual: Any = None


def validate_group(group: str | None) -> list[str]:
    """Problems with an any-of group name (none when absent or well formed)."""
    if group is None or GROUP_PATTERN.match(group):
        return []
    return [f"group {group!r} must be 'name' or 'name/alternative' (lowercase letters, digits)"]


def validate(attribute: str, op: str, value: Any) -> list[str]:
    """Problems with a rule, in plain English for import reports (empty when valid)."""
    if attribute not in ATTRIBUTES:
        return [f"unknown attribute {attribute!r}"]
    if op not in OPERATORS:
        return [f"unknown operator {op!r}"]
    kind = ATTRIBUTES[attribute]
    if (op == "has") != (attribute in SETS):
        if op == "has":
            return [f"operator 'has' needs a set attribute (documents), {attribute!r} is not"]
        return [f"{attribute!r} takes the operator 'has' (the documents the person holds)"]
    if op in ("gte", "lte", "between") and attribute not in ORDERED:
        return [f"operator {op!r} needs an ordered attribute, {attribute!r} is not"]
    if op == "between":
        if not (isinstance(value, list) and len(value) == 2):
            return ["'between' needs a list [min, max]"]
        values = value
    elif op in ("in", "not_in", "has"):
        if not isinstance(value, list) or not value:
            return [f"{op!r} needs a non-empty list"]
        values = value
    else:
        values = [value]
    problems = []
    for item in values:
        if kind is None and not (isinstance(item, int | float) and not isinstance(item, bool)):
            problems.append(f"{attribute} takes numbers, got {item!r}")
        elif kind is bool and not isinstance(item, bool):
            problems.append(f"{attribute} takes true or false, got {item!r}")
        elif kind is str and not isinstance(item, str):
            problems.append(f"{attribute} takes codes, got {item!r}")
        elif isinstance(kind, tuple) and item not in kind:
            problems.append(f"{attribute} has no value {item!r} (known: {', '.join(kind)})")
    if (
        op == "between"
        and not problems
        and _rank(attribute, values[0]) > _rank(attribute, values[1])
    ):
        problems.append("'between' needs min <= max")
    return problems


def _rank(attribute: str, value: Any) -> float:
    if attribute == "schooling":
        return float(SCHOOLING_ORDER.index(value))
    return float(value)


def evaluate(rule: Rule, profile: Mapping[str, Any]) -> RuleResult:
    """Pass, fail or unknown (the profile lacks the attribute)."""
    actual = profile.get(rule.attribute)
    if actual is None:
        return RuleResult(rule, Outcome.UNKNOWN)
    op, expected = rule.op, rule.value
    if op == "has":
        ok = set(expected) <= set(actual)
    elif op == "eq":
        ok = actual == expected
    elif op == "in":
        ok = actual in expected
    elif op == "not_in":
        ok = actual not in expected
    else:
        have = _rank(rule.attribute, actual)
        if op == "gte":
            ok = have >= _rank(rule.attribute, expected)
        elif op == "lte":
            ok = have <= _rank(rule.attribute, expected)
        else:
            low, high = (_rank(rule.attribute, v) for v in expected)
            ok = low <= have <= high
    return RuleResult(rule, Outcome.PASS if ok else Outcome.FAIL, actual)


def evaluate_all(rules: list[Rule], profile: Mapping[str, Any]) -> list[RuleResult]:
    return [evaluate(rule, profile) for rule in rules]
