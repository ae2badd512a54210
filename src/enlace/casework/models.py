"""Casework tables: participants and everything recorded about them.

No table holds a name, national id, address, phone or e-mail of a participant: a person is
a generated code (:mod:`enlace.casework.codes`), a year of birth and needs-profile
attributes. Every row hangs off its participant, so deleting a participant on request
(or by retention) removes all of it; only the audit log keeps that it happened.

These are not catalogue records: writing them never bumps the catalogue revision.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from enlace.catalogue.base import new_id
from enlace.db import utcnow

TEXT_MAX = 2000
REASON_MAX = 500
PURPOSE_MAX = 300


class Participant(SQLModel, table=True):
    """A pseudonymous person in treatment at one centre.

    ``region_code`` is the participant's region (from the attributes, else the centre's),
    kept as a column for the coordinators' aggregate; ``last_activity_at`` moves with every
    change and drives retention.
    """

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("centre_id", "file_number", name="uq_participant_centre_file_number"),
        # The caseload: one case manager's participants, most recent activity first.
        Index(
            "ix_participant_centre_manager_activity",
            "centre_id",
            "case_manager_id",
            "last_activity_at",
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    code: str = Field(unique=True, index=True, max_length=9)
    year_of_birth: int
    centre_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    case_manager_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    file_number: str | None = Field(default=None, max_length=30)
    region_code: str | None = Field(default=None, max_length=2, index=True)
    language: str = Field(default="es", max_length=5)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow, index=True)


class Assessment(SQLModel, table=True):
    """One dated needs assessment; the latest drives matching."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_participant_at", "participant_id", "assessed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(foreign_key="participant.id", ondelete="CASCADE", max_length=36)
    assessed_at: datetime = Field(default_factory=utcnow)
    assessed_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    instrument: str = Field(max_length=40)  # e.g. "enlace-short" or "sistrat"
    rule_version: str = Field(max_length=20)
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    high_unmet: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class PlanGoal(SQLModel, table=True):
    """A goal of the individual intervention plan, in one need domain."""

    __tablename__ = "plan_goal"
    # The caseload's goals past their target date, per participant.
    __table_args__ = (
        Index("ix_plan_goal_participant_status_target", "participant_id", "status", "target_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    domain: str = Field(max_length=20)
    text: str = Field(max_length=TEXT_MAX)
    target_date: date | None = None
    status: str = Field(default="not_started", max_length=12)
    dropped_reason: str | None = Field(default=None, max_length=REASON_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Consent(SQLModel, table=True):
    """What the person agreed may be shared, with whom, for what, until when."""

    __tablename__ = "consent"

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    recipient_agency_id: str = Field(foreign_key="agency.id", max_length=36)
    purpose: str = Field(default="referral", max_length=12)
    purpose_text: str | None = Field(default=None, max_length=PURPOSE_MAX)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    given_on: date
    expires_on: date
    method: str = Field(max_length=20)
    recorded_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    recorded_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revocation_channel: str | None = Field(default=None, max_length=12)


class Referral(SQLModel, table=True):
    """A centre sending a participant to an offer, and everything that happened to it."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_status_sent", "status", "sent_at"),
        # The caseload's open referrals per participant, by status (and how long unanswered).
        Index(
            "ix_referral_participant_status_sent",
            "participant_id",
            "status",
            "sent_at",
            "follow_up_on",
            "id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    centre_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    case_manager_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True
    )
    offer_id: str = Field(foreign_key="offer.id", max_length=36)
    agreement_id: str | None = Field(default=None, foreign_key="agreement.id", max_length=36)
    quota_counted: bool = False
    consent_id: int | None = Field(default=None, foreign_key="consent.id", ondelete="SET NULL")
    origin: str = Field(default="offer", max_length=8)
    decision: str = Field(default="chosen", max_length=10)
    decision_reason: str | None = Field(default=None, max_length=REASON_MAX)
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="draft", max_length=14)
    reason_code: str | None = Field(default=None, max_length=20)
    reason_text: str | None = Field(default=None, max_length=REASON_MAX)
    follow_up_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class GoalReferral(SQLModel, table=True):
    """Which referrals serve which plan goals."""

    __tablename__ = "goal_referral"

    goal_id: int = Field(foreign_key="plan_goal.id", primary_key=True, ondelete="CASCADE")
    referral_id: int = Field(foreign_key="referral.id", primary_key=True, ondelete="CASCADE")


class ReferralEvent(SQLModel, table=True):
    """One status change: who (an account, or the agency through its link), when, why."""

    __tablename__ = "referral_event"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    by: str = Field(default="centre", max_length=8)  # centre or agency
    from_status: str | None = Field(default=None, max_length=14)
    to_status: str = Field(max_length=14)
    reason_code: str | None = Field(default=None, max_length=20)
    reason_text: str | None = Field(default=None, max_length=REASON_MAX)


class RecipientLink(SQLModel, table=True):
    """The receiving agency's way to answer without an account; only the token's SHA-256
    is stored, the token itself is shown once."""

    __tablename__ = "recipient_link"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    expires_at: datetime
    revoked_at: datetime | None = None
    uses: int = 0
    last_used_at: datetime | None = None


class Disclosure(SQLModel, table=True):
    """The accounting of disclosures: participant data that left the centre."""

    __tablename__ = "disclosure"

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=10)
    recipient_agency_id: str | None = Field(
        default=None, foreign_key="agency.id", max_length=36, ondelete="SET NULL"
    )
    recipient_label: str | None = Field(default=None, max_length=120)  # e.g. "the person"
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    consent_id: int | None = Field(default=None, foreign_key="consent.id", ondelete="SET NULL")
    referral_id: int | None = Field(default=None, foreign_key="referral.id", ondelete="SET NULL")
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")


class FollowUp(SQLModel, table=True):
    """What became of a participant some months after the plan started (outcomes).

    One per participant and due point (``due_months``: 3, 6, 12 by default); the codes are
    :mod:`enlace.casework.vocab`'s and the justice codes the matching rules'.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("participant_id", "due_months", name="uq_follow_up_participant_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    due_months: int
    work: str = Field(max_length=10)
    studies: str = Field(max_length=10)
    housing: str = Field(max_length=10)
    schooling: str | None = Field(default=None, max_length=30)
    in_group: bool = False
    justice: str | None = Field(default=None, max_length=30)
    on: date
    recorded_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    recorded_at: datetime = Field(default_factory=utcnow)
