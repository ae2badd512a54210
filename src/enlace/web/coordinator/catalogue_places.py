"""An agency's places on their own pages: add one, change it (address, commune, map
position, how to get there, accessibility, phones, opening hours) or remove it. Each save
is an edit of the agency: locked on its version, audited in its history, restorable."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enlace.accounts.policy import Permission
from enlace.catalogue.lookup import reference_data
from enlace.catalogue.models import Agency
from enlace.db import get_session
from enlace.stewardship.errors import (
    ChangedMeanwhileError,
    RecordForbiddenError,
    RecordInvalidError,
    RecordNotFoundError,
)
from enlace.stewardship.place_edits import place_of, remove_place, save_place
from enlace.stewardship.places import PLACE_FIELDS
from enlace.web.access import request_info, requires
from enlace.web.common import INVALID, options, page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.agreement_forms import parse_int
from enlace.web.coordinator.catalogue import actor, record_or_abort
from enlace.web.coordinator.catalogue_forms import ActionForm, PlaceForm
from enlace.web.coordinator.catalogue_pages import place_names, put_errors
from enlace.web.coordinator.catalogue_text import change_lines
from enlace.web.record_rows import (
    add_blank_rows,
    phone_rows,
    schedule_form_rows,
    schedule_rows,
)

_TEXTS = tuple(name for name in PLACE_FIELDS if name not in ("latitude", "longitude"))


def _agency(slug: str) -> Agency:
    agency = record_or_abort("agency", slug)
    assert isinstance(agency, Agency)
    return agency


def _prepare(form: PlaceForm) -> None:
    """Regions, and the communes of the chosen region (all of them until one is chosen:
    "Update the form" narrows the list without JavaScript)."""
    ref = reference_data(get_session())
    form.region_code.choices = options(
        [("", _l("Choose a region")), *((r.code, r.name) for r in ref.regions)]
    )
    region = form.region_code.data or ""
    communes = sorted(
        (c for c in ref.communes.values() if not region or c.region_code == region),
        key=lambda c: c.name,
    )
    form.commune_code.choices = options(
        [("", _l("Choose a commune")), *((c.code, c.name) for c in communes)]
    )
    add_blank_rows(form, ("phones", "schedules"))


def place_draft(form: PlaceForm) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The place the form holds, as the services take it, and the rows it came from."""
    draft: dict[str, Any] = {}
    for name in _TEXTS:
        text = (getattr(form, name).data or "").strip()
        draft[name] = text or None
    draft["latitude"] = form.latitude.value
    draft["longitude"] = form.longitude.value
    rows: dict[str, list[int]] = {}
    draft["phones"], rows["phones"] = phone_rows(form)
    draft["schedules"], rows["schedules"] = schedule_rows(form)
    return draft, rows


def place_form_data(place: dict[str, Any], version: int) -> dict[str, Any]:
    data: dict[str, Any] = {name: place.get(name) or "" for name in _TEXTS}
    for name in ("latitude", "longitude"):
        data[name] = "" if place.get(name) is None else str(place[name])
    data["phones"] = [{k: v or "" for k, v in p.items()} for p in place["phones"]]
    data["schedules"] = schedule_form_rows(place["schedules"])
    data["version"] = str(version)
    return data


def _page(
    form: PlaceForm, agency: Agency, place_id: str | None, status: int = 200, **more: Any
) -> ResponseReturnValue:
    _prepare(form)
    return page(
        "coordinator/catalogue/place_form.html",
        status,
        form=form,
        agency=agency,
        place_id=place_id,
        action_form=ActionForm(data={"version": form.version.data}),
        **more,
    )


def _save(form: PlaceForm, agency: Agency, place_id: str | None) -> ResponseReturnValue:
    _prepare(form)
    if form.refresh.data or not form.validate():
        status = 200 if form.refresh.data and not form.errors else INVALID
        return _page(form, agency, place_id, status)
    version = parse_int(form.version.data)
    if version is None or version < 1:
        form.version.errors = [_("This form is out of date: open the record again.")]
        return _page(form, agency, place_id, INVALID)
    draft, rows = place_draft(form)
    session = get_session()
    try:
        save_place(
            session,
            actor(),
            agency.id,
            place_id,
            draft,
            version=version,
            reason=form.reason.data or None,
            request_info=request_info(),
        )
    except RecordInvalidError as refused:
        session.rollback()
        loose = put_errors(form, refused.errors, rows)
        return _page(form, agency, place_id, INVALID, loose=loose)
    except ChangedMeanwhileError as changed:
        session.rollback()
        form.version.data = str(changed.current_version)
        lines = change_lines(changed.changes, place_names(get_session()))
        return _page(form, agency, place_id, 409, changed=changed, changed_lines=lines)
    except RecordNotFoundError:
        abort(404)
    except RecordForbiddenError:
        abort(403)
    session.commit()
    flash(_("Place saved. The public pages and search show the change now."), "success")
    return redirect(url_for("coordinator.edit_agency", slug=agency.slug) + "#places")


@blueprint.route("/catalogo/agencias/<slug>/lugares/nuevo", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def new_place(slug: str) -> ResponseReturnValue:
    agency = _agency(slug)
    if request.method == "GET":
        data = {"version": str(agency.version), "region_code": agency.region_code or ""}
        return _page(PlaceForm(data=data), agency, None)
    return _save(PlaceForm(), agency, None)


def _place_or_abort(agency: Agency, place_id: str) -> dict[str, Any]:
    try:
        return place_of(get_session(), agency.id, place_id)
    except RecordNotFoundError:
        abort(404)


@blueprint.route("/catalogo/agencias/<slug>/lugares/<place_id>/editar", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def edit_place(slug: str, place_id: str) -> ResponseReturnValue:
    agency = _agency(slug)
    place = _place_or_abort(agency, place_id)
    if request.method == "GET":
        return _page(PlaceForm(data=place_form_data(place, agency.version)), agency, place_id)
    return _save(PlaceForm(), agency, place_id)


@blueprint.post("/catalogo/agencias/<slug>/lugares/<place_id>/quitar")
@requires(Permission.NETWORK_MANAGE)
def remove_place_view(slug: str, place_id: str) -> ResponseReturnValue:
    agency = _agency(slug)
    place = _place_or_abort(agency, place_id)
    action = ActionForm()
    form = PlaceForm(formdata=None, data=place_form_data(place, agency.version))
    if not action.validate():
        form.version.errors = [_("This form is out of date: open the record again.")]
        return _page(form, agency, place_id, INVALID)
    session = get_session()
    try:
        remove_place(
            session,
            actor(),
            agency.id,
            place_id,
            version=int(action.version.data),
            request_info=request_info(),
        )
    except RecordInvalidError as refused:
        session.rollback()
        loose = [str(m) for messages in refused.errors.values() for m in messages]
        return _page(form, agency, place_id, INVALID, loose=loose)
    except ChangedMeanwhileError:
        session.rollback()
        flash(_("Someone saved this record meanwhile: nothing was changed. Look again."), "error")
        return _page(form, agency, place_id, 409)
    session.commit()
    flash(_("Place removed. The public pages and search show the change now."), "success")
    return redirect(url_for("coordinator.edit_agency", slug=agency.slug) + "#places")
