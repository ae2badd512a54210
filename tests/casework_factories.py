"""A small casework record for page tests: a participant of a staff member's centre with an
assessment, a plan goal, a referral sent under a valid consent, and an agency link.

Built with the casework services (so the rows are what the pages will meet), committed by
the caller. Ids are chosen where the pages' URLs need them (``participant_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from enlace.accounts.models import User
from enlace.casework import assessments, consent, facts, links, participants, plan, referrals
from enlace.casework.consent import ConsentDraft
from enlace.casework.models import Participant
from enlace.casework.participants import ParticipantDraft
from enlace.casework.plan import GoalDraft
from enlace.casework.referrals import ReferralDraft
from enlace.catalogue.models import Offer
from tests.factories import make_agency, make_offer


@dataclass(frozen=True)
class Case:
    participant_id: str
    code: str
    referral_id: int
    goal_id: int
    consent_id: int
    link_id: int
    token: str
    offer_slug: str


def make_case(
    session: Session,
    staff: User,
    *,
    participant_id: str | None = None,
    offer_slug: str | None = None,
    offer: Offer | None = None,
) -> Case:
    """A participant of ``staff``'s centre with one of everything (flushed, not committed)."""
    created = participants.create(session, staff, ParticipantDraft(year_of_birth=1990))
    if participant_id is not None:  # the URL-map tests use fixed path values
        session.flush()
        # the evaluation facts point at the id: drop them, rename, build them again
        facts.forget(session.connection(), participant_ids=[created.id])
        session.execute(
            Participant.__table__.update()  # type: ignore[attr-defined]
            .where(Participant.__table__.c.id == created.id)  # type: ignore[attr-defined]
            .values(id=participant_id)
        )
        facts.refresh(session.connection(), [participant_id])
        session.expire_all()
    person = session.get(Participant, participant_id or created.id)
    assert person is not None
    assessments.record(
        session,
        staff,
        person.id,
        {"needs": {"employment": "high"}},
        instrument="enlace",
        rule_version="test",
    )
    goal = plan.create_goal(session, staff, person.id, GoalDraft("employment", "Trabajo"))
    if offer is None:
        agency = make_agency(session)
        extra = {"slug": offer_slug} if offer_slug else {}
        offer = make_offer(session, agency, domains={"employment": "primary"}, **extra)
    referral = referrals.create(
        session, staff, person.id, ReferralDraft(offer_id=offer.id, goal_ids=(goal.id or 0,))
    )
    today = date.today()
    given = consent.record(
        session,
        staff,
        person.id,
        ConsentDraft(
            recipient_agency_id=offer.agency_id,
            categories=["age", "needs"],
            given_on=today,
            expires_on=today + timedelta(days=90),
            method="signed_paper",
        ),
    )
    referrals.attach_consent(session, staff, referral.id or 0, given.id or 0)
    referrals.send(session, staff, referral.id or 0)
    link, token = links.create(session, staff, referral.id or 0)
    session.flush()
    return Case(
        participant_id=person.id,
        code=person.code,
        referral_id=referral.id or 0,
        goal_id=goal.id or 0,
        consent_id=given.id or 0,
        link_id=link.id or 0,
        token=token,
        offer_slug=offer.slug,
    )
