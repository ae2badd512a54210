"""The follow-up facts: one narrow row per follow-up, with what the dashboard splits
outcomes by (the participant's gender, age at the follow-up, region and centre), so the
outcomes group one narrow table instead of joining each follow-up to its participant.

Kept with the other evaluation facts (:func:`enlace.casework.facts.refresh` recomputes a
participant's follow-up facts with theirs); deleting a follow-up or a participant
removes them by ``ON DELETE CASCADE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Index, select
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel, col

from enlace.casework.models import FollowUp

_OUTCOMES = ("due_months", "work", "studies", "housing", "in_group")


class FollowUpFact(SQLModel, table=True):
    """A follow-up as the dashboard counts it."""

    __tablename__ = "evaluation_follow_up"
    # In the GROUP BY order of the outcomes split by gender (the default) and by region,
    # for the whole country and within one region, with the date last: SQLite skips
    # from group to group reading only the period's rows, and never sorts.
    __table_args__ = (
        Index("ix_evaluation_follow_up_gender", *_OUTCOMES, "gender", "on"),
        Index("ix_evaluation_follow_up_region", *_OUTCOMES, "region_code", "on"),
        Index("ix_evaluation_follow_up_in_region", "region_code", *_OUTCOMES, "gender", "on"),
    )

    follow_up_id: int = Field(foreign_key="follow_up.id", ondelete="CASCADE", primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    on: date
    due_months: int
    work: str = Field(max_length=10)
    studies: str = Field(max_length=10)
    housing: str = Field(max_length=10)
    in_group: bool = False
    gender: str | None = Field(default=None, max_length=40)  # the participant's, now
    age: int  # at the follow-up, by calendar year
    region_code: str | None = Field(default=None, max_length=2)  # the participant's, now
    centre_id: str = Field(max_length=36)  # the participant's centre, now


def follow_up_rows(
    connection: Connection, ids: list[str], people: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The follow-up facts of these participants (``people``: their person facts)."""
    person = {p["participant_id"]: p for p in people}
    rows = []
    for follow_up_id, pid, on, due, work, studies, housing, in_group in connection.execute(
        select(
            col(FollowUp.id),
            col(FollowUp.participant_id),
            col(FollowUp.on),
            col(FollowUp.due_months),
            col(FollowUp.work),
            col(FollowUp.studies),
            col(FollowUp.housing),
            col(FollowUp.in_group),
        ).where(col(FollowUp.participant_id).in_(ids))
    ):
        p = person.get(pid)
        if p is None:
            continue
        rows.append(
            {
                "follow_up_id": follow_up_id,
                "participant_id": pid,
                "on": on,
                "due_months": due,
                "work": work,
                "studies": studies,
                "housing": housing,
                "in_group": bool(in_group),
                "gender": p["gender"],
                "age": on.year - p["year_of_birth"],
                "region_code": p["region_code"],
                "centre_id": p["centre_id"],
            }
        )
    return rows
