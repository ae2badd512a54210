"""Sign in and out, the account page, and one-time password links (thin: forms + services)."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from enlace.accounts import reset, service, tokens
from enlace.accounts.audit import AuditAction, record
from enlace.accounts.errors import AccountError
from enlace.accounts.login import LoginContext, Outcome, authenticate
from enlace.accounts.models import User
from enlace.accounts.policy import Permission, Role, allows
from enlace.accounts.throttling import Kind, ThrottleSettings, Verdict
from enlace.db import get_session, utcnow
from enlace.web import labels
from enlace.web.access import (
    end_this_session,
    public,
    request_info,
    requires,
    signed_in_user,
    start_session,
)
from enlace.web.auth import blueprint
from enlace.web.auth.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    EmptyForm,
    LoginForm,
    NewPasswordForm,
)
from enlace.web.common import INVALID, add_error, options


def safe_next(target: str | None) -> str | None:
    """A local path to return to after signing in, or None (never another site)."""
    if not target or len(target) > 500 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    return target


def _landing(user: User) -> str:
    """Where signing in leads: each role's start page, or the account page when there is none."""
    if user.role == Role.ADMIN:
        return url_for("admin.users")
    if user.role == Role.STAFF and allows(user, Permission.CASEWORK):
        return url_for("staff.home")
    if user.role == Role.COORDINATOR and allows(user, Permission.NETWORK_REPORTS):
        return url_for("coordinator.home")
    return url_for("auth.account")


def _throttle_message(verdict: Verdict) -> str:
    if verdict.locked and verdict.kind is Kind.ADDRESS:
        message = ngettext(
            "Too many failed sign-ins from your network: signing in is locked for %(num)d minute.",
            "Too many failed sign-ins from your network: signing in is locked for %(num)d minutes.",
            verdict.retry_minutes,
        )
    elif verdict.locked:
        message = ngettext(
            "Too many failed sign-ins: this account is locked for %(num)d minute. "
            "Try again later, or ask an administrator to unlock it.",
            "Too many failed sign-ins: this account is locked for %(num)d minutes. "
            "Try again later, or ask an administrator to unlock it.",
            verdict.retry_minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins. Wait %(num)d second before trying again.",
            "Too many failed sign-ins. Wait %(num)d seconds before trying again.",
            verdict.retry_after,
        )
    return str(message)


def _login_page(form: LoginForm, status: int, errors: list[str] | None = None) -> Response:
    html = render_template("auth/login.html", form=form, form_errors=errors or [])
    return Response(html, status=status, mimetype="text/html")


@blueprint.route("/entrar", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    user = signed_in_user()
    if user is not None:
        return redirect(safe_next(request.args.get("next")) or _landing(user))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        return _login_page(form, 200)
    if not form.validate():
        return _login_page(form, INVALID)
    db = get_session()
    config = current_app.config
    context = LoginContext(
        throttle=ThrottleSettings.from_config(config),
        secret=str(config["SECRET_KEY"]),
        demo_accounts=bool(config["DEMO_ACCOUNTS"]),
    )
    result = authenticate(
        db, form.email.data or "", form.password.data or "", request_info(), context, utcnow()
    )
    db.commit()
    if result.outcome is Outcome.THROTTLED:
        response = _login_page(form, 429, [_throttle_message(result.verdict)])
        response.headers["Retry-After"] = str(result.verdict.retry_after)
        return response
    if result.outcome is Outcome.INVALID:
        errors = [_("The e-mail or the password is not correct.")]
        if not result.verdict.allowed:
            errors.append(_throttle_message(result.verdict))
        return _login_page(form, 401, errors)
    if result.outcome is Outcome.DISABLED or result.user is None:
        errors = [_("This account is disabled. Ask an administrator if you need it again.")]
        return _login_page(form, 403, errors)
    start_session(result.user)
    login_user(result.user)
    flash(_("Welcome, %(name)s.", name=result.user.display_name), "success")
    return redirect(safe_next(form.next.data) or _landing(result.user))


@blueprint.post("/salir")
@requires(Permission.ACCOUNT)
def logout() -> ResponseReturnValue:
    user = signed_in_user()
    if user is not None:
        db = get_session()
        end_this_session()
        record(db, user, AuditAction.LOGOUT, "user", user.id, None, request_info())
        db.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.home"))


@blueprint.post("/salir-de-todo")
@requires(Permission.ACCOUNT)
def logout_everywhere() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    db = get_session()
    service.logout_everywhere(db, user, user, request_info())
    db.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out on every device."), "success")
    return redirect(url_for("public.home"))


def account_page(
    form: ChangePasswordForm,
    status: int,
    errors: list[str] | None = None,
    *,
    token_form: ApiTokenForm | None = None,
    new_secret: str | None = None,
) -> Response:
    """The account page; also after creating an API token, whose secret it shows once."""
    user = signed_in_user()
    if token_form is None:
        token_form = ApiTokenForm(formdata=None)
    if user is not None:
        token_form.scopes.choices = scope_choices(user)
    html = render_template(
        "auth/account.html",
        user=user,
        form=form,
        form_errors=errors or [],
        token_form=token_form,
        api_tokens=tokens.list_tokens(get_session(), user) if user else [],
        new_secret=new_secret,
        now=utcnow(),
        centre=service.user_centre(get_session(), user) if user else None,
        region=service.user_region(get_session(), user) if user else None,
        empty_form=EmptyForm(),
        min_length=current_app.config["PASSWORD_MIN_LENGTH"],
    )
    return Response(html, status=status, mimetype="text/html")


def scope_choices(user: User) -> list[SelectChoice]:
    """The scopes this user may give a token, labelled."""
    return options((s.value, labels.TOKEN_SCOPES[s]) for s in tokens.allowed_scopes(user))


@blueprint.get("/cuenta")
@requires(Permission.ACCOUNT)
def account() -> ResponseReturnValue:
    return account_page(ChangePasswordForm(), 200)


@blueprint.post("/cuenta/contrasena")
@requires(Permission.ACCOUNT)
def change_password() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    form = ChangePasswordForm()
    if not form.validate():
        return account_page(form, INVALID)
    db = get_session()
    try:
        service.change_password(
            db,
            user,
            form.current_password.data or "",
            form.password.data or "",
            request_info(),
            current_app.config["PASSWORD_MIN_LENGTH"],
        )
    except AccountError as error:
        db.rollback()
        return account_page(form, INVALID, add_error(form, error))
    db.commit()
    start_session(user)  # this session stays signed in under the new session version
    login_user(user)
    flash(_("Your password has been changed; your other sessions were signed out."), "success")
    return redirect(url_for("auth.account"))


def _reset_page(form: NewPasswordForm, user: User, status: int, errors: list[str]) -> Response:
    html = render_template(
        "auth/reset.html",
        form=form,
        user=user,
        form_errors=errors,
        min_length=current_app.config["PASSWORD_MIN_LENGTH"],
    )
    return Response(html, status=status, mimetype="text/html")


def _link_gone() -> ResponseReturnValue:
    return render_template("auth/reset_invalid.html"), 410


@blueprint.route("/restablecer/<string(maxlength=128):token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    db = get_session()
    user = reset.link_user(db, token, utcnow())
    if user is None:
        return _link_gone()
    form = NewPasswordForm()
    if request.method == "GET":
        return _reset_page(form, user, 200, [])
    if not form.validate():
        return _reset_page(form, user, INVALID, [])
    try:
        reset.redeem(
            db,
            token,
            form.password.data or "",
            request_info(),
            now=utcnow(),
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
            secret=str(current_app.config["SECRET_KEY"]),
        )
    except AccountError as error:
        db.rollback()
        if error.field is None:
            return _link_gone()
        return _reset_page(form, user, INVALID, add_error(form, error))
    db.commit()
    if signed_in_user() is not None:
        logout_user()
        session.clear()
    flash(_("Your password is set. Sign in with it now."), "success")
    return redirect(url_for("auth.login"))
