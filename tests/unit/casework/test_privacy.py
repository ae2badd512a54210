"""Rights of the person and retention: export everything, delete leaving only audit
entries, purge dry-run versus --yes."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from enlace.accounts.models import AuditEntry
from enlace.casework import assessments, links, plan, privacy, referrals
from enlace.casework.models import Disclosure, Participant
from enlace.casework.plan import GoalDraft
from enlace.cli import main
from enlace.db import get_database, open_session, utcnow
from tests.unit.casework.conftest import World, make_world

CASEWORK_TABLES = (
    "participant",
    "assessment",
    "plan_goal",
    "goal_referral",
    "consent",
    "referral",
    "referral_event",
    "recipient_link",
    "disclosure",
)


def _full_participant(db_session: Session, world: World) -> Participant:
    person = world.participant(db_session, file_number="EXP-9", attributes={"region": "7"})
    assessments.record(
        db_session,
        world.staff,
        person.id,
        {
            "needs": {"employment": "high", "housing": "low"},
            "attributes": {"schooling": "technical"},
        },
        instrument="enlace-short",
        rule_version="1",
    )
    goal = plan.create_goal(db_session, world.staff, person.id, GoalDraft("employment", "Work"))
    consent = world.consent(db_session, person)
    referral = world.referral(db_session, person, consent=consent, goal_ids=[goal.id])
    referrals.send(db_session, world.staff, referral.id or 0)
    links.create(db_session, world.staff, referral.id or 0)
    db_session.commit()
    return person


def _rows(db_session: Session) -> dict[str, int]:
    counts = {}
    for name in CASEWORK_TABLES:
        table = SQLModel.metadata.tables[name]
        counts[name] = int(db_session.exec(select(func.count()).select_from(table)).one())  # type: ignore[call-overload]
    return counts


def test_export_holds_everything_and_no_secret(db_session: Session, world: World) -> None:
    person = _full_participant(db_session, world)
    data = privacy.export(db_session, world.staff, person.id)
    db_session.commit()
    text = json.dumps(data)
    assert data["participant"]["code"] == person.code
    assert data["assessments"][0]["profile"]["needs"]["employment"] == "high"
    for key in ("plan_goals", "goal_referrals", "referrals", "consents", "recipient_links"):
        assert len(data[key]) == 1, key
    assert len(data["referral_events"]) == 2
    assert "token_hash" not in text
    exported = db_session.exec(select(Disclosure).where(col(Disclosure.kind) == "export")).one()
    assert exported.recipient_label == "the person"


def test_delete_leaves_only_audit_entries(db_session: Session, world: World) -> None:
    person = _full_participant(db_session, world)
    other = world.participant(db_session)
    db_session.commit()
    before = db_session.exec(select(func.count()).select_from(AuditEntry)).one()
    privacy.delete_on_request(db_session, world.staff, person.id, reason="asked in person")
    db_session.commit()
    counts = _rows(db_session)
    assert counts == {name: 0 for name in CASEWORK_TABLES} | {"participant": 1}
    assert db_session.get(Participant, other.id) is not None
    entries = db_session.exec(select(AuditEntry).where(AuditEntry.target_id == person.id)).all()
    assert entries[-1].action == "participant.deleted"
    assert entries[-1].reason == "asked in person"
    assert db_session.exec(select(func.count()).select_from(AuditEntry)).one() == before + 1


def test_purge_is_a_dry_run_unless_yes(app: Flask) -> None:
    engine = get_database(app).engine
    assert engine is not None
    with open_session(engine) as session:
        world = make_world(session)
        old = world.participant(session)
        recent = world.participant(session)
        old.last_activity_at = utcnow() - timedelta(days=400)
        session.add(old)
        session.commit()
        old_id, recent_id = old.id, recent.id
    runner = app.test_cli_runner()
    dry = runner.invoke(main, ["purge", "--months", "12"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: 1 participant(s)" in dry.output
    with open_session(engine) as session:
        assert session.get(Participant, old_id) is not None
    done = runner.invoke(main, ["purge", "--months", "12", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Deleted 1 participant(s)" in done.output
    with open_session(engine) as session:
        assert session.get(Participant, old_id) is None
        assert session.get(Participant, recent_id) is not None
        purged = session.exec(
            select(AuditEntry).where(AuditEntry.action == "participant.purged")
        ).one()
        assert purged.target_id == old_id and purged.actor_label == "enlace purge"


def test_months_before_clamps_to_the_months_end() -> None:
    moment = utcnow().replace(year=2026, month=3, day=31)
    assert privacy.months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert privacy.months_before(moment, 15).date().isoformat() == "2024-12-31"
