"""An agency's places on their pages: bad input re-renders with what was typed and writes
nothing; a place is added, shown in the agency's history field by field, picked by an
offer and shown on its public page; the commune list follows the region; a place an
offer uses cannot be removed; another agency's place, or another region, is refused."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from tests.accounts_factories import app_session, csrf_from, make_user
from tests.functional.test_catalogue_pages import EN, _client, _form


@pytest.fixture
def places_app(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        make_user(session, "coordinator", email="santiago@example.org", region_code="13")
        session.commit()
    return shipped_app


def _agency_with_an_offer(app: Flask) -> tuple[str, str, str]:
    with app_session(app) as session:
        agencies = select(Agency).where(Agency.region_code == "7").order_by(Agency.slug)
        for agency in session.exec(agencies):  # ordered: the same one on every database
            if agency.offers:
                return agency.id, agency.slug, min(o.slug for o in agency.offers)
    raise AssertionError("no agency with offers in Maule")


def _new_place(client: FlaskClient, slug: str, **typed: str) -> tuple[str, dict[str, object]]:
    url = f"/coordinacion/catalogo/agencias/{slug}/lugares/nuevo"
    data = _form(client.get(url, headers=EN).get_data(as_text=True))
    data.update({key: [value] for key, value in typed.items()})
    data["save"] = ["Save the place"]
    return url, data


def _places(app: Flask, agency_id: str) -> list[Location]:
    with app_session(app) as session:
        rows = list(session.exec(select(Location).where(Location.agency_id == agency_id)))
        for row in rows:
            session.expunge(row)
        return rows


def test_bad_input_keeps_what_was_typed_and_writes_nothing(places_app: Flask) -> None:
    agency_id, slug, _ = _agency_with_an_offer(places_app)
    before = {loc.id for loc in _places(places_app, agency_id)}
    client = _client(places_app, "maule")
    url, data = _new_place(
        client,
        slug,
        name_es="Sede tipeada a mano",
        address_1="1 Norte 1234",
        region_code="7",
        commune_code="7101",
        latitude="12,5",
        longitude="abc",
        **{
            "schedules-0-days": "MO",
            "schedules-0-opens_at": "14:00",
            "schedules-0-closes_at": "9:00",
        },
    )
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422, html[:3000]
    assert "Sede tipeada a mano" in html
    assert "Write a number in decimal degrees, like -35.43." in html
    assert 'href="#longitude"' in html
    data["longitude"] = ["-71.6"]
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "In Chile the latitude is between -56.5 and -17" in html
    assert "Write the time as HH:MM, e.g. 09:00." in html
    assert {loc.id for loc in _places(places_app, agency_id)} == before
    with app_session(places_app) as session:
        assert not session.exec(
            select(AuditEntry).where(AuditEntry.target_type == "agency")
        ).first()


def test_the_commune_list_follows_the_region(places_app: Flask) -> None:
    _, slug, _ = _agency_with_an_offer(places_app)
    client = _client(places_app, "maule")
    url, data = _new_place(client, slug, region_code="13")
    data.pop("save")
    data["refresh"] = ["Update the form"]
    html = client.post(url, data=data, headers=EN).get_data(as_text=True)
    communes = re.search(r'<select[^>]*name="commune_code"[^>]*>(.*?)</select>', html, re.S)
    assert communes is not None
    assert 'value="13101"' in communes.group(1)  # Santiago
    assert 'value="7101"' not in communes.group(1)  # Talca is in Maule


def test_a_place_is_added_picked_by_an_offer_and_guarded(places_app: Flask) -> None:
    agency_id, slug, offer_slug = _agency_with_an_offer(places_app)
    client = _client(places_app, "maule")
    url, data = _new_place(
        client,
        slug,
        name_es="Sede Zorzal",
        address_1="Calle Zorzal 77",
        region_code="7",
        commune_code="7101",
        latitude="-35,4264",
        longitude="-71.6554",
        transportation_es="Micro 12",
        **{"phones-0-number": "+56 71 222 3333", "schedules-0-days": "MO",
           "schedules-0-opens_at": "09:00", "schedules-0-closes_at": "13:00"},
    )  # fmt: skip
    saved = client.post(url, data=data, headers=EN)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    [place] = [p for p in _places(places_app, agency_id) if p.name_es == "Sede Zorzal"]
    assert (place.latitude, place.longitude, place.commune_code) == (-35.4264, -71.6554, "7101")
    agency_page = client.get(f"/coordinacion/catalogo/agencias/{slug}/editar", headers=EN)
    assert "Sede Zorzal" in agency_page.get_data(as_text=True)
    history = client.get(f"/coordinacion/catalogo/agencias/{slug}/historial", headers=EN)
    assert "Place added: Sede Zorzal" in history.get_data(as_text=True)

    edit_url = f"/coordinacion/catalogo/agencias/{slug}/lugares/{place.id}/editar"
    data = _form(client.get(edit_url, headers=EN).get_data(as_text=True))
    data.update(address_1=["Calle Zorzal 80"], save=["Save the place"])
    assert client.post(edit_url, data=data, headers=EN).status_code == 302
    history = client.get(f"/coordinacion/catalogo/agencias/{slug}/historial", headers=EN)
    text = history.get_data(as_text=True)
    assert "Sede Zorzal · Street and number" in text and "Calle Zorzal 80" in text

    offer_url = f"/coordinacion/catalogo/ofertas/{offer_slug}/editar"
    offer_page = client.get(offer_url, headers=EN).get_data(as_text=True)
    row = re.search(rf'name="place_notes-(\d+)-location_id"[^>]*value="{place.id}"', offer_page)
    assert row is not None, "a note row for the new place"
    data = _form(offer_page)
    data["locations"] = [*data.get("locations", []), place.id]  # type: ignore[list-item]
    data[f"place_notes-{row.group(1)}-note_es"] = ["Solo los martes en esta sede"]
    data[f"place_notes-{row.group(1)}-note_en"] = ["Tuesdays only at this place"]
    data["save"] = ["Save"]
    assert client.post(offer_url, data=data, headers=EN).status_code == 302
    public = client.get(f"/oferta/{offer_slug}", headers=EN).get_data(as_text=True)
    assert "Calle Zorzal 80" in public and "Tuesdays only at this place" in public
    history = client.get(f"/coordinacion/catalogo/ofertas/{offer_slug}/historial", headers=EN)
    assert "Notes on the places" in history.get_data(as_text=True)
    assert "Sede Zorzal: Solo los martes" in history.get_data(as_text=True)

    remove = f"/coordinacion/catalogo/agencias/{slug}/lugares/{place.id}/quitar"
    with app_session(places_app) as session:
        version = session.get(Agency, agency_id).version  # type: ignore[union-attr]
    token = csrf_from(client.get(edit_url).get_data(as_text=True))
    refused = client.post(remove, data={"csrf_token": token, "version": str(version)}, headers=EN)
    assert refused.status_code == 422
    assert "cannot be removed: offers are given there" in refused.get_data(as_text=True)
    assert place.id in {p.id for p in _places(places_app, agency_id)}


def test_other_agencies_places_and_other_regions_are_refused(places_app: Flask) -> None:
    agency_id, slug, _ = _agency_with_an_offer(places_app)
    with app_session(places_app) as session:
        other = session.exec(select(Location).where(Location.agency_id != agency_id)).first()
        assert other is not None
        other_id = other.id
    maule = _client(places_app, "maule")
    assert (
        maule.get(f"/coordinacion/catalogo/agencias/{slug}/lugares/{other_id}/editar").status_code
        == 404
    )
    santiago = _client(places_app, "santiago")
    assert santiago.get(f"/coordinacion/catalogo/agencias/{slug}/lugares/nuevo").status_code == 403
    with app_session(places_app) as session:
        offer = session.exec(select(Offer).where(Offer.agency_id == agency_id)).first()
        assert offer is not None


def test_agency_contacts_bad_input_keeps_what_was_typed(places_app: Flask) -> None:
    agency_id, slug, _ = _agency_with_an_offer(places_app)
    client = _client(places_app, "maule")
    url = f"/coordinacion/catalogo/agencias/{slug}/editar"
    data = _form(client.get(url, headers=EN).get_data(as_text=True))
    data.update(
        {"contacts-0-name": ["Oficina de partes"], "contacts-0-email": ["partes(at)example"]}
    )
    data["save"] = ["Save"]
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Oficina de partes" in html
    assert 'href="#contacts-0-email"' in html
    with app_session(places_app) as session:
        assert session.get(Agency, agency_id).contacts == []  # type: ignore[union-attr]
    data["contacts-0-email"] = ["partes@example.org"]
    assert client.post(url, data=data, headers=EN).status_code == 302
    with app_session(places_app) as session:
        [contact] = session.get(Agency, agency_id).contacts  # type: ignore[union-attr]
        assert (contact.name, contact.email) == ("Oficina de partes", "partes@example.org")
