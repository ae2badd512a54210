"""Account services: create, change, disable and sign out users; change passwords.

Every function takes the caller's ``Session``, writes the matching audit entry, and
leaves the commit to the caller, so the change and its audit line share a transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from enlace.accounts import passwords, throttling
from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.errors import AccountError
from enlace.accounts.models import EMAIL_MAX, NAME_MAX, User
from enlace.accounts.policy import NATIONAL, Role
from enlace.catalogue.models import Agency
from enlace.catalogue.places import Region
from enlace.catalogue.vocab import Sector
from enlace.db import utcnow

_EMAIL = re.compile(r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$")


@dataclass(frozen=True, slots=True)
class UserFields:
    """What an administrator sets on an account (``region_code`` "national" or None: national)."""

    email: str
    display_name: str
    role: str
    agency_id: str | None = None
    region_code: str | None = None


def normalise_email(email: str) -> str:
    return throttling.normalise_email(email)


def find_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def users_by_id(session: Session, user_ids: set[int]) -> dict[int, User]:
    """Several accounts at once (the audit log names the accounts on one page)."""
    if not user_ids:
        return {}
    found = session.exec(select(User).where(col(User.id).in_(user_ids))).all()
    return {user.id: user for user in found if user.id is not None}


def list_users(
    session: Session,
    *,
    role: str | None = None,
    status: str | None = None,
    query: str | None = None,
) -> list[User]:
    """Accounts for the admin list, filtered by role, status ("active"/"disabled") and text."""
    statement = select(User)
    if role:
        statement = statement.where(User.role == role)
    if status == "active":
        statement = statement.where(col(User.disabled).is_(False))
    elif status == "disabled":
        statement = statement.where(col(User.disabled).is_(True))
    if query:
        text = query.casefold()
        statement = statement.where(
            or_(
                func.lower(col(User.email)).contains(text, autoescape=True),
                func.lower(col(User.display_name)).contains(text, autoescape=True),
            )
        )
    return list(session.exec(statement.order_by(col(User.email))).all())


def treatment_centres(session: Session) -> list[Agency]:
    """The agencies a staff account can belong to."""
    return list(
        session.exec(
            select(Agency)
            .where(Agency.sector == Sector.TREATMENT_CENTRE)
            .order_by(col(Agency.name_es))
        ).all()
    )


def user_centre(session: Session, user: User) -> Agency | None:
    return session.get(Agency, user.agency_id) if user.agency_id else None


def user_region(session: Session, user: User) -> Region | None:
    return session.get(Region, user.region_code) if user.region_code else None


def regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(col(Region.position))).all())


def _validate(session: Session, fields: UserFields, user_id: int | None) -> UserFields:
    email = normalise_email(fields.email)
    name = fields.display_name.strip()
    if not email or len(email) > EMAIL_MAX or not _EMAIL.match(email):
        raise AccountError(_l("Enter a valid e-mail address, like name@example.org."), "email")
    existing = find_by_email(session, email)
    if existing is not None and existing.id != user_id:
        raise AccountError(_l("Another account already uses this e-mail address."), "email")
    if not name or len(name) > NAME_MAX:
        raise AccountError(
            _l("Enter a name of at most %(count)d characters.", count=NAME_MAX), "display_name"
        )
    try:
        role = Role(fields.role)
    except ValueError:
        raise AccountError(_l("Choose one of the roles in the list."), "role") from None
    agency_id: str | None = None
    region_code: str | None = None
    if role is Role.STAFF:
        agency = session.get(Agency, fields.agency_id) if fields.agency_id else None
        if agency is None or agency.sector != Sector.TREATMENT_CENTRE:
            raise AccountError(
                _l("Staff accounts belong to a treatment centre: choose one in the list."),
                "agency_id",
            )
        agency_id = agency.id
    elif role is Role.COORDINATOR and fields.region_code not in (None, "", NATIONAL):
        if session.get(Region, fields.region_code) is None:
            raise AccountError(_l("Choose a region in the list, or national."), "region_code")
        region_code = fields.region_code
    return UserFields(email, name, role.value, agency_id, region_code)


def _changes(user: User, fields: UserFields) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for name in ("email", "display_name", "role", "agency_id", "region_code"):
        before, after = getattr(user, name), getattr(fields, name)
        if before != after:
            changed[name] = {"from": before, "to": after}
    return changed


def create_user(
    session: Session,
    fields: UserFields,
    actor: User | None,
    info: RequestInfo | None,
    *,
    password: str | None = None,
    min_length: int = passwords.DEFAULT_MIN_LENGTH,
    is_demo: bool = False,
    reason: str | None = None,
    actor_label: str | None = None,
) -> User:
    """A new account, without a password (an invitation link sets it) unless one is given."""
    clean = _validate(session, fields, None)
    user = User(
        email=clean.email,
        display_name=clean.display_name,
        role=clean.role,
        agency_id=clean.agency_id,
        region_code=clean.region_code,
        is_demo=is_demo,
    )
    if password is not None:
        _check_new_password(password, clean.email, min_length)
        user.password_hash = passwords.hash_password(password)
        user.password_changed_at = utcnow()
    session.add(user)
    session.flush()
    details = {"role": user.role, "agency_id": user.agency_id, "region_code": user.region_code}
    action = AuditAction.USER_CREATED
    record(
        session,
        actor,
        action,
        "user",
        user.id,
        reason,
        info,
        details=details,
        actor_label=actor_label,
    )
    return user


def update_user(
    session: Session,
    user: User,
    fields: UserFields,
    actor: User,
    info: RequestInfo | None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Change an account's e-mail, name, role, centre or network; returns what changed."""
    clean = _validate(session, fields, user.id)
    changed = _changes(user, clean)
    if "role" in changed and actor.id == user.id:
        raise AccountError(_l("You cannot change your own role."), "role")
    if not changed:
        return changed
    for name, change in changed.items():
        setattr(user, name, change["to"])
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    record(session, actor, AuditAction.USER_UPDATED, "user", user.id, reason, info, details=changed)
    return changed


def set_disabled(
    session: Session,
    user: User,
    disabled: bool,
    actor: User,
    info: RequestInfo | None,
    reason: str | None = None,
) -> None:
    """Disable (ends every session at once) or enable an account."""
    if disabled and actor.id == user.id:
        raise AccountError(_l("You cannot disable your own account."))
    if user.disabled == disabled:
        return
    user.disabled = disabled
    user.updated_at = utcnow()
    if disabled:
        user.session_version += 1
    session.add(user)
    session.flush()
    action = AuditAction.USER_DISABLED if disabled else AuditAction.USER_ENABLED
    record(session, actor, action, "user", user.id, reason, info)


def _check_new_password(password: str, email: str, min_length: int) -> None:
    problems = passwords.password_problems(password, min_length=min_length, email=email)
    if problems:
        raise AccountError(problems[0], "password")


def set_password(session: Session, user: User, password: str, min_length: int) -> None:
    """Store a new password (checked against the rules) and end every other session."""
    _check_new_password(password, user.email, min_length)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.updated_at = user.password_changed_at
    user.session_version += 1
    session.add(user)
    session.flush()


def change_password(
    session: Session,
    user: User,
    current: str,
    new: str,
    info: RequestInfo | None,
    min_length: int = passwords.DEFAULT_MIN_LENGTH,
) -> None:
    """A signed-in user changes their own password (the current one is required)."""
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError(_l("Your current password is not correct."), "current_password")
    if new == current:
        raise AccountError(_l("Choose a password different from the current one."), "password")
    set_password(session, user, new, min_length)
    record(session, user, AuditAction.PASSWORD_CHANGED, "user", user.id, None, info)


def logout_everywhere(
    session: Session, user: User, actor: User, info: RequestInfo | None, reason: str | None = None
) -> None:
    """End every session of ``user`` (their own request, or an admin's)."""
    user.session_version += 1
    session.add(user)
    session.flush()
    action = AuditAction.LOGOUT_EVERYWHERE if actor.id == user.id else AuditAction.USER_SIGNED_OUT
    record(session, actor, action, "user", user.id, reason, info)


def unlock(
    session: Session,
    user: User,
    actor: User,
    info: RequestInfo | None,
    secret: str,
    reason: str | None = None,
) -> bool:
    """Clear the account's failed sign-ins; True when it was locked or slowed."""
    held = throttling.clear(session, throttling.account_key(user.email, secret))
    details = {"had_failures": held}
    record(
        session, actor, AuditAction.USER_UNLOCKED, "user", user.id, reason, info, details=details
    )
    return held
