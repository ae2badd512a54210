"""The dashboard's filters and its reads about referrals: aggregation in the database,
plain rows out (the reads about participants are :mod:`.people`).

Grouping and counting happen in SQL (``GROUP BY``) over the evaluation facts
(:mod:`enlace.casework.facts`: one narrow row per sent referral, kept in step with
casework; each query has an index in its GROUP BY order), never over the wide casework
tables or the referral events. The whole country's figures read the whole months of the
period from the monthly rollups (:mod:`enlace.casework.rollups`) and only the partial
months at its ends from the facts. Callers pass a :class:`Filters` already limited to the
actor's scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.casework.facts import STATUS_REACH, SentReferralFact
from enlace.casework.rollups import NO_DAYS, AnswerMonth, ReferralMonth
from enlace.catalogue.models import Offer, OfferDomain


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


def who(filters: Filters, fact: Any = SentReferralFact) -> list[Any]:
    conditions: list[Any] = []
    if filters.region is not None:
        conditions.append(col(fact.region_code) == filters.region)
    if filters.centre is not None:
        conditions.append(col(fact.centre_id) == filters.centre)
    return conditions


def sent_in(filters: Filters) -> list[Any]:
    return [
        col(SentReferralFact.sent_at) >= filters.since,
        col(SentReferralFact.sent_at) < filters.until,
    ]


def offer_domain(filters: Filters, offer: Any = SentReferralFact.offer_id) -> list[Any]:
    if filters.domain is None:
        return []
    return [
        col(offer).in_(
            select_columns(col(OfferDomain.offer_id)).where(
                col(OfferDomain.domain) == filters.domain
            )
        )
    ]


_REACH = case(
    *((col(SentReferralFact.status) == status, reach) for status, reach in STATUS_REACH.items()),
    else_=1,
)


@dataclass(frozen=True, slots=True)
class AnswerTimes:
    """group -> days to the answer (None: none yet) -> referrals; days to service."""

    per_group: dict[str, dict[int | None, int]]
    to_service: dict[int, int]


def whole_months(filters: Filters) -> tuple[date, date] | None:
    """The period's whole calendar months, as (first day of the first, first day of the
    month after the last); None when it holds no whole month."""
    first = filters.start.replace(day=1)
    if first != filters.start:
        first = (first + timedelta(days=31)).replace(day=1)
    after = (filters.end + timedelta(days=1)).replace(day=1)
    return (first, after) if first < after else None


def split_period(
    filters: Filters, at: Any = SentReferralFact.sent_at
) -> tuple[list[Any], tuple[date, date] | None]:
    """How to read the period from a monthly rollup: the condition on the facts' time
    ``at`` (the partial months at its ends, or all of it) and the whole months to read
    from the rollup (None: none)."""
    moment = col(at)
    months = whole_months(filters)
    if months is None:
        return [moment >= filters.since, moment < filters.until], None
    first, after = (datetime.combine(m, time.min, tzinfo=UTC) for m in months)
    ends = or_(
        and_(moment >= filters.since, moment < first),
        and_(moment >= after, moment < filters.until),
    )
    return [ends], months


def _add_times(
    times: AnswerTimes, group: Any, days: int | None, service_days: int | None, n: int
) -> None:
    answered = times.per_group.setdefault(str(group or ""), {})
    key = None if days is None else max(int(days), 0)
    answered[key] = answered.get(key, 0) + int(n)
    if service_days is not None:
        day = max(int(service_days), 0)
        times.to_service[day] = times.to_service.get(day, 0) + int(n)


def _times_from_facts(
    session: Session, conditions: list[Any], by: Any, agency_id: str | None, times: AnswerTimes
) -> AnswerTimes:
    to_answer = col(SentReferralFact.days_to_answer)
    to_service = col(SentReferralFact.days_to_service)
    query = (
        select_columns(by, to_answer, to_service, func.count())
        .select_from(SentReferralFact)
        .where(*conditions)
        .group_by(by, to_answer, to_service)
    )
    if agency_id is not None:
        query = query.join(Offer, col(Offer.id) == col(SentReferralFact.offer_id)).where(
            col(Offer.agency_id) == agency_id
        )
    for group, days, service_days, n in session.connection().execute(query):
        _add_times(times, group, days, service_days, n)
    return times


def answer_times(
    session: Session, filters: Filters, by: Any, *, agency_id: str | None = None
) -> AnswerTimes:
    """Days from sending to the agency's answer and to service, grouped by ``by`` (a column
    of :class:`SentReferralFact` or of the offer), of referrals sent in the period."""
    conditions = [*sent_in(filters), *who(filters), *offer_domain(filters)]
    return _times_from_facts(session, conditions, by, agency_id, AnswerTimes({}, {}))


def answer_times_by_region(session: Session, filters: Filters) -> AnswerTimes:
    """:func:`answer_times` by region; with nothing but the period filtered, its whole
    months from the monthly rollup."""
    region = col(SentReferralFact.region_code)
    if who(filters) or filters.domain is not None:
        return answer_times(session, filters, region)
    conditions, months = split_period(filters)
    times = _times_from_facts(session, conditions, region, None, AnswerTimes({}, {}))
    if months is not None:
        rolled = (
            col(AnswerMonth.region_code),
            col(AnswerMonth.days_to_answer),
            col(AnswerMonth.days_to_service),
        )
        query = (
            select_columns(*rolled, func.sum(col(AnswerMonth.referrals)))
            .where(col(AnswerMonth.month) >= months[0], col(AnswerMonth.month) < months[1])
            .group_by(*rolled)
        )
        for group, days, service_days, n in session.connection().execute(query):
            if n:
                _add_times(
                    times,
                    group or None,
                    None if days == NO_DAYS else days,
                    None if service_days == NO_DAYS else service_days,
                    n,
                )
    return times


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
    """The period's referrals grouped once: funnels by domain and kind, endings,
    agreements and agencies all derive from these few thousand rows. With no region or
    centre, the whole months come from the monthly rollup."""
    columns = (
        col(SentReferralFact.offer_id),
        col(SentReferralFact.agreement_id),
        col(SentReferralFact.status),
        col(SentReferralFact.reason_code),
        col(SentReferralFact.quota_counted),
    )
    conditions, months = (sent_in(filters), None) if who(filters) else split_period(filters)
    query = (
        select_columns(*columns, func.count())
        .where(*conditions, *who(filters), *offer_domain(filters))
        .group_by(*columns)
    )
    counts: Counter[tuple[str, str | None, str, str | None, bool]] = Counter()
    for o, a, s, r, q, n in session.connection().execute(query):
        counts[(str(o), a, str(s), r, bool(q))] += int(n)
    if months is not None:
        rolled = (
            col(ReferralMonth.offer_id),
            col(ReferralMonth.agreement_id),
            col(ReferralMonth.status),
            col(ReferralMonth.reason_code),
            col(ReferralMonth.quota_counted),
        )
        query = (
            select_columns(*rolled, func.sum(col(ReferralMonth.referrals)))
            .where(col(ReferralMonth.month) >= months[0], col(ReferralMonth.month) < months[1])
            .where(*offer_domain(filters, col(ReferralMonth.offer_id)))
            .group_by(*rolled)
        )
        for o, a, s, r, q, n in session.connection().execute(query):
            counts[(str(o), a or None, str(s), r or None, bool(q))] += int(n or 0)
    return [ReferralFact(*key, n) for key, n in counts.items() if n > 0]


@dataclass(frozen=True, slots=True)
class OfferFact:
    agency_id: str
    kind: str
    primary: tuple[str, ...]  # its main need domain(s)
    domains: tuple[str, ...]  # every domain it serves


def offer_facts(session: Session, offer_ids: Sequence[str] | None) -> dict[str, OfferFact]:
    """Agency, kind and domains of these offers (None: of every offer; catalogue data)."""
    if offer_ids is not None and not offer_ids:
        return {}
    found: dict[str, tuple[str, str, list[str], list[str]]] = {}
    offers = select_columns(col(Offer.id), col(Offer.agency_id), col(Offer.kind))
    domains = select_columns(
        col(OfferDomain.offer_id), col(OfferDomain.domain), col(OfferDomain.role)
    ).order_by(col(OfferDomain.domain))
    if offer_ids is not None:
        offers = offers.where(col(Offer.id).in_(list(offer_ids)))
        domains = domains.where(col(OfferDomain.offer_id).in_(list(offer_ids)))
    for offer_id, agency_id, kind in session.connection().execute(offers):
        found[str(offer_id)] = (str(agency_id), str(kind), [], [])
    for owner, domain, role in session.connection().execute(domains):
        entry = found.get(str(owner))
        if entry is None:
            continue
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
        .where(*sent_in(filters), *who(filters), col(Offer.agency_id) == agency_id)
    )
    return [
        (sent.strftime("%Y-%m"), int(reach), answered is not None)
        for sent, reach, answered in session.connection().execute(query)
    ]


def names(session: Session, model: Any, ids: Sequence[str], field: str) -> dict[str, str]:
    """id -> display name of catalogue records (agencies, agreements): never people."""
    if not ids:
        return {}
    column = getattr(model, field)
    return {
        str(i): str(n)
        for i, n in session.connection().execute(
            select_columns(col(model.id), column).where(col(model.id).in_(list(ids)))
        )
    }
