"""Rate limits counted in the database: fixed windows, a fresh count per window, the wait
until the window ends, and two sessions (two workers) sharing one count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.accounts import shared_limits
from enlace.accounts.models import RateWindow
from enlace.accounts.shared_limits import Limit
from enlace.db import open_session

START = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # on a 600-second boundary
LIMIT = Limit(hits=2, seconds=600)


def test_window_start_is_aligned() -> None:
    assert shared_limits.window_start(START + timedelta(seconds=599), 600) == START
    assert shared_limits.window_start(START + timedelta(seconds=600), 600) == START + timedelta(
        seconds=600
    )


def test_hits_beyond_the_limit_wait_until_the_window_ends(db_session: Session) -> None:
    at = START + timedelta(seconds=100)
    assert shared_limits.hit(db_session, "k", LIMIT, at) is None
    assert shared_limits.hit(db_session, "k", LIMIT, at) is None
    assert shared_limits.hit(db_session, "k", LIMIT, at) == 500
    assert shared_limits.hit(db_session, "other", LIMIT, at) is None  # keys apart
    later = START + timedelta(seconds=600)
    assert shared_limits.hit(db_session, "k", LIMIT, later) is None  # a new window
    row = db_session.exec(select(RateWindow).where(RateWindow.key == "k")).one()
    assert row.hits == 1 and row.window_start == later


def test_two_sessions_share_one_count(engine: Engine) -> None:
    with open_session(engine) as first, open_session(engine) as second:
        for session in (first, second):
            assert shared_limits.hit(session, "shared", LIMIT, START) is None
            session.commit()
        assert shared_limits.hit(first, "shared", LIMIT, START) is not None


def test_keys_unused_for_a_day_are_forgotten(db_session: Session) -> None:
    shared_limits.hit(db_session, "old", LIMIT, START)
    shared_limits.hit(db_session, "new", LIMIT, START + timedelta(days=2))
    keys = db_session.exec(select(RateWindow.key)).all()
    assert keys == ["new"]
