"""The dashboard's reads: aggregation in the database, plain rows out.

Grouping and counting happen in SQL (``GROUP BY``) over the evaluation facts
(:mod:`enlace.casework.facts`: one narrow row per participant and per sent referral, kept
in step with casework), so a country of 100,000 referrals costs a few narrow scans and no
join with the wide casework tables or the referral events; only per-participant rows
(reach, need levels) come back one per person. Callers pass a :class:`Filters` already
limited to the actor's scope.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, extract, func, literal
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.casework.facts import STATUS_REACH, PersonFact, SentReferralFact
from enlace.casework.models import Assessment, FollowUp, PlanGoal
from enlace.casework.profiles import levels
from enlace.catalogue.models import Offer, OfferDomain
from enlace.evaluation.tables import AGE_BANDS, AGE_LIMITS


@dataclass(frozen=True, slots=True)
class Filters:
    """What the dashboard counts: referrals sent (participants first assessed, follow-ups
    recorded) from ``start`` to ``end`` inclusive, optionally in one region, centre, domain."""

    start: date
    end: date
    region: str | None = None
    centre: str | None = None
    domain: str | None = None

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)


def _who(filters: Filters, fact: Any = SentReferralFact) -> list[Any]:
    conditions: list[Any] = []
    if filters.region is not None:
        conditions.append(col(fact.region_code) == filters.region)
    if filters.centre is not None:
        conditions.append(col(fact.centre_id) == filters.centre)
    return conditions


def _sent_in(filters: Filters) -> list[Any]:
    return [
        col(SentReferralFact.sent_at) >= filters.since,
        col(SentReferralFact.sent_at) < filters.until,
    ]


def _offer_domain(filters: Filters) -> list[Any]:
    if filters.domain is None:
        return []
    return [
        col(SentReferralFact.offer_id).in_(
            select_columns(col(OfferDomain.offer_id)).where(
                col(OfferDomain.domain) == filters.domain
            )
        )
    ]


_REACH = case(
    *((col(SentReferralFact.status) == status, reach) for status, reach in STATUS_REACH.items()),
    else_=1,
)


def month_of(column: Any, filters: Filters) -> Any:
    """The calendar month (``YYYY-MM``, UTC) of a timestamp in the period, as SQL: a
    ``CASE`` over the month boundaries, the same on every database and time zone."""
    whens = []
    year, month = filters.start.year, filters.start.month
    while (year, month) < (filters.end.year, filters.end.month):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        boundary = datetime(year, month, 1, tzinfo=UTC)
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        whens.append((column < boundary, f"{previous[0]:04d}-{previous[1]:02d}"))
    last = f"{filters.end.year:04d}-{filters.end.month:02d}"
    return case(*whens, else_=last) if whens else literal(last)


def person_reach(session: Session, filters: Filters) -> list[tuple[str, str, str, int, int]]:
    """(month of the first assessment, region, centre, stage index, participants) of the
    participants first assessed in the period; with a domain, those with a plan goal in
    it. Grouped in the database: a few hundred rows whatever the number of people."""
    planned: Any = col(PersonFact.planned)
    if filters.domain is not None:
        planned = (
            select_columns(col(PlanGoal.participant_id))
            .where(
                col(PlanGoal.participant_id) == col(PersonFact.participant_id),
                col(PlanGoal.domain) == filters.domain,
            )
            .exists()
        )
    month = month_of(col(PersonFact.first_assessed_at), filters)
    columns = (month, col(PersonFact.region_code), col(PersonFact.centre_id), col(PersonFact.reach))
    query = (
        select_columns(*columns, func.count())
        .where(
            col(PersonFact.first_assessed_at) >= filters.since,
            col(PersonFact.first_assessed_at) < filters.until,
            *_who(filters, PersonFact),
        )
        .group_by(*columns)
    )
    if filters.domain is None:
        query = query.add_columns(planned).group_by(planned)
    else:
        query = query.add_columns(literal(True)).where(planned)
    return [
        (str(m), region or "", str(centre), max(1 if plan else 0, int(reach or 0)), int(n))
        for m, region, centre, reach, n, plan in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class AnswerTimes:
    """group -> days to the answer (None: none yet) -> referrals; days to service."""

    per_group: dict[str, dict[int | None, int]]
    to_service: dict[int, int]


def answer_times(
    session: Session, filters: Filters, by: Any, *, agency_id: str | None = None
) -> AnswerTimes:
    """Days from sending to the agency's answer and to service, grouped by ``by`` (a column
    of :class:`SentReferralFact` or of the offer), of referrals sent in the period."""
    to_answer = col(SentReferralFact.days_to_answer)
    to_service = col(SentReferralFact.days_to_service)
    query = (
        select_columns(by, to_answer, to_service, func.count())
        .select_from(SentReferralFact)
        .where(*_sent_in(filters), *_who(filters), *_offer_domain(filters))
        .group_by(by, to_answer, to_service)
    )
    if agency_id is not None:
        query = query.join(Offer, col(Offer.id) == col(SentReferralFact.offer_id)).where(
            col(Offer.agency_id) == agency_id
        )
    per_group: dict[str, dict[int | None, int]] = defaultdict(dict)
    service: dict[int, int] = defaultdict(int)
    for group, days, service_days, n in session.execute(query):
        answered = per_group[str(group or "")]
        key = None if days is None else max(int(days), 0)
        answered[key] = answered.get(key, 0) + int(n)
        if service_days is not None:
            service[max(int(service_days), 0)] += int(n)
    return AnswerTimes(dict(per_group), dict(service))


@dataclass(frozen=True, slots=True)
class ReferralFact:
    """Referrals sent in the period with the same offer, agreement, status, reason, quota."""

    offer_id: str
    agreement_id: str | None
    status: str
    reason: str | None
    quota_counted: bool
    count: int


def referral_facts(session: Session, filters: Filters) -> list[ReferralFact]:
    """The period's referrals grouped once (one scan): funnels by domain and kind,
    endings, agreements and agencies all derive from these few hundred rows."""
    columns = (
        col(SentReferralFact.offer_id),
        col(SentReferralFact.agreement_id),
        col(SentReferralFact.status),
        col(SentReferralFact.reason_code),
        col(SentReferralFact.quota_counted),
    )
    query = (
        select_columns(*columns, func.count())
        .where(*_sent_in(filters), *_who(filters), *_offer_domain(filters))
        .group_by(*columns)
    )
    return [
        ReferralFact(str(o), a, str(s), r, bool(q), int(n))
        for o, a, s, r, q, n in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class OfferFact:
    agency_id: str
    kind: str
    primary: tuple[str, ...]  # its main need domain(s)
    domains: tuple[str, ...]  # every domain it serves


def offer_facts(session: Session, offer_ids: Sequence[str]) -> dict[str, OfferFact]:
    """Agency, kind and domains of the offers referred to (catalogue data)."""
    if not offer_ids:
        return {}
    found: dict[str, tuple[str, str, list[str], list[str]]] = {}
    for offer_id, agency_id, kind in session.execute(
        select_columns(col(Offer.id), col(Offer.agency_id), col(Offer.kind)).where(
            col(Offer.id).in_(list(offer_ids))
        )
    ):
        found[str(offer_id)] = (str(agency_id), str(kind), [], [])
    for offer_id, domain, role in session.execute(
        select_columns(col(OfferDomain.offer_id), col(OfferDomain.domain), col(OfferDomain.role))
        .where(col(OfferDomain.offer_id).in_(list(found)))
        .order_by(col(OfferDomain.domain))
    ):
        entry = found[str(offer_id)]
        entry[3].append(str(domain))
        if role == "primary":
            entry[2].append(str(domain))
    return {k: OfferFact(a, kind, tuple(p), tuple(d)) for k, (a, kind, p, d) in found.items()}


def agency_months(
    session: Session, filters: Filters, agency_id: str
) -> list[tuple[str, int, bool]]:
    """(month sent, stage index, answered) per referral to the agency's offers."""
    query = (
        select_columns(col(SentReferralFact.sent_at), _REACH, col(SentReferralFact.days_to_answer))
        .join(Offer, col(Offer.id) == col(SentReferralFact.offer_id))
        .where(*_sent_in(filters), *_who(filters), col(Offer.agency_id) == agency_id)
    )
    return [
        (sent.strftime("%Y-%m"), int(reach), answered is not None)
        for sent, reach, answered in session.execute(query)
    ]


def latest_high_unmet(
    session: Session, filters: Filters, domains: Sequence[str]
) -> list[tuple[str, str, int]]:
    """(region, domain, participants whose latest assessment has a high unmet need in it)
    for every participant in scope, whatever the period (needs are a state). Grouped by
    the set of domains (streamed from its index), then counted per domain here."""
    query = (
        select_columns(col(PersonFact.region_code), col(PersonFact.high_unmet), func.count())
        .where(col(PersonFact.first_assessed_at).is_not(None), *_who(filters, PersonFact))
        .group_by(col(PersonFact.region_code), col(PersonFact.high_unmet))
    )
    wanted = set(domains)
    counts: Counter[tuple[str, str]] = Counter()
    for region, found, n in session.execute(query):
        for domain in set((found or "").split(",")) & wanted:
            counts[(region or "", domain)] += int(n)
    return [(region, domain, n) for (region, domain), n in counts.items()]


def level_pairs(session: Session, filters: Filters) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(first levels, latest levels) of participants assessed again in the period."""
    ends = select_columns(
        col(PersonFact.first_assessment_id), col(PersonFact.latest_assessment_id)
    ).where(
        col(PersonFact.latest_assessed_at) >= filters.since,
        col(PersonFact.latest_assessed_at) < filters.until,
        col(PersonFact.first_assessment_id) != col(PersonFact.latest_assessment_id),
        *_who(filters, PersonFact),
    )
    pairs = [(int(first), int(last)) for first, last in session.execute(ends)]
    wanted = sorted({i for pair in pairs for i in pair})
    profiles: dict[int, dict[str, str]] = {}
    for start in range(0, len(wanted), 500):
        for assessment_id, profile in session.execute(
            select_columns(col(Assessment.id), col(Assessment.profile)).where(
                col(Assessment.id).in_(wanted[start : start + 500])
            )
        ):
            profiles[int(assessment_id)] = levels(profile or {})
    return [
        (profiles[first], profiles[last])
        for first, last in pairs
        if first in profiles and last in profiles
    ]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """Follow-ups alike in every way the dashboard splits them, and how many."""

    due_months: int
    work: str
    studies: str
    housing: str
    in_group: bool
    group: str  # the gender (as recorded), the age band or the region, by the split
    count: int


def _age_band(age: Any) -> Any:
    """:func:`.tables.age_band` as SQL."""
    bands = [(age < limit, band) for limit, band in AGE_LIMITS if limit is not None]
    return case(*bands, else_=AGE_BANDS[-1])


def outcomes(session: Session, filters: Filters, split: str) -> list[OutcomeRow]:
    """Follow-ups recorded in the period, grouped by point, outcomes and the split's group
    (``gender``, ``age`` band at the follow-up by calendar year, or ``region``)."""
    group: Any = col(PersonFact.gender)
    if split == "age":
        group = _age_band(extract("year", col(FollowUp.on)) - col(PersonFact.year_of_birth))
    elif split == "region":
        group = col(PersonFact.region_code)
    columns = (
        col(FollowUp.due_months),
        col(FollowUp.work),
        col(FollowUp.studies),
        col(FollowUp.housing),
        col(FollowUp.in_group),
        group,
    )
    query = (
        select_columns(*columns, func.count())
        .join(PersonFact, col(PersonFact.participant_id) == col(FollowUp.participant_id))
        .where(col(FollowUp.on) >= filters.start, col(FollowUp.on) <= filters.end)
        .where(*_who(filters, PersonFact))
        .group_by(*columns)
    )
    return [
        OutcomeRow(int(m), w, s, h, bool(g), str(x or ""), int(n))
        for m, w, s, h, g, x, n in session.execute(query)
    ]


def names(session: Session, model: Any, ids: Sequence[str], field: str) -> dict[str, str]:
    """id -> display name of catalogue records (agencies, agreements): never people."""
    if not ids:
        return {}
    column = getattr(model, field)
    return {
        str(i): str(n)
        for i, n in session.execute(
            select_columns(col(model.id), column).where(col(model.id).in_(list(ids)))
        )
    }
