"""Provider update requests: one-time link (stored hashed, expiring, revocable), the
provider's proposal without an account, the coordinator's field-by-field decision."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.catalogue.models import Offer
from enlace.outbox import OutboxMessage
from enlace.stewardship import requests as update_requests
from enlace.stewardship.models import UpdateRequest
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in
from tests.factories import ensure_place, make_agency, make_offer

EN = {"Accept-Language": "en"}


@pytest.fixture
def request_app(app: Flask) -> Flask:
    with app_session(app) as session:
        ensure_place(session)
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        make_offer(
            session,
            make_agency(session, region_code="7"),
            slug="taller",
            name_en="Workshop",
            description_en="Old text",
        )
        session.commit()
    return app


def _coordinator(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, "maule@example.org").status_code == 302
    return client


def _send(client: FlaskClient, language: str = "en") -> str:
    url = "/coordinacion/catalogo/ofertas/taller/solicitud"
    token = csrf_from(client.get(url).get_data(as_text=True))
    sent = client.post(
        url, data={"csrf_token": token, "email": "omil@example.org", "language": language}
    )
    assert sent.status_code == 200
    found = re.search(r"data-update-link>([^<]+)<", sent.get_data(as_text=True))
    assert found
    return found.group(1).replace("http://localhost", "")


def test_a_provider_proposes_and_the_coordinator_accepts_field_by_field(request_app: Flask) -> None:
    coordinator = _coordinator(request_app)
    link = _send(coordinator)
    with app_session(request_app) as session:
        stored = session.exec(select(UpdateRequest)).one()
        assert link.rsplit("/", 1)[1] not in stored.token_hash  # only the hash is kept
    provider = request_app.test_client()
    page = provider.get(link, headers=EN).get_data(as_text=True)
    assert "Workshop" in page and "Old text" in page
    token = csrf_from(page)
    form = {
        "csrf_token": token,
        "name_es": "Taller nuevo",
        "name_en": "New workshop",
        "description_es": "Oferta creada para una prueba.",
        "description_en": "New text",
        "email": "not an address",
        "phones": "+56 71 234 5678",
    }
    refused = provider.post(link, data=form, headers=EN)
    assert refused.status_code == 422 and "New workshop" in refused.get_data(as_text=True)
    form["email"] = "omil@example.org"
    assert provider.post(link, data=form, headers=EN).status_code == 200
    assert provider.get(link).status_code == 404  # one use only
    request_id = stored.id
    review = f"/coordinacion/catalogo/solicitudes/{request_id}"
    html = coordinator.get(review, headers=EN).get_data(as_text=True)
    assert "New workshop" in html and "Workshop" in html
    decided = coordinator.post(
        review, data={"csrf_token": csrf_from(html), "accepted": ["name_en", "phones"]}
    )
    assert decided.status_code == 302
    with app_session(request_app) as session:
        offer = session.exec(select(Offer).where(Offer.slug == "taller")).one()
        assert offer.name_en == "New workshop"  # accepted
        assert offer.description_en == "Old text"  # rejected
        assert [p.number for p in offer.phones] == ["+56 71 234 5678"]
        assert offer.assured_date == datetime.now(UTC).date()  # accepting verifies
        decisions = session.get(UpdateRequest, request_id).decisions  # type: ignore[union-attr]
        assert decisions["description_en"] == "rejected" and decisions["name_en"] == "accepted"


def test_a_revoked_or_expired_link_no_longer_works(request_app: Flask) -> None:
    coordinator = _coordinator(request_app)
    link = _send(coordinator)
    token = link.rsplit("/", 1)[1]
    with app_session(request_app) as session:
        later = datetime.now(UTC) + timedelta(days=15)
        assert update_requests.open_request(session, token, later) is None
        assert update_requests.open_request(session, token, datetime.now(UTC)) is not None
        request_id = session.exec(select(UpdateRequest.id)).one()
    review = f"/coordinacion/catalogo/solicitudes/{request_id}"
    csrf = csrf_from(coordinator.get(review).get_data(as_text=True))
    assert coordinator.post(f"{review}/revocar", data={"csrf_token": csrf}).status_code == 302
    assert request_app.test_client().get(link).status_code == 404
    assert request_app.test_client().get("/actualizar/made-up-token").status_code == 404


def test_the_link_goes_out_by_e_mail_in_the_providers_language(request_app: Flask) -> None:
    link = _send(_coordinator(request_app))
    with app_session(request_app) as session:
        [message] = session.exec(select(OutboxMessage)).all()
    assert (message.recipient, message.language, message.purpose) == (
        "omil@example.org",
        "en",
        "update_request",
    )
    assert message.subject == "Please check your information in Enlace"
    assert link in message.text_body and link in (message.html_body or "")
    assert "<img" not in (message.html_body or "")


def test_a_spanish_speaking_provider_gets_the_e_mail_in_spanish(request_app: Flask) -> None:
    link = _send(_coordinator(request_app), language="es")
    with app_session(request_app) as session:
        [message] = session.exec(select(OutboxMessage)).all()
    assert message.subject == "Por favor revise su información en Enlace"
    assert "Revisar y actualizar su información" in message.text_body and link in message.text_body


def test_an_expired_link_says_so_to_the_coordinator(request_app: Flask) -> None:
    coordinator = _coordinator(request_app)
    _send(coordinator)
    with app_session(request_app) as session:
        stored = session.exec(select(UpdateRequest)).one()
        stored.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.add(stored)
        session.commit()
        request_id = stored.id
    html = coordinator.get(f"/coordinacion/catalogo/solicitudes/{request_id}", headers=EN).get_data(
        as_text=True
    )
    assert 'data-request-status="expired"' in html
    assert "Link expired before the provider answered" in html
