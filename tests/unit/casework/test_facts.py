"""The evaluation facts equal a naive recomputation from the casework rows, whatever random
casework did before (new people, assessments, goals, referrals and their answers, status
changes, moves between centres and regions, deletions)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from enlace.casework.codes import new_code
from enlace.casework.facts import (
    STATUS_REACH,
    PersonFact,
    SentReferralFact,
    gender_of,
    refresh_all,
)
from enlace.casework.models import Assessment, Participant, PlanGoal, Referral, ReferralEvent
from tests.unit.casework.conftest import World

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
STATUSES = ("draft", "sent", "accepted", "waitlisted", "declined", "in_service", "completed",
            "not_completed", "cancelled")  # fmt: skip


def _naive(session: Session) -> tuple[dict[str, Any], dict[int, Any]]:
    """The facts straight from the casework rows, by their definition."""
    people: dict[str, Any] = {}
    for p in session.exec(select(Participant)).all():
        assessments = session.exec(
            select(Assessment).where(col(Assessment.participant_id) == p.id)
        ).all()
        sent = session.exec(
            select(Referral).where(
                col(Referral.participant_id) == p.id, col(Referral.sent_at).is_not(None)
            )
        ).all()
        latest = max(assessments, key=lambda a: a.id or 0) if assessments else None
        people[p.id] = (
            p.region_code,
            p.centre_id,
            min((a.assessed_at for a in assessments), default=None),
            max((a.assessed_at for a in assessments), default=None),
            min((a.id or 0 for a in assessments), default=None),
            latest.id if latest else None,
            bool(session.exec(select(PlanGoal).where(col(PlanGoal.participant_id) == p.id)).all()),
            max((STATUS_REACH.get(r.status, 1) for r in sent), default=0),
            ",".join(sorted(set(latest.high_unmet))) if latest else "",
            gender_of(p.attributes),
            p.year_of_birth,
        )
    referrals: dict[int, Any] = {}
    for r in session.exec(select(Referral).where(col(Referral.sent_at).is_not(None))).all():
        owner = session.get(Participant, r.participant_id)
        assert owner is not None and r.sent_at is not None
        events = session.exec(
            select(ReferralEvent).where(col(ReferralEvent.referral_id) == r.id)
        ).all()

        def first(statuses: tuple[str, ...], events: Any = events) -> datetime | None:
            return min((e.at for e in events if e.to_status in statuses), default=None)

        def days(at: datetime | None, sent: datetime = r.sent_at) -> int | None:
            return None if at is None else max((at - sent).days, 0)

        referrals[r.id or 0] = (
            r.participant_id,
            r.sent_at,
            owner.region_code,
            owner.centre_id,
            r.offer_id,
            r.agreement_id,
            r.status,
            r.reason_code,
            r.quota_counted,
            days(first(("accepted", "waitlisted", "declined"))),
            days(first(("in_service",))),
        )
    return people, referrals


def _stored(session: Session) -> tuple[dict[str, Any], dict[int, Any]]:
    people = {
        f.participant_id: (
            f.region_code,
            f.centre_id,
            f.first_assessed_at,
            f.latest_assessed_at,
            f.first_assessment_id,
            f.latest_assessment_id,
            f.planned,
            f.reach,
            f.high_unmet,
            f.gender,
            f.year_of_birth,
        )
        for f in session.exec(select(PersonFact)).all()
    }
    referrals = {
        f.referral_id: (
            f.participant_id,
            f.sent_at,
            f.region_code,
            f.centre_id,
            f.offer_id,
            f.agreement_id,
            f.status,
            f.reason_code,
            f.quota_counted,
            f.days_to_answer,
            f.days_to_service,
        )
        for f in session.exec(select(SentReferralFact)).all()
    }
    return people, referrals


def _random_casework(session: Session, world: World, rng: random.Random) -> None:
    people: list[Participant] = []
    referrals: list[Referral] = []
    for step in range(60):
        at = START + timedelta(hours=7 * step)
        roll = rng.random()
        if roll < 0.2 or not people:
            p = Participant(
                code=new_code(),
                year_of_birth=rng.randint(1960, 2005),
                centre_id=rng.choice([world.centre.id, world.other_centre.id]),
                region_code=rng.choice(["7", "13", None]),
                attributes=rng.choice([{}, {"gender": "male"}, {"gender": {"value": "female"}}]),
            )
            session.add(p)
            session.flush()  # no ORM relationship orders it before its rows
            people.append(p)
        elif roll < 0.35:
            session.add(
                Assessment(
                    participant_id=rng.choice(people).id,
                    assessed_at=at - timedelta(days=rng.randrange(30)),
                    instrument="enlace-short",
                    rule_version="1",
                    profile={},
                    high_unmet=rng.sample(["employment", "housing", "education"], rng.randrange(3)),
                )
            )
        elif roll < 0.45:
            session.add(
                PlanGoal(participant_id=rng.choice(people).id, domain="employment", text="x")
            )
        elif roll < 0.65:
            status = rng.choice(STATUSES)
            r = Referral(
                participant_id=rng.choice(people).id,
                centre_id=world.centre.id,
                offer_id=world.offer.id,
                agreement_id=rng.choice([None, world.agreement.id]),
                quota_counted=rng.random() < 0.5,
                status=status,
                sent_at=None if status == "draft" else at - timedelta(days=rng.randrange(20)),
            )
            session.add(r)
            referrals.append(r)
        elif roll < 0.8 and referrals:
            r = rng.choice(referrals)
            status = rng.choice(STATUSES[1:])
            session.flush()
            session.add(
                ReferralEvent(referral_id=r.id or 0, at=at, from_status=r.status, to_status=status)
            )
            r.status = status
            r.reason_code = "no_capacity" if status == "declined" else None
            r.sent_at = r.sent_at or at - timedelta(days=1)
            session.add(r)
        elif roll < 0.88:
            p = rng.choice(people)
            p.centre_id = (
                world.other_centre.id if p.centre_id == world.centre.id else world.centre.id
            )
            p.region_code = rng.choice(["7", "13"])
            session.add(p)
        elif roll < 0.94 and referrals:
            r = referrals.pop(rng.randrange(len(referrals)))
            session.flush()
            session.delete(r)
        elif len(people) > 1:
            p = people.pop(rng.randrange(len(people)))
            referrals = [r for r in referrals if r.participant_id != p.id]
            session.flush()
            session.delete(p)
        if rng.random() < 0.5:
            session.flush()
            session.expire_all()
    session.flush()
    session.expire_all()


@pytest.mark.parametrize("seed", range(5))
def test_the_facts_equal_a_naive_recomputation(
    db_session: Session, world: World, seed: int
) -> None:
    _random_casework(db_session, world, random.Random(seed))
    stored = _stored(db_session)
    assert stored == _naive(db_session)
    assert stored[0], "the random casework made participants"


def test_refresh_all_rebuilds_what_a_bulk_load_left_out(db_session: Session, world: World) -> None:
    _random_casework(db_session, world, random.Random(11))
    expected = _stored(db_session)
    db_session.execute(SentReferralFact.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(PersonFact.__table__.delete())  # type: ignore[attr-defined]
    assert _stored(db_session) == ({}, {})
    refresh_all(db_session.connection())
    assert _stored(db_session) == expected
