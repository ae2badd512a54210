"""A case manager's caseload: what needs doing, each list most urgent first.

Set-based: a few queries with columns only, whatever the size of the caseload; the page
shows the first rows of each list with the list's exact size, and :func:`section` pages
through one whole list. Each read writes one audit entry (the caseload as a whole).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.casework import scope
from enlace.casework.followups import DEFAULT_MONTHS, DuePoint, due_in_caseload
from enlace.casework.models import Participant, PlanGoal, Referral
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


def referral_row(row: Any, cutoff: datetime) -> ReferralRow:
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


class Section(StrEnum):
    """The caseload page's lists, most urgent first; each can be seen whole, a page at a time."""

    UNANSWERED = "unanswered"
    FOLLOW_UPS = "follow_ups"
    OUTCOMES = "outcome_follow_ups"
    GOALS = "goals"
    OPEN = "open"
    PARTICIPANTS = "participants"


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
    counts: dict[Section, int] = field(default_factory=dict)  # every row of each list


SectionRow = ParticipantRow | ReferralRow | GoalRow | DuePoint


@dataclass(frozen=True, slots=True)
class SectionPage:
    """One page of one of the caseload's lists, and how many rows the whole list has."""

    section: Section
    rows: list[SectionRow]
    total: int


@dataclass(frozen=True, slots=True)
class OpenReferral:
    id: int
    participant_id: str
    status: str
    sent_at: datetime | None
    follow_up_on: date | None


class _Reads:
    """The caseload's queries for one case manager: each list in urgency order, a slice at
    a time, and every count in two small aggregate queries. The filters follow the
    composite indexes of migration 0015 (participant by centre and case manager; their
    referrals by status; their goals by status and target date)."""

    def __init__(
        self, session: Session, actor: User, day: date, unanswered_days: int, months: Sequence[int]
    ) -> None:
        self.session = session
        self.centre = scope.centre_of(actor)
        self.manager = actor.id
        self.day = day
        self.months = months
        self.cutoff = utcnow() - timedelta(days=unanswered_days)
        self._open: list[OpenReferral] | None = None
        self.mine = (
            col(Participant.centre_id) == self.centre,
            col(Participant.case_manager_id) == actor.id,
        )

    def people(self, offset: int, limit: int) -> list[ParticipantRow]:
        query = (
            select_columns(
                col(Participant.id),
                col(Participant.code),
                col(Participant.file_number),
                col(Participant.year_of_birth),
                col(Participant.last_activity_at),
            )
            .where(*self.mine)
            .order_by(col(Participant.last_activity_at).desc(), col(Participant.id))
            .offset(offset)
            .limit(limit)
        )
        return [ParticipantRow(*row) for row in self.session.execute(query)]

    def open_referrals(self) -> list[OpenReferral]:
        """Every open referral of the caseload, the columns that sort and count them only
        (an index-only scan of ``ix_referral_participant_status_sent``)."""
        if self._open is None:
            self._open = [
                OpenReferral(*row)
                for row in self.session.execute(
                    select_columns(
                        col(Referral.id),
                        col(Referral.participant_id),
                        col(Referral.status),
                        col(Referral.sent_at),
                        col(Referral.follow_up_on),
                    )
                    .join(Participant, col(Participant.id) == col(Referral.participant_id))
                    .where(*self.mine, col(Referral.status).in_(_OPEN))
                )
            ]
        return self._open

    def ordered(self, section: Section) -> list[OpenReferral]:
        """One referral list, most urgent first."""
        rows = self.open_referrals()
        if section is Section.UNANSWERED:
            late = [
                r for r in rows if r.status == "sent" and r.sent_at and r.sent_at <= self.cutoff
            ]
            return sorted(late, key=lambda r: (r.sent_at, r.id))
        if section is Section.FOLLOW_UPS:
            due = [r for r in rows if r.follow_up_on is not None and r.follow_up_on <= self.day]
            return sorted(due, key=lambda r: (r.follow_up_on, r.id))
        return sorted(rows, key=lambda r: r.id, reverse=True)

    def referral_rows(self, wanted: Sequence[OpenReferral]) -> list[ReferralRow]:
        """What the lists show of these referrals (one query, by primary keys), in order."""
        if not wanted:
            return []
        ids = [r.id for r in wanted]
        found = {
            row[0]: referral_row(row, self.cutoff)
            for row in self.session.execute(
                select_columns(*_REFERRAL_COLUMNS)
                .join(Participant, col(Participant.id) == col(Referral.participant_id))
                .join(Offer, col(Offer.id) == col(Referral.offer_id))
                .where(
                    col(Referral.id).in_(ids),
                    col(Participant.id).in_({r.participant_id for r in wanted}),
                    *self.mine,
                )
            )
        }
        return [found[i] for i in ids if i in found]

    def _goal_conditions(self) -> tuple[Any, ...]:
        return (
            *self.mine,
            col(PlanGoal.status).in_(_OPEN_GOALS),
            col(PlanGoal.target_date) < self.day,
        )

    def goals(self, offset: int, limit: int) -> list[GoalRow]:
        query = (
            select_columns(
                col(PlanGoal.id),
                col(Participant.id),
                col(Participant.code),
                col(PlanGoal.domain),
                col(PlanGoal.target_date),
            )
            .join(Participant, col(Participant.id) == col(PlanGoal.participant_id))
            .where(*self._goal_conditions())
            .order_by(col(PlanGoal.target_date), col(PlanGoal.id))
            .offset(offset)
            .limit(limit)
        )
        return [GoalRow(*row) for row in self.session.execute(query)]

    def outcomes(self) -> list[DuePoint]:
        return due_in_caseload(self.session, self.centre, self.manager, self.day, self.months, None)

    def counts(self) -> tuple[dict[str, int], dict[Section, int]]:
        """Open referrals per status, and the size of every list."""
        by_status = Counter(r.status for r in self.open_referrals())
        counts = dict.fromkeys(Section, 0)
        counts[Section.OPEN] = sum(by_status.values())
        counts[Section.UNANSWERED] = len(self.ordered(Section.UNANSWERED))
        counts[Section.FOLLOW_UPS] = len(self.ordered(Section.FOLLOW_UPS))
        people, goals = self.session.execute(
            select_columns(
                select_columns(func.count()).where(*self.mine).scalar_subquery(),
                select_columns(func.count())
                .select_from(PlanGoal)
                .join(Participant, col(Participant.id) == col(PlanGoal.participant_id))
                .where(*self._goal_conditions())
                .scalar_subquery(),
            )
        ).one()
        counts[Section.PARTICIPANTS] = int(people)
        counts[Section.GOALS] = int(goals)
        return dict(by_status), counts


def _audit(session: Session, actor: User, request_info: RequestInfo | None, **details: Any) -> None:
    record(
        session,
        actor,
        CaseworkAction.CASELOAD_VIEWED.value,
        CASELOAD_TARGET,
        actor.id,
        None,
        request_info,
        details={"purpose": Purpose.CASE_MANAGEMENT.value, **details},
    )


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
    """The actor's own participants (newest activity first) and what needs doing: the
    first ``limit`` rows of each list, and how many each list has in all."""
    reads = _Reads(session, actor, today or date.today(), unanswered_days, follow_up_months)
    by_status, counts = reads.counts()
    people = reads.people(0, limit)
    outcomes = reads.outcomes()
    counts[Section.OUTCOMES] = len(outcomes)
    lists = {
        s: reads.ordered(s)[:limit] for s in (Section.OPEN, Section.FOLLOW_UPS, Section.UNANSWERED)
    }
    wanted = {r.id: r for rows in lists.values() for r in rows}
    shown = {r.id: r for r in reads.referral_rows(list(wanted.values()))}
    _audit(session, actor, request_info, participants=len(people))
    return Caseload(
        participants=people,
        participant_count=counts[Section.PARTICIPANTS],
        by_status=by_status,
        open_referrals=[shown[r.id] for r in lists[Section.OPEN] if r.id in shown],
        due_follow_ups=[shown[r.id] for r in lists[Section.FOLLOW_UPS] if r.id in shown],
        unanswered=[shown[r.id] for r in lists[Section.UNANSWERED] if r.id in shown],
        goals_past_target=reads.goals(0, limit) if counts[Section.GOALS] else [],
        outcome_follow_ups=outcomes[:limit],
        counts=counts,
    )


def section(
    session: Session,
    actor: User,
    which: Section,
    *,
    offset: int = 0,
    limit: int = LIMIT,
    today: date | None = None,
    unanswered_days: int = DEFAULT_UNANSWERED_DAYS,
    follow_up_months: Sequence[int] = DEFAULT_MONTHS,
    request_info: RequestInfo | None = None,
) -> SectionPage:
    """One whole list of the caseload, ``limit`` rows from ``offset``, with its size."""
    reads = _Reads(session, actor, today or date.today(), unanswered_days, follow_up_months)
    rows: list[SectionRow]
    if which is Section.OUTCOMES:
        every = reads.outcomes()
        rows, total = list(every[offset : offset + limit]), len(every)
    else:
        total = reads.counts()[1][which]
        if which is Section.PARTICIPANTS:
            rows = list(reads.people(offset, limit))
        elif which is Section.GOALS:
            rows = list(reads.goals(offset, limit))
        else:
            rows = list(reads.referral_rows(reads.ordered(which)[offset : offset + limit]))
    _audit(session, actor, request_info, section=which.value, offset=offset, rows=len(rows))
    return SectionPage(which, rows, total)
