"""Personal API tokens end to end: the account page, Bearer calls, scopes, revocation,
expiry, another user's token (IDOR), and the rate limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from enlace.accounts.models import ApiToken, AuditEntry
from enlace.catalogue.models import Agency
from enlace.db import get_session, utcnow
from enlace.web import api_auth
from tests.accounts_factories import app_session, make_user, page_token, sign_in
from tests.conftest import _dispose, _make_app

_SECRET = re.compile(r"enl_[A-Za-z0-9_\-]{20,}")
MATCH = {"needs": {"employment": "high"}, "attributes": {"age": 30, "commune": "15101"}}


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _create(client: FlaskClient, scopes: list[str], name: str = "mine") -> str:
    token = page_token(client)
    response = client.post(
        "/cuenta/claves-api",
        data={"csrf_token": token, "name": name, "scopes": scopes, "days": "30"},
    )
    assert response.status_code == 201, response.status_code
    found = _SECRET.findall(response.get_data(as_text=True))
    assert len(found) == 1
    return found[0]


@pytest.fixture
def staff(shipped_app: Flask) -> FlaskClient:
    with app_session(shipped_app) as session:
        centre = session.exec(select(Agency).where(Agency.slug == "ct-aurora-arica")).one()
        make_user(session, "staff", email="aurora@example.org", agency=centre)
        make_user(session, "staff", email="other@example.org")
        session.commit()
    client = shipped_app.test_client()
    assert sign_in(client, "aurora@example.org").status_code == 302
    return client


def test_the_secret_is_shown_once_and_listed_by_its_prefix(staff: FlaskClient) -> None:
    secret = _create(staff, ["read"], name="Ficha clínica")
    page = staff.get("/cuenta").get_data(as_text=True)
    assert secret not in page and secret[:10] in page and "Ficha clínica" in page


def test_bad_token_forms_re_render_with_errors(staff: FlaskClient) -> None:
    token = page_token(staff)
    response = staff.post(
        "/cuenta/claves-api", data={"csrf_token": token, "name": "keep me", "days": "30"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="keep me"' in html and "error-summary" in html
    refused = staff.post(
        "/cuenta/claves-api",
        data={"csrf_token": token, "name": "x", "scopes": ["network"], "days": "30"},
    )
    assert refused.status_code == 422  # a scope staff do not hold is not even offered


def test_a_bearer_token_works_without_a_session(shipped_app: Flask, staff: FlaskClient) -> None:
    secret = _create(staff, ["read"])
    stranger = shipped_app.test_client()
    response = stranger.get("/api/v1/", headers=_bearer(secret))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    with app_session(shipped_app) as session:
        assert session.exec(select(ApiToken)).one().last_used_at is not None


@pytest.mark.parametrize("secret", ["enl_unknown", "", "not a token at all"])
def test_an_invalid_token_is_a_401_in_the_error_shape(
    shipped_client: FlaskClient, secret: str
) -> None:
    response = shipped_client.get("/api/v1/", headers=_bearer(secret))
    assert response.status_code == 401 and response.is_json
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_and_expired_tokens_stop_working(shipped_app: Flask, staff: FlaskClient) -> None:
    revoked, expired = _create(staff, ["read"], "a"), _create(staff, ["read"], "b")
    api = shipped_app.test_client()
    assert api.get("/api/v1/", headers=_bearer(revoked)).status_code == 200
    with app_session(shipped_app) as session:
        rows = {t.name: t for t in session.exec(select(ApiToken))}
        rows["b"].expires_at = utcnow() - timedelta(seconds=1)
        session.add(rows["b"])
        session.commit()
        revoked_id = rows["a"].id
    response = staff.post(
        f"/cuenta/claves-api/{revoked_id}/revocar", data={"csrf_token": page_token(staff)}
    )
    assert response.status_code == 302
    assert api.get("/api/v1/", headers=_bearer(revoked)).status_code == 401
    assert api.get("/api/v1/", headers=_bearer(expired)).status_code == 401


def test_nobody_revokes_another_persons_token(shipped_app: Flask, staff: FlaskClient) -> None:
    secret = _create(staff, ["read"])
    with app_session(shipped_app) as session:
        token_id = session.exec(select(ApiToken)).one().id
    other = shipped_app.test_client()
    assert sign_in(other, "other@example.org").status_code == 302
    other.post(f"/cuenta/claves-api/{token_id}/revocar", data={"csrf_token": page_token(other)})
    assert "mine" not in other.get("/cuenta").get_data(as_text=True)  # nor sees it
    assert shipped_app.test_client().get("/api/v1/", headers=_bearer(secret)).status_code == 200


def test_a_token_reaches_only_the_api(shipped_app: Flask, staff: FlaskClient) -> None:
    secret = _create(staff, ["read", "casework"])
    response = shipped_app.test_client().get("/cuenta", headers=_bearer(secret))
    assert response.status_code == 302 and "/entrar" in response.headers["Location"]


def test_match_ranks_by_the_centre_of_a_casework_token_only(
    shipped_app: Flask, staff: FlaskClient
) -> None:
    casework, reading = _create(staff, ["casework"], "c"), _create(staff, ["read"], "r")
    api = shipped_app.test_client()

    def priority(headers: dict[str, str]) -> int:
        response = api.post("/api/v1/match", json=MATCH, headers=headers)
        assert response.status_code == 200
        return sum(bool(r["preferential_access"]) for r in response.get_json()["results"])

    assert priority(_bearer(casework)) > 0
    assert priority(_bearer(reading)) == 0
    assert priority({}) == 0


@pytest.fixture
def limited_app(shipped_engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = _make_app(
        database_url, tmp_path, API_RATE_LIMIT_PER_TOKEN=3, API_RATE_LIMIT_PER_ADDRESS=5
    )
    yield app
    _dispose(app)


def test_rate_limits_per_token_and_per_address(limited_app: Flask) -> None:
    with app_session(limited_app) as session:
        make_user(session, "staff", email="s@example.org")
        session.commit()
    web = limited_app.test_client()
    assert sign_in(web, "s@example.org").status_code == 302
    secret = _create(web, ["read"])
    api = limited_app.test_client()
    answers = [api.get("/api/v1/", headers=_bearer(secret)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    over = api.get("/api/v1/", headers=_bearer(secret))
    assert over.is_json and 1 <= int(over.headers["Retry-After"]) <= 60
    assert over.get_json()["error"]["code"] == "too_many_requests"
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    hsds = [
        limited_app.test_client().get("/hsds/", environ_base=other_address).status_code
        for _ in range(6)
    ]
    assert hsds == [200] * 5 + [429]
    assert web.get("/cuenta").status_code == 200  # pages are not rate limited


def test_the_audit_hook_names_the_token_for_each_record(
    shipped_app: Flask, staff: FlaskClient
) -> None:
    secret = _create(staff, ["casework"])
    with shipped_app.test_request_context("/api/v1/", headers=_bearer(secret)):
        api_auth.authenticate()
        api_auth.audit_token_use("participant", ["P-7"])
        get_session().commit()
    with shipped_app.test_request_context("/api/v1/"):  # no token: nothing to add
        api_auth.audit_token_use("participant", ["P-8"])
        get_session().commit()
    with app_session(shipped_app) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.action == "api_token.used")).all()  # type: ignore[arg-type]
    assert [r.target_id for r in rows] == ["P-7"] and rows[0].actor_label == "aurora@example.org"
