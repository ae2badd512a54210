"""The sign-in service: outcomes, throttling order, audit entries, and no secrets stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.login import LoginContext, Outcome, authenticate
from enlace.accounts.models import AuditEntry, User
from enlace.accounts.throttling import ThrottleSettings
from tests.accounts_factories import PASSWORD, make_user

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
INFO = RequestInfo(ip="203.0.113.9", user_agent="pytest")
CONTEXT = LoginContext(throttle=ThrottleSettings(), secret="s3cret", demo_accounts=False)


def _actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all())  # type: ignore[arg-type]


def test_right_password_signs_in_and_is_audited(db_session: Session) -> None:
    user = make_user(db_session, "staff", email="ana@example.org")
    result = authenticate(db_session, " ANA@example.org ", PASSWORD, INFO, CONTEXT, T0)
    assert result.outcome is Outcome.OK and result.user is user
    assert user.last_login_at == T0
    entry = db_session.exec(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.target_id, entry.ip) == (
        "login",
        user.id,
        str(user.id),
        "203.0.113.9",
    )


def test_wrong_password_and_unknown_account_look_the_same(db_session: Session) -> None:
    make_user(db_session, "staff", email="ana@example.org")
    wrong = authenticate(db_session, "ana@example.org", "not it at all", INFO, CONTEXT, T0)
    unknown = authenticate(db_session, "nobody@example.org", PASSWORD, INFO, CONTEXT, T0)
    assert wrong.outcome is unknown.outcome is Outcome.INVALID
    assert wrong.user is None and unknown.user is None
    assert _actions(db_session) == ["login_failed", "login_failed"]


def test_throttled_attempts_are_refused_before_the_password_is_checked(
    db_session: Session,
) -> None:
    make_user(db_session, "staff", email="ana@example.org")
    for minute in range(5):
        authenticate(
            db_session, "ana@example.org", "wrong", INFO, CONTEXT, T0 + timedelta(minutes=minute)
        )
    result = authenticate(
        db_session, "ana@example.org", PASSWORD, INFO, CONTEXT, T0 + timedelta(minutes=6)
    )
    assert result.outcome is Outcome.THROTTLED and result.verdict.locked
    assert _actions(db_session)[-1] == "login_throttled"
    later = authenticate(
        db_session, "ana@example.org", PASSWORD, INFO, CONTEXT, T0 + timedelta(minutes=30)
    )
    assert later.outcome is Outcome.OK


def test_the_failure_that_locks_says_so(db_session: Session) -> None:
    make_user(db_session, "staff", email="ana@example.org")
    results = [
        authenticate(
            db_session, "ana@example.org", "wrong", INFO, CONTEXT, T0 + timedelta(minutes=m)
        )
        for m in range(5)
    ]
    assert [r.verdict.allowed for r in results] == [True, True, False, False, False]
    assert results[-1].verdict.locked


def test_success_clears_the_account_count(db_session: Session) -> None:
    make_user(db_session, "staff", email="ana@example.org")
    for minute in range(2):
        authenticate(
            db_session, "ana@example.org", "wrong", INFO, CONTEXT, T0 + timedelta(minutes=minute)
        )
    assert (
        authenticate(
            db_session, "ana@example.org", PASSWORD, INFO, CONTEXT, T0 + timedelta(minutes=3)
        ).outcome
        is Outcome.OK
    )
    for minute in range(2):
        result = authenticate(
            db_session,
            "ana@example.org",
            "wrong",
            INFO,
            CONTEXT,
            T0 + timedelta(minutes=4 + minute),
        )
        assert result.verdict.allowed  # counting restarted


def test_disabled_accounts_and_demo_accounts_when_off_are_refused(db_session: Session) -> None:
    make_user(db_session, "staff", email="gone@example.org", disabled=True)
    make_user(db_session, "admin", email="demo@example.org", is_demo=True)
    gone = authenticate(db_session, "gone@example.org", PASSWORD, INFO, CONTEXT, T0)
    demo = authenticate(db_session, "demo@example.org", PASSWORD, INFO, CONTEXT, T0)
    assert gone.outcome is demo.outcome is Outcome.DISABLED
    on = LoginContext(throttle=ThrottleSettings(), secret="s3cret", demo_accounts=True)
    assert (
        authenticate(db_session, "demo@example.org", PASSWORD, INFO, on, T0).outcome is Outcome.OK
    )


def test_accounts_without_a_password_cannot_sign_in(db_session: Session) -> None:
    make_user(db_session, "staff", email="invited@example.org", password=None)
    assert (
        authenticate(db_session, "invited@example.org", "", INFO, CONTEXT, T0).outcome
        is Outcome.INVALID
    )


def test_no_password_or_typed_email_is_stored_anywhere(db_session: Session) -> None:
    """People type passwords into the e-mail box: neither may end up in the database."""
    make_user(db_session, "staff", email="ana@example.org")
    secret_typed = "MySecretTypedInEmailBox"
    authenticate(db_session, secret_typed, "whatever-password-1", INFO, CONTEXT, T0)
    authenticate(db_session, "ana@example.org", "another-secret-pw", INFO, CONTEXT, T0)
    db_session.commit()
    for table in ("audit_log", "login_throttle"):
        rows = db_session.execute(text(f"SELECT * FROM {table}")).all()
        dump = repr(rows)
        assert rows
        for secret in (
            secret_typed,
            secret_typed.casefold(),
            "whatever-password-1",
            "another-secret-pw",
        ):
            assert secret not in dump, (table, secret)
    user = db_session.exec(select(User)).one()
    assert "another" not in (user.password_hash or "")
