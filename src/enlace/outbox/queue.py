"""Putting a message in the outbox (the caller commits it with the change that caused it)."""

from __future__ import annotations

from sqlmodel import Session

from enlace.outbox.models import SUBJECT_MAX, OutboxMessage

LANGUAGES = ("es", "en")


def queue_message(
    session: Session,
    *,
    to: str,
    language: str,
    subject: str,
    text: str,
    html: str | None,
    purpose: str,
) -> OutboxMessage:
    """Store one message for the worker to send; flushed, not committed.

    Casework uses it for the receiving agency's referral link and follow-up reminders:
    put only the link in the text, never participant data.
    """
    if "@" not in to or len(to) > 254 or "\n" in to or "\r" in to:
        raise ValueError("not an e-mail address")
    message = OutboxMessage(
        recipient=to.strip(),
        language=language if language in LANGUAGES else "es",
        subject=" ".join(subject.split())[:SUBJECT_MAX],
        text_body=text,
        html_body=html,
        purpose=purpose[:40],
    )
    session.add(message)
    session.flush()
    return message
