"""The offer fields the public page and HSDS show are all editable: other name, notice,
waiting time, capacity, languages; bad input re-renders with what was typed and writes
nothing; the change is in the history under a readable label."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlmodel import select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Offer
from enlace.stewardship.records import offer_snapshot
from tests.accounts_factories import app_session, make_user
from tests.functional.test_catalogue_pages import EN, _client, _form, _maule_offer


@pytest.fixture
def steward_app(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        session.commit()
    return shipped_app


def test_the_new_offer_fields_are_saved_and_shown(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    page = client.get(url, headers=EN).get_data(as_text=True)
    for name in ("alternate_name", "alert_es", "wait_time_en", "capacity", "languages-0"):
        assert f'id="{name}"' in page, name
    data = _form(page)
    data.update(
        alternate_name=["TZC"],
        alert_es=["Postulaciones cerradas hasta marzo."],
        alert_en=["Applications closed until March."],
        wait_time_es=["Unas dos semanas."],
        wait_time_en=["About two weeks."],
        capacity=["25"],
        languages=["es", "arn"],
        save=["Save"],
    )
    saved = client.post(url, data=data, headers=EN)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app_session(steward_app) as session:
        stored = session.get(Offer, offer.id)
        assert stored is not None
        assert (stored.alternate_name, stored.capacity) == ("TZC", 25)
        assert stored.alert_en == "Applications closed until March."
        assert stored.wait_time_es == "Unas dos semanas."
        assert stored.languages == ["arn", "es"]
    public = client.get(f"/oferta/{offer.slug}", headers=EN).get_data(as_text=True)
    assert "Applications closed until March." in public
    assert "Mapudungun" in public
    history = client.get(f"/coordinacion/catalogo/ofertas/{offer.slug}/historial", headers=EN)
    text = history.get_data(as_text=True)
    assert "Languages it is given in" in text
    assert "How many people it can take" in text
    assert "alert_en" not in text


def test_bad_capacity_and_ages_keep_what_was_typed(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    with app_session(steward_app) as session:
        before = offer_snapshot(session.get(Offer, offer.id))  # type: ignore[arg-type]
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    data = _form(client.get(url).get_data(as_text=True))
    data.update(
        capacity=["0"],
        wait_time_en=["Typed waiting time"],
        minimum_age=["30"],
        maximum_age=["18"],
        save=["Save"],
    )
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Typed waiting time" in html
    assert "Write how many people it can take: a number above zero." in html
    assert "The maximum age is below the minimum age." in html
    with app_session(steward_app) as session:
        assert offer_snapshot(session.get(Offer, offer.id)) == before  # type: ignore[arg-type]
        assert not session.exec(select(AuditEntry).where(AuditEntry.target_type == "offer")).first()
