"""Catalogue pages: coordinators find, create, edit, retire and reinstate agencies and
offers, read their history and restore an earlier version (issue 16).

Views parse the form, call :mod:`enlace.stewardship`, and render; the services check the
region scope, validate, write and audit. A refused form comes back with what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy import Permission
from enlace.catalogue.models import Agency, Offer
from enlace.db import get_session
from enlace.stewardship import service
from enlace.stewardship.duplicates import likely_duplicates
from enlace.stewardship.errors import (
    ChangedMeanwhileError,
    RecordForbiddenError,
    RecordInvalidError,
    RecordNotFoundError,
)
from enlace.stewardship.places import places_of
from enlace.stewardship.read import catalogue_lines
from enlace.stewardship.records import missing_translations
from enlace.stewardship.reports import open_reports
from enlace.stewardship.scope import may_edit_record
from enlace.web import catalogue_labels, labels
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.common import INVALID, page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.agreement_forms import parse_int
from enlace.web.coordinator.catalogue_forms import ActionForm, AgencyForm, OfferForm
from enlace.web.coordinator.catalogue_pages import (
    agency_draft,
    agency_form_data,
    offer_draft,
    offer_form_data,
    place_names,
    prepare_agency,
    prepare_offer,
    put_errors,
)
from enlace.web.coordinator.catalogue_text import change_lines, rule_previews

KIND_PATHS = {"offer": "ofertas", "agency": "agencias"}


def actor() -> User:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    return user


def record_or_abort(kind: str, slug: str) -> Agency | Offer:
    session = get_session()
    try:
        row = service.load(session, kind, service.id_of(session, kind, slug))
    except RecordNotFoundError:
        abort(404)
    if not may_edit_record(actor(), service.region_of(session, row)):
        abort(403)
    return row


@blueprint.get("/catalogo")
@requires(Permission.NETWORK_MANAGE)
def catalogue() -> ResponseReturnValue:
    kind = "agency" if request.args.get("tipo") == "agencias" else "offer"
    query = request.args.get("q", "")[:100]
    lines, total = catalogue_lines(get_session(), actor(), query, kind)
    return page("coordinator/catalogue/list.html", lines=lines, total=total, kind=kind, q=query)


def _missing(names: list[str]) -> list[str]:
    return [labels.label(catalogue_labels.CATALOGUE_FIELDS, name) for name in names]


def _version(form: Any) -> int | None:
    version = parse_int(form.version.data)
    return version if version is not None and version >= 1 else None


def _offer_page(
    form: OfferForm, offer: Offer | None, agency: Agency, status: int = 200, **more: Any
) -> ResponseReturnValue:
    session = get_session()
    prepare_offer(form, session, agency.id)
    draft, _rows = offer_draft(form)
    return page(
        "coordinator/catalogue/offer_form.html",
        status,
        form=form,
        offer=offer,
        agency=agency,
        previews=rule_previews(form, session),
        missing=_missing(missing_translations(draft)),
        reports=open_reports(session, offer.id) if offer is not None else [],
        action_form=ActionForm(),
        **more,
    )


def _save_offer(form: OfferForm, offer: Offer | None, agency: Agency) -> ResponseReturnValue:
    session = get_session()
    prepare_offer(form, session, agency.id)
    if form.refresh.data or not form.validate():
        status = 200 if form.refresh.data and not form.errors else INVALID
        return _offer_page(form, offer, agency, status)
    draft, rows = offer_draft(form)
    version = _version(form)
    if offer is not None and version is None:
        form.version.errors = [_("This form is out of date: open the record again.")]
        return _offer_page(form, offer, agency, INVALID)
    if offer is None and not form.confirm_new.data:
        phones = [p["number"] for p in draft["phones"]]
        found = likely_duplicates(session, "offer", draft["name_es"], agency.commune_code, phones)
        if found:
            return _offer_page(form, offer, agency, INVALID, duplicates=found)
    saved: Agency | Offer
    try:
        if offer is None:
            saved = service.create_offer(
                session, actor(), agency.id, draft, request_info=request_info()
            )
        else:
            assert version is not None
            saved = service.edit_record(
                session,
                actor(),
                "offer",
                offer.id,
                draft,
                version=version,
                reason=form.reason.data or None,
                request_info=request_info(),
            )
    except RecordInvalidError as refused:
        session.rollback()
        loose = put_errors(form, refused.errors, rows)
        return _offer_page(form, offer, agency, INVALID, loose=loose)
    except ChangedMeanwhileError as changed:
        session.rollback()
        lines = change_lines(changed.changes, place_names(get_session()))
        form.version.data = str(changed.current_version)
        return _offer_page(form, offer, agency, 409, changed=changed, changed_lines=lines)
    except RecordForbiddenError:
        abort(403)
    session.commit()
    flash(_("Saved. The public pages and search show the change now."), "success")
    return redirect(url_for("coordinator.edit_offer", slug=saved.slug))


@blueprint.route("/catalogo/ofertas/<slug>/editar", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def edit_offer(slug: str) -> ResponseReturnValue:
    offer = record_or_abort("offer", slug)
    assert isinstance(offer, Offer)
    agency = offer.agency
    if request.method == "GET":
        return _offer_page(OfferForm(data=offer_form_data(offer)), offer, agency)
    return _save_offer(OfferForm(), offer, agency)


@blueprint.route("/catalogo/agencias/<slug>/ofertas/nueva", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def new_offer(slug: str) -> ResponseReturnValue:
    agency = record_or_abort("agency", slug)
    assert isinstance(agency, Agency)
    if request.method == "GET":
        return _offer_page(OfferForm(), None, agency)
    return _save_offer(OfferForm(), None, agency)


def _agency_page(
    form: AgencyForm, agency: Agency | None, status: int = 200, **more: Any
) -> ResponseReturnValue:
    prepare_agency(form, get_session(), actor())
    return page(
        "coordinator/catalogue/agency_form.html",
        status,
        form=form,
        agency=agency,
        missing=_missing(missing_translations(agency_draft(form)[0])),
        places=places_of(agency) if agency is not None else [],
        commune_names=place_names(get_session()),
        **more,
    )


def _save_agency(form: AgencyForm, agency: Agency | None) -> ResponseReturnValue:
    session = get_session()
    prepare_agency(form, session, actor())
    if not form.validate():
        return _agency_page(form, agency, INVALID)
    draft, rows = agency_draft(form)
    version = _version(form)
    if agency is not None and version is None:
        form.version.errors = [_("This form is out of date: open the record again.")]
        return _agency_page(form, agency, INVALID)
    if agency is None and not form.confirm_new.data:
        phones = [p["number"] for p in draft["phones"]]
        found = likely_duplicates(
            session, "agency", draft["name_es"], draft["commune_code"], phones
        )
        if found:
            return _agency_page(form, agency, INVALID, duplicates=found)
    saved: Agency | Offer
    try:
        if agency is None:
            saved = service.create_agency(session, actor(), draft, request_info=request_info())
        else:
            assert version is not None
            saved = service.edit_record(
                session,
                actor(),
                "agency",
                agency.id,
                draft,
                version=version,
                reason=form.reason.data or None,
                request_info=request_info(),
            )
    except RecordInvalidError as refused:
        session.rollback()
        loose = put_errors(form, refused.errors, rows)
        return _agency_page(form, agency, INVALID, loose=loose)
    except ChangedMeanwhileError as changed:
        session.rollback()
        form.version.data = str(changed.current_version)
        lines = change_lines(changed.changes, place_names(get_session()))
        return _agency_page(form, agency, 409, changed=changed, changed_lines=lines)
    except RecordForbiddenError:
        session.rollback()
        form.region_code.errors = [_("You may only keep agencies of your region.")]
        return _agency_page(form, agency, INVALID)
    session.commit()
    flash(_("Saved. The public pages and search show the change now."), "success")
    return redirect(url_for("coordinator.edit_agency", slug=saved.slug))


@blueprint.route("/catalogo/agencias/<slug>/editar", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def edit_agency(slug: str) -> ResponseReturnValue:
    agency = record_or_abort("agency", slug)
    assert isinstance(agency, Agency)
    if request.method == "GET":
        return _agency_page(AgencyForm(data=agency_form_data(agency)), agency)
    return _save_agency(AgencyForm(), agency)


@blueprint.route("/catalogo/agencias/nueva", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def new_agency() -> ResponseReturnValue:
    if request.method == "GET":
        return _agency_page(AgencyForm(), None)
    return _save_agency(AgencyForm(), None)
