"""The append-only audit log: every feature writes here through :func:`record`.

Where it lives: beside the accounts, not in ``casework``. Every area writes to it
(sign-ins and user changes here, participant views and referrals in casework, agreement
changes in network), and every entry names an account; keeping it next to the users
lets casework and network depend on accounts, never the other way round.

:func:`record` adds the entry to the caller's session and flushes; the caller commits,
so the entry is written in the same transaction as the change it describes. Nothing
here updates or deletes entries, and database triggers refuse it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from enlace.accounts.models import (
    EMAIL_MAX,
    IP_MAX,
    REASON_MAX,
    USER_AGENT_MAX,
    AuditEntry,
    User,
)
from enlace.db import utcnow

_ACTION = re.compile(r"^[a-z][a-z0-9_.]{0,59}$")
PAGE_SIZE = 50


class AuditAction(StrEnum):
    """The actions this package writes; later features add their own (lowercase, dotted)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGIN_REFUSED = "login_refused"  # right password, but the account is disabled
    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout_everywhere"
    SESSION_EXPIRED = "session_expired"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    RESET_LINK_CREATED = "reset_link_created"
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    USER_UNLOCKED = "user_unlocked"
    USER_SIGNED_OUT = "user_signed_out"  # an admin ended every session of another user
    THROTTLE_CLEARED = "throttle_cleared"
    DEMO_ACCOUNTS = "demo_accounts"
    # agreements (enlace.network.agreements); details: {"version", "changes": [...]}
    AGREEMENT_CREATED = "agreement.created"
    AGREEMENT_UPDATED = "agreement.updated"
    AGREEMENT_ACTIVATED = "agreement.activated"
    AGREEMENT_SUSPENDED = "agreement.suspended"
    AGREEMENT_RENEWED = "agreement.renewed"
    AGREEMENT_ENDED = "agreement.ended"
    # personal API tokens (enlace.accounts.tokens); never the secret in details
    TOKEN_CREATED = "api_token.created"
    TOKEN_REVOKED = "api_token.revoked"
    TOKEN_USED = "api_token.used"  # a token read or changed participant data


class AuditReason(StrEnum):
    """Why the system did something, kept as a code in ``details["why"]`` (pages label it).

    ``reason`` holds only what a person typed; a code is never written there. Entries of
    older versions held English text in ``reason``: :data:`LEGACY_REASONS` maps it back.
    """

    UNKNOWN_ACCOUNT = "unknown_account"
    WRONG_PASSWORD = "wrong_password"
    ACCOUNT_DISABLED = "account_disabled"
    DEMO_ACCOUNTS_OFF = "demo_accounts_off"


#: The English texts older versions wrote in ``reason`` for system decisions.
LEGACY_REASONS: dict[str, AuditReason] = {
    "unknown account": AuditReason.UNKNOWN_ACCOUNT,
    "wrong password": AuditReason.WRONG_PASSWORD,
    "account disabled": AuditReason.ACCOUNT_DISABLED,
    "demo accounts are off": AuditReason.DEMO_ACCOUNTS_OFF,
}

#: ``actor_label`` of entries with no account behind them: a visitor who is not signed in.
ANONYMOUS = "anonymous"
#: ``actor_label`` prefix of entries written by an ``enlace`` command (``enlace demo-accounts``).
COMMAND_PREFIX = "enlace "


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """Where an action came from (the web layer fills it from the request)."""

    ip: str | None = None
    user_agent: str | None = None


#: For actions outside any request (CLI, workers).
COMMAND_LINE = RequestInfo(ip=None, user_agent="enlace command line")


def _clip(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    return value[:limit]


def record(
    session: Session,
    actor: User | None,
    action: str,
    target_type: str | None,
    target_id: str | int | None,
    reason: str | None,
    request_info: RequestInfo | None,
    *,
    details: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Append one entry (flushed, not committed): who did what to which record, why, from where.

    ``actor`` None means an anonymous visitor or the system; ``actor_label`` then says which.
    Never pass secrets (passwords, tokens) in ``details`` or ``reason``.
    """
    if not _ACTION.match(action):
        raise ValueError(f"audit action must be lowercase words, got {action!r}")
    info = request_info or RequestInfo()
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_label=_clip(actor.email if actor else (actor_label or ANONYMOUS), EMAIL_MAX)
        or ANONYMOUS,
        actor_role=actor.role if actor is not None else None,
        action=action,
        target_type=_clip(target_type, 40),
        target_id=_clip(None if target_id is None else str(target_id), 64),
        reason=_clip(reason.strip() if reason else None, REASON_MAX) or None,
        ip=_clip(info.ip, IP_MAX),
        user_agent=_clip(info.user_agent, USER_AGENT_MAX),
        details=details,
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What an admin filters the log by (every field optional)."""

    actor: str | None = None  # part of the actor's e-mail
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    pages: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(session: Session, filters: AuditFilter, page: int = 1) -> AuditPage:
    """Entries matching the filter, newest first, one page at a time."""
    conditions: list[Any] = []
    if filters.actor:
        pattern = f"%{_escape_like(filters.actor.casefold())}%"
        conditions.append(func.lower(col(AuditEntry.actor_label)).like(pattern, escape="\\"))
    if filters.action:
        conditions.append(col(AuditEntry.action) == filters.action)
    if filters.target_type:
        conditions.append(col(AuditEntry.target_type) == filters.target_type)
    if filters.target_id:
        conditions.append(col(AuditEntry.target_id) == filters.target_id)
    if filters.since:
        conditions.append(col(AuditEntry.at) >= filters.since)
    if filters.until:
        conditions.append(col(AuditEntry.at) < filters.until)
    total = int(session.exec(select(func.count()).select_from(AuditEntry).where(*conditions)).one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    entries = session.exec(
        select(AuditEntry)
        .where(*conditions)
        .order_by(col(AuditEntry.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return AuditPage(entries=list(entries), total=total, page=page, pages=pages)


def known_actions(session: Session) -> list[str]:
    """Every action present in the log plus this package's, for the filter's choices."""
    present = set(session.exec(select(AuditEntry.action).distinct()).all())
    return sorted(present | {action.value for action in AuditAction})


def known_target_types(session: Session) -> list[str]:
    found = session.exec(
        select(AuditEntry.target_type).where(col(AuditEntry.target_type).is_not(None)).distinct()
    ).all()
    return sorted(t for t in found if t)
