"""The plain records every reader produces and the one builder writes.

Each format has its own reader (the authoring format in :mod:`enlace.exchange.authoring`,
HSDS in :mod:`enlace.exchange.hsds`); each turns its input into these dataclasses and
nothing else, so a record means the same thing whatever file it came from. They carry
no session and no ORM state: readers and tests build and compare them freely, and
:mod:`enlace.exchange.builder` turns them into catalogue and network rows.

A field is named like the model column it becomes, with the model's default, so the
builder copies fields by name; ``tests/unit/exchange/test_records.py`` checks that every
column of every model has its field. Links back to the owner (``offer_id`` of an area,
``agency_id`` of a phone) are not fields: the builder's relationships set them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class PhoneRecord:
    """A phone of an agency, offer, location or contact."""

    id: str
    number: str
    position: int = 0
    extension: str | None = None
    phone_type: str = "voice"
    description_es: str | None = None
    description_en: str | None = None


@dataclass
class ScheduleRecord:
    """Opening hours as a weekly rule (``byday`` "MO,WE", times ``HH:MM``)."""

    id: str
    position: int = 0
    freq: str = "WEEKLY"
    byday: str = ""
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    description_es: str | None = None
    description_en: str | None = None


@dataclass
class ContactRecord:
    """A person to ask, with their own phones."""

    id: str
    name: str
    position: int = 0
    title: str | None = None
    department: str | None = None
    email: str | None = None
    phones: list[PhoneRecord] = field(default_factory=list)


@dataclass
class LocationRecord:
    """A place (or web address) of an agency, with its one address and accessibility."""

    id: str
    slug: str
    agency_id: str
    location_type: str = "physical"
    name_es: str | None = None
    name_en: str | None = None
    description_es: str | None = None
    description_en: str | None = None
    address_id: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    commune_code: str | None = None
    region_code: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    url: str | None = None
    transportation_es: str | None = None
    transportation_en: str | None = None
    accessibility_id: str | None = None
    accessibility_es: str | None = None
    accessibility_en: str | None = None
    last_modified: datetime | None = None
    phones: list[PhoneRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)


@dataclass
class AgencyRecord:
    """An organisation (HSDS organization) with its locations, phones and contacts."""

    id: str
    slug: str
    name_es: str
    sector: str
    level: str
    name_en: str | None = None
    alternate_name: str | None = None
    description_es: str = ""
    description_en: str | None = None
    parent_id: str | None = None
    region_code: str | None = None
    commune_code: str | None = None
    tax_id: str | None = None
    website: str | None = None
    email: str | None = None
    status: str = "active"
    assured_date: date | None = None
    last_modified: datetime | None = None
    origin: str = "manual"
    locations: list[LocationRecord] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)


@dataclass
class DomainRecord:
    """A need domain an offer covers, as ``primary`` or ``secondary``."""

    domain: str
    role: str = "primary"


@dataclass
class CategoryRecord:
    """A finer taxonomy category of an offer."""

    term_code: str


@dataclass
class AreaRecord:
    """A region, or a commune with its region, where an offer is available."""

    id: str
    region_code: str
    commune_code: str | None = None
    position: int = 0


@dataclass
class RuleRecord:
    """A structured eligibility condition (``attribute operator value``)."""

    id: str
    attribute: str
    operator: str
    value: Any
    position: int = 0
    group: str | None = None
    note_es: str | None = None
    note_en: str | None = None


@dataclass
class DocumentRecord:
    """A document a person must bring."""

    id: str
    document_es: str
    document_en: str | None = None
    position: int = 0
    uri: str | None = None


@dataclass
class OfferLocationRecord:
    """An offer delivered at a location (HSDS service_at_location)."""

    id: str
    location_id: str
    position: int = 0
    description_es: str | None = None
    description_en: str | None = None


@dataclass
class OfferRecord:
    """A benefit or service of an agency (HSDS service) with everything it owns."""

    id: str
    slug: str
    agency_id: str
    name_es: str
    kind: str
    name_en: str | None = None
    alternate_name: str | None = None
    description_es: str = ""
    description_en: str | None = None
    eligibility_es: str | None = None
    eligibility_en: str | None = None
    application_es: str | None = None
    application_en: str | None = None
    fees_es: str | None = None
    fees_en: str | None = None
    wait_time_es: str | None = None
    wait_time_en: str | None = None
    alert_es: str | None = None
    alert_en: str | None = None
    status: str = "active"
    scope: str = "national"
    is_free: bool | None = True
    cost_amount: float | None = None
    cost_currency: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    capacity: int | None = None
    languages: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    url: str | None = None
    email: str | None = None
    assured_date: date | None = None
    assurer_email: str | None = None
    last_modified: datetime | None = None
    origin: str = "manual"
    domains: list[DomainRecord] = field(default_factory=list)
    categories: list[CategoryRecord] = field(default_factory=list)
    areas: list[AreaRecord] = field(default_factory=list)
    rules: list[RuleRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    offer_locations: list[OfferLocationRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)


@dataclass
class PartyRecord:
    """An agency that signed an agreement, with its role and the person to call there."""

    agency_id: str
    role: str = "partner"
    contact_name: str | None = None
    contact_title: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@dataclass
class AgreementDomainRecord:
    """A need domain an agreement covers."""

    domain: str


@dataclass
class AgreementOfferRecord:
    """An offer an agreement covers."""

    offer_id: str


@dataclass
class AgreementRecord:
    """A cooperation agreement between agencies (the Enlace profile's own table)."""

    id: str
    slug: str
    title_es: str
    kind: str
    valid_from: date
    title_en: str | None = None
    description_es: str | None = None
    description_en: str | None = None
    status: str = "active"
    quota: int | None = None
    quota_period: str | None = None
    quota_used: int = 0
    region_code: str | None = None
    signed_on: date | None = None
    valid_to: date | None = None
    document_url: str | None = None
    renews_id: str | None = None
    last_modified: datetime | None = None
    origin: str = "manual"
    parties: list[PartyRecord] = field(default_factory=list)
    domains: list[AgreementDomainRecord] = field(default_factory=list)
    offers: list[AgreementOfferRecord] = field(default_factory=list)


@dataclass
class MembershipRecord:
    """An agency belonging to a network (another agency) for a period."""

    id: str
    network_id: str
    member_id: str
    role: str = "member"
    since: date | None = None
    until: date | None = None
    last_modified: datetime | None = None
    origin: str = "manual"


@dataclass
class RecordSet:
    """What a reader produced, in the order it must be written.

    ``locations`` are places of agencies that are not in the set (already stored);
    ``named`` lists ``(kind, id)`` of records whose slug the source gave, so a clash is
    worth a warning rather than a silent rename.
    """

    agencies: list[AgencyRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    offers: list[OfferRecord] = field(default_factory=list)
    agreements: list[AgreementRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    named: set[tuple[str, str]] = field(default_factory=set)
