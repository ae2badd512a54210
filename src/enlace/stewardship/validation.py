"""Rules a draft of an agency or an offer must keep before anything is written (pure).

Messages are keyed by the draft's fields, and list items by ``<list>-<n>-<field>``
(``rules-0-value``), the names the edit forms use, so each message lands by its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import LazyString

from enlace.catalogue.vocab import (
    WEEKDAYS,
    AgencyLevel,
    DomainRole,
    NeedDomain,
    OfferKind,
    Population,
    Scope,
    Sector,
)
from enlace.i18n import _l
from enlace.matching.rules import validate, validate_group
from enlace.stewardship.places import LATITUDES, LONGITUDES

Errors = dict[str, list[LazyString | str]]

NAME_MAX = 300
TEXT_MAX = 5000
URL_MAX = 500
EMAIL_MAX = 254
PHONE_MAX = 40
CONTACT_MAX = 200
NOTE_MAX = 300
MAX_ITEMS = 30

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,40}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
CAPACITY_MAX = 1_000_000


@dataclass(frozen=True, slots=True)
class Known:
    """What a draft is checked against: the reference codes that exist."""

    regions: frozenset[str] = frozenset()
    communes: Mapping[str, str] = field(default_factory=dict)  # commune -> region
    categories: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()  # the agency's places an offer may use


def _add(errors: Errors, key: str, message: LazyString) -> None:
    errors.setdefault(key, []).append(message)


def _texts(errors: Errors, data: Mapping[str, Any], names: tuple[str, ...], limit: int) -> None:
    for name in names:
        value = data.get(name)
        if value is not None and len(str(value)) > limit:
            _add(errors, name, _l("At most %(count)s characters.", count=limit))


def _contact_fields(errors: Errors, data: Mapping[str, Any], url_field: str) -> None:
    url = data.get(url_field)
    if url and (len(url) > URL_MAX or not re.match(r"^https?://[^\s]+\.[^\s]+$", url)):
        _add(errors, url_field, _l("Write a web address starting with https://."))
    email = data.get("email")
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        _add(errors, "email", _l("Write an e-mail address like name@example.org."))


def _phones(errors: Errors, phones: list[dict[str, Any]]) -> None:
    for n, phone in enumerate(phones[:MAX_ITEMS]):
        if not _PHONE.match(phone.get("number") or ""):
            _add(errors, f"phones-{n}-number", _l("Write a phone number: digits, spaces, + ( ) -."))


def validate_agency(data: Mapping[str, Any], known: Known) -> Errors:
    errors: Errors = {}
    if not (data.get("name_es") or "").strip():
        _add(errors, "name_es", _l("Write the name in Spanish."))
    _texts(errors, data, ("name_es", "name_en", "alternate_name"), NAME_MAX)
    _texts(errors, data, ("description_es", "description_en"), TEXT_MAX)
    if data.get("sector") not in set(Sector):
        _add(errors, "sector", _l("Choose a sector."))
    if data.get("level") not in set(AgencyLevel):
        _add(errors, "level", _l("Choose a level."))
    _region_and_commune(errors, data, known)
    _contact_fields(errors, data, "website")
    _phones(errors, list(data.get("phones") or []))
    _people(errors, data)
    places = list(data.get("places") or [])
    for n, place in enumerate(places[:MAX_ITEMS]):
        for key, messages in validate_place(place, known).items():
            errors.setdefault(f"places-{n}-{key}", []).extend(messages)
    for name in ("phones", "contacts", "places"):
        if len(data.get(name) or []) > MAX_ITEMS:
            _add(errors, name, _l("At most %(count)s rows.", count=MAX_ITEMS))
    return errors


def _region_and_commune(errors: Errors, data: Mapping[str, Any], known: Known) -> None:
    """A known region, and a known commune of that region (either may be left out)."""
    region, commune = data.get("region_code"), data.get("commune_code")
    if region is not None and region not in known.regions:
        _add(errors, "region_code", _l("Choose a region from the list."))
    if commune is not None:
        if commune not in known.communes:
            _add(errors, "commune_code", _l("Choose a commune from the list."))
        elif region is not None and known.communes[commune] != region:
            _add(errors, "commune_code", _l("This commune is not in the chosen region."))


def _coordinates(errors: Errors, place: Mapping[str, Any]) -> None:
    """Latitude and longitude: both or neither, and in Chile."""
    latitude, longitude = place.get("latitude"), place.get("longitude")
    if (latitude is None) != (longitude is None):
        name = "longitude" if longitude is None else "latitude"
        _add(errors, name, _l("Give both the latitude and the longitude, or neither."))
        return
    if latitude is not None and not (LATITUDES[0] <= latitude <= LATITUDES[1]):
        _add(errors, "latitude", _l("In Chile the latitude is between -56.5 and -17, e.g. -35.43."))
    if longitude is not None and not (LONGITUDES[0] <= longitude <= LONGITUDES[1]):
        _add(
            errors, "longitude", _l("In Chile the longitude is between -110 and -66, e.g. -71.67.")
        )


def validate_place(place: Mapping[str, Any], known: Known) -> Errors:
    """One of an agency's places: a name or an address, a known commune in its region,
    coordinates in Chile, its phones and opening hours."""
    errors: Errors = {}
    if not (place.get("name_es") or "").strip() and not (place.get("address_1") or "").strip():
        _add(errors, "address_1", _l("Write the address, or at least a name for the place."))
    _texts(errors, place, ("name_es", "name_en", "address_1", "address_2"), NAME_MAX)
    _texts(errors, place, ("postal_code",), 20)
    texts = ("transportation_es", "transportation_en", "accessibility_es", "accessibility_en")
    _texts(errors, place, texts, TEXT_MAX)
    _region_and_commune(errors, place, known)
    _coordinates(errors, place)
    _phones(errors, list(place.get("phones") or []))
    _schedules(errors, list(place.get("schedules") or []))
    for name in ("phones", "schedules"):
        if len(place.get(name) or []) > MAX_ITEMS:
            _add(errors, name, _l("At most %(count)s rows.", count=MAX_ITEMS))
    return errors


def _cost(errors: Errors, data: Mapping[str, Any]) -> None:
    amount = data.get("cost_amount")
    if data.get("is_free") is False:
        if amount is not None and not (0 <= amount <= 1_000_000_000):
            _add(errors, "cost_amount", _l("Write an amount of zero or more."))
    elif amount is not None:
        _add(errors, "cost_amount", _l("An amount applies only when the offer has a cost."))


def _ages(errors: Errors, data: Mapping[str, Any]) -> None:
    low, high = data.get("minimum_age"), data.get("maximum_age")
    for name, value in (("minimum_age", low), ("maximum_age", high)):
        if value is not None and not (0 <= value <= 120):
            _add(errors, name, _l("Write an age from 0 to 120."))
    if low is not None and high is not None and low > high:
        _add(errors, "maximum_age", _l("The maximum age is below the minimum age."))


def _capacity(errors: Errors, data: Mapping[str, Any]) -> None:
    capacity = data.get("capacity")
    if capacity is not None and not (0 < capacity <= CAPACITY_MAX):
        _add(errors, "capacity", _l("Write how many people it can take: a number above zero."))
    if not all(_LANGUAGE.match(str(code)) for code in data.get("languages") or []):
        _add(errors, "languages", _l("Choose languages from the list."))


def _domains(errors: Errors, data: Mapping[str, Any], known: Known) -> None:
    domains: Mapping[str, str] = data.get("domains") or {}
    if list(domains.values()).count(DomainRole.PRIMARY) != 1:
        _add(errors, "domains", _l("Choose the one need domain this offer mainly serves."))
    if any(d not in set(NeedDomain) or r not in set(DomainRole) for d, r in domains.items()):
        _add(errors, "domains", _l("Choose need domains from the list."))
    if not set(data.get("categories") or []) <= known.categories:
        _add(errors, "categories", _l("Choose categories from the list."))
    if not set(data.get("populations") or []) <= set(Population):
        _add(errors, "populations", _l("Choose groups of people from the list."))
    if not set(data.get("locations") or []) <= known.locations:
        _add(errors, "locations", _l("Choose places of this agency."))
    notes = list(data.get("place_notes") or [])
    if not {n.get("location_id") for n in notes} <= set(data.get("locations") or []):
        _add(errors, "place_notes", _l("A note belongs to a place the offer is given at."))
    if any(len(n.get(k) or "") > NOTE_MAX for n in notes for k in ("note_es", "note_en")):
        _add(errors, "place_notes", _l("At most %(count)s characters.", count=NOTE_MAX))


def _areas(errors: Errors, rows: list[dict[str, Any]], known: Known) -> None:
    """Where a regional or communal offer is available: known regions, communes in them."""
    for n, row in enumerate(rows[:MAX_ITEMS]):
        region, commune = row.get("region_code"), row.get("commune_code")
        if region not in known.regions:
            _add(errors, f"areas-{n}-region_code", _l("Choose a region from the list."))
        elif commune is not None and known.communes.get(commune) != region:
            _add(errors, f"areas-{n}-commune_code", _l("This commune is not in the chosen region."))


def _schedules(errors: Errors, rows: list[dict[str, Any]]) -> None:
    for n, row in enumerate(rows[:MAX_ITEMS]):
        days = [d for d in (row.get("byday") or "").split(",") if d]
        if not days or not set(days) <= set(WEEKDAYS):
            _add(errors, f"schedules-{n}-byday", _l("Choose at least one day."))
        opens, closes = row.get("opens_at") or "", row.get("closes_at") or ""
        if not _TIME.match(opens):
            _add(errors, f"schedules-{n}-opens_at", _l("Write the time as HH:MM, e.g. 09:00."))
        if not _TIME.match(closes):
            _add(errors, f"schedules-{n}-closes_at", _l("Write the time as HH:MM, e.g. 09:00."))
        elif _TIME.match(opens) and closes <= opens:
            _add(errors, f"schedules-{n}-closes_at", _l("It closes before it opens."))


def _people(errors: Errors, data: Mapping[str, Any]) -> None:
    for n, contact in enumerate((data.get("contacts") or [])[:MAX_ITEMS]):
        if not (contact.get("name") or "").strip():
            _add(errors, f"contacts-{n}-name", _l("Write the contact's name or role."))
        elif len(contact["name"]) > CONTACT_MAX:
            _add(errors, f"contacts-{n}-name", _l("At most %(count)s characters.", count=200))
        email = contact.get("email")
        if email and not _EMAIL.match(email):
            _add(
                errors, f"contacts-{n}-email", _l("Write an e-mail address like name@example.org.")
            )
    for n, document in enumerate((data.get("documents") or [])[:MAX_ITEMS]):
        if not (document.get("document_es") or "").strip():
            _add(errors, f"documents-{n}-document_es", _l("Write the document in Spanish."))


def _rules(errors: Errors, rules: list[dict[str, Any]], known: Known) -> None:
    for n, rule in enumerate(rules[:MAX_ITEMS]):
        attribute, op, value = (
            rule.get("attribute", ""),
            rule.get("operator", ""),
            rule.get("value"),
        )
        if validate(attribute, op, value):
            _add(errors, f"rules-{n}-value", _l("Complete this condition."))
            continue
        if validate_group(rule.get("group")):
            _add(
                errors,
                f"rules-{n}-group",
                _l("Use lowercase letters and digits: name or name/option."),
            )
        places = {"region": known.regions, "commune": set(known.communes)}.get(attribute)
        values = value if isinstance(value, list) else [value]
        if places is not None and not set(values) <= set(places):
            _add(errors, f"rules-{n}-value", _l("Choose places from the list."))


def validate_offer(data: Mapping[str, Any], known: Known) -> Errors:
    errors: Errors = {}
    if not (data.get("name_es") or "").strip():
        _add(errors, "name_es", _l("Write the name in Spanish."))
    _texts(errors, data, ("name_es", "name_en"), NAME_MAX)
    _texts(errors, data, ("alternate_name",), CONTACT_MAX)
    names = ("description", "eligibility", "application", "fees", "wait_time", "alert")
    _texts(errors, data, tuple(f"{n}_{lang}" for n in names for lang in ("es", "en")), TEXT_MAX)
    if data.get("kind") not in set(OfferKind):
        _add(errors, "kind", _l("Choose what kind of offer this is."))
    if data.get("scope") not in set(Scope):
        _add(errors, "scope", _l("Choose where the offer is available."))
    _cost(errors, data)
    _ages(errors, data)
    _capacity(errors, data)
    _domains(errors, data, known)
    _contact_fields(errors, data, "url")
    _phones(errors, list(data.get("phones") or []))
    _schedules(errors, list(data.get("schedules") or []))
    _areas(errors, list(data.get("areas") or []), known)
    if data.get("scope") in ("regional", "communal") and not data.get("areas"):
        _add(errors, "areas", _l("Say in which regions or communes it is available."))
    _people(errors, data)
    _rules(errors, list(data.get("rules") or []), known)
    for name in ("phones", "schedules", "contacts", "documents", "rules", "areas"):
        if len(data.get(name) or []) > MAX_ITEMS:
            _add(errors, name, _l("At most %(count)s rows.", count=MAX_ITEMS))
    return errors
