"""Every non-public URL, requested by anonymous, staff, coordinator and admin users.

The expected answer comes from the one policy: the endpoint's declared permissions (any
of them, ``enlace.web.access``) and who holds them (``enlace.accounts.policy``). Anonymous
visitors are sent to the sign-in page (302), roles holding none of them get 403, roles with it
get the page (200) or the action's redirect (302). A new endpoint joins the table by
itself; one that declares no rule fails ``test_every_endpoint_declares_who_may_use_it``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from werkzeug.routing import IntegerConverter, Rule

from enlace import create_app
from enlace.accounts import throttling, tokens
from enlace.accounts.models import LoginThrottle, User
from enlace.accounts.policy import Permission
from enlace.catalogue.models import Offer
from enlace.catalogue.places import Location
from enlace.network.models import Agreement, AgreementDomain, AgreementParty
from enlace.stewardship.models import ProblemReport, UpdateRequest
from enlace.web.access import rule_for
from tests.accounts_factories import app_session, login_token, make_user, page_token, sign_in
from tests.casework_factories import make_case
from tests.factories import make_agency, make_offer

ROLES = ["anonymous", "staff", "other_staff", "coordinator", "admin"]
SKIP_METHODS = {"HEAD", "OPTIONS"}

#: An app built only to read the URL map at collection time (it never touches a database).
_MAP_APP = create_app(
    {
        "INSTANCE_PATH": tempfile.mkdtemp(prefix="enlace-url-map-"),
        "SECRET_KEY": "url-map-only",
        "DATABASE_URL": "sqlite://",
    }
)
ENDPOINT_METHODS = sorted(
    (rule.endpoint, method)
    for rule in _MAP_APP.url_map.iter_rules()
    for method in sorted((rule.methods or set()) - SKIP_METHODS)
)
PROTECTED = [
    (endpoint, method)
    for endpoint, method in ENDPOINT_METHODS
    if (found := rule_for(_MAP_APP, endpoint)) is not None and not found.public
]
PUBLIC = [
    (endpoint, method)
    for endpoint, method in ENDPOINT_METHODS
    if (found := rule_for(_MAP_APP, endpoint)) is not None and found.public
]

#: What a permitted request answers, where it is not simply "GET 200".
ALLOWED_STATUS = {
    ("admin.index", "GET"): 302,
    ("admin.new_user", "POST"): 422,  # an empty form: understood, not accepted
    ("admin.user", "POST"): 422,
    ("admin.disable_user", "POST"): 302,
    ("admin.enable_user", "POST"): 302,
    ("admin.unlock_user", "POST"): 302,
    ("admin.sign_out_user", "POST"): 302,
    ("admin.reset_link", "POST"): 200,
    ("admin.clear_throttle", "POST"): 302,
    ("auth.logout", "POST"): 302,
    ("auth.logout_everywhere", "POST"): 302,
    ("auth.change_password", "POST"): 422,
    # agreements: the world's agreement "x" is in force in the coordinator's region; a POST
    # carrying only the CSRF token lacks the form (and the version it was loaded at)
    ("coordinator.new_agreement", "POST"): 422,
    ("coordinator.edit", "POST"): 422,
    ("coordinator.suspend", "POST"): 422,
    ("coordinator.reactivate", "GET"): 409,  # in force already: nothing to put in force
    ("coordinator.reactivate", "POST"): 422,
    ("coordinator.end", "POST"): 422,
    ("coordinator.renew", "POST"): 422,
    # catalogue stewardship (issue 16): agency and offer "x" in the coordinator's region; a
    # POST with only the CSRF token lacks the form (and the version it was loaded at)
    ("coordinator.edit_offer", "POST"): 422,
    ("coordinator.new_offer", "POST"): 422,
    ("coordinator.edit_agency", "POST"): 422,
    ("coordinator.new_agency", "POST"): 422,
    ("coordinator.retire_offer", "POST"): 422,
    ("coordinator.reinstate_offer", "POST"): 422,
    ("coordinator.restore_offer", "POST"): 422,
    ("coordinator.retire_agency", "POST"): 422,
    ("coordinator.reinstate_agency", "POST"): 422,
    ("coordinator.restore_agency", "POST"): 422,
    ("coordinator.new_place", "POST"): 422,  # agency "x"'s place "x": no version sent
    ("coordinator.edit_place", "POST"): 422,
    ("coordinator.remove_place_view", "POST"): 422,
    ("coordinator.offer_checked", "POST"): 302,  # checked today: back to the queue
    ("coordinator.agency_checked", "POST"): 302,
    ("coordinator.offer_request", "POST"): 422,  # no e-mail address given
    ("coordinator.agency_request", "POST"): 422,
    ("coordinator.update_request", "POST"): 422,  # the link is not answered yet: no decision
    ("coordinator.revoke_request", "POST"): 302,
    ("coordinator.resolve_report", "POST"): 302,  # report 1 closed: back to its offer
    # matching (issue 12): an empty assessment is a valid one (every need unknown)
    ("staff.assessment", "POST"): 200,
    ("staff.assessment_results", "POST"): 200,
    ("staff.options_sheet", "POST"): 200,
    # casework (issue 13): participant "x" of the staff member's centre, referral 1 (sent,
    # valid consent), goal 1, consent 1, link 1, offer "x"; a POST with only the CSRF token
    ("staff.new_participant", "POST"): 422,
    ("staff.participant_assessment", "POST"): 302,  # every need unknown: a valid assessment
    ("staff.match_decision", "POST"): 302,  # no offer chosen: back to the matches, with why
    ("staff.plan_page", "POST"): 422,
    ("staff.edit_goal", "POST"): 422,
    ("staff.remove_goal", "POST"): 302,
    ("staff.new_referral", "POST"): 422,
    ("staff.referral_status", "POST"): 422,
    ("staff.referral_consent", "POST"): 422,
    ("staff.create_link", "POST"): 200,  # the default 30 days: the address, shown once
    ("staff.revoke_link", "POST"): 302,
    ("staff.referral_goals", "POST"): 302,  # no goal ticked: the referral serves none
    ("staff.revoke_consent", "POST"): 302,  # in person, the default channel
    ("staff.transfer_consent", "POST"): 422,
    ("staff.transfer_now", "POST"): 422,
    ("staff.export_participant", "POST"): 200,
    ("staff.delete_participant", "POST"): 422,
    # evaluation: "x" is no agency, no table; 1 is no snapshot; an empty quarter is refused
    ("coordinator.evaluation_agency", "GET"): 404,
    ("coordinator.evaluation_csv", "GET"): 404,
    ("coordinator.evaluation_snapshot", "GET"): 404,
    ("coordinator.evaluation_snapshot_csv", "GET"): 404,
    ("coordinator.evaluation_freeze", "POST"): 422,
    ("api.evaluation_table", "GET"): 404,
    ("auth.create_token", "POST"): 422,  # an empty form: no name, no scope
    ("auth.revoke_token", "POST"): 302,  # back to the account page (no such token here)
}
#: Path parameters naming one participant's records: another centre's staff get 404.
PARTICIPANT_PARAMETERS = {"participant_id", "referral_id", "goal_id", "consent_id", "link_id"}

#: Path values of a real coverage cell (region 7 exists: the coordinator works there).
CELL = {"region": "7", "domain": "employment"}


@dataclass
class World:
    target_user_id: int
    throttle_id: int


def _agreement(session: Session) -> None:
    """An agreement in force in the coordinator's region (7), with the slug every URL
    here uses ("x")."""
    centre = make_agency(session, sector="treatment_centre", region_code="7")
    provider = make_agency(session, region_code="7")
    session.add(
        Agreement(
            slug="x",
            title_es="Convenio de prueba",
            kind="priority_access",
            valid_from=date(2026, 1, 1),
            region_code="7",
            parties=[
                AgreementParty(agency_id=centre.id, role="referrer"),
                AgreementParty(agency_id=provider.id, role="provider"),
            ],
            domains=[AgreementDomain(domain="employment")],
        )
    )
    session.flush()


def _catalogue_records(session: Session) -> Offer:
    """An agency and an offer in the coordinator's region (7), both with the slug "x" (the
    staff member's referral goes to this offer too)."""
    agency = make_agency(session, slug="x", region_code="7")
    session.add(Location(id="x", slug="x-sede", agency_id=agency.id, name_es="Sede"))
    offer = make_offer(session, agency, slug="x", domains={"employment": "primary"})
    now = datetime.now(UTC)
    session.add(
        UpdateRequest(
            kind="offer",
            record_id=offer.id,
            token_hash="0" * 64,
            email="p@example.org",
            created_by="coordinator@example.org",
            expires_at=now + timedelta(days=1),
        )
    )
    session.add(ProblemReport(offer_id=offer.id, reason="closed"))
    session.flush()
    return offer


def _world(app: Flask) -> World:
    with app_session(app) as session:
        users = {}
        for role in ("staff", "other_staff", "coordinator", "admin"):
            region = "7" if role == "coordinator" else None
            kind = "staff" if role == "other_staff" else role
            users[role] = make_user(session, kind, email=f"{role}@example.org", region_code=region)
        # another centre's staff has its own centre (make_user); the staff member's referral
        # goes to the catalogue's offer "x"
        make_case(session, users["staff"], participant_id="x", offer=_catalogue_records(session))
        target = make_user(session, "staff", email="target@example.org")
        _agreement(session)
        key = throttling.address_key("192.0.2.1")
        throttling.register_failure(session, key, throttling.ThrottleSettings(), datetime.now(UTC))
        session.commit()
        row = session.exec(select(LoginThrottle)).one()
        assert target.id is not None and row.id is not None
        return World(target.id, row.id)


def _path(app: Flask, endpoint: str, world: World) -> str:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if name == "user_id":
            values[name] = world.target_user_id
        elif name == "throttle_id":
            values[name] = world.throttle_id
        elif name in CELL:  # a coverage cell the coordinator's region (7) may see
            values[name] = CELL[name]
        else:
            values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
    return str(app.url_map.bind("localhost").build(endpoint, values))


def _names_a_record(app: Flask, endpoint: str) -> bool:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return bool(PARTICIPANT_PARAMETERS & set(rule._converters))


def _client(app: Flask, role: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    if role == "anonymous":
        return client, login_token(client)
    assert sign_in(client, f"{role}@example.org").status_code == 302
    return client, page_token(client)


def test_every_endpoint_declares_who_may_use_it() -> None:
    undeclared = sorted(
        {endpoint for endpoint, _ in ENDPOINT_METHODS if rule_for(_MAP_APP, endpoint) is None}
    )
    assert not undeclared, (
        "declare access with @public or @requires(Permission.X) (enlace.web.access), "
        f"or add a public blueprint to PUBLIC_BLUEPRINTS: {undeclared}"
    )


def test_the_table_covers_the_account_pages() -> None:
    endpoints = {endpoint for endpoint, _ in PROTECTED}
    assert {"auth.account", "admin.users", "admin.audit_log", "admin.clear_throttle"} <= endpoints
    agreement_pages = {"agreements", "agreement", "new_agreement", "edit", "suspend"}
    agreement_pages |= {"reactivate", "end", "renew"}
    assert {f"coordinator.{name}" for name in agreement_pages} <= endpoints
    network_pages = {
        "coordinator.network",
        "coordinator.network_data",
        "coordinator.network_export",
        "coordinator.network_watch",
        "coordinator.coverage",
        "coordinator.coverage_cell",
        "coordinator.coverage_gaps",
        "coordinator.coverage_csv",
    }
    assert network_pages <= endpoints
    catalogue_pages = {"catalogue", "edit_offer", "new_offer", "edit_agency", "new_agency"}
    catalogue_pages |= {"offer_history", "agency_history", "retire_offer", "restore_offer"}
    catalogue_pages |= {"verification_queue", "offer_checked", "agency_checked"}
    catalogue_pages |= {"offer_request", "agency_request", "update_request", "revoke_request"}
    catalogue_pages |= {"resolve_report", "new_place", "edit_place", "remove_place_view"}
    assert {f"coordinator.{name}" for name in catalogue_pages} <= endpoints
    assert set(ALLOWED_STATUS) <= set(PROTECTED)
    casework = {
        "caseload_page",
        "new_participant",
        "participant",
        "participant_assessment",
        "participant_matches",
        "match_decision",
        "plan_page",
        "edit_goal",
        "remove_goal",
        "plan_print",
        "new_referral",
        "referral",
        "referral_status",
        "referral_consent",
        "referral_letter",
        "create_link",
        "revoke_link",
        "referral_goals",
        "revoke_consent",
        "transfer",
        "transfer_consent",
        "transfer_now",
        "export_participant",
        "delete_participant",
        "disclosures_page",
    }
    assert {f"staff.{name}" for name in casework} <= endpoints


def test_the_agency_link_page_is_public() -> None:
    """The receiving agency has no account: its page is public and needs the token."""
    assert ("public.recipient_link", "GET") in PUBLIC
    assert ("public.recipient_link", "POST") in PUBLIC


def test_the_table_covers_the_evaluation_pages() -> None:
    """Every dashboard URL is in the table, and only for holders of NETWORK_REPORTS."""
    found = {e for e, _ in PROTECTED if e.startswith("coordinator.evaluation")}
    assert {
        "coordinator.evaluation",
        "coordinator.evaluation_report",
        "coordinator.evaluation_csv",
        "coordinator.evaluation_snapshots",
        "coordinator.evaluation_freeze",
        "coordinator.evaluation_snapshot",
        "coordinator.evaluation_snapshot_csv",
        "coordinator.evaluation_agency",
    } <= found
    for endpoint in found:
        rule = rule_for(_MAP_APP, endpoint)
        assert rule is not None and rule.permissions == {Permission.NETWORK_REPORTS}


def test_the_match_api_is_public() -> None:
    """POST /api/v1/match answers everyone (staff also get their centre's priority)."""
    assert ("api.match", "POST") in PUBLIC
    assert _MAP_APP.url_map.bind("localhost").match("/api/v1/match", "POST")[0] == "api.match"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method"), PROTECTED, ids=[f"{e}:{m}" for e, m in PROTECTED])
def test_access(app: Flask, endpoint: str, method: str, role: str) -> None:
    world = _world(app)
    client, token = _client(app, role)
    path = _path(app, endpoint, world)
    data = {"csrf_token": token} if method != "GET" else None
    response = client.open(path, method=method, data=data)
    location = response.headers.get("Location", "")
    rule = rule_for(app, endpoint)
    assert rule is not None and not rule.public
    if role == "anonymous" and path.startswith("/api/"):  # the API answers, never redirects
        assert response.status_code == 401, (path, response.status_code)
        return
    if role == "anonymous":
        assert response.status_code == 302, (path, response.status_code)
        expected = f"/entrar?next={path}" if method == "GET" else "/entrar"
        assert location == expected, location
        return
    with app_session(app) as session:
        me = session.exec(select(User).where(User.email == f"{role}@example.org")).one()
    if not rule.allows(me):  # none of the permissions it accepts
        assert response.status_code == 403, (path, role, response.status_code)
        return
    assert not location.startswith("/entrar"), (path, role)
    if role == "other_staff" and _names_a_record(app, endpoint):  # IDOR: as if not there
        assert response.status_code == 404, (path, role, response.status_code)
        return
    expected = ALLOWED_STATUS.get((endpoint, method), 200 if method == "GET" else None)
    if expected is None:  # another feature's action: allowed means neither refused nor broken
        assert response.status_code < 500 and response.status_code not in (401, 403)
    else:
        assert response.status_code == expected, (path, role, response.status_code)


@pytest.mark.parametrize(("endpoint", "method"), PUBLIC, ids=[f"{e}:{m}" for e, m in PUBLIC])
def test_public_pages_never_ask_anonymous_visitors_to_sign_in(
    app: Flask, endpoint: str, method: str
) -> None:
    world = World(target_user_id=1, throttle_id=1)
    client, token = _client(app, "anonymous")
    path = "/static/css/enlace.css" if endpoint == "static" else _path(app, endpoint, world)
    data = {"csrf_token": token} if method != "GET" else None
    with client.open(path, method=method, data=data) as response:
        assert response.status_code not in (401, 403), path
        assert not response.headers.get("Location", "").startswith("/entrar"), path
        assert response.status_code < 500, path


HSDS_AND_DOCS = {
    "hsds.index",
    "hsds.profile",
    "hsds.services",
    "hsds.service",
    "hsds.organizations",
    "hsds.organization",
    "hsds.taxonomies",
    "hsds.taxonomy",
    "hsds.taxonomy_terms",
    "hsds.taxonomy_term",
    "hsds.service_at_locations",
    "hsds.service_at_location",
    "api_docs.openapi",
    "api_docs.docs",
    "api.index",
}


def test_the_hsds_api_and_the_documentation_are_public_and_read_only() -> None:
    public = {(endpoint, method) for endpoint, method in PUBLIC}
    assert {(endpoint, "GET") for endpoint in HSDS_AND_DOCS} <= public
    writes = {e for e, m in ENDPOINT_METHODS if e.startswith("hsds.") and m != "GET"}
    assert not writes


def test_api_tokens_are_managed_only_when_signed_in() -> None:
    assert {("auth.create_token", "POST"), ("auth.revoke_token", "POST")} <= set(PROTECTED)


def test_the_catalogue_api_is_public_and_read_only() -> None:
    """Search, offers and agencies answer everyone, as their pages do (a token needs the
    read scope: tests/functional/api/test_catalogue.py)."""
    catalogue = {"api.search_offers", "api.offer", "api.agency"}
    assert {(endpoint, "GET") for endpoint in catalogue} <= set(PUBLIC)
    assert not {e for e, m in ENDPOINT_METHODS if e in catalogue and m != "GET"}


def test_the_casework_api_is_for_the_centres_staff_and_the_link_is_public() -> None:
    """Referrals need CASEWORK (another centre's staff get 404: PARTICIPANT_PARAMETERS);
    the agency's link endpoint has no account, its token is the secret."""
    casework = {
        ("api.participant_referrals", "GET"),
        ("api.create_referral", "POST"),
        ("api.referral_status", "POST"),
    }
    assert casework <= set(PROTECTED)
    for endpoint, _method in casework:
        rule = rule_for(_MAP_APP, endpoint)
        assert rule is not None and rule.permissions == {Permission.CASEWORK}
    assert ("api.link_status", "POST") in PUBLIC


def test_the_network_api_is_for_coordinators() -> None:
    """Coverage and reading agreements need NETWORK_REPORTS, changing them NETWORK_MANAGE
    (the region scope is the services': tests/functional/api/test_network.py)."""
    expected = {
        ("api.coverage", "GET"): Permission.NETWORK_REPORTS,
        ("api.agreement_list", "GET"): Permission.NETWORK_REPORTS,
        ("api.agreement_detail", "GET"): Permission.NETWORK_REPORTS,
        ("api.create_agreement", "POST"): Permission.NETWORK_MANAGE,
        ("api.update_agreement", "PATCH"): Permission.NETWORK_MANAGE,
    }
    assert set(expected) <= set(PROTECTED)
    for (endpoint, _method), permission in expected.items():
        rule = rule_for(_MAP_APP, endpoint)
        assert rule is not None and rule.permissions == {permission}


def test_the_network_access_query_is_for_staff_and_coordinators() -> None:
    """Either permission opens it; the centre is narrowed by the view (next test)."""
    assert ("api.network_access", "POST") in PROTECTED
    rule = rule_for(_MAP_APP, "api.network_access")
    assert rule is not None
    assert rule.permissions == {Permission.CASEWORK, Permission.NETWORK_REPORTS}


#: POST /api/v1/network/access about the staff member's centre (region 7), as each role.
NETWORK_ACCESS = {
    "anonymous": 401,
    "staff": 200,
    "other_staff": 403,  # IDOR: another centre's staff may not ask about this centre
    "coordinator": 200,  # region 7's coordinator
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_network_access_query_by_role(app: Flask, role: str) -> None:
    _world(app)
    with app_session(app) as session:
        staff = session.exec(select(User).where(User.email == "staff@example.org")).one()
        centre = staff.agency_id
    client, token = _client(app, role)
    response = client.post(
        "/api/v1/network/access", json={"centre": centre}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == NETWORK_ACCESS[role], response.get_data(as_text=True)
    if response.status_code == 200:
        assert response.get_json()["centre"]["id"] == centre
    else:
        assert response.get_json()["error"]["status"] == response.status_code


#: With the broadest API token each role may hold: the evaluation JSON (asking for another
#: region) and the access query about the staff member's centre.
TOKEN_ROWS = {
    "evaluation": {"staff": 403, "other_staff": 403, "coordinator": 403, "admin": 200},
    "network_access": {"staff": 200, "other_staff": 403, "coordinator": 200, "admin": 200},
}


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("what", sorted(TOKEN_ROWS))
def test_the_evaluation_and_access_query_with_tokens(app: Flask, role: str, what: str) -> None:
    _world(app)
    with app_session(app) as session:
        me = session.exec(select(User).where(User.email == f"{role}@example.org")).one()
        staff = session.exec(select(User).where(User.email == "staff@example.org")).one()
        scopes = [s.value for s in tokens.allowed_scopes(me)]
        _, secret = tokens.create_token(session, me, "t", scopes, 30, datetime.now(UTC))
        session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    if what == "evaluation":
        response = client.get("/api/v1/evaluation?region=13", headers=headers)
    else:
        response = client.post(
            "/api/v1/network/access", json={"centre": staff.agency_id}, headers=headers
        )
    assert response.status_code == TOKEN_ROWS[what][role], response.get_data(as_text=True)
    if what == "evaluation" and role == "coordinator":  # region 7's, asking for 13
        assert response.get_json()["error"]["code"] == "out_of_scope"
    if what == "evaluation" and role == "admin":
        assert response.get_json()["region"] == "13"
