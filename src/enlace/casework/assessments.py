"""Assessments: a dated history per participant; the latest drives matching.

Stored profiles are JSON (:mod:`enlace.casework.profiles`); each row also keeps its
high-and-unmet domains, so the coordinators' aggregate reads one small column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.errors import InvalidError
from enlace.casework.models import Assessment
from enlace.casework.profiles import errors_of, for_matching, high_unmet, level_of, normalise
from enlace.casework.vocab import CaseworkAction, Purpose
from enlace.catalogue.vocab import NeedDomain
from enlace.matching.profile import Profile


def record(
    session: Session,
    actor: User,
    participant_id: str,
    profile: Mapping[str, Any],
    *,
    instrument: str,
    rule_version: str,
    request_info: RequestInfo | None = None,
) -> Assessment:
    """A new assessment now, by the actor (the history is never rewritten)."""
    participant = scope.participant(session, actor, participant_id)
    errors = errors_of(profile)
    if not instrument.strip() or len(instrument) > 40:
        errors["instrument"] = "required"
    if not rule_version.strip() or len(rule_version) > 20:
        errors["rule_version"] = "required"
    if errors:
        raise InvalidError(errors)
    stored = normalise(profile)
    assessment = Assessment(
        participant_id=participant.id,
        assessed_by_id=actor.id,
        instrument=instrument.strip(),
        rule_version=rule_version.strip(),
        profile=stored,
        high_unmet=high_unmet(stored),
    )
    session.add(assessment)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.ASSESSMENT_RECORDED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        assessment=assessment.id,
        instrument=assessment.instrument,
        rule_version=assessment.rule_version,
    )
    return assessment


def latest_of(session: Session, participant_id: str) -> Assessment | None:
    """The newest assessment (no scope check: callers have checked the participant)."""
    return session.exec(
        select(Assessment)
        .where(col(Assessment.participant_id) == participant_id)
        .order_by(col(Assessment.assessed_at).desc(), col(Assessment.id).desc())
        .limit(1)
    ).first()


def history(session: Session, actor: User, participant_id: str) -> list[Assessment]:
    """Every assessment of the participant, oldest first."""
    participant = scope.participant(session, actor, participant_id)
    return list(
        session.exec(
            select(Assessment)
            .where(col(Assessment.participant_id) == participant.id)
            .order_by(col(Assessment.assessed_at), col(Assessment.id))
        )
    )


def profile_for_matching(
    session: Session, actor: User, participant_id: str, today: date | None = None
) -> Profile:
    """The profile the matching engine takes: the latest assessment over the participant's
    own attributes, with the age."""
    participant = scope.participant(session, actor, participant_id)
    latest = latest_of(session, participant.id)
    return for_matching(
        participant.year_of_birth,
        participant.attributes,
        latest.profile if latest is not None else None,
        today or date.today(),
    )


@dataclass(frozen=True, slots=True)
class LevelPoint:
    at: datetime
    level: str


def level_series(assessments: list[Assessment]) -> dict[str, list[LevelPoint]]:
    """Per need domain, its level at each assessment, oldest first (a small chart's data;
    pure over the rows :func:`history` returns)."""
    return {
        domain.value: [
            LevelPoint(a.assessed_at, level_of(a.profile, domain.value)) for a in assessments
        ]
        for domain in NeedDomain
    }


def latest_ids(session: Session) -> Any:
    """A subquery: each participant's newest assessment id (for set-based reads)."""
    return (
        select(func.max(Assessment.id).label("id"))
        .group_by(col(Assessment.participant_id))
        .subquery()
    )
