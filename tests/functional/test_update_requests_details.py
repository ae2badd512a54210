"""Providers propose more than texts: waiting time, documents, contacts and opening hours
of an offer; the address, commune and hours of an agency's places. Each is a separate change the
coordinator accepts or rejects; bad input comes back with what was typed."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.stewardship.models import UpdateRequest
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in
from tests.factories import ensure_place, make_agency, make_offer

EN = {"Accept-Language": "en"}


@pytest.fixture
def provider_app(app: Flask) -> Flask:
    with app_session(app) as session:
        ensure_place(session)
        ensure_place(session, commune="7102")
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        agency = make_agency(session, slug="omil", region_code="7")
        session.add(
            Location(
                id="sede-1", slug="omil-sede", agency_id=agency.id, name_es="Sede centro",
                address_1="1 Norte 100", region_code="7", commune_code="7101",
            )
        )  # fmt: skip
        make_offer(session, agency, slug="taller", wait_time_es="Un mes")
        session.commit()
    return app


def _link(app: Flask, path: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    assert sign_in(client, "maule@example.org").status_code == 302
    url = f"/coordinacion/catalogo/{path}/solicitud"
    token = csrf_from(client.get(url).get_data(as_text=True))
    sent = client.post(url, data={"csrf_token": token, "email": "p@example.org", "language": "en"})
    found = re.search(r"data-update-link>([^<]+)<", sent.get_data(as_text=True))
    assert found
    return client, found.group(1).replace("http://localhost", "")


def _fields(html: str) -> dict[str, str]:
    data = {n: v for n, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)}
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    return {k: v for k, v in data.items() if not k.endswith("-days")}


def test_offer_details_are_proposed_and_decided_one_by_one(provider_app: Flask) -> None:
    coordinator, link = _link(provider_app, "ofertas/taller")
    provider = provider_app.test_client()
    page = provider.get(link, headers=EN).get_data(as_text=True)
    for name in ("wait_time_es", "documents", "contacts", "schedules-0-opens_at"):
        assert f'name="{name}"' in page, name
    form = _fields(page)
    form.update(
        wait_time_es="Dos semanas",
        documents="Cédula de identidad\nCertificado de residencia",
        contacts="Ana Pérez; Encargada; ana@example.org",
        **{"schedules-0-days": "MO", "schedules-0-opens_at": "09:00",
           "schedules-0-closes_at": "08:00"},
    )  # fmt: skip
    refused = provider.post(link, data=form, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "It closes before it opens." in html and "Certificado de residencia" in html
    form["schedules-0-closes_at"] = "13:00"
    assert provider.post(link, data=form, headers=EN).status_code == 200
    with app_session(provider_app) as session:
        request = session.exec(select(UpdateRequest)).one()
        assert set(request.proposal or {}) == {"wait_time_es", "documents", "contacts", "schedules"}
        request_id = request.id
    review = f"/coordinacion/catalogo/solicitudes/{request_id}"
    html = coordinator.get(review, headers=EN).get_data(as_text=True)
    assert "Monday 09:00–13:00" in html and "Ana Pérez" in html
    decided = coordinator.post(
        review,
        data={"csrf_token": csrf_from(html), "accepted": ["wait_time_es", "schedules"]},
    )
    assert decided.status_code == 302
    with app_session(provider_app) as session:
        offer = session.exec(select(Offer).where(Offer.slug == "taller")).one()
        assert offer.wait_time_es == "Dos semanas"
        assert [(s.byday, s.opens_at, s.closes_at) for s in offer.schedules] == [
            ("MO", "09:00", "13:00")
        ]
        assert offer.documents == [] and offer.contacts == []  # rejected
        decisions = session.get(UpdateRequest, request_id).decisions  # type: ignore[union-attr]
        assert decisions == {
            "wait_time_es": "accepted",
            "schedules": "accepted",
            "documents": "rejected",
            "contacts": "rejected",
        }


def test_a_provider_corrects_a_places_address_and_commune(provider_app: Flask) -> None:
    coordinator, link = _link(provider_app, "agencias/omil")
    provider = provider_app.test_client()
    page = provider.get(link, headers=EN).get_data(as_text=True)
    assert "Sede centro" in page and 'name="places-0-address_1"' in page
    form = _fields(page)
    form.update({"places-0-address_1": "2 Sur 200", "places-0-commune_code": "7102"})
    assert provider.post(link, data=form, headers=EN).status_code == 200
    with app_session(provider_app) as session:
        request_id = session.exec(select(UpdateRequest.id)).one()
    review = f"/coordinacion/catalogo/solicitudes/{request_id}"
    html = coordinator.get(review, headers=EN).get_data(as_text=True)
    assert "2 Sur 200" in html
    decided = coordinator.post(review, data={"csrf_token": csrf_from(html), "accepted": ["places"]})
    assert decided.status_code == 302
    with app_session(provider_app) as session:
        place = session.get(Location, "sede-1")
        assert place is not None
        assert (place.address_1, place.commune_code, place.name_es) == (
            "2 Sur 200",
            "7102",
            "Sede centro",
        )
        agency = session.exec(select(Agency).where(Agency.slug == "omil")).one()
        assert agency.assured_date is not None  # accepting verifies


def test_a_provider_changes_a_places_opening_hours(provider_app: Flask) -> None:
    coordinator, link = _link(provider_app, "agencias/omil")
    provider = provider_app.test_client()
    page = provider.get(link, headers=EN).get_data(as_text=True)
    assert 'name="places-0-schedules-0-opens_at"' in page  # a blank row to add hours
    form = _fields(page)
    form.update(
        {"places-0-schedules-0-opens_at": "09:00", "places-0-schedules-0-closes_at": "13:00"}
    )
    data = {**form, "places-0-schedules-0-days": ["MO", "WE"]}
    assert provider.post(link, data=data, headers=EN).status_code == 200
    with app_session(provider_app) as session:
        request_id = session.exec(select(UpdateRequest.id)).one()
    review = f"/coordinacion/catalogo/solicitudes/{request_id}"
    html = coordinator.get(review, headers=EN).get_data(as_text=True)
    assert "09:00" in html and "13:00" in html
    decided = coordinator.post(review, data={"csrf_token": csrf_from(html), "accepted": ["places"]})
    assert decided.status_code == 302
    with app_session(provider_app) as session:
        place = session.get(Location, "sede-1")
        assert place is not None
        hours = [(s.byday, s.opens_at, s.closes_at) for s in place.schedules]
        assert hours == [("MO,WE", "09:00", "13:00")]
        assert place.address_1 == "1 Norte 100"  # untouched


def test_bad_hours_for_a_place_come_back_on_their_row_and_nothing_is_stored(
    provider_app: Flask,
) -> None:
    _, link = _link(provider_app, "agencias/omil")
    provider = provider_app.test_client()
    form = _fields(provider.get(link, headers=EN).get_data(as_text=True))
    form.update(
        {"places-0-schedules-0-opens_at": "18:00", "places-0-schedules-0-closes_at": "09:00"}
    )
    data = {**form, "places-0-schedules-0-days": ["FR"]}
    response = provider.post(link, data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "It closes before it opens." in html
    assert 'href="#places-0-schedules-0-' in html  # the summary links the row's own field
    assert 'value="18:00"' in html  # what was typed is kept
    with app_session(provider_app) as session:
        request = session.exec(select(UpdateRequest)).one()
        assert request.proposal is None or request.proposal == {}
        assert request.proposed_at is None
