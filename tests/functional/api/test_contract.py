"""Every endpoint of both APIs answers what /openapi.json says: documented status, media
type and body schema, for good and bad requests alike."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.functional.api import contract

MATCH = {"needs": {"employment": "high"}, "attributes": {"age": 30, "commune": "15101"}}


def _first_id(client: FlaskClient, url: str) -> str:
    found: str = client.get(url).get_json()["contents"][0]["id"]
    return found


def _requests(client: FlaskClient) -> list[tuple[str, str, Any]]:
    service = _first_id(client, "/hsds/services")
    organization = _first_id(client, "/hsds/organizations")
    taxonomy = _first_id(client, "/hsds/taxonomies")
    term = _first_id(client, "/hsds/taxonomy_terms")
    link = _first_id(client, "/hsds/service_at_locations")
    return [
        ("GET", "/hsds/", None),
        ("GET", "/hsds/services", None),
        ("GET", "/hsds/services?full=true&per_page=5", None),
        ("GET", "/hsds/services?minimal=true", None),
        ("GET", f"/hsds/services?organization_id={organization}&taxonomy_term_id={term}", None),
        ("GET", "/hsds/services?per_page=0", None),
        ("GET", f"/hsds/services/{service}", None),
        ("GET", "/hsds/services/nope", None),
        ("GET", "/hsds/organizations?full=true&full_service=true&per_page=2", None),
        ("GET", f"/hsds/organizations/{organization}", None),
        ("GET", f"/hsds/organizations/{organization}?full_service=true", None),
        ("GET", "/hsds/organizations/nope", None),
        ("GET", "/hsds/taxonomies", None),
        ("GET", f"/hsds/taxonomies/{taxonomy}", None),
        ("GET", "/hsds/taxonomies/nope", None),
        ("GET", "/hsds/taxonomy_terms?top_only=true", None),
        ("GET", f"/hsds/taxonomy_terms/{term}", None),
        ("GET", "/hsds/taxonomy_terms/nope", None),
        ("GET", "/hsds/service_at_locations?full=true&per_page=3", None),
        ("GET", "/hsds/service_at_locations?proximity=5", None),
        ("GET", f"/hsds/service_at_locations/{link}", None),
        ("GET", "/hsds/service_at_locations/nope", None),
        ("GET", "/api/v1/", None),
        ("POST", "/api/v1/match", MATCH),
        ("POST", "/api/v1/match", {"needs": {"love": "high"}}),
        ("POST", "/api/v1/match", "not json"),
        ("GET", "/api/v1/search?q=empleo&domain=employment", None),
        ("GET", "/api/v1/search?page=0", None),
        ("GET", "/api/v1/offers/nope", None),
        ("GET", "/api/v1/agencies/ct-aurora-arica", None),
        ("GET", "/api/v1/agencies/nope", None),
        ("GET", "/api/v1/participants/x/referrals", None),
        ("POST", "/api/v1/participants/x/referrals", {"offer_id": "x"}),
        ("POST", "/api/v1/referrals/1/status", {"status": "sent"}),
        ("POST", "/api/v1/link/nope/status", {"status": "accepted"}),
        ("POST", "/api/v1/link/nope/status", {"status": "flying"}),
        ("GET", "/api/v1/network/coverage", None),
        ("POST", "/api/v1/network/access", {}),
        ("POST", "/api/v1/network/access", {"limit": 0}),
        ("GET", "/api/v1/evaluation?since=2026-01-01", None),
        ("GET", "/api/v1/evaluation/loop", None),
        ("GET", "/api/v1/agreements", None),
        ("GET", "/api/v1/agreements/x", None),
        ("POST", "/api/v1/agreements", {"title_es": "x"}),
        ("PATCH", "/api/v1/agreements/x", {"version": 1}),
    ]


def test_every_operation_is_checked_here(shipped_client: FlaskClient) -> None:
    doc = contract.document(shipped_client)
    covered = {
        (method, contract.operation(doc, url.split("?")[0], method)["operationId"])
        for method, url, _ in _requests(shipped_client)
    }
    documented = {
        (method.upper(), op["operationId"])
        for item in doc["paths"].values()
        for method, op in item.items()
    }
    assert documented == covered


def test_every_answer_conforms(shipped_client: FlaskClient) -> None:
    doc = contract.document(shipped_client)
    for method, url, body in _requests(shipped_client):
        if isinstance(body, str):
            response = shipped_client.open(url, method=method, data=body, content_type="text/plain")
        else:
            response = shipped_client.open(url, method=method, json=body)
        assert response.status_code < 500, (method, url)
        contract.check(doc, method, url, response)


def test_the_document_is_openapi_3_1_and_generated_from_the_views(app: Flask) -> None:
    doc = contract.document(app.test_client())
    assert doc["openapi"] == "3.1.0"
    assert {"/hsds/services", "/hsds/services/{id}", "/api/v1/match"} <= set(doc["paths"])
    assert "hsds_service" in doc["components"]["schemas"]
    params = {p["name"] for p in doc["paths"]["/hsds/services"]["get"]["parameters"]}
    assert {"page", "per_page", "format", "search", "minimal", "full", "modified_after"} <= params
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_document_says_which_operations_take_a_token(app: Flask) -> None:
    """Swagger UI sends the token it is given only to operations that declare it."""
    doc = contract.document(app.test_client())
    paths = doc["paths"]
    assert paths["/api/v1/network/access"]["post"]["security"] == [{"bearer": []}]
    assert paths["/api/v1/evaluation"]["get"]["security"] == [{"bearer": []}]
    assert paths["/api/v1/search"]["get"]["security"] == [{}, {"bearer": []}]  # optional
    assert all("security" not in op for p, i in paths.items() if p.startswith("/hsds/")
               for op in i.values())  # fmt: skip


@pytest.mark.parametrize("path", ["/openapi.json", "/api/docs"])
def test_documentation_makes_no_third_party_request(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    if path == "/api/docs":
        assert "vendor/swagger-ui-dist/swagger-ui-bundle.js" in text
        assert "http://" not in text and "https://" not in text
        assert "'self'" in response.headers["Content-Security-Policy"]
