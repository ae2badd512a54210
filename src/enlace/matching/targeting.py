"""How narrowly an offer is aimed at the person's situation (pure), for weights v2.

Proximity alone let a nearby soup kitchen open to everyone outrank a pension meant for
people of 65 or more for a woman of 67. The ``targeting`` term rewards an offer whose
rules pick out a situation the person is in: its value is the number of the offer's
stand-alone rules, on a situational attribute, that the person *passes* and that
**aim**. A rule aims when it leaves out at least half of what the attribute can be (its
*narrowness*): "aged 65 or more" leaves out 47 of the 82 adult years from 18 to 100
(0.57), "has children" one of two answers (0.5), "homeless" four of five housing
situations (0.8). A floor that nearly every offer has is no aim: "aged 18 or more" (0),
"aged 18 to 64" (0.44), "not a home owner" (0.2). An offer for minors leaves out all
adult years (1). The ranking counts it only for an offer whose main (primary) purpose
is one of the person's unmet needs, so an offer aimed at her that serves a need only on
the side does not pass one made for that need.

What never counts:

- a protected attribute (gender, nationality, migration status, indigenous, disability):
  it may be an explicit rule of an offer, never a reason to rank anyone higher;
- place (region, commune, and the offer's area): proximity counts place already;
- the Registro Social de Hogares bracket: a bracket ceiling is a means test, and the
  person's economic need is counted already by need fit (income); counting it would
  push every means-tested offer up for everyone in the lower brackets, whatever it is for;
- documents and the identity card: they are what an offer asks for, not whom it is for;
- a rule inside an any-of group: a group opens an offer to several situations, and
  which alternative holds may turn on a protected attribute ("women, or fathers of
  children under 6").

So the term's value for an offer never depends on a protected attribute of the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from enlace.matching.eligibility import Check
from enlace.matching.rules import ATTRIBUTES, SCHOOLING_ORDER, Outcome, Rule
from enlace.matching.weights import PROTECTED

#: The situational attributes whose rules can aim an offer at someone.
TARGETING: tuple[str, ...] = (
    "age",
    "has_children",
    "youngest_child_age",
    "schooling",
    "justice_status",
    "treatment_stage",
    "employment_status",
    "housing_status",
)
assert PROTECTED.isdisjoint(TARGETING), "a protected attribute can never aim an offer"

#: The range a numeric attribute's narrowness is measured on: adult years (the people
#: Enlace serves are adults; an offer for minors leaves out all of them), the youngest
#: child's years.
SPANS: dict[str, tuple[float, float]] = {
    "age": (18.0, 100.0),
    "youngest_child_age": (0.0, 18.0),
}
#: A rule at least this narrow aims at a situation: it counts, and is named in plain
#: words ("made for people in this situation: aged 65 or more").
AIMS = 0.5


def narrowness(rule: Rule) -> float:
    """The share of the attribute's range ``rule`` leaves out (0 when it never counts)."""
    if rule.group is not None or rule.attribute not in TARGETING:
        return 0.0
    if rule.attribute in SPANS:
        return _numeric(rule)
    values = SCHOOLING_ORDER if rule.attribute == "schooling" else _values(rule.attribute)
    if rule.op in ("gte", "lte", "between"):
        rank = {v: i for i, v in enumerate(values)}
        low, high = 0, len(values) - 1
        if rule.op == "gte":
            low = rank[rule.value]
        elif rule.op == "lte":
            high = rank[rule.value]
        else:
            low, high = rank[rule.value[0]], rank[rule.value[1]]
        accepted = max(0, high - low + 1)
    else:
        listed = set(rule.value if isinstance(rule.value, list) else [rule.value])
        inside = len(listed & set(values))
        accepted = len(values) - inside if rule.op == "not_in" else inside
    return round(1.0 - accepted / len(values), 6)


def _values(attribute: str) -> tuple[object, ...]:
    kind = ATTRIBUTES[attribute]
    if kind is bool:
        return (False, True)
    assert isinstance(kind, tuple), attribute
    return kind


def _numeric(rule: Rule) -> float:
    start, end = SPANS[rule.attribute]
    if rule.op in ("eq", "in", "not_in"):
        return 0.0  # a list of single ages: no band to measure
    low, high = start, end
    if rule.op == "gte":
        low = float(rule.value)
    elif rule.op == "lte":
        high = float(rule.value)
    else:
        low, high = (float(v) for v in rule.value)
    width = max(0.0, min(high, end) - max(low, start))
    return round(1.0 - width / (end - start), 6)


def aims(rule: Rule) -> bool:
    """Whether a person passing ``rule`` is in the situation the offer is aimed at."""
    return narrowness(rule) >= AIMS


def targeting_value(passed: Iterable[Rule]) -> int:
    """The term's value before the cap: how many of the rules passed aim."""
    return sum(aims(rule) for rule in passed)


def aimed_at(checks: Sequence[Check]) -> list[Check]:
    """The checks passed that aim, to name to the person ("made for people in this
    situation: aged 65 or more")."""
    return [
        c
        for c in checks
        if c.kind == "rule" and c.outcome is Outcome.PASS and any(aims(r) for r in c.rules)
    ]
