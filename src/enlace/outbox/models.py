"""Outbox tables: the messages and every attempt to send them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from enlace.db import utcnow

SUBJECT_MAX = 300
ERROR_MAX = 500


class OutboxMessage(SQLModel, table=True):
    """One e-mail to one recipient: pending until sent, or failed after the last retry."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    recipient: str = Field(max_length=254)
    language: str = Field(default="es", max_length=2)
    subject: str = Field(max_length=SUBJECT_MAX)
    text_body: str
    html_body: str | None = None
    purpose: str = Field(max_length=40)  # what caused it: "update_request", "report_ack", ...
    status: str = Field(default="pending", index=True, max_length=10)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None


class OutboxAttempt(SQLModel, table=True):
    """One try at handing a message to the mail server, and how it went."""

    __tablename__ = "outbox_attempt"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outbox_message.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    ok: bool
    error: str | None = Field(default=None, max_length=ERROR_MAX)
