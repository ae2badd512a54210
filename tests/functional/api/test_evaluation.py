"""The evaluation dashboard's JSON with API tokens: coordinators' tokens with the network
scope, the same filters, region scope and suppression as the pages; every answer against
/openapi.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from enlace.accounts.policy import Role
from enlace.accounts.tokens import create_token
from enlace.db import utcnow
from tests.accounts_factories import app_session, make_user
from tests.functional.api import contract
from tests.unit.casework.conftest import make_world
from tests.unit.evaluation.conftest import person

PERIOD = {"since": "2026-01-01", "until": "2026-12-31"}
URL = "/api/v1/evaluation"


@dataclass(frozen=True)
class Tokens:
    regional: dict[str, str]  # coordinator of region 7, network scope
    far: dict[str, str]  # coordinator of region 13, network scope
    reading: dict[str, str]  # region 7's coordinator, read scope only
    national: dict[str, str]  # admin, network scope
    staff: dict[str, str]  # the centre's staff, casework and read scopes


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def tokens(app: Flask) -> Tokens:
    with app_session(app) as session:
        world = make_world(session)
        for _ in range(6):
            person(session, world, statuses=("completed",), follow_up="formal")
        for _ in range(2):
            person(session, world, statuses=("declined",))
        regional = make_user(session, Role.COORDINATOR, region_code="7")
        far = make_user(session, Role.COORDINATOR, region_code="13")
        admin = make_user(session, Role.ADMIN)
        staff = make_user(session, Role.STAFF, agency=world.centre)
        secrets = [
            create_token(session, user, "t", scopes, 30, utcnow())[1]
            for user, scopes in (
                (regional, ["network"]),
                (far, ["network"]),
                (regional, ["read"]),
                (admin, ["network"]),
                (staff, ["read", "casework"]),
            )
        ]
        session.commit()
        return Tokens(*(_bearer(s) for s in secrets))


def _get(client: FlaskClient, url: str, headers: dict[str, str], **query: str) -> Any:
    return client.get(url, query_string={**PERIOD, **query}, headers=headers)


def test_a_coordinators_token_reads_the_suppressed_tables(app: Flask, tokens: Tokens) -> None:
    client = app.test_client()
    doc = contract.document(client)
    response = _get(client, URL, tokens.regional)
    assert response.status_code == 200, response.get_json()
    contract.check(doc, "GET", URL, response)
    body = response.get_json()
    assert body["region"] == "7"
    funnel = body["tables"]["funnel_month"]
    assert funnel["cells"][funnel["rows"].index("2026-03")][0] == 8
    endings = body["tables"]["endings"]
    assert endings["cells"][endings["rows"].index("no_capacity")][0] is None  # 2: hidden
    one = _get(client, f"{URL}/loop", tokens.regional)
    assert one.status_code == 200 and one.get_json()["key"] == "loop"
    contract.check(doc, "GET", f"{URL}/loop", one)
    missing = _get(client, f"{URL}/nope", tokens.regional)
    assert missing.status_code == 404
    contract.check(doc, "GET", f"{URL}/nope", missing)


def test_another_regions_coordinator_sees_only_their_region(app: Flask, tokens: Tokens) -> None:
    client = app.test_client()
    refused = _get(client, URL, tokens.far, region="7")
    assert refused.status_code == 403  # said, not silently narrowed to their own region
    assert refused.get_json()["error"]["code"] == "out_of_scope"
    body = _get(client, URL, tokens.far).get_json()
    assert body["region"] == "13"  # no region asked: their own
    funnel = body["tables"]["funnel_month"]
    assert not any(cell for row in funnel["cells"] for cell in row)  # nobody of region 7
    national = _get(client, URL, tokens.national, region="7").get_json()
    assert national["region"] == "7"


@pytest.mark.parametrize("who", ["staff", "reading"])
def test_staff_and_tokens_without_the_network_scope_are_refused(
    app: Flask, tokens: Tokens, who: str
) -> None:
    client = app.test_client()
    for url in (URL, f"{URL}/loop"):
        response = _get(client, url, getattr(tokens, who))
        assert response.status_code == 403, (who, url, response.status_code)
        assert response.get_json()["error"]["status"] == 403
        contract.check(contract.document(client), "GET", url, response)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "nope"}, "since"),
        ({"domain": "x"}, "domain"),
        ({"split": "colour"}, "split"),
        ({"z": "1"}, "z"),
    ],
)
def test_bad_filters_are_a_400_naming_them(
    app: Flask, tokens: Tokens, query: dict[str, str], field: str
) -> None:
    client = app.test_client()
    response = client.get(URL, query_string=query, headers=tokens.national)
    assert response.status_code == 400
    assert field in {f["field"] for f in response.get_json()["error"]["fields"]}
    contract.check(contract.document(client), "GET", URL, response)
