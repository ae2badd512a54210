"""Personal API tokens: created by a signed-in person, shown once, stored hashed, scoped,
expiring, revocable, listed with their last use.

A token acts as its user under ``/api/v1/`` (``Authorization: Bearer <token>``) and
grants a permission only when both hold: the user's role has it (:func:`allows`, so
record scopes such as the centre stay the user's) and one of the token's scopes covers
it (:data:`SCOPE_PERMISSIONS`). Managing accounts, tokens and the audit log is never
possible with a token. Every use of a token on participant data is audited
(:func:`audit_use`, called by casework endpoints).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.models import IP_MAX, TOKEN_NAME_MAX, ApiToken, User
from enlace.accounts.policy import Permission, allows

#: What every token starts with (easy to spot in logs and secret scanners).
TOKEN_PREFIX = "enl_"
#: Lifetimes offered, in days; the longest is the most a token may live.
LIFETIMES_DAYS = (7, 30, 90, 365)
#: A used token's ``last_used_at`` is rewritten at most this often.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class TokenScope(StrEnum):
    """What a token may be used for (see :data:`SCOPE_PERMISSIONS`)."""

    READ = "read"  # the public catalogue: search, offers, agencies, matching
    CASEWORK = "casework"  # participants and referrals of the user's own centre; the
    # centre's preferential access
    NETWORK = "network"  # agreements, coverage, the access query, evaluation (coordinators)


#: The permissions each scope covers. ``read`` covers none: the endpoints it opens are
#: public ones that check it themselves (``web.api.scopes.require_token_scope``), so a
#: report of the network or of evaluation always needs ``network``.
SCOPE_PERMISSIONS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.READ: frozenset(),
    TokenScope.CASEWORK: frozenset({Permission.CASEWORK}),
    TokenScope.NETWORK: frozenset({Permission.NETWORK_MANAGE, Permission.NETWORK_REPORTS}),
}


class TokenError(ValueError):
    """A token that cannot be created as asked (unknown or forbidden scope, bad name)."""


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret: tokens are long random strings, so a fast hash is enough."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def scopes_of(token: ApiToken) -> frozenset[TokenScope]:
    known = {scope.value for scope in TokenScope}
    return frozenset(TokenScope(s) for s in token.scopes.split() if s in known)


def allowed_scopes(user: User) -> list[TokenScope]:
    """The scopes this user may give a token: never more than their role holds."""
    found = [TokenScope.READ]
    if allows(user, Permission.CASEWORK):
        found.append(TokenScope.CASEWORK)
    if allows(user, Permission.NETWORK_MANAGE):
        found.append(TokenScope.NETWORK)
    return found


def token_allows(token: ApiToken, user: User, permission: Permission) -> bool:
    """May this token, acting as ``user``, use ``permission``?"""
    if not allows(user, permission):
        return False
    return any(permission in SCOPE_PERMISSIONS[scope] for scope in scopes_of(token))


def create_token(
    session: Session,
    user: User,
    name: str,
    scopes: Collection[str],
    days: int,
    now: datetime,
    info: RequestInfo | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the client)."""
    clean_name = " ".join(name.split())
    if not clean_name or len(clean_name) > TOKEN_NAME_MAX:
        raise TokenError("name")
    if days not in LIFETIMES_DAYS:
        raise TokenError("days")
    wanted = set(scopes)
    allowed = {s.value for s in allowed_scopes(user)}
    if not wanted or not wanted <= allowed:
        raise TokenError("scopes")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    assert user.id is not None
    token = ApiToken(
        user_id=user.id,
        name=clean_name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_secret(secret),
        scopes=" ".join(sorted(wanted)),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    details = {"name": clean_name, "scopes": sorted(wanted), "days": days}
    record(
        session, user, AuditAction.TOKEN_CREATED, "api_token", token.id, None, info, details=details
    )
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, marked as such)."""
    statement = (
        select(ApiToken)
        .where(col(ApiToken.user_id) == user.id)
        .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
    )
    return list(session.exec(statement))


def revoke_token(
    session: Session, user: User, token_id: int, now: datetime, info: RequestInfo | None = None
) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = now
    session.add(token)
    record(session, user, AuditAction.TOKEN_REVOKED, "api_token", token.id, None, info)
    return True


def authenticate(
    session: Session, secret: str, now: datetime, ip: str | None = None
) -> tuple[ApiToken, User] | None:
    """The token and its user, if the secret is a live token of an enabled account.

    Notes the last use (at most once a minute, so a busy client does not write on every
    call); the caller commits.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = session.exec(
        select(ApiToken).where(col(ApiToken.token_hash) == hash_secret(secret))
    ).first()
    if token is None or token.revoked_at is not None or _aware(token.expires_at) <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or user.disabled:
        return None
    last = token.last_used_at
    if last is None or now - _aware(last) >= LAST_USE_RESOLUTION:
        token.last_used_at = now
        token.last_used_ip = ip[:IP_MAX] if ip else None
        session.add(token)
    return token, user


def audit_use(
    session: Session,
    token: ApiToken,
    user: User,
    target_type: str,
    target_ids: Iterable[str | int],
    info: RequestInfo | None = None,
) -> None:
    """The hook for endpoints that touch participant data with a token: one audit entry
    per record, naming the token (never its secret)."""
    for target in target_ids:
        record(
            session,
            user,
            AuditAction.TOKEN_USED,
            target_type,
            target,
            None,
            info,
            details={"token_id": token.id, "token_prefix": token.prefix},
        )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL aware: compare them alike."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
