"""The referral and participant reads equal a plain count of the evaluation facts,
whether the period's whole months come from the monthly rollups or every row from the
facts."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from enlace.casework.facts import PersonFact, SentReferralFact
from enlace.evaluation import people, queries
from enlace.evaluation.queries import Filters, whole_months
from tests.unit.casework.conftest import World
from tests.unit.casework.random_casework import random_casework

PERIODS = [
    Filters(date(2025, 12, 1), date(2026, 1, 31)),  # two whole months
    Filters(date(2025, 12, 15), date(2026, 1, 31)),  # a partial month, then a whole one
    Filters(date(2025, 11, 1), date(2026, 1, 10)),  # whole months, then a partial one
    Filters(date(2025, 12, 20), date(2026, 1, 12)),  # no whole month
    Filters(date(2025, 12, 1), date(2026, 1, 31), region="7"),  # a region: the facts only
]


def _plain(session: Session, f: Filters) -> tuple[Counter[Any], Counter[Any], Counter[Any]]:
    facts: Counter[Any] = Counter()
    answers: Counter[Any] = Counter()
    service: Counter[Any] = Counter()
    for x in session.exec(select(SentReferralFact)).all():
        if not f.since <= x.sent_at < f.until or (f.region and x.region_code != f.region):
            continue
        facts[(x.offer_id, x.agreement_id, x.status, x.reason_code, x.quota_counted)] += 1
        answers[(x.region_code or "", x.days_to_answer)] += 1
        if x.days_to_service is not None:
            service[x.days_to_service] += 1
    return facts, answers, service


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("period", PERIODS, ids=lambda f: f"{f.start}-{f.end}-{f.region}")
def test_the_referral_reads_equal_a_plain_count(
    db_session: Session, world: World, seed: int, period: Filters
) -> None:
    random_casework(db_session, world, random.Random(seed))
    facts, answers, service = _plain(db_session, period)
    found = queries.referral_facts(db_session, period)
    assert (
        Counter(
            {
                (x.offer_id, x.agreement_id, x.status, x.reason, x.quota_counted): x.count
                for x in found
            }
        )
        == facts
    )
    times = (
        queries.answer_times(db_session, period, col(SentReferralFact.region_code))
        if period.region
        else queries.answer_times_by_region(db_session, period)
    )
    assert (
        Counter(
            {(g, days): n for g, per_day in times.per_group.items() for days, n in per_day.items()}
        )
        == answers
    )
    assert Counter(times.to_service) == service
    assert sum(facts.values()) > 0, "the random casework sent referrals in the period"


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("period", PERIODS, ids=lambda f: f"{f.start}-{f.end}-{f.region}")
def test_the_participant_funnel_equals_a_plain_count(
    db_session: Session, world: World, seed: int, period: Filters
) -> None:
    random_casework(db_session, world, random.Random(seed))
    plain: Counter[Any] = Counter()
    for x in db_session.exec(select(PersonFact)).all():
        at = x.first_assessed_at
        if at is None or not period.since <= at < period.until:
            continue
        if period.region and x.region_code != period.region:
            continue
        stage = max(1 if x.planned else 0, x.reach)
        plain[(f"{at.astimezone(UTC):%Y-%m}", x.region_code or "", x.centre_id, stage)] += 1
    found = people.person_reach(db_session, period)
    assert Counter({(m, r, c, s): n for m, r, c, s, n in found}) == plain
    assert len(found) == len(plain)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2027, 1, 1))),
        (date(2026, 1, 2), date(2026, 3, 30), (date(2026, 2, 1), date(2026, 3, 1))),
        (date(2025, 12, 2), date(2026, 2, 28), (date(2026, 1, 1), date(2026, 3, 1))),
        (date(2026, 1, 2), date(2026, 1, 30), None),
    ],
)
def test_whole_months(start: date, end: date, months: tuple[date, date] | None) -> None:
    assert whole_months(Filters(start, end)) == months
