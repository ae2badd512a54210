"""The outbox against a real SMTP server: delivery, retries with backoff, each attempt
recorded, nothing lost while the server is down, the development mailbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.db import open_session
from enlace.outbox import OutboxAttempt, OutboxMessage, queue_message
from enlace.outbox.sender import SmtpSettings, backoff, send_due
from tests.unit.outbox.conftest import SmtpServer, free_port

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _queue(session: Session, to: str = "omil@example.org") -> int:
    message = queue_message(
        session,
        to=to,
        language="en",
        subject="Please check your information",
        text="Open https://enlace.example/actualizar/abc",
        html='<p><a href="https://enlace.example/actualizar/abc">Open</a></p>',
        purpose="update_request",
    )
    session.commit()
    assert message.id is not None
    return message.id


def _settings(port: int, **more: object) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, starttls=False, **more)  # type: ignore[arg-type]


def test_a_message_reaches_the_server_as_text_and_html(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    with open_session(engine) as session:
        message_id = _queue(session)
        report = send_due(session, _settings(smtp_server.port), NOW + timedelta(seconds=1))
        assert (report.sent, report.retried, report.failed) == (1, 0, 0)
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None and stored.status == "sent" and stored.attempts == 1
        [attempt] = session.exec(select(OutboxAttempt)).all()
        assert attempt.ok and attempt.error is None
    [email] = smtp_server.sink.received
    assert smtp_server.sink.recipients == [["omil@example.org"]]
    assert email["Subject"] == "Please check your information"
    assert email["Content-Language"] == "en"
    kinds = [part.get_content_type() for part in email.walk() if not part.is_multipart()]
    assert kinds == ["text/plain", "text/html"]
    assert "<img" not in email.as_string()  # no tracking pixels


def test_nothing_is_lost_while_the_server_is_down(engine: Engine, smtp_server: SmtpServer) -> None:
    down = _settings(free_port(), max_attempts=3)
    with open_session(engine) as session:
        message_id = _queue(session)
        first = send_due(session, down, NOW + timedelta(seconds=1))
        assert (first.sent, first.retried) == (0, 1)
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None and stored.status == "pending"
        assert stored.next_attempt_at.replace(tzinfo=UTC) == NOW + timedelta(seconds=1) + backoff(1)
        # not due yet: nothing is tried
        assert send_due(session, down, NOW + timedelta(seconds=2)).retried == 0
        later = NOW + timedelta(minutes=5)
        assert send_due(session, _settings(smtp_server.port), later).sent == 1
        attempts = session.exec(select(OutboxAttempt).order_by(OutboxAttempt.id)).all()
        assert [a.ok for a in attempts] == [False, True]
        assert attempts[0].error
    assert len(smtp_server.sink.received) == 1


def test_a_message_is_given_up_after_the_last_attempt(engine: Engine) -> None:
    down = _settings(free_port(), max_attempts=2)
    with open_session(engine) as session:
        message_id = _queue(session)
        at = NOW
        for _ in range(2):
            at += timedelta(hours=7)
            send_due(session, down, at)
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None and (stored.status, stored.attempts) == ("failed", 2)


def test_a_message_rolled_back_with_its_change_is_never_sent(engine: Engine) -> None:
    with open_session(engine) as session:
        queue_message(
            session,
            to="a@example.org",
            language="es",
            subject="s",
            text="t",
            html=None,
            purpose="test",
        )
        session.rollback()
        assert session.exec(select(OutboxMessage)).all() == []


def test_without_a_host_messages_go_to_the_development_mailbox(
    engine: Engine, tmp_path: Path
) -> None:
    with open_session(engine) as session:
        message_id = _queue(session)
        report = send_due(session, SmtpSettings(mailbox_dir=tmp_path), NOW + timedelta(seconds=1))
        assert report.sent == 1
    written = (tmp_path / f"{message_id:08d}.eml").read_text()
    assert "To: omil@example.org" in written


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (9, 256), (20, 360)])
def test_backoff_grows_and_is_capped(attempts: int, minutes: int) -> None:
    assert backoff(attempts) == timedelta(minutes=minutes)


def test_queue_refuses_header_injection(engine: Engine) -> None:
    with open_session(engine) as session, pytest.raises(ValueError):
        queue_message(
            session,
            to="a@example.org\r\nBcc: x@example.org",
            language="es",
            subject="s",
            text="t",
            html=None,
            purpose="test",
        )
