"""Sessions end after idling too long, after their lifetime, or when signed out (revoked)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from enlace.accounts.sessions import Expiry, expiry, is_revoked, new_session_id, prune, revoke

IDLE = timedelta(minutes=30)
LIFE = timedelta(hours=8)


@pytest.mark.parametrize(
    ("login_at", "seen_at", "now", "expected"),
    [
        (0, 0, 60, None),
        (0, 0, 30 * 60, None),  # exactly the idle timeout is still fine
        (0, 0, 30 * 60 + 1, Expiry.IDLE),
        (0, 7 * 3600 + 1800, 8 * 3600, None),
        (0, 8 * 3600, 8 * 3600 + 1, Expiry.LIFETIME),  # active, but too old
        (None, 0, 1, Expiry.LIFETIME),  # no timestamps: not a session we wrote
        (0, None, 1, Expiry.LIFETIME),
    ],
)
def test_expiry(
    login_at: float | None, seen_at: float | None, now: float, expected: Expiry | None
) -> None:
    assert expiry(login_at, seen_at, now, idle_timeout=IDLE, lifetime=LIFE) == expected


def test_a_revoked_session_stays_refused_until_it_would_have_expired(db_session: Session) -> None:
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    first, second = new_session_id(), new_session_id()
    assert first != second and len(first) >= 32
    assert not is_revoked(db_session, first)
    revoke(db_session, first, now + LIFE, now)
    revoke(db_session, first, now + LIFE, now)  # twice is harmless
    db_session.commit()
    assert is_revoked(db_session, first) and not is_revoked(db_session, second)

    later = now + LIFE + timedelta(seconds=1)
    revoke(db_session, second, later + LIFE, later)  # prunes what expired meanwhile
    db_session.commit()
    assert not is_revoked(db_session, first) and is_revoked(db_session, second)
    assert prune(db_session, later + 2 * LIFE) == 1
