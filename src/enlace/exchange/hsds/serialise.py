"""The one serialiser: stored rows into HSDS 3.0 objects with the Enlace profile, one
record at a time (an agency, a location, an offer, an agreement, the taxonomy).

The file export (:mod:`.export`) calls it for every record; the HSDS read API will call
it for one offer or a page of them, with the children fetched by :mod:`.prefetch`. Each
function returns a :data:`Dataset` fragment (table -> objects) holding the record and
the rows HSDS keeps apart (an organization's identifier, a location's address, a
service's languages...). Nothing here queries the database.

Objects leave out missing values (HSDS schemas reject ``null`` for typed fields);
Spanish goes into the standard fields and English into ``enlace_translations``; see
docs/hsds-profile.md. Ids the catalogue does not store are derived with
:func:`stable_id`, so they are the same on every export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from enlace.catalogue.models import Agency
from enlace.catalogue.places import Contact, Location, OfferLocation, Phone, Schedule
from enlace.catalogue.reference import stable_id
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.exchange.hsds.values import format_datetime, format_time
from enlace.network.models import (
    Agreement,
    AgreementDomain,
    AgreementOffer,
    AgreementParty,
    NetworkMembership,
)

Dataset = dict[str, list[dict[str, Any]]]

RUT_SCHEME = "CL-RUT"
RUT_TYPE = "RUT (Rol Único Tributario)"


@dataclass(frozen=True)
class Reference:
    """Names and terms that records point at: region and commune names by code, and
    taxonomy terms by code (read once per export or per API request)."""

    regions: dict[str, str] = field(default_factory=dict)
    communes: dict[str, str] = field(default_factory=dict)
    terms: dict[str, TaxonomyTerm] = field(default_factory=dict)


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """HSDS schemas reject ``null`` for typed fields, so missing values are left out."""
    return {key: value for key, value in record.items() if value is not None}


def iso(value: date | datetime | None) -> str | None:
    """Dates as ``YYYY-MM-DD``, date-times as RFC 3339 in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_datetime(value)
    return value.isoformat()


def translations(**english: str | None) -> dict[str, dict[str, str]] | None:
    """``{"en": {field: text}}`` for the English texts there are, else nothing."""
    texts = {name: text for name, text in english.items() if text}
    return {"en": texts} if texts else None


class Fragment:
    """The HSDS objects of one record, per table, without their missing values."""

    def __init__(self) -> None:
        self.out: Dataset = {}

    def add(self, key: str, record: dict[str, Any]) -> None:
        self.out.setdefault(key, []).append(clean(record))

    def extend(self, other: Dataset) -> None:
        for key, records in other.items():
            self.out.setdefault(key, []).extend(records)


# -- children any owner has ------------------------------------------------------------
def phone(p: Phone) -> dict[str, Any]:
    """A phone; an extension that is not a plain number goes to the profile."""
    numeric = (
        p.extension is not None and p.extension.isdigit() and str(int(p.extension)) == p.extension
    )
    return clean(
        {
            "id": p.id,
            "organization_id": p.agency_id,
            "service_id": p.offer_id,
            "location_id": p.location_id,
            "contact_id": p.contact_id,
            "number": p.number,
            "extension": int(p.extension) if numeric and p.extension else None,
            "enlace_extension": None if numeric else p.extension,
            "type": p.phone_type,
            "description": p.description_es,
            "enlace_position": p.position,
            "enlace_translations": translations(description=p.description_en),
        }
    )


def schedule(s: Schedule) -> dict[str, Any]:
    """Opening hours as an HSDS weekly rule, times as ``HH:MM:SS``."""
    return clean(
        {
            "id": s.id,
            "service_id": s.offer_id,
            "location_id": s.location_id,
            "freq": s.freq,
            "byday": s.byday or None,
            "opens_at": format_time(s.opens_at) if s.opens_at else None,
            "closes_at": format_time(s.closes_at) if s.closes_at else None,
            "valid_from": iso(s.valid_from),
            "valid_to": iso(s.valid_to),
            "description": s.description_es,
            "enlace_position": s.position,
            "enlace_translations": translations(description=s.description_en),
        }
    )


def contact(c: Contact, phones: list[Phone]) -> Dataset:
    """A named contact of an agency or offer, with the contact's own phones."""
    out = Fragment()
    out.add(
        "contacts",
        {
            "id": c.id,
            "organization_id": c.agency_id,
            "service_id": c.offer_id,
            "name": c.name,
            "title": c.title,
            "department": c.department,
            "email": c.email,
            "enlace_position": c.position,
        },
    )
    for p in phones:
        out.add("phones", phone(p))
    return out.out


def offer_location(link: OfferLocation) -> dict[str, Any]:
    """Where an offer is delivered (HSDS service_at_location)."""
    return clean(
        {
            "id": link.id,
            "service_id": link.offer_id,
            "location_id": link.location_id,
            "description": link.description_es,
            "enlace_position": link.position,
            "enlace_translations": translations(description=link.description_en),
        }
    )


# -- agencies and locations -------------------------------------------------------------
def agency(a: Agency, phones: list[Phone], contacts: list[tuple[Contact, list[Phone]]]) -> Dataset:
    """An organization, its RUT as an ``organization_identifiers`` row, phones, contacts."""
    out = Fragment()
    out.add(
        "organizations",
        {
            "id": a.id,
            "name": a.name_es,
            "alternate_name": a.alternate_name,
            "description": a.description_es or "",
            "email": a.email,
            "website": a.website,
            "tax_id": a.tax_id,
            "parent_organization_id": a.parent_id,
            "enlace_slug": a.slug,
            "enlace_sector": a.sector,
            "enlace_level": a.level,
            "enlace_region_code": a.region_code,
            "enlace_commune_code": a.commune_code,
            "enlace_status": a.status,
            "enlace_assured_date": iso(a.assured_date),
            "enlace_last_modified": iso(a.last_modified),
            "enlace_origin": a.origin,
            "enlace_translations": translations(name=a.name_en, description=a.description_en),
        },
    )
    if a.tax_id:
        out.add(
            "organization_identifiers",
            {
                "id": stable_id("organization_identifier", a.id),
                "organization_id": a.id,
                "identifier_scheme": RUT_SCHEME,
                "identifier_type": RUT_TYPE,
                "identifier": a.tax_id,
            },
        )
    for p in phones:
        out.add("phones", phone(p))
    for c, own in contacts:
        out.extend(contact(c, own))
    return out.out


def location(
    loc: Location, phones: list[Phone], schedules: list[Schedule], ref: Reference
) -> Dataset:
    """A location, its inline address and accessibility as HSDS rows of their own."""
    out = Fragment()
    out.add(
        "locations",
        {
            "id": loc.id,
            "location_type": loc.location_type,
            "url": loc.url,
            "organization_id": loc.agency_id,
            "name": loc.name_es,
            "description": loc.description_es,
            "transportation": loc.transportation_es,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "enlace_slug": loc.slug,
            "enlace_region_code": loc.region_code,
            "enlace_commune_code": loc.commune_code,
            "enlace_last_modified": iso(loc.last_modified),
            "enlace_translations": translations(
                name=loc.name_en,
                description=loc.description_en,
                transportation=loc.transportation_en,
            ),
        },
    )
    if loc.address_id or loc.address_1:
        out.add(
            "addresses",
            {
                "id": loc.address_id or stable_id("address", loc.id),
                "location_id": loc.id,
                "address_1": loc.address_1 or "",
                "address_2": loc.address_2,
                "city": ref.communes.get(loc.commune_code or "", ""),
                "state_province": ref.regions.get(loc.region_code or "", ""),
                "postal_code": loc.postal_code or "",
                "country": "CL",
                "address_type": "postal" if loc.location_type == "postal" else "physical",
            },
        )
    if loc.accessibility_id or loc.accessibility_es or loc.accessibility_en:
        out.add(
            "accessibility",
            {
                "id": loc.accessibility_id or stable_id("accessibility", loc.id),
                "location_id": loc.id,
                "description": loc.accessibility_es,
                "enlace_translations": translations(description=loc.accessibility_en),
            },
        )
    for p in phones:
        out.add("phones", phone(p))
    for s in schedules:
        out.add("schedules", schedule(s))
    return out.out


# -- the profile's agreements -----------------------------------------------------------
def party(p: AgreementParty) -> dict[str, Any]:
    """A party of an agreement, with the contact person there (keys only when given)."""
    out: dict[str, Any] = {"organization_id": p.agency_id, "role": p.role}
    for name in ("contact_name", "contact_title", "contact_phone", "contact_email"):
        value = getattr(p, name)
        if value is not None:
            out[name] = value
    return out


def agreement(
    a: Agreement,
    parties: list[AgreementParty],
    domains: list[AgreementDomain],
    offers: list[AgreementOffer],
) -> Dataset:
    """An agreement as one row of the profile's ``enlace_agreements`` table."""
    out = Fragment()
    out.add(
        "enlace_agreements",
        {
            "id": a.id,
            "slug": a.slug,
            "title": a.title_es,
            "description": a.description_es,
            "kind": a.kind,
            "status": a.status,
            "quota": a.quota,
            "quota_period": a.quota_period,
            "quota_used": a.quota_used,
            "region_code": a.region_code,
            "signed_on": iso(a.signed_on),
            "valid_from": iso(a.valid_from),
            "valid_to": iso(a.valid_to),
            "document_url": a.document_url,
            "renews_id": a.renews_id,
            "last_modified": iso(a.last_modified),
            "origin": a.origin,
            "translations": translations(title=a.title_en, description=a.description_en),
            "parties": [party(p) for p in sorted(parties, key=lambda p: p.agency_id)],
            "domains": sorted(d.domain for d in domains),
            "service_ids": sorted(str(o.offer_id) for o in offers),
        },
    )
    return out.out


def membership(m: NetworkMembership) -> Dataset:
    """A network membership as one row of the profile's ``enlace_network_memberships``."""
    out = Fragment()
    out.add(
        "enlace_network_memberships",
        {
            "id": m.id,
            "network_id": m.network_id,
            "member_id": m.member_id,
            "role": m.role,
            "since": iso(m.since),
            "until": iso(m.until),
            "last_modified": iso(m.last_modified),
            "origin": m.origin,
        },
    )
    return out.out
