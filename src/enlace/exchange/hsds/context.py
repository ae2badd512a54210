"""What an import needs to know about the catalogue already in the database.

Read once, before anything is built, so reference checks, slug clashes and duplicate
detection are dictionary lookups rather than a query per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from enlace.catalogue.models import Agency, Offer, OfferArea
from enlace.catalogue.places import Commune, Location, OfferLocation, Region
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.exchange.hsds.dedupe import Candidate
from enlace.exchange.hsds.mapping import (
    PlaceResolver,
    TaxonomyMapper,
    fold,
    read_open_eligibility,
)
from enlace.network.models import Agreement


@dataclass
class Existing:
    """Ids, slugs and places of the records in the database."""

    regions: dict[str, str] = field(default_factory=dict)  # code -> name
    communes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, region)
    categories: set[str] = field(default_factory=set)
    agencies: dict[str, str] = field(default_factory=dict)  # id -> slug
    agency_slugs: dict[str, str] = field(default_factory=dict)  # slug -> id
    offers: dict[str, str] = field(default_factory=dict)
    offer_slugs: dict[str, str] = field(default_factory=dict)
    agreements: dict[str, str] = field(default_factory=dict)
    agreement_slugs: dict[str, str] = field(default_factory=dict)
    locations: dict[str, tuple[str, str | None]] = field(
        default_factory=dict
    )  # id -> (agency, commune)
    location_slugs: dict[tuple[str, str], str] = field(default_factory=dict)  # (agency, slug) -> id
    agency_candidates: list[Candidate] = field(default_factory=list)
    offer_candidates: list[Candidate] = field(default_factory=list)

    def commune_words(self, codes: set[str]) -> frozenset[str]:
        """The words of commune names: noise when comparing names within them."""
        return frozenset(
            word for code in codes for word in fold(self.communes.get(code, ("", ""))[0]).split()
        )


def agency_places(commune: str | None) -> frozenset[str]:
    """Agencies are compared within their commune; those without one, nationally."""
    return frozenset({f"commune:{commune}" if commune else "national"})


def offer_places(agency_id: str, communes: set[str], regions: set[str]) -> frozenset[str]:
    """Offers are compared within their agency, and with offers in the same communes (from
    service areas or delivery locations) or, for region-wide areas, the same regions."""
    places = {f"agency:{agency_id}"} | {f"commune:{c}" for c in communes}
    return frozenset(places | {f"region:{r}" for r in regions})


def read_existing(session: Session) -> Existing:
    """Ids, slugs and duplicate candidates of everything stored, in a few queries."""
    existing = Existing()
    existing.regions = {r.code: r.name for r in session.exec(select(Region))}
    existing.communes = {c.code: (c.name, c.region_code) for c in session.exec(select(Commune))}
    existing.categories = {
        t.code for t in session.exec(select(TaxonomyTerm).where(col(TaxonomyTerm.level) == 1))
    }
    for agency in session.exec(select(Agency)):
        existing.agencies[agency.id] = agency.slug
        existing.agency_slugs[agency.slug] = agency.id
        commune = agency.commune_code
        existing.agency_candidates.append(
            Candidate(
                agency.id,
                tuple(n for n in (agency.name_es, agency.name_en, agency.alternate_name) if n),
                agency_places(commune),
                existing.commune_words({commune} if commune else set()),
            )
        )
    for location_id, agency_id, slug, commune in session.exec(
        select(Location.id, Location.agency_id, Location.slug, Location.commune_code)
    ):
        existing.locations[location_id] = (agency_id, commune)
        existing.location_slugs[(agency_id, slug)] = location_id
    _read_offers(session, existing)
    for agreement_id, slug in session.exec(select(Agreement.id, Agreement.slug)):
        existing.agreements[agreement_id] = slug
        existing.agreement_slugs[slug] = agreement_id
    return existing


def _read_offers(session: Session, existing: Existing) -> None:
    """Offers with the communes and regions they are available in."""
    communes: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
    for area in session.exec(select(OfferArea)):
        if area.commune_code:
            communes.setdefault(str(area.offer_id), set()).add(area.commune_code)
        else:
            regions.setdefault(str(area.offer_id), set()).add(str(area.region_code))
    for link in session.exec(select(OfferLocation)):
        commune = existing.locations.get(link.location_id, ("", None))[1]
        if commune:
            communes.setdefault(str(link.offer_id), set()).add(commune)
    for offer in session.exec(select(Offer)):
        existing.offers[offer.id] = offer.slug
        existing.offer_slugs[offer.slug] = offer.id
        here = communes.get(offer.id, set())
        existing.offer_candidates.append(
            Candidate(
                offer.id,
                tuple(n for n in (offer.name_es, offer.name_en, offer.alternate_name) if n),
                offer_places(offer.agency_id, here, regions.get(offer.id, set())),
                existing.commune_words(here),
            )
        )


@dataclass
class Vocabulary:
    """Place names and taxonomy terms, for data written without the Enlace profile."""

    places: PlaceResolver
    taxonomy: TaxonomyMapper


def read_vocabulary(session: Session, data_dir: Path) -> Vocabulary:
    """Resolvers for places and terms, built from the reference tables."""
    regions = [(r.code, r.name, r.abbr) for r in session.exec(select(Region))]
    communes = [(c.code, c.name, c.region_code) for c in session.exec(select(Commune))]
    terms = list(session.exec(select(TaxonomyTerm)))
    return Vocabulary(
        PlaceResolver(regions, communes), TaxonomyMapper(terms, read_open_eligibility(data_dir))
    )
