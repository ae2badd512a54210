"""Turn HSDS services into unsaved offers with everything an offer owns.

Need domains come from the profile's ``enlace_domains`` when present; otherwise from the
service's ``attributes``, by mapping their taxonomy terms (Enlace codes, Open Eligibility
ids or names). Terms that map to nothing are counted, to be reported once each.
"""

from __future__ import annotations

from typing import Any

from enlace.catalogue.reference import stable_id
from enlace.catalogue.vocab import DomainRole, NeedDomain, OfferKind, Population, Scope
from enlace.exchange.hsds.agencies import AgencyBuilder
from enlace.exchange.hsds.build import choice, given_position
from enlace.exchange.hsds.mapping import TermMatch, language_code
from enlace.exchange.hsds.records import Record
from enlace.exchange.hsds.values import parse_datetime
from enlace.exchange.records import (
    AreaRecord,
    CategoryRecord,
    DocumentRecord,
    DomainRecord,
    OfferLocationRecord,
    OfferRecord,
    RuleRecord,
)
from enlace.matching.rules import OPERATORS, validate, validate_group

RULE_OPERATORS = OPERATORS
_SERVICE_ENTITIES = {None, "service", "services"}


def listed(values: Any, allowed: tuple[str, ...] | type[Any]) -> set[str]:
    """The values of a list that are not allowed (nothing when it is not a list)."""
    options = allowed if isinstance(allowed, tuple) else {m.value for m in allowed}
    return {v for v in values if v not in options} if isinstance(values, list) else set()


def _free(amount: Any) -> bool | None:
    """Free only when a cost option says 0; unknown (None) when no amount is given."""
    if amount is None:
        return None
    return not float(amount) > 0


class OfferBuilder(AgencyBuilder):
    """Builds offers with everything they own; terms that map to nothing are counted."""

    unmapped: dict[tuple[str, str], int]

    # -- offers ------------------------------------------------------------------------
    def offer(self, record: Record) -> None:
        """An offer with everything it owns; the agency must be known."""
        name = record.get("name") or ""
        if not name.strip():
            self.problem(record, "name", "must not be empty")
        agency_id = record.get("organization_id")
        if agency_id is None:
            self.problem(
                record, "organization_id", "missing; every offer needs the agency that provides it"
            )
            return
        if not self.known("organizations", agency_id):
            self.problem(
                record, "organization_id", f"unknown reference: no organization {agency_id}"
            )
            return
        costs = self.children("cost_options", "service_id", record.id)
        if len(costs) > 1:
            self.warn(f"service {record.id}: only the first of {len(costs)} cost options kept")
        amount = costs[0].get("amount") if costs else None
        last_modified = record.get("last_modified")
        offer = OfferRecord(
            id=record.id,
            name_es="",  # set with its translation by texts() below
            slug=record.get("enlace_slug") or "",
            agency_id=agency_id,
            alternate_name=record.get("alternate_name"),
            kind=self.checked(record, "enlace_kind", OfferKind, OfferKind.SERVICE.value),
            status=record.get("status"),
            is_free=record.get("enlace_is_free")
            if "enlace_is_free" in record.data
            else _free(amount),
            cost_amount=float(amount) if amount is not None else None,
            cost_currency=costs[0].get("currency") if costs else None,
            minimum_age=self.integer(record, "minimum_age"),
            maximum_age=self.integer(record, "maximum_age"),
            capacity=record.get("enlace_capacity"),
            languages=self._languages(record),
            populations=list(record.get("enlace_populations") or []),
            url=record.get("url"),
            email=record.get("email"),
            assured_date=self.date_of(record, "assured_date"),
            assurer_email=record.get("assurer_email"),
            last_modified=parse_datetime(last_modified) if last_modified else None,
            origin=self.origin(record),
        )
        if record.get("enlace_slug"):
            self.graph.named.add(("offer", offer.id))
        bad = listed(offer.populations, Population)
        if bad:
            self.problem(
                record, "enlace_populations", f"unknown population(s): {', '.join(sorted(bad))}"
            )
        self.texts(
            offer,
            record,
            {
                "name": "name",
                "description": "description",
                "eligibility": "eligibility_description",
                "application": "application_process",
                "fees": "fees_description",
                "wait_time": "wait_time",
                "alert": "alert",
            },
            required=("name", "description"),
        )
        if offer.fees_es is None and offer.fees_en is None and record.get("fees"):
            setattr(offer, f"fees_{self.lang}", record.get("fees"))  # the deprecated HSDS field
        self._classify(offer, record)
        offer.areas = self._areas(record)
        offer.scope = self._scope(record, offer.areas)
        offer.rules = self._rules(offer, record)
        offer.documents = self._documents(record)
        offer.offer_locations = self._offer_locations(record)
        offer.schedules = self.schedules("offer", record.id)
        offer.phones = self.phones("offer", record.id)
        offer.contacts = self.contacts("offer", record.id)
        self.graph.offers.append(offer)

    def checked(self, record: Record, name: str, allowed: type[Any], default: str) -> str:
        """A profile value that must be one of an Enlace vocabulary."""
        value = record.get(name) or default
        if not choice(value, allowed):
            self.problem(
                record, name, f"{value!r} is not one of {', '.join(m.value for m in allowed)}"
            )
        return str(value)

    def _languages(self, record: Record) -> list[str]:
        """Language codes, in order, from the service's ``languages`` rows."""
        codes: list[str] = []
        for language in self.children("languages", "service_id", record.id):
            code = language_code(language.get("code"), language.get("name"))
            if code is None:
                self.warn(
                    f"language {language.id}: {language.get('name')!r} is not a known "
                    "language; skipped"
                )
            elif code not in codes:
                codes.append(code)
        return codes

    def _classify(self, offer: OfferRecord, record: Record) -> None:
        """Need domains and categories: the profile's, else mapped from attributes."""
        if "enlace_domains" in record.data:
            offer.domains = self._given_domains(record)
        if "enlace_categories" in record.data:
            codes = record.get("enlace_categories") or []
            unknown = sorted(
                c for c in codes if not isinstance(c, str) or c not in self.existing.categories
            )
            if unknown:
                self.problem(
                    record, "enlace_categories", f"unknown category {', '.join(map(str, unknown))}"
                )
            offer.categories = [
                CategoryRecord(term_code=c) for c in sorted(set(codes) - set(unknown))
            ]
        if "enlace_domains" in record.data and "enlace_categories" in record.data:
            return
        domains: dict[str, str] = {}
        categories: list[str] = []
        for attribute in self.children("attributes", "link_id", record.id):
            if attribute.get("link_entity") not in _SERVICE_ENTITIES:
                continue
            match, role = self._attribute(attribute), attribute.get("value")
            for domain in match.domains if match else []:
                given = (
                    role
                    if attribute.get("link_type") == "need_domain"
                    and role in ("primary", "secondary")
                    else None
                )
                domains.setdefault(domain, given or ("primary" if not domains else "secondary"))
            categories += [c for c in (match.categories if match else []) if c not in categories]
        if "enlace_domains" not in record.data:
            offer.domains = [DomainRecord(domain=d, role=r) for d, r in sorted(domains.items())]
            if not domains:
                self.warn(
                    f"service {record.id} ({record.get('name')}): no need domain could be found"
                )
        if "enlace_categories" not in record.data:
            offer.categories = [CategoryRecord(term_code=c) for c in sorted(set(categories))]

    def _given_domains(self, record: Record) -> list[DomainRecord]:
        """The profile's ``enlace_domains``, checked."""
        result: dict[str, DomainRecord] = {}
        for item in record.get("enlace_domains") or []:
            domain = str(item.get("domain")) if isinstance(item, dict) else ""
            role = str(item.get("role", "primary")) if isinstance(item, dict) else ""
            if not choice(domain, NeedDomain) or not choice(role, DomainRole):
                self.problem(record, "enlace_domains", f"{item!r} is not a need domain with a role")
            elif domain in result:
                self.problem(record, "enlace_domains", f"need domain {domain!r} is listed twice")
            else:
                result[str(domain)] = DomainRecord(domain=domain, role=role)
        return [result[d] for d in sorted(result)]

    def _attribute(self, attribute: Record) -> TermMatch | None:
        """What an attribute's taxonomy term means in Enlace (None if nothing)."""
        term_id = attribute.get("taxonomy_term_id")
        term = self.raw.get("taxonomy_terms", term_id)
        if term is not None:
            code, name = term.get("code"), term.get("name")
        elif term_id in self.vocab.taxonomy.by_id:
            code, name = self.vocab.taxonomy.by_id[term_id].code, None
        else:
            self.problem(
                attribute, "taxonomy_term_id", f"unknown reference: no taxonomy term {term_id}"
            )
            return None
        match = self.vocab.taxonomy.map(code, name)
        if match is None:
            key = (str(code or ""), str(name or ""))
            self.unmapped[key] = self.unmapped.get(key, 0) + 1
        return match

    def _areas(self, record: Record) -> list[AreaRecord]:
        """Service areas as regions or communes; unplaceable ones are skipped."""
        areas: list[AreaRecord] = []
        for position, area in enumerate(self.children("service_areas", "service_id", record.id)):
            if area.has_profile:
                commune, region = self.commune_and_region(
                    area, "enlace_commune_code", "enlace_region_code"
                )
            else:
                place = self.vocab.places.area(area.get("name")) or self.vocab.places.area(
                    area.get("description")
                )
                commune, region = (place.commune_code, place.region_code) if place else (None, None)
            if region is None:
                self.warn(
                    f"service area {area.id} ({area.get('name')!r}): not a Chilean region "
                    "or commune; skipped"
                )
                continue
            areas.append(
                AreaRecord(
                    id=area.id,
                    region_code=region,
                    commune_code=commune,
                    position=given_position(area, position),
                )
            )
        return areas

    def _scope(self, record: Record, areas: list[AreaRecord]) -> str:
        """The profile's scope, else communal or regional from the areas, else local."""
        if "enlace_scope" in record.data:
            return self.checked(record, "enlace_scope", Scope, Scope.NATIONAL.value)
        if any(area.commune_code for area in areas):
            return Scope.COMMUNAL.value
        # no area named: only where its own locations are, never "all of Chile" by default
        return Scope.REGIONAL.value if areas else Scope.LOCAL.value

    def _rules(self, offer: OfferRecord, record: Record) -> list[RuleRecord]:
        """The profile's structured rules, else an age rule from the HSDS limits."""
        if "enlace_eligibility_rules" not in record.data:
            return _age_rules(offer)
        rules = []
        for position, item in enumerate(record.get("enlace_eligibility_rules") or []):
            ok = (
                isinstance(item, dict)
                and isinstance(item.get("attribute"), str)
                and "value" in item
            )
            if not ok or item.get("operator") not in RULE_OPERATORS:
                self.problem(
                    record,
                    "enlace_eligibility_rules",
                    f"rule {position}: {item!r} needs attribute, operator "
                    f"({', '.join(RULE_OPERATORS)}) and value",
                )
                continue
            group = item.get("group")
            problems = validate(item["attribute"], item["operator"], item["value"])
            problems += validate_group(group if isinstance(group, str) or group is None else "?")
            if problems:
                # refused, not skipped: the engine could not evaluate it
                self.problem(
                    record,
                    "enlace_eligibility_rules",
                    f"offer {offer.slug!r}, rule {position} ({item['attribute']} "
                    f"{item['operator']} {item['value']!r}): the matching engine cannot "
                    f"evaluate it: {'; '.join(problems)}",
                )
                continue
            note = item.get("note") if isinstance(item.get("note"), dict) else {}
            rules.append(
                RuleRecord(
                    id=item.get("id") or stable_id("rule", f"{offer.id}:{position}"),
                    position=position,
                    attribute=item["attribute"],
                    operator=item["operator"],
                    value=item["value"],
                    group=group,
                    note_es=note.get("es"),
                    note_en=note.get("en"),
                )
            )
        return rules

    def _documents(self, record: Record) -> list[DocumentRecord]:
        """Required documents, in order."""
        documents = []
        for position, row in enumerate(
            self.children("required_documents", "service_id", record.id)
        ):
            document = DocumentRecord(
                document_es="",
                id=row.id,
                position=given_position(row, position),
                uri=row.get("uri"),
            )
            self.texts(document, row, {"document": "document"}, required=("document",))
            documents.append(document)
        return documents

    def _offer_locations(self, record: Record) -> list[OfferLocationRecord]:
        """Where the offer is delivered; the location must be known."""
        links = []
        for position, row in enumerate(
            self.children("service_at_locations", "service_id", record.id)
        ):
            location_id = row.get("location_id")
            if location_id is None:
                self.problem(row, "location_id", "missing required field")
                continue
            if location_id not in self.locations and location_id not in self.existing.locations:
                self.problem(row, "location_id", f"unknown reference: no location {location_id}")
                continue
            link = OfferLocationRecord(
                id=row.id, location_id=location_id, position=given_position(row, position)
            )
            self.texts(link, row, {"description": "description"})
            links.append(link)
        return links


def _age_rules(offer: OfferRecord) -> list[RuleRecord]:
    """Without the profile, the HSDS age limits become one structured age rule."""
    low, high = offer.minimum_age, offer.maximum_age
    value: Any
    if low is None and high is None:
        return []
    if low is not None and high is not None:
        operator, value = "between", [low, high]
    elif low is not None:
        operator, value = "gte", low
    else:
        operator, value = "lte", high
    return [
        RuleRecord(
            id=stable_id("rule", f"{offer.id}:age"), attribute="age", operator=operator, value=value
        )
    ]
