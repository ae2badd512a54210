"""Agencies (HSDS organizations) and their locations, with address and accessibility.

Without the Enlace profile an agency's sector and level are guessed from its name and a
location's commune from its address; a location whose commune cannot be found is kept
without one and reported, since an address is still useful to a person.
"""

from __future__ import annotations

from enlace.catalogue.vocab import AgencyLevel, Sector
from enlace.exchange.hsds.build import BaseBuilder, as_float, choice
from enlace.exchange.hsds.mapping import guess_level, guess_sector
from enlace.exchange.hsds.records import Record
from enlace.exchange.hsds.values import parse_datetime
from enlace.exchange.records import AgencyRecord, LocationRecord


class AgencyBuilder(BaseBuilder):
    """Builds agencies with their phones and contacts, and locations with theirs."""

    def agency(self, record: Record) -> None:
        """An agency; sector, level and place are the profile's, else guessed (see module)."""
        name = record.get("name") or ""
        if not name.strip():
            self.problem(record, "name", "must not be empty")
        sector = record.get("enlace_sector") or guess_sector(name)
        level = record.get("enlace_level") or guess_level(name)
        for field_name, value, allowed in (
            ("enlace_sector", sector, Sector),
            ("enlace_level", level, AgencyLevel),
        ):
            if not choice(value, allowed):
                self.problem(
                    record,
                    field_name,
                    f"{value!r} is not one of {', '.join(m.value for m in allowed)}",
                )
        commune, region = self.commune_and_region(
            record, "enlace_commune_code", "enlace_region_code"
        )
        last_modified = record.get("enlace_last_modified")
        agency = AgencyRecord(
            id=record.id,
            name_es="",  # set with its translation by texts() below
            slug=record.get("enlace_slug") or "",
            sector=sector,
            level=level,
            alternate_name=record.get("alternate_name"),
            region_code=region,
            commune_code=commune,
            tax_id=record.get("tax_id") or self._rut(record.id),
            website=record.get("website"),
            email=record.get("email"),
            status=record.get("enlace_status") or "active",
            assured_date=self.date_of(record, "enlace_assured_date"),
            last_modified=parse_datetime(last_modified) if last_modified else None,
            origin=self.origin(record),
        )
        if record.get("enlace_slug"):
            self.graph.named.add(("agency", agency.id))
        self.texts(
            agency,
            record,
            {"name": "name", "description": "description"},
            required=("name", "description"),
        )
        parent = record.get("parent_organization_id")
        if parent is not None and parent != record.id and self.known("organizations", parent):
            agency.parent_id = parent
        elif parent is not None:
            self.warn(
                f"organization {record.id}: parent organization {parent} is not in the "
                "import; left out"
            )
        agency.phones = self.phones("agency", record.id)
        agency.contacts = self.contacts("agency", record.id)
        self.agencies[agency.id] = agency
        self.graph.agencies.append(agency)

    def _rut(self, organization_id: str) -> str | None:
        """The RUT from ``organization_identifiers`` when ``tax_id`` is empty."""
        for record in self.children("organization_identifiers", "organization_id", organization_id):
            scheme = f"{record.get('identifier_scheme')} {record.get('identifier_type')}"
            if "rut" in scheme.lower():
                return str(record.get("identifier"))
        return None

    def location(self, record: Record, agency_id: str) -> None:
        """A location, attached to its agency (or kept apart when the agency is stored);
        :meth:`location_agency` found the agency before the pass."""
        last_modified = record.get("enlace_last_modified")
        location = LocationRecord(
            id=record.id,
            slug=record.get("enlace_slug") or "",
            agency_id=agency_id,
            location_type=record.get("location_type"),
            url=record.get("url"),
            latitude=as_float(record.get("latitude")),
            longitude=as_float(record.get("longitude")),
            last_modified=parse_datetime(last_modified) if last_modified else None,
        )
        if record.get("enlace_slug"):
            self.graph.named.add(("location", location.id))
        self.texts(
            location,
            record,
            {"name": "name", "description": "description", "transportation": "transportation"},
        )
        self._address(location, record)
        accessibility = self.children("accessibility", "location_id", record.id)
        if accessibility:
            location.accessibility_id = accessibility[0].id
            self.texts(location, accessibility[0], {"accessibility": "description"})
            if len(accessibility) > 1:
                self.warn(
                    f"location {record.id}: only the first of {len(accessibility)} "
                    "accessibility records kept"
                )
        location.phones = self.phones("location", record.id)
        location.schedules = self.schedules("location", record.id)
        if agency_id in self.agencies:
            self.agencies[agency_id].locations.append(location)
        else:
            self.graph.locations.append(location)

    def _address(self, location: LocationRecord, record: Record) -> None:
        """Enlace keeps one address per location, inline: the physical one, else the first."""
        addresses = sorted(
            self.children("addresses", "location_id", record.id),
            key=lambda a: (a.get("address_type") != "physical", self.position(a)),
        )
        commune, region = self.commune_and_region(
            record, "enlace_commune_code", "enlace_region_code"
        )
        if addresses:
            address = addresses[0]
            location.address_id = address.id
            location.address_1 = address.get("address_1") or None
            location.address_2 = address.get("address_2") or None
            location.postal_code = address.get("postal_code") or None
            if len(addresses) > 1:
                self.warn(
                    f"location {record.id}: only the first of {len(addresses)} addresses kept"
                )
            if not record.has_profile:
                place = self.vocab.places.address(
                    address.get("city"), address.get("state_province"), address.get("country")
                )
                if place is None or place.commune_code is None:
                    self.warn(
                        f"location {record.id}: could not place {address.get('city')!r}, "
                        f"{address.get('state_province')!r} in a Chilean commune; "
                        "imported without commune, its city kept in the address"
                    )
                    # shown with its own address, whole: the town is part of it
                    parts = (address.get(n) for n in ("address_2", "city", "state_province"))
                    location.address_2 = ", ".join(p.strip() for p in parts if p and p.strip())
                    location.address_2 = location.address_2 or None
                if place is not None:
                    commune, region = place.commune_code, place.region_code
        location.commune_code, location.region_code = commune, region
