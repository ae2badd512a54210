"""A record as plain data, and back: the one shape editing, history and restore share.

A *snapshot* is a JSON-ready dict of everything a coordinator edits on an agency or an
offer (texts per language, codes, lists of children). Editing applies a draft of the
same shape (:func:`apply_offer`, :func:`apply_agency`); history stores snapshots in the
audit log; restoring a version applies its snapshot, so "restore" gives back exactly the
fields that version had (the property tests check it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from enlace.catalogue.models import (
    Agency,
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import Contact, OfferLocation, Phone, Schedule
from enlace.stewardship.places import apply_contacts, apply_places, contacts_of, places_of

#: Offer columns copied as they are (texts per language, codes, numbers).
OFFER_FIELDS: tuple[str, ...] = (
    "name_es",
    "name_en",
    "alternate_name",
    "description_es",
    "description_en",
    "eligibility_es",
    "eligibility_en",
    "application_es",
    "application_en",
    "fees_es",
    "fees_en",
    "wait_time_es",
    "wait_time_en",
    "alert_es",
    "alert_en",
    "kind",
    "scope",
    "status",
    "is_free",
    "cost_amount",
    "cost_currency",
    "minimum_age",
    "maximum_age",
    "capacity",
    "url",
    "email",
    "assured_date",
)
#: Offer fields held by child rows or lists (compared and restored as wholes).
OFFER_LISTS: tuple[str, ...] = (
    "populations",
    "languages",
    "domains",
    "categories",
    "areas",
    "locations",
    "place_notes",
    "schedules",
    "phones",
    "contacts",
    "documents",
    "rules",
)
AGENCY_FIELDS: tuple[str, ...] = (
    "name_es",
    "name_en",
    "alternate_name",
    "description_es",
    "description_en",
    "sector",
    "level",
    "region_code",
    "commune_code",
    "website",
    "email",
    "status",
    "assured_date",
)
AGENCY_LISTS: tuple[str, ...] = ("phones", "contacts", "places")

#: Fields the status actions and verification set; an edit form leaves them alone.
MANAGED = frozenset({"status", "assured_date"})
#: Text fields kept in two languages: (Spanish, English).
BILINGUAL: tuple[tuple[str, str], ...] = (
    ("name_es", "name_en"),
    ("description_es", "description_en"),
    ("eligibility_es", "eligibility_en"),
    ("application_es", "application_en"),
    ("fees_es", "fees_en"),
    ("wait_time_es", "wait_time_en"),
    ("alert_es", "alert_en"),
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    """Everything a coordinator edits on an offer, as JSON-ready data."""
    data: dict[str, Any] = {name: _plain(getattr(offer, name)) for name in OFFER_FIELDS}
    data["agency_id"] = offer.agency_id
    data["populations"] = sorted(offer.populations or [])
    data["languages"] = sorted(offer.languages or [])
    data["domains"] = {d.domain: d.role for d in offer.domains}
    data["categories"] = sorted(c.term_code for c in offer.categories)
    data["areas"] = [
        {"region_code": a.region_code, "commune_code": a.commune_code} for a in offer.areas
    ]
    data["locations"] = [link.location_id for link in offer.offer_locations]
    data["place_notes"] = sorted(
        (
            {"location_id": link.location_id, "note_es": link.description_es,
             "note_en": link.description_en}
            for link in offer.offer_locations
            if link.description_es or link.description_en
        ),
        key=lambda note: str(note["location_id"]),
    )  # fmt: skip
    data["schedules"] = [
        {"byday": s.byday, "opens_at": s.opens_at, "closes_at": s.closes_at}
        for s in offer.schedules
        if s.location_id is None
    ]
    data["phones"] = [
        {"number": p.number, "description_es": p.description_es, "description_en": p.description_en}
        for p in offer.phones
    ]
    data["contacts"] = [
        {"name": c.name, "title": c.title, "email": c.email} for c in offer.contacts
    ]
    data["documents"] = [
        {"document_es": d.document_es, "document_en": d.document_en} for d in offer.documents
    ]
    data["rules"] = [
        {
            "attribute": r.attribute,
            "operator": r.operator,
            "value": r.value,
            "group": r.group,
            "note_es": r.note_es,
            "note_en": r.note_en,
        }
        for r in offer.rules
    ]
    return data


def agency_snapshot(agency: Agency) -> dict[str, Any]:
    data: dict[str, Any] = {name: _plain(getattr(agency, name)) for name in AGENCY_FIELDS}
    data["phones"] = [
        {"number": p.number, "description_es": p.description_es, "description_en": p.description_en}
        for p in agency.phones
        if p.location_id is None and p.contact_id is None and p.offer_id is None
    ]
    data["contacts"] = contacts_of(agency)
    data["places"] = places_of(agency)
    return data


def _set(record: Any, name: str, value: Any) -> None:
    if name == "assured_date":
        value = _date(value)
    if getattr(record, name) != value:
        setattr(record, name, value)


def apply_offer(offer: Offer, data: dict[str, Any]) -> None:
    """Copy a snapshot (or a draft: the keys it has) onto the offer; children are replaced
    only where they differ, so saving an unchanged form writes nothing."""
    for name in OFFER_FIELDS:
        if name in data:
            _set(offer, name, data[name])
    if "populations" in data and sorted(offer.populations or []) != sorted(data["populations"]):
        offer.populations = sorted(data["populations"])
    if "languages" in data and sorted(offer.languages or []) != sorted(data["languages"]):
        offer.languages = sorted(data["languages"])
    before = offer_snapshot(offer)
    if "domains" in data and before["domains"] != data["domains"]:
        offer.domains = [OfferDomain(domain=d, role=r) for d, r in sorted(data["domains"].items())]
    if "categories" in data and before["categories"] != sorted(data["categories"]):
        offer.categories = [OfferCategory(term_code=code) for code in sorted(data["categories"])]
    if "areas" in data and before["areas"] != data["areas"]:
        offer.areas = [OfferArea(position=n, **row) for n, row in enumerate(data["areas"])]
    ids = data.get("locations", before["locations"])
    notes = data.get("place_notes", before["place_notes"])
    if (ids, notes) != (before["locations"], before["place_notes"]):
        by_place = {note["location_id"]: note for note in notes}
        offer.offer_locations = [
            OfferLocation(
                location_id=lid,
                position=n,
                description_es=by_place.get(lid, {}).get("note_es"),
                description_en=by_place.get(lid, {}).get("note_en"),
            )
            for n, lid in enumerate(ids)
        ]
    if "schedules" in data and before["schedules"] != data["schedules"]:
        kept = [s for s in offer.schedules if s.location_id is not None]
        offer.schedules = kept + [
            Schedule(position=len(kept) + n, **row) for n, row in enumerate(data["schedules"])
        ]
    if "phones" in data and before["phones"] != data["phones"]:
        offer.phones = [Phone(position=n, **row) for n, row in enumerate(data["phones"])]
    if "contacts" in data and before["contacts"] != data["contacts"]:
        offer.contacts = [Contact(position=n, **row) for n, row in enumerate(data["contacts"])]
    if "documents" in data and before["documents"] != data["documents"]:
        offer.documents = [
            RequiredDocument(position=n, **row) for n, row in enumerate(data["documents"])
        ]
    if "rules" in data and before["rules"] != data["rules"]:
        offer.rules = [EligibilityRule(position=n, **row) for n, row in enumerate(data["rules"])]


def apply_agency(agency: Agency, data: dict[str, Any]) -> None:
    for name in AGENCY_FIELDS:
        if name in data:
            _set(agency, name, data[name])
    if "phones" in data and agency_snapshot(agency)["phones"] != data["phones"]:
        others = [p for p in agency.phones if p.location_id or p.contact_id or p.offer_id]
        agency.phones = others + [
            Phone(position=len(others) + n, **row) for n, row in enumerate(data["phones"])
        ]
    if "contacts" in data:
        apply_contacts(agency, data["contacts"])
    if "places" in data:
        apply_places(agency, data["places"])


def missing_translations(data: dict[str, Any]) -> list[str]:
    """The English fields left empty where the Spanish one has text (pages flag them)."""
    missing = [en for es, en in BILINGUAL if data.get(es) and not data.get(en)]
    if any(d.get("document_es") and not d.get("document_en") for d in data.get("documents", [])):
        missing.append("documents")
    return missing
