"""Counts that describe the loaded catalogue (home page, `enlace status`).

Agreements belong to the network, which sits above the catalogue: their count is
:func:`enlace.network.stats.agreement_count`, and
:func:`enlace.network.stats.directory_counts` combines both for the callers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from enlace.catalogue.models import Agency, Offer, OfferDomain
from enlace.catalogue.places import Commune, Location, Region
from enlace.catalogue.revision import current_revision
from enlace.catalogue.vocab import Origin, Sector


@dataclass(frozen=True)
class CatalogueCounts:
    offers: int
    active_offers: int
    agencies: int
    treatment_centres: int
    locations: int
    regions: int
    communes: int
    offers_by_domain: dict[str, int]
    revision: int
    is_demo: bool


def count_of(session: Session, statement: object) -> int:
    """The single number a ``select(func.count())`` statement returns."""
    return int(session.exec(statement).one())  # type: ignore[call-overload]


def catalogue_counts(session: Session) -> CatalogueCounts:
    by_domain = session.exec(
        select(OfferDomain.domain, func.count())
        .join(Offer, Offer.id == OfferDomain.offer_id)  # type: ignore[arg-type]
        .where(Offer.status == "active")
        .group_by(OfferDomain.domain)
    ).all()
    return CatalogueCounts(
        offers=count_of(session, select(func.count()).select_from(Offer)),
        active_offers=count_of(
            session, select(func.count()).select_from(Offer).where(Offer.status == "active")
        ),
        agencies=count_of(session, select(func.count()).select_from(Agency)),
        treatment_centres=count_of(
            session,
            select(func.count())
            .select_from(Agency)
            .where(Agency.sector == Sector.TREATMENT_CENTRE),
        ),
        locations=count_of(session, select(func.count()).select_from(Location)),
        regions=count_of(session, select(func.count()).select_from(Region)),
        communes=count_of(session, select(func.count()).select_from(Commune)),
        offers_by_domain={domain: int(n) for domain, n in by_domain},
        revision=current_revision(session),
        is_demo=is_demo_catalogue(session),
    )


def is_demo_catalogue(session: Session) -> bool:
    """True while records of the shipped demo catalogue are loaded."""
    return (
        session.exec(select(Offer.id).where(Offer.origin == Origin.DEMO).limit(1)).first()
        is not None
    )
