"""Configuration: defaults <- instance file <- ENLACE_* environment <- test overrides.

The secret key is never hard-coded: on first start it is generated into the instance
folder (mode 0600) and read from there afterwards, so every worker shares it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

ENV_PREFIX = "ENLACE_"
SECRET_KEY_FILE = "secret_key"
INSTANCE_CONFIG_FILE = "enlace.cfg"

#: Settings an operator may override. Every key can also be set as ENLACE_<KEY>.
DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "INDEX_DIR": None,  # None: "search-index" in the instance folder
    "SEARCH_SYNC_BUILD_LIMIT": 1000,  # bigger catalogues are indexed in the background
    "INSTANCE_PATH": None,
    "SECRET_KEY": None,
    "DEMO_ACCOUNTS": False,
    "BABEL_DEFAULT_LOCALE": "es",
    "LANGUAGES": ("es", "en"),
    "BABEL_DEFAULT_TIMEZONE": "America/Santiago",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
    "SQL_ECHO": False,
    # Accounts and the security baseline (README, "Accounts and security").
    "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),  # sign out after this much inactivity
    "PASSWORD_MIN_LENGTH": 12,
    "PASSWORD_RESET_HOURS": 24,  # lifetime of a password-reset link
    "ACCOUNT_INVITE_HOURS": 72,  # lifetime of a new account's set-password link
    "LOGIN_SLOW_AFTER": 3,  # failures of one account before each attempt must wait
    "LOGIN_MAX_ATTEMPTS": 5,  # failures of one account before it is locked
    "LOGIN_ADDRESS_SLOW_AFTER": 10,  # the same per client address
    "LOGIN_ADDRESS_MAX_ATTEMPTS": 20,
    "LOGIN_SLOW_SECONDS": 5,  # first wait once slowed; doubles with each further failure
    "LOGIN_LOCK_MINUTES": 15,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,  # failures older than this are forgotten
    "BEHIND_PROXY": 0,  # number of trusted reverse proxies setting X-Forwarded-*
    "FORCE_HTTPS": False,  # redirect to https, Secure cookies, HSTS
    "HSTS_SECONDS": 365 * 24 * 3600,
    "REFERRAL_UNANSWERED_DAYS": 10,  # a referral sent this long ago with no answer is flagged
    "SMALL_CELL": 5,  # evaluation: counts from 1 to this minus one are never shown
    "FOLLOW_UP_MONTHS": (3, 6, 12),  # follow-ups due this many months after a plan starts
    "CONTENT_SECURITY_POLICY": None,  # None: enlace.web.security.DEFAULT_CSP
    # The coordinator's network pages (docs/network.md).
    "NETWORK_EXPIRING_DAYS": 90,  # "expiring" means ending within this many days
    "NETWORK_VIEW_LIMIT": 500,  # agencies + links the network page draws at most
    # The APIs (docs/api.md): requests per minute and worker process; 0 turns a limit off.
    "API_RATE_LIMIT_PER_TOKEN": 1200,
    "API_RATE_LIMIT_PER_ADDRESS": 600,
    # Catalogue stewardship (docs/stewardship.md): months after which a record is due for a
    # check: courses (they run by calls), other offers (standing services), agencies.
    "VERIFY_MONTHS_COURSE": 6,
    "VERIFY_MONTHS_OFFER": 12,
    "VERIFY_MONTHS_AGENCY": 12,
    # Problem reports from the public offer pages: spam protection without third parties.
    "REPORT_MIN_SECONDS": 3,  # a form sent faster than this is a bot's
    "REPORTS_PER_HOUR": 5,  # per client address
    # The e-mail outbox (docs/stewardship.md): no SMTP_HOST writes .eml files to
    # MAILBOX_DIR (default: "mailbox" in the instance folder) instead of sending.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": True,
    "SMTP_SSL": False,
    "SMTP_FROM": "Enlace <no-reply@localhost>",
    "SMTP_TIMEOUT": 10,
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_KEEP_DAYS": 30,  # a sent message's text (one-time links) is emptied after this
    "MAILBOX_DIR": None,
}

_BOOL_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _coerce(key: str, raw: str) -> Any:
    """Turn an environment string into the type of the default it overrides."""
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered not in _BOOL_WORDS:
            raise ValueError(f"{ENV_PREFIX}{key} must be a boolean, got {raw!r}")
        return _BOOL_WORDS[lowered]
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Collect ENLACE_* variables (only known keys, so typos do not pass silently unnoticed)."""
    found: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX) :]
        if key in DEFAULTS:
            found[key] = _coerce(key, raw)
    return found


def resolve_instance_path(overrides: Mapping[str, Any], environ: Mapping[str, str]) -> Path:
    """The instance folder: test override, then environment, then ./instance."""
    raw = overrides.get("INSTANCE_PATH") or environ.get(f"{ENV_PREFIX}INSTANCE_PATH")
    path = Path(raw) if raw else Path.cwd() / "instance"
    return path.resolve()


def load_or_create_secret_key(instance_path: Path) -> str:
    """Read the instance secret key, creating it with 0600 permissions on first run.

    Several workers may start together: each writes a candidate key to a private temporary
    file and hard-links it into place, which fails if a key is already there, so the key
    file appears whole or not at all, the first writer wins and everyone reads the winner.
    """
    key_file = instance_path / SECRET_KEY_FILE
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd, candidate = tempfile.mkstemp(prefix=f".{SECRET_KEY_FILE}.", dir=instance_path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp makes it 0600
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(candidate, key_file)
        finally:
            os.unlink(candidate)
    key = key_file.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"{key_file} is empty: delete it to generate a new secret key")
    return key


def sqlite_url(instance_path: Path) -> str:
    return f"sqlite:///{instance_path / 'enlace.sqlite3'}"


def build_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Merge every configuration layer into one plain dict (no Flask involved)."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance_path = resolve_instance_path(overrides, environ)
    config: dict[str, Any] = dict(DEFAULTS)
    instance_file = instance_path / INSTANCE_CONFIG_FILE
    if instance_file.exists():
        namespace: dict[str, Any] = {}
        exec(
            compile(instance_file.read_text(encoding="utf-8"), str(instance_file), "exec"),
            namespace,
        )
        config.update({k: v for k, v in namespace.items() if k.isupper()})
    config.update(from_environment(environ))
    config.update(overrides)
    config["INSTANCE_PATH"] = str(instance_path)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = sqlite_url(instance_path)
    if not config.get("INDEX_DIR"):
        config["INDEX_DIR"] = str(instance_path / "search-index")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = load_or_create_secret_key(instance_path)
    return config
