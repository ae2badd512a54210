"""The evaluation facts equal a naive recomputation from the casework rows, whatever random
casework did before (:mod:`tests.unit.casework.random_casework`); so do the monthly
rollups."""

from __future__ import annotations

import ast
import random
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, col, select

from enlace.casework.facts import (
    STATUS_REACH,
    PersonFact,
    SentReferralFact,
    build_if_missing,
    gender_of,
    refresh_all,
)
from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from enlace.casework.need_facts import NeedFact
from enlace.casework.outcome_facts import FollowUpFact
from enlace.casework.privacy import delete_on_request
from enlace.casework.rollups import AnswerMonth, PersonMonth, ReferralMonth
from enlace.paths import MIGRATIONS_DIR
from tests.unit.casework.conftest import World
from tests.unit.casework.random_casework import random_casework

Facts = tuple[
    dict[str, Any],
    dict[int, Any],
    dict[tuple[Any, ...], int],
    dict[tuple[Any, ...], int],
    dict[int, Any],
    dict[tuple[str, str], Any],
    dict[tuple[Any, ...], int],
]


def _naive(session: Session) -> Facts:
    """The facts straight from the casework rows, by their definition."""
    people: dict[str, Any] = {}
    needs: dict[tuple[str, str], Any] = {}
    for p in session.exec(select(Participant)).all():
        assessments = session.exec(
            select(Assessment).where(col(Assessment.participant_id) == p.id)
        ).all()
        sent = session.exec(
            select(Referral).where(
                col(Referral.participant_id) == p.id, col(Referral.sent_at).is_not(None)
            )
        ).all()
        latest = max(assessments, key=lambda a: a.id or 0) if assessments else None
        for domain in set(latest.high_unmet if latest else ()):
            needs[(p.id, domain)] = (p.region_code, p.centre_id)
        people[p.id] = (
            p.region_code,
            p.centre_id,
            min((a.assessed_at for a in assessments), default=None),
            max((a.assessed_at for a in assessments), default=None),
            min((a.id or 0 for a in assessments), default=None),
            latest.id if latest else None,
            bool(session.exec(select(PlanGoal).where(col(PlanGoal.participant_id) == p.id)).all()),
            max((STATUS_REACH.get(r.status, 1) for r in sent), default=0),
            ",".join(sorted(set(latest.high_unmet))) if latest else "",
            gender_of(p.attributes),
            p.year_of_birth,
        )
    referrals: dict[int, Any] = {}
    for r in session.exec(select(Referral).where(col(Referral.sent_at).is_not(None))).all():
        owner = session.get(Participant, r.participant_id)
        assert owner is not None and r.sent_at is not None
        events = session.exec(
            select(ReferralEvent).where(col(ReferralEvent.referral_id) == r.id)
        ).all()

        def first(statuses: tuple[str, ...], events: Any = events) -> datetime | None:
            return min((e.at for e in events if e.to_status in statuses), default=None)

        def days(at: datetime | None, sent: datetime = r.sent_at) -> int | None:
            return None if at is None else max((at - sent).days, 0)

        referrals[r.id or 0] = (
            r.participant_id,
            r.sent_at,
            owner.region_code,
            owner.centre_id,
            r.offer_id,
            r.agreement_id,
            r.status,
            r.reason_code,
            r.quota_counted,
            days(first(("accepted", "waitlisted", "declined"))),
            days(first(("in_service",))),
        )
    by_offer: Counter[tuple[Any, ...]] = Counter()
    by_region: Counter[tuple[Any, ...]] = Counter()
    for (
        _p,
        sent,
        region,
        _c,
        offer,
        agreement,
        status,
        reason,
        quota,
        answer,
        service,
    ) in referrals.values():
        month = sent.astimezone(UTC).date().replace(day=1)
        by_offer[(month, offer, agreement or "", status, reason or "", quota)] += 1
        by_region[
            (
                month,
                region or "",
                -1 if answer is None else answer,
                -1 if service is None else service,
            )
        ] += 1
    follow_ups = {}
    for x in session.exec(select(FollowUp)).all():
        owner = session.get(Participant, x.participant_id)
        assert owner is not None
        follow_ups[x.id or 0] = (
            x.participant_id, x.on, x.due_months, x.work, x.studies, x.housing, x.in_group,
            gender_of(owner.attributes), x.on.year - owner.year_of_birth, owner.region_code,
            owner.centre_id,
        )  # fmt: skip
    by_month: Counter[tuple[Any, ...]] = Counter()
    for region, centre, first_at, _l, _f, _i, planned, reach, *_rest in people.values():
        if first_at is not None:
            month = first_at.astimezone(UTC).date().replace(day=1)
            by_month[(month, region or "", centre, planned, reach)] += 1
    return people, referrals, dict(by_offer), dict(by_region), follow_ups, needs, dict(by_month)


def _stored(session: Session) -> Facts:
    people = {
        f.participant_id: (
            f.region_code,
            f.centre_id,
            f.first_assessed_at,
            f.latest_assessed_at,
            f.first_assessment_id,
            f.latest_assessment_id,
            f.planned,
            f.reach,
            f.high_unmet,
            f.gender,
            f.year_of_birth,
        )
        for f in session.exec(select(PersonFact)).all()
    }
    referrals = {
        f.referral_id: (
            f.participant_id,
            f.sent_at,
            f.region_code,
            f.centre_id,
            f.offer_id,
            f.agreement_id,
            f.status,
            f.reason_code,
            f.quota_counted,
            f.days_to_answer,
            f.days_to_service,
        )
        for f in session.exec(select(SentReferralFact)).all()
    }
    by_offer = {
        (m.month, m.offer_id, m.agreement_id, m.status, m.reason_code, m.quota_counted): m.referrals
        for m in session.exec(select(ReferralMonth)).all()
        if m.referrals
    }
    by_region = {
        (m.month, m.region_code, m.days_to_answer, m.days_to_service): m.referrals
        for m in session.exec(select(AnswerMonth)).all()
        if m.referrals
    }
    follow_ups = {
        f.follow_up_id: (
            f.participant_id,
            f.on,
            f.due_months,
            f.work,
            f.studies,
            f.housing,
            f.in_group,
            f.gender,
            f.age,
            f.region_code,
            f.centre_id,
        )
        for f in session.exec(select(FollowUpFact)).all()
    }
    needs = {
        (f.participant_id, f.domain): (f.region_code, f.centre_id)
        for f in session.exec(select(NeedFact)).all()
    }
    by_month = {
        (m.month, m.region_code, m.centre_id, m.planned, m.reach): m.people
        for m in session.exec(select(PersonMonth)).all()
        if m.people
    }
    return people, referrals, by_offer, by_region, follow_ups, needs, by_month


@pytest.mark.parametrize("seed", range(5))
def test_the_facts_equal_a_naive_recomputation(
    db_session: Session, world: World, seed: int
) -> None:
    random_casework(db_session, world, random.Random(seed))
    stored = _stored(db_session)
    assert stored == _naive(db_session)
    assert stored[0], "the random casework made participants"
    assert stored[2] and stored[3], "and sent referrals, counted in the rollups"
    assert stored[4], "and follow-ups"


def test_erasing_a_participant_stops_counting_their_referrals(
    db_session: Session, world: World
) -> None:
    random_casework(db_session, world, random.Random(3))
    counted = db_session.exec(
        select(SentReferralFact.participant_id).where(
            col(SentReferralFact.region_code).is_not(None)
        )
    ).first()
    assert counted is not None
    owner = db_session.get(Participant, counted)
    assert owner is not None
    owner.centre_id = world.centre.id  # the staff's centre, so they may erase them
    db_session.add(owner)
    db_session.flush()
    delete_on_request(db_session, world.staff, counted, reason="asked in person")
    db_session.expire_all()
    stored = _stored(db_session)
    assert counted not in stored[0]
    assert stored == _naive(db_session)


def test_refresh_all_rebuilds_what_a_bulk_load_left_out(db_session: Session, world: World) -> None:
    random_casework(db_session, world, random.Random(11))
    expected = _stored(db_session)
    assert expected[5], "the random casework left high unmet needs"
    assert expected[6], "and assessed people, counted in the rollup"
    db_session.execute(SentReferralFact.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(PersonFact.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(ReferralMonth.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(AnswerMonth.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(FollowUpFact.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(NeedFact.__table__.delete())  # type: ignore[attr-defined]
    db_session.execute(PersonMonth.__table__.delete())  # type: ignore[attr-defined]
    assert _stored(db_session) == ({}, {}, {}, {}, {}, {}, {})
    refresh_all(db_session.connection())
    assert _stored(db_session) == expected


def test_a_database_upgraded_past_the_facts_is_backfilled_once(
    db_session: Session, world: World
) -> None:
    """``enlace.database.upgrade`` calls this after the migrations: casework recorded before
    the facts existed gets them; a database that has them is left alone."""
    random_casework(db_session, world, random.Random(12))
    expected = _stored(db_session)
    assert build_if_missing(db_session.connection()) is False  # facts already there
    for table in (SentReferralFact, PersonFact, ReferralMonth, AnswerMonth, FollowUpFact,
                  NeedFact, PersonMonth):  # fmt: skip
        db_session.execute(table.__table__.delete())  # type: ignore[attr-defined]
    assert build_if_missing(db_session.connection()) is True
    assert _stored(db_session) == expected
    assert build_if_missing(db_session.connection()) is False


def test_no_migration_runs_application_code() -> None:
    """A migration runs against the schema of its own day; code written against the newest
    models (such as the facts' backfill) belongs after the upgrade, not inside one."""
    versions = MIGRATIONS_DIR / "versions"
    offenders = [
        f"{path.name}: {node.module}"
        for path in sorted(versions.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("enlace")
    ]
    assert offenders == []
