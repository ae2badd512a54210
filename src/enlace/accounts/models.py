"""Account tables: users, signed-out sessions, login throttles, password links, the audit log.

The audit log is append-only in the database itself: triggers (SQLite and PostgreSQL)
refuse every UPDATE and DELETE, so not even a bug in the app can rewrite history. The
triggers hang off the table's ``after_create`` event, so ``metadata.create_all`` (tests)
installs them exactly as migration 0002 does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, CheckConstraint, Column, Index, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from enlace.accounts.policy import Role
from enlace.db import utcnow

EMAIL_MAX = 254
NAME_MAX = 120
REASON_MAX = 500
USER_AGENT_MAX = 300
IP_MAX = 45
SESSION_ID_MAX = 64
TOKEN_NAME_MAX = 80


class User(SQLModel, table=True):
    """A staff member, network coordinator or administrator (one role each).

    ``session_version`` is part of the id kept in the session cookie: bumping it (log out
    everywhere, password change, disabling) invalidates every session at once.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('staff', 'coordinator', 'admin')", name="ck_user_account_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=EMAIL_MAX, unique=True, index=True)
    display_name: str = Field(max_length=NAME_MAX)
    role: str = Field(max_length=20)
    agency_id: str | None = Field(
        default=None, foreign_key="agency.id", max_length=36, ondelete="SET NULL", index=True
    )
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    password_hash: str | None = Field(default=None, max_length=255)
    disabled: bool = False
    is_demo: bool = False
    session_version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None

    # Flask-Login's user protocol (without UserMixin, whose __eq__ would shadow the ORM's).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_active(self) -> bool:
        return not self.disabled

    def get_id(self) -> str:
        """The session's user id: ``<id>.<session_version>``."""
        return f"{self.id}.{self.session_version}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class RevokedSession(SQLModel, table=True):
    """A session id signed out on purpose, refused until that session would have ended anyway.

    The session is a signed cookie, so a copy of it outlives ``POST /salir``; this row makes
    the copy worthless. Rows past ``expires_at`` are pruned at the next sign-out.
    """

    __tablename__ = "revoked_session"

    session_id: str = Field(primary_key=True, max_length=SESSION_ID_MAX)
    expires_at: datetime = Field(index=True)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per account or per client address, shared by every process."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("kind", "subject", name="uq_login_throttle_kind_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # "account" or "address"
    subject: str = Field(max_length=64)  # keyed hash of the e-mail, or the IP address
    user_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="CASCADE", index=True
    )
    failures: int = 0
    window_started_at: datetime = Field(default_factory=utcnow)
    last_failure_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None


class RateWindow(SQLModel, table=True):
    """Requests per key in its current fixed window, shared by every process and machine
    (limits that must hold across workers: :mod:`enlace.accounts.shared_limits`)."""

    __tablename__ = "rate_window"
    __table_args__ = (UniqueConstraint("key", name="uq_rate_window_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=100)  # e.g. "recipient-link:<sha256>", "recipient-address:<ip>"
    window_start: datetime = Field(index=True)
    hits: int = 0


class PasswordResetToken(SQLModel, table=True):
    """A one-time link to set a password; only the SHA-256 of the token is stored."""

    __tablename__ = "password_reset_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(default="reset", max_length=10)  # "reset" or "invite"
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    created_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )


class AuditEntry(SQLModel, table=True):
    """One line of the append-only audit log: who, when, what, which record, why, from where.

    ``actor_label`` and ``actor_role`` are copied at write time, so the entry still says who
    acted after the account changes; there is deliberately no foreign key to users.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_label: str = Field(max_length=EMAIL_MAX)
    actor_role: str | None = Field(default=None, max_length=20)
    action: str = Field(max_length=60, index=True)
    target_type: str | None = Field(default=None, max_length=40)
    target_id: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    ip: str | None = Field(default=None, max_length=IP_MAX)
    user_agent: str | None = Field(default=None, max_length=USER_AGENT_MAX)
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


# The same statements are frozen into migration 0002; keep them in step.
SQLITE_AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
POSTGRES_AUDIT_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$",
    "CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)
POSTGRES_AUDIT_DROP = "DROP FUNCTION IF EXISTS audit_log_append_only()"


def _ddl(statement: str, dialect: str) -> Any:
    return DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


_audit_table = AuditEntry.__table__  # type: ignore[attr-defined]
for _statement in SQLITE_AUDIT_TRIGGERS:
    event.listen(_audit_table, "after_create", _ddl(_statement, "sqlite"))
for _statement in POSTGRES_AUDIT_TRIGGERS:
    event.listen(_audit_table, "after_create", _ddl(_statement, "postgresql"))
event.listen(_audit_table, "after_drop", _ddl(POSTGRES_AUDIT_DROP, "postgresql"))


class ApiToken(SQLModel, table=True):
    """A personal API token: only the SHA-256 of the secret is stored (shown once).

    ``scopes`` is a space-separated set of :class:`enlace.accounts.tokens.TokenScope`
    values; the token acts as its user and never grants more than the user's role does.
    """

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=TOKEN_NAME_MAX)
    prefix: str = Field(max_length=16)  # the secret's first characters, to recognise it
    token_hash: str = Field(max_length=64, unique=True)
    scopes: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_used_at: datetime | None = None
    last_used_ip: str | None = Field(default=None, max_length=IP_MAX)
    revoked_at: datetime | None = None
