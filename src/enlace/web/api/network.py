"""The network as JSON for coordinators: coverage, and agreements (list, read, create,
change with optimistic locking).

Through the network services, which check the coordinator's region scope and audit each
change. With a token: the ``network`` scope (reading as well as writing). A change sends
the ``version`` it read; if someone saved since, nothing is written and the answer is 409
with what changed (:class:`~enlace.network.errors.ChangedMeanwhileError`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, NoReturn

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from spectree import Response

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, Permission, may_see_region, region_scope
from enlace.accounts.tokens import TokenScope
from enlace.casework import aggregate
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.network import agreements, service
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    AgreementNotFoundError,
    ChangedMeanwhileError,
)
from enlace.network.listing import (
    AgreementFilter,
    AgreementSummary,
    AgreementView,
    agreement_id_of,
    get_agreement,
    list_agreements,
)
from enlace.network.validation import AgreementDraft, PartyDraft
from enlace.web.access import acting_user, request_info, requires
from enlace.web.api import blueprint
from enlace.web.api.bodies import json_body
from enlace.web.api.errors import ApiError, FieldProblem, error_body
from enlace.web.api.schemas_network import (
    AgreementEdit,
    AgreementListOut,
    AgreementListQuery,
    AgreementOut,
    ChangedMeanwhileOut,
    CoverageOut,
    CoverageQuery,
    NewAgreement,
)
from enlace.web.api.scopes import require_token_scope
from enlace.web.openapi import ErrorResponse, spec

_READ: dict[str, Any] = {
    "HTTP_400": ErrorResponse,
    "HTTP_401": ErrorResponse,
    "HTTP_403": ErrorResponse,
    "HTTP_429": ErrorResponse,
}
_WRITE: dict[str, Any] = {**_READ, "HTTP_415": ErrorResponse, "HTTP_422": ErrorResponse}


def _actor() -> User:
    user = acting_user()
    if user is None:  # @requires let nobody anonymous through
        raise ApiError(401, "Sign in or send an API token.")
    return user


def _english() -> bool:
    return str(get_locale() or "es") == "en"


@blueprint.get("/network/coverage")
@requires(Permission.NETWORK_REPORTS)
@spec.validate(
    query=CoverageQuery,
    resp=Response(HTTP_200=CoverageOut, **_READ),
    tags=["enlace"],
    operation_id="networkCoverage",
)
def coverage() -> ResponseReturnValue:
    """Region x need domain coverage: offers, those reached with priority, and through
    which agreements. Regional coordinators see their own region only. Each cell carries the
    participants with an unmet high need there, null where small-cell suppression hides it."""
    require_token_scope(TokenScope.NETWORK)
    query: CoverageQuery = request.context.query  # type: ignore[attr-defined]
    actor = _actor()
    scope = region_scope(actor)
    region = query.region or (None if scope in (None, NATIONAL) else scope)
    session = get_session()
    if region is not None and region not in reference_data(session).region_by_code:
        raise ApiError(
            400,
            "No such region.",
            code="invalid_parameters",
            fields=[FieldProblem("region", "unknown region")],
        )
    if not may_see_region(actor, region) and not (region is None and scope == NATIONAL):
        raise ApiError(403, "This region is outside your scope.", code="out_of_scope")
    matrix = service.coverage(session, query.on or date.today(), region)
    unmet = aggregate.coverage_unmet(session)
    cells = [
        {
            "region": c.region,
            "domain": c.domain,
            "offers": list(c.offers),
            "priority_offers": list(c.priority_offers),
            "agreements": list(c.agreements),
            "centres": c.centres,
            "no_offer": c.no_offer,
            "no_priority": c.no_priority,
            "participants_unmet_high_need": unmet.cell(c.region, c.domain),
        }
        for row in matrix.rows()
        for c in row
    ]
    out = CoverageOut.model_validate(
        {
            "on": matrix.on,
            "regions": list(matrix.regions),
            "domains": list(matrix.domains),
            "cells": cells,
        }
    )
    return jsonify(out.model_dump(mode="json"))


def _summary(a: AgreementSummary, english: bool) -> dict[str, Any]:
    return {
        "id": a.id,
        "slug": a.slug,
        "title": (a.title_en if english and a.title_en else None) or a.title_es,
        "kind": a.kind,
        "status": a.status,
        "effective_status": str(a.effective_status),
        "region_code": a.region_code,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
        "quota": a.quota,
        "quota_used": a.quota_used,
        "quota_left": a.quota_left,
        "parties": [
            {
                "agency_id": p.agency_id,
                "agency_name": (p.name_en if english and p.name_en else None) or p.name_es,
                "role": p.role,
            }
            for p in a.parties
        ],
        "domains": list(a.domains),
    }


def _full(view: AgreementView) -> dict[str, Any]:
    english = _english()
    found = {
        **_summary(view, english),
        "description": (view.description_en if english and view.description_en else None)
        or view.description_es,
        "signed_on": view.signed_on,
        "offer_ids": [o.id for o in view.offers],
        "version": view.version,
        "last_modified": view.last_modified,
    }
    return AgreementOut.model_validate(found).model_dump(mode="json")


def _refuse(error: Exception) -> NoReturn:
    if isinstance(error, AgreementNotFoundError):
        raise ApiError(404, "No such agreement.")
    if isinstance(error, AgreementForbiddenError):
        raise ApiError(403, "This agreement is outside your scope.", code="out_of_scope")
    if isinstance(error, AgreementInvalidError):
        fields = [
            FieldProblem(name, str(message))
            for name, messages in sorted(error.errors.items())
            for message in messages
        ]
        raise ApiError(422, "The agreement breaks a rule.", code="invalid", fields=fields)
    raise error


@blueprint.get("/agreements")
@requires(Permission.NETWORK_REPORTS)
@spec.validate(
    query=AgreementListQuery,
    resp=Response(HTTP_200=AgreementListOut, **_READ),
    tags=["enlace"],
    operation_id="listAgreements",
)
def agreement_list() -> ResponseReturnValue:
    """The agreements the caller may read, by title, 20 a page."""
    require_token_scope(TokenScope.NETWORK)
    query: AgreementListQuery = request.context.query  # type: ignore[attr-defined]
    filters = AgreementFilter(
        region=query.region, kind=query.kind, status=query.status, domain=query.domain, text=query.q
    )
    found = list_agreements(get_session(), _actor(), filters, on=date.today(), page=query.page)
    english = _english()
    out = AgreementListOut.model_validate(
        {
            "items": [_summary(a, english) for a in found.items],
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
            "per_page": found.per_page,
        }
    )
    return jsonify(out.model_dump(mode="json"))


@blueprint.get("/agreements/<slug>")
@requires(Permission.NETWORK_REPORTS)
@spec.validate(
    resp=Response(HTTP_200=AgreementOut, HTTP_404=ErrorResponse, **_READ),
    tags=["enlace"],
    operation_id="getAgreement",
)
def agreement_detail(slug: str) -> ResponseReturnValue:
    """One agreement in full, with the ``version`` to send back when changing it."""
    require_token_scope(TokenScope.NETWORK)
    session = get_session()
    try:
        view = get_agreement(
            session, _actor(), agreement_id_of(session, slug[:120]), on=date.today()
        )
    except (AgreementNotFoundError, AgreementForbiddenError) as refused:
        _refuse(refused)
    return jsonify(_full(view))


def _draft(body: dict[str, Any], base: AgreementDraft | None) -> AgreementDraft:
    """The service's draft: ``body``'s fields over ``base`` (an edit keeps what is left out)."""
    values = {k: v for k, v in body.items() if k not in ("version", "reason", "status")}
    if "parties" in values:
        values["parties"] = tuple(PartyDraft(**p) for p in values["parties"])
    for name in ("domains", "offer_ids"):
        if name in values:
            values[name] = tuple(values[name])
    if base is None:
        return AgreementDraft(**values)
    return dataclasses.replace(base, **values)


@blueprint.post("/agreements")
@requires(Permission.NETWORK_MANAGE)
@spec.validate(
    json=NewAgreement,
    resp=Response(HTTP_201=AgreementOut, **_WRITE),
    tags=["enlace"],
    skip_validation=True,  # read by json_body: 415 unless JSON
    operation_id="createAgreement",
)
def create_agreement() -> ResponseReturnValue:
    """A new agreement (``status`` draft or active), audited; the region must be yours."""
    body = json_body(NewAgreement)
    session = get_session()
    try:
        view = agreements.create_agreement(
            session,
            _actor(),
            _draft(body.model_dump(), None),
            today=date.today(),
            status=body.status,
            reason=body.reason,
            request_info=request_info(),
        )
    except (AgreementForbiddenError, AgreementInvalidError) as refused:
        session.rollback()
        _refuse(refused)
    session.commit()
    return jsonify(_full(view)), 201


@blueprint.patch("/agreements/<slug>")
@requires(Permission.NETWORK_MANAGE)
@spec.validate(
    json=AgreementEdit,
    resp=Response(
        HTTP_200=AgreementOut, HTTP_404=ErrorResponse, HTTP_409=ChangedMeanwhileOut, **_WRITE
    ),
    tags=["enlace"],
    skip_validation=True,  # read by json_body: 415 unless JSON
    operation_id="updateAgreement",
)
def update_agreement(slug: str) -> ResponseReturnValue:
    """Change the fields given, over the ``version`` read; 409 with the changes when
    someone saved since, 422 naming the fields that break a rule."""
    session = get_session()
    actor = _actor()
    today = date.today()
    try:
        agreement_id = agreement_id_of(session, slug[:120])
        current = get_agreement(session, actor, agreement_id, on=today)
        body = json_body(AgreementEdit)
        given = body.model_dump(exclude_unset=True)
        view = agreements.edit_agreement(
            session,
            actor,
            agreement_id,
            _draft(given, agreements.draft_of(current)),
            version=body.version,
            today=today,
            reason=body.reason,
            request_info=request_info(),
        )
    except ChangedMeanwhileError as changed:
        session.rollback()
        return jsonify(_changed_meanwhile(changed)), 409
    except (AgreementNotFoundError, AgreementForbiddenError, AgreementInvalidError) as refused:
        session.rollback()
        _refuse(refused)
    session.commit()
    return jsonify(_full(view))


def _changed_meanwhile(error: ChangedMeanwhileError) -> dict[str, Any]:
    body: dict[str, Any] = error_body(
        409,
        f"The agreement was saved by someone else since version {error.loaded_version}: "
        "nothing was written. Read it again and re-apply your change.",
        code="changed_meanwhile",
    )
    body.update(
        current_version=error.current_version,
        changes=[
            {"field": c.field, "before": c.before, "after": c.after, "agency_id": c.agency_id}
            for c in error.changes
        ],
        changed_by=list(error.changed_by),
    )
    return ChangedMeanwhileOut.model_validate(body).model_dump(mode="json")
