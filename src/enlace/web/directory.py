"""Offer and agency pages of the public directory."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from enlace.catalogue import read
from enlace.catalogue.taxonomy_service import terms_by_code
from enlace.db import get_session
from enlace.web.offer_view import PlaceView, build_offer_view, hours_view

blueprint = Blueprint("directory", __name__)


def _now() -> datetime:
    return datetime.now(UTC)


@blueprint.get("/oferta/<slug>")
def offer(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = read.offer_by_slug(session, slug)
    if found is None:
        abort(404)
    codes = [
        loc.location.commune_code for loc in found.offer_locations if loc.location.commune_code
    ]
    codes += [a.commune_code for a in found.areas if a.commune_code]
    communes = read.communes_by_code(session, codes)
    regions = {r.code: r for r in read.regions(session)}
    view = build_offer_view(found, communes, regions, _now())
    return render_template("public/offer.html", view=view, terms=terms_by_code(session))


@blueprint.get("/institucion/<slug>")
def agency(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = read.agency_by_slug(session, slug)
    if found is None:
        abort(404)
    offers = read.agency_offers(session, found.id)
    communes = read.communes_by_code(
        session, [loc.commune_code for loc in found.locations if loc.commune_code]
    )
    regions = {r.code: r for r in read.regions(session)}
    now = _now()
    return render_template(
        "public/agency.html",
        agency=found,
        offers=offers,
        places=[
            PlaceView(
                location=loc,
                commune=communes.get(loc.commune_code or ""),
                region=regions.get(loc.region_code or ""),
                hours=hours_view(loc.schedules, now),
            )
            for loc in found.locations
        ],
        terms=terms_by_code(session),
    )


MAX_LIST = 50


@blueprint.get("/mi-lista")
def my_list() -> ResponseReturnValue:
    """The offers a person saved in their browser, laid out to print or keep as PDF."""
    slugs = list(dict.fromkeys(s for s in request.args.getlist("o") if 0 < len(s) <= 160))[
        :MAX_LIST
    ]
    session = get_session()
    offers = read.offers_by_slugs(session, slugs)
    regions = {r.code: r for r in read.regions(session)}
    codes = [
        link.location.commune_code
        for o in offers
        for link in o.offer_locations
        if link.location.commune_code
    ]
    codes += [a.commune_code for o in offers for a in o.areas if a.commune_code]
    communes = read.communes_by_code(session, codes)
    now = _now()
    views = [build_offer_view(o, communes, regions, now) for o in offers]
    return render_template(
        "public/my_list.html", views=views, missing=len(slugs) - len(offers), now=now
    )
