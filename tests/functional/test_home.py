"""The start page lists the catalogue's counts, in Spanish by default and in English."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def _count(html: str, name: str) -> int:
    match = re.search(rf'data-count="{name}">([\d.,\s]+)<', html)
    assert match, f"no count {name}"
    return int(re.sub(r"\D", "", match.group(1)))


def test_home_lists_the_shipped_catalogue_in_spanish(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Qué contiene el catálogo" in html
    assert _count(html, "offers") >= 300
    assert _count(html, "agencies") >= 100
    assert _count(html, "treatment-centres") >= 20
    assert _count(html, "agreements") >= 60
    assert "Catálogo de demostración" in html


def test_home_in_english_by_accept_language(shipped_client: FlaskClient) -> None:
    html = shipped_client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in html
    assert "What the catalogue holds" in html
    assert "Demo catalogue" in html


def test_explicit_language_choice_beats_accept_language(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/language/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "lang=en" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    html = shipped_client.get("/", headers={"Accept-Language": "es-CL"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_language_switch_refuses_open_redirects_and_unknown_languages(client: FlaskClient) -> None:
    assert client.get("/language/en?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/language/fr").status_code == 404


def test_empty_catalogue_shows_zero_and_no_demo_notice(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert _count(html, "offers") == 0
    assert "Catálogo de demostración" not in html


def test_unknown_page_is_a_translated_404(client: FlaskClient) -> None:
    response = client.get("/no-existe", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "Página no encontrada" in response.get_data(as_text=True)
