"""The HSDS 3.0 read API, tested the way Open Referral's API validators go about it: list
endpoints first, ids harvested from them for the ``/{id}`` endpoints, the first, a middle
and the last page fetched, and every body validated with the vendored HSDS schemas."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from sqlalchemy import event
from sqlmodel import select

from enlace.catalogue.models import Offer
from enlace.catalogue.places import Location, OfferLocation
from enlace.db import get_database
from enlace.exchange.hsds.api_places import distance_m
from enlace.exchange.hsds.api_read import MAX_PER_PAGE
from enlace.exchange.hsds.schema import default_schema_dir, format_checker, load_registry
from tests.accounts_factories import app_session

ENVELOPE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
#: list endpoint -> (schema of its items, schema of its /{id} answer)
ENDPOINTS = {
    "/hsds/services": ("service.json", "service.json"),
    "/hsds/organizations": ("organization.json", "organization.json"),
    "/hsds/taxonomies": ("taxonomy.json", "taxonomy.json"),
    "/hsds/taxonomy_terms": ("taxonomy_term.json", "taxonomy_term.json"),
    "/hsds/service_at_locations": ("service_at_location.json", "service_at_location.json"),
}


def _validator(name: str) -> Draft202012Validator:
    registry = load_registry(default_schema_dir().resolve())
    return Draft202012Validator({"$ref": name}, registry=registry, format_checker=format_checker())


def _valid(name: str, record: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(record)]
    assert not errors, f"{name} {record.get('id')}: {errors[:5]}"


def _get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    return response.get_json()


def _walk(client: FlaskClient, url: str, per_page: int) -> list[str]:
    ids: list[str] = []
    page = 1
    while True:
        body = _get(client, f"{url}{'&' if '?' in url else '?'}page={page}&per_page={per_page}")
        ids += [record["id"] for record in body["contents"]]
        if body["last_page"]:
            assert body["page_number"] == max(body["total_pages"], 1) or body["empty"]
            return ids
        page += 1


def test_the_index_names_the_version_profile_and_document(shipped_client: FlaskClient) -> None:
    body = _get(shipped_client, "/hsds/")
    assert body["version"] == "3.0"
    profile = shipped_client.get(body["profile"].replace("http://localhost", ""))
    assert profile.status_code == 200 and profile.mimetype == "text/markdown"
    assert "enlace_" in profile.get_data(as_text=True)
    document = shipped_client.get(body["openapi_url"].replace("http://localhost", ""))
    assert document.get_json()["openapi"].startswith("3.1")


@pytest.mark.parametrize("url", sorted(ENDPOINTS))
def test_like_the_validators_list_then_every_harvested_id(
    shipped_client: FlaskClient, url: str
) -> None:
    item_schema, one_schema = ENDPOINTS[url]
    first = _get(shipped_client, f"{url}?per_page=5")
    assert set(first) == ENVELOPE
    assert first["total_items"] > 0 and first["first_page"] and first["page_number"] == 1
    pages = first["total_pages"]
    harvested: list[str] = []
    for page in sorted({1, (pages + 1) // 2, pages}):
        body = _get(shipped_client, f"{url}?per_page=5&page={page}")
        assert body["page_number"] == page and body["last_page"] == (page == pages)
        assert body["size"] == len(body["contents"]) and not body["empty"]
        for record in body["contents"]:
            _valid(item_schema, record)
            harvested.append(record["id"])
    for record_id in harvested:
        _valid(one_schema, _get(shipped_client, f"{url}/{record_id}"))


def test_full_lists_validate_too(shipped_client: FlaskClient) -> None:
    for url, schema in [
        ("/hsds/services?full=true&per_page=20", "service.json"),
        ("/hsds/organizations?full=true&full_service=true&per_page=5", "organization.json"),
        ("/hsds/service_at_locations?full=true&per_page=10", "service_at_location.json"),
    ]:
        for record in _get(shipped_client, url)["contents"]:
            _valid(schema, record)


def test_a_full_service_nests_what_it_owns(shipped_client: FlaskClient) -> None:
    services = _get(shipped_client, f"/hsds/services?full=true&per_page={MAX_PER_PAGE}")
    with_place = [s for s in services["contents"] if s["service_at_locations"]]
    assert with_place, "the shipped catalogue delivers services at locations"
    link = with_place[0]["service_at_locations"][0]
    assert link["location"]["id"] == link["location_id"] and "addresses" in link["location"]
    assert all("taxonomy_term" in a for s in services["contents"] for a in s["attributes"])
    assert all(s["organization"]["id"] == s["organization_id"] for s in services["contents"])


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(per_page=st.integers(min_value=1, max_value=60))
def test_walking_every_page_yields_every_service_once(
    shipped_client: FlaskClient, per_page: int
) -> None:
    everything = _get(shipped_client, f"/hsds/services?per_page={MAX_PER_PAGE}")
    ids = _walk(shipped_client, "/hsds/services?", per_page)
    assert len(ids) == len(set(ids)) == everything["total_items"]
    assert ids == [s["id"] for s in everything["contents"]]


@pytest.mark.parametrize("url", ["/hsds/organizations", "/hsds/service_at_locations"])
def test_walking_other_lists_yields_every_record_once(
    shipped_client: FlaskClient, url: str
) -> None:
    total = _get(shipped_client, url)["total_items"]
    ids = _walk(shipped_client, url, 7)
    assert len(ids) == len(set(ids)) == total


def test_a_page_past_the_end_is_empty(shipped_client: FlaskClient) -> None:
    body = _get(shipped_client, "/hsds/services?page=999&per_page=50")
    assert body["empty"] and body["contents"] == [] and body["last_page"]


def test_filters_combine_with_and(shipped_client: FlaskClient) -> None:
    terms = _get(shipped_client, "/hsds/taxonomy_terms?top_only=true&per_page=50")["contents"]
    orgs = _get(shipped_client, f"/hsds/organizations?per_page={MAX_PER_PAGE}")["contents"]

    def ids(query: str) -> set[str]:
        url = f"/hsds/services?per_page={MAX_PER_PAGE}&{query}"
        return {s["id"] for s in _get(shipped_client, url)["contents"]}

    checked = 0
    for term in terms:
        by_term = ids(f"taxonomy_term_id={term['id']}")
        for org in orgs[:15]:
            by_org = ids(f"organization_id={org['id']}")
            both = ids(f"taxonomy_term_id={term['id']}&organization_id={org['id']}")
            assert both == by_term & by_org
            checked += bool(both)
    assert checked, "some organization offers some domain"
    assert ids("taxonomy_id=not-a-taxonomy") == set()
    taxonomy = _get(shipped_client, "/hsds/taxonomies")["contents"][0]["id"]
    assert ids(f"taxonomy_id={taxonomy}") == ids("")


def test_search_needs_every_word(shipped_client: FlaskClient) -> None:
    first = _get(shipped_client, "/hsds/services?per_page=1")["contents"][0]
    word = first["name"].split()[0]
    found = _get(shipped_client, f"/hsds/services?search={word}&per_page={MAX_PER_PAGE}")
    assert first["id"] in {s["id"] for s in found["contents"]}
    none = _get(shipped_client, f"/hsds/services?search={word}%20zzqxnotaword")
    assert none["total_items"] == 0


def test_modified_after(shipped_client: FlaskClient) -> None:
    total = _get(shipped_client, "/hsds/services")["total_items"]
    past = _get(shipped_client, "/hsds/services?modified_after=2000-01-01T00:00:00Z")
    future = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert past["total_items"] == total
    assert _get(shipped_client, f"/hsds/services?modified_after={future}")["total_items"] == 0


def test_minimal_lists_ids_and_modification_times(shipped_client: FlaskClient) -> None:
    body = _get(shipped_client, f"/hsds/services?minimal=true&per_page={MAX_PER_PAGE}")
    assert body["contents"] and all(set(s) <= {"id", "last_modified"} for s in body["contents"])


def test_ndjson_streams_every_service_unpaged(shipped_client: FlaskClient) -> None:
    total = _get(shipped_client, "/hsds/services")["total_items"]
    response = shipped_client.get("/hsds/services?format=ndjson&full=true&per_page=1")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    assert response.is_streamed
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == total == len({r["id"] for r in records})
    for record in records[:10]:
        _valid("service.json", record)
    terms = shipped_client.get("/hsds/taxonomy_terms?format=ndjson")
    count = _get(shipped_client, "/hsds/taxonomy_terms")["total_items"]
    assert len(terms.get_data(as_text=True).splitlines()) == count


def test_taxonomy_terms_by_parent_and_top_level(shipped_client: FlaskClient) -> None:
    top = _get(shipped_client, "/hsds/taxonomy_terms?top_only=true&per_page=500")["contents"]
    assert top and all("parent_id" not in t for t in top)
    children = _get(shipped_client, f"/hsds/taxonomy_terms?parent_id={top[0]['id']}&per_page=500")[
        "contents"
    ]
    assert children and all(t["parent_id"] == top[0]["id"] for t in children)
    both = _get(shipped_client, f"/hsds/taxonomy_terms?parent_id={top[0]['id']}&top_only=true")
    assert both["total_items"] == 0  # AND: a child term is never top-level


def test_service_at_locations_by_postcode_and_proximity(shipped_app: Flask) -> None:
    with app_session(shipped_app) as session:
        located = list(
            session.exec(
                select(Location)
                .join(OfferLocation, OfferLocation.location_id == Location.id)  # type: ignore[arg-type]
                .where(Location.latitude.is_not(None))  # type: ignore[union-attr]
                .order_by(Location.id)  # type: ignore[arg-type]
            ).unique()
        )
        assert len(located) >= 2, "the shipped catalogue has located delivery places"
        here, elsewhere = (
            located[0],
            next(
                loc
                for loc in located
                if distance_m(
                    loc.latitude, loc.longitude, located[0].latitude, located[0].longitude
                )
                > 50_000  # type: ignore[arg-type]
            ),
        )
        here.postal_code = "9990001"
        session.add(here)
        session.commit()
        gap = distance_m(here.latitude, here.longitude, elsewhere.latitude, elsewhere.longitude)  # type: ignore[arg-type]
        here_id, elsewhere_id = here.id, elsewhere.id
    client = shipped_app.test_client()

    def places(query: str) -> set[str]:
        body = _get(client, f"/hsds/service_at_locations?per_page={MAX_PER_PAGE}&{query}")
        assert body["total_items"] == len(body["contents"])
        return {link["location_id"] for link in body["contents"]}

    assert places("postcode=9990001") == {here_id}
    assert places("postcode=9990001&proximity=10") == {here_id}
    wide = places(f"postcode=9990001&proximity={gap + 1000:.0f}")
    assert {here_id, elsewhere_id} <= wide
    assert places("postcode=0000000&proximity=100000") == set()
    assert places("postcode=0000000") == set()


def test_etag_and_last_modified_answer_304_until_the_catalogue_changes(
    shipped_app: Flask,
) -> None:
    client = shipped_app.test_client()
    url = "/hsds/services?per_page=3"
    first = client.get(url)
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag and not again.data
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    other = client.get("/hsds/services?per_page=4", headers={"If-None-Match": tag})
    assert other.status_code == 200  # another query, another tag
    first_id = _get(client, "/hsds/services?per_page=1")["contents"][0]["id"]
    assert not _get(client, f"/hsds/services/{first_id}")["name"].endswith("(actualizado)")
    with app_session(shipped_app) as session:
        offer = session.exec(select(Offer).order_by(Offer.id)).first()  # type: ignore[arg-type]
        assert offer is not None
        offer.name_es = offer.name_es + " (actualizado)"
        session.add(offer)
        session.commit()
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    fresh = _get(client, f"/hsds/services/{offer.id}")  # kept per revision: not stale
    assert fresh["name"].endswith("(actualizado)")


def test_open_to_other_sites(shipped_client: FlaskClient) -> None:
    response = shipped_client.get("/hsds/services", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = shipped_client.options(
        "/hsds/services",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/hsds/services?per_page=0", 400, "per_page"),
        (f"/hsds/services?per_page={MAX_PER_PAGE + 1}", 400, "per_page"),
        ("/hsds/services?page=-1", 400, "page"),
        ("/hsds/services?page=abc", 400, "page"),
        ("/hsds/services?full=maybe", 400, "full"),
        ("/hsds/services?modified_after=yesterday", 400, "modified_after"),
        ("/hsds/services?format=xml", 400, "format"),
        ("/hsds/service_at_locations?proximity=100", 400, "proximity"),
        ("/hsds/service_at_locations?postcode=1&proximity=-5", 400, "proximity"),
        ("/hsds/services/not-an-id", 404, "id"),
        ("/hsds/organizations/not-an-id", 404, "id"),
        ("/hsds/taxonomies/not-an-id", 404, "id"),
        ("/hsds/taxonomy_terms/not-an-id", 404, "id"),
        ("/hsds/service_at_locations/not-an-id", 404, "id"),
        ("/hsds/services/%01", 404, "id"),
    ],
)
def test_bad_input_answers_4xx_in_the_error_shape(
    shipped_client: FlaskClient, url: str, status: int, field: str
) -> None:
    response = shipped_client.get(url)
    assert response.status_code == status and response.is_json
    error = response.get_json()["error"]
    assert set(error) == {"status", "code", "message", "fields"} and error["status"] == status
    assert field in {f["field"] for f in error["fields"]}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/hsds/nothing-here", 404),
        ("POST", "/hsds/services", 405),
        ("GET", "/hsds/services?q=%00", 400),
    ],
)
def test_never_html_under_hsds(
    shipped_client: FlaskClient, method: str, url: str, status: int
) -> None:
    response = shipped_client.open(url, method=method)
    assert response.status_code == status and response.is_json
    assert response.get_json()["error"]["status"] == status


def test_a_page_costs_the_same_queries_whatever_its_size(shipped_app: Flask) -> None:
    engine = get_database(shipped_app).engine
    client = shipped_app.test_client()

    def statements(url: str) -> int:
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    client.get(f"/hsds/services?per_page={MAX_PER_PAGE}")  # names, count, organizations kept
    client.get(f"/hsds/organizations?per_page={MAX_PER_PAGE}")
    small = statements("/hsds/services?full=true&per_page=2&page=1")
    large = statements("/hsds/services?full=true&per_page=60&page=2")  # none of them kept yet
    assert large <= small + 1, "children are batch-loaded (no query per service)"
    few = statements("/hsds/organizations?full=true&per_page=2")
    many = statements("/hsds/organizations?full=true&per_page=30")
    assert many <= few + 2  # a kind of child the first two lack is read once, not per record
