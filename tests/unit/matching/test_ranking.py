"""Ranking: terms add up, the five properties of the issue (for every weights version),
protected attributes never raise a score, diversity, determinism."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.matching.eligibility import OfferTerms
from enlace.matching.index import OfferIndex, OfferRow
from enlace.matching.profile import DOMAINS, NeedLevel, Profile, make_profile
from enlace.matching.ranking import Filters, Ranking, rank
from enlace.matching.rules import Rule
from enlace.matching.weights import Weights, load_weights

ON = date(2026, 6, 1)
WEIGHTS = load_weights()
VERSIONS = st.sampled_from([load_weights("v1"), load_weights("v2")])
LEVELS = ["none", "low", "medium", "high", "unknown"]
RULES = [
    Rule("age", "gte", 18),
    Rule("age", "between", [18, 29]),
    Rule("age", "gte", 65),
    Rule("gender", "eq", "female"),
    Rule("rsh_band", "lte", 60),
    Rule("has_children", "eq", True),
    Rule("housing_status", "eq", "homeless"),
    Rule("region", "in", ["5"]),
    Rule("nationality", "eq", "foreign"),
]
#: Rules on protected attributes: an offer may ask for them, they never raise a score.
PROTECTED_RULES = [
    Rule("gender", "eq", "female"),
    Rule("gender", "eq", "male"),
    Rule("nationality", "eq", "foreign"),
    Rule("migration_status", "in", ["irregular", "in_process"]),
    Rule("indigenous", "eq", True),
    Rule("disability", "eq", True),
]


@st.composite
def offers(draw: st.DrawFn) -> OfferIndex:
    rows = []
    for n in range(draw(st.integers(3, 25))):
        domains = draw(
            st.dictionaries(
                st.sampled_from(DOMAINS),
                st.sampled_from(["primary", "secondary"]),
                min_size=1,
                max_size=3,
            )
        )
        picked = draw(st.lists(st.integers(0, len(RULES) - 1), max_size=3, unique=True))
        rules = tuple(RULES[i] for i in picked)
        scope = draw(st.sampled_from(["national", "regional", "communal"]))
        terms = OfferTerms(f"offer-{n:03d}", rules, scope, ("5",), ("5101",))
        assured = ON - timedelta(days=draw(st.integers(0, 1000)))
        rows.append(OfferRow(terms, f"offer-{n}", domains=domains, assured_date=assured))
    return OfferIndex(rows)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    levels = draw(st.dictionaries(st.sampled_from(DOMAINS), st.sampled_from(LEVELS)))
    met = draw(st.lists(st.sampled_from(DOMAINS), max_size=2))
    attributes: dict[str, Any] = {
        "age": draw(st.none() | st.integers(14, 70)),
        "gender": draw(st.none() | st.sampled_from(["female", "male"])),
        "commune": draw(st.none() | st.sampled_from(["5101", "13101"])),
        "rsh_band": draw(st.none() | st.sampled_from([40, 60, 90])),
        "has_children": draw(st.none() | st.booleans()),
        "housing_status": draw(st.none() | st.sampled_from(["homeless", "renting"])),
        **draw(protected_attributes()),
    }
    return make_profile(levels, met, **attributes)


@st.composite
def protected_attributes(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "gender": draw(st.none() | st.sampled_from(["female", "male", "non_binary"])),
        "nationality": draw(st.none() | st.sampled_from(["chilean", "foreign"])),
        "migration_status": draw(st.none() | st.sampled_from(["regular", "irregular"])),
        "indigenous": draw(st.none() | st.booleans()),
        "disability": draw(st.none() | st.booleans()),
    }


def _rank(
    index: OfferIndex, profile: Profile, priority: Any = None, weights: Weights = WEIGHTS
) -> Ranking:
    return rank(index, profile, weights, on=ON, priority=priority, limit=len(index))


def _scores(ranking: Ranking) -> dict[int, float]:
    return {s.position: s.score for s in ranking.results}


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), VERSIONS)
def test_terms_add_up_and_failing_offers_never_appear(
    index: OfferIndex, profile: Profile, weights: Weights
) -> None:
    ranking = _rank(index, profile, weights=weights)
    assert ranking.weights_version == weights.version
    status = index.evaluate(profile).status
    for scored in ranking.results:
        assert [t.term for t in scored.terms] == list(weights.terms)
        assert abs(sum(t.contribution for t in scored.terms) - scored.score) < 1e-6
        assert status[scored.position] != 0
    assert {s.position for s in ranking.not_eligible}.isdisjoint(_scores(ranking))


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.sampled_from(DOMAINS), VERSIONS)
def test_raising_an_unmet_need_never_lowers_an_offer_of_that_domain(
    index: OfferIndex, profile: Profile, domain: str, weights: Weights
) -> None:
    order = [NeedLevel.NONE, NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH]
    current = profile.need(domain)
    if current.met or current.level not in order[:-1]:
        return
    raised = _with(profile, domain, order[order.index(current.level) + 1], met=False)
    before = _scores(_rank(index, profile, weights=weights))
    after = _scores(_rank(index, raised, weights=weights))
    for position, score in before.items():
        if index.coverage[position, DOMAINS.index(domain)]:
            assert after[position] >= score


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.sampled_from(DOMAINS), VERSIONS)
def test_marking_a_need_met_never_raises_offers_of_that_domain(
    index: OfferIndex, profile: Profile, domain: str, weights: Weights
) -> None:
    met = _with(profile, domain, profile.need(domain).level, met=True)
    before = _scores(_rank(index, profile, weights=weights))
    after = _scores(_rank(index, met, weights=weights))
    for position, score in after.items():
        if index.coverage[position, DOMAINS.index(domain)] and position in before:
            assert score <= before[position]


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.data(), VERSIONS)
def test_preferential_access_never_lowers_an_offer(
    index: OfferIndex, profile: Profile, data: st.DataObject, weights: Weights
) -> None:
    chosen = data.draw(st.lists(st.integers(0, len(index) - 1), max_size=4))
    priority = np.zeros(len(index), dtype=bool)
    priority[chosen] = True
    before = _scores(_rank(index, profile, weights=weights))
    after = _scores(_rank(index, profile, priority, weights=weights))
    for position, score in before.items():
        assert after[position] >= score


@settings(max_examples=30, deadline=None)
@given(offers(), profiles(), VERSIONS)
def test_same_input_same_output(index: OfferIndex, profile: Profile, weights: Weights) -> None:
    assert _rank(index, profile, weights=weights) == _rank(index, profile, weights=weights)


def _replace_rules(index: OfferIndex, position: int, rules: tuple[Rule, ...]) -> OfferIndex:
    rows = list(index.rows)
    row = rows[position]
    rows[position] = dataclasses.replace(row, terms=dataclasses.replace(row.terms, rules=rules))
    return OfferIndex(rows)


@settings(max_examples=80, deadline=None)
@given(offers(), profiles(), st.data(), VERSIONS)
def test_a_protected_attribute_rule_never_raises_a_score(
    index: OfferIndex, profile: Profile, data: st.DataObject, weights: Weights
) -> None:
    """The same offer with a rule on gender, nationality, migration status, indigenous
    people or disability added scores at most what it scores without it (equal when the
    person passes it; lower, by the unknowns penalty, when it is still to check)."""
    position = data.draw(st.integers(0, len(index) - 1))
    domain = data.draw(st.sampled_from(sorted(index.rows[position].domains)))
    profile = _with(profile, domain, NeedLevel.HIGH, met=False)  # an offer for her need
    without = _scores(_rank(index, profile, weights=weights))
    passed = [
        Rule(name, "eq", profile.value(name))
        for name in sorted(_PROTECTED_NAMES)
        if profile.value(name) is not None
    ]
    extra = data.draw(st.sampled_from(passed) if passed else st.sampled_from(PROTECTED_RULES))
    if data.draw(st.booleans()):
        extra = data.draw(st.sampled_from(PROTECTED_RULES))  # failing or still to check
    asked = _replace_rules(index, position, (*index.rows[position].terms.rules, extra))
    with_rule = _scores(_rank(asked, profile, weights=weights))
    if position in with_rule:
        assert with_rule[position] <= without[position]
        if asked.evaluate(profile).unknowns[position] == index.evaluate(profile).unknowns[position]:
            assert with_rule[position] == without[position]


@settings(max_examples=80, deadline=None)
@given(offers(), profiles(), st.data())
def test_targeting_never_depends_on_a_protected_attribute(
    index: OfferIndex, profile: Profile, data: st.DataObject
) -> None:
    """Another gender, nationality, migration status, indigenous belonging or disability,
    all else equal: every offer's targeting value is the same."""
    changed = Profile(
        profile.needs,
        {
            **{k: v for k, v in profile.attributes.items() if k not in _PROTECTED_NAMES},
            **make_profile({}, **data.draw(protected_attributes())).attributes,
        },
    )
    assert (index.evaluate(profile).targeting == index.evaluate(changed).targeting).all()


_PROTECTED_NAMES = {"gender", "nationality", "migration_status", "indigenous", "disability"}


def _with(profile: Profile, domain: str, level: NeedLevel, *, met: bool) -> Profile:
    levels = {d: profile.need(d).level for d in DOMAINS} | {domain: level}
    met_domains = {d for d in DOMAINS if profile.need(d).met and d != domain}
    if met:
        met_domains.add(domain)
    return Profile(make_profile(levels, met_domains).needs, profile.attributes)


def _row(offer_id: str, domains: dict[str, str], days: int = 0) -> OfferRow:
    return OfferRow(
        OfferTerms(offer_id), offer_id, domains=domains, assured_date=ON - timedelta(days=days)
    )


def test_unmet_high_needs_are_served_before_a_domain_repeats() -> None:
    index = OfferIndex(
        [_row(f"h{i}", {"housing": "primary"}) for i in range(6)]
        + [_row("e1", {"employment": "primary"}, days=700)]
    )
    profile = make_profile({"housing": "high", "employment": "high"})
    ranking = _rank(index, profile)
    top = [index.ids[s.position] for s in ranking.results]
    assert top[:2] == ["h0", "e1"]
    assert ranking.results[1].promoted
    assert top[2:] == ["h1", "h2", "h3", "h4", "h5"]


def test_ties_break_by_offer_id() -> None:
    index = OfferIndex([_row(i, {"housing": "primary"}) for i in ["c", "a", "b"]])
    ranking = _rank(index, make_profile({"housing": "high"}))
    assert [index.ids[s.position] for s in ranking.results] == ["a", "b", "c"]


def test_offers_serving_no_unmet_need_are_not_ranked() -> None:
    index = OfferIndex([_row("a", {"housing": "primary"}), _row("b", {"health": "primary"})])
    ranking = _rank(index, make_profile({"housing": "high"}, met=["health"]))
    assert [index.ids[s.position] for s in ranking.results] == ["a"]


def test_filters() -> None:
    rows = [
        OfferRow(
            OfferTerms("a", scope="communal", regions=("5",), communes=("5101",)),
            "a",
            domains={"housing": "primary"},
            is_free=True,
        ),
        OfferRow(OfferTerms("b"), "b", domains={"employment": "primary"}, is_free=False),
    ]
    index = OfferIndex(rows)
    profile = make_profile({"housing": "high", "employment": "high"}, commune="5101")

    def ids(filters: Filters, priority: Any = None) -> list[str]:
        found = rank(index, profile, WEIGHTS, on=ON, filters=filters, priority=priority)
        return sorted(index.ids[s.position] for s in found.results)

    assert ids(Filters()) == ["a", "b"]
    assert ids(Filters(domains=("employment",))) == ["b"]
    assert ids(Filters(free_only=True)) == ["a"]
    assert ids(Filters(within="communal")) == ["a"]
    assert ids(Filters(priority_only=True)) == []
    assert ids(Filters(priority_only=True), np.array([False, True])) == ["b"]


def _aimed_row(offer_id: str, domains: dict[str, str], *rules: Rule) -> OfferRow:
    return OfferRow(OfferTerms(offer_id, rules), offer_id, domains=domains, assured_date=ON)


def test_an_offer_aimed_at_the_person_passes_a_closer_one_for_everyone() -> None:
    """The older-mother scenario in small: a national pension from 65 against a
    communal soup kitchen open to all, for a woman of 67 with a high income need."""
    kitchen = OfferRow(
        OfferTerms("a-kitchen", scope="communal", regions=("13",), communes=("13101",)),
        "a-kitchen",
        domains={"income": "primary"},
        assured_date=ON,
    )
    pension = _aimed_row("b-pension", {"income": "primary"}, Rule("age", "gte", 65))
    bonus = _aimed_row(
        "c-bonus",
        {"income": "primary"},
        Rule("gender", "eq", "female"),
        Rule("age", "gte", 65),
        Rule("has_children", "eq", True),
    )
    index = OfferIndex([kitchen, pension, bonus])
    profile = make_profile(
        {"income": "high"}, age=67, gender="female", commune="13101", has_children=True
    )
    v1 = _rank(index, profile, weights=load_weights("v1"))
    v2 = _rank(index, profile)
    assert [index.ids[s.position] for s in v1.results] == ["a-kitchen", "b-pension", "c-bonus"]
    assert [index.ids[s.position] for s in v2.results] == ["c-bonus", "b-pension", "a-kitchen"]
    assert v1.weights_version == "v1" and v2.weights_version == "v2"
    assert all("targeting" not in {t.term for t in s.terms} for s in v1.results)
    targeting = {index.ids[s.position]: s.terms[3] for s in v2.results}
    assert targeting["c-bonus"].term == "targeting"
    assert targeting["c-bonus"].value == 2  # age and children; gender never counts
    assert targeting["b-pension"].value == 1
    assert targeting["a-kitchen"].value == 0


def test_targeting_counts_only_for_an_offer_made_for_an_unmet_need() -> None:
    rules = (Rule("age", "gte", 65), Rule("has_children", "eq", True))
    index = OfferIndex(
        [
            _aimed_row("a", {"income": "primary"}, *rules),
            _aimed_row("b", {"income": "secondary", "health": "primary"}, *rules),
        ]
    )
    profile = make_profile({"income": "high"}, age=67, has_children=True)
    values = {index.ids[s.position]: s.terms[3].value for s in _rank(index, profile).results}
    assert values == {"a": 2, "b": 0}


def test_targeting_is_capped() -> None:
    rules = (
        Rule("age", "gte", 65),
        Rule("has_children", "eq", True),
        Rule("housing_status", "eq", "homeless"),
    )
    index = OfferIndex([_aimed_row("a", {"housing": "primary"}, *rules)])
    profile = make_profile(
        {"housing": "high"}, age=70, has_children=True, housing_status="homeless"
    )
    assert index.evaluate(profile).targeting[0] == 3
    assert _rank(index, profile).results[0].terms[3].value == WEIGHTS.targeting_cap == 2
