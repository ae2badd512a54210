"""The catalogue as JSON: ``GET /api/v1/search``, ``/offers/<slug>``, ``/agencies/<slug>``.

Public like the pages they mirror; a Bearer token calling them needs the ``read`` scope.
Search reads its query string with the results page's own parser, so a link's query
means the same thing in both places.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from spectree import Response

from enlace.accounts.tokens import TokenScope
from enlace.catalogue import read
from enlace.catalogue.cards import Card
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.search import get_index, search
from enlace.web.access import public
from enlace.web.api import blueprint
from enlace.web.api.errors import ApiError
from enlace.web.api.schemas_catalogue import (
    AgencyOut,
    OfferOut,
    SearchQuery,
    SearchResponse,
)
from enlace.web.api.scopes import require_token_scope
from enlace.web.openapi import ErrorResponse, spec
from enlace.web.search_form import known_codes, parse_search

_ERRORS: dict[str, Any] = {
    "HTTP_400": ErrorResponse,
    "HTTP_401": ErrorResponse,
    "HTTP_403": ErrorResponse,
    "HTTP_429": ErrorResponse,
}


def _language() -> str:
    return str(get_locale() or "es")


def _text(card: Any, name: str, english: bool) -> Any:
    """A bilingual column in the caller's language (Spanish when there is no English)."""
    if english:
        value = getattr(card, f"{name}_en", None)
        if value:
            return value
    return getattr(card, f"{name}_es")


@blueprint.get("/search")
@public
@spec.validate(
    query=SearchQuery,
    resp=Response(HTTP_200=SearchResponse, **_ERRORS),
    tags=["enlace"],
    operation_id="search",
)
def search_offers() -> ResponseReturnValue:
    """Search offers with the results page's words, filters and facets, a page at a time.

    Unknown filter codes are left out and listed in ``ignored``, as the page does.
    """
    require_token_scope(TokenScope.READ)
    session = get_session()
    language = _language()
    english = language == "en"
    parsed = parse_search(request.args, language, known_codes(reference_data(session)))
    found = search(get_index(current_app), session, parsed.params)
    cards = {c.id: c for c in read.offers_by_ids(session, [h.offer_id for h in found.hits])}
    results = []
    for hit in found.hits:
        card = cards.get(hit.offer_id)
        if card is None:
            continue  # changed since the index was written
        results.append(
            {
                "id": hit.offer_id,
                "slug": hit.slug,
                "name": _text(card, "name", english),
                "description": hit.description.text if hit.description else None,
                "agency": _agency_ref(card.agency, english),
                "score": hit.score,
                "proximity": hit.proximity,
            }
        )
    params = found.params
    return jsonify(
        {
            "results": results,
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in found.facets.items()
            },
            "paging": {
                "page": params.page,
                "per_page": params.per_page,
                "total": found.total,
                "pages": -(-found.total // params.per_page),
            },
            "ignored": parsed.ignored,
            "suggestion": found.suggestion,
            "relaxed": found.relaxed,
            "catalogue_revision": found.revision,
        }
    )


@blueprint.get("/offers/<slug>")
@public
@spec.validate(
    resp=Response(HTTP_200=OfferOut, HTTP_404=ErrorResponse, **_ERRORS),
    tags=["enlace"],
    operation_id="getOffer",
)
def offer(slug: str) -> ResponseReturnValue:
    """An offer's card, as its page (``/oferta/<slug>``) shows it."""
    require_token_scope(TokenScope.READ)
    found = read.offer_by_slug(get_session(), slug)
    if found is None:
        raise ApiError(404, "No offer has this slug.")
    english = _language() == "en"
    return jsonify(
        {
            "id": found.id,
            "slug": found.slug,
            "name": _text(found, "name", english),
            "alternate_name": found.alternate_name,
            "description": _text(found, "description", english),
            "agency": _agency_ref(found.agency, english),
            "kind": found.kind,
            "status": found.status,
            "scope": found.scope,
            "is_free": found.is_free,
            "minimum_age": found.minimum_age,
            "maximum_age": found.maximum_age,
            "languages": list(found.languages or []),
            "populations": list(found.populations or []),
            "domains": [{"domain": d.domain, "role": d.role} for d in found.domains],
            "categories": [c.term_code for c in found.categories],
            "areas": [{"region": a.region_code, "commune": a.commune_code} for a in found.areas],
            "eligibility": _text(found, "eligibility", english),
            "application": _text(found, "application", english),
            "fees": _text(found, "fees", english),
            "wait_time": _text(found, "wait_time", english),
            "url": found.url,
            "email": found.email,
            "phones": [p.number for p in found.phones],
            "assured_date": _day(found.assured_date),
        }
    )


@blueprint.get("/agencies/<slug>")
@public
@spec.validate(
    resp=Response(HTTP_200=AgencyOut, HTTP_404=ErrorResponse, **_ERRORS),
    tags=["enlace"],
    operation_id="getAgency",
)
def agency(slug: str) -> ResponseReturnValue:
    """An agency's card, as its page (``/institucion/<slug>``) shows it, with its offers."""
    require_token_scope(TokenScope.READ)
    session = get_session()
    found = read.agency_card(session, slug)
    if found is None:
        raise ApiError(404, "No agency has this slug.")
    english = _language() == "en"
    offers = read.agency_offers(session, found.id)
    return jsonify(
        {
            "id": found.id,
            "slug": found.slug,
            "name": _text(found, "name", english),
            "alternate_name": found.alternate_name,
            "description": _text(found, "description", english),
            "sector": found.sector,
            "level": found.level,
            "region": found.region_code,
            "commune": found.commune_code,
            "website": found.website,
            "email": found.email,
            "status": found.status,
            "phones": [p.number for p in found.phones],
            "offers": [
                {"id": o.id, "slug": o.slug, "name": _text(o, "name", english)} for o in offers
            ],
            "assured_date": _day(found.assured_date),
        }
    )


def _agency_ref(agency: Card, english: bool) -> dict[str, str]:
    return {"id": agency.id, "slug": agency.slug, "name": _text(agency, "name", english)}


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
