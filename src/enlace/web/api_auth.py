"""Who calls the APIs: personal API tokens (``Authorization: Bearer``) and rate limits.

Called by :mod:`enlace.web.access` before any API view runs:

* under ``/api/v1/`` a Bearer token is checked (unknown, expired or revoked: 401 with
  ``WWW-Authenticate``); a valid one makes its user the caller for this request only
  (no session, no cookie, no CSRF token needed) and limits it to its scopes;
* under ``/api/`` and ``/hsds/`` every request counts against its client address, and a
  token's requests against the token too: over the limit answers 429 with Retry-After.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from flask import Flask, current_app, g, request

from enlace.accounts import tokens
from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import ApiToken, User
from enlace.accounts.policy import Permission
from enlace.accounts.ratelimit import RateLimiter
from enlace.db import get_session, utcnow
from enlace.web.errors import ApiError

#: Paths where tokens are accepted, and where rate limits apply.
TOKEN_AREA = "/api/v1/"
LIMITED_AREAS = ("/api/", "/hsds/")
_LIMITER = "enlace.api_rate_limiter"


def in_api_area() -> bool:
    return request.path.startswith(LIMITED_AREAS)


def bearer_secret() -> str | None:
    """The token in ``Authorization: Bearer <token>``, if the request sends one."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or ""


def authenticate() -> None:
    """Check a Bearer token under /api/v1/; remember its user for this request."""
    if not request.path.startswith(TOKEN_AREA):
        return
    secret = bearer_secret()
    if secret is None:
        return
    session = get_session()
    found = tokens.authenticate(session, secret, utcnow(), request.remote_addr)
    if found is None:
        raise ApiError(
            401,
            "The API token is unknown, expired or revoked.",
            code="invalid_token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    session.commit()  # the last use, noted at most once a minute
    g.api_token, g.api_user = found


def token_user() -> User | None:
    """The user a valid Bearer token of this request acts as, if any."""
    user = g.get("api_user")
    return user if isinstance(user, User) else None


def current_token() -> ApiToken | None:
    token = g.get("api_token")
    return token if isinstance(token, ApiToken) else None


def token_may(permission: Permission) -> bool:
    """With a token: does it (and its user's role) cover ``permission``?"""
    token, user = current_token(), token_user()
    return token is not None and user is not None and tokens.token_allows(token, user, permission)


def audit_token_use(target_type: str, target_ids: Iterable[str | int]) -> None:
    """The hook for endpoints that read or change participant data: with a token, one
    audit entry per record (the caller commits with its own change)."""
    token, user = current_token(), token_user()
    if token is None or user is None:
        return
    info = RequestInfo(ip=request.remote_addr, user_agent=request.headers.get("User-Agent"))
    tokens.audit_use(get_session(), token, user, target_type, target_ids, info)


def limit_rate() -> None:
    """Count this request per address (and per token); 429 when over either limit."""
    if not in_api_area():
        return
    limiter: RateLimiter = current_app.extensions[_LIMITER]
    now = time.time()
    checks = [
        (f"address:{request.remote_addr}", int(current_app.config["API_RATE_LIMIT_PER_ADDRESS"]))
    ]
    token = current_token()
    if token is not None:
        checks.append((f"token:{token.id}", int(current_app.config["API_RATE_LIMIT_PER_TOKEN"])))
    for key, limit in checks:
        wait = limiter.hit(key, limit, now)
        if wait is not None:
            raise ApiError(
                429,
                "Too many requests: wait before trying again.",
                headers={"Retry-After": str(wait)},
            )


def init_app(app: Flask) -> None:
    app.extensions[_LIMITER] = RateLimiter()
