"""When a signed-in session ends by itself: idle too long, or older than its lifetime."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


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
