"""Monthly rollups of the evaluation facts, for the dashboard's period.

A country's year is some 100,000 sent referrals; its dashboard needs them grouped by offer,
agreement, status, reason and quota (:class:`ReferralMonth`) and by region and days to the
answer and to service (:class:`AnswerMonth`), so those counts are kept per calendar month
(UTC) of sending; participants likewise by the month of their first assessment, centre,
plan and furthest stage (:class:`PersonMonth`). The dashboard reads the whole months of its
period here and only the partial months at the period's ends from the facts
(:mod:`enlace.casework.facts`).

They change with the facts, in the same transaction: :func:`change` adds what the new
fact rows count and subtracts what the old ones did (an upsert per key, so two
transactions touching the same month add up). A key nobody counts any more stays with 0
referrals (readers skip it). In a key, "" stands for no agreement, reason or region and
-1 for no answer or no service yet, so every key column can be part of the primary key.
:func:`change_people` does the same for the person facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

NO_TEXT = ""
NO_DAYS = -1


class ReferralMonth(SQLModel, table=True):
    """Referrals sent in a month to an offer with the same agreement, status, reason, quota."""

    __tablename__ = "evaluation_referral_month"

    month: date = Field(primary_key=True)  # its first day
    offer_id: str = Field(primary_key=True, max_length=36)
    agreement_id: str = Field(primary_key=True, max_length=36)  # "": none
    status: str = Field(primary_key=True, max_length=14)
    reason_code: str = Field(primary_key=True, max_length=20)  # "": none
    quota_counted: bool = Field(primary_key=True)
    referrals: int = 0


class PersonMonth(SQLModel, table=True):
    """Participants first assessed in a month in a centre, planned or not, reaching a stage."""

    __tablename__ = "evaluation_person_month"

    month: date = Field(primary_key=True)  # its first day
    region_code: str = Field(primary_key=True, max_length=2)  # "": none
    centre_id: str = Field(primary_key=True, max_length=36)
    planned: bool = Field(primary_key=True)
    reach: int = Field(primary_key=True)
    people: int = 0


class AnswerMonth(SQLModel, table=True):
    """Referrals sent in a month in a region, answered and in service after so many days."""

    __tablename__ = "evaluation_answer_month"

    month: date = Field(primary_key=True)  # its first day
    region_code: str = Field(primary_key=True, max_length=2)  # "": none
    days_to_answer: int = Field(primary_key=True)  # -1: no answer yet
    days_to_service: int = Field(primary_key=True)  # -1: not in service yet
    referrals: int = 0


REFERRAL_KEY = ("month", "offer_id", "agreement_id", "status", "reason_code", "quota_counted")
ANSWER_KEY = ("month", "region_code", "days_to_answer", "days_to_service")
PERSON_KEY = ("month", "region_code", "centre_id", "planned", "reach")
#: The person fact columns :func:`change_people` reads from each row.
PERSON_COLUMNS = ("first_assessed_at", "region_code", "centre_id", "planned", "reach")
#: The fact columns :func:`change` reads from each row.
FACT_COLUMNS = (
    "sent_at",
    "offer_id",
    "agreement_id",
    "status",
    "reason_code",
    "quota_counted",
    "region_code",
    "days_to_answer",
    "days_to_service",
)


def month_of(at: datetime) -> date:
    """The first day of the calendar month (UTC) of ``at``."""
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return moment.date().replace(day=1)


def _days(value: int | None) -> int:
    return NO_DAYS if value is None else int(value)


def change(
    connection: Connection,
    removed: Iterable[Mapping[str, Any]],
    added: Iterable[Mapping[str, Any]],
) -> None:
    """Count the ``added`` fact rows and stop counting the ``removed`` ones."""
    referrals: Counter[tuple[Any, ...]] = Counter()
    answers: Counter[tuple[Any, ...]] = Counter()
    for sign, rows in ((-1, removed), (1, added)):
        for row in rows:
            month = month_of(row["sent_at"])
            referral_key = (
                month,
                row["offer_id"],
                row["agreement_id"] or NO_TEXT,
                row["status"],
                row["reason_code"] or NO_TEXT,
                bool(row["quota_counted"]),
            )
            referrals[referral_key] += sign
            answer_key = (
                month,
                row["region_code"] or NO_TEXT,
                _days(row["days_to_answer"]),
                _days(row["days_to_service"]),
            )
            answers[answer_key] += sign
    _add(connection, ReferralMonth, REFERRAL_KEY, referrals)
    _add(connection, AnswerMonth, ANSWER_KEY, answers)


def change_people(
    connection: Connection,
    removed: Iterable[Mapping[str, Any]],
    added: Iterable[Mapping[str, Any]],
) -> None:
    """Count the ``added`` person fact rows and stop counting the ``removed`` ones (those
    never assessed count nowhere)."""
    people: Counter[tuple[Any, ...]] = Counter()
    for sign, rows in ((-1, removed), (1, added)):
        for row in rows:
            if row["first_assessed_at"] is None:
                continue
            key = (
                month_of(row["first_assessed_at"]),
                row["region_code"] or NO_TEXT,
                row["centre_id"],
                bool(row["planned"]),
                int(row["reach"]),
            )
            people[key] += sign
    _add(connection, PersonMonth, PERSON_KEY, people, "people")


def _add(
    connection: Connection,
    model: type[SQLModel],
    key: Sequence[str],
    counts: Counter[tuple[Any, ...]],
    count: str = "referrals",
) -> None:
    rows = [dict(zip(key, k, strict=True), **{count: n}) for k, n in sorted(counts.items()) if n]
    if not rows:
        return
    table: Any = model.__table__  # type: ignore[attr-defined]
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={count: table.c[count] + statement.excluded[count]},
    )
    connection.execute(statement, rows)
