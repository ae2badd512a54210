"""Reading the catalogue for pages and APIs, with everything a page shows loaded at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from enlace.catalogue import cards
from enlace.catalogue.cards import Card, Many, One
from enlace.catalogue.memo import RevisionMemo
from enlace.catalogue.models import (
    Agency,
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import (
    Contact,
    Location,
    OfferLocation,
    Phone,
    Region,
    Schedule,
)


def _rel(attribute: Any) -> Any:
    """SQLModel types relationships as lists; the loader options need the attribute."""
    return attribute


_PLACE = (
    Many("schedules", Schedule, "location_id"),
    Many("phones", Phone, "location_id"),
)
#: What an offer page (and a saved list) shows: the offer and everything hanging off it.
OFFER_PAGE = (
    One("agency", Agency, "agency_id"),
    Many("domains", OfferDomain, "offer_id", ("domain",)),
    Many("categories", OfferCategory, "offer_id", ("term_code",)),
    Many("areas", OfferArea, "offer_id"),
    Many("rules", EligibilityRule, "offer_id"),
    Many("documents", RequiredDocument, "offer_id"),
    Many("schedules", Schedule, "offer_id"),
    Many("phones", Phone, "offer_id"),
    Many("contacts", Contact, "offer_id", children=(Many("phones", Phone, "contact_id"),)),
    Many(
        "offer_locations",
        OfferLocation,
        "offer_id",
        children=(One("location", Location, "location_id", children=_PLACE),),
    ),
)
#: What a result card shows: the offer, its agency's names and its areas.
RESULT_CARD = (
    One("agency", Agency, "agency_id"),
    Many("areas", OfferArea, "offer_id"),
    # "Nearest first" notes say where an offer attends (web/public/result_view.py).
    Many(
        "offer_locations",
        OfferLocation,
        "offer_id",
        children=(One("location", Location, "location_id"),),
    ),
)
#: Result cards kept per process for the current catalogue revision.
RESULT_CARDS: RevisionMemo[str, Card] = RevisionMemo(size=5000)
#: What an agency page shows of the agency.
AGENCY_PAGE = (
    Many("locations", Location, "agency_id", ("slug",), children=_PLACE),
    Many("phones", Phone, "agency_id"),
    Many("contacts", Contact, "agency_id", children=(Many("phones", Phone, "contact_id"),)),
)


def offer_by_slug(session: Session, slug: str) -> Card | None:
    """An offer page's offer, with all it shows (a read-only card)."""
    found = cards.load(session, Offer, "slug", [slug], OFFER_PAGE)
    return found[0] if found else None


def offers_by_slugs(session: Session, slugs: Sequence[str]) -> list[Card]:
    """Offers in the order asked for (a participant's saved list); unknown slugs dropped."""
    if not slugs:
        return []
    found = cards.load(session, Offer, "slug", slugs, OFFER_PAGE)
    return cards.in_order(found, slugs, "slug")


def offers_by_ids(session: Session, ids: Sequence[str]) -> list[Card]:
    """Offers for a page of search hits, in the order of ``ids``, as result cards.

    The cards of recent hits are kept for the catalogue revision (the same offers come
    up page after page); any catalogue write starts afresh."""
    if not ids:
        return []

    def load(missing: list[str]) -> dict[str, Card]:
        return cards.by_key(cards.load(session, Offer, "id", missing, RESULT_CARD))

    found = RESULT_CARDS.get_many(session, list(ids), load)
    return [found[i] for i in ids if i in found]


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


def agency_card(session: Session, slug: str) -> Card | None:
    """An agency page's agency, with its places, phones and contacts (a read-only card)."""
    found = cards.load(session, Agency, "slug", [slug], AGENCY_PAGE)
    return found[0] if found else None


def agency_offers(session: Session, agency_id: str, *, active_only: bool = True) -> list[Card]:
    """An agency's offers by name, with their need domains (read-only cards).

    Selected by agency alone, the status checked here: given both, SQLite (without
    statistics) walks the status index, every active offer of the catalogue."""
    domains = Many("domains", OfferDomain, "offer_id", ("domain",))
    found = cards.load(session, Offer, "agency_id", [agency_id], (domains,), ("name_es",))
    return [o for o in found if o.status == "active"] if active_only else found


def regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(col(Region.position))))


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
