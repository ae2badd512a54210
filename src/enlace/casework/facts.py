"""The evaluation facts: narrow copies of what the coordinators' dashboard counts.

One row per participant (:class:`PersonFact`: where they are, when first and last assessed
and which assessments those are, whether planned, how far their referrals got, the latest
high unmet needs, gender and year of birth) and one per sent referral
(:class:`SentReferralFact`: the participant's region and centre, offer, agreement, status,
reason, quota, days to the agency's answer and to service), one per follow-up
(:mod:`enlace.casework.outcome_facts`) and one per high unmet need
(:mod:`enlace.casework.need_facts`). The dashboard groups these instead of joining the
wide casework tables and the referral events, so the whole country's figures cost a few
narrow scans.

They are maintained in the same transaction as the change: the hooks below listen on
:class:`enlace.db.DbSession` (attached when ``enlace.casework`` is imported, which any
code writing casework has done) and, after each flush that wrote a participant, an
assessment, a plan goal, a referral, a referral event or a follow-up, recompute the facts of the
participants concerned (:func:`refresh`) and move the monthly rollups
(:mod:`enlace.casework.rollups`) by the difference. Before a participant or a referral is
deleted (by the ORM, or by the erasure's bulk deletes) :func:`forget` drops its facts and
its counts in the rollups. Bulk loads that bypass the ORM call :func:`refresh_all`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Index, delete, event, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel, col

from enlace.casework import need_facts, outcome_facts, rollups
from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from enlace.db import DbSession

#: Referral status -> how far it got (a sent referral is "referred"; index of the stages
#: assessed, planned, referred, accepted, in service, completed).
STATUS_REACH: dict[str, int] = {
    "sent": 2,
    "waitlisted": 2,
    "declined": 2,
    "cancelled": 2,
    "accepted": 3,
    "not_completed": 3,
    "in_service": 4,
    "completed": 5,
}
ANSWERS = ("accepted", "waitlisted", "declined")
CHUNK = 500


class PersonFact(SQLModel, table=True):
    """A participant as the dashboard counts them."""

    __tablename__ = "evaluation_person"
    __table_args__ = (
        Index("ix_evaluation_person_first", "first_assessed_at", "region_code", "centre_id"),
        Index("ix_evaluation_person_region", "region_code", "first_assessed_at", "centre_id"),
        Index("ix_evaluation_person_latest", "latest_assessed_at", "region_code", "centre_id"),
    )

    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", primary_key=True, max_length=36
    )
    region_code: str | None = Field(default=None, max_length=2)
    centre_id: str = Field(max_length=36)
    first_assessed_at: datetime | None = None
    latest_assessed_at: datetime | None = None  # the newest assessment date
    first_assessment_id: int | None = None  # the lowest assessment id (the first recorded)
    latest_assessment_id: int | None = None  # the highest (equal to the first: only one)
    planned: bool = False  # has a plan goal
    reach: int = 0  # the furthest stage of its sent referrals (0: none sent)
    high_unmet: str = Field(default="", max_length=300)  # latest assessment's, comma-separated
    gender: str | None = Field(default=None, max_length=40)
    year_of_birth: int


_GROUPS = ("offer_id", "agreement_id", "status", "reason_code", "quota_counted")
_TIMES = ("days_to_answer", "days_to_service")


class SentReferralFact(SQLModel, table=True):
    """A sent referral as the dashboard counts it (drafts and set-asides have none)."""

    __tablename__ = "evaluation_referral"
    __table_args__ = (
        # Each index is in the GROUP BY order of one dashboard query, so the database
        # streams the groups from it (no sort): the whole country's referral facts and
        # answer times (when not read from the rollups), then the same within one
        # region. None has ``sent_at`` second: SQLite would skip-scan such an index for
        # the country and sort what it found.
        Index("ix_evaluation_referral_groups", *_GROUPS, "sent_at"),
        Index("ix_evaluation_referral_times", "region_code", *_TIMES, "sent_at"),
        Index("ix_evaluation_referral_region_groups", "region_code", *_GROUPS, "sent_at"),
        Index(
            "ix_evaluation_referral_region_times", "region_code", "centre_id", *_TIMES, "sent_at"
        ),
        # The partial months at the ends of the whole country's period (the whole months
        # come from the rollups): a range of sending times, every column either reads.
        Index("ix_evaluation_referral_sent", "sent_at", *_GROUPS, "region_code", *_TIMES),
    )

    referral_id: int = Field(foreign_key="referral.id", ondelete="CASCADE", primary_key=True)
    participant_id: str = Field(
        foreign_key="participant.id", ondelete="CASCADE", index=True, max_length=36
    )
    sent_at: datetime
    region_code: str | None = Field(default=None, max_length=2)  # the participant's, now
    centre_id: str = Field(max_length=36)  # the participant's centre, now
    offer_id: str = Field(max_length=36)
    agreement_id: str | None = Field(default=None, max_length=36)
    status: str = Field(max_length=14)
    reason_code: str | None = Field(default=None, max_length=20)
    quota_counted: bool = False
    days_to_answer: int | None = None  # whole days to the first answer (None: none yet)
    days_to_service: int | None = None  # whole days to the start of the service


def gender_of(attributes: dict[str, Any] | None) -> str | None:
    """The participant's gender attribute (``{"gender": {"value": v}}`` or ``{"gender": v}``)."""
    value = (attributes or {}).get("gender")
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value if isinstance(value, str) else None


def whole_days(later: datetime | None, earlier: datetime) -> int | None:
    """Whole days from ``earlier`` to ``later``, never below 0 (None without ``later``)."""
    if later is None:
        return None
    return max(math.floor((later - earlier).total_seconds() / 86400), 0)


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _person_rows(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    first: dict[str, datetime] = {}
    newest: dict[str, datetime] = {}
    lowest: dict[str, int] = {}
    latest: dict[str, tuple[int, list[str]]] = {}
    for pid, assessment_id, at, high in connection.execute(
        select(
            col(Assessment.participant_id),
            col(Assessment.id),
            col(Assessment.assessed_at),
            col(Assessment.high_unmet),
        ).where(col(Assessment.participant_id).in_(ids))
    ):
        if pid not in first or at < first[pid]:
            first[pid] = at
        if pid not in newest or at > newest[pid]:
            newest[pid] = at
        number = int(assessment_id or 0)
        if pid not in lowest or number < lowest[pid]:
            lowest[pid] = number
        if pid not in latest or number > latest[pid][0]:
            latest[pid] = (number, list(high or ()))
    planned = set(
        connection.scalars(
            select(col(PlanGoal.participant_id)).where(col(PlanGoal.participant_id).in_(ids))
        )
    )
    reach: dict[str, int] = {}
    for pid, status in connection.execute(
        select(col(Referral.participant_id), col(Referral.status)).where(
            col(Referral.participant_id).in_(ids), col(Referral.sent_at).is_not(None)
        )
    ):
        reach[pid] = max(reach.get(pid, 0), STATUS_REACH.get(status, 1))
    return [
        {
            "participant_id": pid,
            "region_code": region,
            "centre_id": centre,
            "first_assessed_at": first.get(pid),
            "latest_assessed_at": newest.get(pid),
            "first_assessment_id": lowest.get(pid),
            "latest_assessment_id": latest[pid][0] if pid in latest else None,
            "planned": pid in planned,
            "reach": reach.get(pid, 0),
            "high_unmet": ",".join(sorted(set(latest.get(pid, (0, []))[1]))),
            "gender": gender_of(attributes),
            "year_of_birth": born,
        }
        for pid, region, centre, attributes, born in connection.execute(
            select(
                col(Participant.id),
                col(Participant.region_code),
                col(Participant.centre_id),
                col(Participant.attributes),
                col(Participant.year_of_birth),
            ).where(col(Participant.id).in_(ids))
        )
    ]


def _referral_rows(
    connection: Connection, ids: list[str], people: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    where = {p["participant_id"]: (p["region_code"], p["centre_id"]) for p in people}
    referrals = list(
        connection.execute(
            select(
                col(Referral.id),
                col(Referral.participant_id),
                col(Referral.sent_at),
                col(Referral.offer_id),
                col(Referral.agreement_id),
                col(Referral.status),
                col(Referral.reason_code),
                col(Referral.quota_counted),
            ).where(col(Referral.participant_id).in_(ids), col(Referral.sent_at).is_not(None))
        )
    )
    answered: dict[int, datetime] = {}
    served: dict[int, datetime] = {}
    events = (
        select(col(ReferralEvent.referral_id), col(ReferralEvent.to_status), col(ReferralEvent.at))
        .join(Referral, col(Referral.id) == col(ReferralEvent.referral_id))
        .where(
            col(Referral.participant_id).in_(ids),
            col(ReferralEvent.to_status).in_((*ANSWERS, "in_service")),
        )
    )
    for referral_id, status, at in connection.execute(events):
        found = answered if status in ANSWERS else served
        if referral_id not in found or at < found[referral_id]:
            found[referral_id] = at
    rows = []
    for rid, pid, sent, offer, agreement, status, reason, quota in referrals:
        if pid not in where or sent is None:
            continue
        region, centre = where[pid]
        rows.append(
            {
                "referral_id": rid,
                "participant_id": pid,
                "sent_at": sent,
                "region_code": region,
                "centre_id": centre,
                "offer_id": offer,
                "agreement_id": agreement,
                "status": status,
                "reason_code": reason,
                "quota_counted": bool(quota),
                "days_to_answer": whole_days(answered.get(rid or 0), sent),
                "days_to_service": whole_days(served.get(rid or 0), sent),
            }
        )
    return rows


def _fact_rows(connection: Connection, where: Any) -> list[dict[str, Any]]:
    columns = [getattr(SentReferralFact, name) for name in rollups.FACT_COLUMNS]
    return [row._asdict() for row in connection.execute(select(*columns).where(where))]


def _person_facts(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    columns = [getattr(PersonFact, name) for name in rollups.PERSON_COLUMNS]
    return [
        row._asdict()
        for row in connection.execute(
            select(*columns).where(col(PersonFact.participant_id).in_(ids))
        )
    ]


def forget(
    connection: Connection,
    *,
    participant_ids: Sequence[str] = (),
    referral_ids: Sequence[int] = (),
) -> None:
    """Before participants or referrals are deleted: drop their facts and stop counting
    them in the rollups (``ON DELETE CASCADE`` alone would leave the rollups counting)."""
    for ids in _chunks(sorted(set(participant_ids))):
        where = col(SentReferralFact.participant_id).in_(ids)
        rollups.change(connection, _fact_rows(connection, where), ())
        connection.execute(delete(SentReferralFact).where(where))
        rollups.change_people(connection, _person_facts(connection, ids), ())
        connection.execute(delete(PersonFact).where(col(PersonFact.participant_id).in_(ids)))
    numbers = sorted(set(referral_ids))
    for start in range(0, len(numbers), CHUNK):
        where = col(SentReferralFact.referral_id).in_(numbers[start : start + CHUNK])
        rollups.change(connection, _fact_rows(connection, where), ())
        connection.execute(delete(SentReferralFact).where(where))


def refresh(connection: Connection, participant_ids: Iterable[str]) -> None:
    """Recompute the facts of these participants (and of their sent referrals), and move
    the monthly rollups by the difference (:mod:`enlace.casework.rollups`)."""
    for ids in _chunks(sorted(set(participant_ids))):
        old = _fact_rows(connection, col(SentReferralFact.participant_id).in_(ids))
        old_people = _person_facts(connection, ids)
        connection.execute(
            delete(SentReferralFact).where(col(SentReferralFact.participant_id).in_(ids))
        )
        connection.execute(
            delete(outcome_facts.FollowUpFact).where(
                col(outcome_facts.FollowUpFact.participant_id).in_(ids)
            )
        )
        connection.execute(
            delete(need_facts.NeedFact).where(col(need_facts.NeedFact.participant_id).in_(ids))
        )
        connection.execute(delete(PersonFact).where(col(PersonFact.participant_id).in_(ids)))
        people = _person_rows(connection, ids)
        if people:
            connection.execute(insert(PersonFact), people)
        referrals = _referral_rows(connection, ids, people)
        if referrals:
            connection.execute(insert(SentReferralFact), referrals)
        needs = need_facts.need_rows(people)
        if needs:
            connection.execute(insert(need_facts.NeedFact), needs)
        follow_ups = outcome_facts.follow_up_rows(connection, ids, people)
        if follow_ups:
            connection.execute(insert(outcome_facts.FollowUpFact), follow_ups)
        rollups.change(connection, old, referrals)
        rollups.change_people(connection, old_people, people)


def refresh_all(connection: Connection) -> None:
    """Recompute every fact and rollup (after a bulk load, and by the migration that adds
    them)."""
    tables = (SentReferralFact, outcome_facts.FollowUpFact, need_facts.NeedFact, PersonFact)
    for table in (*tables, rollups.ReferralMonth, rollups.AnswerMonth, rollups.PersonMonth):
        connection.execute(delete(table))
    refresh(connection, list(connection.scalars(select(col(Participant.id)))))


def build_if_missing(connection: Connection) -> bool:
    """Backfill the facts of a database that has casework but none yet (just upgraded past
    the migration that added them); True when it did. Two indexed lookups otherwise."""
    people = connection.scalar(select(col(Participant.id)).limit(1))
    if people is None or connection.scalar(select(col(PersonFact.participant_id)).limit(1)):
        return False
    refresh_all(connection)
    return True


#: Participant columns the facts copy: other changes (activity, case manager) skip them.
_PERSON_COLUMNS = ("region_code", "centre_id", "attributes", "year_of_birth")
_INFO_PARTICIPANTS = "enlace.evaluation_facts"


def _changed(obj: Participant) -> bool:
    state = sa_inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in _PERSON_COLUMNS)


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    """Note whose facts this flush changes (before the flush clears the history)."""
    people: set[str] = session.info.setdefault(_INFO_PARTICIPANTS, set())
    events: set[int] = session.info.setdefault(_INFO_PARTICIPANTS + ".referrals", set())
    gone = [obj for obj in session.deleted if isinstance(obj, Participant | Referral)]
    if gone:
        forget(
            session.connection(),
            participant_ids=[o.id for o in gone if isinstance(o, Participant)],
            referral_ids=[o.id for o in gone if isinstance(o, Referral) and o.id is not None],
        )
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Participant):
            if obj in session.new or obj in session.deleted or _changed(obj):
                people.add(obj.id)
        elif isinstance(obj, Assessment | PlanGoal | Referral | FollowUp):
            people.add(obj.participant_id)
        elif isinstance(obj, ReferralEvent):
            events.add(obj.referral_id)


def _after_flush(session: OrmSession, _context: Any) -> None:
    people: set[str] = session.info.pop(_INFO_PARTICIPANTS, set())
    events: set[int] = session.info.pop(_INFO_PARTICIPANTS + ".referrals", set())
    if not people and not events:
        return
    connection = session.connection()
    if events:
        people |= set(
            connection.scalars(
                select(col(Referral.participant_id)).where(col(Referral.id).in_(sorted(events)))
            )
        )
    refresh(connection, {p for p in people if p})


def _end_transaction(session: OrmSession, *_args: Any) -> None:
    session.info.pop(_INFO_PARTICIPANTS, None)
    session.info.pop(_INFO_PARTICIPANTS + ".referrals", None)


event.listen(DbSession, "before_flush", _before_flush)
event.listen(DbSession, "after_flush", _after_flush)
event.listen(DbSession, "after_rollback", _end_transaction)
