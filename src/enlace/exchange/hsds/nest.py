"""Nest the serialiser's flat HSDS rows into the objects the HSDS API answers with.

The serialiser (:mod:`.serialise`, :mod:`.serialise_offer`) returns one record's rows
table by table, as the file export needs them. The API reference nests them instead: a
service holds its phones, schedules, service areas, languages, contacts, attributes
(each with its taxonomy term) and service-at-locations (each with its location, the
location with its address, phones, hours and accessibility). Pure: plain dicts in and
out, no session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from enlace.exchange.hsds.serialise import Dataset

Record = dict[str, Any]


class Rows:
    """A dataset's rows grouped by a foreign key, looked up by owner id."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._groups: dict[tuple[str, str], dict[str, list[Record]]] = {}

    def of(self, table: str, column: str, owner: str) -> list[Record]:
        key = (table, column)
        groups = self._groups.get(key)
        if groups is None:
            groups = {}
            for record in self.dataset.get(table, []):
                value = record.get(column)
                if value is not None:
                    groups.setdefault(str(value), []).append(record)
            self._groups[key] = groups
        return groups.get(owner, [])

    def own_phones(self, column: str, owner: str) -> list[Record]:
        """An owner's phones that are not a contact's."""
        return [p for p in self.of("phones", column, owner) if "contact_id" not in p]

    def contacts(self, column: str, owner: str) -> list[Record]:
        """An owner's contacts, each with its own phones."""
        return [
            {**c, "phones": self.of("phones", "contact_id", str(c["id"]))}
            for c in self.of("contacts", column, owner)
        ]


def location(loc: Record, rows: Rows) -> Record:
    """A location with its address, phones, hours and accessibility."""
    own = str(loc["id"])
    return {
        **loc,
        "addresses": rows.of("addresses", "location_id", own),
        "phones": rows.own_phones("location_id", own),
        "schedules": rows.of("schedules", "location_id", own),
        "accessibility": rows.of("accessibility", "location_id", own),
    }


def service(
    record: Record,
    organization: Record | None,
    rows: Rows | None = None,
    locations: dict[str, Record] | None = None,
    terms: dict[str, Record] | None = None,
) -> Record:
    """A service: one-to-one fields and its organization; everything it owns with ``rows``."""
    out = dict(record)
    if organization is not None:
        out["organization"] = organization
    if rows is None:
        return out
    own = str(record["id"])
    places = locations or {}
    known_terms = terms or {}
    out["phones"] = rows.own_phones("service_id", own)
    out["schedules"] = rows.of("schedules", "service_id", own)
    out["service_areas"] = rows.of("service_areas", "service_id", own)
    out["languages"] = rows.of("languages", "service_id", own)
    out["cost_options"] = rows.of("cost_options", "service_id", own)
    out["required_documents"] = rows.of("required_documents", "service_id", own)
    out["contacts"] = rows.contacts("service_id", own)
    out["attributes"] = [
        _with(a, "taxonomy_term", known_terms.get(str(a.get("taxonomy_term_id"))))
        for a in rows.of("attributes", "link_id", own)
    ]
    out["service_at_locations"] = [
        _with(link, "location", places.get(str(link.get("location_id"))))
        for link in rows.of("service_at_locations", "service_id", own)
    ]
    return out


def service_at_location(
    link: Record, service_record: Record | None, location_record: Record | None
) -> Record:
    """A service-at-location with its location and its service."""
    out = _with(link, "location", location_record)
    out.setdefault("contacts", [])
    out.setdefault("phones", [])
    out.setdefault("schedules", [])
    return _with(out, "service", service_record)


def organization(
    record: Record, rows: Rows | None, services: Iterable[Record] | None = None
) -> Record:
    """An organization; with ``rows``, its phones, contacts, identifiers and services."""
    out = dict(record)
    if rows is None:
        return out
    own = str(record["id"])
    out["phones"] = rows.own_phones("organization_id", own)
    out["contacts"] = rows.contacts("organization_id", own)
    out["organization_identifiers"] = rows.of("organization_identifiers", "organization_id", own)
    out["locations"] = [location(loc, rows) for loc in rows.of("locations", "organization_id", own)]
    out["services"] = list(services or [])
    return out


def taxonomy_term(term: Record, taxonomy: Record | None) -> Record:
    """A taxonomy term with its taxonomy's details."""
    return _with(term, "taxonomy_detail", taxonomy)


def _with(record: Record, key: str, value: Record | None) -> Record:
    out = dict(record)
    if value is not None:
        out[key] = value
    return out
