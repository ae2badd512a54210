"""The audit log as people read it: every code the log keeps turned into words.

Entries keep codes (actions, reason codes in ``details["why"]``, system actor labels) so
the log itself stays language-neutral; this module labels them at display time, also for
entries written by older versions (English reason texts). No raw code reaches the page:
an action's code travels only in a ``data-action`` attribute, for scripts and tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import LazyString
from flask_babel import gettext as _

from enlace.accounts.audit import (
    ANONYMOUS,
    COMMAND_LINE,
    COMMAND_PREFIX,
    LEGACY_REASONS,
    AuditAction,
    AuditReason,
)
from enlace.accounts.models import AuditEntry, User
from enlace.accounts.sessions import Expiry
from enlace.i18n import _l
from enlace.web import labels

REASONS: dict[str, LazyString] = {
    AuditReason.UNKNOWN_ACCOUNT: _l("No account has this e-mail address"),
    AuditReason.WRONG_PASSWORD: _l("Wrong password"),
    AuditReason.ACCOUNT_DISABLED: _l("The account is disabled"),
    AuditReason.DEMO_ACCOUNTS_OFF: _l("Demo accounts are switched off"),
}
EXPIRIES: dict[str, LazyString] = {
    Expiry.IDLE: _l("Inactive for too long"),
    Expiry.LIFETIME: _l("Longest session time reached"),
}
#: Every reason code the log holds in ``details["why"]``, in words.
REASON_WORDS: dict[str, LazyString] = {**REASONS, **EXPIRIES}
THROTTLE_SCOPES: dict[str, LazyString] = {
    "account": _l("Too many failed sign-ins for this account"),
    "address": _l("Too many failed sign-ins from this network"),
}


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry, ready for a page: codes for attributes, words for people."""

    id: int | None
    at: datetime
    action: str  # the code: for data-action only
    action_label: str
    who: str
    who_role: str | None  # translated role name
    who_id: int | None  # the account to link to, when it still exists
    record: str
    record_user_id: int | None  # the account the entry is about, to link to
    why: str
    ip: str
    agent: str


def who(entry: AuditEntry) -> str:
    """The actor in words: the e-mail as it was, or what kind of system actor it was."""
    if entry.actor_id is not None:
        return entry.actor_label
    if entry.actor_label == ANONYMOUS:
        return str(_("Visitor not signed in"))
    if entry.actor_label.startswith(COMMAND_PREFIX):
        return str(_("Command line (%(command)s)", command=entry.actor_label))
    return entry.actor_label


def why(entry: AuditEntry) -> str:
    """A person's reason as typed, or the system's reason in words."""
    code = (entry.details or {}).get("why")
    if entry.actor_id is None and entry.reason in LEGACY_REASONS:
        code = LEGACY_REASONS[entry.reason].value
    words = REASON_WORDS.get(code) if isinstance(code, str) else None
    if words is not None:
        return str(words)
    if entry.action == AuditAction.LOGIN_THROTTLED and not entry.reason:
        scope = THROTTLE_SCOPES.get(str((entry.details or {}).get("scope")))
        return str(scope) if scope is not None else ""
    return entry.reason or ""


def _record(entry: AuditEntry, accounts: Mapping[int, User]) -> tuple[str, int | None]:
    if not entry.target_type:
        return "", None
    if entry.target_type == "user" and entry.target_id and entry.target_id.isdigit():
        account = accounts.get(int(entry.target_id))
        if account is not None:
            return f"{account.display_name} ({account.email})", account.id
        return str(_("Account %(number)s", number=entry.target_id)), None
    kind = labels.record_type(entry.target_type)
    return (f"{kind} {entry.target_id}" if entry.target_id else kind), None


def _agent(entry: AuditEntry) -> str:
    if entry.user_agent == COMMAND_LINE.user_agent:
        return str(_("Command line"))
    return entry.user_agent or ""


def account_ids(entries: Iterable[AuditEntry]) -> set[int]:
    """The accounts a page of entries names (actors and records), to load in one query."""
    entries = list(entries)
    ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    for entry in entries:
        if entry.target_type == "user" and entry.target_id and entry.target_id.isdigit():
            ids.add(int(entry.target_id))
    return {i for i in ids if i <= 2**31 - 1}


def rows(entries: Iterable[AuditEntry], accounts: Mapping[int, User]) -> list[AuditRow]:
    """The entries in words, in the order given."""
    result: list[AuditRow] = []
    for entry in entries:
        record, record_user_id = _record(entry, accounts)
        result.append(
            AuditRow(
                id=entry.id,
                at=entry.at,
                action=entry.action,
                action_label=labels.audit_action(entry.action),
                who=who(entry),
                who_role=labels.role_label(entry.actor_role) if entry.actor_role else None,
                who_id=entry.actor_id if entry.actor_id in accounts else None,
                record=record,
                record_user_id=record_user_id,
                why=why(entry),
                ip=entry.ip or "",
                agent=_agent(entry),
            )
        )
    return result
