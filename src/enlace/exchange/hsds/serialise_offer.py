"""The serialiser's offers (HSDS services) and the taxonomy their attributes point at.

:func:`offer` turns one offer and its children (see :class:`OfferChildren`, filled for
one offer or a whole page by :func:`enlace.exchange.hsds.prefetch.offer_children`) into
the service and every row HSDS keeps apart: languages, cost option, attributes, service
areas, required documents, service-at-locations, phones, schedules and contacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from enlace.catalogue.models import (
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import Contact, OfferLocation, Phone, Schedule
from enlace.catalogue.reference import stable_id
from enlace.catalogue.taxonomy import ENLACE_TAXONOMY, TaxonomyTerm
from enlace.exchange.hsds.mapping import LANGUAGE_NAMES, region_label
from enlace.exchange.hsds.serialise import (
    Dataset,
    Fragment,
    Reference,
    clean,
    contact,
    iso,
    offer_location,
    phone,
    schedule,
    translations,
)


@dataclass
class OfferChildren:
    """Everything one offer owns, as stored rows (contacts with their own phones)."""

    domains: list[OfferDomain] = field(default_factory=list)
    categories: list[OfferCategory] = field(default_factory=list)
    rules: list[EligibilityRule] = field(default_factory=list)
    areas: list[OfferArea] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)
    offer_locations: list[OfferLocation] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    contacts: list[tuple[Contact, list[Phone]]] = field(default_factory=list)


def offer(o: Offer, children: OfferChildren, ref: Reference) -> Dataset:
    """A service with its profile properties and every row it owns."""
    domains = sorted(children.domains, key=lambda d: d.domain)
    categories = sorted(c.term_code for c in children.categories)
    rules = sorted(children.rules, key=lambda r: (r.position, r.id))
    out = Fragment()
    out.add(
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
                        "group": r.group,
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
    _extras(out, o, domains, categories, ref)
    for area in children.areas:
        out.add("service_areas", _area(area, ref))
    for doc in children.documents:
        out.add(
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
    for link in children.offer_locations:
        out.add("service_at_locations", offer_location(link))
    for p in children.phones:
        out.add("phones", phone(p))
    for s in children.schedules:
        out.add("schedules", schedule(s))
    for c, own in children.contacts:
        out.extend(contact(c, own))
    return out.out


def _extras(
    out: Fragment, o: Offer, domains: list[OfferDomain], categories: list[str], ref: Reference
) -> None:
    """Languages, cost and the need domains/categories as standard attributes."""
    for position, code in enumerate(dict.fromkeys(o.languages)):
        out.add(
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
        out.add(
            "cost_options",
            {
                "id": stable_id("cost_option", o.id),
                "service_id": o.id,
                "amount": o.cost_amount,
                "currency": o.cost_currency,
            },
        )
    links: list[tuple[str, str, str | None]] = [(d.domain, "need_domain", d.role) for d in domains]
    links += [(code, "category", None) for code in categories]
    for code, link_type, value in links:
        term = ref.terms.get(code)
        if term is None:
            continue
        out.add(
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


def _area(area: OfferArea, ref: Reference) -> dict[str, Any]:
    """A service area named for people, with the codes in the profile."""
    if area.commune_code:
        name = ref.communes.get(area.commune_code, area.commune_code)
    else:
        name = region_label(area.region_code, ref.regions.get(area.region_code, area.region_code))
    return {
        "id": area.id,
        "service_id": area.offer_id,
        "name": name,
        "enlace_region_code": area.region_code,
        "enlace_commune_code": area.commune_code,
        "enlace_position": area.position,
    }


def taxonomy(header: dict[str, Any], terms: dict[str, TaxonomyTerm]) -> Dataset:
    """The Enlace taxonomy (``header`` from need-domains.json) and its terms."""
    out = Fragment()
    if not terms:
        return out.out
    taxonomy_id = stable_id("taxonomy", ENLACE_TAXONOMY)
    out.add(
        "taxonomies",
        {
            "id": taxonomy_id,
            "name": header["name"]["es"],
            "description": header["description"]["es"],
            "version": header.get("version"),
            "enlace_translations": translations(
                name=header["name"].get("en"), description=header["description"].get("en")
            ),
        },
    )
    for term in terms.values():
        out.add("taxonomy_terms", taxonomy_term(term, terms, taxonomy_id))
    return out.out


def taxonomy_term(
    term: TaxonomyTerm, terms: dict[str, TaxonomyTerm], taxonomy_id: str
) -> dict[str, Any]:
    """One need domain or category as an HSDS taxonomy_term."""
    parent = terms.get(term.parent_code or "")
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name_es,
        "description": term.description_es,
        "parent_id": parent.id if parent else None,
        "taxonomy": term.taxonomy,
        "taxonomy_id": taxonomy_id,
        "language": "es",
        "enlace_domain": term.domain,
        "enlace_level": term.level,
        "enlace_position": term.position,
        "enlace_icon": term.icon,
        "enlace_open_eligibility": list(term.open_eligibility),
        "enlace_translations": translations(name=term.name_en, description=term.description_en),
    }
