"""The audit log: entries are written with the change, and the database refuses to alter them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from enlace.accounts import audit
from enlace.accounts.audit import AuditAction, AuditFilter, RequestInfo, record
from enlace.accounts.models import AuditEntry
from enlace.database import upgrade
from enlace.db import open_session
from tests.accounts_factories import make_user

INFO = RequestInfo(ip="203.0.113.9", user_agent="Firefox")


def test_record_writes_who_what_which_why_and_from_where(db_session: Session) -> None:
    admin = make_user(db_session, "admin", email="admin@example.org")
    entry = record(
        db_session, admin, AuditAction.USER_DISABLED, "user", 42, "left the centre", INFO,
        details={"x": 1},
    )  # fmt: skip
    db_session.commit()
    stored = db_session.get(AuditEntry, entry.id)
    assert stored is not None
    assert (stored.actor_id, stored.actor_label, stored.actor_role) == (
        admin.id,
        "admin@example.org",
        "admin",
    )
    assert (stored.action, stored.target_type, stored.target_id) == ("user_disabled", "user", "42")
    assert (stored.reason, stored.ip, stored.user_agent) == (
        "left the centre",
        "203.0.113.9",
        "Firefox",
    )
    assert stored.details == {"x": 1}
    assert stored.at.tzinfo is not None


def test_anonymous_and_system_entries_and_clipping(db_session: Session) -> None:
    anonymous = record(db_session, None, "login_failed", "user", None, "x" * 900, None)
    system = record(db_session, None, "demo_accounts", None, None, None, None, actor_label="cli")
    assert anonymous.actor_label == "anonymous" and anonymous.actor_id is None
    assert anonymous.reason is not None and len(anonymous.reason) == 500
    assert system.actor_label == "cli"


@pytest.mark.parametrize("action", ["", "Login", "drop table", "x" * 61, "login;"])
def test_actions_are_lowercase_words(db_session: Session, action: str) -> None:
    with pytest.raises(ValueError, match="audit action"):
        record(db_session, None, action, None, None, None, None)


def _one_entry(engine: Engine) -> int:
    with open_session(engine) as session:
        entry = record(session, None, AuditAction.LOGIN_FAILED, "user", 1, None, INFO)
        session.commit()
        assert entry.id is not None
        return entry.id


def _assert_append_only(engine: Engine, entry_id: int) -> None:
    statements = [
        f"UPDATE audit_log SET reason = 'rewritten' WHERE id = {entry_id}",
        f"DELETE FROM audit_log WHERE id = {entry_id}",
        "DELETE FROM audit_log",
    ]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
    with open_session(engine) as session:  # through the ORM too
        entry = session.get(AuditEntry, entry_id)
        assert entry is not None
        entry.reason = "rewritten"
        with pytest.raises(DBAPIError, match="append-only"):
            session.commit()
        session.rollback()
        session.delete(session.get(AuditEntry, entry_id))
        with pytest.raises(DBAPIError, match="append-only"):
            session.commit()
    with open_session(engine) as session:
        kept = session.get(AuditEntry, entry_id)
        assert kept is not None and kept.reason is None


def test_the_database_refuses_updates_and_deletes(engine: Engine) -> None:
    _assert_append_only(engine, _one_entry(engine))


def test_the_migration_installs_the_same_protection(engine: Engine) -> None:
    SQLModel.metadata.drop_all(engine)
    upgrade(engine)
    _assert_append_only(engine, _one_entry(engine))


def test_search_filters_and_pages(db_session: Session) -> None:
    admin = make_user(db_session, "admin", email="boss@example.org")
    other = make_user(db_session, "coordinator", email="coord@example.org", region_code="7")
    for n in range(60):
        record(db_session, admin, AuditAction.USER_UPDATED, "user", n % 3, None, INFO)
    record(db_session, other, AuditAction.LOGIN, "user", other.id, None, INFO)
    db_session.commit()
    everything = audit.search(db_session, AuditFilter())
    assert (everything.total, everything.pages, len(everything.entries)) == (61, 2, 50)
    assert everything.entries[0].action == "login"  # newest first
    assert len(audit.search(db_session, AuditFilter(), page=2).entries) == 11
    assert audit.search(db_session, AuditFilter(), page=99).page == 2
    assert audit.search(db_session, AuditFilter(actor="COORD")).total == 1
    assert audit.search(db_session, AuditFilter(actor="%")).total == 0  # no wildcards
    assert audit.search(db_session, AuditFilter(action="user_updated")).total == 60
    assert audit.search(db_session, AuditFilter(target_type="user", target_id="1")).total == 20
    now = datetime.now(UTC)
    assert audit.search(db_session, AuditFilter(since=now + timedelta(days=1))).total == 0
    assert audit.search(db_session, AuditFilter(until=now - timedelta(days=1))).total == 0
    assert "user_updated" in audit.known_actions(db_session)
    assert "password_reset" in audit.known_actions(db_session)  # offered before first use
    assert audit.known_target_types(db_session) == ["user"]
