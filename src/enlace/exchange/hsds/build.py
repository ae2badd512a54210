"""Turn checked HSDS records into unsaved Enlace records: the shared machinery (lookups,
texts per language, who owns which phone, contact or schedule) and those three children.
Agencies and locations: :mod:`.agencies`; offers: :mod:`.offers`; the whole graph and
agreements: :mod:`.builder`.

Everything that is wrong is collected as a :class:`Problem` naming the file, row and
field, so the importer can refuse the whole dataset before writing anything. What is
merely imprecise (a place that cannot be found, a term with no need domain) becomes a
warning and the record is imported without it.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import inspect as sa_inspect

from enlace.catalogue.errors import Problem
from enlace.catalogue.vocab import DEFAULT_LANGUAGE, LANGUAGES, Origin
from enlace.exchange.builder import MODEL_OF, child_records
from enlace.exchange.hsds.context import Existing, Vocabulary
from enlace.exchange.hsds.lookup import Lookups
from enlace.exchange.hsds.notes import Notes
from enlace.exchange.hsds.records import RawDataset, Record
from enlace.exchange.hsds.spec import TABLES
from enlace.exchange.hsds.staging import position_of
from enlace.exchange.records import (
    AgencyRecord,
    ContactRecord,
    PhoneRecord,
    RecordSet,
    ScheduleRecord,
)

#: Which link decides who owns a phone, contact or schedule, most specific first.
_OWNERS: dict[str, tuple[tuple[str, str], ...]] = {
    "phones": (
        ("contact_id", "contacts"),
        ("service_id", "services"),
        ("location_id", "locations"),
        ("organization_id", "organizations"),
        ("service_at_location_id", "service_at_locations"),
    ),
    "contacts": (
        ("service_id", "services"),
        ("service_at_location_id", "service_at_locations"),
        ("organization_id", "organizations"),
        ("location_id", "locations"),
    ),
    "schedules": (
        ("service_id", "services"),
        ("location_id", "locations"),
        ("service_at_location_id", "service_at_locations"),
    ),
}


def choice(values: Any, allowed: type[Any]) -> bool:
    """Whether a value is one of an enum's values (the vocabularies are StrEnums)."""
    return values in {member.value for member in allowed}


class BaseBuilder:
    """Lookups, text and problem helpers, and the phones, contacts and hours any owner has."""

    def __init__(
        self, raw: RawDataset, existing: Existing, vocabulary: Vocabulary, language: str
    ) -> None:
        self.raw = raw
        self.existing = existing
        self.vocab = vocabulary
        self.lang = language
        self.other = next(code for code in LANGUAGES if code != language)
        self.problems: list[Problem] = []
        self.bad: dict[tuple[str, str], list[Problem]] = {}  # (table, id) -> its problems
        self.warnings = Notes()
        self.graph = RecordSet()  # the batch being built
        self.agencies: dict[str, AgencyRecord] = {}  # the batch's agencies, by id
        self.sources: dict[int, Record] = {}  # id(plain record) -> the HSDS record it came from
        self.lookups = Lookups(raw)
        self.prepared = False

    # -- helpers ---------------------------------------------------------------------
    def problem(self, record: Record, field_name: str | None, message: str) -> None:
        """Something wrong with ``record``: it will stop the import."""
        problem = Problem(record.file, record.row, field_name, message)
        self.problems.append(problem)
        self.bad.setdefault((record.table, record.id), []).append(problem)

    def warn(self, message: str) -> None:
        """Something imprecise: the import goes on without it."""
        self.warnings.append(message)

    def children(self, table: str, link: str, parent_id: str) -> list[Record]:
        """Records of ``table`` whose ``link`` is ``parent_id``, in position then file order."""
        return self.lookups.children(table, link, parent_id)

    def position(self, record: Record) -> tuple[int, int]:
        """Sort key: the profile's ``enlace_position``, else the order records were read in."""
        return (position_of(record.data), record.seq)

    def owned_by(self, table: str, kind: str, owner_id: str) -> list[Record]:
        """The phones, contacts or schedules :meth:`owner` gave to one owner."""
        return self.lookups.owned(table, kind, owner_id)

    def fetch_owned(self, kind: str, owners: list[str], tables: tuple[str, ...]) -> None:
        """Fetch what ``owners`` own (and their contacts' phones) before building them."""
        for table in tables:
            found = self.lookups.fetch_owned(table, kind, owners)
            if table == "contacts":
                self.lookups.fetch_owned("phones", "contact", [c.id for c in found])

    def texts(
        self, obj: Any, record: Record, columns: dict[str, str], required: tuple[str, ...] = ()
    ) -> None:
        """Base fields in the import language, ``enlace_translations`` in the other one."""
        self.sources[id(obj)] = record
        translations = record.get("enlace_translations") or {}
        if not isinstance(translations, dict) or not all(
            isinstance(v, dict) for v in translations.values()
        ):
            self.problem(record, "enlace_translations", 'expected {"en": {"field": "text"}}')
            translations = {}
        other = translations.get(self.other, {})
        for stem, hsds in columns.items():
            translated = other.get(hsds)
            if translated is not None and not isinstance(translated, str):
                self.problem(record, "enlace_translations", f"the {self.other} {hsds} is not text")
                translated = None
            for code, given in ((self.lang, record.get(hsds)), (self.other, translated)):
                # the Spanish column of a required text is NOT NULL: "" lets the page fall back
                empty = "" if stem in required and code == DEFAULT_LANGUAGE else None
                setattr(obj, f"{stem}_{code}", given or empty)

    def date_of(self, record: Record, name: str) -> date | None:
        """A date field (already checked by the reader) as a ``date``."""
        value = record.get(name)
        return date.fromisoformat(value) if value else None

    def integer(self, record: Record, name: str) -> int | None:
        """A number field that Enlace keeps as a whole number."""
        value = record.get(name)
        if value is None:
            return None
        if isinstance(value, float) and not value.is_integer():
            self.problem(record, name, f"{value!r} is not a whole number")
            return None
        return int(value)

    def origin(self, record: Record, name: str = "enlace_origin") -> str:
        """Where the record came from; records without the profile are ``import``."""
        value = record.get(name) or Origin.IMPORT.value
        if not choice(value, Origin):
            self.problem(
                record, name, f"{value!r} is not one of {', '.join(o.value for o in Origin)}"
            )
        return str(value)

    def commune_and_region(
        self, record: Record, commune_field: str, region_field: str
    ) -> tuple[str | None, str | None]:
        """Codes given by the Enlace profile, checked against the reference tables."""
        commune, region = record.get(commune_field), record.get(region_field)
        if commune is not None and commune not in self.existing.communes:
            self.problem(record, commune_field, f"unknown commune code {commune!r}")
            commune = None
        if region is not None and region not in self.existing.regions:
            self.problem(record, region_field, f"unknown region code {region!r}")
            region = None
        if commune is not None and region is None:
            region = self.existing.communes[commune][1]
        return commune, region

    def known(self, table: str, record_id: str | None) -> bool:
        """Whether an id is in the import or already in the catalogue."""
        if record_id is None:
            return False
        if self.lookups.present(table, str(record_id)):
            return True
        stored = {"organizations": self.existing.agencies, "services": self.existing.offers}
        return record_id in stored.get(table, {}) or (
            table == "locations" and record_id in self.existing.locations
        )

    def check_lengths(self, graph: RecordSet) -> None:
        """Text longer than its column: PostgreSQL refuses it and SQLite would keep it, so
        refuse it here, on both, with the record's place."""
        pending: list[Any] = [
            *graph.agencies,
            *graph.locations,
            *graph.offers,
            *graph.agreements,
            *graph.memberships,
        ]
        while pending:
            obj = pending.pop()
            record = self.sources.get(id(obj))
            for key, length in _limited(type(obj).__name__):
                value = getattr(obj, key, None)
                if record is not None and isinstance(value, str) and len(value) > length:
                    self.problem(record, key, f"longer than {length} characters ({len(value)})")
            pending.extend(child_records(obj))

    # -- before a build pass -------------------------------------------------------------
    def prepare(self) -> None:
        """Note who owns each phone, contact and schedule, and which agency each location
        belongs to, in the staging store (a batch at a time)."""
        staging = self.raw.staging
        staging.reset_pass()
        self.prepared = True
        for table, links in _OWNERS.items():
            for batch in self.raw.batches(table):
                for link, target in links:
                    self.lookups.fetch_present(target, (r.get(link) for r in batch))
                self.lookups.fetch(
                    "service_at_locations", (r.get("service_at_location_id") for r in batch)
                )
                rows = []
                for record in batch:
                    owner = self.owner(table, record)
                    if owner is not None:
                        rows.append(
                            (table, *owner, record.id, position_of(record.data), record.seq)
                        )
                staging.add_owned(rows)
                self.lookups.forget()
        for batch in self.raw.batches("locations"):
            self.lookups.fetch_present("organizations", (r.get("organization_id") for r in batch))
            placed = []
            for record in batch:
                agency = self.location_agency(record)
                if agency is not None:
                    placed.append((record.id, agency, record.seq))
            staging.place(placed)
            self.lookups.forget()

    def owner(self, table: str, record: Record) -> tuple[str, str] | None:
        """``("agency"|"offer"|"location"|"contact", id)`` for a phone, contact or schedule."""
        for link, target in _OWNERS[table]:
            ref = record.get(link)
            if ref is None:
                continue
            ref = str(ref)
            if not self.lookups.present(target, ref):
                self.problem(
                    record, link, f"unknown reference: no {TABLES[target].name} {ref} in the import"
                )
                return None
            if target == "service_at_locations":
                found = self.lookups.get(target, ref)
                service = found.get("service_id") if found else None
                return ("offer", str(service)) if service else None
            if target == "locations" and table == "contacts":
                location = self.lookups.get(target, ref)
                agency = self.location_agency(location, quiet=True) if location else None
                return ("agency", agency) if agency else None
            kind = {"contacts": "contact", "services": "offer", "locations": "location"}.get(
                target, "agency"
            )
            return kind, ref
        self.warn(
            f"{TABLES[table].name} {record.id} belongs to no organization, service or "
            "location; skipped"
        )
        return None

    def location_agency(self, record: Record, *, quiet: bool = False) -> str | None:
        """A location's agency; HSDS allows none, so fall back to the agency of its services."""
        org = record.get("organization_id")
        if org is not None and self.known("organizations", org):
            return str(org)
        for link in self.children("service_at_locations", "location_id", record.id):
            service = self.lookups.get("services", link.get("service_id"))
            if service is not None and self.known("organizations", service.get("organization_id")):
                if not quiet:
                    self.warn(
                        f"location {record.id}: organization {org or '(none)'} is not in the "
                        f"import; attached to {service.get('organization_id')}, "
                        "the agency of its services"
                    )
                return str(service.get("organization_id"))
        if not quiet:
            field_name = "organization_id"
            message = "missing" if org is None else f"unknown reference: no organization {org}"
            self.problem(record, field_name, f"{message}; every location needs its agency")
        return None

    # -- phones, contacts, schedules -------------------------------------------------
    def phones(self, kind: str, owner_id: str) -> list[PhoneRecord]:
        """The phones of one owner, in order."""
        phones = []
        for position, record in enumerate(self.owned_by("phones", kind, owner_id)):
            extension = record.get("enlace_extension")
            if extension is None and record.get("extension") is not None:
                extension = str(self.integer(record, "extension"))
            phone = PhoneRecord(
                id=record.id,
                position=given_position(record, position),
                number=record.get("number"),
                extension=extension,
                phone_type=record.get("type") or "voice",
            )
            self.texts(phone, record, {"description": "description"})
            phones.append(phone)
        return phones

    def contacts(self, kind: str, owner_id: str) -> list[ContactRecord]:
        """The contacts of one owner, each with its own phones."""
        contacts = []
        for position, record in enumerate(self.owned_by("contacts", kind, owner_id)):
            contact = ContactRecord(
                id=record.id,
                position=given_position(record, position),
                name=record.get("name") or "",
                title=record.get("title"),
                department=record.get("department"),
                email=record.get("email"),
            )
            self.sources[id(contact)] = record
            contact.phones = self.phones("contact", record.id)
            contacts.append(contact)
        return contacts

    def schedules(self, kind: str, owner_id: str) -> list[ScheduleRecord]:
        """The opening hours of one owner, in order."""
        schedules = []
        for position, record in enumerate(self.owned_by("schedules", kind, owner_id)):
            schedule = ScheduleRecord(
                id=record.id,
                position=given_position(record, position),
                freq=record.get("freq") or "WEEKLY",
                byday=record.get("byday") or "",
                opens_at=hhmm(record.get("opens_at")),
                closes_at=hhmm(record.get("closes_at")),
                valid_from=self.date_of(record, "valid_from"),
                valid_to=self.date_of(record, "valid_to"),
            )
            self.texts(schedule, record, {"description": "description"})
            schedules.append(schedule)
        return schedules


@cache
def _limited(record_type: str) -> tuple[tuple[str, int], ...]:
    """The columns of a record type's model that have a length limit, and the limit."""
    mapper = sa_inspect(next(m for r, m in MODEL_OF.items() if r.__name__ == record_type))
    return tuple(
        (str(column.key), int(length))
        for column in mapper.columns
        if (length := getattr(column.type, "length", None))
    )


def given_position(record: Record, index: int) -> int:
    """The profile's ``enlace_position``, else the record's place among its siblings."""
    given = record.get("enlace_position")
    return given if isinstance(given, int) else index


def hhmm(value: str | None) -> str | None:
    """Enlace keeps opening hours as ``HH:MM``."""
    return value[:5] if value else None


def as_float(value: Any) -> float | None:
    """Coordinates are floats in the database, whatever the JSON number was."""
    return float(value) if value is not None else None
