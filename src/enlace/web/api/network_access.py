"""``POST /api/v1/network/access``: which offers a treatment centre's participants reach
with preferential access, and through which agreement path.

Two audiences, one question: staff ask about their own centre (the default; another
centre is 403), coordinators about a centre of their region, national coordinators and
admins about any. With a token: staff need the ``casework`` scope, coordinators and
admins the ``network`` one. The answer names agreements and agencies, never a
participant, so it is not audited (as the staff page of the same agreements is not).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from spectree import Response

from enlace.accounts.models import User
from enlace.accounts.policy import Permission, centre_scope
from enlace.accounts.tokens import TokenScope
from enlace.db import get_session
from enlace.network.graph import Route
from enlace.network.plain import AgencyNode
from enlace.network.reach import (
    CentreReach,
    ReachedOffer,
    ReachError,
    ReachFilter,
    ReachForbiddenError,
    UnknownOffersError,
    centre_reach,
)
from enlace.web.access import acting_user, requires
from enlace.web.api import blueprint
from enlace.web.api.bodies import json_body
from enlace.web.api.errors import ApiError, FieldProblem
from enlace.web.api.schemas_network import NetworkAccessIn, NetworkAccessOut
from enlace.web.api.scopes import require_token_scope
from enlace.web.openapi import ErrorResponse, spec


def _actor() -> User:
    user = acting_user()
    if user is None:  # @requires let nobody anonymous through
        raise ApiError(401, "Sign in or send an API token.")
    return user


def _refuse(error: ReachError) -> ApiError:
    if isinstance(error, ReachForbiddenError):
        return ApiError(403, "This treatment centre is outside your scope.", code="out_of_scope")
    if isinstance(error, UnknownOffersError):
        fields = [FieldProblem("offer_ids", f"no active offer {i}") for i in error.ids]
        return ApiError(400, "Some offers do not exist.", code="invalid_parameters", fields=fields)
    field = error.field or "body"
    problem = "required" if not str(error) else f"unknown: {error}"
    return ApiError(
        400,
        "Some fields are not valid.",
        code="invalid_parameters",
        fields=[FieldProblem(field, problem)],
    )


def _steps(route: Route) -> list[dict[str, Any]]:
    return [
        {"kind": s.kind, "from": s.source, "to": s.target, "agreement": s.agreement_id}
        for s in route.path
    ]


def _reached(item: ReachedOffer, english: bool) -> dict[str, Any]:
    offer, access = item.offer, item.access
    agency = offer.agency
    return {
        "offer": {
            "id": offer.id,
            "slug": offer.slug,
            "name": (offer.name_en if english and offer.name_en else None) or offer.name_es,
        },
        "agency": (agency.name_en if english and agency.name_en else None) or agency.name_es,
        "kind": offer.kind,
        "domains": sorted(item.ref.domains),
        "agreements": list(access.agreements),
        "quota_left": access.quota_left,
        "path": _steps(access.routes[0]),
        "routes": [
            {
                "agreement": r.agreement_id,
                "via": list(r.via),
                "provider": r.provider_id,
                "quota_left": r.quota_left,
                "path": _steps(r),
            }
            for r in access.routes
        ],
    }


def _agency(a: AgencyNode) -> dict[str, Any]:
    return {
        "id": a.id,
        "slug": a.slug,
        "name": a.name,
        "sector": a.sector,
        "region_code": a.region_code,
    }


def _answer(found: CentreReach, limit: int) -> dict[str, Any]:
    english = str(get_locale() or "es") == "en"
    out = {
        "centre": _agency(found.centre),
        "on": found.on,
        "total": found.total,
        "limit": limit,
        "offers": [_reached(o, english) for o in found.offers],
        "without_priority": list(found.without_priority),
        "agreements": [
            {
                "id": a.id,
                "slug": a.slug,
                "title": a.title,
                "kind": a.kind,
                "region_code": a.region_code,
                "valid_to": a.valid_to,
                "quota_left": a.quota_left,
            }
            for a in found.agreements.values()
        ],
        "agencies": [_agency(a) for a in found.agencies.values()],
    }
    return NetworkAccessOut.model_validate(out).model_dump(mode="json", by_alias=True)


@blueprint.post("/network/access")
@requires(Permission.CASEWORK, Permission.NETWORK_REPORTS)
@spec.validate(
    json=NetworkAccessIn,
    resp=Response(
        HTTP_200=NetworkAccessOut,
        HTTP_400=ErrorResponse,
        HTTP_401=ErrorResponse,
        HTTP_403=ErrorResponse,
        HTTP_415=ErrorResponse,
        HTTP_429=ErrorResponse,
    ),
    tags=["enlace"],
    skip_validation=True,  # read by json_body: 415 unless JSON
    operation_id="networkAccess",
)
def network_access() -> ResponseReturnValue:
    """The offers a treatment centre's participants reach with preferential access, each
    with its agreement path. Staff: their own centre; coordinators: a centre of their
    region; national coordinators and admins: any centre."""
    actor = _actor()
    # staff with a casework token (the rule checked it); coordinators with a network one
    if centre_scope(actor) is None:
        require_token_scope(TokenScope.NETWORK)
    body = json_body(NetworkAccessIn)
    filters = ReachFilter(
        domains=frozenset(d.value for d in body.domains),
        region=body.region or None,
        commune=body.commune or None,
        kinds=frozenset(k.value for k in body.kinds),
        offer_ids=tuple(body.offer_ids),
        limit=body.limit,
    )
    try:
        found = centre_reach(get_session(), actor, body.centre, filters, body.on or date.today())
    except ReachError as refused:
        raise _refuse(refused) from None
    return jsonify(_answer(found, body.limit))
