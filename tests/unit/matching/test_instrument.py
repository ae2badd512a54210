"""The assessment's versioned mapping to levels, and the SISTRAT starting profile."""

from __future__ import annotations

import pytest

from enlace.matching.instrument import (
    QUESTIONS,
    AnswerError,
    from_sistrat,
    level_from_answers,
    score_answers,
    with_levels,
)
from enlace.matching.profile import DOMAINS, NeedLevel, make_profile

H, M, L, N, U = (NeedLevel.HIGH, NeedLevel.MEDIUM, NeedLevel.LOW, NeedLevel.NONE, NeedLevel.UNKNOWN)


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ([], U),
        ([1, 5], H),
        ([2, 2], H),
        ([2, 3], M),
        ([3, 3], M),
        ([3, 4], L),
        ([4, 4], L),
        ([4, 5], N),
        ([5], N),
        ([2], H),
    ],
)
def test_level_from_answers(answers: list[int], level: NeedLevel) -> None:
    assert level_from_answers(answers) is level


def test_every_domain_has_questions() -> None:
    assert {q.domain for q in QUESTIONS} == set(DOMAINS)
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


def test_score_answers() -> None:
    levels = score_answers({"housing.place_to_live": 1, "housing.safety": 4, "employment.work": 4})
    assert levels["housing"] is H and levels["employment"] is L and levels["family"] is U


@pytest.mark.parametrize("answers", [{"housing.place_to_live": 6}, {"housing.colour": 3}])
def test_bad_answers(answers: dict[str, int]) -> None:
    with pytest.raises(AnswerError):
        score_answers(answers)


def test_sistrat_capitals() -> None:
    levels = from_sistrat({"human": "high", "physical": "medium", "social": None, "global": "low"})
    assert levels["employment"] is H and levels["training"] is M and levels["health"] is M
    assert levels["housing"] is M and levels["income"] is L
    assert levels["social_support"] is L and levels["family"] is L  # from the global level
    assert levels["childcare"] is U


def test_sistrat_without_anything_is_unknown() -> None:
    assert set(from_sistrat({}).values()) == {U}


def test_sistrat_refuses_bad_values() -> None:
    with pytest.raises(AnswerError):
        from_sistrat({"human": "very high"})


def test_with_levels_keeps_met_and_attributes() -> None:
    profile = make_profile({"health": "low"}, met=["health"], age=30)
    refined = with_levels(profile, {"housing": H})
    assert refined.need("housing").level is H
    assert refined.need("health").met and refined.value("age") == 30
