"""Admin pages speak the reader's language: no codes, no English in Spanish, one label per box."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.audit import COMMAND_LINE, AuditAction, RequestInfo, record
from enlace.accounts.models import User
from tests.accounts_factories import (
    app_session,
    make_centre,
    make_user,
    page_token,
    sign_in,
)

ES = {"Accept-Language": "es"}
EN = {"Accept-Language": "en"}
#: English words and codes the log used to show in Spanish.
NOT_IN_SPANISH = [
    r"\banonymous\b",
    r"\bwrong password\b",
    r"\bunknown account\b",
    r"\baccount disabled\b",
    r"\bcommand line\b",
    r"\buser \d",
    r"\bregion \d",
    r"\bidle\b",
]


def _visible_text(html: str) -> str:
    """What a person reads: no scripts, no tags, no attribute values."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    with app_session(app) as session:
        make_user(session, "admin", email="boss@example.org")
        session.commit()
    client = app.test_client()
    assert sign_in(client, "boss@example.org").status_code == 302
    return client


def _every_kind_of_entry(app: Flask, admin: FlaskClient) -> int:
    """Entries of every action this package writes, old-style ones included; a user's id."""
    with app_session(app) as session:
        ana = make_user(session, "staff", email="ana@example.org", display_name="Ana Pérez")
        make_user(session, "staff", email="off@example.org", disabled=True)
        session.commit()
        ana_id = ana.id
    assert ana_id is not None
    sign_in(app.test_client(), "nobody@example.org", "wrong")  # unknown account
    sign_in(app.test_client(), "ana@example.org", "wrong")  # wrong password
    sign_in(app.test_client(), "off@example.org")  # refused: disabled
    admin.post(f"/admin/usuarios/{ana_id}/enlace", data={"csrf_token": page_token(admin)})
    info = RequestInfo(ip="10.0.0.1", user_agent="Firefox")
    with app_session(app) as session:
        # What older versions wrote: English reasons in ``reason``.
        record(session, None, "login_failed", "user", ana_id, "wrong password", info)
        record(session, None, "login_refused", "user", ana_id, "demo accounts are off", info)
        for action in AuditAction:
            record(session, None, action, "user", 99999, None, COMMAND_LINE)
        record(
            session,
            None,
            AuditAction.DEMO_ACCOUNTS,
            "user",
            None,
            None,
            COMMAND_LINE,
            actor_label="enlace demo-accounts",
        )
        boss = session.exec(select(User).where(User.email == "boss@example.org")).one()
        for why in ("idle", "lifetime"):
            expired = AuditAction.SESSION_EXPIRED
            record(session, boss, expired, "user", boss.id, None, info, details={"why": why})
        throttled = AuditAction.LOGIN_THROTTLED
        for scope in ("account", "address"):
            details = {"scope": scope, "locked": True}
            record(session, None, throttled, "user", ana_id, None, info, details=details)
        record(session, boss, AuditAction.THROTTLE_CLEARED, "login_throttle", 3, "llamó", info)
        session.commit()
    return ana_id


def test_the_audit_log_in_spanish_shows_no_codes_and_no_english(
    app: Flask, admin: FlaskClient
) -> None:
    _every_kind_of_entry(app, admin)
    html = admin.get("/admin/auditoria", headers=ES).get_data(as_text=True)
    text = _visible_text(html)
    for action in AuditAction:  # neither in the rows nor in the action filter
        assert f'data-action="{action.value}"' in html
        assert not re.search(rf"\b{action.value}\b", text), action.value
    for english in NOT_IN_SPANISH:
        assert not re.search(english, text, flags=re.I), english
    assert "<code>" not in html
    for words in (
        "Ingreso fallido",
        "Contraseña incorrecta",  # new rows (a code) and old rows (English text) alike
        "Ninguna cuenta tiene este correo electrónico",
        "La cuenta está desactivada",
        "Las cuentas de demostración están desactivadas",
        "Visitante sin sesión iniciada",
        "Línea de comandos (enlace demo-accounts)",
        "Demasiado tiempo sin actividad",
        "Demasiados intentos fallidos desde esta red",
        "Ana Pérez (ana@example.org)",  # the account a record names, by name
        "Cuenta 99999",  # an account that no longer exists
        "llamó",  # what a person typed stays as typed
    ):
        assert words in text, words
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", html)
    labels = {value: label for value, label in options}
    assert labels["login_failed"] == "Ingreso fallido"
    assert labels["reset_link_created"] != "reset_link_created"


def test_the_audit_log_in_english_uses_words_too(app: Flask, admin: FlaskClient) -> None:
    _every_kind_of_entry(app, admin)
    text = _visible_text(admin.get("/admin/auditoria", headers=EN).get_data(as_text=True))
    for action in AuditAction:
        assert not re.search(rf"\b{action.value}\b", text), action.value
    for words in ("Wrong password", "Visitor not signed in", "Command line", "Failed sign-in"):
        assert words in text


def test_a_user_page_lists_history_in_words(app: Flask, admin: FlaskClient) -> None:
    ana_id = _every_kind_of_entry(app, admin)
    html = admin.get(f"/admin/usuarios/{ana_id}", headers=ES).get_data(as_text=True)
    text = _visible_text(html)
    assert 'data-action="login_failed"' in html and "<code>" not in html
    for english in NOT_IN_SPANISH:
        assert not re.search(english, text, flags=re.I), english
    assert "Contraseña incorrecta" in text


def test_each_action_of_a_user_page_has_its_own_reason_box(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        ana = make_user(session, "staff", email="ana@example.org")
        session.commit()
    html = admin.get(f"/admin/usuarios/{ana.id}", headers=ES).get_data(as_text=True)
    labels = re.findall(r'<label for="([^"]+)">([^<]+)</label>', html)
    reasons = [(for_, text) for for_, text in labels if "Motivo" in text]
    assert len(reasons) == 5  # link, sessions, unlock, disable, and the change form
    assert len({for_ for for_, _ in reasons}) == 5 and len({text for _, text in reasons}) == 5
    assert ("reason-disable", "Motivo de la desactivación") in reasons
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    disable = re.search(r'<button type="submit" class="button ([^"]+)">Desactivar cuenta', html)
    assert disable is not None and disable.group(1) == "button-destructive"  # not the primary


def test_a_staff_account_is_not_offered_a_network(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        ana = make_user(session, "staff", email="ana@example.org")
        session.commit()
    html = admin.get(f"/admin/usuarios/{ana.id}", headers=ES).get_data(as_text=True)
    region = re.search(r'<select[^>]* id="region_code".*?</select>', html, flags=re.S)
    assert region is not None
    selected = re.search(r'<option selected value="([^"]*)">([^<]*)<', region.group(0))
    assert selected is not None and selected.groups() == (
        "",
        "Sin red (solo la coordinación tiene una)",
    )
    assert 'data-for-role="coordinator"' in html and 'data-for-role="staff"' in html
    assert "js/admin.js" in html


def _account_form(admin: FlaskClient, role: str, centre: str, region: str) -> dict[str, str]:
    return {
        "email": "new@example.org",
        "display_name": "Nueva Persona",
        "role": role,
        "agency_id": centre,
        "region_code": region,
        "csrf_token": page_token(admin),
    }


def test_each_role_gets_its_own_place_and_nothing_else(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        centre_id = make_centre(session, name_es="Centro Esperanza").id
        session.commit()
    # A coordinator's network must be chosen; staff need a centre.
    refused = admin.post("/admin/usuarios/nuevo", data=_account_form(admin, "coordinator", "", ""))
    assert refused.status_code == 422
    assert "Elija la región en la que trabaja esta coordinación" in refused.get_data(as_text=True)
    refused = admin.post("/admin/usuarios/nuevo", data=_account_form(admin, "staff", "", "7"))
    assert refused.status_code == 422
    # Without JavaScript both fields travel; the other role's one is ignored.
    form = _account_form(admin, "staff", centre_id, "7")
    assert admin.post("/admin/usuarios/nuevo", data=form).status_code == 201
    with app_session(app) as session:
        user = session.exec(select(User).where(User.email == "new@example.org")).one()
        assert (user.agency_id, user.region_code) == (centre_id, None)


def test_a_national_coordinator_shows_national(app: Flask, admin: FlaskClient) -> None:
    with app_session(app) as session:
        coordinator = make_user(session, "coordinator", email="coord@example.org")
        session.commit()
    html = admin.get(f"/admin/usuarios/{coordinator.id}", headers=EN).get_data(as_text=True)
    assert '<option selected value="national">National</option>' in html
