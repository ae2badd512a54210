"""Eligibility check by check: outcomes and reasons, table-driven; the columnar index
agrees with the one-offer evaluation on every case."""

from __future__ import annotations

from typing import Any

import pytest

from enlace.matching.eligibility import (
    OfferTerms,
    check_offer,
    outcome_of,
    reason_codes,
)
from enlace.matching.index import FAIL, PASS, UNKNOWN, OfferIndex, OfferRow
from enlace.matching.profile import make_profile
from enlace.matching.rules import Outcome, Rule

P, F, U = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN
CARER = (
    Rule("gender", "eq", "female", "carer/women"),
    Rule("gender", "eq", "male", "carer/fathers"),
    Rule("youngest_child_age", "lte", 5, "carer/fathers"),
)
HOUSING_DOCS = (Rule("documents", "has", ["identity_card", "housing_savings_book"]),)

# (id, offer terms, profile attributes, expected outcome, expected reason codes)
CASES: list[tuple[str, OfferTerms, dict[str, Any], Outcome, list[str]]] = [
    ("age min pass", OfferTerms("o", (Rule("age", "gte", 18),)), {"age": 32}, P, ["age.gte.pass"]),
    ("age min fail", OfferTerms("o", (Rule("age", "gte", 18),)), {"age": 17}, F, ["age.gte.fail"]),
    ("age min edge", OfferTerms("o", (Rule("age", "gte", 18),)), {"age": 18}, P, ["age.gte.pass"]),
    ("age min unknown", OfferTerms("o", (Rule("age", "gte", 18),)), {}, U, ["age.gte.unknown"]),
    ("age max fail", OfferTerms("o", (Rule("age", "lte", 29),)), {"age": 30}, F, ["age.lte.fail"]),
    (
        "age range pass",
        OfferTerms("o", (Rule("age", "between", [18, 29]),)),
        {"age": 29},
        P,
        ["age.between.pass"],
    ),
    (
        "age range low",
        OfferTerms("o", (Rule("age", "between", [18, 29]),)),
        {"age": 16},
        F,
        ["age.between.fail"],
    ),
    (
        "age range unknown",
        OfferTerms("o", (Rule("age", "between", [18, 29]),)),
        {"gender": "male"},
        U,
        ["age.between.unknown"],
    ),
    (
        "age in list",
        OfferTerms("o", (Rule("age", "in", [18, 19]),)),
        {"age": 19},
        P,
        ["age.in.pass"],
    ),
    (
        "rsh pass",
        OfferTerms("o", (Rule("rsh_band", "lte", 60),)),
        {"rsh_band": 40},
        P,
        ["attribute.lte.pass"],
    ),
    (
        "rsh fail",
        OfferTerms("o", (Rule("rsh_band", "lte", 60),)),
        {"rsh_band": 70},
        F,
        ["attribute.lte.fail"],
    ),
    (
        "schooling at most",
        OfferTerms("o", (Rule("schooling", "lte", "secondary_incomplete"),)),
        {"schooling": "primary_complete"},
        P,
        ["attribute.lte.pass"],
    ),
    (
        "schooling at least",
        OfferTerms("o", (Rule("schooling", "gte", "secondary_complete"),)),
        {"schooling": "primary_complete"},
        F,
        ["attribute.gte.fail"],
    ),
    (
        "schooling in",
        OfferTerms("o", (Rule("schooling", "in", ["none", "primary_incomplete"]),)),
        {"schooling": "none"},
        P,
        ["attribute.in.pass"],
    ),
    (
        "gender eq pass",
        OfferTerms("o", (Rule("gender", "eq", "female"),)),
        {"gender": "female"},
        P,
        ["attribute.in.pass"],
    ),
    (
        "gender eq fail",
        OfferTerms("o", (Rule("gender", "eq", "female"),)),
        {"gender": "male"},
        F,
        ["attribute.in.fail"],
    ),
    (
        "gender unknown",
        OfferTerms("o", (Rule("gender", "eq", "female"),)),
        {},
        U,
        ["attribute.in.unknown"],
    ),
    (
        "justice not in pass",
        OfferTerms("o", (Rule("justice_status", "not_in", ["in_prison"]),)),
        {"justice_status": "parole"},
        P,
        ["attribute.not_in.pass"],
    ),
    (
        "justice not in fail",
        OfferTerms("o", (Rule("justice_status", "not_in", ["in_prison"]),)),
        {"justice_status": "in_prison"},
        F,
        ["attribute.not_in.fail"],
    ),
    (
        "justice not in unknown",
        OfferTerms("o", (Rule("justice_status", "not_in", ["in_prison"]),)),
        {},
        U,
        ["attribute.not_in.unknown"],
    ),
    (
        "children true",
        OfferTerms("o", (Rule("has_children", "eq", True),)),
        {"has_children": True},
        P,
        ["attribute.in.pass"],
    ),
    (
        "children false",
        OfferTerms("o", (Rule("has_children", "eq", True),)),
        {"has_children": False},
        F,
        ["attribute.in.fail"],
    ),
    (
        "identity card",
        OfferTerms("o", (Rule("has_identity_card", "eq", True),)),
        {"has_identity_card": False},
        F,
        ["attribute.in.fail"],
    ),
    (
        "region rule pass",
        OfferTerms("o", (Rule("region", "in", ["5"]),)),
        {"region": "5"},
        P,
        ["place.in.pass"],
    ),
    (
        "region rule fail",
        OfferTerms("o", (Rule("region", "in", ["5"]),)),
        {"region": "13"},
        F,
        ["place.in.fail"],
    ),
    (
        "region rule unknown",
        OfferTerms("o", (Rule("region", "in", ["5"]),)),
        {},
        U,
        ["place.in.unknown"],
    ),
    (
        "commune excluded",
        OfferTerms("o", (Rule("commune", "not_in", ["5101"]),)),
        {"commune": "5101"},
        F,
        ["place.not_in.fail"],
    ),
    (
        "two rules, one unknown",
        OfferTerms("o", (Rule("age", "gte", 18), Rule("rsh_band", "lte", 40))),
        {"age": 40},
        U,
        ["age.gte.pass", "attribute.lte.unknown"],
    ),
    (
        "two rules, one fails",
        OfferTerms("o", (Rule("age", "gte", 18), Rule("rsh_band", "lte", 40))),
        {"age": 40, "rsh_band": 90},
        F,
        ["age.gte.pass", "attribute.lte.fail"],
    ),
    (
        "fail beats unknown",
        OfferTerms("o", (Rule("age", "gte", 18), Rule("rsh_band", "lte", 40))),
        {"age": 15},
        F,
        ["age.gte.fail", "attribute.lte.unknown"],
    ),
    ("no rules", OfferTerms("o"), {}, P, []),
    # any-of groups: women, or men with children under 6
    ("group: a woman", OfferTerms("o", CARER), {"gender": "female"}, P, ["group.pass"]),
    (
        "group: a father of a 3-year-old",
        OfferTerms("o", CARER),
        {"gender": "male", "youngest_child_age": 3},
        P,
        ["group.pass"],
    ),
    (
        "group: a father of a 9-year-old",
        OfferTerms("o", CARER),
        {"gender": "male", "youngest_child_age": 9},
        F,
        ["group.fail"],
    ),
    (
        "group: a man, children unknown",
        OfferTerms("o", CARER),
        {"gender": "male"},
        U,
        ["group.unknown"],
    ),
    ("group: nothing known", OfferTerms("o", CARER), {}, U, ["group.unknown"]),
    (
        "group: non-binary, child 2",
        OfferTerms("o", CARER),
        {"gender": "non_binary", "youngest_child_age": 2},
        F,
        ["group.fail"],
    ),
    (
        "group of single rules",
        OfferTerms(
            "o", (Rule("gender", "eq", "female", "g"), Rule("has_children", "eq", True, "g"))
        ),
        {"gender": "male", "has_children": True},
        P,
        ["group.pass"],
    ),
    (
        "group plus a plain rule",
        OfferTerms("o", (Rule("age", "gte", 18), *CARER)),
        {"age": 17, "gender": "female"},
        F,
        ["age.gte.fail", "group.pass"],
    ),
    # documents the person holds
    (
        "documents held",
        OfferTerms("o", HOUSING_DOCS),
        {"documents": ["identity_card", "housing_savings_book", "passport"]},
        P,
        ["documents.has.pass"],
    ),
    (
        "documents missing",
        OfferTerms("o", HOUSING_DOCS),
        {"documents": ["identity_card"]},
        F,
        ["documents.has.fail"],
    ),
    (
        "documents none held",
        OfferTerms("o", HOUSING_DOCS),
        {"documents": []},
        F,
        ["documents.has.fail"],
    ),
    ("documents unknown", OfferTerms("o", HOUSING_DOCS), {}, U, ["documents.has.unknown"]),
    # area scope from the offer's areas
    ("national offer", OfferTerms("o", scope="national"), {}, P, []),
    (
        "regional, in region",
        OfferTerms("o", scope="regional", regions=("5",)),
        {"region": "5"},
        P,
        ["area.pass"],
    ),
    (
        "regional, other region",
        OfferTerms("o", scope="regional", regions=("5",)),
        {"region": "13"},
        F,
        ["area.fail"],
    ),
    (
        "regional, region unknown",
        OfferTerms("o", scope="regional", regions=("5", "6")),
        {},
        U,
        ["area.unknown"],
    ),
    (
        "communal, in commune",
        OfferTerms("o", scope="communal", regions=("5",), communes=("5101",)),
        {"commune": "5101"},
        P,
        ["area.pass"],
    ),
    (
        "communal, next commune",
        OfferTerms("o", scope="communal", regions=("5",), communes=("5101",)),
        {"commune": "5109"},
        F,
        ["area.fail"],
    ),
    (
        "communal, only region known, same",
        OfferTerms("o", scope="communal", regions=("5",), communes=("5101",)),
        {"region": "5"},
        U,
        ["area.unknown"],
    ),
    (
        "communal, only region known, other",
        OfferTerms("o", scope="communal", regions=("5",), communes=("5101",)),
        {"region": "13"},
        F,
        ["area.fail"],
    ),
    (
        "local scope has no area check",
        OfferTerms("o", scope="local", regions=("5",)),
        {"region": "13"},
        P,
        [],
    ),
]


@pytest.mark.parametrize(
    ("terms", "attributes", "expected", "codes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_checks(
    terms: OfferTerms, attributes: dict[str, Any], expected: Outcome, codes: list[str]
) -> None:
    profile = make_profile(**attributes)
    checks = check_offer(terms, profile)
    assert outcome_of(checks) is expected
    assert [c.reason.code for c in checks] == codes
    status = OfferIndex([OfferRow(terms)]).evaluate(profile)
    assert int(status.status[0]) == {F: FAIL, U: UNKNOWN, P: PASS}[expected]
    assert int(status.unknowns[0]) == sum(c.outcome is U for c in checks)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


def test_reasons_name_the_values_used() -> None:
    (check,) = check_offer(OfferTerms("o", (Rule("age", "gte", 18),)), make_profile(age=17))
    assert check.reason.values == {"attribute": "age", "expected": 18, "actual": 17}
    (area,) = check_offer(OfferTerms("o", scope="regional", regions=("5",)), make_profile())
    assert area.reason.values == {"attribute": "region", "expected": ["5"]}
    (docs,) = check_offer(OfferTerms("o", HOUSING_DOCS), make_profile(documents=["identity_card"]))
    assert docs.reason.values["missing"] == ["housing_savings_book"]


def test_a_group_shows_each_alternative() -> None:
    (group,) = check_offer(OfferTerms("o", CARER), make_profile(gender="male"))
    assert group.group == "carer"
    assert [p.outcome for p in group.parts] == [F, U]
    assert [len(p.parts) for p in group.parts] == [1, 2]


def test_every_reason_code_is_listed() -> None:
    assert {c[4][i] for c in CASES for i in range(len(c[4]))} <= set(reason_codes())
