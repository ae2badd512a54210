"""Fetch the children the serialiser needs, for one record, a page, or the whole catalogue.

Each child table is read with one query per batch of owners (``IN`` lists of at most
:data:`BATCH` ids), or whole when ``ids`` is ``None`` (the file export), so serialising a
page of offers costs a fixed number of queries whatever the page size.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from enlace.catalogue.models import (
    EligibilityRule,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import Commune, Contact, OfferLocation, Phone, Region, Schedule
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.exchange.hsds.serialise import Reference
from enlace.exchange.hsds.serialise_offer import OfferChildren
from enlace.network.models import AgreementDomain, AgreementOffer, AgreementParty

#: Owners per ``IN`` list (well under SQLite's and PostgreSQL's parameter limits).
BATCH = 500
M = TypeVar("M", bound=SQLModel)


def reference(session: Session) -> Reference:
    """Region and commune names and taxonomy terms, read once."""
    return Reference(
        regions={r.code: r.name for r in session.exec(select(Region))},
        communes={c.code: c.name for c in session.exec(select(Commune))},
        terms={t.code: t for t in session.exec(select(TaxonomyTerm))},
    )


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def rows_by(
    session: Session, model: type[M], link: str, ids: Collection[str] | None
) -> dict[str, list[M]]:
    """Rows of ``model`` grouped by their ``link`` column, for ``ids`` (or every owner).

    Read as plain rows, not ORM objects: the serialiser only reads their columns (by the
    same names), and building thousands of tracked objects was most of a page's time.
    """
    session.flush()  # plain reads do not autoflush: see this transaction's own writes
    table = model.__table__  # type: ignore[attr-defined]
    column = table.c[link]
    if ids is None:
        found: list[Any] = list(
            session.connection().execute(select(table).where(column.is_not(None)))
        )
    else:
        found = []
        for chunk in _chunks(ids):
            found += session.connection().execute(select(table).where(column.in_(chunk)))
    groups: dict[str, list[M]] = {}
    for row in sorted(found, key=_order):
        groups.setdefault(str(getattr(row, link)), []).append(row)
    return groups


def _order(row: Any) -> tuple[int, str]:
    """Children in their given order, then by id (stable across databases)."""
    return (getattr(row, "position", 0), str(getattr(row, "id", "")))


def _contacts(
    session: Session, link: str, ids: Collection[str] | None
) -> dict[str, list[tuple[Contact, list[Phone]]]]:
    """Contacts of agencies or offers, each with its own phones."""
    contacts = rows_by(session, Contact, link, ids)
    contact_ids = {c.id for group in contacts.values() for c in group}
    phones = rows_by(session, Phone, "contact_id", contact_ids if ids is not None else None)
    return {owner: [(c, phones.get(c.id, [])) for c in group] for owner, group in contacts.items()}


def offer_children(session: Session, ids: Collection[str] | None) -> dict[str, OfferChildren]:
    """Everything the offers ``ids`` own (every offer's when ``None``), by offer id."""
    domains = rows_by(session, OfferDomain, "offer_id", ids)
    categories = rows_by(session, OfferCategory, "offer_id", ids)
    rules = rows_by(session, EligibilityRule, "offer_id", ids)
    areas = rows_by(session, OfferArea, "offer_id", ids)
    documents = rows_by(session, RequiredDocument, "offer_id", ids)
    links = rows_by(session, OfferLocation, "offer_id", ids)
    schedules = rows_by(session, Schedule, "offer_id", ids)
    phones = rows_by(session, Phone, "offer_id", ids)
    contacts = _contacts(session, "offer_id", ids)
    owners = (
        set(ids)
        if ids is not None
        else set().union(
            domains, categories, rules, areas, documents, links, schedules, phones, contacts
        )
    )
    return {
        offer_id: OfferChildren(
            domains=domains.get(offer_id, []),
            categories=categories.get(offer_id, []),
            rules=rules.get(offer_id, []),
            areas=areas.get(offer_id, []),
            documents=documents.get(offer_id, []),
            offer_locations=links.get(offer_id, []),
            schedules=schedules.get(offer_id, []),
            phones=phones.get(offer_id, []),
            contacts=contacts.get(offer_id, []),
        )
        for offer_id in owners
    }


@dataclass
class AgencyChildren:
    """An agency's own phones and contacts (its locations are serialised on their own)."""

    phones: list[Phone] = field(default_factory=list)
    contacts: list[tuple[Contact, list[Phone]]] = field(default_factory=list)


def agency_children(session: Session, ids: Collection[str] | None) -> dict[str, AgencyChildren]:
    """The phones and contacts of the agencies ``ids`` (every agency's when ``None``)."""
    phones = rows_by(session, Phone, "agency_id", ids)
    contacts = _contacts(session, "agency_id", ids)
    owners = set(ids) if ids is not None else set(phones) | set(contacts)
    return {
        agency_id: AgencyChildren(phones.get(agency_id, []), contacts.get(agency_id, []))
        for agency_id in owners
    }


@dataclass
class LocationChildren:
    """A location's phones and opening hours."""

    phones: list[Phone] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)


def location_children(session: Session, ids: Collection[str] | None) -> dict[str, LocationChildren]:
    """The phones and hours of the locations ``ids`` (every location's when ``None``)."""
    phones = rows_by(session, Phone, "location_id", ids)
    schedules = rows_by(session, Schedule, "location_id", ids)
    owners = set(ids) if ids is not None else set(phones) | set(schedules)
    return {
        location_id: LocationChildren(phones.get(location_id, []), schedules.get(location_id, []))
        for location_id in owners
    }


@dataclass
class AgreementChildren:
    """An agreement's parties, covered domains and covered offers."""

    parties: list[AgreementParty] = field(default_factory=list)
    domains: list[AgreementDomain] = field(default_factory=list)
    offers: list[AgreementOffer] = field(default_factory=list)


def agreement_children(
    session: Session, ids: Collection[str] | None
) -> dict[str, AgreementChildren]:
    """Parties, domains and offers of the agreements ``ids`` (every one's when ``None``)."""
    parties = rows_by(session, AgreementParty, "agreement_id", ids)
    domains = rows_by(session, AgreementDomain, "agreement_id", ids)
    offers = rows_by(session, AgreementOffer, "agreement_id", ids)
    owners = set(ids) if ids is not None else set(parties) | set(domains) | set(offers)
    return {
        agreement_id: AgreementChildren(
            parties.get(agreement_id, []),
            domains.get(agreement_id, []),
            offers.get(agreement_id, []),
        )
        for agreement_id in owners
    }
