"""The one builder: plain records (:mod:`enlace.exchange.records`) into catalogue and
network rows, written with :func:`enlace.catalogue.sync.upsert`.

Every reader ends here, so a column is filled in one place whatever the format. Fields
are copied by name (records are named after the columns); owned lists become the model's
owned relationships, whose back links the ORM sets on flush. :func:`record_of` goes the
other way, for a stored row that an import keeps (a merged agency's own locations) and
for tests that compare what two formats read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from enlace.catalogue.models import (
    Agency,
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import Contact, Location, OfferLocation, Phone, Schedule
from enlace.catalogue.sync import SyncStats, delete_missing, parents_first, upsert
from enlace.exchange.records import (
    AgencyRecord,
    AgreementDomainRecord,
    AgreementOfferRecord,
    AgreementRecord,
    AreaRecord,
    CategoryRecord,
    ContactRecord,
    DocumentRecord,
    DomainRecord,
    LocationRecord,
    MembershipRecord,
    OfferLocationRecord,
    OfferRecord,
    PartyRecord,
    PhoneRecord,
    RecordSet,
    RuleRecord,
    ScheduleRecord,
)
from enlace.network.models import (
    Agreement,
    AgreementDomain,
    AgreementOffer,
    AgreementParty,
    NetworkMembership,
)

#: Which model each record becomes.
MODEL_OF: dict[type[Any], type[SQLModel]] = {
    PhoneRecord: Phone,
    ScheduleRecord: Schedule,
    ContactRecord: Contact,
    LocationRecord: Location,
    AgencyRecord: Agency,
    DomainRecord: OfferDomain,
    CategoryRecord: OfferCategory,
    AreaRecord: OfferArea,
    RuleRecord: EligibilityRule,
    DocumentRecord: RequiredDocument,
    OfferLocationRecord: OfferLocation,
    OfferRecord: Offer,
    PartyRecord: AgreementParty,
    AgreementDomainRecord: AgreementDomain,
    AgreementOfferRecord: AgreementOffer,
    AgreementRecord: Agreement,
    MembershipRecord: NetworkMembership,
}
RECORD_OF: dict[type[SQLModel], type[Any]] = {model: rec for rec, model in MODEL_OF.items()}

M = TypeVar("M", bound=SQLModel)


def _is_children(value: Any) -> bool:
    return isinstance(value, list) and any(is_dataclass(item) for item in value)


def to_model(record: Any) -> Any:
    """The unsaved model row of a record, with its owned children."""
    model = MODEL_OF[type(record)]
    columns: dict[str, Any] = {}
    children: dict[str, list[Any]] = {}
    for spec in fields(record):
        value = getattr(record, spec.name)
        if spec.name in _CHILD_LISTS.get(type(record), ()):
            children[spec.name] = [to_model(child) for child in value]
        elif isinstance(value, list):
            columns[spec.name] = list(value)  # JSON columns get their own list
        else:
            columns[spec.name] = value
    row = model(**columns)
    for name, rows in children.items():
        setattr(row, name, rows)
    return row


def record_of(row: Any) -> Any:
    """The plain record of a stored (or unsaved) row, with its owned children."""
    record_type = RECORD_OF[type(row)]
    values: dict[str, Any] = {}
    for spec in fields(record_type):
        value = getattr(row, spec.name)
        if spec.name in _CHILD_LISTS.get(record_type, ()):
            values[spec.name] = [record_of(child) for child in value]
        elif isinstance(value, list):
            values[spec.name] = list(value)
        else:
            values[spec.name] = value
    return record_type(**values)


def _child_lists(record_type: type[Any]) -> tuple[str, ...]:
    """The fields of a record type that hold owned records (not plain lists)."""
    return tuple(
        spec.name
        for spec in fields(record_type)
        if isinstance(spec.type, str) and spec.type.startswith("list[") and "Record" in spec.type
    )


_CHILD_LISTS: dict[type[Any], tuple[str, ...]] = {rec: _child_lists(rec) for rec in MODEL_OF}


def child_records(record: Any) -> Iterator[Any]:
    """The records a record owns (its phones, areas, parties...), one level down."""
    for name in _CHILD_LISTS[type(record)]:
        yield from getattr(record, name)


def write_records(
    session: Session,
    records: RecordSet,
    stats: SyncStats,
    each: Callable[[Iterable[Any]], Iterable[Any]] = lambda rows: rows,
) -> None:
    """Write a record set stage by stage so foreign keys hold: agencies parents first,
    then the loose locations, offers, agreements (each period before its renewal) and
    memberships, each stage flushed.

    Within a stage ids are unique, so the lookups :func:`upsert` makes need no autoflush
    (which would flush once per record), and which ids are new is asked once per stage.
    ``each`` wraps every stage (a progress bar). Callers with much to write call this a
    batch at a time (the HSDS import does), so a stage is held whole.
    """
    agencies = [to_model(a) for a in records.agencies]
    stages: list[Iterable[SQLModel]] = [
        *parents_first(agencies),
        [to_model(loc) for loc in records.locations],
        [to_model(o) for o in records.offers],
        *_renewed_first([to_model(a) for a in records.agreements]),
        [to_model(m) for m in records.memberships],
    ]
    for stage in stages:
        rows = list(stage)
        with session.no_autoflush:
            upsert(session, each(rows), stats, absent=_absent(session, rows))
        session.flush()


def _absent(session: Session, rows: list[SQLModel]) -> set[str]:
    """Ids of ``rows`` not stored yet, asked in one query per model and 500 ids."""
    wanted: dict[type[SQLModel], list[str]] = {}
    for row in rows:
        wanted.setdefault(type(row), []).append(row.id)  # type: ignore[attr-defined]
    absent: set[str] = set()
    for model, ids in wanted.items():
        column = model.id  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            stored = set(session.exec(select(column).where(column.in_(chunk))))
            absent.update(i for i in chunk if i not in stored)
    return absent


def _renewed_first(agreements: list[Agreement]) -> list[list[Agreement]]:
    """Agreements in generations, each before the renewal that points at it (``renews_id``)."""
    remaining = {a.id: a for a in agreements}
    generations: list[list[Agreement]] = []
    while remaining:
        ready = [a for a in remaining.values() if a.renews_id not in remaining]
        if not ready:  # a cycle: write the rest together and let the database judge
            ready = list(remaining.values())
        generations.append(ready)
        for agreement in ready:
            del remaining[agreement.id]
    return generations


def prune(session: Session, records: RecordSet, origin: str, stats: SyncStats) -> None:
    """Delete stored memberships, agreements, offers and agencies of ``origin`` the set
    no longer has."""
    delete_missing(
        session, NetworkMembership, {m.id for m in records.memberships}, origin=origin, stats=stats
    )
    delete_missing(
        session, Agreement, {a.id for a in records.agreements}, origin=origin, stats=stats
    )
    delete_missing(session, Offer, {o.id for o in records.offers}, origin=origin, stats=stats)
    session.flush()
    delete_missing(session, Agency, {a.id for a in records.agencies}, origin=origin, stats=stats)
    session.flush()


def total(records: RecordSet) -> int:
    """How many top-level records a set holds (a progress bar's length)."""
    return (
        len(records.agencies)
        + len(records.locations)
        + len(records.offers)
        + len(records.agreements)
        + len(records.memberships)
    )
