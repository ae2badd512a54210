"""Service-at-locations for the HSDS read API: where services are delivered, filtered like
services and by postcode (at it, or within a distance of its centroid), in id order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from enlace.catalogue.models import Offer
from enlace.catalogue.places import Location, OfferLocation
from enlace.exchange.hsds import nest, serialise
from enlace.exchange.hsds.api_read import (
    Filters,
    Page,
    cached_reference,
    count_rows,
    locations,
    offer_conditions,
    services,
)
from enlace.exchange.hsds.nest import Record

_EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Place:
    """Service-at-locations near a postcode: at it, or within ``proximity`` metres of the
    centroid of the locations that have it."""

    postcode: str
    proximity: float | None = None


def _near(session: Session, place: Place) -> ColumnElement[bool]:
    """Locations at the postcode, or within the distance of its centroid."""
    if place.proximity is None:
        return col(Location.postal_code) == place.postcode
    points = list(
        session.exec(
            select(Location.latitude, Location.longitude).where(
                col(Location.postal_code) == place.postcode,
                col(Location.latitude).is_not(None),
                col(Location.longitude).is_not(None),
            )
        )
    )
    if not points:
        return col(Location.id).is_(None)
    lat = sum(p[0] or 0.0 for p in points) / len(points)
    lon = sum(p[1] or 0.0 for p in points) / len(points)
    candidates = session.exec(
        select(Location.id, Location.latitude, Location.longitude).where(
            col(Location.latitude).is_not(None), col(Location.longitude).is_not(None)
        )
    )
    within = [
        loc_id
        for loc_id, la, lo in candidates
        if distance_m(lat, lon, la or 0.0, lo or 0.0) <= place.proximity
    ]
    return col(Location.id).in_(within)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def service_at_location_page(
    session: Session,
    filters: Filters,
    place: Place | None,
    page: int,
    per_page: int,
    *,
    full: bool,
) -> Page:
    """A page of service-at-locations (their service and location nested), in id order."""
    statement = (
        select(OfferLocation.id)
        .join(Offer, col(Offer.id) == col(OfferLocation.offer_id))
        .join(Location, col(Location.id) == col(OfferLocation.location_id))
        .where(and_(True, *offer_conditions(session, filters)))
    )
    if place is not None:
        statement = statement.where(_near(session, place))
    total = count_rows(session, statement, ("service_at_locations", filters, place))
    ids = list(
        session.exec(
            statement.order_by(col(OfferLocation.id)).offset((page - 1) * per_page).limit(per_page)
        )
    )
    return Page(service_atlocations(session, ids, full=full), total, page, per_page)


def service_atlocations(session: Session, ids: Sequence[str], *, full: bool) -> list[Record]:
    """The service-at-locations ``ids`` in that order, with their service and location."""
    if not ids:
        return []
    links = {
        link.id: link
        for link in session.exec(select(OfferLocation).where(col(OfferLocation.id).in_(ids)))
    }
    ordered = [links[i] for i in ids if i in links]
    ref = cached_reference(session)
    offer_ids = sorted({str(link.offer_id) for link in ordered})
    by_id = {s["id"]: s for s in services(session, offer_ids, full=full, ref=ref)}
    places = locations(session, {link.location_id for link in ordered}, ref)
    return [
        nest.service_at_location(
            serialise.offer_location(link),
            by_id.get(str(link.offer_id)),
            places.get(link.location_id),
        )
        for link in ordered
    ]


def service_at_location(session: Session, link_id: str) -> Record | None:
    """One service-at-location, fully nested, or None."""
    found = service_atlocations(session, [link_id], full=True)
    return found[0] if found else None
