"""Offer and agency pages of the public directory."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from enlace.catalogue import read
from enlace.catalogue.taxonomy_service import terms_by_code
from enlace.db import get_session
from enlace.web.offer_view import build_offer_view, hours_view

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
        communes=communes,
        regions=regions,
        hours={loc.id: hours_view(loc.schedules, now) for loc in found.locations},
        terms=terms_by_code(session),
    )
