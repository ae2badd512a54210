"""Offer and agency pages: what it is, who it is for, how to apply, where, when, verified."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from enlace.catalogue.models import EligibilityRule, RequiredDocument
from enlace.catalogue.places import OfferLocation, Phone, Schedule
from enlace.db import open_session
from tests.factories import make_agency, make_location, make_offer


def _seed(engine: Engine, **offer_fields: object) -> str:
    with open_session(engine) as session:
        agency = make_agency(session, slug="muni-talca", name_es="Municipalidad de Talca")
        location = make_location(session, agency, address_1="1 Norte 797", name_es="OMIL Talca")
        location.schedules.append(
            Schedule(byday="MO,TU,WE,TH,FR", opens_at="08:30", closes_at="14:00")
        )
        location.phones.append(Phone(number="+56 71 220 1234"))
        offer = make_offer(
            session,
            agency,
            slug="curso-soldadura-talca",
            name_es="Curso de soldadura al arco",
            name_en=None,
            description_es="Curso de 120 horas con práctica en taller.",
            eligibility_es="Personas de 18 a 65 años de Talca.",
            application_es="Inscríbete en la OMIL con tu cédula.",
            **offer_fields,
        )
        offer.rules.append(EligibilityRule(attribute="age", operator="between", value=[18, 65]))
        offer.rules.append(
            EligibilityRule(attribute="commune", operator="in", value=["7101"], position=1)
        )
        offer.documents.append(
            RequiredDocument(document_es="Cédula de identidad", document_en="Identity card")
        )
        offer.offer_locations.append(OfferLocation(location_id=location.id))
        session.commit()
        return offer.slug


def test_offer_page_in_spanish(client: FlaskClient, engine: Engine) -> None:
    slug = _seed(engine)
    html = client.get(f"/oferta/{slug}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    for expected in (
        "Curso de soldadura al arco",
        "Para quién es",
        "De 18 a 65 años",
        "Vive en la comuna: Comuna 7101",
        "Cómo postular",
        "Inscríbete en la OMIL con tu cédula.",
        "Documentos que hay que llevar",
        "Cédula de identidad",
        "1 Norte 797",
        "08:30–14:00",
        'href="tel:+56712201234"',
        "Gratuito",
        "Verificado por última vez",
    ):
        assert expected in html, expected


def test_offer_page_in_english_marks_spanish_only_content(
    client: FlaskClient, engine: Engine
) -> None:
    slug = _seed(engine)
    html = client.get(f"/oferta/{slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This offer is only available in Spanish." in html
    assert '<span lang="es">Curso de soldadura al arco</span>' in html
    assert "From 18 to 65 years old" in html
    assert "Identity card" in html


def test_stale_offer_warns_the_reader(client: FlaskClient, engine: Engine) -> None:
    slug = _seed(engine, assured_date=date(2020, 3, 1))
    html = client.get(f"/oferta/{slug}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Esta información tiene más de un año" in html


def test_unknown_offer_and_agency_are_404(client: FlaskClient) -> None:
    assert client.get("/oferta/no-existe").status_code == 404
    assert client.get("/institucion/no-existe").status_code == 404


def test_agency_page_lists_its_offers_and_places(client: FlaskClient, engine: Engine) -> None:
    _seed(engine)
    html = client.get("/institucion/muni-talca", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Municipalidad de Talca" in html
    assert 'href="/oferta/curso-soldadura-talca"' in html
    assert "Lugares de atención" in html
    assert "1 Norte 797" in html


def test_shipped_offer_page_renders(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/oferta/hogar-de-cristo-empleo-con-apoyo-talca")
    assert response.status_code == 200
    assert "Empleo con apoyo" in response.get_data(as_text=True)
