"""Administration views: accounts, sign-in locks and the audit log (thin: forms + services)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_timezone
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from enlace.accounts import audit, reset, service, throttling
from enlace.accounts.audit import AuditAction, AuditFilter, record
from enlace.accounts.errors import AccountError
from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, Permission, Role
from enlace.accounts.service import UserFields
from enlace.accounts.throttling import ThrottleSettings
from enlace.db import get_session, utcnow
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.admin import audit_rows, blueprint
from enlace.web.admin.forms import AuditFilterForm, ReasonForm, UserFilterForm, UserForm
from enlace.web.common import INVALID, add_error, page

USER_ID = "<int(max=2147483647):user_id>"
THROTTLE_ID = "<int(max=2147483647):throttle_id>"


def _actor() -> User:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    return user


def _user_or_404(user_id: int) -> User:
    user = service.get_user(get_session(), user_id)
    if user is None:
        abort(404)
    return user


def _throttle_settings() -> ThrottleSettings:
    return ThrottleSettings.from_config(current_app.config)


def _user_form(user: User | None = None) -> UserForm:
    db = get_session()
    form = UserForm(obj=user) if user is not None and request.method == "GET" else UserForm()
    form.set_places(
        [(c.id, c.name_es) for c in service.treatment_centres(db)],
        [(r.code, r.name) for r in service.regions(db)],
    )
    if user is not None and request.method == "GET":
        if user.role == Role.COORDINATOR and user.region_code is None:
            form.region_code.data = NATIONAL
        if user.role != Role.COORDINATOR:
            form.region_code.data = ""  # a network means nothing to other roles
    return form


def _fields(form: UserForm) -> UserFields:
    return UserFields(
        email=form.email.data or "",
        display_name=form.display_name.data or "",
        role=form.role.data or "",
        agency_id=form.agency_id.data or None,
        region_code=form.region_code.data or None,
    )


@blueprint.get("/")
@requires(Permission.USERS_MANAGE)
def index() -> ResponseReturnValue:
    return redirect(url_for("admin.users"))


@blueprint.get("/usuarios")
@requires(Permission.USERS_MANAGE)
def users() -> ResponseReturnValue:
    form = UserFilterForm(request.args)
    if not form.validate():
        return page("admin/users.html", 400, form=form, users=[])
    found = service.list_users(
        get_session(), role=form.role.data, status=form.status.data, query=form.q.data
    )
    return page("admin/users.html", form=form, users=found)


def _linkpage(user: User, token: str, lifetime: timedelta, status: int) -> Response:
    link = url_for("auth.reset_password", token=token, _external=True)
    hours = int(lifetime.total_seconds() // 3600)
    return page("admin/link.html", status, user=user, link=link, hours=hours)


@blueprint.route("/usuarios/nuevo", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def new_user() -> ResponseReturnValue:
    form = _user_form()
    if request.method == "GET":
        return page("admin/user_new.html", form=form, form_errors=[])
    if not form.validate():
        return page("admin/user_new.html", INVALID, form=form, form_errors=[])
    db = get_session()
    actor = _actor()
    try:
        user = service.create_user(
            db, _fields(form), actor, request_info(), reason=form.reason.data or None
        )
    except AccountError as error:
        db.rollback()
        errors = add_error(form, error)
        return page("admin/user_new.html", INVALID, form=form, form_errors=errors)
    lifetime = timedelta(hours=int(current_app.config["ACCOUNT_INVITE_HOURS"]))
    token = reset.issue_link(
        db, user, actor, request_info(), lifetime=lifetime, now=utcnow(), purpose="invite"
    )
    db.commit()
    return _linkpage(user, token, lifetime, 201)


def _detailpage(user: User, form: UserForm, status: int = 200, errors: Any = None) -> Response:
    db = get_session()
    lock = throttling.check(
        db,
        [throttling.account_key(user.email, str(current_app.config["SECRET_KEY"]))],
        _throttle_settings(),
        utcnow(),
    )
    history = audit.search(db, AuditFilter(target_type="user", target_id=str(user.id)))
    recent = history.entries[:20]
    accounts = service.users_by_id(db, audit_rows.account_ids(recent))
    return page(
        "admin/user.html",
        status,
        user=user,
        form=form,
        form_errors=errors or [],
        reason_form=ReasonForm(),
        lock=lock,
        centre=service.user_centre(db, user),
        region=service.user_region(db, user),
        history=audit_rows.rows(recent, accounts),
        is_self=user.id == _actor().id,
    )


@blueprint.route(f"/usuarios/{USER_ID}", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def user(user_id: int) -> ResponseReturnValue:
    target = _user_or_404(user_id)
    form = _user_form(target)
    if request.method == "GET":
        return _detailpage(target, form)
    if not form.validate():
        return _detailpage(target, form, INVALID)
    db = get_session()
    try:
        changed = service.update_user(
            db, target, _fields(form), _actor(), request_info(), form.reason.data or None
        )
    except AccountError as error:
        db.rollback()
        return _detailpage(target, form, INVALID, add_error(form, error))
    db.commit()
    flash(_("Changes saved.") if changed else _("Nothing to change."), "success")
    return redirect(url_for("admin.user", user_id=target.id))


def _reason(target: User) -> str | Response:
    """The optional reason of an action button, or the page explaining why it is refused."""
    form = ReasonForm()
    if form.validate():
        return (form.reason.data or "").strip()
    messages = [str(message) for message in form.reason.errors] or [
        _("The form could not be read. Reload the page and try again.")
    ]
    return _detailpage(target, _user_form(target), INVALID, messages)


def _action(user_id: int, run: Any, done: str) -> ResponseReturnValue:
    target = _user_or_404(user_id)
    reason = _reason(target)
    if isinstance(reason, Response):
        return reason
    db = get_session()
    try:
        run(db, target, reason or None)
    except AccountError as error:
        db.rollback()
        return _detailpage(target, _user_form(target), INVALID, [str(error.message)])
    db.commit()
    flash(done, "success")
    return redirect(url_for("admin.user", user_id=target.id))


@blueprint.post(f"/usuarios/{USER_ID}/desactivar")
@requires(Permission.USERS_MANAGE)
def disable_user(user_id: int) -> ResponseReturnValue:
    def run(db: Any, target: User, reason: str | None) -> None:
        service.set_disabled(db, target, True, _actor(), request_info(), reason)

    return _action(user_id, run, _("The account is disabled and all its sessions ended."))


@blueprint.post(f"/usuarios/{USER_ID}/activar")
@requires(Permission.USERS_MANAGE)
def enable_user(user_id: int) -> ResponseReturnValue:
    def run(db: Any, target: User, reason: str | None) -> None:
        service.set_disabled(db, target, False, _actor(), request_info(), reason)

    return _action(user_id, run, _("The account is enabled again."))


@blueprint.post(f"/usuarios/{USER_ID}/desbloquear")
@requires(Permission.USERS_MANAGE)
def unlock_user(user_id: int) -> ResponseReturnValue:
    secret = str(current_app.config["SECRET_KEY"])

    def run(db: Any, target: User, reason: str | None) -> None:
        service.unlock(db, target, _actor(), request_info(), secret, reason)

    return _action(user_id, run, _("Failed sign-ins of this account are cleared."))


@blueprint.post(f"/usuarios/{USER_ID}/cerrar-sesiones")
@requires(Permission.USERS_MANAGE)
def sign_out_user(user_id: int) -> ResponseReturnValue:
    def run(db: Any, target: User, reason: str | None) -> None:
        service.logout_everywhere(db, target, _actor(), request_info(), reason)

    return _action(user_id, run, _("Every session of this account has ended."))


@blueprint.post(f"/usuarios/{USER_ID}/enlace")
@requires(Permission.USERS_MANAGE)
def reset_link(user_id: int) -> ResponseReturnValue:
    target = _user_or_404(user_id)
    reason = _reason(target)
    if isinstance(reason, Response):
        return reason
    if target.disabled:
        message = _("Enable the account before making a password link for it.")
        return _detailpage(target, _user_form(target), INVALID, [message])
    db = get_session()
    lifetime = timedelta(hours=int(current_app.config["PASSWORD_RESET_HOURS"]))
    token = reset.issue_link(
        db, target, _actor(), request_info(), lifetime=lifetime, now=utcnow(), reason=reason or None
    )
    db.commit()
    return _linkpage(target, token, lifetime, 200)


def _throttlespage(status: int = 200, errors: list[str] | None = None) -> Response:
    db = get_session()
    states = throttling.active(db, _throttle_settings(), utcnow())
    user_ids = {state.row.user_id for state in states if state.row.user_id}
    users = {uid: service.get_user(db, uid) for uid in user_ids}
    return page(
        "admin/throttles.html",
        status,
        states=states,
        users=users,
        reason_form=ReasonForm(),
        form_errors=errors or [],
    )


@blueprint.get("/bloqueos")
@requires(Permission.USERS_MANAGE)
def throttles() -> ResponseReturnValue:
    return _throttlespage()


@blueprint.post(f"/bloqueos/{THROTTLE_ID}/quitar")
@requires(Permission.USERS_MANAGE)
def clear_throttle(throttle_id: int) -> ResponseReturnValue:
    form = ReasonForm()
    if not form.validate():
        return _throttlespage(INVALID, [str(m) for m in form.reason.errors])
    db = get_session()
    row = throttling.clear_by_id(db, throttle_id)
    if row is None:
        abort(404)
    subject = row.subject if row.kind == throttling.Kind.ADDRESS else f"user {row.user_id}"
    details = {"kind": row.kind, "subject": subject}
    reason = form.reason.data or None
    action = AuditAction.THROTTLE_CLEARED
    record(db, _actor(), action, "login_throttle", row.id, reason, request_info(), details=details)
    db.commit()
    flash(_("The sign-in lock is removed."), "success")
    return redirect(url_for("admin.throttles"))


@blueprint.get("/auditoria")
@requires(Permission.AUDIT_READ)
def audit_log() -> ResponseReturnValue:
    db = get_session()
    form = AuditFilterForm(request.args)
    form.set_choices(audit.known_actions(db), audit.known_target_types(db))
    if not form.validate():
        return page("admin/audit.html", 400, form=form, page=None, args={})
    since, until = form.bounds(get_timezone())
    filters = AuditFilter(
        actor=form.actor.data or None,
        action=form.action.data or None,
        target_type=form.target_type.data or None,
        target_id=form.target_id.data or None,
        since=since,
        until=until,
    )
    found = audit.search(db, filters, form.page_number())
    accounts = service.users_by_id(db, audit_rows.account_ids(found.entries))
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    entries = audit_rows.rows(found.entries, accounts)
    return page("admin/audit.html", form=form, page=found, entries=entries, args=args)
