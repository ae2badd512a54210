"""The need facts: one row per participant and domain in which their latest assessment
found a high unmet need, with their region and centre, so the dashboard counts unmet
needs by region and domain in one small ``GROUP BY``.

Kept with the other evaluation facts (:func:`enlace.casework.facts.refresh` recomputes a
participant's need facts from their person fact); deleting a participant removes them by
``ON DELETE CASCADE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class NeedFact(SQLModel, table=True):
    """A domain with a high unmet need in a participant's latest assessment."""

    __tablename__ = "evaluation_need"
    __table_args__ = (Index("ix_evaluation_need_region", "region_code", "domain", "centre_id"),)

    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", primary_key=True, max_length=36
    )
    domain: str = Field(primary_key=True, max_length=40)
    region_code: str | None = Field(default=None, max_length=2)  # the participant's, now
    centre_id: str = Field(max_length=36)  # the participant's centre, now


def need_rows(people: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The need facts of these person facts (their ``high_unmet``, comma-separated)."""
    return [
        {
            "participant_id": p["participant_id"],
            "domain": domain,
            "region_code": p["region_code"],
            "centre_id": p["centre_id"],
        }
        for p in people
        for domain in p["high_unmet"].split(",")
        if domain
    ]
