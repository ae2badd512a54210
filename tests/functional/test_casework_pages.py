"""Casework pages through the Flask client: bad input re-renders with errors and writes
nothing; the agency's link page (headers, withdrawn consent, unknown token, rate limit);
the audit of views and searches; the offer page's "Refer a participant" link."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlmodel import col, select

from enlace.accounts.models import AuditEntry, User
from enlace.casework import assessments, participants
from enlace.casework.models import (
    Consent,
    Participant,
    PlanGoal,
    RecipientLink,
    Referral,
    ReferralEvent,
)
from enlace.casework.participants import ParticipantDraft
from enlace.web.public import recipient
from tests.accounts_factories import app_session, make_user, page_token, sign_in
from tests.casework_factories import Case, make_case
from tests.conftest import _dispose, _make_app

TODAY = date.today()
#: Fields people type into (their text must come back as typed).
TYPED = {"year_of_birth", "file_number", "text", "target_date", "code", "given_on"}


@dataclass
class Setting:
    client: FlaskClient
    token: str
    case: Case
    app: Flask


@pytest.fixture
def setting(app: Flask) -> Setting:
    with app_session(app) as session:
        staff = make_user(session, "staff", email="cm@example.org")
        case = make_case(session, staff)
        session.commit()
    client = app.test_client()
    assert sign_in(client, "cm@example.org").status_code == 302
    return Setting(client, page_token(client), case, app)


def _count(app: Flask, model: Any) -> int:
    with app_session(app) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(app: Flask) -> tuple[int, ...]:
    models = (Participant, PlanGoal, Consent, Referral, ReferralEvent, RecipientLink)
    return tuple(_count(app, m) for m in models)


def _text(response: Any) -> str:
    return str(response.get_data(as_text=True))


#: (what, path from the case, form data, a message the page must show)
BAD_INPUT: list[tuple[str, Callable[[Case], str], dict[str, Any], str]] = [
    (
        "participant with a RUT as file number",
        lambda c: "/equipo/participantes/nuevo",
        {"year_of_birth": "1990", "file_number": "12.345.678-5", "language": "es"},
        "RUT",
    ),
    (
        "participant with a name as file number",
        lambda c: "/equipo/participantes/nuevo",
        {"year_of_birth": "1990", "file_number": "Juan Pérez", "language": "es"},
        "nombre",
    ),
    (
        "participant without a year of birth",
        lambda c: "/equipo/participantes/nuevo",
        {"year_of_birth": "19x0", "language": "es"},
        "cuatro dígitos",
    ),
    (
        "dropped goal without a reason",
        lambda c: f"/equipo/participantes/{c.participant_id}/plan",
        {"domain": "housing", "text": "Arriendo", "status": "dropped"},
        "obligatorio",
    ),
    (
        "goal with a bad date",
        lambda c: f"/equipo/objetivos/{c.goal_id}",
        {"domain": "housing", "text": "Arriendo", "status": "in_progress", "target_date": "ayer"},
        "AAAA-MM-DD",
    ),
    (
        "consent with substance use not confirmed",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/consentimiento",
        {
            "categories": ["age", "substance_use"],
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + timedelta(days=30)).isoformat(),
            "method": "in_person",
        },
        "sensibles",
    ),
    (
        "consent with nothing ticked",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/consentimiento",
        {
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + timedelta(days=30)).isoformat(),
            "method": "in_person",
        },
        "obligatorio",
    ),
    (
        "consent expiring before it was given",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/consentimiento",
        {
            "categories": ["age"],
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY - timedelta(days=3)).isoformat(),
            "method": "in_person",
        },
        "vencimiento",
    ),
    (
        "decline without a reason",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/estado",
        {"status": "declined"},
        "Elija un motivo",
    ),
    (
        "other reason without words",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/estado",
        {"status": "cancelled", "reason_code": "other"},
        "otro",
    ),
    (
        "a move that does not exist",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/estado",
        {"status": "completed"},
        "no es posible",
    ),
    (
        "link for an impossible number of days",
        lambda c: f"/equipo/derivaciones/{c.referral_id}/enlace",
        {"days": "999"},
        "opciones",
    ),
    (
        "referral from an offer for an unknown code",
        lambda c: f"/equipo/derivar/{c.offer_slug}",
        {"code": "ZZZZ-ZZZZ"},
        "Ninguna persona",
    ),
    (
        "transfer consent without a centre",
        lambda c: f"/equipo/participantes/{c.participant_id}/traslado/consentimiento",
        {
            "categories": ["age"],
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + timedelta(days=30)).isoformat(),
            "method": "in_person",
        },
        "centro que recibe",
    ),
    (
        "transfer without a consent",
        lambda c: f"/equipo/participantes/{c.participant_id}/traslado",
        {},
        "consentimiento",
    ),
    (
        "deletion not confirmed",
        lambda c: f"/equipo/participantes/{c.participant_id}/eliminar",
        {},
        "Marque la casilla",
    ),
]


@pytest.mark.parametrize(
    ("what", "path", "data", "message"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT]
)
def test_bad_input_re_renders_with_errors_and_writes_nothing(
    setting: Setting,
    what: str,
    path: Callable[[Case], str],
    data: dict[str, Any],
    message: str,
) -> None:
    before = _counts(setting.app)
    response = setting.client.post(path(setting.case), data={"csrf_token": setting.token, **data})
    assert response.status_code == 422, (what, response.status_code)
    page = _text(response)
    assert message in page, what
    for key, value in data.items():  # what was typed comes back
        if key in TYPED:
            assert f'value="{value}"' in page or f"{value}</textarea>" in page, (what, key)
    assert _counts(setting.app) == before, what


def test_a_participant_is_registered_and_shown_with_the_code(setting: Setting) -> None:
    response = setting.client.post(
        "/equipo/participantes/nuevo",
        data={
            "csrf_token": setting.token,
            "year_of_birth": "1985",
            "file_number": "EXP-7",
            "language": "en",
        },
    )
    assert response.status_code == 302
    page = _text(setting.client.get(response.headers["Location"]))
    with app_session(setting.app) as session:
        person = session.exec(select(Participant).where(Participant.file_number == "EXP-7")).one()
    assert f'data-code="{person.code}"' in page and "data-new-code" in page
    assert " ".join(person.code.replace("-", "")) in page.replace(" – ", " ")


def test_views_and_search_hits_are_audited(setting: Setting) -> None:
    case = setting.case
    before = _count(setting.app, AuditEntry)
    assert setting.client.get(f"/equipo/participantes/{case.participant_id}").status_code == 200
    found = setting.client.get(f"/equipo/participantes?buscar={case.code.lower()}")
    assert 'data-search-hits="1"' in _text(found)
    with app_session(setting.app) as session:
        actions = session.exec(
            select(AuditEntry.action).where(col(AuditEntry.id) > before).order_by(AuditEntry.id)
        ).all()
    assert actions == ["participant.viewed", "participant.found", "caseload.viewed"]


def test_another_centre_sees_nothing(setting: Setting, app: Flask) -> None:
    with app_session(app) as session:
        make_user(session, "staff", email="other@example.org")
        session.commit()
    other = app.test_client()
    assert sign_in(other, "other@example.org").status_code == 302
    case = setting.case
    for path in (
        f"/equipo/participantes/{case.participant_id}",
        f"/equipo/participantes/{case.participant_id}/plan",
        f"/equipo/derivaciones/{case.referral_id}",
        f"/equipo/derivaciones/{case.referral_id}/carta",
        f"/equipo/objetivos/{case.goal_id}",
    ):
        assert other.get(path).status_code == 404, path
    found = other.get(f"/equipo/participantes?buscar={case.code}")
    assert 'data-search-hits="0"' in _text(found)


def test_the_agency_page_shows_consented_data_and_takes_answers(setting: Setting) -> None:
    agency = setting.app.test_client()
    path = f"/derivacion/{setting.case.token}"
    response = agency.get(path)
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    page = _text(response)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert setting.case.code in page and "data-notice" in page
    assert "Año de nacimiento" not in page  # only age and needs were consented
    declined = agency.post(path, data={"status": "declined"})
    assert declined.status_code == 422 and "Elija un motivo" in _text(declined)
    accepted = agency.post(path, data={"status": "accepted"})
    assert accepted.status_code == 303
    with app_session(setting.app) as session:
        referral = session.get(Referral, setting.case.referral_id)
        assert referral is not None and referral.status == "accepted"
    centre_page = _text(setting.client.get(f"/equipo/derivaciones/{setting.case.referral_id}"))
    assert 'data-referral-status="accepted"' in centre_page


def test_withdrawn_consent_and_unknown_links(setting: Setting) -> None:
    agency = setting.app.test_client()
    revoked = setting.client.post(
        f"/equipo/consentimientos/{setting.case.consent_id}/revocar",
        data={"csrf_token": setting.token, "channel": "phone"},
    )
    assert revoked.status_code == 302
    page = agency.get(f"/derivacion/{setting.case.token}")
    assert page.status_code == 200 and "data-consent-withdrawn" in _text(page)
    assert setting.case.code not in _text(page)
    assert (
        agency.post(f"/derivacion/{setting.case.token}", data={"status": "accepted"}).status_code
        == 422
    )
    unknown = agency.get("/derivacion/no-such-token")
    assert unknown.status_code == 404 and unknown.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_link_page_is_rate_limited(setting: Setting, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recipient, "PER_LINK", 2)
    agency = setting.app.test_client()
    path = f"/derivacion/{setting.case.token}"
    assert [agency.get(path).status_code for _ in range(3)] == [200, 200, 429]


def test_the_link_limits_are_shared_by_every_worker(
    setting: Setting, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two app instances on one database stand for two worker processes: the limits count
    the requests of both, and the 429 says how long to wait."""
    monkeypatch.setattr(recipient, "PER_LINK", 3)
    monkeypatch.setattr(recipient, "PER_ADDRESS", 5)
    second = _make_app(database_url, tmp_path / "second")
    try:
        workers = [setting.app.test_client(), second.test_client()]
        path = f"/derivacion/{setting.case.token}"
        answers = [workers[i % 2].get(path) for i in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        refused = answers[-1]
        assert 1 <= int(refused.headers["Retry-After"]) <= recipient.WINDOW_SECONDS
        assert refused.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert "Too many requests" in _text(refused) or "Demasiadas" in _text(refused)
        # per address: unknown links from one address count on both workers too
        elsewhere = {"REMOTE_ADDR": "192.0.2.9"}
        unknown = [
            workers[i % 2].get("/derivacion/nada", environ_base=elsewhere).status_code
            for i in range(6)
        ]
        assert unknown == [404] * 5 + [429]
        posted = workers[1].post(path, data={"status": "accepted"})
        assert posted.status_code == 429 and "Retry-After" in posted.headers
    finally:
        _dispose(second)


def test_a_revoked_link_answers_404(setting: Setting) -> None:
    response = setting.client.post(
        f"/equipo/derivaciones/{setting.case.referral_id}/enlace/{setting.case.link_id}/revocar",
        data={"csrf_token": setting.token},
    )
    assert response.status_code == 302
    assert setting.app.test_client().get(f"/derivacion/{setting.case.token}").status_code == 404


def test_a_new_link_is_shown_once_and_only_its_hash_kept(setting: Setting) -> None:
    response = setting.client.post(
        f"/equipo/derivaciones/{setting.case.referral_id}/enlace",
        data={"csrf_token": setting.token, "days": "7"},
    )
    page = _text(response)
    assert response.status_code == 200 and "data-new-link" in page
    token = page.split("/derivacion/", 1)[1].split('"', 1)[0]
    with app_session(setting.app) as session:
        hashes = session.exec(select(RecipientLink.token_hash)).all()
    assert token not in hashes and len(hashes) == 2
    again = _text(setting.client.get(f"/equipo/derivaciones/{setting.case.referral_id}"))
    assert token not in again


def test_the_letter_is_in_the_participants_language(setting: Setting) -> None:
    with app_session(setting.app) as session:
        person = session.get(Participant, setting.case.participant_id)
        assert person is not None
        person.language = "en"
        session.add(person)
        session.commit()
    page = _text(setting.client.get(f"/equipo/derivaciones/{setting.case.referral_id}/carta"))
    assert '<html lang="en">' in page and "Referral letter" in page
    assert "Do not pass it on to anyone else." in page


def test_export_and_delete(setting: Setting) -> None:
    case = setting.case
    exported = setting.client.post(
        f"/equipo/participantes/{case.participant_id}/exportar", data={"csrf_token": setting.token}
    )
    assert exported.status_code == 200 and exported.json is not None
    assert exported.json["participant"]["code"] == case.code
    assert case.token not in exported.get_data(as_text=True)
    deleted = setting.client.post(
        f"/equipo/participantes/{case.participant_id}/eliminar",
        data={"csrf_token": setting.token, "confirm": "y"},
    )
    assert deleted.status_code == 302
    assert _counts(setting.app) == (0, 0, 0, 0, 0, 0)
    assert setting.client.get(f"/equipo/participantes/{case.participant_id}").status_code == 404


def test_the_offer_page_offers_a_referral_to_staff_only(setting: Setting, app: Flask) -> None:
    path = f"/oferta/{setting.case.offer_slug}"
    staff_page = setting.client.get(path)
    assert staff_page.status_code == 200
    assert "data-refer-link" in _text(staff_page)
    assert "data-refer-link" not in _text(app.test_client().get(path))


def _user(app: Flask, email: str) -> User:
    with app_session(app) as session:
        return session.exec(select(User).where(User.email == email)).one()


def test_transfer_moves_access(setting: Setting, app: Flask) -> None:
    with app_session(app) as session:
        receiving = make_user(session, "staff", email="new-centre@example.org")
        centre_id = receiving.agency_id
        session.commit()
    case = setting.case
    base = f"/equipo/participantes/{case.participant_id}/traslado"
    recorded = setting.client.post(
        base + "/consentimiento",
        data={
            "csrf_token": setting.token,
            "recipient": centre_id,
            "categories": ["age", "needs"],
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + timedelta(days=30)).isoformat(),
            "method": "signed_paper",
        },
    )
    assert recorded.status_code == 302
    with app_session(app) as session:
        consent_id = session.exec(select(Consent.id).where(Consent.purpose == "transfer")).one()
    moved = setting.client.post(base, data={"csrf_token": setting.token, "consent": consent_id})
    assert moved.status_code == 302
    assert setting.client.get(f"/equipo/participantes/{case.participant_id}").status_code == 404
    newcomer = app.test_client()
    assert sign_in(newcomer, "new-centre@example.org").status_code == 302
    assert newcomer.get(f"/equipo/participantes/{case.participant_id}").status_code == 200
    assert _user(app, "cm@example.org").agency_id != centre_id


def test_the_agency_page_sets_no_cookie(setting: Setting) -> None:
    agency = setting.app.test_client()
    agency.get(f"/derivacion/{setting.case.token}")
    assert agency.get_cookie("session") is None


def _unmet_world(app: Flask) -> FlaskClient:
    """Six participants with a high employment need and two with a high housing need
    (region 7); a coordinator of region 7, signed in."""
    with app_session(app) as session:
        staff = make_user(session, "staff", email="counts@example.org")
        make_user(session, "coordinator", email="coord@example.org", region_code="7")
        for n in range(8):
            person = participants.create(session, staff, ParticipantDraft(year_of_birth=1980 + n))
            need = "employment" if n < 6 else "housing"
            assessments.record(
                session,
                staff,
                person.id,
                {"needs": {need: "high"}},
                instrument="t",
                rule_version="t",
            )
        session.commit()
    client = app.test_client()
    assert sign_in(client, "coord@example.org").status_code == 302
    return client


def test_coordinators_see_unmet_high_need_counts_with_small_cells_hidden(
    app: Flask,
) -> None:
    client = _unmet_world(app)
    page = _text(client.get("/coordinacion/cobertura"))
    table = page.split('id="unmet-table"', 1)[1].split("</table>", 1)[0]
    housing = table.split('data-region="7" data-domain="housing">', 1)[1].split("</td>", 1)[0]
    assert "✱" in housing and "2" not in housing
    numbers = [int(n) for n in re.findall(r">(\d+)</td>", table)]
    assert all(n == 0 or n >= 5 for n in numbers)
    assert "8" not in numbers  # the row total would give the hidden 2 away


def test_unmet_need_is_a_heatmap_measure_in_the_csv_and_the_api(app: Flask) -> None:
    client = _unmet_world(app)
    page = _text(client.get("/coordinacion/cobertura?medida=necesidades"))
    svg = page.split('<svg class="heatmap"', 1)[1].split("</svg>", 1)[0]
    assert 'data-measure="necesidades"' in svg
    cells = dict(re.findall(r'data-region="7" data-domain="(\w+)" data-count="(\w+)"', svg))
    assert cells["housing"] == "hidden"  # 2 people
    hidden = {d for d, v in cells.items() if v == "hidden"}
    table = page.split('id="unmet-table"', 1)[1].split("</table>", 1)[0]
    assert hidden == set(re.findall(r'data-region="7" data-domain="(\w+)">[^<]*<span', table))
    assert all(v == "hidden" or int(v) == 0 or int(v) >= 5 for v in cells.values())
    assert 'data-legend="hidden"' in page
    housing_label = svg.split('data-domain="housing"', 1)[0].rsplit("aria-label=", 1)[1]
    assert "2" not in housing_label.split(",", 1)[1]
    offers = _text(client.get("/coordinacion/cobertura"))
    assert 'data-measure="ofertas"' in offers and 'data-legend="hidden"' not in offers
    csv_text = client.get("/coordinacion/cobertura.csv").get_data(as_text=True)
    rows = [line.split(",") for line in csv_text.splitlines()]
    assert rows[0][-1] == "participants_unmet_high_need"
    by_cell = {(r[0], r[1]): r[-1] for r in rows[1:]}
    assert {d for (r, d), v in by_cell.items() if r == "7" and v == "suppressed"} == hidden
    assert all(v == "suppressed" or int(v) == 0 or int(v) >= 5 for v in by_cell.values())
    api = client.get("/api/v1/network/coverage")
    assert api.status_code == 200
    published = {
        c["domain"]: c["participants_unmet_high_need"]
        for c in api.get_json()["cells"]
        if c["region"] == "7"
    }
    assert {d for d, v in published.items() if v is None} == hidden
    assert all(v is None or v == 0 or v >= 5 for v in published.values())
    schema = client.get("/openapi.json").get_json()
    cell_schema = json.dumps(schema)
    assert "participants_unmet_high_need" in cell_schema


def test_a_referral_is_linked_to_plan_goals(setting: Setting) -> None:
    case = setting.case
    cleared = setting.client.post(
        f"/equipo/derivaciones/{case.referral_id}/objetivos", data={"csrf_token": setting.token}
    )
    assert cleared.status_code == 302
    plan_page = _text(setting.client.get(f"/equipo/participantes/{case.participant_id}/plan"))
    assert f"/equipo/derivaciones/{case.referral_id}" not in plan_page
    setting.client.post(
        f"/equipo/derivaciones/{case.referral_id}/objetivos",
        data={"csrf_token": setting.token, "goal": str(case.goal_id)},
    )
    plan_page = _text(setting.client.get(f"/equipo/participantes/{case.participant_id}/plan"))
    assert f"/equipo/derivaciones/{case.referral_id}" in plan_page


def test_a_goal_entered_by_mistake_is_removed(setting: Setting) -> None:
    response = setting.client.post(
        f"/equipo/objetivos/{setting.case.goal_id}/quitar", data={"csrf_token": setting.token}
    )
    assert response.status_code == 302
    assert _count(setting.app, PlanGoal) == 0
    assert setting.client.get(f"/equipo/objetivos/{setting.case.goal_id}").status_code == 404


PAGES: list[tuple[str, Callable[[Case], str]]] = [
    ("plan", lambda c: f"/equipo/participantes/{c.participant_id}/plan"),
    ("matches", lambda c: f"/equipo/participantes/{c.participant_id}/ofertas"),
    ("assessment", lambda c: f"/equipo/participantes/{c.participant_id}/evaluacion"),
    ("goal", lambda c: f"/equipo/objetivos/{c.goal_id}"),
    ("consent", lambda c: f"/equipo/derivaciones/{c.referral_id}/consentimiento"),
    ("transfer", lambda c: f"/equipo/participantes/{c.participant_id}/traslado"),
    ("delete", lambda c: f"/equipo/participantes/{c.participant_id}/eliminar"),
    ("referral", lambda c: f"/equipo/derivaciones/{c.referral_id}"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_showing_a_participant_is_audited(
    setting: Setting, name: str, path: Callable[[Case], str]
) -> None:
    before = _count(setting.app, AuditEntry)
    assert setting.client.get(path(setting.case)).status_code == 200
    with app_session(setting.app) as session:
        entries = session.exec(select(AuditEntry).where(col(AuditEntry.id) > before)).all()
    assert [(e.action, e.target_id) for e in entries] == [
        ("participant.viewed", setting.case.participant_id)
    ], name


def test_each_caseload_list_opens_whole_and_unknown_lists_are_404(setting: Setting) -> None:
    client = setting.client
    for slug in ("sin-respuesta", "seguimientos", "resultados", "objetivos", "abiertas"):
        response = client.get(f"/equipo/participantes?lista={slug}&pagina=x")
        assert response.status_code == 200, slug
        assert "data-total=" in _text(response)
    people = _text(client.get("/equipo/participantes?lista=participantes"))
    assert setting.case.code in people and 'data-total="1"' in people
    assert client.get("/equipo/participantes?lista=nada").status_code == 404
    assert client.get("/equipo/participantes?lista=participantes&pagina=99").status_code == 200
