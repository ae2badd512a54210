"""Bad input on every account form and endpoint: a clear message and a 4xx, never a 500."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.accounts_factories import (
    app_session,
    login_token,
    make_centre,
    make_user,
    page_token,
    sign_in,
)

EN = {"Accept-Language": "en"}
LONG = "x" * 300


@dataclass
class Case:
    name: str
    method: str
    path: str  # {user} and {centre} are filled in
    data: dict[str, str] = field(default_factory=dict)
    status: int = 422
    message: str = ""
    as_admin: bool = True


NEW_USER = {
    "email": "new@example.org",
    "display_name": "New",
    "role": "staff",
    "agency_id": "{centre}",
    "region_code": "national",
}
CASES = [
    Case(
        "login: e-mail too long",
        "POST",
        "/entrar",
        {"email": LONG + "@example.org", "password": "x"},
        message="Use at most 254 characters.",
        as_admin=False,
    ),
    Case(
        "login: password too long",
        "POST",
        "/entrar",
        {"email": "a@example.org", "password": "p" * 300},
        message="Use at most 256 characters.",
        as_admin=False,
    ),
    Case(
        "login: nothing filled in",
        "POST",
        "/entrar",
        {},
        message="Enter your e-mail address.",
        as_admin=False,
    ),
    Case(
        "login: next too long",
        "POST",
        "/entrar",
        {"email": "a@example.org", "password": "x", "next": "/" + LONG * 2},
        message="Use at most 500 characters.",
        as_admin=False,
    ),
    Case(
        "new user: bad e-mail",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "email": "not an e-mail"},
        message="Enter a valid e-mail address",
    ),
    Case(
        "new user: name too long",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "display_name": LONG},
        message="Use at most 120 characters.",
    ),
    Case(
        "new user: unknown role",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "role": "root"},
        message="Choose one of the options in the list.",
    ),
    Case(
        "new user: unknown centre",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "agency_id": "no-such-centre"},
        message="Choose one of the options in the list.",
    ),
    Case(
        "new user: staff without centre",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "agency_id": ""},
        message="Staff accounts belong to a treatment centre",
    ),
    Case(
        "new user: unknown region",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "role": "coordinator", "region_code": "99"},
        message="Choose one of the options in the list.",
    ),
    Case(
        "new user: e-mail taken",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "email": "ADMIN@example.org"},
        message="Another account already uses this e-mail address.",
    ),
    Case(
        "new user: reason too long",
        "POST",
        "/admin/usuarios/nuevo",
        {**NEW_USER, "reason": "r" * 501},
        message="Use at most 500 characters.",
    ),
    Case(
        "edit user: bad e-mail",
        "POST",
        "/admin/usuarios/{user}",
        {**NEW_USER, "email": "@"},
        message="Enter a valid e-mail address",
    ),
    Case("unknown user", "GET", "/admin/usuarios/999999", status=404),
    Case("user id too large", "GET", "/admin/usuarios/99999999999999999999", status=404),
    Case("user id negative", "GET", "/admin/usuarios/-1", status=404),
    Case("user id not a number", "GET", "/admin/usuarios/abc", status=404),
    Case("disable unknown user", "POST", "/admin/usuarios/999999/desactivar", status=404),
    Case(
        "disable: reason too long",
        "POST",
        "/admin/usuarios/{user}/desactivar",
        {"reason": "r" * 501},
        message="Use at most 500 characters.",
    ),
    Case(
        "link: reason too long",
        "POST",
        "/admin/usuarios/{user}/enlace",
        {"reason": "r" * 501},
        message="Use at most 500 characters.",
    ),
    Case("clear unknown lock", "POST", "/admin/bloqueos/424242/quitar", status=404),
    Case("clear lock id too large", "POST", "/admin/bloqueos/99999999999/quitar", status=404),
    Case(
        "clear lock: reason too long",
        "POST",
        "/admin/bloqueos/1/quitar",
        {"reason": "r" * 501},
        message="Use at most 500 characters.",
    ),
    Case(
        "audit: not a date",
        "GET",
        "/admin/auditoria?since=yesterday",
        status=400,
        message="Enter a date as YYYY-MM-DD.",
    ),
    Case(
        "audit: impossible date",
        "GET",
        "/admin/auditoria?until=2026-02-30",
        status=400,
        message="Enter a date as YYYY-MM-DD.",
    ),
    Case(
        "audit: far future date",
        "GET",
        "/admin/auditoria?until=9999-12-31",
        status=400,
        message="Enter a date as YYYY-MM-DD.",
    ),
    Case(
        "audit: page not a number",
        "GET",
        "/admin/auditoria?page=abc",
        status=400,
        message="whole number",
    ),
    Case("audit: page zero", "GET", "/admin/auditoria?page=0", status=400, message="whole number"),
    Case(
        "audit: page huge",
        "GET",
        "/admin/auditoria?page=99999999999",
        status=400,
        message="Use at most 6 characters.",
    ),
    Case(
        "audit: unknown action",
        "GET",
        "/admin/auditoria?action=drop_table",
        status=400,
        message="Choose one of the options",
    ),
    Case(
        "audit: actor too long",
        "GET",
        "/admin/auditoria?actor=" + LONG,
        status=400,
        message="Use at most 254 characters.",
    ),
    Case(
        "users: unknown role",
        "GET",
        "/admin/usuarios?role=root",
        status=400,
        message="Choose one of the options",
    ),
    Case(
        "users: query too long",
        "GET",
        "/admin/usuarios?q=" + LONG,
        status=400,
        message="Use at most 100 characters.",
    ),
    Case(
        "account: new password too long",
        "POST",
        "/cuenta/contrasena",
        {"current_password": "x", "password": "p" * 300, "confirm": "p" * 300},
        message="Use at most 256 characters.",
    ),
    Case("reset: token too long", "GET", "/restablecer/" + "t" * 200, status=404, as_admin=False),
    Case(
        "reset: unknown token",
        "GET",
        "/restablecer/not-a-real-token",
        status=410,
        message="expired or has already been used",
        as_admin=False,
    ),
    Case(
        "reset: unknown token posted",
        "POST",
        "/restablecer/not-a-real-token",
        {"password": "x", "confirm": "x"},
        status=410,
        as_admin=False,
    ),
    Case("wrong method", "DELETE", "/admin/usuarios", status=405, message="does not accept"),
    Case("wrong method on sign-out", "GET", "/salir", status=405),
]


@pytest.fixture
def world(app: Flask) -> dict[str, str]:
    with app_session(app) as session:
        make_user(session, "admin", email="admin@example.org")
        target = make_user(session, "staff", email="target@example.org")
        centre = make_centre(session)
        session.commit()
        return {"user": str(target.id), "centre": centre.id}


def _client(app: Flask, as_admin: bool) -> tuple[FlaskClient, str]:
    client = app.test_client()
    if not as_admin:
        return client, login_token(client)
    assert sign_in(client, "admin@example.org").status_code == 302
    return client, page_token(client)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_a_clear_4xx(app: Flask, world: dict[str, str], case: Case) -> None:
    client, token = _client(app, case.as_admin)
    path = case.path.format(**world)
    data = {k: v.format(**world) for k, v in case.data.items()}
    if case.method == "POST":
        data["csrf_token"] = token
    response = client.open(path, method=case.method, data=data or None, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == case.status, (case.name, response.status_code)
    assert case.message in html, case.name
    if case.status == 422:
        assert 'role="alert"' in html  # the error summary, focused on load
        assert 'aria-invalid="true"' in html or "There is a problem" in html
