"""A small, realistic catalogue and an index folder for the search tests.

The catalogue uses the real regions, communes and taxonomy (``load_reference``) and a
dozen offers written to exercise analysis, synonyms, typos, filters and facets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from enlace.catalogue.models import Agency, Offer, OfferArea, OfferCategory, OfferDomain
from enlace.catalogue.places import Location, OfferLocation
from enlace.catalogue.reference import load_reference
from enlace.paths import DIRECTORY_DATA_DIR
from enlace.search import service
from enlace.search.engine.index import SearchIndex
from enlace.search.engine.searcher import Engine
from enlace.search.params import SearchParams, SearchResults
from enlace.search.synonyms import load_synonyms

TALCA, SANTIAGO, PUENTE_ALTO, VALPARAISO, CONCEPCION = "7101", "13101", "13201", "5101", "8101"


def add_offer(
    session: Session,
    agency: Agency,
    slug: str,
    name_es: str,
    description_es: str,
    *,
    domains: tuple[str, ...] = ("training",),
    categories: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    communes: tuple[str, ...] = (),
    **fields: Any,
) -> Offer:
    """An offer; its scope follows from the regions/communes given (none: national)."""
    scope = "communal" if communes else "regional" if regions else "national"
    values: dict[str, Any] = {
        "slug": slug,
        "agency_id": agency.id,
        "name_es": name_es,
        "description_es": description_es,
        "kind": "service",
        "status": "active",
        "scope": scope,
        "assured_date": date(2026, 1, 15),
        "languages": ["es"],
        **fields,
    }
    offer = Offer(**values)
    offer.domains = [
        OfferDomain(domain=d, role="primary" if i == 0 else "secondary")
        for i, d in enumerate(domains)
    ]
    offer.categories = [OfferCategory(term_code=c) for c in categories]
    areas = [OfferArea(region_code=r, position=i) for i, r in enumerate(regions)]
    areas += [
        OfferArea(region_code=c[:-3], commune_code=c, position=len(areas) + i)
        for i, c in enumerate(communes)
    ]
    offer.areas = areas
    session.add(offer)
    session.flush()
    return offer


def add_agency(session: Session, slug: str, name_es: str, **fields: Any) -> Agency:
    values: dict[str, Any] = {
        "slug": slug,
        "name_es": name_es,
        "description_es": "",
        "sector": "public",
        "level": "national",
        **fields,
    }
    agency = Agency(**values)
    session.add(agency)
    session.flush()
    return agency


def build_catalogue(session: Session) -> dict[str, Offer]:
    load_reference(session, DIRECTORY_DATA_DIR)
    session.flush()
    sence = add_agency(
        session, "sence", "Servicio Nacional de Capacitación y Empleo", alternate_name="SENCE"
    )
    talca = add_agency(
        session,
        "muni-talca",
        "Municipalidad de Talca",
        level="communal",
        commune_code=TALCA,
        region_code="7",
    )
    minvu = add_agency(
        session, "minvu", "Ministerio de Vivienda y Urbanismo", name_en="Ministry of Housing"
    )
    ngo = add_agency(
        session, "fundacion-camino", "Fundación Camino", sector="ngo", level="regional"
    )
    aa = add_agency(session, "aa-chile", "Alcohólicos Anónimos Chile", sector="ngo")
    health = add_agency(session, "cesfam-santiago", "CESFAM Santiago Centro", level="communal")
    offers = [
        add_offer(
            session,
            sence,
            "curso-soldadura-talca",
            "Curso de soldadura al arco",
            "Capacitación en soldadura al arco y MIG con práctica en taller y certificación.",
            name_en="Arc welding course",
            description_en="Arc and MIG welding training with workshop practice.",
            categories=("training.trades",),
            communes=(TALCA,),
            kind="course",
        ),
        add_offer(
            session,
            sence,
            "capacitacion-oficios",
            "Capacitación en oficios",
            "Cursos de gasfitería, electricidad y cocina para personas que buscan trabajo.",
            name_en="Trade training",
            categories=("training.trades",),
            regions=("13",),
        ),
        add_offer(
            session,
            minvu,
            "subsidio-arriendo",
            "Subsidio de arriendo",
            "Aporte mensual para pagar el arriendo de viviendas a familias vulnerables.",
            name_en="Rental subsidy",
            description_en="Monthly help to pay the rent of a home.",
            domains=("housing",),
            categories=("housing.rental-subsidy",),
            kind="benefit",
        ),
        add_offer(
            session,
            talca,
            "omil-talca",
            "Oficina municipal de intermediación laboral",
            "La OMIL te ayuda a encontrar trabajo y preparar tu currículum.",
            name_en="Municipal employment office",
            description_en="Helps you find employment and prepare your CV.",
            domains=("employment",),
            categories=("employment.job-placement",),
            communes=(TALCA,),
        ),
        add_offer(
            session,
            ngo,
            "nivelacion-media",
            "Nivelación de estudios: enseñanza media para adultos",
            "Clases vespertinas para terminar la enseñanza media en un año.",
            name_en="Secondary school completion for adults",
            domains=("education",),
            categories=("education.adult-schooling",),
            regions=("13", "5"),
        ),
        add_offer(
            session,
            aa,
            "aa-grupo-talca",
            "Grupo de Alcohólicos Anónimos Nueva Vida",
            "Reuniones diarias de autoayuda para dejar de beber.",
            name_en="Alcoholics Anonymous group",
            domains=("social_support",),
            categories=("social_support.self-help-groups",),
            communes=(TALCA,),
            kind="group",
        ),
        add_offer(
            session,
            health,
            "atencion-dental",
            "Atención dental de urgencia",
            "Atención dental el mismo día para dolor de muelas.",
            name_en="Emergency dental care",
            domains=("health",),
            categories=("health.dental",),
            communes=(SANTIAGO,),
        ),
        add_offer(
            session,
            health,
            "salud-mental",
            "Salud mental comunitaria",
            "Atención psicológica y psiquiátrica en el centro de salud.",
            name_en="Community mental health",
            domains=("health",),
            categories=("health.mental-health",),
            communes=(SANTIAGO,),
        ),
        add_offer(
            session,
            ngo,
            "taller-pintura",
            "Taller de pintura para jóvenes",
            "Arte y cultura los sábados en el barrio.",
            domains=("participation",),
            regions=("8",),
            is_free=False,
            populations=["youth"],
        ),
        add_offer(
            session,
            ngo,
            "curso-cerrado",
            "Curso de soldadura suspendido",
            "Este curso de soldadura no tiene cupos este año.",
            status="inactive",
            categories=("training.trades",),
        ),
        add_offer(
            session,
            sence,
            "apresto-laboral",
            "Taller de apresto laboral",
            "Preparación para entrevistas de trabajo y hábitos laborales.",
            name_en="Job readiness workshop",
            domains=("employment",),
            categories=("employment.job-readiness",),
            regions=("8",),
            populations=["youth", "women"],
            languages=["es", "en"],
        ),
    ]
    location = Location(
        slug="cesfam-santiago/sede", agency_id=health.id, commune_code=SANTIAGO, region_code="13"
    )
    session.add(location)
    session.flush()
    by_slug = {o.slug: o for o in offers}
    by_slug["salud-mental"].offer_locations.append(OfferLocation(location_id=location.id))
    session.commit()
    return by_slug


@pytest.fixture
def catalogue(db_session: Session) -> dict[str, Offer]:
    return build_catalogue(db_session)


@pytest.fixture
def search_index(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path / "index", load_synonyms(service.SYNONYMS_DIR))
    yield index
    index.close()


Searcher = Callable[..., SearchResults]
Indexed = Callable[[], Engine]


@pytest.fixture
def indexed(search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]) -> Indexed:
    """``indexed()``: the index caught up with the test catalogue, as its warm engine
    (call again after changing the catalogue)."""

    def current() -> Engine:
        search_index.catch_up(db_session)
        engine = search_index.engine()
        assert engine is not None
        return engine

    return current


@pytest.fixture
def find(search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]) -> Searcher:
    """``find(text, **params)``: search the test catalogue through the service."""

    def run(text: str = "", **params: Any) -> SearchResults:
        return service.search(search_index, db_session, SearchParams(text=text, **params))

    return run


def slugs(results: SearchResults) -> list[str]:
    return [hit.slug for hit in results.hits]
