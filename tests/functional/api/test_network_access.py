"""The network's access query through the API (``POST /api/v1/network/access``): staff for
their own centre only (IDOR), coordinators for their region's centres, tokens' scopes,
the filters (AND), the agreement paths, bad input as 4xx in the one error shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.tokens import create_token
from enlace.catalogue.models import Agency
from enlace.db import utcnow
from enlace.network import service
from enlace.network.centre import centre_priorities
from tests.accounts_factories import app_session, make_user
from tests.functional.api import contract

URL = "/api/v1/network/access"
TALCA, ARICA = "ct-renacer-talca", "ct-aurora-arica"


@dataclass(frozen=True)
class World:
    talca: str  # the centre's id (region 7)
    arica: str  # another region's centre
    staff: dict[str, str]  # Talca's staff, casework scope
    staff_reading: dict[str, str]  # the same, read scope only
    regional: dict[str, str]  # coordinator of region 7, network scope
    regional_reading: dict[str, str]  # the same, read scope only
    national: dict[str, str]  # admin, network scope


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(shipped_app: Flask) -> World:
    service.clear_cache()
    with app_session(shipped_app) as session:
        talca = session.exec(select(Agency).where(Agency.slug == TALCA)).one()
        arica = session.exec(select(Agency).where(Agency.slug == ARICA)).one()
        staff = make_user(session, "staff", email="s@example.org", agency=talca)
        coordinator = make_user(session, "coordinator", email="c@example.org", region_code="7")
        admin = make_user(session, "admin", email="a@example.org")
        secrets = [
            create_token(session, user, "t", scopes, 30, utcnow())[1]
            for user, scopes in (
                (staff, ["casework"]),
                (staff, ["read"]),
                (coordinator, ["network"]),
                (coordinator, ["read"]),
                (admin, ["network"]),
            )
        ]
        session.commit()
        return World(talca.id, arica.id, *(_bearer(s) for s in secrets))


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


def test_staff_get_their_centres_offers_with_the_agreement_path(
    shipped_client: FlaskClient, world: World
) -> None:
    response = shipped_client.post(URL, json={}, headers=world.staff)
    body = _ok(response)
    contract.check(contract.document(shipped_client), "POST", URL, response)
    assert body["centre"]["id"] == world.talca and body["centre"]["slug"] == TALCA
    assert body["offers"] and body["total"] >= len(body["offers"])
    agreements = {a["id"] for a in body["agreements"]}
    agencies = {a["id"] for a in body["agencies"]}
    for item in body["offers"]:
        path = item["path"]
        assert path[0]["from"] == world.talca  # every path starts at the centre
        assert path[-1]["kind"] == "agreement" and path[-1]["agreement"] in item["agreements"]
        assert set(item["agreements"]) <= agreements
        assert {s["from"] for s in path} | {s["to"] for s in path} <= agencies
        assert item["routes"][0]["path"] == path
    # the same agreements the staff page lists (the same routes, memberships included)
    with app_session(shipped_client.application) as session:
        network = service.network_graph(session, date.today())
        page = {p.agreement_id for p in centre_priorities(network, world.talca, date.today())}
    assert agreements <= page


def test_routes_through_a_network_come_after_direct_ones(
    shipped_client: FlaskClient, world: World
) -> None:
    body = _ok(shipped_client.post(URL, json={"limit": 500}, headers=world.staff))
    hops = [len(item["routes"][0]["via"]) for item in body["offers"]]
    assert hops == sorted(hops)
    assert body["total"] == len(body["offers"])


def test_staff_never_see_another_centre(shipped_client: FlaskClient, world: World) -> None:
    """IDOR: another centre (by id or slug), or one that does not exist, is the same 403."""
    for centre in (world.arica, ARICA, "no-such-centre"):
        refused = shipped_client.post(URL, json={"centre": centre}, headers=world.staff)
        assert _error(refused, 403)["code"] == "out_of_scope"
    own = shipped_client.post(URL, json={"centre": TALCA}, headers=world.staff)
    assert _ok(own)["centre"]["id"] == world.talca


def test_coordinators_ask_about_their_regions_centres(
    shipped_client: FlaskClient, world: World
) -> None:
    mine = shipped_client.post(URL, json={"centre": world.talca}, headers=world.regional)
    assert _ok(mine)["offers"]
    far = shipped_client.post(URL, json={"centre": world.arica}, headers=world.regional)
    assert _error(far, 403)["code"] == "out_of_scope"
    missing = shipped_client.post(URL, json={}, headers=world.regional)
    assert _error(missing, 400)["fields"][0]["field"] == "centre"
    unknown = shipped_client.post(URL, json={"centre": "nope"}, headers=world.regional)
    assert _error(unknown, 400)["fields"][0]["field"] == "centre"
    for centre in (world.arica, TALCA):  # national: any centre
        assert _ok(shipped_client.post(URL, json={"centre": centre}, headers=world.national))


def test_a_token_needs_the_scope_of_its_users_audience(
    shipped_client: FlaskClient, world: World
) -> None:
    for headers in (world.staff_reading, world.regional_reading):
        refused = shipped_client.post(URL, json={"centre": world.talca}, headers=headers)
        _error(refused, 403)
    contract.check(
        contract.document(shipped_client),
        "POST",
        URL,
        shipped_client.post(URL, json={}, headers=world.regional_reading),
    )


def test_filters_combine_with_and(shipped_client: FlaskClient, world: World) -> None:
    every = _ok(shipped_client.post(URL, json={"limit": 500}, headers=world.staff))["offers"]
    domain = every[0]["domains"][0]
    kind = every[0]["kind"]
    by_domain = _ok(
        shipped_client.post(URL, json={"domains": [domain], "limit": 500}, headers=world.staff)
    )["offers"]
    assert by_domain and all(domain in item["domains"] for item in by_domain)
    both = _ok(
        shipped_client.post(
            URL, json={"domains": [domain], "kinds": [kind], "limit": 500}, headers=world.staff
        )
    )["offers"]
    expected = [o["offer"]["id"] for o in by_domain if o["kind"] == kind]
    assert [o["offer"]["id"] for o in both] == expected
    limited = _ok(shipped_client.post(URL, json={"limit": 1}, headers=world.staff))
    assert len(limited["offers"]) == 1 and limited["total"] == len(every)
    # a commune of the centre's region keeps the offers available there only
    talca = _ok(
        shipped_client.post(URL, json={"commune": "7101", "limit": 500}, headers=world.staff)
    )
    assert {o["offer"]["id"] for o in talca["offers"]} <= {o["offer"]["id"] for o in every}
    arica = _ok(
        shipped_client.post(URL, json={"commune": "15101", "limit": 500}, headers=world.staff)
    )
    local = "muni-talca-egis-densificacion"  # Talca's municipality, in Talca only
    assert local in {o["offer"]["slug"] for o in talca["offers"]}
    assert local not in {o["offer"]["slug"] for o in arica["offers"]}
    far = _ok(shipped_client.post(URL, json={"region": "15", "limit": 500}, headers=world.staff))
    assert len(far["offers"]) < len(every)


def test_asking_about_offers_by_id(shipped_client: FlaskClient, world: World) -> None:
    mine = _ok(shipped_client.post(URL, json={"limit": 500}, headers=world.staff))["offers"]
    reached = mine[0]["offer"]["id"]
    other = _ok(
        shipped_client.post(URL, json={"centre": world.arica, "limit": 500}, headers=world.national)
    )
    not_mine = sorted(
        {o["offer"]["id"] for o in other["offers"]} - {o["offer"]["id"] for o in mine}
    )
    assert not_mine, "the shipped catalogue gives Arica's centre priority Talca's lacks"
    asked = [not_mine[0], reached]
    body = _ok(shipped_client.post(URL, json={"offer_ids": asked}, headers=world.staff))
    assert [o["offer"]["id"] for o in body["offers"]] == [reached]
    assert body["without_priority"] == [not_mine[0]]
    unknown = shipped_client.post(URL, json={"offer_ids": ["nope"]}, headers=world.staff)
    assert _error(unknown, 400)["fields"][0]["field"] == "offer_ids"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"domains": ["love"]}, "domains.0"),
        ({"kinds": ["party"]}, "kinds.0"),
        ({"region": "99"}, "region"),
        ({"region": "7", "commune": "13101"}, "commune"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    shipped_client: FlaskClient, world: World, body: dict[str, Any], field: str
) -> None:
    response = shipped_client.post(URL, json=body, headers=world.staff)
    assert field in {f["field"] for f in _error(response, 400)["fields"]}
    contract.check(contract.document(shipped_client), "POST", URL, response)


def test_not_json_and_anonymous(shipped_client: FlaskClient, world: World) -> None:
    _error(shipped_client.post(URL, data="x", headers=world.staff), 415)
    anonymous = shipped_client.post(URL, json={})
    assert _error(anonymous, 401)["code"] == "unauthorized"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")  # how to authenticate
