"""Each signed-in audience lands on its own start page; the API answers in JSON only."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.accounts_factories import app_session, make_centre, make_user, sign_in

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}


def _client(app: Flask, role: str, **fields: object) -> tuple[FlaskClient, object]:
    with app_session(app) as session:
        if role == "staff" and "agency" not in fields and "agency_id" not in fields:
            fields["agency"] = make_centre(
                session, name_es="CESFAM Talca Oriente", name_en="CESFAM Talca Oriente"
            )
        make_user(session, role, email=f"{role}@example.org", **fields)  # type: ignore[arg-type]
        session.commit()
    client = app.test_client()
    response = sign_in(client, f"{role}@example.org")
    return client, response


def test_staff_sign_in_lands_on_the_staff_start_page(app: Flask) -> None:
    client, response = _client(app, "staff")
    assert response.status_code == 302 and response.headers["Location"] == "/equipo/"  # type: ignore[attr-defined]
    page = client.get("/equipo/", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Find offers for a participant" in html and "CESFAM Talca Oriente" in html
    assert 'href="/buscar"' in html or 'action="/buscar"' in html  # the directory's search
    assert 'href="/cuenta"' in html
    assert page.headers["Cache-Control"] == "no-store"
    spanish = client.get("/equipo/", headers=ES).get_data(as_text=True)
    assert "Buscar ofertas para un participante" in spanish
    assert "Trabajas con participantes de CESFAM Talca Oriente." in spanish


def test_coordinator_sign_in_lands_on_the_coordinator_start_page(app: Flask) -> None:
    client, response = _client(app, "coordinator", region_code="7")
    assert response.headers["Location"] == "/coordinacion/"  # type: ignore[attr-defined]
    page = client.get("/coordinacion/", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "You coordinate the network of the Región 7 region." in html
    assert 'href="/region/7"' in html and 'href="/cuenta"' in html
    assert 'data-count="region-offers"' in html
    spanish = client.get("/coordinacion/", headers=ES).get_data(as_text=True)
    assert "Coordinas la red de la región Región 7." in spanish
    assert "La red en el directorio" in spanish


def test_a_national_coordinator_sees_the_whole_network(app: Flask) -> None:
    client, _ = _client(app, "coordinator")
    html = client.get("/coordinacion/", headers=EN).get_data(as_text=True)
    assert "You coordinate the national network." in html
    assert 'data-count="region-offers"' not in html and 'href="/regiones"' in html


def test_staff_without_a_treatment_centre_have_no_start_page(app: Flask) -> None:
    client, response = _client(app, "staff", agency_id=None)
    assert response.headers["Location"] == "/cuenta"  # type: ignore[attr-defined]
    assert client.get("/equipo/").status_code == 403


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("staff", "/coordinacion/", 403),
        ("coordinator", "/equipo/", 403),
        ("admin", "/equipo/", 403),
        ("admin", "/coordinacion/", 200),  # admins hold the network permissions too
    ],
)
def test_start_pages_refuse_other_roles(app: Flask, role: str, path: str, status: int) -> None:
    client, _ = _client(app, role)
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", ["/equipo/", "/coordinacion/"])
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/entrar?next={path}"


def test_the_api_index_names_its_version(client: FlaskClient) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["version"] == "v1" and body["links"]["self"].endswith("/api/v1/")
    assert body["links"]["openapi"].endswith("/openapi.json")
    assert body["links"]["docs"].endswith("/api/docs") and body["links"]["hsds"].endswith("/hsds/")
    for link in body["links"].values():  # each one answers
        assert client.get(link.removeprefix("http://localhost")).status_code == 200, link
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nothing-here", 404, "not_found"),
        ("GET", "/api/v2/", 404, "not_found"),
        ("POST", "/api/v1/", 405, "method_not_allowed"),
        ("GET", "/api/v1/?q=%00", 400, "bad_request"),
    ],
)
def test_api_errors_are_json_with_a_stable_shape(
    client: FlaskClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == status and response.is_json, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == status and error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_errors_outside_the_api_stay_pages(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers=EN)
    assert response.status_code == 404 and response.mimetype == "text/html"
