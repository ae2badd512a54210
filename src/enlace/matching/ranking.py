"""The score of every offer for a profile, the order of results and their terms (pure).

Score = need fit + preferential access + proximity + targeting (v2 on) + freshness +
unknowns (a penalty), each term a weight (``weights/v2.toml``) times a value; a result
carries every term of its weights version so the worker sees why it is where it is, and
the contributions add up to the score.
Offers are ranked by score, ties by offer id (the index keeps offers in id order and the
sort is stable), then reordered once for diversity: while some unmet high-need domain
has no offer among the results yet, an offer that would only repeat a high-need domain
already served waits (it comes right after). Only offers that serve an unmet need are
ranked when the profile has any; with none assessed, every eligible offer is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from enlace.matching.index import FAIL, PRIMARY, SCOPE_CODES, SECONDARY, Evaluation, OfferIndex
from enlace.matching.profile import DOMAINS, NeedLevel, Profile
from enlace.matching.weights import Weights

FloatArray = npt.NDArray[np.float64]
#: Scores and contributions are rounded so that equal inputs give equal bytes.
DIGITS = 6


@dataclass(frozen=True)
class Filters:
    """What the worker narrows results to (``within``: ``communal`` or ``regional``:
    only offers of that area or smaller)."""

    domains: tuple[str, ...] = ()
    priority_only: bool = False
    free_only: bool = False
    within: str | None = None


@dataclass(frozen=True)
class Term:
    term: str
    weight: float
    value: float
    contribution: float


@dataclass(frozen=True)
class Scored:
    """One ranked offer: its position in the index, score, terms and outcome."""

    position: int
    score: float
    terms: tuple[Term, ...]
    status: int
    unknowns: int
    promoted: bool = False  # moved up so an unmet high-need domain is served


@dataclass(frozen=True)
class Ranking:
    results: list[Scored]
    not_eligible: list[Scored]
    not_eligible_total: int
    candidates: int
    weights_version: str
    catalogue_revision: tuple[str, int] = ("", 0)
    notes: list[str] = field(default_factory=list)


def need_vector(profile: Profile, weights: Weights) -> FloatArray:
    """The value of each domain's unmet need, in :data:`DOMAINS` order."""
    return np.array(
        [weights.need_levels[profile.need(d).unmet_level] for d in DOMAINS], dtype=np.float64
    )


def term_values(
    index: OfferIndex,
    profile: Profile,
    weights: Weights,
    evaluation: Evaluation,
    on: date,
    priority: npt.NDArray[np.bool_] | None,
) -> dict[str, FloatArray]:
    """Each term's value for every offer (index order), for the terms of ``weights``."""
    roles = np.array([0.0, weights.coverage["secondary"], weights.coverage["primary"]])
    need_fit = np.zeros(len(index))
    made_for_a_need = np.zeros(len(index), dtype=bool)  # primary in an unmet domain
    for column, level in enumerate(need_vector(profile, weights)):
        if level:
            need_fit += level * roles[index.coverage_columns[column]]
            made_for_a_need |= index.coverage_columns[column] == PRIMARY
    by_scope = np.zeros(len(SCOPE_CODES))
    for scope, code in SCOPE_CODES.items():
        by_scope[code] = weights.proximity[scope]
    fresh = index.freshness(on, weights.horizon_days)
    n = len(index)
    values = {
        "need_fit": need_fit,
        "preferential_access": (
            priority.astype(np.float64) if priority is not None else np.zeros(n)
        ),
        "proximity": by_scope[index.scope],
        "freshness": fresh,
        "unknowns": evaluation.unknowns.astype(np.float64),
    }
    if "targeting" in weights.terms:
        aimed = np.minimum(evaluation.targeting.astype(np.float64), weights.targeting_cap)
        values["targeting"] = np.where(made_for_a_need, aimed, 0.0)
    return values


def _terms(values: dict[str, FloatArray], weights: Weights, i: int) -> tuple[Term, ...]:
    terms = []
    for name in weights.terms:
        value = round(float(values[name][i]), DIGITS)
        weight = weights.terms[name]
        terms.append(Term(name, weight, value, round(weight * value, DIGITS)))
    return tuple(terms)


def _score(terms: tuple[Term, ...]) -> float:
    return round(sum(t.contribution for t in terms), DIGITS)


def rank(
    index: OfferIndex,
    profile: Profile,
    weights: Weights,
    *,
    on: date,
    priority: npt.NDArray[np.bool_] | None = None,
    limit: int = 20,
    not_eligible_limit: int = 50,
    filters: Filters | None = None,
    evaluation: Evaluation | None = None,
) -> Ranking:
    """The ranked results for ``profile``; ``priority`` marks the offers the centre's
    participants reach with priority (index order), ``None`` without a centre."""
    evaluation = evaluation or index.evaluate(profile)
    values = term_values(index, profile, weights, evaluation, on, priority)
    total = sum((w * values[t] for t, w in weights.terms.items()), np.zeros(len(index)))
    relevant = _relevant(index, profile, values, filters or Filters(), priority)
    eligible = relevant & (evaluation.status != FAIL)
    failing = relevant & (evaluation.status == FAIL)
    high = profile.unmet(NeedLevel.HIGH)
    ordered = diversify(index, _ordered(np.flatnonzero(eligible), total), high, limit)
    results = [_scored(i, values, weights, evaluation, promoted) for i, promoted in ordered]
    refused = [int(i) for i in _ordered(np.flatnonzero(failing), total)[:not_eligible_limit]]
    return Ranking(
        results,
        [_scored(i, values, weights, evaluation, False) for i in refused],
        int(failing.sum()),
        int(eligible.sum()),
        weights.version,
        index.revision,
    )


def _scored(
    i: int, values: dict[str, FloatArray], weights: Weights, evaluation: Evaluation, promoted: bool
) -> Scored:
    terms = _terms(values, weights, i)
    return Scored(
        i,
        _score(terms),
        terms,
        int(evaluation.status[i]),
        int(evaluation.unknowns[i]),
        promoted,
    )


def _relevant(
    index: OfferIndex,
    profile: Profile,
    values: dict[str, FloatArray],
    filters: Filters,
    priority: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.bool_]:
    n = len(index)
    keep = np.ones(n, dtype=bool)
    if (
        profile.unmet(NeedLevel.LOW)
        + profile.unmet(NeedLevel.MEDIUM)
        + profile.unmet(NeedLevel.HIGH)
    ):
        keep &= values["need_fit"] > 0
    if filters.domains:
        columns = [DOMAINS.index(d) for d in filters.domains if d in DOMAINS]
        keep &= (index.coverage[:, columns] >= SECONDARY).any(axis=1)
    if filters.priority_only:
        keep &= priority if priority is not None else np.zeros(n, dtype=bool)
    if filters.free_only:
        keep &= index.free
    if filters.within == "communal":
        keep &= index.scope == SCOPE_CODES["communal"]
    elif filters.within == "regional":
        keep &= np.isin(index.scope, [SCOPE_CODES["communal"], SCOPE_CODES["regional"]])
    return keep


def _ordered(positions: npt.NDArray[np.intp], total: FloatArray) -> npt.NDArray[np.intp]:
    """Positions by score (rounded), highest first; ties keep index (= offer id) order."""
    scores = np.round(total[positions], DIGITS)
    return positions[np.argsort(-scores, kind="stable")]


def diversify(
    index: OfferIndex, ordered: npt.NDArray[np.intp], high: Collection[str], limit: int
) -> list[tuple[int, bool]]:
    """The first ``limit`` offers, serving every unmet high-need domain before repeating
    one: walking the ranked offers, one whose high-need primary domains are all served
    already waits while a high-need domain is still unserved and some later offer serves
    it. Returns (position, promoted) pairs; ``promoted`` marks offers that passed waiting
    ones."""
    columns = [DOMAINS.index(d) for d in high]
    if len(columns) < 2 or not len(ordered):
        return [(int(i), False) for i in ordered[:limit]]
    primary = index.coverage[ordered][:, columns] == PRIMARY
    unserved = {j for j in range(len(columns)) if primary[:, j].any()}
    result: list[tuple[int, bool]] = []
    waiting: list[int] = []
    rest = len(ordered)
    for k, position in enumerate(ordered):
        if not unserved or len(result) >= limit:
            rest = k
            break
        serves = {j for j in range(len(columns)) if primary[k, j]}
        if serves and not serves & unserved:
            waiting.append(int(position))
            continue
        result.append((int(position), bool(waiting)))
        unserved -= serves
    result.extend((position, False) for position in waiting)
    result.extend((int(position), False) for position in ordered[rest : rest + limit])
    return result[:limit]
