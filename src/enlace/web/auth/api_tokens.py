"""The account page's API tokens: create one (its secret shown once), revoke one.

The secret is rendered into the answer to the creating POST and nowhere else: not in a
redirect, a flash message or the session cookie, and only its hash is stored.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from enlace.accounts import tokens
from enlace.accounts.policy import Permission
from enlace.db import get_session, utcnow
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.auth import blueprint
from enlace.web.auth.forms import ApiTokenForm, ChangePasswordForm
from enlace.web.auth.views import account_page, scope_choices
from enlace.web.common import INVALID


@blueprint.post("/cuenta/claves-api")
@requires(Permission.ACCOUNT)
def create_token() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    form = ApiTokenForm()
    form.scopes.choices = scope_choices(user)
    if not form.validate():
        return account_page(ChangePasswordForm(formdata=None), INVALID, token_form=form)
    db = get_session()
    try:
        _token, secret = tokens.create_token(
            db,
            user,
            form.name.data or "",
            form.scopes.data or [],
            form.days.data,
            utcnow(),
            request_info(),
        )
    except tokens.TokenError:
        db.rollback()
        form.name.errors = [_("The token could not be created; check the fields.")]
        return account_page(ChangePasswordForm(formdata=None), INVALID, token_form=form)
    db.commit()
    return account_page(ChangePasswordForm(formdata=None), 201, new_secret=secret)


@blueprint.post("/cuenta/claves-api/<int:token_id>/revocar")
@requires(Permission.ACCOUNT)
def revoke_token(token_id: int) -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    db = get_session()
    if tokens.revoke_token(db, user, token_id, utcnow(), request_info()):
        db.commit()
        flash(_("The API token has been revoked: it no longer works."), "success")
    else:
        flash(_("That API token was not found, or was already revoked."), "info")
    return redirect(url_for("auth.account") + "#api-tokens-heading")
