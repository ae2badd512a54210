"""Throttling seen through the sign-in page: slowed, locked, clear messages, admin unlock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from enlace import create_app
from enlace.accounts.models import AuditEntry
from enlace.db import get_database
from tests.accounts_factories import (
    PASSWORD,
    app_session,
    login_token,
    make_user,
    page_token,
    sign_in,
)

EN = {"Accept-Language": "en"}


def _attempt(
    client: FlaskClient, email: str, password: str, **environ: str
) -> tuple[int, str, str | None]:
    token = login_token(client, environ_base=environ)
    response = client.post(
        "/entrar",
        data={"email": email, "password": password, "csrf_token": token},
        headers=EN,
        environ_base=environ,
    )
    return (
        response.status_code,
        response.get_data(as_text=True),
        response.headers.get("Retry-After"),
    )


@pytest.fixture
def quick_app(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """No slow-down waits (so tests reach the lock without sleeping), small address limits."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "LOGIN_SLOW_SECONDS": 0,
            "LOGIN_ADDRESS_SLOW_AFTER": 6,
            "LOGIN_ADDRESS_MAX_ATTEMPTS": 6,
            "BEHIND_PROXY": 1,
        }
    )
    yield app
    assert get_database(app).engine is not None
    get_database(app).engine.dispose()


def _users(app: Flask) -> None:
    with app_session(app) as session:
        make_user(session, "staff", email="ana@example.org")
        make_user(session, "admin", email="boss@example.org")
        session.commit()


def test_repeated_failures_slow_sign_in_down(app: Flask, client: FlaskClient) -> None:
    _users(app)
    results = [_attempt(client, "ana@example.org", "wrong") for _ in range(3)]
    assert [status for status, _, _ in results] == [401, 401, 401]
    assert "Too many failed sign-ins" not in results[1][1]
    assert re.search(r"Wait \d+ seconds? before trying again", results[2][1])
    status, html, retry_after = _attempt(client, "ana@example.org", PASSWORD)
    assert status == 429  # even the right password must wait
    assert retry_after is not None and int(retry_after) > 0
    assert re.search(r"Wait \d+ seconds? before trying again", html)
    with app_session(app) as session:
        assert session.exec(select(AuditEntry.action)).all()[-1] == "login_throttled"


def test_the_account_locks_and_an_admin_unlocks_it(quick_app: Flask) -> None:
    _users(quick_app)
    client = quick_app.test_client()
    office = {"REMOTE_ADDR": "10.0.0.1"}
    results = [_attempt(client, "ana@example.org", "wrong", **office) for _ in range(5)]
    assert "this account is locked for 15 minutes" in results[-1][1]
    status, html, _ = _attempt(client, "ana@example.org", PASSWORD, **office)
    assert status == 429 and "ask an administrator to unlock it" in html

    admin = quick_app.test_client()
    assert sign_in(admin, "boss@example.org").status_code == 302
    with app_session(quick_app) as session:
        ana = session.exec(select(AuditEntry).where(AuditEntry.action == "login_failed")).first()
        assert ana is not None and ana.target_id is not None
        user_id = ana.target_id
    page = admin.get(f"/admin/usuarios/{user_id}", headers=EN).get_data(as_text=True)
    assert 'data-lock="locked"' in page
    response = admin.post(
        f"/admin/usuarios/{user_id}/desbloquear",
        data={"csrf_token": page_token(admin), "reason": "called the help desk"},
    )
    assert response.status_code == 302
    assert 'data-lock="open"' in admin.get(f"/admin/usuarios/{user_id}").get_data(as_text=True)
    assert _attempt(client, "ana@example.org", PASSWORD, **office)[0] == 302
    with app_session(quick_app) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user_unlocked")).one()
        assert entry.reason == "called the help desk"


def test_a_client_address_guessing_many_accounts_is_locked(quick_app: Flask) -> None:
    _users(quick_app)
    client = quick_app.test_client()
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}  # behind one trusted proxy
    for n in range(6):
        _attempt(client, f"guess{n}@example.org", "wrong", **attacker)
    status, html, _ = _attempt(client, "ana@example.org", PASSWORD, **attacker)
    assert status == 429 and "from your network" in html
    # another address is not affected
    assert (
        _attempt(
            quick_app.test_client(),
            "ana@example.org",
            PASSWORD,
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )[0]
        == 302
    )
    with app_session(quick_app) as session:
        ips = set(session.exec(select(AuditEntry.ip)).all())
    assert "198.51.100.7" in ips  # ProxyFix: the client, not the proxy

    admin = quick_app.test_client()
    sign_in(
        admin, "boss@example.org", request={"environ_base": {"HTTP_X_FORWARDED_FOR": "10.1.1.1"}}
    )
    page = admin.get("/admin/bloqueos", headers=EN).get_data(as_text=True)
    assert "Address 198.51.100.7" in page
    throttle_id = re.search(r'data-throttle="(\d+)"', page)
    assert throttle_id
    cleared = admin.post(
        f"/admin/bloqueos/{throttle_id.group(1)}/quitar",
        data={"csrf_token": page_token(admin, "/admin/bloqueos")},
    )
    assert cleared.status_code == 302
    assert _attempt(client, "ana@example.org", PASSWORD, **attacker)[0] == 302
    assert (
        admin.post(
            f"/admin/bloqueos/{throttle_id.group(1)}/quitar",
            data={"csrf_token": page_token(admin, "/admin/bloqueos")},
        ).status_code
        == 404
    )
