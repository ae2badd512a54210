"""Coverage and agreements through the API: coordinators' region scope, the network
scope, optimistic locking (409 with the changes), rule breaches (422 naming fields)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from enlace.accounts.tokens import create_token
from enlace.db import utcnow
from tests.accounts_factories import app_session, make_user
from tests.factories import make_agency
from tests.functional.api import contract


@dataclass(frozen=True)
class World:
    centre: str
    provider: str
    regional: dict[str, str]  # coordinator of region 7, network scope
    reading: dict[str, str]  # the same coordinator, read scope only
    national: dict[str, str]  # admin


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(shipped_app: Flask) -> World:
    with app_session(shipped_app) as session:
        centre = make_agency(session, sector="treatment_centre", region_code="7")
        provider = make_agency(session, region_code="7")
        coordinator = make_user(session, "coordinator", email="c@example.org", region_code="7")
        admin = make_user(session, "admin", email="a@example.org")
        secrets = [
            create_token(session, user, "t", scopes, 30, utcnow())[1]
            for user, scopes in (
                (coordinator, ["network"]),
                (coordinator, ["read"]),
                (admin, ["network"]),
            )
        ]
        session.commit()
        return World(centre.id, provider.id, *(_bearer(s) for s in secrets))


def _agreement(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "title_es": "Convenio de prueba",
        "kind": "priority_access",
        "valid_from": "2026-01-01",
        "region_code": "7",
        "domains": ["employment"],
        "parties": [
            {"agency_id": world.centre, "role": "referrer"},
            {"agency_id": world.provider, "role": "provider"},
        ],
        **extra,
    }


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


def test_create_read_list_and_change_an_agreement(
    shipped_client: FlaskClient, world: World
) -> None:
    doc = contract.document(shipped_client)
    created = shipped_client.post(
        "/api/v1/agreements", json=_agreement(world), headers=world.regional
    )
    assert created.status_code == 201, created.get_json()
    contract.check(doc, "POST", "/api/v1/agreements", created)
    slug, version = created.get_json()["slug"], created.get_json()["version"]
    path = f"/api/v1/agreements/{slug}"
    read = shipped_client.get(path, headers=world.regional)
    assert read.status_code == 200 and read.get_json()["domains"] == ["employment"]
    contract.check(doc, "GET", path, read)
    listed = shipped_client.get("/api/v1/agreements", headers=world.regional)
    assert slug in {a["slug"] for a in listed.get_json()["items"]}
    contract.check(doc, "GET", "/api/v1/agreements", listed)
    changed = shipped_client.patch(
        path, json={"version": version, "quota": 5, "quota_period": "month"}, headers=world.regional
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["quota"] == 5 and changed.get_json()["version"] > version
    assert changed.get_json()["title"] == "Convenio de prueba"  # left out: kept
    contract.check(doc, "PATCH", path, changed)


def test_a_stale_version_is_a_409_with_the_changes(
    shipped_client: FlaskClient, world: World
) -> None:
    created = shipped_client.post(
        "/api/v1/agreements", json=_agreement(world), headers=world.regional
    )
    slug, version = created.get_json()["slug"], created.get_json()["version"]
    path = f"/api/v1/agreements/{slug}"
    first = shipped_client.patch(
        path, json={"version": version, "quota": 5, "quota_period": "month"}, headers=world.national
    )
    assert first.status_code == 200
    late = shipped_client.patch(
        path, json={"version": version, "quota": 9, "quota_period": "month"}, headers=world.regional
    )
    assert _error(late, 409)["code"] == "changed_meanwhile"
    body = late.get_json()
    assert "quota" in {c["field"] for c in body["changes"]}
    assert body["current_version"] > version
    contract.check(contract.document(shipped_client), "PATCH", path, late)
    kept = shipped_client.get(path, headers=world.regional).get_json()
    assert kept["quota"] == 5


def test_rule_breaches_are_a_422_naming_fields(shipped_client: FlaskClient, world: World) -> None:
    bad = _agreement(world, valid_from="2026-05-01", valid_to="2026-01-01")
    response = shipped_client.post("/api/v1/agreements", json=bad, headers=world.regional)
    assert _error(response, 422)["fields"]
    contract.check(contract.document(shipped_client), "POST", "/api/v1/agreements", response)
    shape = shipped_client.post("/api/v1/agreements", json={"title_es": 3}, headers=world.regional)
    assert _error(shape, 400)["fields"]
    assert _error(shipped_client.post("/api/v1/agreements", data="x", headers=world.regional), 415)


def test_region_scope(shipped_client: FlaskClient, world: World) -> None:
    other = _agreement(world, region_code="13")
    assert _error(
        shipped_client.post("/api/v1/agreements", json=other, headers=world.regional), 403
    )
    coverage = shipped_client.get("/api/v1/network/coverage", headers=world.regional)
    assert coverage.status_code == 200 and coverage.get_json()["regions"] == ["7"]
    contract.check(contract.document(shipped_client), "GET", "/api/v1/network/coverage", coverage)
    far = shipped_client.get("/api/v1/network/coverage?region=13", headers=world.regional)
    assert _error(far, 403)["code"] == "out_of_scope"


def test_unknown_things(shipped_client: FlaskClient, world: World) -> None:
    assert _error(shipped_client.get("/api/v1/agreements/nope", headers=world.regional), 404)
    patch = shipped_client.patch(
        "/api/v1/agreements/nope", json={"version": 1}, headers=world.regional
    )
    assert _error(patch, 404)
    region = shipped_client.get("/api/v1/network/coverage?region=99", headers=world.national)
    assert _error(region, 400)["fields"][0]["field"] == "region"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/agreements"),
        ("GET", "/api/v1/network/coverage"),
        ("POST", "/api/v1/agreements"),
    ],
)
def test_a_token_needs_the_network_scope(
    shipped_client: FlaskClient, world: World, method: str, path: str
) -> None:
    response = shipped_client.open(path, method=method, json={}, headers=world.reading)
    assert _error(response, 403)
