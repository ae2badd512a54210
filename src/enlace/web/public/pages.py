"""Offer and agency pages of the public directory, and the printable saved list."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from enlace.accounts.policy import Role, role_of
from enlace.catalogue import read
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.network.listing import agency_agreements, document_urls
from enlace.stewardship.reach import count_view
from enlace.web.access import signed_in_user
from enlace.web.public import blueprint
from enlace.web.public.offer_view import PlaceView, build_offer_view, hours_view

MAX_LIST = 50


def _now() -> datetime:
    return datetime.now(UTC)


@blueprint.get("/oferta/<slug>")
def offer(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = read.offer_by_slug(session, slug)
    if found is None:
        abort(404)
    reference = reference_data(session)
    codes = [
        loc.location.commune_code for loc in found.offer_locations if loc.location.commune_code
    ]
    codes += [a.commune_code for a in found.areas if a.commune_code]
    communes = reference.communes_by_code(codes)
    view = build_offer_view(found, communes, dict(reference.region_by_code), _now())
    count_view(session, found.id)  # one number per offer: the verification queue's order
    return render_template("public/offer.html", view=view, terms=reference.terms)


#: Who sees an agreement's quotas, contacts and document (everyone sees that it exists).
AGREEMENT_DETAIL_ROLES = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})


def _sees_agreement_details() -> bool:
    """Signed-in staff, coordinators and admins; anonymous visitors never (asking does
    not start a session, so the public page still sets no cookie)."""
    return role_of(signed_in_user()) in AGREEMENT_DETAIL_ROLES


@blueprint.get("/institucion/<slug>")
def agency(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = read.agency_card(session, slug)
    if found is None:
        abort(404)
    offers = read.agency_offers(session, found.id)
    reference = reference_data(session)
    now = _now()
    agreements = agency_agreements(session, found.id, on=now.date())
    details = _sees_agreement_details()
    return render_template(
        "public/agency.html",
        agency=found,
        offers=offers,
        agreements=agreements,
        agreement_details=details,
        documents=document_urls(session, [a.id for a in agreements]) if details else {},
        places=[
            PlaceView(
                location=loc,
                commune=reference.communes.get(loc.commune_code or ""),
                region=reference.region_by_code.get(loc.region_code or ""),
                hours=hours_view(loc.schedules, now),
            )
            for loc in found.locations
        ],
        terms=reference.terms,
    )


@blueprint.get("/mi-lista")
def my_list() -> ResponseReturnValue:
    """The offers a person saved in their browser, laid out to print or keep as PDF."""
    slugs = list(dict.fromkeys(s for s in request.args.getlist("o") if 0 < len(s) <= 160))[
        :MAX_LIST
    ]
    session = get_session()
    offers = read.offers_by_slugs(session, slugs)
    reference = reference_data(session)
    codes = [
        link.location.commune_code
        for o in offers
        for link in o.offer_locations
        if link.location.commune_code
    ]
    codes += [a.commune_code for o in offers for a in o.areas if a.commune_code]
    communes = reference.communes_by_code(codes)
    regions = dict(reference.region_by_code)
    now = _now()
    views = [build_offer_view(o, communes, regions, now) for o in offers]
    return render_template(
        "public/my_list.html", views=views, missing=len(slugs) - len(offers), now=now
    )


@blueprint.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Browsers ask for /favicon.ico whatever a page links: answer with the real icon,
    cached like every other static file."""
    return current_app.send_static_file("favicon.ico")
