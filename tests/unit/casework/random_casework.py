"""Random casework for the tests that check derived rows (the evaluation facts and their
rollups) against a recomputation: new people, assessments, goals, referrals and their
answers, status changes, moves between centres and regions, deletions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from enlace.casework.codes import new_code
from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from tests.unit.casework.conftest import World

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
STATUSES = ("draft", "sent", "accepted", "waitlisted", "declined", "in_service", "completed",
            "not_completed", "cancelled")  # fmt: skip


def _follow_up(session: Session, person: Participant, at: datetime, rng: random.Random) -> None:
    """Record (or correct) one of the person's follow-ups."""
    months = rng.choice([3, 6, 12])
    found = session.exec(
        select(FollowUp).where(
            col(FollowUp.participant_id) == person.id, col(FollowUp.due_months) == months
        )
    ).first()
    follow_up = found or FollowUp(participant_id=person.id, due_months=months, work="none",
                                  studies="none", housing="stable", on=at.date())  # fmt: skip
    follow_up.work = rng.choice(["formal", "informal", "none"])
    follow_up.in_group = rng.random() < 0.5
    follow_up.on = (at - timedelta(days=rng.randrange(400))).date()
    session.add(follow_up)


def random_casework(session: Session, world: World, rng: random.Random) -> None:
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
        if people and rng.random() < 0.2:
            _follow_up(session, rng.choice(people), at, rng)
        if rng.random() < 0.5:
            session.flush()
            session.expire_all()
    session.flush()
    session.expire_all()
