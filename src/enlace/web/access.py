"""Authorisation, checked in one place: every endpoint declares who may use it.

A view is declared with ``@public`` or ``@requires(Permission.X, ...)`` (any one of them);
whole blueprints of the anonymous directory are public by name (:data:`PUBLIC_BLUEPRINTS`).
One ``before_request`` hook enforces the declaration (the decorators only label the view):

* public: anyone;
* permissions: anonymous visitors are sent to the sign-in page (302), signed-in people
  whose role holds none of them get 403 (``enlace.accounts.policy`` says who holds what);
  a view open to two audiences (staff for their centre, coordinators for their region)
  declares both and narrows the records itself;
* no declaration at all: 403 for everyone, so a forgotten decorator fails closed.

The same hook ends sessions that have been idle longer than ``SESSION_IDLE_TIMEOUT`` or
are older than ``PERMANENT_SESSION_LIFETIME``. Sessions carry ``<user id>.<session
version>``; bumping the version (log out everywhere, password change, disabling) ends
every session of that account at once. Each sign-in also carries a random session id;
signing out revokes that id in the database (:func:`end_this_session`), so a copied
cookie stops working at once while the account's other sessions go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, logout_user

from enlace.accounts import service, sessions
from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.models import USER_AGENT_MAX, User
from enlace.accounts.policy import Permission, Principal, allows
from enlace.db import get_session, utcnow
from enlace.web import api_auth
from enlace.web.errors import ApiError, json_renderer

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: Blueprints whose every endpoint is open to anonymous visitors (the public directory).
#: A new public blueprint goes here; a single public view elsewhere uses ``@public``.
PUBLIC_BLUEPRINTS: frozenset[str] = frozenset({"public", "hsds"})
#: Blueprints for signed-in people: their pages are never cached, even on the way out.
SIGNED_IN_BLUEPRINTS: frozenset[str] = frozenset({"auth", "admin", "staff", "coordinator"})
#: Session keys with the sign-in and last-activity times (epoch seconds).
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
#: Session key with this sign-in's random id (revoked server-side on sign-out).
SESSION_ID = "sid"
_MAX_USER_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class AccessRule:
    """What an endpoint needs: nothing (public), or any one of ``permissions``."""

    permissions: frozenset[Permission]

    @property
    def public(self) -> bool:
        return not self.permissions

    def allows(self, principal: Principal | None) -> bool:
        """Whether the principal's role holds one of the permissions (public: everyone)."""
        return self.public or any(allows(principal, p) for p in self.permissions)


PUBLIC = AccessRule(frozenset())
_ATTRIBUTE = "_enlace_access_rule"

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = None  # session versions and timeouts do this job


def public(view: F) -> F:
    """Declare a view open to everyone."""
    setattr(view, _ATTRIBUTE, PUBLIC)
    return view


def requires(*permissions: Permission) -> Callable[[F], F]:
    """Declare the permissions a view accepts, any one of them (enforced by
    :func:`_enforce`); at least one."""
    if not permissions:
        raise ValueError("requires() needs at least one permission; use @public for none")
    rule = AccessRule(frozenset(permissions))

    def declare(view: F) -> F:
        setattr(view, _ATTRIBUTE, rule)
        return view

    return declare


def rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    """The declared rule of an endpoint; None when it has none (denied to everyone)."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    if endpoint.split(".", 1)[0] in PUBLIC_BLUEPRINTS and "." in endpoint:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    rule = getattr(view, _ATTRIBUTE, None)
    return rule if isinstance(rule, AccessRule) else None


def signed_in_user() -> User | None:
    """The signed-in account of this request, or None for anonymous visitors."""
    if "_user_id" not in session:
        return None  # anonymous: do not even touch the login machinery
    user = current_user._get_current_object()
    return user if isinstance(user, User) else None


def can(*permissions: str) -> bool:
    """Template helper: may the current person use one of these permissions? (Unknown
    names count as held by nobody.)"""
    known = {p.value for p in Permission}
    wanted = frozenset(Permission(p) for p in permissions if p in known)
    return bool(wanted) and AccessRule(wanted).allows(signed_in_user())


def request_info() -> RequestInfo:
    """Where the current request comes from, for the audit log."""
    agent = request.headers.get("User-Agent")
    return RequestInfo(ip=request.remote_addr, user_agent=agent[:USER_AGENT_MAX] if agent else None)


def start_session(user: User) -> None:
    """After a successful sign-in: a fresh session holding only what we need."""
    session.clear()
    session.permanent = True
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session[SESSION_ID] = sessions.new_session_id()


def end_this_session() -> None:
    """Sign out this session only: its id is refused from now on, in every process.

    The row lasts until the session would have reached its lifetime anyway. The caller
    commits (with the audit entry) and then clears the cookie.
    """
    session_id = session.get(SESSION_ID)
    if not isinstance(session_id, str):
        return
    login_at = session.get(LOGIN_AT)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    now = utcnow()
    started = datetime.fromtimestamp(float(login_at), UTC) if login_at is not None else now
    sessions.revoke(get_session(), session_id, max(started + lifetime, now), now)


def _load_user(raw: str) -> User | None:
    user_id, _, version = raw.partition(".")
    if not (user_id.isdigit() and version.isdigit()) or int(user_id) > _MAX_USER_ID:
        return None
    session_id = session.get(SESSION_ID)
    if not isinstance(session_id, str) or not session_id:
        return None  # a session from before session ids, or not one we wrote
    db = get_session()
    if sessions.is_revoked(db, session_id):
        return None
    user = service.get_user(db, int(user_id))
    if user is None or user.disabled or str(user.session_version) != version:
        return None
    return user


login_manager.user_loader(_load_user)


def _end_session(message: str) -> None:
    logout_user()
    session.clear()
    flash(message, "info")


def _expire_if_due() -> None:
    if "_user_id" not in session:
        return
    user = signed_in_user()
    if user is None:  # signed out everywhere, disabled, or the password changed elsewhere
        _end_session(_("Your session has ended. Sign in again."))
        return
    now = time.time()
    reason = sessions.expiry(
        session.get(LOGIN_AT),
        session.get(SEEN_AT),
        now,
        idle_timeout=current_app.config["SESSION_IDLE_TIMEOUT"],
        lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"],
    )
    if reason is None:
        if now - float(session[SEEN_AT]) >= 30:  # rewrite the cookie at most twice a minute
            session[SEEN_AT] = int(now)
        return
    db = get_session()
    details = {"why": reason.value}
    action = AuditAction.SESSION_EXPIRED
    record(db, user, action, "user", user.id, None, request_info(), details=details)
    db.commit()
    if reason is sessions.Expiry.IDLE:
        _end_session(_("Your session ended after a period of inactivity. Sign in again."))
    else:
        _end_session(_("Your session has ended. Sign in again."))


def _to_sign_in() -> ResponseReturnValue:
    """Anonymous visitor on a protected page: sign in, then come back (to pages, not actions).

    API clients get a 401 in the API's own shape instead (they cannot follow a form),
    saying how to authenticate (``WWW-Authenticate: Bearer``).
    """
    if json_renderer() is not None:
        raise ApiError(
            401,
            "Sign in, or send a personal API token (Authorization: Bearer <token>).",
            headers={"WWW-Authenticate": 'Bearer realm="enlace"'},
        )
    flash(_("Sign in to see this page."), "info")
    back = None
    if request.method in ("GET", "HEAD"):
        query = request.query_string.decode("utf-8", "replace")
        back = request.path + (f"?{query}" if query else "")
    return redirect(url_for("auth.login", next=back))


def acting_user() -> User | None:
    """Who this request acts for: an API token's user, else the signed-in account."""
    return api_auth.token_user() or signed_in_user()


def _enforce() -> ResponseReturnValue | None:
    api_auth.authenticate()  # a Bearer token under /api/v1/ (401 when it is not valid)
    api_auth.limit_rate()  # per address and per token under /api/ and /hsds/ (429)
    if api_auth.token_user() is None:
        _expire_if_due()
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no such page: the 404/405 handlers answer
    rule = rule_for(current_app, endpoint)
    if rule is None:
        log.error("endpoint %s declares no access rule: refused", endpoint)
        abort(403)
    if rule.public:
        return None
    if api_auth.token_user() is not None:
        # the role's and the token's scopes, for one of the permissions
        if not any(api_auth.token_may(p) for p in rule.permissions):
            abort(403)
        return None
    user = signed_in_user()
    if user is None:
        return _to_sign_in()
    if not rule.allows(user):
        abort(403)
    return None


def _no_store(response: Response) -> Response:
    """Pages seen while signed in are never kept in shared or browser caches."""
    signed_in = "_user_id" in session or api_auth.current_token() is not None
    if signed_in or request.blueprint in SIGNED_IN_BLUEPRINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_IDLE_TIMEOUT", app.config["PERMANENT_SESSION_LIFETIME"])
    login_manager.init_app(app)
    api_auth.init_app(app)
    app.before_request(_enforce)
    app.after_request(_no_store)
    app.add_template_global(can, "can")
    app.add_template_global(signed_in_user, "signed_in_user")
