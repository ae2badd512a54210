"""The verification queue: records due for a check, the most seen first, and the one-click
"checked today, nothing changed" (issue 16)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.stewardship import service
from enlace.stewardship.errors import RecordForbiddenError, RecordNotFoundError
from enlace.stewardship.verification import COUNT_CAP, Limits, agency_queue, offer_queue
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.common import page
from enlace.web.coordinator import blueprint


def today() -> date:
    """The day the queue works on (tests fix it)."""
    return date.today()


def _limits() -> Limits:
    return Limits.from_config(current_app.config)


@blueprint.get("/catalogo/verificar")
@requires(Permission.NETWORK_MANAGE)
def verification_queue() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    session = get_session()
    offers, offer_total = offer_queue(session, user, _limits(), today())
    agencies, agency_total = agency_queue(session, user, _limits(), today())
    return page(
        "coordinator/catalogue/queue.html",
        offers=offers,
        offer_total=offer_total,
        agencies=agencies,
        agency_total=agency_total,
        limits=_limits(),
        count_cap=COUNT_CAP,
        form=FlaskForm(),
    )


def _checked(kind: str, slug: str) -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    form = FlaskForm()
    if not form.validate():
        flash(_("This form has expired. Reload the page and try again."), "error")
        return redirect(url_for("coordinator.verification_queue")), 422
    session = get_session()
    try:
        record_id = service.id_of(session, kind, slug)
        service.mark_checked(
            session, user, kind, record_id, today=today(), request_info=request_info()
        )
    except RecordNotFoundError:
        abort(404)
    except RecordForbiddenError:
        abort(403)
    session.commit()
    flash(_("Marked as checked today."), "success")
    return redirect(url_for("coordinator.verification_queue"))


@blueprint.post("/catalogo/ofertas/<slug>/revisada")
@requires(Permission.NETWORK_MANAGE)
def offer_checked(slug: str) -> ResponseReturnValue:
    return _checked("offer", slug)


@blueprint.post("/catalogo/agencias/<slug>/revisada")
@requires(Permission.NETWORK_MANAGE)
def agency_checked(slug: str) -> ResponseReturnValue:
    return _checked("agency", slug)
