"""When a signed-in session ends: idle too long, older than its lifetime, or signed out.

Each sign-in gets a random session id kept in the (signed) session cookie. Signing out
records that id in ``revoked_session`` until the session's lifetime is over, so a copy of
the cookie taken before signing out no longer opens anything, in any process. Checking it
is one primary-key lookup per signed-in request; anonymous visitors never reach it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete
from sqlmodel import Session, col

from enlace.accounts.models import RevokedSession


class Expiry(StrEnum):
    IDLE = "idle"
    LIFETIME = "lifetime"


def expiry(
    login_at: float | None,
    seen_at: float | None,
    now: float,
    *,
    idle_timeout: timedelta,
    lifetime: timedelta,
) -> Expiry | None:
    """Why the session has expired at ``now`` (epoch seconds), or None while it is valid.

    A session without its timestamps (made by an older version, or tampered with) counts
    as expired: the cookie is signed, so this only happens to sessions we did not write.
    """
    if login_at is None or seen_at is None:
        return Expiry.LIFETIME
    if now - login_at > lifetime.total_seconds():
        return Expiry.LIFETIME
    if now - seen_at > idle_timeout.total_seconds():
        return Expiry.IDLE
    return None


def new_session_id() -> str:
    """A fresh random id for one sign-in (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def is_revoked(session: Session, session_id: str) -> bool:
    """Has this session been signed out? (One primary-key lookup.)"""
    return session.get(RevokedSession, session_id) is not None


def revoke(session: Session, session_id: str, until: datetime, now: datetime) -> None:
    """Refuse ``session_id`` from now until ``until`` (when the session would expire anyway).

    Also prunes rows that are past their expiry, so the table stays as small as the number
    of sign-outs within one session lifetime. Flushes; the caller commits.
    """
    prune(session, now)
    if session.get(RevokedSession, session_id) is None:
        session.add(RevokedSession(session_id=session_id, expires_at=until))
    session.flush()


def prune(session: Session, now: datetime) -> int:
    """Forget revoked sessions that would have expired by now; how many were removed."""
    result = session.execute(delete(RevokedSession).where(col(RevokedSession.expires_at) < now))
    return int(getattr(result, "rowcount", 0) or 0)
