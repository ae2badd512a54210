"""Agreements on the public agency page and staff's "my centre's network" page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.catalogue.models import Agency
from enlace.catalogue.reference import stable_id
from enlace.network import service
from enlace.network.models import Agreement, AgreementParty
from enlace.web.public import pages
from enlace.web.staff import network as staff_network
from tests.accounts_factories import app_session, make_user, sign_in

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}
TODAY = date(2026, 6, 1)
RENACER = "ct-renacer-talca"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "_now", lambda: datetime(2026, 6, 1, 15, tzinfo=UTC))
    monkeypatch.setattr(staff_network, "_today", lambda: TODAY)
    service.clear_cache()


@pytest.fixture
def network_app(shipped_app: Flask) -> Flask:
    """The shipped catalogue, a contact at the OMIL side of Renacer's agreement, people."""
    with app_session(shipped_app) as session:
        omil = session.exec(
            select(Agreement).where(Agreement.slug == "conv-renacer-omil-talca")
        ).one()
        party = session.exec(
            select(AgreementParty).where(
                AgreementParty.agreement_id == omil.id,
                AgreementParty.agency_id == stable_id("agency", "muni-talca"),
            )
        ).one()
        party.contact_name = "Marcela Rojas"
        party.contact_title = "Encargada OMIL"
        party.contact_phone = "+56 71 220 0000"
        party.contact_email = "omil@talca.example"
        session.add(party)
        centre = session.get(Agency, stable_id("agency", RENACER))
        make_user(session, "staff", email="staff@example.org", agency=centre)
        make_user(session, "coordinator", email="coordinator@example.org", region_code="7")
        make_user(session, "admin", email="admin@example.org")
        session.commit()
    return shipped_app


def _signed_in(app: Flask, role: str) -> FlaskClient:
    client = app.test_client()
    response = sign_in(client, f"{role}@example.org")
    assert response.status_code == 302
    return client


def _agreements_section(html: str) -> str:
    return html.split('id="agency-agreements"', 1)[1].split("</section>", 1)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_anonymous_visitors_see_agreements_without_quotas_or_contacts(network_app: Flask) -> None:
    client = network_app.test_client()
    response = client.get(f"/institucion/{RENACER}", headers=EN)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    assert "Agreements in force" in html
    assert "Guaranteed interview at the Talca OMIL for Renacer residents" in html
    assert 'data-agreement="conv-renacer-hogar-de-cristo-empleo"' in html
    assert 'href="/institucion/muni-talca"' in html  # the other party, linked
    text = _text(_agreements_section(html))
    assert "Priority access" in text and "Reserved places" in text  # kinds, as labels
    assert "priority_access" not in text and "reserved_quota" not in text
    assert "from January 20, 2025 to January 19, 2028" in text
    assert "Health" in text  # the dual-diagnosis protocol's domain
    for hidden in ("data-detail", "Marcela Rojas", "tel:+5671220", "omil@", "Places left", ".pdf"):
        assert hidden not in html
    spanish_html = client.get(f"/institucion/{RENACER}", headers=ES).get_data(as_text=True)
    assert "Convenios vigentes" in spanish_html
    spanish = _text(_agreements_section(spanish_html))
    assert "Entrevista garantizada en la OMIL de Talca para residentes de Renacer" in spanish
    assert "Acceso preferente" in spanish and "Salud" in spanish
    assert "del 20 de enero de 2025 al 19 de enero de 2028" in spanish


@pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
def test_signed_in_people_see_quotas_contacts_and_documents(network_app: Flask, role: str) -> None:
    client = _signed_in(network_app, role)
    response = client.get(f"/institucion/{RENACER}", headers=EN)
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    text = _text(html)
    assert "Places left" in text and "6 of 6 per year" in text and "no quota set" in text
    assert "Contact at Municipality of Talca" in text
    assert "Marcela Rojas, Encargada OMIL" in text
    assert 'href="tel:+56712200000"' in html and 'href="mailto:omil@talca.example"' in html
    assert 'href="https://www.talca.example/transparencia/convenios/2025/omil-renacer.pdf"' in html
    spanish = _text(client.get(f"/institucion/{RENACER}", headers=ES).get_data(as_text=True))
    assert "sin cupo definido" in spanish and "6 de 6 al año" in spanish


def test_staff_see_their_centres_network_by_need(network_app: Flask) -> None:
    client = _signed_in(network_app, "staff")
    home = client.get("/equipo/", headers=EN).get_data(as_text=True)
    assert 'href="/equipo/red"' in home
    response = client.get("/equipo/red", headers=EN)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<h1>My centre&#39;s network</h1>" in html or "<h1>My centre's network</h1>" in html
    # grouped by need domain, each a section with its heading
    for domain in ("employment", "training", "health"):
        assert f'data-domain="{domain}"' in html
    training = html.split('data-domain="training"', 1)[1].split("</section>", 1)[0]
    assert 'data-agreement="conv-senda-sence-red-tratamiento"' in training  # via SENDA
    text = _text(training).replace("&#39;", "'")
    assert "Reaches you through your centre's membership of National Service" in text
    assert "(SENDA)" in text
    assert "400 of 400 per year" in text
    assert 'href="/institucion/sence"' in training
    employment = html.split('data-domain="employment"', 1)[1].split("</section>", 1)[0]
    assert 'data-agreement="conv-renacer-omil-talca"' in employment
    assert "Marcela Rojas" in employment and 'href="tel:+56712200000"' in employment
    assert "no quota set" in _text(employment)
    assert "priority_access" not in html and "reserved_quota" not in html
    spanish = _text(client.get("/equipo/red", headers=ES).get_data(as_text=True))
    assert "La red de mi centro" in spanish and "Capacitación" in spanish
    assert "Llega a través de la pertenencia de su centro a Servicio Nacional" in spanish
    assert "sin cupo definido" in spanish


def test_agreements_ending_within_90_days_are_flagged(
    network_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staff_network, "_today", lambda: date(2026, 12, 1))
    client = _signed_in(network_app, "staff")
    html = client.get("/equipo/red", headers=EN).get_data(as_text=True)
    item = html.split('data-agreement="conv-renacer-hogar-de-cristo-empleo"', 1)[1]
    item = item.split("</li>", 1)[0]
    assert 'data-expiring="true"' in item and "Expires in 45 days" in _text(item)
    monkeypatch.setattr(staff_network, "_today", lambda: date(2027, 1, 15))  # its last day
    html = client.get("/equipo/red", headers=ES).get_data(as_text=True)
    item = html.split('data-agreement="conv-renacer-hogar-de-cristo-empleo"', 1)[1]
    assert "Vence hoy" in _text(item.split("</li>", 1)[0])


def test_a_centre_without_agreements_gets_a_helpful_sentence(shipped_app: Flask) -> None:
    with app_session(shipped_app) as session:
        make_user(session, "staff", email="staff@example.org")  # a centre of its own
        session.commit()
    client = _signed_in(shipped_app, "staff")
    html = client.get("/equipo/red", headers=EN).get_data(as_text=True)
    assert 'data-empty="network"' in html and "<table" not in html
    assert "No agreement in force gives your centre" in _text(html).replace("&#39;", "'")


@pytest.mark.parametrize(("role", "status"), [("coordinator", 403), ("admin", 403)])
def test_only_staff_have_a_centre_network_page(network_app: Flask, role: str, status: int) -> None:
    assert _signed_in(network_app, role).get("/equipo/red").status_code == status
    anonymous = network_app.test_client().get("/equipo/red")
    assert anonymous.status_code == 302 and "/entrar" in anonymous.headers["Location"]
