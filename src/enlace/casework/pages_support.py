"""Reads the casework pages need beyond the domain services: one referral's page (audited
like every view of participant data), the offers and agreements a referral may name, and
the centres a participant may be transferred to.

Scope is the domain's (:mod:`enlace.casework.scope`); nothing here imports Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import lifecycle, scope, trail
from enlace.casework.consent import problem
from enlace.casework.models import (
    Consent,
    GoalReferral,
    Participant,
    PlanGoal,
    RecipientLink,
    Referral,
    ReferralEvent,
)
from enlace.casework.vocab import Actor, CaseworkAction, ConsentPurpose, Purpose, ReferralStatus
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.vocab import Sector
from enlace.db import utcnow
from enlace.network.listing import AgreementSummary, agreements_by_ids
from enlace.network.service import access_for


@dataclass(frozen=True, slots=True)
class ReferralPage:
    """Everything one referral's page shows, in scope and audited."""

    referral: Referral
    participant: Participant
    offer: Offer
    agency: Agency | None
    agreement: AgreementSummary | None
    events: list[ReferralEvent]
    links: list[RecipientLink]
    consent: Consent | None
    consent_problem: str | None  # why the attached consent does not allow sharing (None: ok)
    consent_recorded_by: str | None  # who recorded the consent (display name)
    consents: list[Consent]  # the participant's valid consents for the offer's agency
    goals: list[PlanGoal]  # the goals the referral serves
    plan: list[PlanGoal]  # every goal of the participant's plan (to link)
    moves: list[ReferralStatus]  # what the centre may do next


def _valid_consents(
    session: Session, participant_id: str, agency_id: str, purpose: ConsentPurpose
) -> list[Consent]:
    now = utcnow()
    found = session.exec(
        select(Consent)
        .where(col(Consent.participant_id) == participant_id)
        .order_by(col(Consent.id).desc())
    )
    return [
        c for c in found if problem(c, now, recipient_agency_id=agency_id, purpose=purpose) is None
    ]


def _display_name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else None


def referral_page(
    session: Session, actor: User, referral_id: int, request_info: RequestInfo | None = None
) -> ReferralPage:
    referral, participant = scope.referral(session, actor, referral_id)
    offer = session.get(Offer, referral.offer_id)
    assert offer is not None  # a foreign key
    consent = session.get(Consent, referral.consent_id) if referral.consent_id else None
    agreement = None
    if referral.agreement_id is not None:
        agreement = agreements_by_ids(session, [referral.agreement_id], on=date.today()).get(
            referral.agreement_id
        )
    events = session.exec(
        select(ReferralEvent)
        .where(col(ReferralEvent.referral_id) == referral.id)
        .order_by(col(ReferralEvent.id))
    )
    links = session.exec(
        select(RecipientLink)
        .where(col(RecipientLink.referral_id) == referral.id)
        .order_by(col(RecipientLink.id).desc())
    )
    goals = session.exec(
        select(PlanGoal)
        .join(GoalReferral, col(GoalReferral.goal_id) == col(PlanGoal.id))
        .where(col(GoalReferral.referral_id) == referral.id)
        .order_by(col(PlanGoal.id))
    )
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_VIEWED,
        participant,
        Purpose.REFERRAL,
        request_info,
        referral=referral.id,
    )
    return ReferralPage(
        referral=referral,
        participant=participant,
        offer=offer,
        agency=session.get(Agency, offer.agency_id),
        agreement=agreement,
        events=list(events),
        links=list(links),
        consent=consent,
        consent_problem=problem(
            consent,
            utcnow(),
            recipient_agency_id=offer.agency_id,
            purpose=ConsentPurpose.REFERRAL,
        ),
        consent_recorded_by=_display_name(session, consent.recorded_by_id if consent else None),
        consents=_valid_consents(session, participant.id, offer.agency_id, ConsentPurpose.REFERRAL),
        goals=list(goals),
        plan=list(
            session.exec(
                select(PlanGoal)
                .where(col(PlanGoal.participant_id) == participant.id)
                .order_by(col(PlanGoal.domain), col(PlanGoal.id))
            )
        ),
        moves=lifecycle.next_statuses(referral.status, Actor.CENTRE),
    )


def viewed(
    session: Session,
    actor: User,
    participant_id: str,
    page: str,
    request_info: RequestInfo | None = None,
) -> Participant:
    """The participant, in scope, with the audit entry of a page that shows them (the
    pages whose own service read does not audit: plan, matches, forms)."""
    participant = scope.participant(session, actor, participant_id)
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_VIEWED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        page=page,
    )
    return participant


def priority_agreements(
    session: Session, centre_id: str, offer_id: str, on: date
) -> list[AgreementSummary]:
    """The agreements in force that give the centre priority to this offer."""
    access = access_for(session, centre_id, [offer_id], on).get(offer_id)
    if access is None:
        return []
    found = agreements_by_ids(session, access.agreements, on=on)
    return [found[a] for a in access.agreements if a in found]


def transfer_centres(session: Session, actor: User) -> list[Agency]:
    """The treatment centres a participant of the actor's centre may move to."""
    own = scope.centre_of(actor)
    return list(
        session.exec(
            select(Agency)
            .where(col(Agency.sector) == Sector.TREATMENT_CENTRE.value, col(Agency.id) != own)
            .order_by(col(Agency.name_es))
        )
    )


def transfer_consents(session: Session, actor: User, participant_id: str) -> list[Consent]:
    """The participant's valid transfer consents (the transfer form offers them)."""
    participant = scope.participant(session, actor, participant_id)
    now = utcnow()
    return [
        c
        for c in session.exec(
            select(Consent)
            .where(col(Consent.participant_id) == participant.id)
            .order_by(col(Consent.id).desc())
        )
        if problem(c, now, purpose=ConsentPurpose.TRANSFER) is None
    ]


def agency_names(session: Session, agency_ids: list[str]) -> dict[str, str]:
    """Agency id -> Spanish name (consent and disclosure lists name the recipient)."""
    if not agency_ids:
        return {}
    rows = session.exec(
        select(Agency.id, Agency.name_es).where(col(Agency.id).in_(sorted(set(agency_ids))))
    )
    return dict(rows.all())
