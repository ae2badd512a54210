"""POST /api/v1/match: JSON in and out, 400s that name each bad field, a centre's priority."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.catalogue.models import Agency
from tests.accounts_factories import app_session, make_user, sign_in

URL = "/api/v1/match"
PROFILE: dict[str, Any] = {
    "needs": {"housing": "high", "employment": "medium"},
    "met": ["health"],
    "attributes": {"age": 32, "gender": "female", "region": "5", "has_children": True},
    "limit": 5,
}


def test_a_good_request(shipped_client: FlaskClient) -> None:
    response = shipped_client.post(URL, json=PROFILE)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {"results", "not_eligible", "weights_version", "catalogue_revision"}
    assert body["weights_version"] == "v2"
    assert 0 < len(body["results"]) <= 5
    for result in body["results"]:
        assert set(result["offer"]) == {"id", "slug", "name", "agency"}
        assert result["offer"]["agency"], "people need to know who runs the offer"
        assert result["status"] in ("eligible", "check")
        assert result["preferential_access"] is None
        total = sum(t["contribution"] for t in result["terms"])
        assert abs(total - result["score"]) < 1e-6
        assert "targeting" in {t["term"] for t in result["terms"]}
        assert isinstance(result["aimed_at"], list)
        for rule in result["rules"]:
            assert rule["outcome"] in ("pass", "fail", "unknown")
            assert rule["reason"]["text"] and rule["reason"]["code"]
        assert {n["domain"] for n in result["needs_served"]} & {"housing", "employment"}
    for entry in body["not_eligible"]:
        assert entry["reasons"] and all(r["outcome"] == "fail" for r in entry["reasons"])


def test_the_same_request_gets_the_same_answer(shipped_client: FlaskClient) -> None:
    first = shipped_client.post(URL, json=PROFILE).get_json()
    assert shipped_client.post(URL, json=PROFILE).get_json() == first


def test_reasons_are_in_the_requested_language(shipped_client: FlaskClient) -> None:
    profile = {"needs": {"housing": "high"}, "attributes": {"age": 17}, "limit": 50}
    english = shipped_client.post(URL + "?lang=en", json=profile).get_json()
    spanish = shipped_client.post(URL + "?lang=es", json=profile).get_json()
    texts_en = {r["text"] for e in english["not_eligible"] for r in _reasons(e)}
    texts_es = {r["text"] for e in spanish["not_eligible"] for r in _reasons(e)}
    assert "17 years old, the minimum is 18" in texts_en
    assert "17 años, el mínimo es 18" in texts_es


def _reasons(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["reason"] for r in entry["reasons"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"needs": {"love": "high"}}, "needs.love"),
        ({"needs": {"housing": "very"}}, "needs.housing"),
        ({"needs": {"housing": ["high"]}}, "needs.housing"),
        ({"met": [{"domain": "health"}]}, "met.0"),
        ({"attributes": {"documents": {"a": 1}}}, "attributes.documents"),
        ({"attributes": {"age": {"value": [1], "source": ["x"], "date": 5}}}, "attributes.age"),
        ({"met": ["love"]}, "met.0"),
        ({"attributes": {"age": "abc"}}, "attributes.age"),
        ({"attributes": {"region": "99"}}, "attributes.region"),
        ({"attributes": {"gender": "x"}}, "attributes.gender"),
        ({"attributes": {"colour": "blue"}}, "attributes.colour"),
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"filters": {"within": "planet"}}, "filters.within"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_each_bad_field_is_named(
    shipped_client: FlaskClient, change: dict[str, Any], field: str
) -> None:
    response = shipped_client.post(URL, json={**PROFILE, **change})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert field in [f["field"] for f in error["fields"]]


def test_several_bad_fields_at_once(shipped_client: FlaskClient) -> None:
    response = shipped_client.post(
        URL, json={"needs": {"love": "high"}, "attributes": {"age": "abc", "region": "99"}}
    )
    fields = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert fields == {"needs.love", "attributes.age", "attributes.region"}


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("needs=housing", "application/x-www-form-urlencoded", 415),
    ],
)
def test_bodies_that_are_not_a_profile(
    shipped_client: FlaskClient, data: str, content_type: str, status: int
) -> None:
    response = shipped_client.post(URL, data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


def test_a_staff_member_gets_their_centres_priority(shipped_app: Flask) -> None:
    with app_session(shipped_app) as session:
        centre = session.exec(select(Agency).where(Agency.slug == "ct-aurora-arica")).one()
        make_user(session, "staff", email="aurora@example.org", agency=centre)
        session.commit()
    profile = {
        "needs": {"employment": "high"},
        "attributes": {"age": 30, "commune": "15101"},
        "limit": 20,
    }
    anonymous = shipped_app.test_client().post(URL, json=profile).get_json()
    client = shipped_app.test_client()
    assert sign_in(client, "aurora@example.org").status_code == 302
    staff = client.post(URL, json=profile).get_json()
    with_priority = [r for r in staff["results"] if r["preferential_access"]]
    assert with_priority, "the Aurora agreements give priority to some employment offers"
    assert all(r["preferential_access"] is None for r in anonymous["results"])
    first = with_priority[0]
    assert first["preferential_access"]["agreements"]
    assert first["preferential_access"]["path"][-1]["kind"] == "agreement"
    access = {t["term"]: t for t in first["terms"]}["preferential_access"]
    assert access["value"] == 1 and access["contribution"] > 0
    rank_staff = [r["offer"]["slug"] for r in staff["results"]].index(first["offer"]["slug"])
    slugs_anonymous = [r["offer"]["slug"] for r in anonymous["results"]]
    if first["offer"]["slug"] in slugs_anonymous:
        assert rank_staff <= slugs_anonymous.index(first["offer"]["slug"])


def test_an_offer_aimed_at_the_person_says_so(shipped_client: FlaskClient) -> None:
    """The older mother of the scenarios: the pension from 65 is aimed at her, in words."""
    profile = {
        "needs": {"income": "high"},
        "attributes": {"age": 67, "gender": "female", "commune": "13101", "has_children": True},
        "limit": 10,
    }
    body = shipped_client.post(URL + "?lang=en", json=profile).get_json()
    found = {r["offer"]["slug"]: r for r in body["results"]}
    pension = found["ips-pension-garantizada-universal"]
    assert {t["term"]: t["value"] for t in pension["terms"]}["targeting"] == 1
    assert pension["aimed_at"] == ["aged 65 or more"]
    bonus = found["ips-bono-por-hijo"]
    assert bonus["aimed_at"] == ["aged 65 or more", "has children: yes"]  # never gender
