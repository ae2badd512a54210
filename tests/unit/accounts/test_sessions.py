"""Sessions end after idling too long or after their lifetime, whichever comes first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enlace.accounts.sessions import Expiry, expiry

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
