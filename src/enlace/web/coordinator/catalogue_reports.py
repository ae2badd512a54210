"""Problems visitors reported, the coordinator's side: close a report once the record is
fixed (or nothing was wrong); open reports show on the offer's edit page and the queue."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.stewardship import service
from enlace.stewardship.errors import RecordForbiddenError, RecordNotFoundError
from enlace.stewardship.reports import resolve
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.common import INVALID
from enlace.web.coordinator import blueprint


@blueprint.post("/catalogo/informes/<int:report_id>/resuelto")
@requires(Permission.NETWORK_MANAGE)
def resolve_report(report_id: int) -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None
    session = get_session()
    if not FlaskForm().validate():
        flash(_("This form has expired. Reload the page and try again."), "error")
        return redirect(url_for("coordinator.verification_queue")), INVALID
    try:
        report = resolve(
            session, user, report_id, now=datetime.now(UTC), request_info=request_info()
        )
    except RecordNotFoundError:
        abort(404)
    except RecordForbiddenError:
        abort(403)
    slug = service.load(session, "offer", report.offer_id).slug
    session.commit()
    flash(_("Report closed."), "success")
    return redirect(url_for("coordinator.edit_offer", slug=slug))
