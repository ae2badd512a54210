"""The security baseline: headers on every response, CSRF, HTTPS behind a proxy, bad bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter, Rule

from enlace import create_app
from enlace.db import get_database
from tests.accounts_factories import app_session, make_user, page_token, sign_in

EN = {"Accept-Language": "en"}
REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

#: Pages that send no referrer at all (stricter than the baseline).
STRICTER_REFERRER = ("/derivacion/",)


def _assert_headers(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, where
    assert "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, where
    for name, value in REQUIRED.items():
        wanted = value
        if name == "Referrer-Policy" and where.startswith(STRICTER_REFERRER):
            wanted = "no-referrer"  # the agency's secret link never leaves in a referrer
        assert headers.get(name) == wanted, (where, name)


def _sample_path(app: Flask, rule: Rule) -> str:
    """The rule's URL with an integer or a word for each variable part."""
    values = {
        name: 1 if isinstance(converter, IntegerConverter) else "x"
        for name, converter in rule._converters.items()
    }
    return str(app.url_map.bind("localhost").build(rule.endpoint, values))


def test_every_get_url_answers_with_the_security_headers(app: Flask) -> None:
    with app_session(app) as session:
        make_user(session, "admin", email="boss@example.org")
        session.commit()
    anonymous, admin = app.test_client(), app.test_client()
    sign_in(admin, "boss@example.org")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        path = _sample_path(app, rule)
        if rule.endpoint == "static":
            path = "/static/css/enlace.css"
        for client in (anonymous, admin):
            with client.get(path) as response:
                assert response.status_code < 500, path
                _assert_headers(response, f"{path} -> {response.status_code}")
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/no-such-page"), ("POST", "/"), ("POST", "/entrar"), ("GET", "/admin/usuarios")],
)
def test_errors_and_redirects_carry_the_headers_too(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code in (302, 400, 404, 405)
    _assert_headers(response, path)


def test_signed_in_pages_are_not_cached_public_pages_may_be(app: Flask) -> None:
    with app_session(app) as session:
        make_user(session, "staff", email="ana@example.org")
        session.commit()
    client = app.test_client()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    sign_in(client, "ana@example.org")
    assert client.get("/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/entrar", {"email": "a@example.org", "password": "x"}),
        ("/salir", {}),
        ("/salir-de-todo", {}),
        ("/cuenta/contrasena", {"current_password": "x", "password": "y", "confirm": "y"}),
        ("/admin/usuarios/nuevo", {"email": "n@example.org", "display_name": "N", "role": "admin"}),
        ("/admin/usuarios/1/desactivar", {}),
    ],
)
def test_state_changing_requests_without_a_valid_csrf_token_are_refused(
    app: Flask, path: str, data: dict[str, str]
) -> None:
    with app_session(app) as session:
        make_user(session, "admin", email="boss@example.org")
        session.commit()
    client = app.test_client()
    sign_in(client, "boss@example.org")
    for token in (None, "forged-token", page_token(client) + "x"):
        payload = dict(data) if token is None else {**data, "csrf_token": token}
        response = client.post(path, data=payload, headers=EN)
        assert response.status_code == 400, (path, token)
        assert "This form has expired or was not sent from this site" in response.get_data(
            as_text=True
        )
    assert client.get("/cuenta").status_code == 200  # nothing happened: still signed in


def test_a_token_from_another_session_is_refused(app: Flask) -> None:
    with app_session(app) as session:
        make_user(session, "admin", email="boss@example.org")
        session.commit()
    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine, "boss@example.org")
    sign_in(theirs, "boss@example.org")
    stolen = page_token(theirs)
    assert mine.post("/salir", data={"csrf_token": stolen}).status_code == 400


@pytest.fixture
def https_app(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "FORCE_HTTPS": True,
            "BEHIND_PROXY": 1,
            "HSTS_SECONDS": 600,
        }
    )
    yield app
    engine_of_app = get_database(app).engine
    assert engine_of_app is not None
    engine_of_app.dispose()


def test_https_redirect_and_hsts_behind_a_proxy(https_app: Flask) -> None:
    client = https_app.test_client()
    plain = client.get("/?x=1", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://localhost/?x=1"
    assert "Strict-Transport-Security" not in plain.headers
    _assert_headers(plain, "redirect")
    post = client.post("/entrar", headers={"X-Forwarded-Proto": "http"})
    assert post.status_code == 308
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == "max-age=600"
    login = client.get("/entrar", headers={"X-Forwarded-Proto": "https"})
    cookie = login.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_without_a_proxy_forwarded_headers_are_ignored(client: FlaskClient) -> None:
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/?q=a%00b", None),
        ("GET", "/admin/auditoria?actor=%01", None),
        ("POST", "/entrar", {"email": "a\x00@example.org", "password": "x"}),
    ],
)
def test_control_characters_are_a_clear_400(
    client: FlaskClient, method: str, path: str, data: dict[str, str] | None
) -> None:
    response = client.open(path, method=method, data=data, headers=EN)
    assert response.status_code == 400
    assert "characters that are not allowed" in response.get_data(as_text=True)
