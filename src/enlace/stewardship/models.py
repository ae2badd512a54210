"""Tables of catalogue stewardship: how many people see each offer, provider update
requests, problems visitors report.

None of these is a catalogue record: writing them does not move the catalogue revision
(a visitor's report or a page view changes nothing that search shows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from enlace.db import utcnow


class OfferReach(SQLModel, table=True):
    """How many times an offer's public page was opened: one number per offer, no time,
    no address, no person (privacy-safe); the verification queue checks the most seen
    records first."""

    __tablename__ = "offer_reach"
    # the queue walks the counts from the top: an index scan, not a sort of every offer
    __table_args__ = (Index("ix_offer_reach_views", "views", "offer_id"),)

    offer_id: str = Field(primary_key=True, max_length=36)
    views: int = 0


class UpdateRequest(SQLModel, table=True):
    """A one-time link sent to a provider to propose changes to one record.

    Only the SHA-256 of the random token is stored; the link expires, can be revoked, and
    stops working once a proposal is sent.
    """

    __tablename__ = "update_request"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # "offer" or "agency"
    record_id: str = Field(index=True, max_length=36)
    token_hash: str = Field(unique=True, max_length=64)
    email: str = Field(max_length=254)
    language: str = Field(default="es", max_length=2)
    created_by: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    status: str = Field(default="sent", index=True, max_length=12)
    base_version: int = 1
    proposal: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    proposed_at: datetime | None = None
    decided_at: datetime | None = None
    decisions: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class ProblemReport(SQLModel, table=True):
    """A visitor's report that an offer's record is wrong (no account, no personal data)."""

    __tablename__ = "problem_report"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: str = Field(index=True, max_length=36)
    reason: str = Field(max_length=12)
    text: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="open", index=True, max_length=10)
    resolved_at: datetime | None = None
    resolved_by: str | None = Field(default=None, max_length=254)
