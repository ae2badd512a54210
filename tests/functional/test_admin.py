"""Administration pages: accounts, one-time password links, and reading the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlmodel import select

from enlace.accounts.models import AuditEntry, PasswordResetToken, User
from enlace.db import utcnow
from tests.accounts_factories import (
    PASSWORD,
    app_session,
    make_centre,
    make_user,
    page_token,
    sign_in,
)

EN = {"Accept-Language": "en"}
NEW = "un paraguas verde en abril"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    with app_session(app) as session:
        make_user(session, "admin", email="boss@example.org")
        session.commit()
    client = app.test_client()
    assert sign_in(client, "boss@example.org").status_code == 302
    return client


def _centre_id(app: Flask) -> str:
    with app_session(app) as session:
        centre = make_centre(session, name_es="Centro Esperanza")
        session.commit()
        return centre.id


def _link_from(html: str) -> str:
    match = re.search(
        r'id="password-link" type="text" readonly value="http://localhost(/restablecer/[^"]+)"',
        html,
    )
    assert match, "no password link on the page"
    return match.group(1)


def _user_id(app: Flask, email: str) -> int:
    with app_session(app) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert user.id is not None
        return user.id


def test_create_a_staff_account_and_its_person_sets_a_password(
    app: Flask, admin: FlaskClient
) -> None:
    centre_id = _centre_id(app)
    form = admin.get("/admin/usuarios/nuevo", headers=EN).get_data(as_text=True)
    assert "Centro Esperanza" in form and '<label for="email">' in form
    data = {
        "email": "Ana@Example.org",
        "display_name": "Ana Pérez",
        "role": "staff",
        "agency_id": centre_id,
        "region_code": "national",
        "csrf_token": page_token(admin, "/admin/usuarios/nuevo"),
    }
    created = admin.post("/admin/usuarios/nuevo", data=data, headers=EN)
    assert created.status_code == 201
    html = created.get_data(as_text=True)
    assert "It works once, for 72 hours" in html
    link = _link_from(html)

    newcomer = app.test_client()
    page = newcomer.get(link, headers=EN)
    assert page.status_code == 200 and "ana@example.org" in page.get_data(as_text=True)
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    )
    assert token
    done = newcomer.post(link, data={"password": NEW, "confirm": NEW, "csrf_token": token.group(1)})
    assert done.status_code == 302 and done.headers["Location"] == "/entrar"
    assert sign_in(newcomer, "ana@example.org", NEW).status_code == 302
    again = app.test_client().get(link, headers=EN)
    assert again.status_code == 410 and "expired or has already been used" in again.get_data(
        as_text=True
    )

    listing = admin.get("/admin/usuarios?q=ana", headers=EN).get_data(as_text=True)
    assert "Ana Pérez" in listing and "boss@example.org" not in listing
    with app_session(app) as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()  # type: ignore[arg-type]
    assert actions[-4:] == ["user_created", "reset_link_created", "password_reset", "login"]


def test_reset_links_expire(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        user = make_user(session, "staff", email="ana@example.org")
        session.commit()
    response = admin.post(
        f"/admin/usuarios/{user.id}/enlace",
        data={"csrf_token": page_token(admin), "reason": "forgot"},
    )
    assert response.status_code == 200
    link = _link_from(response.get_data(as_text=True))
    assert app.test_client().get(link).status_code == 200
    with app_session(app) as session:
        session.execute(
            update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    assert app.test_client().get(link).status_code == 410
    assert (
        sign_in(app.test_client(), "ana@example.org").status_code == 302
    )  # old password still works


def test_a_new_link_voids_the_previous_one(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        user = make_user(session, "staff", email="ana@example.org")
        session.commit()
    first = _link_from(
        admin.post(
            f"/admin/usuarios/{user.id}/enlace", data={"csrf_token": page_token(admin)}
        ).get_data(as_text=True)
    )
    second = _link_from(
        admin.post(
            f"/admin/usuarios/{user.id}/enlace", data={"csrf_token": page_token(admin)}
        ).get_data(as_text=True)
    )
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_disable_signs_the_person_out_and_enable_lets_them_back(
    app: Flask, admin: FlaskClient
) -> None:
    with app_session(app) as session:
        user = make_user(session, "coordinator", email="coord@example.org", region_code="7")
        session.commit()
    person = app.test_client()
    sign_in(person, "coord@example.org")
    assert person.get("/cuenta").status_code == 200
    disabled = admin.post(
        f"/admin/usuarios/{user.id}/desactivar",
        data={"csrf_token": page_token(admin), "reason": "left"},
    )
    assert disabled.status_code == 302
    assert person.get("/cuenta").status_code == 302
    assert sign_in(app.test_client(), "coord@example.org").status_code == 403
    page = admin.get(f"/admin/usuarios/{user.id}", headers=EN).get_data(as_text=True)
    assert "Enable account" in page and "Disable account" not in page
    admin.post(f"/admin/usuarios/{user.id}/activar", data={"csrf_token": page_token(admin)})
    assert sign_in(app.test_client(), "coord@example.org").status_code == 302


def test_admins_cannot_disable_themselves(app: Flask, admin: FlaskClient) -> None:
    me = _user_id(app, "boss@example.org")
    page = admin.get(f"/admin/usuarios/{me}", headers=EN).get_data(as_text=True)
    assert "Disable account" not in page
    response = admin.post(
        f"/admin/usuarios/{me}/desactivar", data={"csrf_token": page_token(admin)}, headers=EN
    )
    assert response.status_code == 422
    assert "You cannot disable your own account." in response.get_data(as_text=True)
    assert admin.get("/cuenta").status_code == 200


def test_edit_an_account(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        user = make_user(session, "coordinator", email="coord@example.org", region_code="7")
        session.commit()
    data = {
        "email": "coord@example.org",
        "display_name": "Coordinación Maule",
        "role": "coordinator",
        "agency_id": "",
        "region_code": "national",
        "reason": "now national",
        "csrf_token": page_token(admin),
    }
    response = admin.post(f"/admin/usuarios/{user.id}", data=data)
    assert response.status_code == 302
    with app_session(app) as session:
        changed = session.get(User, user.id)
        assert changed is not None
        assert (changed.display_name, changed.region_code) == ("Coordinación Maule", None)
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user_updated")).one()
        assert entry.reason == "now national" and entry.details is not None


def test_end_all_sessions_of_another_user(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        user = make_user(session, "staff", email="ana@example.org")
        session.commit()
    person = app.test_client()
    sign_in(person, "ana@example.org")
    admin.post(f"/admin/usuarios/{user.id}/cerrar-sesiones", data={"csrf_token": page_token(admin)})
    assert person.get("/cuenta").status_code == 302
    assert sign_in(person, "ana@example.org", PASSWORD).status_code == 302


def test_the_audit_log_filters(app: Flask, admin: FlaskClient) -> None:
    sign_in(app.test_client(), "nobody@example.org", "wrong")
    all_entries = admin.get("/admin/auditoria", headers=EN).get_data(as_text=True)
    assert 'data-action="login_failed"' in all_entries and 'data-action="login"' in all_entries
    failed = admin.get("/admin/auditoria?action=login_failed", headers=EN).get_data(as_text=True)
    assert 'data-action="login_failed"' in failed and 'data-action="login"' not in failed
    by_actor = admin.get("/admin/auditoria?actor=BOSS", headers=EN).get_data(as_text=True)
    assert 'data-action="login_failed"' not in by_actor and 'data-action="login"' in by_actor
    today = utcnow().date()
    future = admin.get(f"/admin/auditoria?since={today + timedelta(days=2)}", headers=EN)
    assert future.status_code == 200 and "0 entries" in future.get_data(as_text=True)
    ranged = admin.get(
        f"/admin/auditoria?since={today - timedelta(days=1)}&until={today + timedelta(days=1)}",
        headers=EN,
    )
    assert 'data-action="login_failed"' in ranged.get_data(as_text=True)


def test_the_audit_log_cannot_be_changed_through_the_app(app: Flask, admin: FlaskClient) -> None:
    paths = [str(rule) for rule in app.url_map.iter_rules() if "auditoria" in str(rule)]
    assert paths == ["/admin/auditoria"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert admin.open("/admin/auditoria", method=method).status_code == 405
