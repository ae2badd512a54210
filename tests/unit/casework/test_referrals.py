"""Referrals: from a match or an offer, moved with events and audit, and the quota race."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry, User
from enlace.casework import referrals
from enlace.casework.errors import (
    ConsentRequiredError,
    InvalidError,
    QuotaUsedUpError,
    TransitionError,
)
from enlace.casework.models import Referral, ReferralEvent
from enlace.casework.referrals import ReferralDraft, is_unanswered
from enlace.db import open_session, utcnow
from enlace.network.models import Agreement
from tests.unit.casework.conftest import World, make_world

SNAPSHOT = {"score": 0.8, "terms": [], "weights_version": "v1", "catalogue_revision": 3}


def _quota_used(session: Session, agreement_id: str) -> int:
    session.expire_all()
    agreement = session.get(Agreement, agreement_id)
    assert agreement is not None
    return agreement.quota_used


def test_a_referral_moves_through_its_lifecycle_with_events(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    consent = world.consent(db_session, person)
    referral = world.referral(db_session, person, consent=consent)
    assert referral.id is not None
    referrals.send(db_session, world.staff, referral.id)
    referrals.move(db_session, world.staff, referral.id, "accepted")
    referrals.move(db_session, world.staff, referral.id, "in_service")
    referrals.move(db_session, world.staff, referral.id, "not_completed", "other", "moved away")
    db_session.commit()
    events = referrals.history(db_session, world.staff, referral.id)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "draft"),
        ("draft", "sent"),
        ("sent", "accepted"),
        ("accepted", "in_service"),
        ("in_service", "not_completed"),
    ]
    assert events[-1].reason_code == "other" and events[-1].reason_text == "moved away"
    assert all(e.actor_id == world.staff.id for e in events)
    assert referral.reason_code == "other"
    statuses = db_session.exec(
        select(AuditEntry.details).where(AuditEntry.action == "referral.status")
    ).all()
    assert [d["after"] for d in statuses if d] == [
        "sent",
        "accepted",
        "in_service",
        "not_completed",
    ]


def test_an_invalid_move_changes_nothing(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    referral = world.referral(db_session, person)
    assert referral.id is not None
    with pytest.raises(TransitionError):
        referrals.move(db_session, world.staff, referral.id, "completed")
    assert referral.status == "draft"


def test_sending_needs_a_valid_consent_for_the_offers_agency(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    wrong = world.consent(db_session, person, recipient_agency_id=world.other_centre.id)
    referral = world.referral(db_session, person, consent=wrong)
    assert referral.id is not None
    with pytest.raises(ConsentRequiredError) as caught:
        referrals.send(db_session, world.staff, referral.id)
    assert caught.value.problem == "other_recipient"
    bare = world.referral(db_session, person)
    assert bare.id is not None
    with pytest.raises(ConsentRequiredError):
        referrals.send(db_session, world.staff, bare.id)


def test_from_a_match_keeps_the_snapshot_and_a_set_aside_needs_a_reason(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    chosen = world.referral(db_session, person, origin="match", snapshot=SNAPSHOT)
    assert chosen.snapshot == SNAPSHOT and chosen.status == "draft"
    with pytest.raises(InvalidError) as caught:
        world.referral(db_session, person, origin="match", snapshot=SNAPSHOT, decision="set_aside")
    assert caught.value.errors == {"decision_reason": "required"}
    aside = world.referral(
        db_session,
        person,
        origin="match",
        snapshot=SNAPSHOT,
        decision="set_aside",
        decision_reason="prefers a course near home",
    )
    assert aside.status == "set_aside"
    with pytest.raises(InvalidError) as caught:
        world.referral(db_session, person, origin="match", snapshot={"score": 1})
    assert caught.value.errors == {"snapshot": "incomplete"}


@pytest.mark.parametrize(
    ("draft", "errors"),
    [
        (ReferralDraft(offer_id="nope"), {"offer_id": "unknown_offer"}),
        (
            ReferralDraft(offer_id="", origin="phone"),
            {"origin": "unknown_origin", "offer_id": "unknown_offer"},
        ),
    ],
)
def test_bad_drafts_write_nothing(
    db_session: Session, world: World, draft: ReferralDraft, errors: dict[str, str]
) -> None:
    person = world.participant(db_session)
    with pytest.raises(InvalidError) as caught:
        referrals.create(db_session, world.staff, person.id, draft)
    assert caught.value.errors == errors
    assert db_session.exec(select(Referral)).all() == []


def test_an_agreement_must_give_the_centre_priority(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    world.agreement.status = "suspended"
    db_session.add(world.agreement)
    db_session.commit()
    with pytest.raises(InvalidError) as caught:
        world.referral(db_session, person, agreement_id=world.agreement.id)
    assert caught.value.errors == {"agreement_id": "no_priority_under_agreement"}


def test_quota_is_taken_on_sending_and_given_back_on_decline(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    consent = world.consent(db_session, person)
    referral = world.referral(db_session, person, consent=consent, agreement_id=world.agreement.id)
    assert referral.id is not None
    version = world.agreement.version
    referrals.send(db_session, world.staff, referral.id)
    db_session.commit()
    assert _quota_used(db_session, world.agreement.id) == 1
    assert world.agreement.version == version + 1  # an editor's older copy is now stale
    referrals.move(db_session, world.staff, referral.id, "declined", "no_capacity")
    db_session.commit()
    assert _quota_used(db_session, world.agreement.id) == 0
    history = db_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_id == world.agreement.id)
    ).all()
    assert history == ["agreement.quota_taken", "agreement.quota_returned"]


def _two_drafts(engine: Engine) -> tuple[World, list[int], list[int]]:
    with open_session(engine, expire_on_commit=False) as session:
        world = make_world(session, quota=1)
        ids = []
        for manager in (world.staff, world.colleague):
            person = world.participant(session)
            consent = world.consent(session, person)
            referral = referrals.create(
                session,
                manager,
                person.id,
                ReferralDraft(world.offer.id, world.agreement.id, consent.id),
            )
            ids.append(referral.id or 0)
        session.commit()
        managers = [world.staff.id or 0, world.colleague.id or 0]
    return world, ids, managers


def test_two_case_managers_take_the_last_place_at_once(engine: Engine) -> None:
    world, ids, managers = _two_drafts(engine)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(referral_id: int, manager_id: int) -> None:
        with open_session(engine) as session:
            manager = session.get(User, manager_id)
            assert manager is not None
            barrier.wait()
            try:
                referrals.send(session, manager, referral_id)
                session.commit()
                outcomes.append("sent")
            except QuotaUsedUpError:
                session.rollback()
                outcomes.append("used up")

    threads = [threading.Thread(target=take, args=pair) for pair in zip(ids, managers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["sent", "used up"]
    with open_session(engine) as session:
        assert _quota_used(session, world.agreement.id) == 1
        sent = session.exec(select(Referral).where(col(Referral.status) == "sent")).all()
        assert len(sent) == 1 and sent[0].quota_counted


def test_the_second_waits_for_the_first_and_finds_the_quota_used_up(engine: Engine) -> None:
    """Deterministic: the first holds the place uncommitted while the second tries."""
    world, ids, managers = _two_drafts(engine)
    with open_session(engine) as first, open_session(engine) as second:
        manager = first.get(User, managers[0])
        other = second.get(User, managers[1])
        assert manager is not None and other is not None
        referrals.send(first, manager, ids[0])  # the place is taken, not yet committed
        caught: list[BaseException] = []

        def try_second() -> None:
            try:
                referrals.send(second, other, ids[1])
            except BaseException as error:
                caught.append(error)

        thread = threading.Thread(target=try_second)
        thread.start()
        time.sleep(0.3)  # the second is now waiting on the row (or database) lock
        first.commit()
        thread.join(timeout=60)
        second.rollback()
        assert len(caught) == 1 and isinstance(caught[0], QuotaUsedUpError), caught
    with open_session(engine) as session:
        assert _quota_used(session, world.agreement.id) == 1
        events = session.exec(
            select(ReferralEvent).where(col(ReferralEvent.to_status) == "sent")
        ).all()
        assert len(events) == 1


@pytest.mark.parametrize(
    ("status", "days_ago", "flagged"),
    [("sent", 10, True), ("sent", 9, False), ("accepted", 30, False), ("sent", None, False)],
)
def test_unanswered_after_n_days(status: str, days_ago: int | None, flagged: bool) -> None:
    now = utcnow()
    sent_at = None if days_ago is None else now - timedelta(days=days_ago)
    assert is_unanswered(status, sent_at, now, 10) is flagged
