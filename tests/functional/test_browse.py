"""Results page, browsing by need and region, autocomplete, region preference."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient


@pytest.fixture
def backend() -> str:
    """Browsing reads the index built from the shipped catalogue: SQLite suffices here."""
    return "sqlite"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _result_slugs(html: str) -> list[str]:
    return re.findall(r'class="result" data-offer="([^"]+)"', html)


def test_typo_finds_training_with_highlights(shipped_client: FlaskClient) -> None:
    html = shipped_client.get("/buscar?q=capasitacion", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert _result_slugs(html)
    assert "<mark>" in html


def test_domain_and_region_filters_with_removable_chips(shipped_client: FlaskClient) -> None:
    response = shipped_client.get(
        "/buscar?domain=housing&region=7", headers={"Accept-Language": "es"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _result_slugs(html)
    chips = re.findall(r'<a class="chip" href="([^"]+)"', html)
    assert len(chips) == 2
    assert any("region=7" in c and "domain" not in c for c in chips)
    assert any("domain=housing" in c and "region" not in c for c in chips)
    assert "Vivienda" in _text(html)


def test_national_offers_are_found_from_every_region(shipped_client: FlaskClient) -> None:
    for region in ("15", "12"):
        html = shipped_client.get(f"/buscar?domain=documentation&region={region}").get_data(
            as_text=True
        )
        assert "registro-civil" in " ".join(_result_slugs(html))


def test_bad_parameters_are_ignored_with_a_notice(shipped_client: FlaskClient) -> None:
    response = shipped_client.get(
        "/buscar?domain=nope&region=99&page=abc&sort=sideways&q=" + "x" * 5000,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "Some filters in this link are no longer valid" in response.get_data(as_text=True)


def test_nothing_found_explains_what_to_try(shipped_client: FlaskClient) -> None:
    html = shipped_client.get("/buscar?q=qqqzzzxxyy", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Nothing found" in html
    assert _result_slugs(html) == []


def test_pagination_links_keep_the_filters(shipped_client: FlaskClient) -> None:
    html = shipped_client.get("/buscar?domain=employment").get_data(as_text=True)
    next_link = re.search(r'rel="next" href="([^"]+)"', html)
    assert (
        next_link and "domain=employment" in next_link.group(1) and "page=2" in next_link.group(1)
    )
    second = shipped_client.get(next_link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert set(_result_slugs(second)).isdisjoint(_result_slugs(html))


def test_browse_by_need_and_by_region(shipped_client: FlaskClient) -> None:
    assert (
        shipped_client.get("/necesidad/housing")
        .headers["Location"]
        .endswith("/buscar?domain=housing")
    )
    assert shipped_client.get("/necesidad/nope").status_code == 404
    region = shipped_client.get("/region/7", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Talca" in region and 'href="/buscar?commune=7101"' in region
    assert shipped_client.get("/region/99").status_code == 404
    assert "Maule" in shipped_client.get("/regiones").get_data(as_text=True)


def test_autocomplete_resolves_communes_fuzzily(shipped_client: FlaskClient) -> None:
    data = shipped_client.get("/autocompletar?q=conce").get_json()
    assert data["completions"][0] == {
        "kind": "commune",
        "label": "Concepción",
        "url": "/buscar?commune=8101",
    }
    assert shipped_client.get("/autocompletar?q=a").get_json() == {"completions": []}


def test_region_preference_cookie(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/preferencias/region?region=7&next=/buscar")
    assert response.status_code == 303
    assert response.headers["Location"] == "/buscar"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("region=7;") and "HttpOnly" in cookie
    home = shipped_client.get("/").get_data(as_text=True)
    assert '<option value="7" selected>' in home
    assert shipped_client.get("/preferencias/region?region=99").status_code == 400
    cleared = shipped_client.get("/preferencias/region?region=")
    assert "region=;" in cleared.headers["Set-Cookie"]


def test_public_pages_set_no_cookie(shipped_client: FlaskClient) -> None:
    for url in (
        "/",
        "/buscar?q=trabajo",
        "/oferta/hogar-de-cristo-empleo-con-apoyo-talca",
        "/regiones",
    ):
        assert "Set-Cookie" not in shipped_client.get(url).headers, url
