"""Ranking: terms add up, the five properties of the issue, diversity, determinism."""

from __future__ import annotations

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
from enlace.matching.weights import load_weights

ON = date(2026, 6, 1)
WEIGHTS = load_weights()
LEVELS = ["none", "low", "medium", "high", "unknown"]
RULES = [
    Rule("age", "gte", 18),
    Rule("age", "between", [18, 29]),
    Rule("gender", "eq", "female"),
    Rule("rsh_band", "lte", 60),
    Rule("has_children", "eq", True),
    Rule("region", "in", ["5"]),
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
        picked = draw(st.lists(st.integers(0, len(RULES) - 1), max_size=2, unique=True))
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
    }
    return make_profile(levels, met, **attributes)


def _rank(index: OfferIndex, profile: Profile, priority: Any = None) -> Ranking:
    return rank(index, profile, WEIGHTS, on=ON, priority=priority, limit=len(index))


def _scores(ranking: Ranking) -> dict[int, float]:
    return {s.position: s.score for s in ranking.results}


@settings(max_examples=60, deadline=None)
@given(offers(), profiles())
def test_terms_add_up_and_failing_offers_never_appear(index: OfferIndex, profile: Profile) -> None:
    ranking = _rank(index, profile)
    status = index.evaluate(profile).status
    for scored in ranking.results:
        assert abs(sum(t.contribution for t in scored.terms) - scored.score) < 1e-6
        assert status[scored.position] != 0
    assert {s.position for s in ranking.not_eligible}.isdisjoint(_scores(ranking))


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.sampled_from(DOMAINS))
def test_raising_an_unmet_need_never_lowers_an_offer_of_that_domain(
    index: OfferIndex, profile: Profile, domain: str
) -> None:
    order = [NeedLevel.NONE, NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH]
    current = profile.need(domain)
    if current.met or current.level not in order[:-1]:
        return
    raised = _with(profile, domain, order[order.index(current.level) + 1], met=False)
    before, after = _scores(_rank(index, profile)), _scores(_rank(index, raised))
    for position, score in before.items():
        if index.coverage[position, DOMAINS.index(domain)]:
            assert after[position] >= score


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.sampled_from(DOMAINS))
def test_marking_a_need_met_never_raises_offers_of_that_domain(
    index: OfferIndex, profile: Profile, domain: str
) -> None:
    met = _with(profile, domain, profile.need(domain).level, met=True)
    before, after = _scores(_rank(index, profile)), _scores(_rank(index, met))
    for position, score in after.items():
        if index.coverage[position, DOMAINS.index(domain)] and position in before:
            assert score <= before[position]


@settings(max_examples=60, deadline=None)
@given(offers(), profiles(), st.data())
def test_preferential_access_never_lowers_an_offer(
    index: OfferIndex, profile: Profile, data: st.DataObject
) -> None:
    chosen = data.draw(st.lists(st.integers(0, len(index) - 1), max_size=4))
    priority = np.zeros(len(index), dtype=bool)
    priority[chosen] = True
    before = _scores(_rank(index, profile))
    after = _scores(_rank(index, profile, priority))
    for position, score in before.items():
        assert after[position] >= score


@settings(max_examples=30, deadline=None)
@given(offers(), profiles())
def test_same_input_same_output(index: OfferIndex, profile: Profile) -> None:
    assert _rank(index, profile) == _rank(index, profile)


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
