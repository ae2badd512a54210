"""The individual intervention plan: goals per need domain, each with a target date, a
status (a dropped goal says why) and the referrals that serve it; and its printable form.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.errors import InvalidError
from enlace.casework.models import GoalReferral, PlanGoal, Referral
from enlace.casework.vocab import CaseworkAction, GoalStatus, Purpose
from enlace.catalogue.models import Offer
from enlace.catalogue.vocab import NeedDomain
from enlace.db import utcnow

TEXT_MAX = 2000
REASON_MAX = 500


@dataclass(frozen=True, slots=True)
class GoalDraft:
    domain: str
    text: str
    target_date: date | None = None
    status: str = GoalStatus.NOT_STARTED.value
    dropped_reason: str | None = None


def draft_errors(draft: GoalDraft) -> dict[str, str]:
    """The status rules (pure): known domain and status, some text, a dropped goal's reason."""
    errors: dict[str, str] = {}
    if draft.domain not in {d.value for d in NeedDomain}:
        errors["domain"] = "unknown_domain"
    text = draft.text.strip()
    if not text:
        errors["text"] = "required"
    elif len(text) > TEXT_MAX:
        errors["text"] = "too_long"
    if draft.status not in {s.value for s in GoalStatus}:
        errors["status"] = "unknown_status"
    elif draft.status == GoalStatus.DROPPED and not (draft.dropped_reason or "").strip():
        errors["dropped_reason"] = "required"
    if draft.dropped_reason and len(draft.dropped_reason) > REASON_MAX:
        errors["dropped_reason"] = "too_long"
    return errors


def _apply(goal: PlanGoal, draft: GoalDraft) -> None:
    goal.domain = draft.domain
    goal.text = draft.text.strip()
    goal.target_date = draft.target_date
    goal.status = draft.status
    dropped = draft.status == GoalStatus.DROPPED
    goal.dropped_reason = (draft.dropped_reason or "").strip() if dropped else None
    goal.updated_at = utcnow()


def create_goal(
    session: Session,
    actor: User,
    participant_id: str,
    draft: GoalDraft,
    request_info: RequestInfo | None = None,
) -> PlanGoal:
    participant = scope.participant(session, actor, participant_id)
    errors = draft_errors(draft)
    if errors:
        raise InvalidError(errors)
    goal = PlanGoal(participant_id=participant.id, domain=draft.domain, text="")
    _apply(goal, draft)
    session.add(goal)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.GOAL_CREATED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        goal=goal.id,
    )
    return goal


def update_goal(
    session: Session,
    actor: User,
    goal_id: int,
    draft: GoalDraft,
    request_info: RequestInfo | None = None,
) -> PlanGoal:
    goal, participant = scope.goal(session, actor, goal_id)
    errors = draft_errors(draft)
    if errors:
        raise InvalidError(errors)
    before = goal.status
    _apply(goal, draft)
    session.add(goal)
    trail.write(
        session,
        actor,
        CaseworkAction.GOAL_UPDATED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        goal=goal.id,
        before=before,
        after=goal.status,
    )
    session.flush()
    return goal


def delete_goal(
    session: Session, actor: User, goal_id: int, request_info: RequestInfo | None = None
) -> None:
    goal, participant = scope.goal(session, actor, goal_id)
    for link in session.exec(select(GoalReferral).where(col(GoalReferral.goal_id) == goal.id)):
        session.delete(link)
    session.delete(goal)
    trail.write(
        session,
        actor,
        CaseworkAction.GOAL_DELETED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        goal=goal_id,
    )
    session.flush()


@dataclass(frozen=True, slots=True)
class GoalLine:
    goal: PlanGoal
    referrals: tuple[tuple[int, str, str | None, str], ...]  # id, offer name es/en, status

    def past_target(self, today: date) -> bool:
        open_goal = self.goal.status in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)
        return open_goal and self.goal.target_date is not None and self.goal.target_date < today


def goal_lines(session: Session, participant_id: str) -> list[GoalLine]:
    """The plan's goals in domain order with the referrals serving each (callers have
    checked scope)."""
    goals = list(
        session.exec(
            select(PlanGoal)
            .where(col(PlanGoal.participant_id) == participant_id)
            .order_by(col(PlanGoal.domain), col(PlanGoal.id))
        )
    )
    linked: dict[int, list[tuple[int, str, str | None, str]]] = defaultdict(list)
    rows = session.execute(
        select_columns(
            col(GoalReferral.goal_id),
            col(Referral.id),
            col(Offer.name_es),
            col(Offer.name_en),
            col(Referral.status),
        )
        .join(Referral, col(Referral.id) == col(GoalReferral.referral_id))
        .join(Offer, col(Offer.id) == col(Referral.offer_id))
        .where(col(Referral.participant_id) == participant_id)
        .order_by(col(Referral.id))
    )
    for goal_id, referral_id, name_es, name_en, status in rows:
        linked[goal_id].append((referral_id or 0, name_es, name_en, status))
    order = {d.value: i for i, d in enumerate(NeedDomain)}
    goals.sort(key=lambda g: (order.get(g.domain, 99), g.id or 0))
    return [GoalLine(g, tuple(linked.get(g.id or 0, ()))) for g in goals]


def goals(session: Session, actor: User, participant_id: str) -> list[GoalLine]:
    participant = scope.participant(session, actor, participant_id)
    return goal_lines(session, participant.id)


@dataclass(frozen=True, slots=True)
class PlanPrint:
    """What the printed plan shows, in the participant's language."""

    code: str
    language: str
    centre_id: str
    goals: list[GoalLine]
    printed_on: date


def plan_print(
    session: Session, actor: User, participant_id: str, request_info: RequestInfo | None = None
) -> PlanPrint:
    """The plan to print for the person (audited as a print; stays in the centre)."""
    participant = scope.participant(session, actor, participant_id)
    trail.write(
        session,
        actor,
        CaseworkAction.PLAN_PRINTED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
    )
    return PlanPrint(
        code=participant.code,
        language=participant.language,
        centre_id=participant.centre_id,
        goals=goal_lines(session, participant.id),
        printed_on=date.today(),
    )
