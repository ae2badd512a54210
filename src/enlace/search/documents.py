"""From the database to plain index records (every function takes an explicit Session).

:func:`load_offer_records` reads rows with a few set-based queries (no ORM object graphs,
so 100,000 offers load in seconds) into plain :class:`OfferRecord` values;
:mod:`enlace.search.fields` turns a record into the field dict Whoosh indexes. The
benchmark generator produces the same records, so both paths index the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, Table, func, select
from sqlmodel import Session

from enlace.catalogue.models import Agency, Offer, OfferArea, OfferCategory, OfferDomain
from enlace.catalogue.places import Commune, Location, OfferLocation, Region
from enlace.catalogue.taxonomy import TaxonomyTerm

CHUNK = 500


@dataclass
class OfferRecord:
    """Everything the index needs to know about one offer, as plain values."""

    id: str
    slug: str
    agency_id: str
    name_es: str
    name_en: str | None = None
    alternate_name: str | None = None
    description_es: str = ""
    description_en: str | None = None
    eligibility_es: str | None = None
    eligibility_en: str | None = None
    application_es: str | None = None
    application_en: str | None = None
    kind: str = "service"
    status: str = "active"
    scope: str = "national"
    is_free: bool = True
    languages: Sequence[str] = ()
    populations: Sequence[str] = ()
    assured_date: date | None = None
    agency_names: Sequence[str] = ()
    agency_sector: str = ""
    domains: Sequence[str] = ()
    categories: Sequence[str] = ()
    area_regions: Sequence[str] = ()
    area_communes: Sequence[str] = ()
    wide_regions: Sequence[str] = ()
    location_regions: Sequence[str] = ()
    location_communes: Sequence[str] = ()
    topic_es: Sequence[str] = ()
    topic_en: Sequence[str] = ()
    place_names: Sequence[str] = field(default_factory=tuple)


@dataclass
class AgencyRecord:
    id: str
    slug: str
    name_es: str
    name_en: str | None
    alternate_name: str | None
    status: str


# -- reading the database -------------------------------------------------------------
# Core table columns rather than ORM attributes: set-based reads without building object
# graphs, and typed for mypy without a wall of ignores.
def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


OFFER = _table(Offer)
AGENCY = _table(Agency)
OFFER_DOMAIN = _table(OfferDomain)
OFFER_CATEGORY = _table(OfferCategory)
OFFER_AREA = _table(OfferArea)
OFFER_LOCATION = _table(OfferLocation)
LOCATION = _table(Location)
TERM = _table(TaxonomyTerm)
REGION = _table(Region)
COMMUNE = _table(Commune)


@dataclass
class Labels:
    """Names of taxonomy terms, regions and communes (a few hundred rows, read once)."""

    terms: dict[str, tuple[str, str | None]]
    regions: dict[str, str]
    communes: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> Labels:
        terms = {
            str(code): (str(name_es), name_en)
            for code, name_es, name_en in session.execute(
                select(TERM.c.code, TERM.c.name_es, TERM.c.name_en)
            )
        }
        regions = {str(c): str(n) for c, n in session.execute(select(REGION.c.code, REGION.c.name))}
        communes = {
            str(c): str(n) for c, n in session.execute(select(COMMUNE.c.code, COMMUNE.c.name))
        }
        return cls(terms=terms, regions=regions, communes=communes)


def _grouped(session: Session, statement: Select[Any]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in session.execute(statement):
        grouped[str(row[0])].append(tuple(row[1:]))
    return grouped


_OFFER_COLUMNS = (
    OFFER.c.id,
    OFFER.c.slug,
    OFFER.c.agency_id,
    OFFER.c.name_es,
    OFFER.c.name_en,
    OFFER.c.alternate_name,
    OFFER.c.description_es,
    OFFER.c.description_en,
    OFFER.c.eligibility_es,
    OFFER.c.eligibility_en,
    OFFER.c.application_es,
    OFFER.c.application_en,
    OFFER.c.kind,
    OFFER.c.status,
    OFFER.c.scope,
    OFFER.c.is_free,
    OFFER.c.languages,
    OFFER.c.populations,
    OFFER.c.assured_date,
    AGENCY.c.name_es,
    AGENCY.c.name_en,
    AGENCY.c.alternate_name,
    AGENCY.c.sector,
)


def _sorted_set(values: Iterable[Any]) -> list[str]:
    return sorted({str(v) for v in values if v})


def _records_for(session: Session, rows: Sequence[Row[Any]], labels: Labels) -> list[OfferRecord]:
    ids = [str(row[0]) for row in rows]
    domains = _grouped(
        session,
        select(OFFER_DOMAIN.c.offer_id, OFFER_DOMAIN.c.domain).where(
            OFFER_DOMAIN.c.offer_id.in_(ids)
        ),
    )
    categories = _grouped(
        session,
        select(OFFER_CATEGORY.c.offer_id, OFFER_CATEGORY.c.term_code).where(
            OFFER_CATEGORY.c.offer_id.in_(ids)
        ),
    )
    areas = _grouped(
        session,
        select(OFFER_AREA.c.offer_id, OFFER_AREA.c.region_code, OFFER_AREA.c.commune_code).where(
            OFFER_AREA.c.offer_id.in_(ids)
        ),
    )
    places = _grouped(
        session,
        select(OFFER_LOCATION.c.offer_id, LOCATION.c.region_code, LOCATION.c.commune_code)
        .join(LOCATION, LOCATION.c.id == OFFER_LOCATION.c.location_id)
        .where(OFFER_LOCATION.c.offer_id.in_(ids)),
    )
    records = []
    for row in rows:
        (oid, slug, agency_id, name_es, name_en, alt, desc_es, desc_en, elig_es, elig_en,
         app_es, app_en, kind, status, scope, is_free, languages, populations, assured,
         agency_es, agency_en, agency_alt, sector) = tuple(row)  # fmt: skip
        offer_id = str(oid)
        domain_codes = _sorted_set(d[0] for d in domains.get(offer_id, []))
        category_codes = _sorted_set(c[0] for c in categories.get(offer_id, []))
        area_rows = areas.get(offer_id, [])
        place_rows = places.get(offer_id, [])
        area_regions = _sorted_set(r for r, _c in area_rows)
        area_communes = _sorted_set(c for _r, c in area_rows)
        wide = _sorted_set(r for r, c in area_rows if not c) if scope == "regional" else []
        loc_regions = _sorted_set(r for r, _c in place_rows)
        loc_communes = _sorted_set(c for _r, c in place_rows)
        topics = [labels.terms[c] for c in (*domain_codes, *category_codes) if c in labels.terms]
        place_names = {
            labels.communes[c] for c in (*area_communes, *loc_communes) if c in labels.communes
        }
        place_names |= {
            labels.regions[r] for r in (*area_regions, *loc_regions) if r in labels.regions
        }
        records.append(
            OfferRecord(
                id=offer_id,
                slug=str(slug),
                agency_id=str(agency_id),
                name_es=str(name_es),
                name_en=name_en,
                alternate_name=alt,
                description_es=str(desc_es or ""),
                description_en=desc_en,
                eligibility_es=elig_es,
                eligibility_en=elig_en,
                application_es=app_es,
                application_en=app_en,
                kind=str(kind),
                status=str(status),
                scope=str(scope),
                is_free=bool(is_free),
                languages=[str(v) for v in languages or []],
                populations=[str(v) for v in populations or []],
                assured_date=assured,
                agency_names=[str(n) for n in (agency_es, agency_en, agency_alt) if n],
                agency_sector=str(sector),
                domains=domain_codes,
                categories=category_codes,
                area_regions=area_regions,
                area_communes=area_communes,
                wide_regions=wide,
                location_regions=loc_regions,
                location_communes=loc_communes,
                topic_es=[es for es, _en in topics],
                topic_en=[en or es for es, en in topics],
                place_names=sorted(place_names),
            )
        )
    return records


def load_offer_records(
    session: Session, ids: Iterable[str] | None = None, labels: Labels | None = None
) -> Iterator[OfferRecord]:
    """Offer records for ``ids`` (those that still exist), or for every offer when None.

    Reads in chunks of :data:`CHUNK` offers so memory stays flat on large catalogues.
    """
    labels = labels or Labels.load(session)
    base = select(*_OFFER_COLUMNS).join(AGENCY, AGENCY.c.id == OFFER.c.agency_id)
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = session.execute(base.where(OFFER.c.id.in_(chunk))).all()
            yield from _records_for(session, rows, labels)
        return
    last = ""
    while True:
        rows = session.execute(
            base.where(OFFER.c.id > last).order_by(OFFER.c.id).limit(CHUNK)
        ).all()
        if not rows:
            return
        yield from _records_for(session, rows, labels)
        last = str(rows[-1][0])


def count_offers(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(OFFER)).scalar_one())


def load_agency_records(session: Session, ids: Iterable[str] | None = None) -> list[AgencyRecord]:
    statement = select(
        AGENCY.c.id,
        AGENCY.c.slug,
        AGENCY.c.name_es,
        AGENCY.c.name_en,
        AGENCY.c.alternate_name,
        AGENCY.c.status,
    )
    if ids is not None:
        statement = statement.where(AGENCY.c.id.in_(sorted(set(ids))))
    return [
        AgencyRecord(str(i), str(slug), str(es), en, alt, str(status))
        for i, slug, es, en, alt, status in session.execute(statement)
    ]


def offers_of_agencies(session: Session, agency_ids: Iterable[str]) -> set[str]:
    """Offers an agency change can alter: its own, and those delivered at its locations."""
    ids = sorted(set(agency_ids))
    if not ids:
        return set()
    own = session.execute(select(OFFER.c.id).where(OFFER.c.agency_id.in_(ids))).scalars()
    hosted = session.execute(
        select(OFFER_LOCATION.c.offer_id)
        .join(LOCATION, LOCATION.c.id == OFFER_LOCATION.c.location_id)
        .where(LOCATION.c.agency_id.in_(ids))
    ).scalars()
    return {str(i) for i in own} | {str(i) for i in hosted if i}


def offers_at_locations(session: Session, location_ids: Iterable[str]) -> set[str]:
    ids = sorted(set(location_ids))
    if not ids:
        return set()
    rows = session.execute(
        select(OFFER_LOCATION.c.offer_id).where(OFFER_LOCATION.c.location_id.in_(ids))
    ).scalars()
    return {str(i) for i in rows if i}


@dataclass
class ChangePlan:
    """What the change log since the index revision means for the index."""

    offers: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    full: bool = False


def plan_changes(session: Session, changes: Iterable[Any]) -> ChangePlan:
    """Offers and agencies to refresh. An agency change refreshes its offers and the
    offers delivered at its locations (agency names and places are indexed with them);
    a taxonomy change relabels every offer, which is a full rebuild."""
    plan = ChangePlan()
    locations: set[str] = set()
    for change in changes:
        if change.entity == "offer":
            plan.offers.add(change.entity_id)
        elif change.entity == "agency":
            plan.agencies.add(change.entity_id)
        elif change.entity == "location":
            locations.add(change.entity_id)
        elif change.entity == "taxonomy":
            plan.full = True
    if not plan.full:
        plan.offers |= offers_of_agencies(session, plan.agencies)
        plan.offers |= offers_at_locations(session, locations)
    return plan
