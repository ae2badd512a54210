"""Participants' referrals through the API (casework scope, the centre's staff only, every
call audited) and the receiving agency's updates through its link's token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.models import AuditEntry, User
from enlace.accounts.tokens import create_token
from enlace.casework import consent, links
from enlace.db import utcnow
from tests.accounts_factories import app_session, make_user
from tests.casework_factories import Case, make_case
from tests.factories import make_agency, make_offer
from tests.functional.api import contract


@dataclass(frozen=True)
class World:
    case: Case
    offer_id: str
    casework: dict[str, str]
    reading: dict[str, str]
    other_centre: dict[str, str]


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(app: Flask) -> World:
    with app_session(app) as session:
        staff = make_user(session, "staff", email="staff@example.org")
        other = make_user(session, "staff", email="other@example.org")  # another centre
        case = make_case(session, staff)
        offer = make_offer(session, make_agency(session), domains={"employment": "primary"})
        secrets = [
            create_token(session, user, "t", scopes, 30, utcnow())[1]
            for user, scopes in ((staff, ["casework"]), (staff, ["read"]), (other, ["casework"]))
        ]
        session.commit()
        return World(case, offer.id, *(_bearer(s) for s in secrets))


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


def _audited(app: Flask) -> int:
    with app_session(app) as session:
        return len(
            session.exec(select(AuditEntry).where(AuditEntry.action == "api_token.used")).all()
        )


def test_list_create_and_move_referrals(app: Flask, client: FlaskClient, world: World) -> None:
    doc = contract.document(client)
    base = f"/api/v1/participants/{world.case.participant_id}/referrals"
    listed = client.get(base, headers=world.casework)
    assert listed.status_code == 200
    assert [r["id"] for r in listed.get_json()["referrals"]] == [world.case.referral_id]
    assert listed.get_json()["referrals"][0]["status"] == "sent"
    contract.check(doc, "GET", base, listed)
    created = client.post(base, json={"offer_id": world.offer_id}, headers=world.casework)
    assert created.status_code == 201
    draft = created.get_json()
    assert draft["status"] == "draft" and draft["offer_id"] == world.offer_id
    contract.check(doc, "POST", base, created)
    status = f"/api/v1/referrals/{draft['id']}/status"
    cancelled = client.post(
        status, json={"status": "cancelled", "reason": "not_interested"}, headers=world.casework
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    contract.check(doc, "POST", status, cancelled)
    again = client.post(status, json={"status": "sent"}, headers=world.casework)
    assert _error(again, 409)["code"] == "transition_closed"
    contract.check(doc, "POST", status, again)
    assert _audited(app) == 3  # one entry per call that touched the participant


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"status": "cancelled"}, 422, "reason"),
        ({"status": "cancelled", "reason": "other"}, 422, "reason_text"),
        ({"status": "flying"}, 400, "status"),
        ({"status": "cancelled", "extra": 1}, 400, "extra"),
        ({}, 400, "status"),
    ],
)
def test_bad_status_changes_name_the_field(
    client: FlaskClient, world: World, body: dict[str, Any], status: int, field: str
) -> None:
    path = f"/api/v1/referrals/{world.case.referral_id}/status"
    response = client.post(path, json=body, headers=world.casework)
    assert field in {f["field"] for f in _error(response, status)["fields"]}
    contract.check(contract.document(client), "POST", path, response)


def test_bad_new_referrals(client: FlaskClient, world: World) -> None:
    base = f"/api/v1/participants/{world.case.participant_id}/referrals"
    unknown = client.post(base, json={"offer_id": "nope"}, headers=world.casework)
    assert _error(unknown, 422)["fields"] == [{"field": "offer_id", "message": "unknown_offer"}]
    assert _error(client.post(base, json=[1], headers=world.casework), 400)
    not_json = client.post(base, data="x", content_type="text/plain", headers=world.casework)
    assert _error(not_json, 415)
    contract.check(contract.document(client), "POST", base, not_json)


def test_another_centres_participant_and_referral_are_not_there(
    client: FlaskClient, world: World
) -> None:
    base = f"/api/v1/participants/{world.case.participant_id}/referrals"
    status = f"/api/v1/referrals/{world.case.referral_id}/status"
    assert _error(client.get(base, headers=world.other_centre), 404)
    assert _error(client.post(base, json={}, headers=world.other_centre), 404)
    assert _error(client.post(status, json={}, headers=world.other_centre), 404)
    assert _error(client.get("/api/v1/participants/nope/referrals", headers=world.casework), 404)
    huge = f"/api/v1/referrals/{2**63}/status"
    assert _error(client.post(huge, json={"status": "sent"}, headers=world.casework), 404)


def test_casework_needs_the_casework_scope(client: FlaskClient, world: World) -> None:
    base = f"/api/v1/participants/{world.case.participant_id}/referrals"
    assert _error(client.get(base, headers=world.reading), 403)
    assert _error(client.get(base), 401)


def test_the_agency_answers_through_its_link(app: Flask, client: FlaskClient, world: World) -> None:
    doc = contract.document(client)
    path = f"/api/v1/link/{world.case.token}/status"
    declined = client.post(path, json={"status": "declined"})
    assert _error(declined, 422)["fields"][0]["field"] == "reason"
    cancelled = client.post(path, json={"status": "cancelled", "reason": "no_capacity"})
    assert _error(cancelled, 409)["code"] == "transition_not_by_agency"
    accepted = client.post(path, json={"status": "accepted"})
    assert accepted.status_code == 200 and accepted.get_json() == {"status": "accepted"}
    contract.check(doc, "POST", path, accepted)
    with app_session(app) as session:  # audited as the agency's page is: by the link
        moves = session.exec(select(AuditEntry).where(AuditEntry.action == "referral.status")).all()
        assert [(e.actor_label, e.actor_id) for e in moves][-1] == (links.AGENCY_LINK, None)
    missing = client.post("/api/v1/link/not-a-token/status", json={"status": "accepted"})
    assert _error(missing, 404)
    contract.check(doc, "POST", "/api/v1/link/x/status", missing)
    assert _error(client.post(f"/api/v1/link/{'x' * 101}/status", json={}), 404)


def test_withdrawn_consent_is_a_410(app: Flask, client: FlaskClient, world: World) -> None:
    with app_session(app) as session:
        staff = session.exec(select(User).where(User.email == "staff@example.org")).one()
        consent.revoke(session, staff, world.case.consent_id, "in_person")
        session.commit()
    response = client.post(f"/api/v1/link/{world.case.token}/status", json={"status": "accepted"})
    assert _error(response, 410)["code"] == "consent_withdrawn"
    contract.check(contract.document(client), "POST", "/api/v1/link/x/status", response)
