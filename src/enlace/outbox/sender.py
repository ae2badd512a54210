"""Sending what the outbox holds: claim a due message, hand it to the SMTP server (or the
development mailbox), record the attempt; on failure wait longer before the next one."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from enlace.outbox.models import ERROR_MAX, OutboxAttempt, OutboxMessage

PENDING, SENT, FAILED = "pending", "sent", "failed"
#: How long a claimed message is left to one worker before another may try it.
LEASE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where mail goes: an SMTP server, or (no host) a folder of .eml files for development."""

    host: str = ""
    port: int = 587
    username: str = ""
    password: str = ""
    starttls: bool = True
    use_ssl: bool = False
    sender: str = "Enlace <no-reply@localhost>"
    timeout: int = 10
    max_attempts: int = 8
    mailbox_dir: Path | None = None

    @classmethod
    def from_config(cls, config: Any, instance_path: Path | None = None) -> SmtpSettings:
        mailbox = config.get("MAILBOX_DIR") or (
            instance_path / "mailbox" if instance_path is not None else None
        )
        return cls(
            host=str(config.get("SMTP_HOST") or ""),
            port=int(config.get("SMTP_PORT", 587)),
            username=str(config.get("SMTP_USERNAME") or ""),
            password=str(config.get("SMTP_PASSWORD") or ""),
            starttls=bool(config.get("SMTP_STARTTLS", True)),
            use_ssl=bool(config.get("SMTP_SSL", False)),
            sender=str(config.get("SMTP_FROM") or "Enlace <no-reply@localhost>"),
            timeout=int(config.get("SMTP_TIMEOUT", 10)),
            max_attempts=int(config.get("OUTBOX_MAX_ATTEMPTS", 8)),
            mailbox_dir=Path(mailbox) if mailbox else None,
        )


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failures: 1, 2, 4 ... minutes,
    at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = make_msgid(domain="enlace.local")
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    email["Content-Language"] = message.language  # after the body: set_content clears it
    return email


def _deliver_smtp(email: EmailMessage, settings: SmtpSettings) -> None:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.use_ssl:
        smtp = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.starttls and not settings.use_ssl:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(email)


def _deliver_mailbox(email: EmailMessage, message_id: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message_id:08d}.eml").write_bytes(bytes(email))


Deliver = Callable[[EmailMessage, OutboxMessage], None]


def deliverer(settings: SmtpSettings) -> Deliver:
    """SMTP when a host is configured, else the development mailbox folder."""
    if settings.host:
        return lambda email, _message: _deliver_smtp(email, settings)
    folder = settings.mailbox_dir or Path("instance/mailbox")
    return lambda email, message: _deliver_mailbox(email, int(message.id or 0), folder)


def _claim(session: Session, message: OutboxMessage, now: datetime) -> bool:
    """Take the message for this worker (another worker that read it too gets nothing)."""
    claimed = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message.id)
        .where(col(OutboxMessage.status) == PENDING)
        .where(col(OutboxMessage.next_attempt_at) == message.next_attempt_at)
        .values(next_attempt_at=now + LEASE)
    )
    session.commit()
    return bool(getattr(claimed, "rowcount", 0))


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int
    retried: int
    failed: int


def send_due(
    session: Session,
    settings: SmtpSettings,
    now: datetime,
    *,
    limit: int = 100,
    deliver: Deliver | None = None,
) -> SendReport:
    """Try every message due by ``now`` once; each outcome is committed on its own."""
    deliver = deliver or deliverer(settings)
    due = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status == PENDING, col(OutboxMessage.next_attempt_at) <= now)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
    ).all()
    sent = retried = failed = 0
    for message in due:
        if not _claim(session, message, now):
            continue
        session.refresh(message)
        try:
            deliver(build_email(message, settings.sender), message)
        except (OSError, smtplib.SMTPException) as problem:
            message.attempts += 1
            error = f"{type(problem).__name__}: {problem}"[:ERROR_MAX]
            session.add(
                OutboxAttempt(message_id=int(message.id or 0), at=now, ok=False, error=error)
            )
            if message.attempts >= settings.max_attempts:
                message.status = FAILED
                failed += 1
            else:
                message.next_attempt_at = now + backoff(message.attempts)
                retried += 1
        else:
            message.attempts += 1
            message.status = SENT
            message.sent_at = now
            session.add(OutboxAttempt(message_id=int(message.id or 0), at=now, ok=True))
            sent += 1
        session.add(message)
        session.commit()
    return SendReport(sent, retried, failed)
