"""One-time links to set a password (new accounts) or reset it (forgotten, locked out).

The token is 32 random bytes shown once to the administrator who made it; the database
keeps only its SHA-256, so a copy of the database cannot be used to take over accounts.
A link works once, until it expires; making a new link for a user voids the older ones.
Redeeming it is one conditional UPDATE, so two simultaneous uses cannot both succeed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import Session, col, select

from enlace.accounts import service, throttling
from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.errors import AccountError
from enlace.accounts.models import PasswordResetToken, User

TOKEN_MAX_LENGTH = 128


class Purpose:
    RESET = "reset"
    INVITE = "invite"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_link(
    session: Session,
    user: User,
    actor: User | None,
    info: RequestInfo | None,
    *,
    lifetime: timedelta,
    now: datetime,
    purpose: str = Purpose.RESET,
    reason: str | None = None,
) -> str:
    """Create a link token for ``user`` (voiding their earlier ones); returns it, once."""
    session.execute(
        update(PasswordResetToken)
        .where(col(PasswordResetToken.user_id) == user.id)
        .where(col(PasswordResetToken.used_at).is_(None))
        .values(used_at=now)
    )
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=_digest(token),
            purpose=purpose,
            created_at=now,
            expires_at=now + lifetime,
            created_by_id=actor.id if actor is not None else None,
        )
    )
    session.flush()
    details = {"purpose": purpose, "expires_at": (now + lifetime).isoformat()}
    action = AuditAction.RESET_LINK_CREATED
    record(session, actor, action, "user", user.id, reason, info, details=details)
    return token


def _valid_row(session: Session, token: str, now: datetime) -> PasswordResetToken | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    row = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _digest(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def link_user(session: Session, token: str, now: datetime) -> User | None:
    """The account a still-valid link is for (does not use the link up)."""
    row = _valid_row(session, token, now)
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    return user


def redeem(
    session: Session,
    token: str,
    password: str,
    info: RequestInfo | None,
    *,
    now: datetime,
    min_length: int,
    secret: str,
) -> User:
    """Set the password through a link; the link is used up only if the password is accepted."""
    user = link_user(session, token, now)
    row = _valid_row(session, token, now)
    if user is None or row is None:
        raise AccountError(_l("This link has expired or has already been used."))
    service.set_password(session, user, password, min_length)  # raises before using the link
    used = session.execute(
        update(PasswordResetToken)
        .where(col(PasswordResetToken.id) == row.id)
        .where(col(PasswordResetToken.used_at).is_(None))
        .values(used_at=now)
    )
    if getattr(used, "rowcount", 0) != 1:
        raise AccountError(_l("This link has expired or has already been used."))
    throttling.clear(session, throttling.account_key(user.email, secret))
    details = {"purpose": row.purpose}
    record(session, user, AuditAction.PASSWORD_RESET, "user", user.id, None, info, details=details)
    return user
