"""One-time password links: stored hashed, single use, expiring, newest only."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from enlace.accounts import passwords, reset
from enlace.accounts.errors import AccountError
from enlace.accounts.models import AuditEntry, PasswordResetToken, User
from tests.accounts_factories import make_user

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
NEW = "otra clave nueva y larga"


def _link(session: Session, **kw: object) -> tuple[str, int]:
    admin = make_user(session, "admin")
    user = make_user(session, "staff", session_version=3)
    token = reset.issue_link(session, user, admin, None, lifetime=DAY, now=T0, **kw)  # type: ignore[arg-type]
    session.commit()
    assert user.id is not None
    return token, user.id


def _redeem(session: Session, token: str, at: datetime, password: str = NEW) -> User:
    return reset.redeem(session, token, password, None, now=at, min_length=12, secret="s")


def test_only_the_hash_of_the_token_is_stored(db_session: Session) -> None:
    token, _ = _link(db_session)
    row = db_session.exec(select(PasswordResetToken)).one()
    assert len(token) >= 40
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(db_session.exec(select(AuditEntry)).all())


def test_a_link_sets_the_password_once_and_ends_other_sessions(db_session: Session) -> None:
    token, _ = _link(db_session)
    user = _redeem(db_session, token, T0 + timedelta(hours=1))
    assert passwords.verify_password(user.password_hash, NEW)
    assert user.session_version == 4
    assert reset.link_user(db_session, token, T0 + timedelta(hours=1)) is None
    with pytest.raises(AccountError, match="expired or has already been used"):
        _redeem(db_session, token, T0 + timedelta(hours=2))
    actions = db_session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()  # type: ignore[arg-type]
    assert actions == ["reset_link_created", "password_reset"]


def test_a_link_expires(db_session: Session) -> None:
    token, _ = _link(db_session)
    assert reset.link_user(db_session, token, T0 + DAY - timedelta(seconds=1)) is not None
    assert reset.link_user(db_session, token, T0 + DAY) is None
    with pytest.raises(AccountError):
        _redeem(db_session, token, T0 + DAY)


def test_a_refused_password_does_not_use_the_link_up(db_session: Session) -> None:
    token, _ = _link(db_session)
    with pytest.raises(AccountError) as refused:
        _redeem(db_session, token, T0, password="contraseña123")
    assert refused.value.field == "password"
    db_session.rollback()
    assert reset.link_user(db_session, token, T0) is not None


def test_a_new_link_voids_the_older_ones(db_session: Session) -> None:
    first, user_id = _link(db_session)
    user = db_session.get(User, user_id)
    second = reset.issue_link(db_session, user, None, None, lifetime=DAY, now=T0)  # type: ignore[arg-type]
    assert reset.link_user(db_session, first, T0) is None
    assert reset.link_user(db_session, second, T0) is not None


@pytest.mark.parametrize("token", ["", "x", "a" * 500, "ünïcödé"])
def test_unknown_or_odd_tokens_are_simply_invalid(db_session: Session, token: str) -> None:
    assert reset.link_user(db_session, token, T0) is None


def test_links_of_disabled_accounts_do_not_work(db_session: Session) -> None:
    token, user_id = _link(db_session)
    user = db_session.get(User, user_id)
    assert user is not None
    user.disabled = True
    assert reset.link_user(db_session, token, T0) is None
