"""Signing in: throttling, password check and the audit trail, in one service call.

The order matters. A throttled attempt is refused before the password is looked at, so
a locked account cannot be guessed at. Unknown e-mails cost the same hashing time and
count against the same throttles as known ones, so the answers do not reveal which
accounts exist. The submitted e-mail of an unknown account is never stored (people type
passwords into the e-mail box), and no password is ever logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from enlace.accounts import passwords, throttling
from enlace.accounts.audit import AuditAction, AuditReason, RequestInfo, record
from enlace.accounts.models import User
from enlace.accounts.service import find_by_email
from enlace.accounts.throttling import ThrottleSettings, Verdict


class Outcome(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # wrong e-mail or password
    THROTTLED = "throttled"  # too many failures: wait, or locked
    DISABLED = "disabled"  # right password, account disabled (or a demo account turned off)


@dataclass(frozen=True, slots=True)
class LoginResult:
    outcome: Outcome
    user: User | None = None
    verdict: Verdict = throttling.ALLOWED  # what the next attempt meets


@dataclass(frozen=True, slots=True)
class LoginContext:
    """Settings of the deployment that the login service needs."""

    throttle: ThrottleSettings
    secret: str  # keys the account throttle hash
    demo_accounts: bool  # demo accounts may sign in only while DEMO_ACCOUNTS is on


def authenticate(
    session: Session,
    email: str,
    password: str,
    info: RequestInfo,
    context: LoginContext,
    now: datetime,
) -> LoginResult:
    """Check one sign-in attempt and record it; the caller commits and starts the session."""
    account = throttling.account_key(email, context.secret)
    address = throttling.address_key(info.ip)
    user = find_by_email(session, email)
    target_id = user.id if user is not None else None
    verdict = throttling.check(session, [account, address], context.throttle, now)
    if not verdict.allowed:
        details = {"scope": str(verdict.kind), "locked": verdict.locked}
        action = AuditAction.LOGIN_THROTTLED
        record(session, None, action, "user", target_id, None, info, details=details)
        return LoginResult(Outcome.THROTTLED, verdict=verdict)

    if user is None or not passwords.verify_password(user.password_hash, password):
        user_id = user.id if user is not None else None
        after = [
            throttling.register_failure(session, account, context.throttle, now, user_id=user_id),
            throttling.register_failure(session, address, context.throttle, now),
        ]
        why = AuditReason.UNKNOWN_ACCOUNT if user is None else AuditReason.WRONG_PASSWORD
        action = AuditAction.LOGIN_FAILED
        record(session, None, action, "user", target_id, None, info, details={"why": why.value})
        blocking = [v for v in after if not v.allowed]
        worst = max(blocking, key=lambda v: v.retry_after) if blocking else throttling.ALLOWED
        return LoginResult(Outcome.INVALID, verdict=worst)

    if user.disabled or (user.is_demo and not context.demo_accounts):
        why = AuditReason.ACCOUNT_DISABLED if user.disabled else AuditReason.DEMO_ACCOUNTS_OFF
        action = AuditAction.LOGIN_REFUSED
        record(session, None, action, "user", user.id, None, info, details={"why": why.value})
        return LoginResult(Outcome.DISABLED, user=user)

    throttling.clear(session, account)
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = now
    session.add(user)
    record(session, user, AuditAction.LOGIN, "user", user.id, None, info)
    return LoginResult(Outcome.OK, user=user)
