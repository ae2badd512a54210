"""Builders and helpers for account tests: users, CSRF tokens, signing in through the form."""

from __future__ import annotations

import re
from functools import cache
from itertools import count
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from enlace.accounts import passwords
from enlace.accounts.models import User
from enlace.accounts.policy import Role
from enlace.catalogue.models import Agency
from enlace.db import get_database, open_session
from tests.factories import ensure_place, make_agency

#: A password that passes the rules (length, not common).
PASSWORD = "tranvía lento bajo la lluvia"
_seq = count(1)
_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


@cache
def _hash(password: str) -> str:
    return passwords.hash_password(password)


def make_centre(session: Session, **fields: Any) -> Agency:
    ensure_place(session)
    values: dict[str, Any] = {
        "sector": "treatment_centre",
        "level": "communal",
        "region_code": "7",
        "commune_code": "7101",
    }
    values.update(fields)
    return make_agency(session, **values)


def make_user(
    session: Session,
    role: Role | str = Role.STAFF,
    *,
    email: str | None = None,
    password: str | None = PASSWORD,
    agency: Agency | None = None,
    region_code: str | None = None,
    **fields: Any,
) -> User:
    """A user (staff get a treatment centre of their own unless one is given); flushed."""
    n = next(_seq)
    role = Role(role)
    if role is Role.STAFF and agency is None:
        agency = make_centre(session)
    if region_code:
        ensure_place(session, region=region_code, commune=f"{region_code}101")
    values: dict[str, Any] = {
        "email": email or f"{role.value}{n}@example.org",
        "display_name": f"{role.value.title()} {n}",
        "role": role.value,
        "agency_id": agency.id if agency is not None else None,
        "region_code": region_code,
        "password_hash": _hash(password) if password else None,
    }
    values.update(fields)
    user = User(**values)
    session.add(user)
    session.flush()
    return user


def app_session(app: Flask) -> Session:
    """A session on the app's database, outside requests (commit your changes)."""
    engine = get_database(app).engine
    assert engine is not None
    return open_session(engine, expire_on_commit=False)


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def login_token(client: FlaskClient, **request: Any) -> str:
    return csrf_from(client.get("/entrar", **request).get_data(as_text=True))


def sign_in(
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    *,
    request: dict[str, Any] | None = None,
    **extra: str,
) -> Any:
    """Sign in through the real form; returns the POST response (``request``: client kwargs)."""
    token = login_token(client, **(request or {}))
    data = {"email": email, "password": password, "csrf_token": token, **extra}
    return client.post("/entrar", data=data, **(request or {}))


def page_token(client: FlaskClient, path: str = "/cuenta") -> str:
    """A CSRF token of the signed-in session (read from a page with a form)."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return csrf_from(response.get_data(as_text=True))
