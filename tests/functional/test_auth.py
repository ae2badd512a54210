"""Signing in and out through the pages: sessions, cookies, timeouts, sign out everywhere."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import select

from enlace.accounts.models import AuditEntry, User
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


def _user(app: Flask, role: str = "staff", **fields: object) -> User:
    with app_session(app) as session:
        user = make_user(session, role, **fields)  # type: ignore[arg-type]
        session.commit()
        return user


def _actions(app: Flask) -> list[str]:
    with app_session(app) as session:
        return list(session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all())  # type: ignore[arg-type]


def test_sign_in_lands_on_the_account_page_with_a_safe_session_cookie(
    app: Flask, client: FlaskClient
) -> None:
    # Without a treatment centre a staff account has no start page: it lands on its account.
    user = _user(app, email="ana@example.org", agency_id=None)
    response = sign_in(client, "ana@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/cuenta"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in tests
    page = client.get("/cuenta", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "ana@example.org" in html and user.display_name in html
    assert page.headers["Cache-Control"] == "no-store"
    assert _actions(app) == ["login"]


def test_cookies_are_secure_over_https(app: Flask) -> None:
    _user(app, email="ana@example.org")
    client = app.test_client()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/entrar"}}
    response = sign_in(client, "ana@example.org", request=https)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_wrong_password_is_a_clear_401(app: Flask, client: FlaskClient) -> None:
    _user(app, email="ana@example.org")
    response = client.post(
        "/entrar",
        data={"email": "ana@example.org", "password": "wrong", "csrf_token": _token(client)},
        headers=EN,
    )
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "The e-mail or the password is not correct." in html
    assert 'value="ana@example.org"' in html  # the e-mail is kept, the password is not
    assert "wrong" not in html
    assert client.get("/cuenta").status_code == 302


def _token(client: FlaskClient) -> str:
    return login_token(client)


def test_next_takes_you_back_but_never_to_another_site(app: Flask) -> None:
    _user(app, "admin", email="boss@example.org")
    client = app.test_client()
    assert client.get("/admin/auditoria").headers["Location"] == "/entrar?next=/admin/auditoria"
    ok = sign_in(client, "boss@example.org", next="/admin/auditoria")
    assert ok.headers["Location"] == "/admin/auditoria"
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        other = app.test_client()
        response = sign_in(other, "boss@example.org", next=evil)
        assert response.headers["Location"] == "/admin/usuarios", evil


def test_disabled_accounts_cannot_sign_in(app: Flask, client: FlaskClient) -> None:
    _user(app, email="gone@example.org", disabled=True)
    response = client.post(
        "/entrar",
        data={"email": "gone@example.org", "password": PASSWORD, "csrf_token": _token(client)},
        headers=EN,
    )
    assert response.status_code == 403
    assert "This account is disabled." in response.get_data(as_text=True)
    assert _actions(app) == ["login_refused"]


def test_sign_out_ends_the_session(app: Flask, client: FlaskClient) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    response = client.post("/salir", data={"csrf_token": page_token(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/cuenta").status_code == 302
    assert _actions(app) == ["login", "logout"]


def test_a_copied_cookie_is_refused_after_sign_out_and_other_sessions_go_on(
    app: Flask, client: FlaskClient
) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    other_device = app.test_client()
    sign_in(other_device, "ana@example.org")
    cookie = client.get_cookie("session")
    assert cookie is not None
    copy = app.test_client()
    copy.set_cookie("session", cookie.value)
    assert copy.get("/cuenta").status_code == 200  # the copy works while the session lives

    client.post("/salir", data={"csrf_token": page_token(client)})
    replayed = copy.get("/cuenta", headers=EN)
    assert replayed.status_code == 302 and replayed.headers["Location"].startswith("/entrar")
    again = app.test_client()
    again.set_cookie("session", cookie.value)
    assert again.get("/cuenta").status_code == 302  # refused every time, not only once
    assert other_device.get("/cuenta").status_code == 200  # only that one session ended
    sign_in(client, "ana@example.org")
    assert client.get("/cuenta").status_code == 200  # signing in again starts a new session


def test_a_session_without_a_session_id_is_not_accepted(app: Flask, client: FlaskClient) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    with client.session_transaction() as session:
        del session["sid"]  # as written before sessions had ids
    assert client.get("/cuenta").status_code == 302


def test_the_revocation_check_costs_one_lookup_and_nothing_for_visitors(
    app: Flask, client: FlaskClient
) -> None:
    _user(app, email="ana@example.org")
    engine = get_database(app).engine
    assert engine is not None
    seen: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "revoked_session" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        client.get("/")
        assert seen == []  # anonymous pages never look
        sign_in(client, "ana@example.org")
        seen.clear()
        assert client.get("/cuenta").status_code == 200
        assert len(seen) == 1  # one primary-key lookup per signed-in request
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def test_sign_out_everywhere_ends_every_session(app: Flask) -> None:
    _user(app, email="ana@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "ana@example.org")
    sign_in(phone, "ana@example.org")
    assert phone.get("/cuenta").status_code == 200
    laptop.post("/salir-de-todo", data={"csrf_token": page_token(laptop)})
    assert laptop.get("/cuenta").status_code == 302
    gone = phone.get("/cuenta", headers=EN)
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/entrar")
    assert "Your session has ended." in phone.get(gone.headers["Location"], headers=EN).get_data(
        as_text=True
    )
    assert "logout_everywhere" in _actions(app)


def _age_session(client: FlaskClient, *, idle: float = 0, since_login: float = 0) -> None:
    with client.session_transaction() as session:
        now = time.time()
        session["seen_at"] = now - idle
        session["login_at"] = now - since_login


def test_an_idle_session_expires(app: Flask, client: FlaskClient) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    idle = app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    _age_session(client, idle=idle - 60, since_login=idle)
    assert client.get("/cuenta").status_code == 200  # still inside the idle timeout
    _age_session(client, idle=idle + 60, since_login=idle + 60)
    response = client.get("/cuenta", headers=EN)
    assert response.status_code == 302
    html = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "after a period of inactivity" in html
    assert _actions(app)[-1] == "session_expired"


def test_a_session_ends_after_its_lifetime_even_when_active(
    app: Flask, client: FlaskClient
) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    _age_session(client, idle=1, since_login=lifetime + 1)
    assert client.get("/cuenta").status_code == 302


def test_change_password_keeps_this_session_and_ends_the_others(app: Flask) -> None:
    _user(app, email="ana@example.org")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "ana@example.org")
    sign_in(elsewhere, "ana@example.org")
    new = "un paraguas verde en abril"
    data = {"current_password": PASSWORD, "password": new, "confirm": new}
    response = here.post("/cuenta/contrasena", data={**data, "csrf_token": page_token(here)})
    assert response.status_code == 302
    assert here.get("/cuenta").status_code == 200
    assert elsewhere.get("/cuenta").status_code == 302
    assert sign_in(app.test_client(), "ana@example.org", new).status_code == 302
    assert sign_in(app.test_client(), "ana@example.org").status_code == 401


def test_change_password_errors_are_shown_next_to_their_fields(
    app: Flask, client: FlaskClient
) -> None:
    _user(app, email="ana@example.org")
    sign_in(client, "ana@example.org")
    cases = [
        (
            {
                "current_password": "nope",
                "password": "un paraguas verde",
                "confirm": "un paraguas verde",
            },
            "current_password",
            "not correct",
        ),
        (
            {
                "current_password": PASSWORD,
                "password": "contraseña2024",
                "confirm": "contraseña2024",
            },
            "password",
            "too common",
        ),
        (
            {"current_password": PASSWORD, "password": "un paraguas verde", "confirm": "otra"},
            "confirm",
            "not the same",
        ),
        (
            {"current_password": PASSWORD, "password": "corta", "confirm": "corta"},
            "password",
            "at least 12",
        ),
    ]
    for data, field, message in cases:
        response = client.post(
            "/cuenta/contrasena", data={**data, "csrf_token": page_token(client)}, headers=EN
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert f'id="{field}-error"' in html and message in html, field
        assert f'aria-describedby="{field}-error"' in html or f"{field}-hint {field}-error" in html
        assert 'href="#' + field + '"' in html  # the summary links to the field


def test_the_public_directory_sets_no_cookie_for_anonymous_visitors(client: FlaskClient) -> None:
    for path in ("/", "/?lang=en", "/no-such-page"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
    with client.get("/static/css/enlace.css") as static:
        assert "Set-Cookie" not in static.headers


def test_a_signed_out_action_goes_to_sign_in_without_a_way_back(client: FlaskClient) -> None:
    """After signing in you land on a page, never on a form action that only accepts POST."""
    response = client.post("/salir-de-todo", data={"csrf_token": login_token(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/entrar"
    with_query = client.get("/admin/auditoria?action=login")
    assert with_query.headers["Location"] == "/entrar?next=/admin/auditoria?action%3Dlogin"
