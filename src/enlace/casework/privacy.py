"""Rights of the person (Ley 21.719) and retention: export, delete on request, purge.

Deleting removes every row about the participant (assessments, plan, referrals and their
events and links, consents, disclosures); only the audit log keeps that the participant
existed and was deleted, by whom and why (the log is append-only anyway). Agreements keep
their quota count: a place used was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from enlace.accounts.audit import COMMAND_LINE, COMMAND_PREFIX, RequestInfo
from enlace.accounts.models import User
from enlace.casework import facts, scope, trail
from enlace.casework.disclosures import disclose
from enlace.casework.models import (
    Assessment,
    Consent,
    Disclosure,
    GoalReferral,
    Participant,
    PlanGoal,
    RecipientLink,
    Referral,
    ReferralEvent,
)
from enlace.casework.vocab import CaseworkAction, DataCategory, DisclosureKind, Purpose
from enlace.db import utcnow

EXPORT_FORMAT = "enlace-participant/1"
#: ``recipient_label`` of an export given to the person.
THE_PERSON = "the person"
_SKIP = {"token_hash", "participant_id"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(record: Any) -> dict[str, Any]:
    return {
        name: _plain(getattr(record, name))
        for name in type(record).model_fields
        if name not in _SKIP
    }


def _all(session: Session, model: Any, column: Any, value: Any) -> list[dict[str, Any]]:
    return [_row(r) for r in session.exec(select(model).where(column == value).order_by(model.id))]


def export(
    session: Session, actor: User, participant_id: str, request_info: RequestInfo | None = None
) -> dict[str, Any]:
    """Everything Enlace holds about the participant, as JSON-ready data (never a link's
    token or hash); recorded as a disclosure to the person, and audited."""
    participant = scope.participant(session, actor, participant_id)
    referrals = _all(session, Referral, col(Referral.participant_id), participant.id)
    referral_ids = [r["id"] for r in referrals]
    events = session.exec(
        select(ReferralEvent)
        .where(col(ReferralEvent.referral_id).in_(referral_ids))
        .order_by(col(ReferralEvent.id))
    )
    links = session.exec(
        select(RecipientLink)
        .where(col(RecipientLink.referral_id).in_(referral_ids))
        .order_by(col(RecipientLink.id))
    )
    goal_links = session.exec(
        select(GoalReferral).where(col(GoalReferral.referral_id).in_(referral_ids))
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "participant": _row(participant),
        "assessments": _all(session, Assessment, col(Assessment.participant_id), participant.id),
        "plan_goals": _all(session, PlanGoal, col(PlanGoal.participant_id), participant.id),
        "goal_referrals": [_row(g) for g in goal_links],
        "referrals": referrals,
        "referral_events": [_row(e) for e in events],
        "recipient_links": [_row(link) for link in links],
        "consents": _all(session, Consent, col(Consent.participant_id), participant.id),
        "disclosures": _all(session, Disclosure, col(Disclosure.participant_id), participant.id),
    }
    disclose(
        session,
        actor,
        participant,
        DisclosureKind.EXPORT,
        categories=list(DataCategory),
        recipient_label=THE_PERSON,
    )
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_EXPORTED,
        participant,
        Purpose.RIGHTS_REQUEST,
        request_info,
    )
    return data


def _erase(session: Session, participant: Participant) -> dict[str, int]:
    """Delete every row of the participant, children first; counts per table."""
    facts.forget(session.connection(), participant_ids=[participant.id])
    referral_ids = select(Referral.id).where(col(Referral.participant_id) == participant.id)
    goal_ids = select(PlanGoal.id).where(col(PlanGoal.participant_id) == participant.id)
    steps: list[tuple[str, Any]] = [
        (
            "goal_referral",
            delete(GoalReferral).where(
                col(GoalReferral.referral_id).in_(referral_ids)
                | col(GoalReferral.goal_id).in_(goal_ids)
            ),
        ),
        (
            "referral_event",
            delete(ReferralEvent).where(col(ReferralEvent.referral_id).in_(referral_ids)),
        ),
        (
            "recipient_link",
            delete(RecipientLink).where(col(RecipientLink.referral_id).in_(referral_ids)),
        ),
        ("disclosure", delete(Disclosure).where(col(Disclosure.participant_id) == participant.id)),
        ("referral", delete(Referral).where(col(Referral.participant_id) == participant.id)),
        ("plan_goal", delete(PlanGoal).where(col(PlanGoal.participant_id) == participant.id)),
        ("consent", delete(Consent).where(col(Consent.participant_id) == participant.id)),
        ("assessment", delete(Assessment).where(col(Assessment.participant_id) == participant.id)),
        ("participant", delete(Participant).where(col(Participant.id) == participant.id)),
    ]
    counts = {}
    for table, statement in steps:
        result: Any = session.execute(statement.execution_options(synchronize_session=False))
        counts[table] = int(result.rowcount or 0)
    session.expunge(participant)
    return counts


def delete_on_request(
    session: Session,
    actor: User,
    participant_id: str,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> dict[str, int]:
    """Delete the participant at the person's request; the audit entry is all that stays."""
    participant = scope.participant(session, actor, participant_id, for_update=True)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_DELETED,
        participant,
        Purpose.RIGHTS_REQUEST,
        request_info,
        reason=reason,
    )
    return _erase(session, participant)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    raise ValueError("unreachable")


@dataclass(frozen=True, slots=True)
class Inactive:
    id: str
    code: str
    centre_id: str
    last_activity_at: datetime


def inactive(session: Session, months: int, now: datetime | None = None) -> list[Inactive]:
    """Participants with no activity for ``months`` months (retention's candidates)."""
    cutoff = months_before(now or utcnow(), months)
    rows = session.exec(
        select(
            Participant.id, Participant.code, Participant.centre_id, Participant.last_activity_at
        )
        .where(col(Participant.last_activity_at) < cutoff)
        .order_by(col(Participant.last_activity_at), col(Participant.id))
    )
    return [Inactive(*row) for row in rows]


def purge(
    session: Session, months: int, *, act: bool, now: datetime | None = None
) -> list[Inactive]:
    """Retention: the inactive participants, deleted (each audited) only when ``act``."""
    found = inactive(session, months, now)
    if not act:
        return found
    for candidate in found:
        participant = session.get(Participant, candidate.id)
        if participant is None:
            continue
        trail.write(
            session,
            None,
            CaseworkAction.PARTICIPANT_PURGED,
            participant,
            Purpose.RETENTION,
            COMMAND_LINE,
            actor_label=f"{COMMAND_PREFIX}purge",
            months=months,
        )
        _erase(session, participant)
    return found
