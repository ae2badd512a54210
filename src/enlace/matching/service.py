"""Matching for the web layer and the CLI: a needs profile in, ranked offers out.

Takes an explicit Session. The catalogue's active offers are compiled once per catalogue
identity (id and revision) into a columnar :class:`~.index.OfferIndex` kept per process
and engine (:class:`enlace.catalogue.memo.RevisionMemo`, like the result cards), so a
request evaluates the profile against every offer with a few vector operations and
words reasons only for the offers it returns. With a centre, preferential access comes
from the partner network (:func:`enlace.network.service.access_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlmodel import Session

from enlace.catalogue.lookup import reference_data
from enlace.catalogue.memo import RevisionMemo
from enlace.catalogue.revision import catalogue_identity
from enlace.matching.eligibility import Check, check_offer
from enlace.matching.index import FAIL, PASS, OfferIndex, OfferRow
from enlace.matching.profile import DOMAINS, NeedLevel, Places, Profile
from enlace.matching.ranking import Filters, Scored, Term, rank
from enlace.matching.read import read_offer_rows
from enlace.matching.rules import Outcome
from enlace.matching.targeting import aimed_at
from enlace.matching.weights import DEFAULT_VERSION, load_weights
from enlace.network.graph import Access
from enlace.network.service import access_for

_INDEX: RevisionMemo[str, OfferIndex] = RevisionMemo(size=1)


@dataclass(frozen=True)
class OfferName:
    id: str
    slug: str
    name_es: str
    name_en: str | None
    agency_name_es: str = ""
    agency_name_en: str | None = None


@dataclass(frozen=True)
class NeedServed:
    """A domain of unmet need the offer covers, and how (primary or secondary)."""

    domain: str
    level: NeedLevel
    role: str


@dataclass(frozen=True)
class MatchResult:
    offer: OfferName
    score: float
    status: str  # "eligible" or "check"
    terms: tuple[Term, ...]
    checks: tuple[Check, ...]
    needs_served: tuple[NeedServed, ...]
    access: Access | None  # None: no centre, or no priority
    promoted: bool
    #: The rules passed that aim the offer at the person's situation, when the
    #: targeting term counted them (weights v2 on), to say so in plain words.
    aimed_at: tuple[Check, ...] = ()

    @property
    def to_check(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is Outcome.UNKNOWN)


@dataclass(frozen=True)
class NotEligible:
    offer: OfferName
    score: float
    reasons: tuple[Check, ...]  # the checks that fail


@dataclass(frozen=True)
class Matches:
    """What a case manager saw, with the versions that reproduce it."""

    results: tuple[MatchResult, ...]
    not_eligible: tuple[NotEligible, ...]
    not_eligible_total: int
    candidates: int
    weights_version: str
    catalogue_id: str
    catalogue_revision: int
    on: date
    centre_id: str | None


def offer_index(session: Session) -> OfferIndex:
    """The compiled catalogue for the session's catalogue identity (built once)."""
    identity = catalogue_identity(session)

    def build(_keys: list[str]) -> dict[str, OfferIndex]:
        return {"index": OfferIndex(read_offer_rows(session), identity)}

    return _INDEX.get_many(session, ["index"], build)["index"]


def profile_places(session: Session) -> Places:
    """The region and commune codes a profile may name (cached per revision)."""
    reference = reference_data(session)
    return Places(
        {r.code for r in reference.regions},
        {code: c.region_code for code, c in reference.communes.items()},
    )


def place_names(session: Session) -> dict[str, str]:
    """Region and commune code -> name, to word reasons."""
    reference = reference_data(session)
    names = {code: c.name for code, c in reference.communes.items()}
    names.update({r.code: r.name for r in reference.regions})
    return names


def clear_cache() -> None:
    """Forget the compiled catalogue (tests that rewrite tables without a revision)."""
    _INDEX.clear()


def match(
    session: Session,
    profile: Profile,
    *,
    centre_id: str | None = None,
    on: date | None = None,
    limit: int = 20,
    filters: Filters | None = None,
    weights_version: str = DEFAULT_VERSION,
    not_eligible_limit: int = 50,
) -> Matches:
    """The offers that fit ``profile``, ranked and explained; with ``centre_id``, the
    centre's agreements count as preferential access."""
    when = on or date.today()
    weights = load_weights(weights_version)
    index = offer_index(session)
    evaluation = index.evaluate(profile)
    accesses: dict[str, Access] = {}
    priority = None
    if centre_id is not None:
        open_ids = [index.ids[i] for i in np.flatnonzero(evaluation.status != FAIL)]
        accesses = access_for(session, centre_id, open_ids, when)
        priority = np.array(
            [accesses.get(i) is not None and accesses[i].priority for i in index.ids], dtype=bool
        )
    ranking = rank(
        index,
        profile,
        weights,
        on=when,
        priority=priority,
        limit=limit,
        not_eligible_limit=not_eligible_limit,
        filters=filters,
        evaluation=evaluation,
    )
    results = tuple(_result(index.rows[s.position], s, profile, accesses) for s in ranking.results)
    refused = tuple(
        NotEligible(
            _name(index.rows[s.position]),
            s.score,
            tuple(
                c
                for c in check_offer(index.rows[s.position].terms, profile)
                if c.outcome is Outcome.FAIL
            ),
        )
        for s in ranking.not_eligible
    )
    return Matches(
        results,
        refused,
        ranking.not_eligible_total,
        ranking.candidates,
        weights.version,
        index.revision[0],
        index.revision[1],
        when,
        centre_id,
    )


def _name(row: OfferRow) -> OfferName:
    return OfferName(
        row.offer_id, row.slug, row.name_es, row.name_en, row.agency_name_es, row.agency_name_en
    )


def _result(
    row: OfferRow, scored: Scored, profile: Profile, accesses: dict[str, Access]
) -> MatchResult:
    access = accesses.get(row.offer_id)
    served = tuple(
        NeedServed(d, profile.need(d).unmet_level, row.domains[d])
        for d in DOMAINS
        if d in row.domains
        and profile.need(d).unmet_level not in (NeedLevel.NONE, NeedLevel.UNKNOWN)
    )
    checks = tuple(check_offer(row.terms, profile))
    targeted = any(t.term == "targeting" and t.value > 0 for t in scored.terms)
    return MatchResult(
        _name(row),
        scored.score,
        "eligible" if scored.status == PASS else "check",
        scored.terms,
        checks,
        served,
        access if access is not None and access.priority else None,
        scored.promoted,
        tuple(aimed_at(checks)) if targeted else (),
    )
