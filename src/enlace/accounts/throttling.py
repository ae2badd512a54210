"""Login throttling per account and per client address, shared through the database.

After ``slow_after`` failures within the window, each further attempt must wait a
doubling delay; at ``max_attempts`` the account (or address) is locked for
``lock_minutes``. The state lives in ``login_throttle``, written with one atomic upsert
per failure, so every worker process and machine sees the same counts.

Account rows are keyed by a keyed hash (HMAC with the app secret) of the submitted
e-mail, so a password typed into the e-mail box by mistake is never stored readable.
Success clears the account's row, never the address's (one valid account must not reset
the counter of an address that is guessing others).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from math import ceil
from typing import Any

from sqlalchemy import and_, case, delete, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from enlace.accounts.models import IP_MAX, LoginThrottle


class Kind(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class Limits:
    slow_after: int
    max_attempts: int


@dataclass(frozen=True, slots=True)
class ThrottleSettings:
    account: Limits = Limits(slow_after=3, max_attempts=5)
    address: Limits = Limits(slow_after=10, max_attempts=20)
    slow_seconds: int = 5
    lock_minutes: int = 15
    window_minutes: int = 15

    def limits(self, kind: Kind) -> Limits:
        return self.account if kind is Kind.ACCOUNT else self.address

    @classmethod
    def from_config(cls, config: Any) -> ThrottleSettings:
        return cls(
            account=Limits(
                slow_after=int(config["LOGIN_SLOW_AFTER"]),
                max_attempts=int(config["LOGIN_MAX_ATTEMPTS"]),
            ),
            address=Limits(
                slow_after=int(config["LOGIN_ADDRESS_SLOW_AFTER"]),
                max_attempts=int(config["LOGIN_ADDRESS_MAX_ATTEMPTS"]),
            ),
            slow_seconds=int(config["LOGIN_SLOW_SECONDS"]),
            lock_minutes=int(config["LOGIN_LOCK_MINUTES"]),
            window_minutes=int(config["LOGIN_FAILURE_WINDOW_MINUTES"]),
        )


@dataclass(frozen=True, slots=True)
class Key:
    kind: Kind
    subject: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an attempt may go ahead; if not, why and for how long."""

    allowed: bool
    locked: bool = False  # locked (long) rather than slowed (short)
    kind: Kind | None = None
    retry_after: int = 0  # seconds

    @property
    def retry_minutes(self) -> int:
        return max(1, ceil(self.retry_after / 60))


ALLOWED = Verdict(allowed=True)


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def account_key(email: str, secret: str) -> Key:
    digest = hmac.new(
        secret.encode("utf-8"), normalise_email(email).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return Key(Kind.ACCOUNT, digest)


def address_key(address: str | None) -> Key:
    return Key(Kind.ADDRESS, (address or "unknown")[:IP_MAX])


def _delay(failures: int, limits: Limits, settings: ThrottleSettings) -> timedelta:
    """The wait after ``failures`` failures (zero below the slow-down threshold)."""
    if failures < limits.slow_after:
        return timedelta(0)
    return timedelta(seconds=settings.slow_seconds * 2 ** (failures - limits.slow_after))


def _verdict(row: LoginThrottle, settings: ThrottleSettings, now: datetime) -> Verdict:
    kind = Kind(row.kind)
    if row.locked_until is not None and row.locked_until > now:
        wait = row.locked_until - now
        return Verdict(False, locked=True, kind=kind, retry_after=ceil(wait.total_seconds()))
    if row.locked_until is not None or row.window_started_at < now - timedelta(
        minutes=settings.window_minutes
    ):
        return ALLOWED  # the lock or the window is over: the next failure starts afresh
    ready_at = row.last_failure_at + _delay(row.failures, settings.limits(kind), settings)
    if ready_at > now:
        return Verdict(False, kind=kind, retry_after=ceil((ready_at - now).total_seconds()))
    return ALLOWED


def check(session: Session, keys: list[Key], settings: ThrottleSettings, now: datetime) -> Verdict:
    """May an attempt on these keys go ahead now? The longest wait wins."""
    worst = ALLOWED
    for key in keys:
        row = _row(session, key)
        if row is None:
            continue
        verdict = _verdict(row, settings, now)
        if not verdict.allowed and (worst.allowed or verdict.retry_after > worst.retry_after):
            worst = verdict
    return worst


def _row(session: Session, key: Key) -> LoginThrottle | None:
    return session.exec(
        select(LoginThrottle).where(
            LoginThrottle.kind == key.kind.value, LoginThrottle.subject == key.subject
        )
    ).first()


def _upsert(
    session: Session, key: Key, user_id: int | None, now: datetime, window: datetime
) -> int:
    """Count one failure atomically (insert or increment); returns the new count."""
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(
        kind=key.kind.value,
        subject=key.subject,
        user_id=user_id,
        failures=1,
        window_started_at=now,
        last_failure_at=now,
        locked_until=None,
    )
    at = literal(now, table.c.last_failure_at.type)
    # A lock that has run out, or a window that has passed, starts the count afresh; a lock
    # still running is kept (two racing failures must not undo it).
    restart = or_(
        table.c.window_started_at < literal(window, table.c.window_started_at.type),
        and_(table.c.locked_until.is_not(None), table.c.locked_until <= at),
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.kind, table.c.subject],
        set_={
            "failures": case((restart, 1), else_=table.c.failures + 1),
            "window_started_at": case((restart, at), else_=table.c.window_started_at),
            "locked_until": case((restart, None), else_=table.c.locked_until),
            "last_failure_at": now,
            "user_id": user_id,
        },
    ).returning(table.c.failures)
    return int(session.execute(upsert).scalar_one())


def register_failure(
    session: Session,
    key: Key,
    settings: ThrottleSettings,
    now: datetime,
    *,
    user_id: int | None = None,
) -> Verdict:
    """Count a failed attempt; returns what the *next* attempt will meet."""
    window = now - timedelta(minutes=settings.window_minutes)
    failures = _upsert(session, key, user_id, now, window)
    limits = settings.limits(key.kind)
    if failures >= limits.max_attempts:
        locked_until = now + timedelta(minutes=settings.lock_minutes)
        session.execute(
            update(LoginThrottle)
            .where(col(LoginThrottle.kind) == key.kind.value)
            .where(col(LoginThrottle.subject) == key.subject)
            .values(locked_until=locked_until)
        )
        return Verdict(False, locked=True, kind=key.kind, retry_after=settings.lock_minutes * 60)
    delay = _delay(failures, limits, settings)
    if delay:
        return Verdict(False, kind=key.kind, retry_after=ceil(delay.total_seconds()))
    return ALLOWED


def clear(session: Session, key: Key) -> bool:
    """Forget a key's failures (successful sign-in, admin unlock); True if any were held."""
    result = session.execute(
        delete(LoginThrottle)
        .where(col(LoginThrottle.kind) == key.kind.value)
        .where(col(LoginThrottle.subject) == key.subject)
    )
    return bool(getattr(result, "rowcount", 0))


def clear_by_id(session: Session, throttle_id: int) -> LoginThrottle | None:
    """Remove one row (admin "clear"); returns it, or None when it did not exist."""
    row = session.get(LoginThrottle, throttle_id)
    if row is not None:
        session.delete(row)
        session.flush()
    return row


@dataclass(frozen=True, slots=True)
class ThrottleState:
    row: LoginThrottle
    verdict: Verdict


def active(session: Session, settings: ThrottleSettings, now: datetime) -> list[ThrottleState]:
    """Rows that currently lock or slow sign-ins, longest wait first."""
    window = now - timedelta(minutes=settings.window_minutes)
    rows = session.exec(
        select(LoginThrottle).where(
            or_(
                col(LoginThrottle.locked_until) > now,
                col(LoginThrottle.window_started_at) >= window,
            )
        )
    ).all()
    states = [ThrottleState(row, _verdict(row, settings, now)) for row in rows]
    blocking = [state for state in states if not state.verdict.allowed]
    return sorted(blocking, key=lambda s: (-s.verdict.retry_after, s.row.id or 0))
