"""Build HSDS 3.0 records (with the Enlace profile) for the whole catalogue.

Each table is read flat, once, and every list is sorted by id, so an export of the same
catalogue is the same bytes on SQLite and PostgreSQL. Spanish goes into the standard
fields; English, need domains, rules, agreements and the other things HSDS has no place
for go into ``enlace_`` properties (see docs/hsds-profile.md). Ids the catalogue does not
store (languages, cost options, attributes, identifiers) are derived with
:func:`stable_id`, so they too are the same on every export.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

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
from enlace.catalogue.reference import stable_id
from enlace.exchange.hsds.export_parts import (
    Dataset,
    RecordSink,
    all_rows,
    clean,
    grouped,
    iso,
    translations,
)
from enlace.exchange.hsds.mapping import LANGUAGE_NAMES, region_label
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer, AgreementParty

RUT_SCHEME = "CL-RUT"
RUT_TYPE = "RUT (Rol Único Tributario)"


class _Exporter(RecordSink):
    # -- organizations ---------------------------------------------------------------
    """Builds the whole dataset table by table."""

    def agency(self, a: Agency) -> None:
        """An organization, and its RUT as an ``organization_identifiers`` row."""
        self.add(
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
            self.add(
                "organization_identifiers",
                {
                    "id": stable_id("organization_identifier", a.id),
                    "organization_id": a.id,
                    "identifier_scheme": RUT_SCHEME,
                    "identifier_type": RUT_TYPE,
                    "identifier": a.tax_id,
                },
            )

    # -- locations -------------------------------------------------------------------
    def location(self, loc: Location) -> None:
        """A location, its inline address and accessibility as HSDS rows of their own."""
        self.add(
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
            self.add(
                "addresses",
                {
                    "id": loc.address_id or stable_id("address", loc.id),
                    "location_id": loc.id,
                    "address_1": loc.address_1 or "",
                    "address_2": loc.address_2,
                    "city": self.communes.get(loc.commune_code or "", ""),
                    "state_province": self.regions.get(loc.region_code or "", ""),
                    "postal_code": loc.postal_code or "",
                    "country": "CL",
                    "address_type": "postal" if loc.location_type == "postal" else "physical",
                },
            )
        if loc.accessibility_id or loc.accessibility_es or loc.accessibility_en:
            self.add(
                "accessibility",
                {
                    "id": loc.accessibility_id or stable_id("accessibility", loc.id),
                    "location_id": loc.id,
                    "description": loc.accessibility_es,
                    "enlace_translations": translations(description=loc.accessibility_en),
                },
            )

    # -- services --------------------------------------------------------------------
    def offer(self, o: Offer, children: dict[str, dict[str, list[Any]]]) -> None:
        """A service with its profile properties, areas and required documents."""
        domains: list[OfferDomain] = sorted(
            children["domains"].get(o.id, []), key=lambda d: d.domain
        )
        categories = sorted(c.term_code for c in children["categories"].get(o.id, []))
        rules: list[EligibilityRule] = sorted(
            children["rules"].get(o.id, []), key=lambda r: (r.position, r.id)
        )
        self.add(
            "services",
            {
                "id": o.id,
                "organization_id": o.agency_id,
                "name": o.name_es,
                "alternate_name": o.alternate_name,
                "description": o.description_es or "",
                "url": o.url,
                "email": o.email,
                "status": o.status,
                "application_process": o.application_es,
                "fees_description": o.fees_es,
                "wait_time": o.wait_time_es,
                "eligibility_description": o.eligibility_es,
                "minimum_age": o.minimum_age,
                "maximum_age": o.maximum_age,
                "assured_date": iso(o.assured_date),
                "assurer_email": o.assurer_email,
                "alert": o.alert_es,
                "last_modified": iso(o.last_modified),
                "enlace_slug": o.slug,
                "enlace_kind": o.kind,
                "enlace_scope": o.scope,
                "enlace_populations": list(o.populations),
                "enlace_is_free": o.is_free,
                "enlace_capacity": o.capacity,
                "enlace_domains": [{"domain": d.domain, "role": d.role} for d in domains],
                "enlace_categories": categories,
                "enlace_eligibility_rules": [
                    clean(
                        {
                            "id": r.id,
                            "attribute": r.attribute,
                            "operator": r.operator,
                            "value": r.value,
                            "note": clean({"es": r.note_es, "en": r.note_en}) or None,
                        }
                    )
                    for r in rules
                ],
                "enlace_origin": o.origin,
                "enlace_translations": translations(
                    name=o.name_en,
                    description=o.description_en,
                    eligibility_description=o.eligibility_en,
                    application_process=o.application_en,
                    fees_description=o.fees_en,
                    wait_time=o.wait_time_en,
                    alert=o.alert_en,
                ),
            },
        )
        self._offer_extras(o, domains, categories)
        for area in children["areas"].get(o.id, []):
            self.area(area)
        for doc in children["documents"].get(o.id, []):
            self.add(
                "required_documents",
                {
                    "id": doc.id,
                    "service_id": o.id,
                    "document": doc.document_es,
                    "uri": doc.uri,
                    "enlace_position": doc.position,
                    "enlace_translations": translations(document=doc.document_en),
                },
            )

    def _offer_extras(self, o: Offer, domains: list[OfferDomain], categories: list[str]) -> None:
        """Languages, cost and the need domains/categories as standard attributes."""
        for position, code in enumerate(dict.fromkeys(o.languages)):
            self.add(
                "languages",
                {
                    "id": stable_id("language", f"{o.id}:{code}"),
                    "service_id": o.id,
                    "code": code,
                    "name": LANGUAGE_NAMES.get(code),
                    "enlace_position": position,
                },
            )
        if o.cost_amount is not None or o.cost_currency:
            self.add(
                "cost_options",
                {
                    "id": stable_id("cost_option", o.id),
                    "service_id": o.id,
                    "amount": o.cost_amount,
                    "currency": o.cost_currency,
                },
            )
        links: list[tuple[str, str, str | None]] = [
            (d.domain, "need_domain", d.role) for d in domains
        ]
        links += [(code, "category", None) for code in categories]
        for code, link_type, value in links:
            term = self.terms.get(code)
            if term is None:
                continue
            self.add(
                "attributes",
                {
                    "id": stable_id("attribute", f"{o.id}:{code}"),
                    "link_id": o.id,
                    "link_entity": "service",
                    "link_type": link_type,
                    "taxonomy_term_id": term.id,
                    "value": value,
                },
            )

    def area(self, area: OfferArea) -> None:
        """A service area named for people, with the codes in the profile."""
        if area.commune_code:
            name = self.communes.get(area.commune_code, area.commune_code)
        else:
            name = region_label(
                area.region_code, self.regions.get(area.region_code, area.region_code)
            )
        self.add(
            "service_areas",
            {
                "id": area.id,
                "service_id": area.offer_id,
                "name": name,
                "enlace_region_code": area.region_code,
                "enlace_commune_code": area.commune_code,
                "enlace_position": area.position,
            },
        )

    def run(self) -> Dataset:
        """Every table, sorted by id so the same catalogue gives the same bytes."""
        session = self.session
        for agency in all_rows(session, Agency):
            self.agency(agency)
        for location in all_rows(session, Location):
            self.location(location)
        offer_children = {
            "domains": grouped(all_rows(session, OfferDomain), "offer_id"),
            "categories": grouped(all_rows(session, OfferCategory), "offer_id"),
            "rules": grouped(all_rows(session, EligibilityRule), "offer_id"),
            "areas": grouped(all_rows(session, OfferArea), "offer_id"),
            "documents": grouped(all_rows(session, RequiredDocument), "offer_id"),
        }
        for offer in all_rows(session, Offer):
            self.offer(offer, offer_children)
        for link in all_rows(session, OfferLocation):
            self.offer_location(link)
        for phone in all_rows(session, Phone):
            self.phone(phone)
        for schedule in all_rows(session, Schedule):
            self.schedule(schedule)
        for contact in all_rows(session, Contact):
            self.contact(contact)
        self.taxonomy()
        agreement_children = {
            "parties": grouped(all_rows(session, AgreementParty), "agreement_id"),
            "domains": grouped(all_rows(session, AgreementDomain), "agreement_id"),
            "offers": grouped(all_rows(session, AgreementOffer), "agreement_id"),
        }
        for agreement in all_rows(session, Agreement):
            self.agreement(agreement, agreement_children)
        for records in self.out.values():
            records.sort(key=lambda record: str(record["id"]))
        return self.out


def export_dataset(session: Session) -> Dataset:
    """Every catalogue record as HSDS 3.0 + Enlace profile records, per table, sorted by id."""
    return _Exporter(session).run()
