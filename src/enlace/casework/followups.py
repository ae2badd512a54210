"""Follow-up outcomes: what became of a participant 3, 6 and 12 months after the plan began.

The plan starts with its first goal; a follow-up is due at each configured number of
months after that (``FOLLOW_UP_MONTHS``) until one is recorded for that point. Recording
is scoped and audited like every casework write; the coordinators only ever see the
outcomes counted and suppressed (:mod:`enlace.evaluation`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.errors import InvalidError
from enlace.casework.models import FollowUp, Participant, PlanGoal
from enlace.casework.vocab import (
    CaseworkAction,
    HousingOutcome,
    Purpose,
    StudiesOutcome,
    WorkOutcome,
)
from enlace.matching.rules import ATTRIBUTES, SCHOOLING_ORDER

DEFAULT_MONTHS: tuple[int, ...] = (3, 6, 12)
JUSTICE_CODES: tuple[str, ...] = tuple(ATTRIBUTES["justice_status"] or ())  # type: ignore[arg-type]


def months_setting(raw: Iterable[object] | str | None) -> tuple[int, ...]:
    """``FOLLOW_UP_MONTHS`` as sorted distinct positive numbers ("3,6,12" or a tuple)."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw or ())
    found = sorted({int(str(p).strip()) for p in parts if str(p).strip()})
    months = tuple(m for m in found if m > 0)
    return months or DEFAULT_MONTHS


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class FollowUpDraft:
    due_months: int
    work: str
    studies: str
    housing: str
    on: date | None
    schooling: str | None = None
    in_group: bool = False
    justice: str | None = None


def draft_errors(
    draft: FollowUpDraft, months: Sequence[int], today: date | None = None
) -> dict[str, str]:
    """Field -> problem code (pure): known codes, a configured point, a date not ahead."""
    errors: dict[str, str] = {}
    if draft.due_months not in months:
        errors["due_months"] = "unknown_point"
    if draft.work not in {w.value for w in WorkOutcome}:
        errors["work"] = "required"
    if draft.studies not in {s.value for s in StudiesOutcome}:
        errors["studies"] = "required"
    if draft.housing not in {h.value for h in HousingOutcome}:
        errors["housing"] = "required"
    if draft.schooling is not None and draft.schooling not in SCHOOLING_ORDER:
        errors["schooling"] = "unknown_value"
    if draft.justice is not None and draft.justice not in JUSTICE_CODES:
        errors["justice"] = "unknown_value"
    if draft.on is None:
        errors["on"] = "required"
    elif draft.on > (today or date.today()):
        errors["on"] = "in_future"
    return errors


@dataclass(frozen=True, slots=True)
class DuePoint:
    """One follow-up point of a participant: when it falls due and what was recorded."""

    participant_id: str
    code: str
    due_months: int
    due_on: date
    recorded: FollowUp | None = None


def plan_start(session: Session, participant_id: str) -> date | None:
    """The day the plan began: its first goal."""
    first = session.exec(
        select(func.min(PlanGoal.created_at)).where(col(PlanGoal.participant_id) == participant_id)
    ).one()
    return first.date() if first is not None else None


def points(
    session: Session, actor: User, participant_id: str, months: Sequence[int] = DEFAULT_MONTHS
) -> list[DuePoint]:
    """Every follow-up point of the participant's plan (none without a plan), oldest first."""
    participant = scope.participant(session, actor, participant_id)
    start = plan_start(session, participant.id)
    if start is None:
        return []
    done = {
        f.due_months: f
        for f in session.exec(
            select(FollowUp).where(col(FollowUp.participant_id) == participant.id)
        )
    }
    return [
        DuePoint(participant.id, participant.code, m, add_months(start, m), done.get(m))
        for m in months
    ]


def record(
    session: Session,
    actor: User,
    participant_id: str,
    draft: FollowUpDraft,
    *,
    months: Sequence[int] = DEFAULT_MONTHS,
    today: date | None = None,
    request_info: RequestInfo | None = None,
) -> FollowUp:
    """Record (or correct) the follow-up of one point; nothing is written on bad input."""
    participant = scope.participant(session, actor, participant_id, for_update=True)
    errors = draft_errors(draft, months, today)
    if errors:
        raise InvalidError(errors)
    assert draft.on is not None
    found = session.exec(
        select(FollowUp).where(
            col(FollowUp.participant_id) == participant.id,
            col(FollowUp.due_months) == draft.due_months,
        )
    ).first()
    follow_up = found or FollowUp(
        participant_id=participant.id,
        due_months=draft.due_months,
        work="",
        studies="",
        housing="",
        on=draft.on,
    )
    follow_up.work = draft.work
    follow_up.studies = draft.studies
    follow_up.housing = draft.housing
    follow_up.schooling = draft.schooling
    follow_up.in_group = draft.in_group
    follow_up.justice = draft.justice
    follow_up.on = draft.on
    follow_up.recorded_by_id = actor.id
    session.add(follow_up)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.FOLLOW_UP_RECORDED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        follow_up=follow_up.id,
        due_months=draft.due_months,
        corrected=found is not None,
    )
    return follow_up


def due_in_caseload(
    session: Session,
    centre_id: str,
    case_manager_id: int | None,
    today: date,
    months: Sequence[int] = DEFAULT_MONTHS,
    limit: int | None = 200,
) -> list[DuePoint]:
    """The case manager's follow-ups due by ``today`` and not yet recorded, oldest first
    (callers have scoped ``centre_id`` to the actor; ``limit`` None: all of them)."""
    starts = session.execute(
        select_columns(
            col(Participant.id), col(Participant.code), func.min(col(PlanGoal.created_at))
        )
        .join(PlanGoal, col(PlanGoal.participant_id) == col(Participant.id))
        .where(
            col(Participant.centre_id) == centre_id,
            col(Participant.case_manager_id) == case_manager_id,
        )
        .group_by(col(Participant.id), col(Participant.code))
    ).all()
    if not starts:
        return []
    recorded = {
        (pid, m)
        for pid, m in session.execute(
            select_columns(col(FollowUp.participant_id), col(FollowUp.due_months))
            .join(Participant, col(Participant.id) == col(FollowUp.participant_id))
            .where(
                col(Participant.centre_id) == centre_id,
                col(Participant.case_manager_id) == case_manager_id,
            )
        )
    }
    points = (
        DuePoint(pid, code, m, add_months(started.date(), m))
        for pid, code, started in starts
        for m in months
        if (pid, m) not in recorded
    )
    due = [p for p in points if p.due_on <= today]
    due.sort(key=lambda p: (p.due_on, p.code, p.due_months))
    return due if limit is None else due[:limit]
