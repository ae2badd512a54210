"""Issue 10 on the public pages: what headings, notices, labels and filters really say."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from enlace.catalogue.models import Offer
from enlace.catalogue.places import OfferLocation, Schedule
from enlace.db import open_session
from tests.factories import make_agency, make_location, make_offer


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _results(html: str) -> list[str]:
    """The result entries of a page (their HTML), in order."""
    return re.findall(r'<li class="result".*?</li>', html, re.S)


def _slugs(html: str) -> list[str]:
    return re.findall(r'class="result" data-offer="([^"]+)"', html)


def _get(client: FlaskClient, url: str, language: str = "es") -> str:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# -- alternate names and languages (a small catalogue) ------------------------------
def _seed_names(engine: Engine) -> None:
    with open_session(engine) as session:
        agency = make_agency(
            session,
            slug="sence",
            name_es="Servicio Nacional de Capacitación y Empleo",
            name_en=None,
            alternate_name="SENCE",
        )
        make_offer(
            session,
            agency,
            slug="becas-laborales",
            name_es="Becas Laborales",
            name_en=None,
            alternate_name="Programa de Becas SENCE",
            description_es="Cursos de oficios gratuitos para quienes buscan trabajo.",
        )
        make_offer(
            session,
            agency,
            slug="english-only",
            name_es="",
            name_en="Job club",
            description_es="",
            description_en="A weekly job club for people looking for work.",
        )
        session.commit()


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_name_is_the_heading_and_the_alternate_name_secondary(
    client: FlaskClient, engine: Engine, language: str
) -> None:
    _seed_names(engine)
    html = _get(client, "/buscar?q=becas", language)
    (entry,) = [e for e in _results(html) if 'data-offer="becas-laborales"' in e]
    heading = re.search(r'class="result-name"><a [^>]*>(.*?)</a>', entry, re.S)
    assert heading and _text(heading.group(1)).strip() == "Becas Laborales"
    secondary = re.search(r'class="alternate-name muted">(.*?)</p>', entry, re.S)
    assert secondary and "Programa de Becas SENCE" in _text(secondary.group(1))
    offer = _get(client, "/oferta/becas-laborales", language)
    assert re.search(r"<h1>\s*Becas Laborales\s*</h1>", re.sub(r"</?span[^>]*>", "", offer))
    assert "Programa de Becas SENCE</p>" in offer
    agency = _get(client, "/institucion/sence", language)
    assert "<h1>Servicio Nacional de Capacitación y Empleo" in re.sub(r"<span[^>]*>", "", agency)
    assert re.search(r'class="alternate-name muted">[^<]*SENCE</p>', agency)


def test_language_notices_name_the_contents_own_language(
    client: FlaskClient, engine: Engine
) -> None:
    _seed_names(engine)
    spanish_page = _get(client, "/buscar?q=job+club", "es")
    assert "Solo disponible en inglés." in spanish_page
    assert "Solo disponible en español." not in spanish_page
    english_page = _get(client, "/buscar?q=job+club", "en")
    assert "Only available in" not in english_page  # English content, English page
    english_offer = _get(client, "/oferta/english-only", "es")
    assert "Esta oferta solo está disponible en inglés." in english_offer
    assert "Only available" not in _get(client, "/oferta/english-only", "en")
    spanish_only = _get(client, "/buscar?q=becas", "en")
    assert "Only available in Spanish." in spanish_only
    assert "Only available in" not in _get(client, "/oferta/becas-laborales", "es")


def test_especially_for_never_lists_everyone_among_groups(
    client: FlaskClient, engine: Engine
) -> None:
    with open_session(engine) as session:
        agency = make_agency(session, slug="fosis")
        make_offer(session, agency, slug="mixed", populations=["general", "families", "women"])
        make_offer(session, agency, slug="everyone", populations=["general"])
        session.commit()
    mixed = _text(_get(client, "/oferta/mixed"))
    assert "Especialmente para: Familias, Mujeres" in mixed
    assert "Todas las personas" not in mixed
    assert "Especialmente para" not in _text(_get(client, "/oferta/everyone"))


def test_the_printed_list_gives_hours_and_no_open_now_state(
    client: FlaskClient, engine: Engine
) -> None:
    with open_session(engine) as session:
        agency = make_agency(session, slug="omil")
        location = make_location(session, agency)
        location.schedules.append(Schedule(byday="MO,TU", opens_at="08:30", closes_at="14:00"))
        at_a_place = make_offer(session, agency, slug="omil-talca")
        at_a_place.offer_locations.append(OfferLocation(location_id=location.id))
        by_phone = make_offer(session, agency, slug="fono-ayuda")
        by_phone.schedules.append(Schedule(byday="WE", opens_at="09:00", closes_at="13:00"))
        session.commit()
    html = _get(client, "/mi-lista?o=omil-talca&o=fono-ayuda")
    states = re.findall(r'<p class="open-state[^"]*"', html)
    assert len(states) == 2 and all("no-print" in s for s in states)
    assert "08:30–14:00" in html and "09:00–13:00" in html  # weekly hours, on paper too


# -- the shipped catalogue ---------------------------------------------------------
@pytest.fixture
def backend() -> str:
    return "sqlite"


def test_few_every_word_matches_are_followed_by_some_words_matches(
    shipped_client: FlaskClient,
) -> None:
    html = _get(shipped_client, "/buscar?q=subsidio+para+mujeres")
    main, heading, rest = html.partition('id="others-title"')
    assert heading, "no separate list of offers with some of the words"
    assert "Otras ofertas con algunas de tus palabras" in rest.split("</h2>", 1)[0]
    assert "sernameg-mujeres-jefas-hogar" in _slugs(rest)
    assert set(_slugs(main)).isdisjoint(_slugs(rest))
    assert re.search(r"(\d+) ofertas encontradas", _text(main))


def test_no_every_word_match_never_says_zero_with_some_words(
    shipped_client: FlaskClient,
) -> None:
    relaxed = _text(_get(shipped_client, "/buscar?q=soldadura+xylofono"))
    assert "Ninguna oferta tiene todas tus palabras" in relaxed
    assert "Ofertas con algunas de tus palabras" in relaxed
    assert "0 ofertas encontradas" not in relaxed
    nothing = _get(shipped_client, "/buscar?q=xylofono+qqqzzz")
    assert "algunas de tus palabras" not in nothing and _slugs(nothing) == []


def test_the_saved_region_applies_to_searches_visibly(shipped_client: FlaskClient) -> None:
    shipped_client.set_cookie("region", "7")
    html = _get(shipped_client, "/buscar?q=capacitacion")
    text = _text(html)
    assert "Tu región: Maule" in text
    assert "Mostrando ofertas disponibles en tu región, Maule." in text
    everywhere = re.search(r'href="([^"]*anywhere=1[^"]*)"[^>]*>\s*Buscar en todo Chile', html)
    assert everywhere
    whole = _get(shipped_client, everywhere.group(1).replace("&amp;", "&"))
    assert "Tu región" not in _text(whole)
    assert "Mostrando ofertas de todo Chile." in _text(whole)
    back = re.search(r'href="([^"]*)"[^>]*>\s*Ver solo las de tu región, Maule', whole)
    assert back and "anywhere" not in back.group(1)
    assert len(_slugs(whole)) >= len(_slugs(html))
    assert set(_slugs(html)) != set(_slugs(whole))
    # Every offer of the regional list is available in Maule or in all of Chile.
    for entry in _results(html):
        assert (
            "Disponible en todo Chile" in _text(entry)
            or "Maule" in _text(entry)
            or any(c in _text(entry) for c in ("Talca", "Curicó", "Linares", "San Clemente"))
        )
    # An explicit place in the link wins; the need tiles link to searches the cookie
    # restricts in the same visible way.
    metropolitana = _text(_get(shipped_client, "/buscar?q=capacitacion&region=13"))
    assert "Tu región" not in metropolitana
    assert "Tu región" not in _text(_get(shipped_client, "/buscar?q=capacitacion&commune=8101"))
    home = _get(shipped_client, "/")
    assert 'href="/buscar?domain=housing"' in home
    assert "Tu región: Maule" in _text(_get(shipped_client, "/buscar?domain=housing"))


def test_removing_a_region_with_a_saved_one_searches_all_of_chile(
    shipped_client: FlaskClient,
) -> None:
    shipped_client.set_cookie("region", "7")
    html = _get(shipped_client, "/buscar?q=capacitacion&region=13")
    chips = dict(re.findall(r'<a class="chip" href="([^"]+)"[^>]*>\s*([^<]+?)\s*<', html))
    (removal,) = [href for href, label in chips.items() if label == "Metropolitana de Santiago"]
    assert "anywhere=1" in removal and "region" not in removal
    assert "Tu región" not in _text(_get(shipped_client, removal.replace("&amp;", "&")))


def test_labels_say_what_the_list_really_is(
    shipped_client: FlaskClient, shipped_engine: Engine
) -> None:
    browse = _get(shipped_client, "/necesidad/housing".replace("/necesidad/", "/buscar?domain="))
    sort = re.search(r'<nav class="sort".*?</nav>', browse, re.S)
    assert sort
    assert re.search(r'<strong aria-current="true">Nombre</strong>', sort.group(0))
    assert "Más relevantes" not in sort.group(0)
    nearest = _get(shipped_client, "/buscar?q=trabajo&commune=7101&sort=proximity")
    assert "en tu comuna" not in nearest and "en tu región" not in nearest
    with open_session(shipped_engine) as session:
        offers = {o.slug: o for o in session.exec(select(Offer))}
        for entry in _results(nearest):
            slug = re.search(r'data-offer="([^"]+)"', entry).group(1)  # type: ignore[union-attr]
            offer = offers[slug]
            in_talca = any(link.location.commune_code == "7101" for link in offer.offer_locations)
            assert ("Atiende en Talca" in entry) == in_talca, slug
            if offer.scope == "national":
                assert "Disponible en Talca" not in entry and "Disponible en Maule" not in entry


def test_filters_are_reachable_from_the_top(shipped_client: FlaskClient) -> None:
    html = _get(shipped_client, "/buscar?q=trabajo")
    link = html.index('href="#filters"')
    assert link < html.index('class="result"')
    assert 'id="filters"' in html


def test_favicon_is_served_like_other_static_files(shipped_client: FlaskClient) -> None:
    with (
        shipped_client.get("/favicon.ico") as icon,
        shipped_client.get("/static/css/enlace.css") as css,
    ):
        assert icon.status_code == 200
        assert icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert icon.headers.get("Cache-Control") == css.headers.get("Cache-Control")
    with shipped_client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    home = _get(shipped_client, "/")
    assert '<link rel="icon" href="/static/favicon.svg"' in home


def test_the_demo_banner_is_in_a_landmark(shipped_client: FlaskClient) -> None:
    html = _get(shipped_client, "/")
    assert re.search(r'<aside class="demo-notice" aria-label="[^"]+">\s*<p>', html)
