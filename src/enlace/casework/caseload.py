"""A case manager's caseload, and one participant's overview: the two pages' service reads.

Set-based: a few queries with columns only, whatever the size of the caseload. Each read
writes one audit entry (the caseload as a whole; the participant viewed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.assessments import latest_of
from enlace.casework.followups import DEFAULT_MONTHS, DuePoint, due_in_caseload
from enlace.casework.models import Consent, Disclosure, Participant, PlanGoal, Referral
from enlace.casework.plan import GoalLine, goal_lines
from enlace.casework.profiles import levels
from enlace.casework.referrals import DEFAULT_UNANSWERED_DAYS
from enlace.casework.vocab import OPEN_STATUSES, CaseworkAction, GoalStatus, Purpose
from enlace.catalogue.models import Offer
from enlace.db import utcnow

CASELOAD_TARGET = "caseload"
LIMIT = 200
_OPEN = [s.value for s in OPEN_STATUSES]
_OPEN_GOALS = [GoalStatus.NOT_STARTED.value, GoalStatus.IN_PROGRESS.value]


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    id: str
    code: str
    file_number: str | None
    year_of_birth: int
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class ReferralRow:
    id: int
    participant_id: str
    code: str
    offer_name_es: str
    offer_name_en: str | None
    status: str
    sent_at: datetime | None
    follow_up_on: date | None
    unanswered: bool


_REFERRAL_COLUMNS = (
    col(Referral.id),
    col(Participant.id),
    col(Participant.code),
    col(Offer.name_es),
    col(Offer.name_en),
    col(Referral.status),
    col(Referral.sent_at),
    col(Referral.follow_up_on),
)


def _referral_row(row: Any, cutoff: datetime) -> ReferralRow:
    sent_at = row[6]
    return ReferralRow(
        id=row[0],
        participant_id=row[1],
        code=row[2],
        offer_name_es=row[3],
        offer_name_en=row[4],
        status=row[5],
        sent_at=sent_at,
        follow_up_on=row[7],
        unanswered=row[5] == "sent" and sent_at is not None and sent_at <= cutoff,
    )


@dataclass(frozen=True, slots=True)
class GoalRow:
    id: int
    participant_id: str
    code: str
    domain: str
    target_date: date


@dataclass(frozen=True, slots=True)
class Caseload:
    participants: list[ParticipantRow]
    participant_count: int
    by_status: dict[str, int]  # open referrals per status
    open_referrals: list[ReferralRow]
    due_follow_ups: list[ReferralRow]
    unanswered: list[ReferralRow]
    goals_past_target: list[GoalRow]
    outcome_follow_ups: list[DuePoint] = field(default_factory=list)  # 3/6/12-month points


def caseload(
    session: Session,
    actor: User,
    *,
    today: date | None = None,
    unanswered_days: int = DEFAULT_UNANSWERED_DAYS,
    limit: int = LIMIT,
    follow_up_months: Sequence[int] = DEFAULT_MONTHS,
    request_info: RequestInfo | None = None,
) -> Caseload:
    """The actor's own participants (newest activity first) and what needs doing."""
    centre = scope.centre_of(actor)
    day = today or date.today()
    now = utcnow()
    mine = (col(Participant.centre_id) == centre, col(Participant.case_manager_id) == actor.id)
    count = session.exec(select(func.count()).select_from(Participant).where(*mine)).one()
    people = [
        ParticipantRow(*row)
        for row in session.execute(
            select_columns(
                col(Participant.id),
                col(Participant.code),
                col(Participant.file_number),
                col(Participant.year_of_birth),
                col(Participant.last_activity_at),
            )
            .where(*mine)
            .order_by(col(Participant.last_activity_at).desc(), col(Participant.id))
            .limit(limit)
        )
    ]
    cutoff = now - timedelta(days=unanswered_days)
    # Counted in SQL and each list limited: a caseload with thousands of open referrals
    # costs the same few small queries as one with ten.
    by_status = {
        str(status): int(n)
        for status, n in session.execute(
            select_columns(col(Referral.status), func.count())
            .join(Participant, col(Participant.id) == col(Referral.participant_id))
            .where(*mine, col(Referral.status).in_(_OPEN))
            .group_by(col(Referral.status))
        )
    }

    def referral_rows(*conditions: Any, order: Any) -> list[ReferralRow]:
        query = (
            select_columns(*_REFERRAL_COLUMNS)
            .join(Participant, col(Participant.id) == col(Referral.participant_id))
            .join(Offer, col(Offer.id) == col(Referral.offer_id))
            .where(*mine, *conditions)
            .order_by(*order)
            .limit(limit)
        )
        return [_referral_row(row, cutoff) for row in session.execute(query)]

    open_rows = referral_rows(col(Referral.status).in_(_OPEN), order=(col(Referral.id).desc(),))
    due = referral_rows(
        col(Referral.status).in_(_OPEN),
        col(Referral.follow_up_on).is_not(None),
        col(Referral.follow_up_on) <= day,
        order=(col(Referral.follow_up_on), col(Referral.id)),
    )
    unanswered = referral_rows(
        col(Referral.status) == "sent",
        col(Referral.sent_at).is_not(None),
        col(Referral.sent_at) <= cutoff,
        order=(col(Referral.sent_at), col(Referral.id)),
    )
    goals = [
        GoalRow(*row)
        for row in session.execute(
            select_columns(
                col(PlanGoal.id),
                col(Participant.id),
                col(Participant.code),
                col(PlanGoal.domain),
                col(PlanGoal.target_date),
            )
            .join(Participant, col(Participant.id) == col(PlanGoal.participant_id))
            .where(
                *mine,
                col(PlanGoal.status).in_(_OPEN_GOALS),
                col(PlanGoal.target_date) < day,
            )
            .order_by(col(PlanGoal.target_date), col(PlanGoal.id))
            .limit(limit)
        )
    ]
    record(
        session,
        actor,
        CaseworkAction.CASELOAD_VIEWED.value,
        CASELOAD_TARGET,
        actor.id,
        None,
        request_info,
        details={"purpose": Purpose.CASE_MANAGEMENT.value, "participants": len(people)},
    )
    return Caseload(
        participants=people,
        participant_count=int(count),
        by_status=by_status,
        open_referrals=open_rows,
        due_follow_ups=due,
        unanswered=unanswered,
        goals_past_target=goals,
        outcome_follow_ups=due_in_caseload(session, centre, actor.id, day, follow_up_months, limit),
    )


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
        _referral_row(row, cutoff)
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
