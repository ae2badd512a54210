"""Provider update requests, the coordinator's side: send a one-time link for a record,
review the provider's proposal field by field (accept or reject each), revoke a link."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Regexp

from enlace.accounts.models import User
from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.stewardship import requests as update_requests
from enlace.stewardship import service
from enlace.stewardship.errors import (
    FieldChange,
    RecordForbiddenError,
    RecordInvalidError,
    RecordNotFoundError,
)
from enlace.stewardship.models import UpdateRequest
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.common import INVALID, max_length, options, page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.catalogue_pages import place_names
from enlace.web.coordinator.catalogue_text import change_line
from enlace.web.labels import LANGUAGE_NAMES
from enlace.web.mail import queue_mail
from enlace.web.record_rows import Checkboxes


class RequestForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("The provider's e-mail"),
        [
            InputRequired(_l("Write the e-mail address.")),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Write an e-mail address like name@example.org."),
            ),
            max_length(254),
        ],
        render_kw={"type": "email", "autocomplete": "off"},
    )
    language = RadioField(
        _l("Language of the e-mail and the page"),
        choices=lambda: options((code, LANGUAGE_NAMES[code]) for code in ("es", "en")),
        default="es",
    )


class DecisionForm(FlaskForm):  # type: ignore[misc]
    accepted = Checkboxes(_l("Changes to accept"))


def _now() -> datetime:
    return datetime.now(UTC)


def _statuses(known: list[UpdateRequest]) -> dict[int | None, str]:
    now = _now()
    return {r.id: update_requests.shown_status(r, now) for r in known}


def _actor() -> User:
    user = signed_in_user()
    assert user is not None
    return user


def _request_page(kind: str, slug: str) -> ResponseReturnValue:
    session = get_session()
    try:
        row = service.load(session, kind, service.id_of(session, kind, slug))
        service.check_scope(_actor(), service.region_of(session, row))
    except RecordNotFoundError:
        abort(404)
    except RecordForbiddenError:
        abort(403)
    form = RequestForm()
    known = update_requests.requests_of(session, kind, row.id)
    context = {
        "form": form,
        "kind": kind,
        "record": row,
        "requests": known,
        "statuses": _statuses(known),
    }
    if not form.is_submitted():
        return render_template("coordinator/catalogue/request.html", **context)
    if not form.validate():
        return page("coordinator/catalogue/request.html", INVALID, **context)
    made = update_requests.create_request(
        session,
        _actor(),
        kind,
        row.id,
        form.email.data.strip(),
        form.language.data,
        now=_now(),
        request_info=request_info(),
    )
    link = url_for("public.provider_update", token=made.token, _external=True)
    language = made.request.language
    name = row.name_en if language == "en" and row.name_en else row.name_es
    with force_locale(language):
        expires = format_date(made.request.expires_at, "long")
    queue_mail(
        session,
        to=made.request.email,
        language=language,
        template="update_request",
        subject=_l("Please check your information in Enlace"),
        purpose="update_request",
        record_name=name,
        link=link,
        expires=expires,
    )
    session.commit()
    return render_template(
        "coordinator/catalogue/request_sent.html",
        kind=kind,
        record=row,
        request=made.request,
        link=link,
    )


@blueprint.route("/catalogo/ofertas/<slug>/solicitud", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def offer_request(slug: str) -> ResponseReturnValue:
    return _request_page("offer", slug)


@blueprint.route("/catalogo/agencias/<slug>/solicitud", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def agency_request(slug: str) -> ResponseReturnValue:
    return _request_page("agency", slug)


def _load(request_id: int) -> UpdateRequest:
    session = get_session()
    try:
        request = update_requests.get_request(session, request_id)
        update_requests.check_request_scope(session, _actor(), request)
    except RecordNotFoundError:
        abort(404)
    except RecordForbiddenError:
        abort(403)
    return request


@blueprint.route("/catalogo/solicitudes/<int:request_id>", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def update_request(request_id: int) -> ResponseReturnValue:
    session = get_session()
    request = _load(request_id)
    row = service.load(session, request.kind, request.record_id)
    proposal = request.proposal or {}
    changes = [FieldChange(n, v.get("before"), v.get("after")) for n, v in proposal.items()]
    places = place_names(session)
    lines = [change_line(change, places) for change in changes]
    form = DecisionForm()
    form.accepted.choices = options(
        (c.field, line.field) for c, line in zip(changes, lines, strict=True)
    )
    current = service.snapshot_of(request.kind, row)
    context: dict[str, Any] = {
        "request": request,
        "record": row,
        "kind": request.kind,
        "rows": list(zip(changes, lines, strict=True)),
        "current": current,
        "form": form,
        "shown_status": update_requests.shown_status(request, _now()),
    }
    if not form.is_submitted():
        return render_template("coordinator/catalogue/update_request.html", **context)
    if not form.validate() or request.status != update_requests.PROPOSED:
        return page("coordinator/catalogue/update_request.html", INVALID, **context)
    try:
        update_requests.decide(
            session,
            _actor(),
            request,
            set(form.accepted.data or ()),
            today=date.today(),
            now=_now(),
            request_info=request_info(),
        )
    except RecordInvalidError as refused:
        session.rollback()
        flash(_("These changes cannot be saved as they are: edit the record instead."), "error")
        context["refused"] = [str(m) for ms in refused.errors.values() for m in ms]
        return page("coordinator/catalogue/update_request.html", INVALID, **context)
    session.commit()
    flash(_("Decision saved. Accepted changes are public now."), "success")
    return redirect(url_for("coordinator.update_request", request_id=request_id))


@blueprint.post("/catalogo/solicitudes/<int:request_id>/revocar")
@requires(Permission.NETWORK_MANAGE)
def revoke_request(request_id: int) -> ResponseReturnValue:
    session = get_session()
    request = _load(request_id)
    if not FlaskForm().validate():
        return redirect(url_for("coordinator.update_request", request_id=request_id)), INVALID
    update_requests.revoke(session, _actor(), request)
    session.commit()
    flash(_("The link no longer works."), "success")
    return redirect(url_for("coordinator.update_request", request_id=request_id))
