"""An agency's places (locations) and contacts as plain data, and back: part of the
agency's snapshot, so editing, history and restore treat them like the agency's other
fields. A place keeps its id (offers name the places they are given at); its phones and
opening hours are replaced as wholes where they differ."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from enlace.catalogue.base import new_id
from enlace.catalogue.models import Agency
from enlace.catalogue.places import Contact, Location, Phone, Schedule

#: Place columns copied as they are.
PLACE_FIELDS: tuple[str, ...] = (
    "name_es",
    "name_en",
    "address_1",
    "address_2",
    "region_code",
    "commune_code",
    "postal_code",
    "latitude",
    "longitude",
    "transportation_es",
    "transportation_en",
    "accessibility_es",
    "accessibility_en",
)
PLACE_LISTS: tuple[str, ...] = ("phones", "schedules")
#: Chile, generously (Rapa Nui in the west, Cape Horn in the south).
LATITUDES = (-56.5, -17.0)
LONGITUDES = (-110.0, -66.0)


def _phones(phones: list[Phone]) -> list[dict[str, Any]]:
    return [
        {"number": p.number, "description_es": p.description_es, "description_en": p.description_en}
        for p in phones
    ]


def place_snapshot(location: Location) -> dict[str, Any]:
    data: dict[str, Any] = {"id": location.id}
    data.update({name: getattr(location, name) for name in PLACE_FIELDS})
    data["phones"] = _phones(location.phones)
    data["schedules"] = [
        {"byday": s.byday, "opens_at": s.opens_at, "closes_at": s.closes_at}
        for s in location.schedules
    ]
    return data


def places_of(agency: Agency) -> list[dict[str, Any]]:
    """The agency's physical places, by name (then id): an order that follows from the
    data alone, so a restored version lists its places as it did."""
    places = [place_snapshot(loc) for loc in agency.locations if loc.location_type != "virtual"]
    return sorted(places, key=lambda p: (place_label(p).casefold(), str(p["id"])))


def contacts_of(agency: Agency) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "title": c.title, "email": c.email}
        for c in agency.contacts
        if c.offer_id is None
    ]


def place_label(place: Mapping[str, Any]) -> str:
    """What a place is called on the pages: its name, else its address."""
    return str(place.get("name_es") or place.get("address_1") or place.get("id") or "")


def _slug(agency: Agency, place: Mapping[str, Any], taken: set[str]) -> str:
    words = unicodedata.normalize("NFKD", place_label(place).lower())
    plain = "".join(ch for ch in words if not unicodedata.combining(ch))
    base = "-".join([agency.slug[:60], *re.sub(r"[^a-z0-9]+", " ", plain).split()])[:150]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _fill(location: Location, place: Mapping[str, Any]) -> None:
    for name in PLACE_FIELDS:
        if name in place and getattr(location, name) != place[name]:
            setattr(location, name, place[name])
    current = place_snapshot(location)
    if "phones" in place and current["phones"] != place["phones"]:
        location.phones = [Phone(position=n, **row) for n, row in enumerate(place["phones"])]
    if "schedules" in place and current["schedules"] != place["schedules"]:
        location.schedules = [
            Schedule(position=n, **row) for n, row in enumerate(place["schedules"])
        ]


def apply_places(agency: Agency, places: list[dict[str, Any]]) -> None:
    """Make the agency's physical places the given ones: update those whose id it has,
    add the others (keeping a given id, so a restored place keeps its offers), remove the
    ones left out (their phones and hours with them)."""
    if places_of(agency) == places:
        return
    wanted = {str(p["id"]) for p in places if p.get("id")}
    kept = [loc for loc in agency.locations if loc.location_type == "virtual" or loc.id in wanted]
    if len(kept) != len(agency.locations):
        agency.locations = kept
    existing = {loc.id: loc for loc in agency.locations}
    taken = {loc.slug for loc in agency.locations}
    for place in places:
        location = existing.get(str(place.get("id") or ""))
        if location is None:
            location = Location(
                id=str(place.get("id") or new_id()),
                slug=_slug(agency, place, taken),
                agency_id=agency.id,
            )
            taken.add(location.slug)
            agency.locations.append(location)
        _fill(location, place)


def apply_contacts(agency: Agency, contacts: list[dict[str, Any]]) -> None:
    """The agency's own contacts become the given ones; a contact kept by name keeps its
    row (and the phones hanging off it)."""
    if contacts_of(agency) == contacts:
        return
    others = [c for c in agency.contacts if c.offer_id is not None]
    by_name = {c.name: c for c in agency.contacts if c.offer_id is None}
    rows: list[Contact] = []
    for n, row in enumerate(contacts):
        contact = by_name.pop(row["name"], None) or Contact(name=row["name"])
        contact.position, contact.title, contact.email = len(others) + n, row["title"], row["email"]
        rows.append(contact)
    agency.contacts = others + rows
