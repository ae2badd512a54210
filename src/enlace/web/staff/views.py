"""The staff start page: where a case manager lands after signing in."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from enlace.accounts import service
from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.web.access import requires, signed_in_user
from enlace.web.staff import blueprint


@blueprint.get("/")
@requires(Permission.CASEWORK)
def home() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    centre = service.user_centre(get_session(), user)
    return render_template("staff/home.html", user=user, centre=centre)
