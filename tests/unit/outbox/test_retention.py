"""Outbox retention: bodies (one-time links) are emptied N days after sending, the record
of attempts stays, pending messages are never touched; the command is a dry run unless
--yes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.db import open_session
from enlace.outbox import OutboxAttempt, OutboxMessage, queue_message
from enlace.outbox.commands import purge_command
from enlace.outbox.retention import purge_bodies
from enlace.outbox.sender import SmtpSettings, send_due

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
LINK = "https://enlace.example/actualizar/abc"


def _queue(session: Session, subject: str = "Check your record") -> int:
    message = queue_message(
        session,
        to="omil@example.org",
        language="es",
        subject=subject,
        text=f"Open {LINK}",
        html=f'<p><a href="{LINK}">Open</a></p>',
        purpose="update_request",
    )
    session.commit()
    assert message.id is not None
    return message.id


def _sent_at(session: Session, at: datetime, folder: Path) -> int:
    message_id = _queue(session)
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    message.next_attempt_at = at
    session.add(message)
    session.commit()
    assert send_due(session, SmtpSettings(mailbox_dir=folder), at).sent == 1
    return message_id


def test_bodies_are_emptied_after_the_keep_days_and_attempts_stay(
    engine: Engine, tmp_path: Path
) -> None:
    with open_session(engine) as session:
        old = _sent_at(session, NOW - timedelta(days=31), tmp_path)
        recent = _sent_at(session, NOW - timedelta(days=29), tmp_path)
        pending = _queue(session, "Still waiting")
        found = purge_bodies(session, NOW, 30, act=True)
        session.commit()
        assert [c.id for c in found] == [old]
        session.expire_all()
        emptied = session.get(OutboxMessage, old)
        assert emptied is not None
        assert (emptied.text_body, emptied.html_body) == ("", None)
        assert emptied.status == "sent" and emptied.subject == "Check your record"
        for kept in (recent, pending):
            message = session.get(OutboxMessage, kept)
            assert message is not None and LINK in message.text_body
            assert message.html_body is not None and LINK in message.html_body
        attempts = session.exec(select(OutboxAttempt).where(OutboxAttempt.message_id == old))
        assert [a.ok for a in attempts] == [True]
        # a second round finds nothing left to empty
        assert purge_bodies(session, NOW, 30, act=True) == []


def test_a_dry_run_lists_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    with open_session(engine) as session:
        old = _sent_at(session, NOW - timedelta(days=40), tmp_path)
        assert [c.id for c in purge_bodies(session, NOW, 30, act=False)] == [old]
        session.commit()
        session.expire_all()
        message = session.get(OutboxMessage, old)
        assert message is not None and LINK in message.text_body


def test_a_message_given_up_is_emptied_too(engine: Engine) -> None:
    with open_session(engine) as session:
        message_id = _queue(session)
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.status = "failed"
        message.created_at = NOW - timedelta(days=31)
        session.add(message)
        session.commit()
        assert [c.id for c in purge_bodies(session, NOW, 30, act=True)] == [message_id]


def test_the_command_is_a_dry_run_unless_yes(app: Flask, engine: Engine, tmp_path: Path) -> None:
    with open_session(engine) as session:
        old = _sent_at(session, datetime.now(UTC) - timedelta(days=45), tmp_path)
    runner = app.test_cli_runner()
    dry = runner.invoke(purge_command, [])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: 1 message(s)" in dry.output
    with open_session(engine) as session:
        message = session.get(OutboxMessage, old)
        assert message is not None and LINK in message.text_body
    kept = runner.invoke(purge_command, ["--days", "60", "--yes"])
    assert "No message" in kept.output
    done = runner.invoke(purge_command, ["--yes"])
    assert done.exit_code == 0, done.output
    assert "Emptied the texts of 1 message(s)" in done.output
    with open_session(engine) as session:
        message = session.get(OutboxMessage, old)
        assert message is not None and message.text_body == ""
