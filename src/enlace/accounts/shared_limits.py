"""Rate limits counted in the database, so every worker process shares them.

Fixed windows, as the login throttle (:mod:`enlace.accounts.throttling`): one row per
key in ``rate_window`` holds the current window's start and its count, written with one
atomic upsert per request (a new window starts the count afresh), so two workers never
lose each other's hits. Used where a request is rare and the limit must hold across
processes (the receiving agency's link); the APIs, far busier, keep their limits in
memory (:mod:`enlace.accounts.ratelimit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from math import ceil

from sqlalchemy import case, delete, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from enlace.accounts.models import RateWindow

KEY_MAX = 100
#: Rows of windows that started this long ago are removed (no limit has a longer window).
STALE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Limit:
    """``hits`` requests per key in each window of ``seconds`` (at most :data:`STALE`)."""

    hits: int
    seconds: int


def window_start(now: datetime, seconds: int) -> datetime:
    """The start of the fixed window ``now`` falls in (windows aligned on the epoch)."""
    stamp = int(now.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, UTC)


def hit(session: Session, key: str, limit: Limit, now: datetime) -> int | None:
    """Count one request of ``key``; None when allowed, else the seconds until its window
    ends (for ``Retry-After``). Part of the caller's transaction."""
    start = window_start(now, limit.seconds)
    table = RateWindow.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    same = table.c.window_start == literal(start, table.c.window_start.type)
    upsert = (
        insert(table)
        .values(key=key[:KEY_MAX], window_start=start, hits=1)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"hits": case((same, table.c.hits + 1), else_=1), "window_start": start},
        )
        .returning(table.c.hits)
    )
    hits = int(session.execute(upsert).scalar_one())
    if hits == 1:  # a new window of this key: forget the keys long unused
        forget_before(session, start - STALE)
    if hits <= limit.hits:
        return None
    ends = start + timedelta(seconds=limit.seconds)
    return max(1, ceil((ends - now).total_seconds()))


def forget_before(session: Session, before: datetime) -> int:
    """Remove the rows of windows that started before ``before``; how many."""
    result = session.execute(delete(RateWindow).where(col(RateWindow.window_start) < before))
    return int(getattr(result, "rowcount", 0) or 0)
