"""Small builders for catalogue records in tests (explicit session, sensible defaults)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from sqlmodel import Session

from enlace.catalogue.models import Agency, Offer, OfferArea, OfferDomain
from enlace.catalogue.places import Commune, Location, Region

_seq = count(1)


def ensure_place(session: Session, region: str = "7", commune: str = "7101") -> None:
    """Make sure a region and commune exist (tests on an empty database)."""
    if session.get(Region, region) is None:
        session.add(
            Region(code=region, name=f"Región {region}", abbr=f"R{region}", position=int(region))
        )
        session.flush()
    if session.get(Commune, commune) is None:
        session.add(
            Commune(
                code=commune,
                name=f"Comuna {commune}",
                region_code=region,
                province_code="71",
                province_name="Talca",
            )
        )
        session.flush()


def make_agency(session: Session, **fields: Any) -> Agency:
    n = next(_seq)
    values: dict[str, Any] = {
        "slug": f"agency-{n}",
        "name_es": f"Agencia de prueba {n}",
        "name_en": f"Test agency {n}",
        "description_es": "Agencia creada para una prueba.",
        "sector": "public",
        "level": "national",
    }
    values.update(fields)
    agency = Agency(**values)
    session.add(agency)
    session.flush()
    return agency


def make_offer(
    session: Session,
    agency: Agency | None = None,
    *,
    domains: dict[str, str] | None = None,
    regions: list[str] | None = None,
    **fields: Any,
) -> Offer:
    n = next(_seq)
    agency = agency or make_agency(session)
    values: dict[str, Any] = {
        "slug": f"offer-{n}",
        "agency_id": agency.id,
        "name_es": f"Oferta de prueba {n}",
        "name_en": f"Test offer {n}",
        "description_es": "Oferta creada para una prueba.",
        "kind": "course",
        "status": "active",
        "scope": "regional" if regions else "national",
        "assured_date": date(2026, 1, 15),
        "languages": ["es"],
    }
    values.update(fields)
    offer = Offer(**values)
    offer.domains = [
        OfferDomain(domain=d, role=r) for d, r in (domains or {"training": "primary"}).items()
    ]
    for position, region in enumerate(regions or []):
        ensure_place(session, region=region, commune=f"{region}101")
        offer.areas.append(OfferArea(region_code=region, position=position))
    session.add(offer)
    session.flush()
    return offer


def make_location(session: Session, agency: Agency, **fields: Any) -> Location:
    n = next(_seq)
    ensure_place(session)
    values: dict[str, Any] = {
        "slug": f"{agency.slug}/loc-{n}",
        "agency_id": agency.id,
        "location_type": "physical",
        "address_1": f"Calle Uno {n}",
        "commune_code": "7101",
        "region_code": "7",
    }
    values.update(fields)
    location = Location(**values)
    session.add(location)
    session.flush()
    return location
