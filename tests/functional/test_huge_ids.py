"""Every ``<int:...>`` route answers 404, never 500, for an id no database key can hold
(beyond PostgreSQL's 32-bit ``integer``), asked by someone allowed to use the route; the
API keeps its JSON error shape."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from enlace.accounts.policy import Role
from enlace.web.access import rule_for
from enlace.web.converters import INT_MAX
from tests.accounts_factories import app_session, make_user
from tests.functional.test_access_table import _MAP_APP, CELL, SKIP_METHODS, _client

HUGE = 99999999999999999999

INT_ROUTES = sorted(
    (rule.endpoint, method)
    for rule in _MAP_APP.url_map.iter_rules()
    if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    for method in sorted((rule.methods or set()) - SKIP_METHODS)
)


def _path(app: Flask, endpoint: str, value: int) -> str:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = value
        else:
            values[name] = CELL.get(name, "x")
    return str(app.url_map.bind("localhost").build(endpoint, values))


def _role_for(app: Flask, endpoint: str) -> str:
    """Someone the route lets in (anonymous for public routes)."""
    rule = rule_for(app, endpoint)
    assert rule is not None
    if rule.public:
        return "anonymous"
    with app_session(app) as session:
        for role in (Role.STAFF, Role.COORDINATOR, Role.ADMIN):
            user = make_user(session, role.value, email=f"{role.value}@example.org")
            if rule.allows(user):
                session.commit()
                return role.value
    raise AssertionError(f"nobody may use {endpoint}")


def test_the_table_covers_every_area() -> None:
    prefixes = {e.split(".")[0] for e, _ in INT_ROUTES}
    assert {"staff", "coordinator", "api"} <= prefixes, prefixes


@pytest.mark.parametrize(
    ("endpoint", "method"), INT_ROUTES, ids=[f"{e}:{m}" for e, m in INT_ROUTES]
)
def test_a_huge_id_is_404(app: Flask, endpoint: str, method: str) -> None:
    role = _role_for(app, endpoint)
    client, token = _client(app, role)
    path = _path(app, endpoint, HUGE)
    response = client.open(path, method=method, data={"csrf_token": token})
    assert response.status_code == 404, (path, role, response.status_code)
    if path.startswith("/api/"):
        body = response.get_json()
        assert body["error"]["code"] == "not_found", body


def test_the_largest_key_still_matches(app: Flask) -> None:
    assert app.url_map.bind("localhost").match(f"/equipo/derivaciones/{INT_MAX}")[1] == {
        "referral_id": INT_MAX
    }
    with pytest.raises(Exception, match="404"):
        app.url_map.bind("localhost").match(f"/equipo/derivaciones/{INT_MAX + 1}")
