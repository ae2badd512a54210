"""Login throttling: slowed, then locked, per account and per address, shared by processes.

Times are injected (``now``), never read from the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.accounts import throttling
from enlace.accounts.models import LoginThrottle
from enlace.accounts.throttling import Kind, Limits, ThrottleSettings
from enlace.db import open_session

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SETTINGS = ThrottleSettings(
    account=Limits(slow_after=3, max_attempts=5),
    address=Limits(slow_after=10, max_attempts=20),
    slow_seconds=5,
    lock_minutes=15,
    window_minutes=15,
)
SECRET = "test-secret"


def _fail(session: Session, key: throttling.Key, times: int, start: datetime) -> throttling.Verdict:
    verdict = throttling.ALLOWED
    for i in range(times):
        verdict = throttling.register_failure(session, key, SETTINGS, start + timedelta(minutes=i))
    return verdict


def test_account_keys_hide_the_email_and_ignore_case() -> None:
    key = throttling.account_key("  Ana@Example.org ", SECRET)
    assert key == throttling.account_key("ana@example.org", SECRET)
    assert "ana" not in key.subject and len(key.subject) == 64
    assert key != throttling.account_key("ana@example.org", "another-secret")


def test_first_failures_are_free_then_attempts_must_wait(db_session: Session) -> None:
    key = throttling.account_key("ana@example.org", SECRET)
    assert _fail(db_session, key, 2, T0).allowed
    third = throttling.register_failure(db_session, key, SETTINGS, T0 + timedelta(minutes=2))
    assert not third.allowed and not third.locked and third.retry_after == 5
    at = T0 + timedelta(minutes=2)
    assert not throttling.check(db_session, [key], SETTINGS, at + timedelta(seconds=4)).allowed
    assert throttling.check(db_session, [key], SETTINGS, at + timedelta(seconds=5)).allowed
    fourth = throttling.register_failure(db_session, key, SETTINGS, at + timedelta(seconds=6))
    assert fourth.retry_after == 10  # the wait doubles


def test_the_account_locks_at_the_maximum_and_unlocks_after_the_lock_time(
    db_session: Session,
) -> None:
    key = throttling.account_key("ana@example.org", SECRET)
    for second in range(0, 5 * 60, 60):
        throttling.register_failure(db_session, key, SETTINGS, T0 + timedelta(seconds=second))
    last = T0 + timedelta(minutes=4)
    verdict = throttling.check(db_session, [key], SETTINGS, last + timedelta(minutes=1))
    assert verdict.locked and verdict.kind is Kind.ACCOUNT
    assert verdict.retry_after == 14 * 60 and verdict.retry_minutes == 14
    assert throttling.check(db_session, [key], SETTINGS, last + timedelta(minutes=15)).allowed
    # after the lock the count starts again from one
    again = throttling.register_failure(db_session, key, SETTINGS, last + timedelta(minutes=16))
    assert again.allowed
    assert db_session.exec(select(LoginThrottle)).one().failures == 1


def test_a_failure_racing_the_lock_does_not_undo_it(db_session: Session) -> None:
    key = throttling.account_key("ana@example.org", SECRET)
    _fail(db_session, key, 5, T0)
    late = throttling.register_failure(db_session, key, SETTINGS, T0 + timedelta(minutes=5))
    assert late.locked
    assert throttling.check(db_session, [key], SETTINGS, T0 + timedelta(minutes=6)).locked


def test_failures_outside_the_window_are_forgotten(db_session: Session) -> None:
    key = throttling.account_key("ana@example.org", SECRET)
    _fail(db_session, key, 2, T0)
    later = T0 + timedelta(minutes=30)
    assert throttling.register_failure(db_session, key, SETTINGS, later).allowed
    assert db_session.exec(select(LoginThrottle)).one().failures == 1


def test_addresses_have_their_own_higher_limits(db_session: Session) -> None:
    address = throttling.address_key("203.0.113.9")
    assert _fail(db_session, address, 9, T0).allowed
    tenth = throttling.register_failure(db_session, address, SETTINGS, T0 + timedelta(minutes=9))
    assert not tenth.allowed and tenth.kind is Kind.ADDRESS
    other = throttling.address_key("203.0.113.10")
    assert throttling.check(db_session, [other], SETTINGS, T0 + timedelta(minutes=9)).allowed


def test_the_longest_wait_wins(db_session: Session) -> None:
    account = throttling.account_key("ana@example.org", SECRET)
    address = throttling.address_key("203.0.113.9")
    _fail(db_session, account, 5, T0)
    _fail(db_session, address, 3, T0)
    verdict = throttling.check(db_session, [address, account], SETTINGS, T0 + timedelta(minutes=5))
    assert verdict.locked and verdict.kind is Kind.ACCOUNT


def test_clear_forgets_a_key(db_session: Session) -> None:
    key = throttling.account_key("ana@example.org", SECRET)
    _fail(db_session, key, 5, T0)
    assert throttling.clear(db_session, key) is True
    assert throttling.clear(db_session, key) is False
    assert throttling.check(db_session, [key], SETTINGS, T0 + timedelta(minutes=5)).allowed


def test_active_lists_only_locked_or_slowed_rows(db_session: Session) -> None:
    locked = throttling.account_key("locked@example.org", SECRET)
    quiet = throttling.account_key("quiet@example.org", SECRET)
    _fail(db_session, locked, 5, T0)
    _fail(db_session, quiet, 1, T0)
    states = throttling.active(db_session, SETTINGS, T0 + timedelta(minutes=5))
    assert [s.row.subject for s in states] == [locked.subject]
    assert throttling.active(db_session, SETTINGS, T0 + timedelta(hours=1)) == []


def test_counts_are_shared_between_processes(engine: Engine) -> None:
    """Two workers (separate sessions and connections) add up to one lock."""
    key = throttling.account_key("ana@example.org", SECRET)
    with open_session(engine) as first, open_session(engine) as second:
        for i in range(5):
            worker = first if i % 2 == 0 else second
            throttling.register_failure(worker, key, SETTINGS, T0 + timedelta(minutes=i))
            worker.commit()
        assert throttling.check(second, [key], SETTINGS, T0 + timedelta(minutes=5)).locked
        assert throttling.check(first, [key], SETTINGS, T0 + timedelta(minutes=5)).locked
