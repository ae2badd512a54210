"""Casework rows written straight to the tables: the dashboard reads them, nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from enlace.casework.codes import new_code
from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from tests.unit.casework.conftest import World, make_world

DAY = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 12, tzinfo=UTC)


def person(
    session: Session,
    world: World,
    *,
    region: str = "7",
    statuses: tuple[str, ...] = (),
    answer_days: int | None = 3,
    gender: str = "female",
    high: tuple[str, ...] = ("employment",),
    follow_up: str | None = None,
) -> Participant:
    """A participant assessed and planned on :data:`AT` with referrals in ``statuses``."""
    participant = Participant(
        code=new_code(),
        year_of_birth=1990,
        centre_id=world.centre.id,
        region_code=region,
        attributes={"gender": {"value": gender}},
    )
    session.add(participant)
    session.flush()
    session.add(
        Assessment(
            participant_id=participant.id,
            assessed_at=AT,
            instrument="enlace-short",
            rule_version="1",
            profile={"needs": {d: "high" for d in high}},
            high_unmet=list(high),
        )
    )
    session.add(
        PlanGoal(participant_id=participant.id, domain="employment", text="x", created_at=AT)
    )
    for status in statuses:
        referral = Referral(
            participant_id=participant.id,
            centre_id=world.centre.id,
            offer_id=world.offer.id,
            agreement_id=world.agreement.id,
            quota_counted=True,
            status=status,
            reason_code="no_capacity" if status == "declined" else None,
            sent_at=AT,
        )
        session.add(referral)
        session.flush()
        if answer_days is not None and status != "sent":
            session.add(
                ReferralEvent(
                    referral_id=referral.id or 0,
                    at=AT + timedelta(days=answer_days),
                    from_status="sent",
                    to_status="declined" if status == "declined" else "accepted",
                )
            )
    if follow_up is not None:
        session.add(
            FollowUp(
                participant_id=participant.id,
                due_months=3,
                work=follow_up,
                studies="none",
                housing="stable",
                on=DAY + timedelta(days=90),
            )
        )
    session.flush()
    return participant


@pytest.fixture
def world(db_session: Session) -> World:
    return make_world(db_session)
