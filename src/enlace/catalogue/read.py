"""Reading the catalogue for pages and APIs, with everything a page shows loaded at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from enlace.catalogue.models import Agency, Offer, OfferArea
from enlace.catalogue.places import Commune, Contact, Location, OfferLocation, Region


def _rel(attribute: Any) -> Any:
    """SQLModel types relationships as lists; the loader options need the attribute."""
    return attribute


_OFFER_PAGE = (
    selectinload(_rel(Offer.agency)),
    selectinload(_rel(Offer.domains)),
    selectinload(_rel(Offer.categories)),
    selectinload(_rel(Offer.areas)),
    selectinload(_rel(Offer.rules)),
    selectinload(_rel(Offer.documents)),
    selectinload(_rel(Offer.schedules)),
    selectinload(_rel(Offer.phones)),
    selectinload(_rel(Offer.contacts)).selectinload(_rel(Contact.phones)),
    selectinload(_rel(Offer.offer_locations))
    .selectinload(_rel(OfferLocation.location))
    .selectinload(_rel(Location.schedules)),
    selectinload(_rel(Offer.offer_locations))
    .selectinload(_rel(OfferLocation.location))
    .selectinload(_rel(Location.phones)),
)


def offer_by_slug(session: Session, slug: str) -> Offer | None:
    return session.exec(select(Offer).where(Offer.slug == slug).options(*_OFFER_PAGE)).first()


def offers_by_slugs(session: Session, slugs: Sequence[str]) -> list[Offer]:
    """Offers in the order asked for (a participant's saved list); unknown slugs dropped."""
    if not slugs:
        return []
    found = {
        o.slug: o
        for o in session.exec(
            select(Offer).where(col(Offer.slug).in_(list(slugs))).options(*_OFFER_PAGE)
        )
    }
    return [found[s] for s in slugs if s in found]


def offers_by_ids(session: Session, ids: Sequence[str]) -> list[Offer]:
    """Offers for a page of search hits, with what a result card shows."""
    if not ids:
        return []
    statement = (
        select(Offer)
        .where(col(Offer.id).in_(list(ids)))
        .options(
            selectinload(_rel(Offer.agency)),
            selectinload(_rel(Offer.domains)),
            selectinload(_rel(Offer.areas)),
        )
    )
    return list(session.exec(statement))


def region_codes(session: Session) -> set[str]:
    return set(session.exec(select(Region.code)))


def agency_by_slug(session: Session, slug: str) -> Agency | None:
    return session.exec(
        select(Agency)
        .where(Agency.slug == slug)
        .options(
            selectinload(_rel(Agency.locations)).selectinload(_rel(Location.schedules)),
            selectinload(_rel(Agency.locations)).selectinload(_rel(Location.phones)),
            selectinload(_rel(Agency.phones)),
            selectinload(_rel(Agency.contacts)),
        )
    ).first()


def agency_offers(session: Session, agency_id: str, *, active_only: bool = True) -> list[Offer]:
    statement = (
        select(Offer).where(Offer.agency_id == agency_id).options(selectinload(_rel(Offer.domains)))
    )
    if active_only:
        statement = statement.where(Offer.status == "active")
    return list(session.exec(statement.order_by(col(Offer.name_es))))


def communes_by_code(session: Session, codes: Sequence[str]) -> dict[str, Commune]:
    if not codes:
        return {}
    return {
        c.code: c for c in session.exec(select(Commune).where(col(Commune.code).in_(list(codes))))
    }


def regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(col(Region.position))))


def region_communes(session: Session, region_code: str) -> list[Commune]:
    return list(
        session.exec(
            select(Commune).where(Commune.region_code == region_code).order_by(col(Commune.name))
        )
    )


def offer_counts_by_region(session: Session) -> dict[str, int]:
    """Active offers available in each region: its own regional/communal ones plus national ones."""
    national = session.exec(
        select(func.count())
        .select_from(Offer)
        .where(Offer.status == "active", Offer.scope == "national")
    ).one()
    local = session.exec(
        select(OfferArea.region_code, func.count(func.distinct(OfferArea.offer_id)))
        .join(Offer, _rel(Offer.id == OfferArea.offer_id))
        .where(Offer.status == "active")
        .group_by(OfferArea.region_code)
    ).all()
    counts = {code: int(national) for code in (r.code for r in regions(session))}
    for code, n in local:
        counts[code] = counts.get(code, int(national)) + int(n)
    return counts
