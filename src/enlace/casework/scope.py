"""The record scope of participant data, in one place: every casework query goes through it.

Staff see and change only their own centre's participants (``policy.centre_scope``);
coordinators never see an individual participant; admins read the audit log, not the
records. A referral, goal, assessment, consent or link is in scope when its participant
is: after a transfer the old centre loses every one of them at once, because the only
thing that decides is ``participant.centre_id``.

Out of scope and missing look the same (:class:`NotInScopeError`), so a page answers 404
and nobody learns that another centre's participant exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from enlace.accounts.models import User
from enlace.accounts.policy import Permission, allows, centre_scope
from enlace.casework.errors import NotInScopeError
from enlace.casework.models import Consent, Participant, PlanGoal, Referral

T = TypeVar("T")


def centre_of(actor: User | None) -> str:
    """The centre whose participants ``actor`` may see; refused for everyone else."""
    if not allows(actor, Permission.CASEWORK):
        raise NotInScopeError("casework is for treatment-centre staff only")
    centre = centre_scope(actor)
    if centre is None:
        raise NotInScopeError("no treatment centre")
    return centre


def participants(actor: User | None) -> SelectOfScalar[Participant]:
    """``SELECT participant`` limited to the actor's centre (add conditions to it)."""
    return select(Participant).where(col(Participant.centre_id) == centre_of(actor))


def in_centre(actor: User | None) -> Any:
    """The condition "the participant is of the actor's centre", for any statement that
    joins ``participant``."""
    return col(Participant.centre_id) == centre_of(actor)


def participant(
    session: Session, actor: User | None, participant_id: str, *, for_update: bool = False
) -> Participant:
    """The participant, if in scope (``for_update``: row-locked on PostgreSQL)."""
    statement = participants(actor).where(col(Participant.id) == participant_id)
    if for_update:
        statement = statement.with_for_update()
    found = session.exec(statement).first()
    if found is None:
        raise NotInScopeError("participant")
    return found


def _with_participant(
    session: Session,
    actor: User | None,
    model: type[T],
    record_id: int,
    participant_column: Any,
    *,
    for_update: bool = False,
) -> tuple[T, Participant]:
    statement = (
        select(model, Participant)
        .join(Participant, col(Participant.id) == participant_column)
        .where(col(model.id) == record_id)  # type: ignore[attr-defined]
        .where(in_centre(actor))
    )
    if for_update:
        statement = statement.with_for_update(of=model)
    row = session.exec(statement).first()
    if row is None:
        raise NotInScopeError(model.__name__.lower())
    return row[0], row[1]


def referral(
    session: Session, actor: User | None, referral_id: int, *, for_update: bool = False
) -> tuple[Referral, Participant]:
    """The referral and its participant, if the participant is in scope."""
    return _with_participant(
        session, actor, Referral, referral_id, Referral.participant_id, for_update=for_update
    )


def goal(session: Session, actor: User | None, goal_id: int) -> tuple[PlanGoal, Participant]:
    return _with_participant(session, actor, PlanGoal, goal_id, PlanGoal.participant_id)


def consent(session: Session, actor: User | None, consent_id: int) -> tuple[Consent, Participant]:
    return _with_participant(session, actor, Consent, consent_id, Consent.participant_id)
