"""What the HSDS read API serves: filtered pages of services, organizations, taxonomy
terms and service-at-locations, as nested HSDS 3.0 objects (with the Enlace profile).

Filters combine with AND. Records are ordered by id, so pages are stable and walking
them yields every record once. A page costs a fixed number of queries whatever its size
(the children are batch-loaded by :mod:`.prefetch`); :func:`iter_services` walks the
whole catalogue in chunks for the NDJSON stream, so memory stays flat.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_
from sqlmodel import Session, col, select

from enlace.catalogue.memo import RevisionMemo
from enlace.catalogue.models import Agency, Offer, OfferCategory, OfferDomain
from enlace.catalogue.places import Location
from enlace.catalogue.reference import stable_id
from enlace.catalogue.revision import CatalogueState
from enlace.catalogue.taxonomy import ENLACE_TAXONOMY, TaxonomyTerm
from enlace.exchange.hsds import nest, serialise, serialise_offer
from enlace.exchange.hsds.export import offers_dataset
from enlace.exchange.hsds.nest import Record, Rows
from enlace.exchange.hsds.prefetch import agency_children, location_children, reference
from enlace.exchange.hsds.serialise import Dataset, Reference

#: Records per page unless asked otherwise, and the most a page may hold.
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
#: Services read per round trip when streaming the whole catalogue.
STREAM_CHUNK = 500
#: What is kept per catalogue revision (any write starts afresh, in every process): the
#: reference names and terms, list counts by filter, and serialised records by id.
_REFERENCE: RevisionMemo[str, Reference] = RevisionMemo(1)
_COUNTS: RevisionMemo[Any, int] = RevisionMemo(512)
_FULL_SERVICES: RevisionMemo[str, Record] = RevisionMemo(4000)
_ORGANIZATIONS: RevisionMemo[str, Record] = RevisionMemo(4000)
_LOCATIONS: RevisionMemo[str, Record] = RevisionMemo(4000)


@dataclass(frozen=True)
class Filters:
    """What a list of services (or service-at-locations) is narrowed to; all must hold."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None


@dataclass(frozen=True)
class Page:
    """One page of a list, and where it sits."""

    contents: list[Record]
    total_items: int
    page_number: int
    per_page: int

    def envelope(self) -> dict[str, Any]:
        """The reference's paging envelope."""
        total_pages = math.ceil(self.total_items / self.per_page) if self.total_items else 0
        return {
            "total_items": self.total_items,
            "total_pages": total_pages,
            "page_number": self.page_number,
            "size": len(self.contents),
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= total_pages,
            "empty": not self.contents,
            "contents": self.contents,
        }


@dataclass(frozen=True)
class Version:
    """Which state of the catalogue an answer comes from (for ETag and Last-Modified)."""

    catalogue_id: str
    revision: int
    updated_at: datetime | None


def catalogue_version(session: Session) -> Version:
    """The catalogue's identity, revision and the time of its last write."""
    state = session.get(CatalogueState, 1)
    if state is None:
        return Version("", 0, None)
    moment = state.updated_at
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Version(state.catalogue_id, state.revision, moment)


def taxonomy_id() -> str:
    """The id of the one taxonomy Enlace publishes (need domains and categories)."""
    return stable_id("taxonomy", ENLACE_TAXONOMY)


# -- services --------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [w for w in escaped.split() if w][:10]


def offer_conditions(session: Session, filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.search:
        fields = (Offer.name_es, Offer.name_en, Offer.alternate_name, Offer.description_es)
        for word in _words(filters.search):
            pattern = f"%{word}%"
            conditions.append(or_(*(col(f).ilike(pattern, escape="\\") for f in fields)))
    if filters.organization_id is not None:
        conditions.append(col(Offer.agency_id) == filters.organization_id)
    if filters.modified_after is not None:
        moment = filters.modified_after  # without a zone: UTC
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        conditions.append(col(Offer.last_modified) >= moment)
    if filters.taxonomy_term_id is not None:
        code = session.exec(
            select(TaxonomyTerm.code).where(col(TaxonomyTerm.id) == filters.taxonomy_term_id)
        ).first()
        conditions.append(_has_term(code) if code is not None else col(Offer.id).is_(None))
    if filters.taxonomy_id is not None:
        if filters.taxonomy_id == taxonomy_id():
            conditions.append(_has_term(None))
        else:
            conditions.append(col(Offer.id).is_(None))
    return conditions


def _has_term(code: str | None) -> ColumnElement[bool]:
    """The offer links to the term ``code`` (or to any term) as a domain or category."""
    domain = select(OfferDomain.offer_id).where(col(OfferDomain.offer_id) == col(Offer.id))
    category = select(OfferCategory.offer_id).where(col(OfferCategory.offer_id) == col(Offer.id))
    if code is not None:
        domain = domain.where(col(OfferDomain.domain) == code)
        category = category.where(col(OfferCategory.term_code) == code)
    return or_(exists(domain), exists(category))


def count_rows(session: Session, statement: Select[Any], key: Any) -> int:
    """How many rows ``statement`` finds, remembered per revision under ``key``."""

    def load(keys: list[Any]) -> dict[Any, int]:
        total = session.exec(select(func.count()).select_from(statement.subquery())).one()
        return {keys[0]: int(total)}

    return _COUNTS.get_many(session, [key], load)[key]


def cached_reference(session: Session) -> Reference:
    """Region and commune names and taxonomy terms, read once per catalogue revision."""
    return _REFERENCE.get_many(session, ["reference"], lambda _: {"reference": reference(session)})[
        "reference"
    ]


def service_page(
    session: Session, filters: Filters, page: int, per_page: int, *, full: bool, minimal: bool
) -> Page:
    """A page of services, in id order."""
    ids = select(Offer.id).where(and_(True, *offer_conditions(session, filters)))
    total = count_rows(session, ids, ("services", filters))
    chosen = list(
        session.exec(ids.order_by(col(Offer.id)).offset((page - 1) * per_page).limit(per_page))
    )
    contents = _minimal(session, chosen) if minimal else services(session, chosen, full=full)
    return Page(contents, total, page, per_page)


def _minimal(session: Session, ids: Sequence[str]) -> list[Record]:
    if not ids:
        return []
    rows = session.exec(
        select(Offer.id, Offer.last_modified).where(col(Offer.id).in_(ids)).order_by(col(Offer.id))
    )
    return [
        serialise.clean({"id": offer_id, "last_modified": serialise.iso(modified)})
        for offer_id, modified in rows
    ]


def services(
    session: Session, ids: Sequence[str], *, full: bool, ref: Reference | None = None
) -> list[Record]:
    """The services ``ids`` (in that order), nested, with a fixed number of queries.

    Fully nested services are kept per catalogue revision; callers get their own copy.
    """
    if not ids:
        return []
    if full:
        found = _FULL_SERVICES.get_many(
            session, list(ids), lambda missing: _full_services(session, missing, ref)
        )
        return [dict(found[i]) for i in ids if i in found]
    ref = ref or cached_reference(session)
    offers = {o.id: o for o in session.exec(select(Offer).where(col(Offer.id).in_(ids)))}
    ordered = [offers[i] for i in ids if i in offers]
    organizations = _organizations(session, {o.agency_id for o in ordered})
    return [
        nest.service(
            serialise_offer.offer(o, serialise_offer.OfferChildren(), ref)["services"][0],
            organizations.get(o.agency_id),
        )
        for o in ordered
    ]


def _full_services(
    session: Session, ids: Sequence[str], ref: Reference | None, *, keep: bool = True
) -> dict[str, Record]:
    """Fully nested services by id; ``keep=False`` (a stream) keeps nothing for later."""
    ref = ref or cached_reference(session)
    ordered = list(session.exec(select(Offer).where(col(Offer.id).in_(ids))))
    agency_ids = {o.agency_id for o in ordered}
    organizations = (
        _organizations(session, agency_ids) if keep else _load_organizations(session, agency_ids)
    )
    dataset = offers_dataset(session, ordered, ref)
    rows = Rows(dataset)
    location_ids = {str(link["location_id"]) for link in dataset.get("service_at_locations", [])}
    places = (
        locations(session, location_ids, ref)
        if keep
        else _load_locations(session, location_ids, ref)
    )
    known_terms = {t["id"]: t for t in terms(ref)}
    return {
        str(record["id"]): nest.service(
            record, organizations.get(str(record["organization_id"])), rows, places, known_terms
        )
        for record in dataset.get("services", [])
    }


def service(session: Session, service_id: str) -> Record | None:
    """One fully nested service, or None."""
    found = services(session, [service_id], full=True)
    return found[0] if found else None


def iter_services(session: Session, filters: Filters, *, full: bool) -> Iterator[Record]:
    """Every matching service in id order, read :data:`STREAM_CHUNK` at a time."""
    ref = cached_reference(session)
    conditions = offer_conditions(session, filters)
    last = ""
    while True:
        chunk = list(
            session.exec(
                select(Offer.id)
                .where(and_(col(Offer.id) > last, *conditions))
                .order_by(col(Offer.id))
                .limit(STREAM_CHUNK)
            )
        )
        if not chunk:
            return
        if full:  # not through the per-revision cache: a stream would only churn it
            found = _full_services(session, chunk, ref, keep=False)
            yield from (found[i] for i in chunk if i in found)
        else:
            yield from services(session, chunk, full=False, ref=ref)
        session.expunge_all()  # keep memory flat: nothing read before is needed again
        last = chunk[-1]


def _organizations(session: Session, ids: set[str]) -> dict[str, Record]:
    """Organizations' one-to-one fields, by id (kept per revision)."""
    if not ids:
        return {}
    return _ORGANIZATIONS.get_many(
        session, sorted(ids), lambda missing: _load_organizations(session, set(missing))
    )


def _load_organizations(session: Session, ids: set[str]) -> dict[str, Record]:
    if not ids:
        return {}
    found = session.exec(select(Agency).where(col(Agency.id).in_(sorted(ids))))
    return {a.id: serialise.agency(a, [], [])["organizations"][0] for a in found}


def locations(session: Session, ids: set[str], ref: Reference) -> dict[str, Record]:
    """Locations with their address, phones, hours and accessibility, by id (kept)."""
    if not ids:
        return {}
    return _LOCATIONS.get_many(
        session, sorted(ids), lambda missing: _load_locations(session, set(missing), ref)
    )


def _load_locations(session: Session, ids: set[str], ref: Reference) -> dict[str, Record]:
    children = location_children(session, ids)
    out: dict[str, Record] = {}
    for loc in session.exec(select(Location).where(col(Location.id).in_(sorted(ids)))):
        own = children.get(loc.id)
        fragment = serialise.location(
            loc, own.phones if own else [], own.schedules if own else [], ref
        )
        out[loc.id] = nest.location(fragment["locations"][0], Rows(fragment))
    return out


# -- organizations ---------------------------------------------------------------------
def organization_page(
    session: Session, search: str | None, page: int, per_page: int, *, full: bool
) -> Page:
    """A page of organizations, in id order; ``full`` nests what each one owns."""
    statement = select(Agency.id)
    for word in _words(search or ""):
        pattern = f"%{word}%"
        statement = statement.where(
            or_(
                col(Agency.name_es).ilike(pattern, escape="\\"),
                col(Agency.name_en).ilike(pattern, escape="\\"),
                col(Agency.alternate_name).ilike(pattern, escape="\\"),
            )
        )
    total = count_rows(session, statement, ("organizations", search))
    ids = list(
        session.exec(
            statement.order_by(col(Agency.id)).offset((page - 1) * per_page).limit(per_page)
        )
    )
    return Page(organizations(session, ids, full=full, full_service=False), total, page, per_page)


def organizations(
    session: Session, ids: Sequence[str], *, full: bool, full_service: bool
) -> list[Record]:
    """The organizations ``ids`` in that order; nested with their services when ``full``."""
    if not ids:
        return []
    agencies = {a.id: a for a in session.exec(select(Agency).where(col(Agency.id).in_(ids)))}
    ordered = [agencies[i] for i in ids if i in agencies]
    if not full:
        return [serialise.agency(a, [], [])["organizations"][0] for a in ordered]
    ref = cached_reference(session)
    children = agency_children(session, set(agencies))
    dataset: Dataset = {}
    for a in ordered:
        own = children.get(a.id)
        _merge(dataset, serialise.agency(a, own.phones if own else [], own.contacts if own else []))
    places = list(session.exec(select(Location).where(col(Location.agency_id).in_(ids))))
    location_rows = location_children(session, {loc.id for loc in places})
    for loc in places:
        kept = location_rows.get(loc.id)
        _merge(
            dataset,
            serialise.location(
                loc, kept.phones if kept else [], kept.schedules if kept else [], ref
            ),
        )
    offer_ids = list(
        session.exec(select(Offer.id).where(col(Offer.agency_id).in_(ids)).order_by(col(Offer.id)))
    )
    by_agency: dict[str, list[Record]] = {}
    for record in services(session, offer_ids, full=full_service, ref=ref):
        record.pop("organization", None)
        by_agency.setdefault(str(record["organization_id"]), []).append(record)
    rows = Rows(dataset)
    return [
        nest.organization(record, rows, by_agency.get(str(record["id"]), []))
        for record in dataset.get("organizations", [])
    ]


def _merge(out: Dataset, fragment: Dataset) -> None:
    for key, records in fragment.items():
        out.setdefault(key, []).extend(records)


# -- taxonomy terms (nested in services' attributes) -----------------------------------
def terms(ref: Reference) -> list[Record]:
    tax = taxonomy_id()
    return sorted(
        (
            serialise.clean(serialise_offer.taxonomy_term(t, ref.terms, tax))
            for t in ref.terms.values()
        ),
        key=lambda t: str(t["id"]),
    )
