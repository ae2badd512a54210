"""A catalogue record's history page and its actions: retire, reinstate (an agency with
the offers retired with it), restore an earlier version."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from enlace.accounts.policy import Permission
from enlace.catalogue.models import Offer
from enlace.db import get_session
from enlace.stewardship import retire, service
from enlace.stewardship.errors import (
    ChangedMeanwhileError,
    RecordInvalidError,
    RecordNotFoundError,
)
from enlace.stewardship.history import record_history, versions
from enlace.stewardship.read import agency_places
from enlace.web import labels
from enlace.web.access import request_info, requires
from enlace.web.common import INVALID, page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.catalogue import actor, record_or_abort
from enlace.web.coordinator.catalogue_forms import ActionForm
from enlace.web.coordinator.catalogue_pages import place_names
from enlace.web.coordinator.catalogue_text import change_lines


def _history(
    kind: str, slug: str, form: ActionForm | None = None, status: int = 200
) -> ResponseReturnValue:
    row = record_or_abort(kind, slug)
    session = get_session()
    entries = list(reversed(record_history(session, kind, row.id)))
    places = place_names(session)
    if isinstance(row, Offer):
        places.update(agency_places(session, row.agency_id))
    lines = [change_lines(entry.changes, places) for entry in entries]
    if form is None:
        form = ActionForm(data={"version": str(row.version), "with_offers": True})
    form.version.data = str(row.version)
    agency_id = row.id if kind == "agency" else None
    return page(
        "coordinator/catalogue/history.html",
        status,
        kind=kind,
        record=row,
        entries=list(zip(entries, lines, strict=True)),
        action_labels={e.action: labels.audit_action(e.action) for e in entries},
        restorable=sorted(versions(session, kind, row.id), reverse=True),
        form=form,
        offers_to_retire=retire.active_offers(session, agency_id) if agency_id else [],
        offers_to_reinstate=retire.offers_retired_with(session, agency_id) if agency_id else [],
    )


@blueprint.get("/catalogo/ofertas/<slug>/historial")
@requires(Permission.NETWORK_MANAGE)
def offer_history(slug: str) -> ResponseReturnValue:
    return _history("offer", slug)


@blueprint.get("/catalogo/agencias/<slug>/historial")
@requires(Permission.NETWORK_MANAGE)
def agency_history(slug: str) -> ResponseReturnValue:
    return _history("agency", slug)


def _act(kind: str, slug: str, action: str, number: int | None = None) -> ResponseReturnValue:
    row = record_or_abort(kind, slug)
    form = ActionForm()
    if not form.validate():
        flash(_("This form is out of date: open the record again."), "error")
        return redirect(url_for(f"coordinator.{kind}_history", slug=slug)), INVALID
    session = get_session()
    version = int(form.version.data)
    try:
        if action == "restore":
            assert number is not None
            service.restore_version(
                session,
                actor(),
                kind,
                row.id,
                number,
                version=version,
                request_info=request_info(),
            )
        elif kind == "agency" and action == "retire":
            if retire.active_offers(session, row.id) and not form.confirm.data:
                form.confirm.errors = [_("Tick the box to confirm: its offers are retired too.")]
                return _history(kind, slug, form, INVALID)
            retire.retire_agency(
                session, actor(), row.id, version=version, request_info=request_info()
            )
        elif kind == "agency":
            retire.reinstate_agency(
                session,
                actor(),
                row.id,
                version=version,
                with_offers=bool(form.with_offers.data),
                request_info=request_info(),
            )
        else:
            service.set_retired(
                session,
                actor(),
                kind,
                row.id,
                retired=action == "retire",
                version=version,
                request_info=request_info(),
            )
    except ChangedMeanwhileError:
        session.rollback()
        flash(_("Someone saved this record meanwhile: nothing was changed. Look again."), "error")
        return redirect(url_for(f"coordinator.{kind}_history", slug=slug)), 409
    except RecordInvalidError as refused:
        session.rollback()
        for messages in refused.errors.values():
            for message in messages:
                flash(str(message), "error")
        return _history(kind, slug, None, INVALID)
    except RecordNotFoundError:
        abort(404)
    session.commit()
    flash(_("Done. The public pages and search show the change now."), "success")
    return redirect(url_for(f"coordinator.{kind}_history", slug=slug))


@blueprint.post("/catalogo/ofertas/<slug>/retirar")
@requires(Permission.NETWORK_MANAGE)
def retire_offer(slug: str) -> ResponseReturnValue:
    return _act("offer", slug, "retire")


@blueprint.post("/catalogo/ofertas/<slug>/reactivar")
@requires(Permission.NETWORK_MANAGE)
def reinstate_offer(slug: str) -> ResponseReturnValue:
    return _act("offer", slug, "reinstate")


@blueprint.post("/catalogo/ofertas/<slug>/restaurar/<int:number>")
@requires(Permission.NETWORK_MANAGE)
def restore_offer(slug: str, number: int) -> ResponseReturnValue:
    return _act("offer", slug, "restore", number)


@blueprint.post("/catalogo/agencias/<slug>/retirar")
@requires(Permission.NETWORK_MANAGE)
def retire_agency(slug: str) -> ResponseReturnValue:
    return _act("agency", slug, "retire")


@blueprint.post("/catalogo/agencias/<slug>/reactivar")
@requires(Permission.NETWORK_MANAGE)
def reinstate_agency(slug: str) -> ResponseReturnValue:
    return _act("agency", slug, "reinstate")


@blueprint.post("/catalogo/agencias/<slug>/restaurar/<int:number>")
@requires(Permission.NETWORK_MANAGE)
def restore_agency(slug: str, number: int) -> ResponseReturnValue:
    return _act("agency", slug, "restore", number)
