"""The take-away list: offers chosen in the browser, rendered to print; nothing stored."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_list_shows_the_chosen_offers_in_order(shipped_client: FlaskClient) -> None:
    response = shipped_client.get(
        "/mi-lista?o=hogar-de-cristo-empleo-con-apoyo-talca&o=no-such-offer&o=hogar-de-cristo-empleo-con-apoyo-talca",
        headers={"Accept-Language": "es"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="take-away-item"') == 1
    assert "Empleo con apoyo Maule" in html
    assert "1 oferta guardada ya no está en el directorio." in html
    assert "Set-Cookie" not in response.headers


def test_empty_list_explains_how_to_fill_it(client: FlaskClient) -> None:
    html = client.get("/mi-lista", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Your list is empty." in html


def test_overlong_or_many_slugs_are_cut_not_fatal(client: FlaskClient) -> None:
    query = "&".join(["o=" + "x" * 500] + [f"o=s{i}" for i in range(200)])
    assert client.get(f"/mi-lista?{query}").status_code == 200
