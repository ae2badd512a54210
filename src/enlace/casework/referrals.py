"""Referrals: made from a match (with a snapshot of what the case manager saw and the
decision) or from any offer, then moved through the lifecycle with who, when and why.

Sending needs a valid consent for the offer's agency and takes the agreement's quota
place atomically (:mod:`.quota`). Every change is an event row and an audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import lifecycle, quota, scope, trail
from enlace.casework.consent import require_valid
from enlace.casework.errors import InvalidError
from enlace.casework.models import GoalReferral, Participant, PlanGoal, Referral, ReferralEvent
from enlace.casework.vocab import (
    Actor,
    CaseworkAction,
    ConsentPurpose,
    Decision,
    Purpose,
    ReferralOrigin,
    ReferralStatus,
)
from enlace.catalogue.models import Offer
from enlace.db import utcnow
from enlace.network.service import access_for

#: Days after sending with no answer before a referral is flagged (ENLACE_REFERRAL_UNANSWERED_DAYS).
DEFAULT_UNANSWERED_DAYS = 10
SNAPSHOT_KEYS = ("score", "terms", "weights_version", "catalogue_revision")


@dataclass(frozen=True, slots=True)
class ReferralDraft:
    offer_id: str
    agreement_id: str | None = None
    consent_id: int | None = None
    origin: str = ReferralOrigin.OFFER.value
    snapshot: Mapping[str, Any] | None = None  # the match result the case manager saw
    decision: str = Decision.CHOSEN.value
    decision_reason: str | None = None
    follow_up_on: date | None = None
    goal_ids: Sequence[int] = field(default_factory=tuple)


def draft_errors(draft: ReferralDraft) -> dict[str, str]:
    """Problems of the draft that need no database (pure)."""
    errors: dict[str, str] = {}
    if draft.origin not in {o.value for o in ReferralOrigin}:
        errors["origin"] = "unknown_origin"
    elif draft.origin == ReferralOrigin.MATCH and (
        not draft.snapshot or any(k not in draft.snapshot for k in SNAPSHOT_KEYS)
    ):
        errors["snapshot"] = "incomplete"
    if draft.decision not in {d.value for d in Decision}:
        errors["decision"] = "unknown_decision"
    elif draft.decision == Decision.SET_ASIDE:
        if draft.origin != ReferralOrigin.MATCH:
            errors["decision"] = "set_aside_needs_match"
        if not (draft.decision_reason or "").strip():
            errors["decision_reason"] = "required"
    if draft.decision_reason and len(draft.decision_reason) > 500:
        errors["decision_reason"] = "too_long"
    return errors


def is_unanswered(status: str, sent_at: datetime | None, now: datetime, days: int) -> bool:
    """Sent, no answer, for ``days`` days or more (pure)."""
    return (
        status == ReferralStatus.SENT
        and sent_at is not None
        and now - sent_at >= timedelta(days=days)
    )


def _event(
    session: Session,
    referral: Referral,
    actor: User | None,
    by: Actor,
    source: str | None,
    target: str,
    reason_code: str | None = None,
    reason_text: str | None = None,
) -> None:
    session.add(
        ReferralEvent(
            referral_id=referral.id or 0,
            actor_id=actor.id if actor is not None else None,
            by=by.value,
            from_status=source,
            to_status=target,
            reason_code=reason_code,
            reason_text=reason_text,
        )
    )


def _goals(session: Session, participant: Participant, goal_ids: Sequence[int]) -> list[int]:
    if not goal_ids:
        return []
    found = session.exec(
        select(PlanGoal.id).where(
            col(PlanGoal.participant_id) == participant.id, col(PlanGoal.id).in_(goal_ids)
        )
    ).all()
    if len(set(found)) != len(set(goal_ids)):
        raise InvalidError({"goal_ids": "unknown_goal"})
    return sorted(i for i in found if i is not None)


def create(
    session: Session,
    actor: User,
    participant_id: str,
    draft: ReferralDraft,
    request_info: RequestInfo | None = None,
) -> Referral:
    """A draft referral (or a recorded "set aside" decision on a match)."""
    participant = scope.participant(session, actor, participant_id)
    errors = draft_errors(draft)
    offer = session.get(Offer, draft.offer_id)
    if offer is None:
        errors["offer_id"] = "unknown_offer"
    elif draft.agreement_id is not None:
        access = access_for(session, participant.centre_id, [offer.id]).get(offer.id)
        if access is None or draft.agreement_id not in access.agreements:
            errors["agreement_id"] = "no_priority_under_agreement"
    if errors:
        raise InvalidError(errors)
    goal_ids = _goals(session, participant, draft.goal_ids)
    set_aside = draft.decision == Decision.SET_ASIDE
    referral = Referral(
        participant_id=participant.id,
        centre_id=participant.centre_id,
        case_manager_id=actor.id,
        offer_id=draft.offer_id,
        agreement_id=draft.agreement_id,
        consent_id=draft.consent_id,
        origin=draft.origin,
        snapshot=dict(draft.snapshot) if draft.snapshot else None,
        decision=draft.decision,
        decision_reason=(draft.decision_reason or "").strip() or None,
        status=(ReferralStatus.SET_ASIDE if set_aside else ReferralStatus.DRAFT).value,
        follow_up_on=draft.follow_up_on,
    )
    session.add(referral)
    session.flush()
    for goal_id in goal_ids:
        session.add(GoalReferral(goal_id=goal_id, referral_id=referral.id or 0))
    _event(session, referral, actor, Actor.CENTRE, None, referral.status)
    trail.write(
        session,
        actor,
        CaseworkAction.REFERRAL_CREATED,
        participant,
        Purpose.REFERRAL,
        request_info,
        touch=True,
        referral=referral.id,
        offer=referral.offer_id,
        decision=referral.decision,
    )
    session.flush()
    return referral


def apply_move(
    session: Session,
    referral: Referral,
    participant: Participant,
    wanted: str,
    by: Actor,
    actor: User | None,
    request_info: RequestInfo | None = None,
    reason_code: str | None = None,
    reason_text: str | None = None,
    actor_label: str | None = None,
) -> Referral:
    """Move a referral already in scope (centre or agency link): the one place that checks
    the lifecycle, consent on sending, and the quota."""
    target = lifecycle.check(referral.status, wanted, by, reason_code, reason_text)
    source = referral.status
    step = lifecycle.quota_change(source, target, referral.quota_counted)
    if target is ReferralStatus.SENT:
        offer = session.get(Offer, referral.offer_id)
        assert offer is not None and actor is not None
        require_valid(
            session,
            actor,
            referral.consent_id,
            participant,
            ConsentPurpose.REFERRAL,
            recipient_agency_id=offer.agency_id,
        )
        referral.sent_at = utcnow()
    if referral.agreement_id is not None and step:
        if step > 0 and quota.has_quota(session, referral.agreement_id):
            quota.take_place(session, referral.agreement_id, actor, request_info, referral.id)
            referral.quota_counted = True
        elif step < 0:
            quota.give_back(session, referral.agreement_id, actor, request_info, referral.id)
            referral.quota_counted = False
    text = (reason_text or "").strip() or None
    referral.status = target.value
    if target in lifecycle.NEEDS_REASON:
        referral.reason_code, referral.reason_text = reason_code, text
    referral.updated_at = utcnow()
    session.add(referral)
    _event(session, referral, actor, by, source, target.value, reason_code, text)
    trail.write(
        session,
        actor,
        CaseworkAction.REFERRAL_STATUS,
        participant,
        Purpose.REFERRAL if by is Actor.CENTRE else Purpose.AGENCY_RESPONSE,
        request_info,
        actor_label=actor_label,
        reason=text,
        touch=True,
        referral=referral.id,
        before=source,
        after=target.value,
        reason_code=reason_code,
    )
    session.flush()
    return referral


def move(
    session: Session,
    actor: User,
    referral_id: int,
    wanted: str,
    reason_code: str | None = None,
    reason_text: str | None = None,
    request_info: RequestInfo | None = None,
) -> Referral:
    """The centre moves its referral (send, cancel, or record the agency's answer)."""
    referral, participant = scope.referral(session, actor, referral_id, for_update=True)
    return apply_move(
        session,
        referral,
        participant,
        wanted,
        Actor.CENTRE,
        actor,
        request_info,
        reason_code,
        reason_text,
    )


def send(
    session: Session, actor: User, referral_id: int, request_info: RequestInfo | None = None
) -> Referral:
    return move(session, actor, referral_id, ReferralStatus.SENT.value, request_info=request_info)


def attach_consent(
    session: Session,
    actor: User,
    referral_id: int,
    consent_id: int,
    request_info: RequestInfo | None = None,
) -> Referral:
    """Use this consent for the referral (must be the participant's, for the offer's agency)."""
    referral, participant = scope.referral(session, actor, referral_id, for_update=True)
    offer = session.get(Offer, referral.offer_id)
    assert offer is not None
    require_valid(session, actor, consent_id, participant, ConsentPurpose.REFERRAL, offer.agency_id)
    referral.consent_id = consent_id
    referral.updated_at = utcnow()
    session.add(referral)
    session.flush()
    return referral


def link_goals(
    session: Session,
    actor: User,
    referral_id: int,
    goal_ids: Sequence[int],
    request_info: RequestInfo | None = None,
) -> list[int]:
    """Set which plan goals the referral serves."""
    referral, participant = scope.referral(session, actor, referral_id)
    wanted = _goals(session, participant, goal_ids)
    session.exec(delete(GoalReferral).where(col(GoalReferral.referral_id) == referral.id))
    for goal_id in wanted:
        session.add(GoalReferral(goal_id=goal_id, referral_id=referral.id or 0))
    trail.write(
        session,
        actor,
        CaseworkAction.GOAL_UPDATED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        referral=referral.id,
        goals=wanted,
    )
    session.flush()
    return wanted


def history(session: Session, actor: User, referral_id: int) -> list[ReferralEvent]:
    """The referral's status changes, oldest first."""
    referral, _participant = scope.referral(session, actor, referral_id)
    return list(
        session.exec(
            select(ReferralEvent)
            .where(col(ReferralEvent.referral_id) == referral.id)
            .order_by(col(ReferralEvent.id))
        )
    )
