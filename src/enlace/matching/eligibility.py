"""An offer's eligibility for one profile, check by check, each with a reason (pure).

A *check* is what a worker verifies: one rule, one any-of group (its alternatives), or
the offer's area (its regions or communes). Each comes out pass, fail or unknown with a
:class:`Reason`: a fixed code and the values it names ("17 years old, the minimum is
18" is ``age.gte.fail`` with ``{"actual": 17, "expected": 18}``); the web layer turns
codes into translated sentences (``enlace.web.match_text``). This module evaluates one
offer at a time and is used for the offers a page shows; :mod:`.index` answers the
same question for a whole catalogue at once, column by column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from enlace.matching.profile import Profile
from enlace.matching.rules import Outcome, Rule, evaluate

#: Outcome order for combining: an alternative holds when all its rules pass (the least),
#: a group when one alternative holds (the most).
RANK = {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.PASS: 2}
BY_RANK = {v: k for k, v in RANK.items()}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a check came out as it did: a code the web layer words, and its values."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferTerms:
    """What eligibility needs to know about one offer (plain, from the catalogue)."""

    offer_id: str
    rules: tuple[Rule, ...] = ()
    scope: str = "national"
    regions: tuple[str, ...] = ()  # the regions of its areas (regional or communal)
    communes: tuple[str, ...] = ()  # its communes (communal only)


@dataclass(frozen=True)
class Check:
    """One thing to verify: ``kind`` is ``rule``, ``group`` or ``area``."""

    kind: str
    outcome: Outcome
    reason: Reason
    rules: tuple[Rule, ...] = ()
    group: str | None = None
    parts: tuple[Check, ...] = ()


def area_rules(terms: OfferTerms) -> tuple[Rule, ...]:
    """The area as rules: a regional offer needs the region; a communal one the region
    (known sooner) and the commune. National and local offers have none."""
    if terms.scope == "regional" and terms.regions:
        return (Rule("region", "in", sorted(set(terms.regions))),)
    if terms.scope == "communal" and terms.communes:
        return (
            Rule("region", "in", sorted(set(terms.regions))),
            Rule("commune", "in", sorted(set(terms.communes))),
        )
    return ()


def group_key(group: str) -> tuple[str, str | None]:
    """(group, alternative): ``"carer/fathers"`` -> ("carer", "fathers"); ``"carer"`` ->
    ("carer", None), a rule that is an alternative on its own."""
    name, _, alternative = group.partition("/")
    return name, alternative or None


def alternatives(rules: Sequence[Rule]) -> list[list[Rule]]:
    """The alternatives of one group's rules, in the order they first appear."""
    options: dict[str, list[Rule]] = {}
    for i, rule in enumerate(rules):
        _, alternative = group_key(rule.group or "")
        options.setdefault(alternative if alternative is not None else f"#{i}", []).append(rule)
    return list(options.values())


def check_offer(terms: OfferTerms, profile: Profile) -> list[Check]:
    """Every check of one offer, rules in their order (groups where their first rule
    is), the area last."""
    facts = profile.facts()
    checks: list[Check] = []
    groups: dict[str, list[Rule]] = {}
    order: list[str | Rule] = []
    for rule in terms.rules:
        if rule.group is None:
            order.append(rule)
            continue
        name, _ = group_key(rule.group)
        if name not in groups:
            order.append(name)
        groups.setdefault(name, []).append(rule)
    for item in order:
        if isinstance(item, Rule):
            checks.append(rule_check(item, facts))
        else:
            checks.append(_group_check(item, groups[item], facts))
    area = area_rules(terms)
    if area:
        checks.append(_area_check(terms, area, facts))
    return checks


def outcome_of(checks: Sequence[Check]) -> Outcome:
    """Fail if any check fails, unknown if any is unknown, else pass."""
    return BY_RANK[min((RANK[c.outcome] for c in checks), default=2)]


def rule_check(rule: Rule, facts: dict[str, Any]) -> Check:
    result = evaluate(rule, facts)
    return Check("rule", result.outcome, rule_reason(rule, result.outcome, result.actual), (rule,))


def _group_check(name: str, rules: list[Rule], facts: dict[str, Any]) -> Check:
    parts = []
    for option in alternatives(rules):
        inner = [rule_check(rule, facts) for rule in option]
        parts.append(
            Check(
                "alternative", outcome_of(inner), inner[0].reason, tuple(option), parts=tuple(inner)
            )
        )
    outcome = BY_RANK[max(RANK[p.outcome] for p in parts)]
    return Check(
        "group",
        outcome,
        Reason(f"group.{outcome.value}", {"alternatives": len(parts)}),
        tuple(rules),
        name,
        tuple(parts),
    )


def _area_check(terms: OfferTerms, area: tuple[Rule, ...], facts: dict[str, Any]) -> Check:
    inner = [evaluate(rule, facts) for rule in area]
    outcome = BY_RANK[min(RANK[r.outcome] for r in inner)]
    communal = terms.scope == "communal"
    places = sorted(set(terms.communes if communal else terms.regions))
    attribute = "commune" if communal else "region"
    if outcome is Outcome.FAIL:
        failed = next(r for r in inner if r.outcome is Outcome.FAIL)
        values = {
            "attribute": failed.rule.attribute,
            "actual": failed.actual,
            "expected": failed.rule.value,
        }
    elif outcome is Outcome.UNKNOWN:
        missing = next(r for r in inner if r.outcome is Outcome.UNKNOWN)
        values = {"attribute": missing.rule.attribute, "expected": missing.rule.value}
    else:
        values = {"attribute": attribute, "actual": facts.get(attribute), "expected": places}
    return Check("area", outcome, Reason(f"area.{outcome.value}", values), area)


def rule_reason(rule: Rule, outcome: Outcome, actual: Any) -> Reason:
    """The reason for one rule: ``<attribute kind>.<operator>.<outcome>`` and values."""
    values: dict[str, Any] = {"attribute": rule.attribute, "expected": rule.value}
    if rule.op == "between":
        values["low"], values["high"] = rule.value
    if outcome is not Outcome.UNKNOWN:
        values["actual"] = sorted(actual) if isinstance(actual, frozenset | set) else actual
    if rule.op == "has" and outcome is Outcome.FAIL:
        values["missing"] = sorted(set(rule.value) - set(actual))
    return Reason(f"{reason_family(rule)}.{reason_op(rule.op)}.{outcome.value}", values)


def reason_family(rule: Rule) -> str:
    """Age, place and documents read differently from the other attributes."""
    if rule.attribute in ("age", "documents"):
        return rule.attribute
    if rule.attribute in ("region", "commune"):
        return "place"
    return "attribute"


def reason_op(op: str) -> str:
    return "in" if op == "eq" else op


def reason_codes() -> list[str]:
    """Every reason code this module can give (the web layer has a sentence for each)."""
    codes = [f"{kind}.{o.value}" for kind in ("group", "area") for o in Outcome]
    families = {
        "age": ("in", "not_in", "gte", "lte", "between"),
        "place": ("in", "not_in"),
        "documents": ("has",),
        "attribute": ("in", "not_in", "gte", "lte", "between"),
    }
    for family, ops in families.items():
        codes += [f"{family}.{op}.{o.value}" for op in ops for o in Outcome]
    return codes
