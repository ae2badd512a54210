"""Turn authoring records (``directory_data/``) into plain records (:mod:`..records`).

Slugs become stable UUIDs (v5), so loading twice gives the same ids; references
(agencies, locations, offers, communes, categories) are cross-checked and every problem
is collected with its file, record and field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from enlace.catalogue.errors import Problem
from enlace.catalogue.reference import stable_id
from enlace.catalogue.vocab import Origin
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
    OfferLocationRecord,
    OfferRecord,
    PartyRecord,
    PhoneRecord,
    RecordSet,
    RuleRecord,
    ScheduleRecord,
)
from enlace.matching.rules import validate as validate_rule
from enlace.matching.rules import validate_group


def _text(value: dict[str, str] | None, lang: str) -> str | None:
    return value.get(lang) if value else None


class AuthoringBuilder:
    """Turns authoring records into model objects, collecting reference problems."""

    def __init__(self, communes: dict[str, str], categories: set[str]) -> None:
        self.communes = communes
        self.categories = categories
        self.problems: list[Problem] = []
        self.agency_ids: dict[str, str] = {}
        self.location_ids: dict[str, str] = {}
        self.offer_ids: dict[str, str] = {}
        self.parent_of: dict[str, tuple[str, str]] = {}
        self.agreement_ids: dict[str, str] = {}
        self.renews: dict[str, tuple[str, str, str]] = {}  # agreement id -> file, row, slug
        self.result = RecordSet()

    def problem(self, file: str, row: str, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, field_name, message))

    def region_of(self, file: str, row: str, commune: str | None) -> str | None:
        if commune is None:
            return None
        if commune not in self.communes:
            self.problem(file, row, "commune", f"unknown commune code {commune!r}")
            return None
        return self.communes[commune]

    # -- phones, schedules, contacts --------------------------------------------------
    def phones(self, owner: str, raw: list[dict[str, Any]]) -> list[PhoneRecord]:
        return [
            PhoneRecord(
                id=stable_id("phone", f"{owner}:{i}"),
                position=i,
                number=p["number"],
                phone_type=p.get("type", "voice"),
                description_es=_text(p.get("description"), "es"),
                description_en=_text(p.get("description"), "en"),
            )
            for i, p in enumerate(raw)
        ]

    def schedules(self, owner: str, raw: list[dict[str, Any]]) -> list[ScheduleRecord]:
        return [
            ScheduleRecord(
                id=stable_id("schedule", f"{owner}:{i}"),
                position=i,
                byday=s["days"],
                opens_at=s.get("opens"),
                closes_at=s.get("closes"),
                valid_from=date.fromisoformat(s["valid_from"]) if s.get("valid_from") else None,
                valid_to=date.fromisoformat(s["valid_to"]) if s.get("valid_to") else None,
                description_es=_text(s.get("description"), "es"),
                description_en=_text(s.get("description"), "en"),
            )
            for i, s in enumerate(raw)
        ]

    def contacts(self, owner: str, raw: list[dict[str, Any]]) -> list[ContactRecord]:
        contacts = []
        for i, c in enumerate(raw):
            contact = ContactRecord(
                id=stable_id("contact", f"{owner}:{i}"),
                position=i,
                name=c["name"],
                title=c.get("title"),
                department=c.get("department"),
                email=c.get("email"),
            )
            contact.phones = self.phones(f"{owner}:contact:{i}", c.get("phones", []))
            contacts.append(contact)
        return contacts

    # -- agencies ----------------------------------------------------------------------
    def agency(self, file: str, index: int, raw: dict[str, Any]) -> None:
        slug = raw["slug"]
        row = f"agencies[{index}] ({slug})"
        if slug in self.agency_ids:
            self.problem(file, row, "slug", f"duplicate agency slug {slug!r}")
            return
        agency_id = stable_id("agency", slug)
        self.agency_ids[slug] = agency_id
        region = raw.get("region")
        commune_region = self.region_of(file, row, raw.get("commune"))
        agency = AgencyRecord(
            id=agency_id,
            slug=slug,
            name_es=raw["name"]["es"],
            name_en=raw["name"].get("en"),
            alternate_name=raw.get("alternate_name"),
            description_es=raw["description"]["es"],
            description_en=raw["description"].get("en"),
            sector=raw["sector"],
            level=raw["level"],
            region_code=region or commune_region,
            commune_code=raw.get("commune") if commune_region else None,
            tax_id=raw.get("tax_id"),
            website=raw.get("website"),
            email=raw.get("email"),
            assured_date=date.fromisoformat(raw["assured_date"])
            if raw.get("assured_date")
            else None,
            origin=Origin.DEMO,
        )
        agency.phones = self.phones(f"agency:{slug}", raw.get("phones", []))
        agency.contacts = self.contacts(f"agency:{slug}", raw.get("contacts", []))
        for loc_index, loc in enumerate(raw.get("locations", [])):
            agency.locations.append(
                self.location(file, f"{row}.locations[{loc_index}]", slug, agency_id, loc)
            )
        if raw.get("parent"):
            self.parent_of[slug] = (file, raw["parent"])
        self.result.agencies.append(agency)

    def location(
        self, file: str, row: str, agency_slug: str, agency_id: str, raw: dict[str, Any]
    ) -> LocationRecord:
        key = f"{agency_slug}/{raw['slug']}"
        if key in self.location_ids:
            self.problem(file, row, "slug", f"duplicate location {key!r}")
        location_id = stable_id("location", key)
        self.location_ids[key] = location_id
        commune = raw.get("commune")
        region = self.region_of(file, row, commune)
        location = LocationRecord(
            id=location_id,
            slug=key,
            agency_id=agency_id,
            location_type=raw["type"],
            name_es=_text(raw.get("name"), "es"),
            name_en=_text(raw.get("name"), "en"),
            description_es=_text(raw.get("description"), "es"),
            description_en=_text(raw.get("description"), "en"),
            address_id=stable_id("address", key) if raw.get("address") else None,
            address_1=raw.get("address"),
            address_2=raw.get("address_2"),
            commune_code=commune if region else None,
            region_code=region,
            postal_code=raw.get("postal_code"),
            latitude=raw.get("lat"),
            longitude=raw.get("lon"),
            url=raw.get("url"),
            transportation_es=_text(raw.get("transportation"), "es"),
            transportation_en=_text(raw.get("transportation"), "en"),
            accessibility_id=stable_id("accessibility", key) if raw.get("accessibility") else None,
            accessibility_es=_text(raw.get("accessibility"), "es"),
            accessibility_en=_text(raw.get("accessibility"), "en"),
        )
        location.phones = self.phones(f"location:{key}", raw.get("phones", []))
        location.schedules = self.schedules(f"location:{key}", raw.get("schedules", []))
        return location

    def resolve_parents(self) -> None:
        for agency in self.result.agencies:
            if agency.slug not in self.parent_of:
                continue
            file, parent = self.parent_of[agency.slug]
            if parent not in self.agency_ids:
                self.problem(file, f"agency {agency.slug}", "parent", f"unknown agency {parent!r}")
            else:
                agency.parent_id = self.agency_ids[parent]

    # -- offers ------------------------------------------------------------------------
    def offer(self, file: str, index: int, raw: dict[str, Any]) -> None:
        slug = raw["slug"]
        row = f"offers[{index}] ({slug})"
        if slug in self.offer_ids:
            self.problem(file, row, "slug", f"duplicate offer slug {slug!r}")
            return
        if raw["agency"] not in self.agency_ids:
            self.problem(file, row, "agency", f"unknown agency {raw['agency']!r}")
            return
        offer_id = stable_id("offer", slug)
        self.offer_ids[slug] = offer_id
        cost = raw.get("cost", {"free": True})
        offer = OfferRecord(
            id=offer_id,
            slug=slug,
            agency_id=self.agency_ids[raw["agency"]],
            name_es=raw["name"]["es"],
            name_en=raw["name"].get("en"),
            alternate_name=raw.get("alternate_name"),
            description_es=raw["description"]["es"],
            description_en=raw["description"].get("en"),
            eligibility_es=_text(raw.get("eligibility"), "es"),
            eligibility_en=_text(raw.get("eligibility"), "en"),
            application_es=raw["how_to_apply"]["es"],
            application_en=raw["how_to_apply"].get("en"),
            fees_es=_text(cost.get("description"), "es"),
            fees_en=_text(cost.get("description"), "en"),
            wait_time_es=_text(raw.get("wait_time"), "es"),
            wait_time_en=_text(raw.get("wait_time"), "en"),
            alert_es=_text(raw.get("alert"), "es"),
            alert_en=_text(raw.get("alert"), "en"),
            kind=raw["kind"],
            status=raw["status"],
            scope=raw["scope"],
            is_free=bool(cost["free"]),
            cost_amount=cost.get("amount"),
            cost_currency=cost.get("currency", "CLP" if cost.get("amount") is not None else None),
            minimum_age=raw.get("min_age"),
            maximum_age=raw.get("max_age"),
            capacity=raw.get("capacity"),
            languages=list(raw.get("languages", ["es"])),
            populations=list(raw.get("populations", [])),
            url=raw.get("url"),
            email=raw.get("email"),
            assured_date=date.fromisoformat(raw["assured_date"]),
            origin=Origin.DEMO,
        )
        offer.domains = [DomainRecord(domain=d, role=r) for d, r in sorted(raw["domains"].items())]
        for code in sorted(set(raw.get("categories", []))):
            if code not in self.categories:
                self.problem(file, row, "categories", f"unknown category {code!r}")
            elif code.split(".")[0] not in raw["domains"]:
                self.problem(
                    file, row, "categories", f"category {code!r} is outside the offer's domains"
                )
            else:
                offer.categories.append(CategoryRecord(term_code=code))
        offer.areas = self.areas(file, row, slug, raw)
        for i, r in enumerate(raw.get("rules", [])):
            for message in validate_rule(r["attribute"], r["op"], r["value"]) + validate_group(
                r.get("group")
            ):
                self.problem(file, row, f"rules[{i}]", message)
        offer.rules = [
            RuleRecord(
                id=stable_id("rule", f"{slug}:{i}"),
                position=i,
                attribute=r["attribute"],
                operator=r["op"],
                value=r["value"],
                group=r.get("group"),
                note_es=_text(r.get("note"), "es"),
                note_en=_text(r.get("note"), "en"),
            )
            for i, r in enumerate(raw.get("rules", []))
        ]
        offer.documents = [
            DocumentRecord(
                id=stable_id("document", f"{slug}:{i}"),
                position=i,
                document_es=d["es"],
                document_en=d.get("en"),
            )
            for i, d in enumerate(raw.get("documents", []))
        ]
        for i, ref in enumerate(raw.get("locations", [])):
            key = ref if "/" in ref else f"{raw['agency']}/{ref}"
            if key not in self.location_ids:
                self.problem(file, row, "locations", f"unknown location {ref!r}")
                continue
            offer.offer_locations.append(
                OfferLocationRecord(
                    id=stable_id("offer_location", f"{slug}:{key}"),
                    location_id=self.location_ids[key],
                    position=i,
                )
            )
        offer.schedules = self.schedules(f"offer:{slug}", raw.get("schedules", []))
        offer.phones = self.phones(f"offer:{slug}", raw.get("phones", []))
        offer.contacts = self.contacts(f"offer:{slug}", raw.get("contacts", []))
        self.result.offers.append(offer)

    def areas(self, file: str, row: str, slug: str, raw: dict[str, Any]) -> list[AreaRecord]:
        scope = raw["scope"]
        areas: list[AreaRecord] = []
        if scope == "regional" and not raw.get("regions"):
            self.problem(file, row, "regions", "a regional offer must list its regions")
        if scope == "communal" and not raw.get("communes"):
            self.problem(file, row, "communes", "a communal offer must list its communes")
        known_regions = set(self.communes.values())
        for region in raw.get("regions", []) if scope != "national" else []:
            if region not in known_regions:
                self.problem(file, row, "regions", f"unknown region code {region!r}")
                continue
            areas.append(
                AreaRecord(
                    id=stable_id("area", f"{slug}:r{region}"),
                    region_code=region,
                    position=len(areas),
                )
            )
        for commune in raw.get("communes", []) if scope == "communal" else []:
            region = self.region_of(file, row, commune)
            if region is not None:
                areas.append(
                    AreaRecord(
                        id=stable_id("area", f"{slug}:c{commune}"),
                        region_code=region,
                        commune_code=commune,
                        position=len(areas),
                    )
                )
        return areas

    # -- agreements --------------------------------------------------------------------
    def agreement(self, file: str, index: int, raw: dict[str, Any]) -> None:
        slug = raw["slug"]
        row = f"agreements[{index}] ({slug})"
        agreement_id = stable_id("agreement", slug)
        agreement = AgreementRecord(
            id=agreement_id,
            slug=slug,
            title_es=raw["title"]["es"],
            title_en=raw["title"].get("en"),
            description_es=_text(raw.get("description"), "es"),
            description_en=_text(raw.get("description"), "en"),
            kind=raw["kind"],
            status=raw["status"],
            quota=raw.get("quota"),
            quota_period=raw.get("quota_period"),
            quota_used=raw.get("quota_used", 0),
            region_code=raw.get("region"),
            signed_on=date.fromisoformat(raw["signed_on"]) if raw.get("signed_on") else None,
            valid_from=date.fromisoformat(raw["valid_from"]),
            valid_to=date.fromisoformat(raw["valid_to"]) if raw.get("valid_to") else None,
            document_url=raw.get("document_url"),
            origin=Origin.DEMO,
        )
        if raw.get("region") and raw["region"] not in set(self.communes.values()):
            self.problem(file, row, "region", f"unknown region code {raw['region']!r}")
            agreement.region_code = None
        seen: set[str] = set()
        for party in raw["parties"]:
            if party["agency"] not in self.agency_ids:
                self.problem(file, row, "parties", f"unknown agency {party['agency']!r}")
            elif party["agency"] in seen:
                self.problem(file, row, "parties", f"agency {party['agency']!r} is listed twice")
            else:
                seen.add(party["agency"])
                contact = party.get("contact", {})
                agreement.parties.append(
                    PartyRecord(
                        agency_id=self.agency_ids[party["agency"]],
                        role=party["role"],
                        contact_name=contact.get("name"),
                        contact_title=contact.get("title"),
                        contact_phone=contact.get("phone"),
                        contact_email=contact.get("email"),
                    )
                )
        agreement.domains = [
            AgreementDomainRecord(domain=d) for d in sorted(set(raw.get("domains", [])))
        ]
        for offer_slug in sorted(set(raw.get("offers", []))):
            if offer_slug not in self.offer_ids:
                self.problem(file, row, "offers", f"unknown offer {offer_slug!r}")
            else:
                agreement.offers.append(AgreementOfferRecord(offer_id=self.offer_ids[offer_slug]))
        if not agreement.domains and not agreement.offers:
            self.problem(file, row, "domains", "an agreement must cover domains or offers")
        if agreement.quota is not None and agreement.quota_used > agreement.quota:
            self.problem(file, row, "quota_used", "more quota used than the quota")
        if raw.get("renews"):
            self.renews[agreement_id] = (file, row, raw["renews"])
        self.agreement_ids[slug] = agreement_id
        self.result.agreements.append(agreement)

    def resolve_renewals(self) -> None:
        """Link each renewal to the period it continues (which may come later in the files)."""
        renewed: set[str] = set()
        for agreement in self.result.agreements:
            if agreement.id not in self.renews:
                continue
            file, row, previous = self.renews[agreement.id]
            if previous not in self.agreement_ids or previous == agreement.slug:
                self.problem(file, row, "renews", f"unknown agreement {previous!r}")
            elif previous in renewed:
                self.problem(file, row, "renews", f"agreement {previous!r} is renewed twice")
            else:
                renewed.add(previous)
                agreement.renews_id = self.agreement_ids[previous]
