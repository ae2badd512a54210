"""Enlace's own short needs assessment, and the SISTRAT four-capital starting profile.

Written for Enlace (no item of a licensed instrument is copied): two questions per need
domain, each answered on five anchors from 1 "in crisis" to 5 "thriving". This module is
plain data and rules; the words of the questions and anchors live in the web layer
(``enlace.web.match_text``), keyed by the ids below, so they are translated there.

Both mappings are versioned (:data:`INSTRUMENT_VERSION`, :data:`SISTRAT_VERSION`); a
stored assessment keeps the version it was scored with. docs/matching.md explains them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from enlace.matching.profile import DOMAINS, Need, NeedLevel, Profile

INSTRUMENT_VERSION = "enlace-assessment-v1"
SISTRAT_VERSION = "sistrat-v1"
ANCHORS: tuple[int, ...] = (1, 2, 3, 4, 5)
#: Anchor ids, 1 to 5 (the web layer words them).
ANCHOR_IDS: dict[int, str] = {
    1: "in_crisis",
    2: "struggling",
    3: "getting_by",
    4: "doing_well",
    5: "thriving",
}


@dataclass(frozen=True)
class Question:
    id: str  # "<domain>.<topic>"
    domain: str


#: Two questions per domain, in the order of the form.
QUESTIONS: tuple[Question, ...] = tuple(
    Question(f"{domain}.{topic}", domain)
    for domain, topics in (
        ("employment", ("work", "job_search")),
        ("training", ("skills", "certified")),
        ("education", ("schooling", "literacy")),
        ("housing", ("place_to_live", "safety")),
        ("income", ("enough_money", "benefits")),
        ("health", ("care", "medication")),
        ("family", ("relationships", "parenting")),
        ("social_support", ("people", "recovery_group")),
        ("participation", ("activities", "community")),
        ("justice", ("legal_matters", "record")),
        ("documentation", ("identity_card", "registrations")),
        ("childcare", ("care_while_busy", "school_for_children")),
    )
    for topic in topics
)
QUESTION_IDS = {q.id for q in QUESTIONS}


class AnswerError(ValueError):
    pass


def level_from_answers(answers: list[int]) -> NeedLevel:
    """Version 1: any answer of 1 ("in crisis") is high need; otherwise the mean of the
    domain's answers: up to 2 high, up to 3 medium, up to 4 low, above 4 none. No
    answer is unknown (not "no need")."""
    if not answers:
        return NeedLevel.UNKNOWN
    if min(answers) == 1:
        return NeedLevel.HIGH
    mean = sum(answers) / len(answers)
    if mean <= 2:
        return NeedLevel.HIGH
    if mean <= 3:
        return NeedLevel.MEDIUM
    if mean <= 4:
        return NeedLevel.LOW
    return NeedLevel.NONE


def score_answers(answers: Mapping[str, int | None]) -> dict[str, NeedLevel]:
    """Domain -> level from question id -> anchor (None or absent: not answered)."""
    unknown = sorted(set(answers) - QUESTION_IDS)
    if unknown:
        raise AnswerError(f"unknown questions: {', '.join(unknown)}")
    by_domain: dict[str, list[int]] = {d: [] for d in DOMAINS}
    for question in QUESTIONS:
        answer = answers.get(question.id)
        if answer is None:
            continue
        if answer not in ANCHORS:
            raise AnswerError(f"{question.id}: answers go from 1 to 5, got {answer!r}")
        by_domain[question.domain].append(answer)
    return {d: level_from_answers(values) for d, values in by_domain.items()}


# --- SISTRAT: the integration-needs diagnosis by capital ----------------------------------

CAPITALS: tuple[str, ...] = ("global", "human", "physical", "social")
CAPITAL_LEVELS: tuple[str, ...] = ("high", "medium", "low")
#: Capital -> (its lead domain, the other domains it speaks for). Childcare is no
#: capital's: it stays unknown, to be asked.
CAPITAL_DOMAINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "human": ("employment", ("training", "education", "health")),
    "physical": ("housing", ("income", "documentation")),
    "social": ("social_support", ("family", "participation", "justice")),
}
_ONE_LOWER = {
    NeedLevel.HIGH: NeedLevel.MEDIUM,
    NeedLevel.MEDIUM: NeedLevel.LOW,
    NeedLevel.LOW: NeedLevel.LOW,
}


def from_sistrat(capitals: Mapping[str, str | None]) -> dict[str, NeedLevel]:
    """Version 1 of the starting profile from SISTRAT's four capitals (high / medium /
    low need): a capital's lead domain takes its level and its other domains one level
    less (high -> medium, medium -> low, low stays low); a capital not given takes the
    global level; with neither, its domains stay unknown. A starting point only: the
    worker refines it domain by domain."""
    bad = {
        k: v
        for k, v in capitals.items()
        if k not in CAPITALS or (v is not None and v not in CAPITAL_LEVELS)
    }
    if bad:
        raise AnswerError(
            "SISTRAT capitals are global, human, physical, social with high, medium or low: "
            + ", ".join(f"{k}={v!r}" for k, v in sorted(bad.items()))
        )
    levels = {d: NeedLevel.UNKNOWN for d in DOMAINS}
    fallback = capitals.get("global")
    for capital, (lead, others) in CAPITAL_DOMAINS.items():
        given = capitals.get(capital) or fallback
        if given is None:
            continue
        level = NeedLevel(given)
        levels[lead] = level
        for domain in others:
            levels[domain] = _ONE_LOWER[level]
    return levels


def with_levels(profile: Profile, levels: Mapping[str, NeedLevel]) -> Profile:
    """``profile`` with its domain levels replaced (met flags and attributes kept)."""
    needs = {d: Need(d, levels.get(d, profile.need(d).level), profile.need(d).met) for d in DOMAINS}
    return Profile(needs, profile.attributes)
