"""``GET /api/v1/search``, ``/offers/<slug>``, ``/agencies/<slug>``: the results page's
query language, the cards' content, bad input as 4xx JSON and the ``read`` scope."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.tokens import create_token
from enlace.catalogue.models import Agency
from enlace.db import utcnow
from tests.accounts_factories import app_session, make_user
from tests.functional.api import contract


def _bearer(app: Flask, scopes: list[str]) -> dict[str, str]:
    with app_session(app) as session:
        centre = session.exec(select(Agency).where(Agency.slug == "ct-aurora-arica")).one()
        user = make_user(session, "staff", email=f"{'-'.join(scopes)}@example.org", agency=centre)
        _token, secret = create_token(session, user, "t", scopes, 30, utcnow())
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


def test_search_answers_results_facets_and_paging(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/api/v1/search?q=empleo")
    assert response.status_code == 200
    body = response.get_json()
    assert body["results"] and body["paging"]["page"] == 1
    assert body["paging"]["total"] >= len(body["results"])
    assert body["paging"]["pages"] >= 1
    assert "domain" in body["facets"]
    first = body["results"][0]
    assert first["slug"] and first["agency"]["slug"]
    contract.check(contract.document(shipped_client), "GET", "/api/v1/search", response)


def test_search_filters_combine_with_and_and_unknown_codes_are_listed(
    shipped_client: FlaskClient,
) -> None:
    everything = shipped_client.get("/api/v1/search").get_json()["paging"]["total"]
    one = shipped_client.get("/api/v1/search?domain=employment").get_json()
    both = shipped_client.get("/api/v1/search?domain=employment&region=15").get_json()
    assert everything >= one["paging"]["total"] >= both["paging"]["total"]
    odd = shipped_client.get("/api/v1/search?domain=love&domain=employment").get_json()
    assert odd["ignored"] == ["domain=love"]
    assert odd["paging"]["total"] == one["paging"]["total"]


def test_search_means_what_the_results_page_means(shipped_client: FlaskClient) -> None:
    """The same query string finds the same number of offers on the page and in the API."""
    api = shipped_client.get("/api/v1/search?domain=housing").get_json()
    page = shipped_client.get("/buscar?domain=housing&anywhere=1").get_data(as_text=True)
    assert str(api["paging"]["total"]) in page


def test_search_pages_do_not_overlap(shipped_client: FlaskClient) -> None:
    first = shipped_client.get("/api/v1/search").get_json()
    if first["paging"]["pages"] < 2:
        pytest.skip("the shipped catalogue fits one page")
    second = shipped_client.get("/api/v1/search?page=2").get_json()
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=501", "page"),
        ("q=" + "x" * 201, "q"),
        ("free=yes", "free"),
        ("nonsense=1", "nonsense"),
    ],
)
def test_bad_search_parameters_are_a_400_naming_the_field(
    shipped_client: FlaskClient, query: str, field: str
) -> None:
    response = shipped_client.get(f"/api/v1/search?{query}")
    body = _error(response, 400)
    assert field in {f["field"] for f in body["fields"]}
    contract.check(contract.document(shipped_client), "GET", "/api/v1/search", response)


def test_offer_and_agency_cards(shipped_client: FlaskClient) -> None:
    doc = contract.document(shipped_client)
    hit = shipped_client.get("/api/v1/search?q=empleo").get_json()["results"][0]
    offer = shipped_client.get(f"/api/v1/offers/{hit['slug']}")
    assert offer.status_code == 200
    card = offer.get_json()
    assert card["id"] == hit["id"] and card["domains"] and card["agency"]["slug"]
    contract.check(doc, "GET", f"/api/v1/offers/{hit['slug']}", offer)
    agency = shipped_client.get(f"/api/v1/agencies/{card['agency']['slug']}")
    assert agency.status_code == 200
    assert hit["id"] in {o["id"] for o in agency.get_json()["offers"]}
    contract.check(doc, "GET", f"/api/v1/agencies/{card['agency']['slug']}", agency)


def test_english_names_when_asked(shipped_client: FlaskClient) -> None:
    found = shipped_client.get("/api/v1/agencies/ct-aurora-arica")
    english = shipped_client.get(
        "/api/v1/agencies/ct-aurora-arica", headers={"Accept-Language": "en"}
    )
    assert found.status_code == english.status_code == 200
    assert found.get_json()["slug"] == english.get_json()["slug"]


@pytest.mark.parametrize("path", ["/api/v1/offers/nope", "/api/v1/agencies/nope"])
def test_unknown_slugs_are_a_404_in_the_error_shape(shipped_client: FlaskClient, path: str) -> None:
    response = shipped_client.get(path)
    assert _error(response, 404)["code"] == "not_found"
    contract.check(contract.document(shipped_client), "GET", path, response)


@pytest.mark.parametrize(
    "path", ["/api/v1/search", "/api/v1/offers/nope", "/api/v1/agencies/ct-aurora-arica"]
)
def test_a_token_needs_the_read_scope(shipped_app: Flask, path: str) -> None:
    client = shipped_app.test_client()
    refused = client.get(path, headers=_bearer(shipped_app, ["casework"]))
    assert _error(refused, 403)["code"] == "insufficient_scope"
    allowed = client.get(path, headers=_bearer(shipped_app, ["read"]))
    assert allowed.status_code in (200, 404)
