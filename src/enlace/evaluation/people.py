"""The dashboard's reads about participants: how far they got, their needs, their
outcomes. Grouped in the database over the evaluation facts (:mod:`enlace.casework.facts`),
so a few hundred rows come back whatever the number of people; callers pass
:class:`~enlace.evaluation.queries.Filters` already limited to the actor's scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, literal
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.casework.facts import PersonFact
from enlace.casework.models import Assessment, PlanGoal
from enlace.casework.need_facts import NeedFact
from enlace.casework.outcome_facts import FollowUpFact
from enlace.casework.profiles import levels
from enlace.casework.rollups import PersonMonth
from enlace.evaluation.queries import Filters, split_period, who
from enlace.evaluation.tables import AGE_BANDS, AGE_LIMITS


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
    it. Grouped in the database; without a domain, the period's whole months come from
    the monthly rollup (:class:`~enlace.casework.rollups.PersonMonth`)."""
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
    first_at = col(PersonFact.first_assessed_at)
    conditions, months = (
        ([first_at >= filters.since, first_at < filters.until], None)
        if filters.domain is not None
        else split_period(filters, PersonFact.first_assessed_at)
    )
    month = month_of(first_at, filters)
    columns = (month, col(PersonFact.region_code), col(PersonFact.centre_id), col(PersonFact.reach))
    query = (
        select_columns(*columns, func.count())
        .where(*conditions, *who(filters, PersonFact))
        .group_by(*columns)
    )
    if filters.domain is None:
        query = query.add_columns(planned).group_by(planned)
    else:
        query = query.add_columns(literal(True)).where(planned)
    counts: Counter[tuple[str, str, str, int]] = Counter()
    for m, region, centre, reach, n, plan in session.connection().execute(query):
        counts[(str(m), region or "", str(centre), max(1 if plan else 0, int(reach or 0)))] += n
    if months is not None:
        rolled = (
            col(PersonMonth.month),
            col(PersonMonth.region_code),
            col(PersonMonth.centre_id),
            col(PersonMonth.reach),
            col(PersonMonth.planned),
        )
        query = (
            select_columns(*rolled, func.sum(col(PersonMonth.people)))
            .where(col(PersonMonth.month) >= months[0], col(PersonMonth.month) < months[1])
            .where(*who(filters, PersonMonth))
            .group_by(*rolled)
        )
        for m, region, centre, reach, plan, n in session.connection().execute(query):
            stage = max(1 if plan else 0, int(reach))
            counts[(f"{m:%Y-%m}", region or "", str(centre), stage)] += int(n or 0)
    return [(*key, n) for key, n in counts.items() if n > 0]


def latest_high_unmet(
    session: Session, filters: Filters, domains: Sequence[str]
) -> list[tuple[str, str, int]]:
    """(region, domain, participants whose latest assessment has a high unmet need in it)
    for every participant in scope, whatever the period (needs are a state)."""
    columns = (col(NeedFact.region_code), col(NeedFact.domain))
    query = (
        select_columns(*columns, func.count())
        .where(col(NeedFact.domain).in_(list(domains)), *who(filters, NeedFact))
        .group_by(*columns)
    )
    return [
        (region or "", str(domain), int(n))
        for region, domain, n in session.connection().execute(query)
    ]


def level_pairs(session: Session, filters: Filters) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(first levels, latest levels) of participants assessed again in the period."""
    ends = select_columns(
        col(PersonFact.first_assessment_id), col(PersonFact.latest_assessment_id)
    ).where(
        col(PersonFact.latest_assessed_at) >= filters.since,
        col(PersonFact.latest_assessed_at) < filters.until,
        col(PersonFact.first_assessment_id) != col(PersonFact.latest_assessment_id),
        *who(filters, PersonFact),
    )
    pairs = [
        (int(first or 0), int(last or 0)) for first, last in session.connection().execute(ends)
    ]
    wanted = sorted({i for pair in pairs for i in pair})
    profiles: dict[int, dict[str, str]] = {}
    for start in range(0, len(wanted), 500):
        for assessment_id, profile in session.connection().execute(
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
    fact = FollowUpFact
    group: Any = col(fact.gender)
    if split == "age":
        group = _age_band(col(fact.age))
    elif split == "region":
        group = col(fact.region_code)
    columns = (
        col(fact.due_months),
        col(fact.work),
        col(fact.studies),
        col(fact.housing),
        col(fact.in_group),
        group,
    )
    query = (
        select_columns(*columns, func.count())
        .where(col(fact.on) >= filters.start, col(fact.on) <= filters.end)
        .where(*who(filters, fact))
        .group_by(*columns)
    )
    return [
        OutcomeRow(int(m), w, s, h, bool(g), str(x or ""), int(n))
        for m, w, s, h, g, x, n in session.connection().execute(query)
    ]
