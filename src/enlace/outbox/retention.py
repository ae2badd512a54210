"""Outbox retention: a message's text carries one-time links, so once it has been sent (or
given up) its bodies are emptied after ``OUTBOX_KEEP_DAYS``; the message row (recipient,
subject, purpose, status) and the record of every attempt are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import Session, col, select

from enlace.outbox.models import OutboxMessage
from enlace.outbox.sender import FAILED, SENT

#: What an emptied body holds (the row itself says when it was sent).
PURGED = ""


@dataclass(frozen=True, slots=True)
class PurgeCandidate:
    id: int
    recipient: str
    purpose: str
    status: str
    done_at: datetime


def _due(cutoff: datetime) -> ColumnElement[bool]:
    """Sent before the cutoff, or given up on a message created before it; not yet emptied."""
    sent = and_(col(OutboxMessage.status) == SENT, col(OutboxMessage.sent_at) < cutoff)
    given_up = and_(col(OutboxMessage.status) == FAILED, col(OutboxMessage.created_at) < cutoff)
    return and_(
        or_(sent, given_up),
        or_(col(OutboxMessage.text_body) != PURGED, col(OutboxMessage.html_body).is_not(None)),
    )


def purge_bodies(
    session: Session, now: datetime, keep_days: int, *, act: bool
) -> list[PurgeCandidate]:
    """The messages whose bodies are older than ``keep_days`` (counted from sending);
    with ``act`` their bodies are emptied (flushed, the caller commits)."""
    cutoff = now - timedelta(days=max(keep_days, 0))
    rows = session.exec(
        select(OutboxMessage).where(_due(cutoff)).order_by(col(OutboxMessage.id))
    ).all()
    found = [
        PurgeCandidate(
            id=int(m.id or 0),
            recipient=m.recipient,
            purpose=m.purpose,
            status=m.status,
            done_at=m.sent_at or m.created_at,
        )
        for m in rows
    ]
    if act and found:
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_([c.id for c in found]))
            .values(text_body=PURGED, html_body=None)
        )
        session.flush()
    return found
