"""A case manager's caseload: what needs doing, each list most urgent first.

Set-based: a few queries with columns only, whatever the size of the caseload; the page
shows the first rows of each list with the list's exact size, and :func:`section` pages
through one whole list. Each read writes one audit entry (the caseload as a whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, literal, true, union_all
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


#: The participant's code by primary key, one lookup per row shown (a join lets PostgreSQL
#: pick a scan of every participant for a few dozen rows).
_CODE = (
    select_columns(col(Participant.code))
    .where(col(Participant.id) == col(Referral.participant_id))
    .scalar_subquery()
)
_REFERRAL_COLUMNS = (
    col(Referral.id),
    col(Referral.participant_id),
    _CODE,
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

    def _late(self) -> Any:
        return and_(
            col(Referral.status) == "sent",
            col(Referral.sent_at).is_not(None),
            col(Referral.sent_at) <= self.cutoff,
        )

    def _due(self) -> Any:
        return and_(col(Referral.follow_up_on).is_not(None), col(Referral.follow_up_on) <= self.day)

    def _ids(self, section: Section, offset: int, limit: int) -> Any:
        """One referral list's page: (list, id, participant id), an index-only scan of
        ``ix_referral_participant_status_sent`` per participant, sorted and cut in SQL."""
        order: tuple[Any, ...]
        if section is Section.UNANSWERED:
            condition, order = self._late(), (col(Referral.sent_at), col(Referral.id))
        elif section is Section.FOLLOW_UPS:
            condition, order = self._due(), (col(Referral.follow_up_on), col(Referral.id))
        else:
            condition, order = true(), (col(Referral.id).desc(),)
        return (
            select_columns(
                literal(section.value).label("list"),
                col(Referral.id).label("id"),
                col(Referral.participant_id).label("participant_id"),
            )
            .join(Participant, col(Participant.id) == col(Referral.participant_id))
            .where(*self.mine, col(Referral.status).in_(_OPEN), condition)
            .order_by(*order)
            .offset(offset)
            .limit(limit)
            .subquery()
        )

    def referral_lists(
        self, sections: Sequence[Section], offset: int, limit: int
    ) -> dict[Section, list[ReferralRow]]:
        """A page of each referral list, most urgent first: the ids of all of them in one
        query, then what the lists show of those referrals in one more (by primary keys)."""
        lists: dict[Section, list[ReferralRow]] = {s: [] for s in sections}
        parts = [self._ids(s, offset, limit) for s in sections]
        picked = self.session.execute(
            union_all(*(select_columns(p.c.list, p.c.id, p.c.participant_id) for p in parts))
        ).all()
        if not picked:
            return lists
        found = {
            row[0]: referral_row(row, self.cutoff)
            for row in self.session.execute(
                select_columns(*_REFERRAL_COLUMNS)
                .join(Offer, col(Offer.id) == col(Referral.offer_id))
                .where(
                    col(Referral.id).in_({i for _, i, _ in picked}),
                    col(Referral.participant_id).in_({p for _, _, p in picked}),
                )
            )
        }
        for name, referral_id, _ in picked:
            if referral_id in found:
                lists[Section(name)].append(found[referral_id])
        for section, rows in lists.items():  # the order the SQL cut them in
            if section is Section.UNANSWERED:
                rows.sort(key=lambda r: (r.sent_at or datetime.min, r.id))
            elif section is Section.FOLLOW_UPS:
                rows.sort(key=lambda r: (r.follow_up_on or date.min, r.id))
            else:
                rows.sort(key=lambda r: r.id, reverse=True)
        return lists

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
        """Open referrals per status, and the size of every list (two aggregate queries,
        the referrals' index-only)."""
        by_status: dict[str, int] = {}
        counts = dict.fromkeys(Section, 0)
        for status, n, due, late in self.session.execute(
            select_columns(
                col(Referral.status),
                func.count(),
                func.sum(case((self._due(), 1), else_=0)),
                func.sum(case((self._late(), 1), else_=0)),
            )
            .join(Participant, col(Participant.id) == col(Referral.participant_id))
            .where(*self.mine, col(Referral.status).in_(_OPEN))
            .group_by(col(Referral.status))
        ):
            by_status[str(status)] = int(n)
            counts[Section.OPEN] += int(n)
            counts[Section.FOLLOW_UPS] += int(due or 0)
            counts[Section.UNANSWERED] += int(late or 0)
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
        return by_status, counts


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
    wanted = [s for s in (Section.OPEN, Section.FOLLOW_UPS, Section.UNANSWERED) if counts[s]]
    lists = reads.referral_lists(wanted, 0, limit) if wanted else {}
    _audit(session, actor, request_info, participants=len(people))
    return Caseload(
        participants=people,
        participant_count=counts[Section.PARTICIPANTS],
        by_status=by_status,
        open_referrals=lists.get(Section.OPEN, []),
        due_follow_ups=lists.get(Section.FOLLOW_UPS, []),
        unanswered=lists.get(Section.UNANSWERED, []),
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
            rows = list(reads.referral_lists([which], offset, limit)[which])
    _audit(session, actor, request_info, section=which.value, offset=offset, rows=len(rows))
    return SectionPage(which, rows, total)
