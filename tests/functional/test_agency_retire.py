"""Retiring an agency on its history page: the page says how many offers go with it and
asks to confirm (unconfirmed: 422, nothing written); reinstating offers to put them back."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlmodel import col, select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Agency, Offer
from tests.accounts_factories import app_session, csrf_from, make_user
from tests.functional.test_catalogue_pages import EN, _client


@pytest.fixture
def steward_app(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        session.commit()
    return shipped_app


def _agency_with_offers(app: Flask) -> tuple[str, str, list[str]]:
    with app_session(app) as session:
        for agency in session.exec(select(Agency).where(Agency.region_code == "7")):
            active = [o.id for o in agency.offers if o.status == "active"]
            if active:
                return agency.id, agency.slug, active
    raise AssertionError("no agency in Maule with offers")


def test_retiring_an_agency_asks_to_confirm_and_takes_its_offers(steward_app: Flask) -> None:
    agency_id, slug, offer_ids = _agency_with_offers(steward_app)
    client = _client(steward_app, "maule")
    history = f"/coordinacion/catalogo/agencias/{slug}/historial"
    page = client.get(history, headers=EN).get_data(as_text=True)
    assert "data-retire-offers" in page
    count = len(offer_ids)
    noun = "offer" if count == 1 else "offers"
    assert f"also retires its {count} {noun} in the directory" in page
    token = csrf_from(page)

    unconfirmed = client.post(
        f"/coordinacion/catalogo/agencias/{slug}/retirar",
        data={"csrf_token": token, "version": "1"},
        headers=EN,
    )
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm" in unconfirmed.get_data(as_text=True)
    assert 'href="#confirm"' in unconfirmed.get_data(as_text=True)
    with app_session(steward_app) as session:
        assert session.get(Agency, agency_id).status == "active"  # type: ignore[union-attr]
        assert not session.exec(
            select(AuditEntry).where(AuditEntry.target_type == "agency")
        ).first()

    done = client.post(
        f"/coordinacion/catalogo/agencias/{slug}/retirar",
        data={"csrf_token": token, "version": "1", "confirm": "y"},
    )
    assert done.status_code == 302
    with app_session(steward_app) as session:
        statuses = session.exec(select(Offer.status).where(col(Offer.id).in_(offer_ids)))
        assert set(statuses) == {"inactive"}
        version = session.get(Agency, agency_id).version  # type: ignore[union-attr]
    page = client.get(history, headers=EN).get_data(as_text=True)
    assert "data-reinstate-offers" in page
    assert "Also put back the offers retired with it" in page

    back = client.post(
        f"/coordinacion/catalogo/agencias/{slug}/reactivar",
        data={"csrf_token": token, "version": str(version), "with_offers": "y"},
    )
    assert back.status_code == 302
    with app_session(steward_app) as session:
        assert session.get(Agency, agency_id).status == "active"  # type: ignore[union-attr]
        statuses = session.exec(select(Offer.status).where(col(Offer.id).in_(offer_ids)))
        assert set(statuses) == {"active"}
    offer_history = client.get(
        f"/coordinacion/catalogo/ofertas/{_slug(steward_app, offer_ids[0])}/historial", headers=EN
    ).get_data(as_text=True)
    assert "Offer retired with its agency" in offer_history
    assert "Offer reinstated with its agency" in offer_history


def _slug(app: Flask, offer_id: str) -> str:
    with app_session(app) as session:
        offer = session.get(Offer, offer_id)
        assert offer is not None
        return offer.slug
