"""Frozen period reports: the published tables of a quarter, stored as they were shown.

A snapshot keeps the suppressed tables as JSON, so later edits to casework (a referral
answered late, a participant deleted) never change what was reported.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from enlace.db import utcnow


class EvaluationSnapshot(SQLModel, table=True):
    __tablename__ = "evaluation_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    period_start: date
    period_end: date
    region_code: str | None = Field(default=None, max_length=2, index=True)  # None: national
    label: str = Field(max_length=20)  # e.g. "2026-T3"
    tables: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
