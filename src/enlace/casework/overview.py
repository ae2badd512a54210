"""One participant's overview: the participant page's service read (who, pseudonymously;
needs now; plan; referrals; consents), audited as a view of that participant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.assessments import latest_of
from enlace.casework.caseload import ReferralRow, referral_row
from enlace.casework.models import Consent, Disclosure, Participant, Referral
from enlace.casework.plan import GoalLine, goal_lines
from enlace.casework.profiles import levels
from enlace.casework.referrals import DEFAULT_UNANSWERED_DAYS
from enlace.casework.vocab import CaseworkAction, Purpose
from enlace.catalogue.models import Offer
from enlace.db import utcnow


@dataclass(frozen=True, slots=True)
class ConsentRow:
    id: int
    recipient_agency_id: str
    purpose: str
    categories: tuple[str, ...]
    expires_on: date
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Overview:
    """The participant page: who (pseudonymously), needs now, plan, referrals, consents."""

    participant: Participant
    assessed_at: datetime | None
    levels: dict[str, str]
    goals: list[GoalLine]
    referrals: list[ReferralRow]
    consents: list[ConsentRow]
    disclosures: int


def overview(
    session: Session,
    actor: User,
    participant_id: str,
    *,
    unanswered_days: int = DEFAULT_UNANSWERED_DAYS,
    request_info: RequestInfo | None = None,
) -> Overview:
    participant = scope.participant(session, actor, participant_id)
    latest = latest_of(session, participant.id)
    cutoff = utcnow() - timedelta(days=unanswered_days)
    referral_rows = [
        referral_row(row, cutoff)
        for row in session.execute(
            select_columns(
                col(Referral.id),
                col(Referral.participant_id),
                col(Participant.code),
                col(Offer.name_es),
                col(Offer.name_en),
                col(Referral.status),
                col(Referral.sent_at),
                col(Referral.follow_up_on),
            )
            .join(Participant, col(Participant.id) == col(Referral.participant_id))
            .join(Offer, col(Offer.id) == col(Referral.offer_id))
            .where(col(Referral.participant_id) == participant.id)
            .order_by(col(Referral.id).desc())
        )
    ]
    consents = [
        ConsentRow(
            c.id or 0,
            c.recipient_agency_id,
            c.purpose,
            tuple(c.categories),
            c.expires_on,
            c.revoked_at,
        )
        for c in session.exec(
            select(Consent)
            .where(col(Consent.participant_id) == participant.id)
            .order_by(col(Consent.id).desc())
        )
    ]
    disclosures = session.exec(
        select(func.count())
        .select_from(Disclosure)
        .where(col(Disclosure.participant_id) == participant.id)
    ).one()
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_VIEWED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
    )
    return Overview(
        participant=participant,
        assessed_at=latest.assessed_at if latest is not None else None,
        levels=levels(latest.profile if latest is not None else {}),
        goals=goal_lines(session, participant.id),
        referrals=referral_rows,
        consents=consents,
        disclosures=int(disclosures),
    )
