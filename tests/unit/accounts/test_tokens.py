"""Personal API tokens: scopes never beyond the role, stored hashed, expiry, revocation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from enlace.accounts import tokens
from enlace.accounts.models import ApiToken, AuditEntry
from enlace.accounts.policy import Permission
from enlace.accounts.tokens import TokenError, TokenScope
from tests.accounts_factories import make_user

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "scopes"),
    [
        ("staff", {TokenScope.READ, TokenScope.CASEWORK}),
        ("coordinator", {TokenScope.READ, TokenScope.NETWORK}),
        ("admin", {TokenScope.READ, TokenScope.NETWORK}),
    ],
)
def test_a_user_may_give_only_the_scopes_their_role_holds(
    db_session: Session, role: str, scopes: set[TokenScope]
) -> None:
    user = make_user(db_session, role)
    assert set(tokens.allowed_scopes(user)) == scopes
    forbidden = set(TokenScope) - scopes
    for scope in forbidden:
        with pytest.raises(TokenError):
            tokens.create_token(db_session, user, "x", [scope.value], 30, NOW)


@pytest.mark.parametrize(
    ("name", "scopes", "days"),
    [
        ("", ["read"], 30),
        ("x" * 81, ["read"], 30),
        ("ok", [], 30),
        ("ok", ["read"], 31),
        ("ok", ["admin"], 30),
    ],
)
def test_bad_requests_are_refused(
    db_session: Session, name: str, scopes: list[str], days: int
) -> None:
    user = make_user(db_session, "staff")
    with pytest.raises(TokenError):
        tokens.create_token(db_session, user, name, scopes, days, NOW)


def test_only_the_hash_is_stored_and_the_secret_authenticates(db_session: Session) -> None:
    user = make_user(db_session, "staff")
    token, secret = tokens.create_token(db_session, user, " My  app ", ["read"], 30, NOW)
    stored = db_session.exec(select(ApiToken)).one()
    assert stored.name == "My app" and secret not in (stored.token_hash, stored.prefix)
    assert secret.startswith(stored.prefix) and stored.token_hash == tokens.hash_secret(secret)
    found = tokens.authenticate(db_session, secret, NOW + timedelta(days=1), "192.0.2.1")
    assert found is not None and found[1].id == user.id
    assert token.last_used_at == NOW + timedelta(days=1) and token.last_used_ip == "192.0.2.1"
    assert tokens.authenticate(db_session, secret + "x", NOW, None) is None
    assert tokens.authenticate(db_session, "not-a-token", NOW, None) is None
    actions = db_session.exec(select(AuditEntry.action)).all()
    assert "api_token.created" in actions and secret not in str(
        db_session.exec(select(AuditEntry.details)).all()
    )


def test_expired_revoked_and_disabled_tokens_do_not_authenticate(db_session: Session) -> None:
    user = make_user(db_session, "staff")
    token, secret = tokens.create_token(db_session, user, "a", ["read"], 7, NOW)
    assert tokens.authenticate(db_session, secret, NOW + timedelta(days=7), None) is None
    assert tokens.authenticate(db_session, secret, NOW + timedelta(days=6), None) is not None
    other = make_user(db_session, "staff")
    assert token.id is not None
    assert not tokens.revoke_token(db_session, other, token.id, NOW)  # not theirs
    assert tokens.revoke_token(db_session, user, token.id, NOW)
    assert not tokens.revoke_token(db_session, user, token.id, NOW)  # already revoked
    assert tokens.authenticate(db_session, secret, NOW, None) is None
    _, second = tokens.create_token(db_session, user, "b", ["read"], 7, NOW)
    user.disabled = True
    db_session.add(user)
    assert tokens.authenticate(db_session, second, NOW, None) is None


def test_a_token_grants_the_intersection_of_role_and_scopes(db_session: Session) -> None:
    staff = make_user(db_session, "staff")
    reader, _ = tokens.create_token(db_session, staff, "r", ["read"], 30, NOW)
    worker, _ = tokens.create_token(db_session, staff, "w", ["casework"], 30, NOW)
    assert not tokens.token_allows(reader, staff, Permission.CASEWORK)
    assert tokens.token_allows(worker, staff, Permission.CASEWORK)
    coordinator = make_user(db_session, "coordinator")
    network, _ = tokens.create_token(db_session, coordinator, "n", ["network"], 30, NOW)
    assert tokens.token_allows(network, coordinator, Permission.NETWORK_MANAGE)
    assert not tokens.token_allows(network, staff, Permission.NETWORK_MANAGE)  # role first
    for permission in (Permission.USERS_MANAGE, Permission.AUDIT_READ, Permission.ACCOUNT):
        assert not tokens.token_allows(network, coordinator, permission)


def test_participant_data_use_is_audited_per_record(db_session: Session) -> None:
    staff = make_user(db_session, "staff")
    token, secret = tokens.create_token(db_session, staff, "w", ["casework"], 30, NOW)
    tokens.audit_use(db_session, token, staff, "participant", ["P-1", "P-2"])
    rows = db_session.exec(
        select(AuditEntry).where(AuditEntry.action == "api_token.used")  # type: ignore[arg-type]
    ).all()
    assert [r.target_id for r in rows] == ["P-1", "P-2"]
    assert all(r.details and r.details["token_id"] == token.id for r in rows)
    assert all(secret not in str(r.details) for r in rows)
