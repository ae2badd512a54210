"""Pieces of the HSDS export shared by every owner: the record sink and its helpers,
phones, hours, contacts, service-at-location links, the taxonomy and the agreements.

Records leave out missing values (HSDS schemas reject ``null`` for typed fields) and
English goes into ``enlace_translations``; see :mod:`enlace.exchange.hsds.export`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from enlace.catalogue.places import Commune, Contact, OfferLocation, Phone, Region, Schedule
from enlace.catalogue.reference import read_taxonomy, stable_id
from enlace.catalogue.taxonomy import ENLACE_TAXONOMY, TaxonomyTerm
from enlace.exchange.hsds.spec import DATASET_KEYS
from enlace.exchange.hsds.values import format_datetime, format_time
from enlace.network.models import Agreement, AgreementParty
from enlace.paths import DIRECTORY_DATA_DIR

Dataset = dict[str, list[dict[str, Any]]]


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
    texts = {field: text for field, text in english.items() if text}
    return {"en": texts} if texts else None


def all_rows(session: Session, model: type[SQLModel]) -> list[Any]:
    """Every row of a table (the export reads each table once, flat)."""
    return list(session.exec(select(model)).all())


def grouped(rows: Iterable[Any], attr: str) -> dict[str, list[Any]]:
    """Rows by the value of ``attr`` (child rows by their owner's id)."""
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(getattr(row, attr), []).append(row)
    return groups


class RecordSink:
    """Collects records per table, with the place names and terms records refer to."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.regions = {r.code: r.name for r in all_rows(session, Region)}
        self.communes = {c.code: c.name for c in all_rows(session, Commune)}
        self.terms: dict[str, TaxonomyTerm] = {t.code: t for t in all_rows(session, TaxonomyTerm)}
        self.out: Dataset = {key: [] for key in DATASET_KEYS}

    def add(self, key: str, record: dict[str, Any]) -> None:
        """Keep a record, without its missing values."""
        self.out[key].append(clean(record))

    # -- shared children -------------------------------------------------------------
    def phone(self, p: Phone) -> None:
        """A phone; an extension that is not a plain number goes to the profile."""
        numeric = (
            p.extension is not None
            and p.extension.isdigit()
            and str(int(p.extension)) == p.extension
        )
        self.add(
            "phones",
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
            },
        )

    def schedule(self, s: Schedule) -> None:
        """Opening hours as an HSDS weekly rule, times as ``HH:MM:SS``."""
        self.add(
            "schedules",
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
            },
        )

    def contact(self, c: Contact) -> None:
        """A named contact of an agency or offer."""
        self.add(
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

    def offer_location(self, link: OfferLocation) -> None:
        """Where an offer is delivered (HSDS service_at_location)."""
        self.add(
            "service_at_locations",
            {
                "id": link.id,
                "service_id": link.offer_id,
                "location_id": link.location_id,
                "description": link.description_es,
                "enlace_position": link.position,
                "enlace_translations": translations(description=link.description_en),
            },
        )

    # -- taxonomy and agreements -----------------------------------------------------
    def taxonomy(self) -> None:
        """The Enlace taxonomy and its terms, so attributes point at something."""
        if not self.terms:
            return
        header, _ = read_taxonomy(DIRECTORY_DATA_DIR)
        taxonomy_id = stable_id("taxonomy", ENLACE_TAXONOMY)
        self.add(
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
        for term in self.terms.values():
            parent = self.terms.get(term.parent_code or "")
            self.add(
                "taxonomy_terms",
                {
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
                    "enlace_translations": translations(
                        name=term.name_en, description=term.description_en
                    ),
                },
            )

    def agreement(self, a: Agreement, children: dict[str, dict[str, list[Any]]]) -> None:
        """An agreement as one row of the profile's ``enlace_agreements`` table."""
        parties: list[AgreementParty] = sorted(
            children["parties"].get(a.id, []), key=lambda p: p.agency_id
        )
        self.add(
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
                "region_code": a.region_code,
                "signed_on": iso(a.signed_on),
                "valid_from": iso(a.valid_from),
                "valid_to": iso(a.valid_to),
                "document_url": a.document_url,
                "last_modified": iso(a.last_modified),
                "origin": a.origin,
                "translations": translations(title=a.title_en, description=a.description_en),
                "parties": [{"organization_id": p.agency_id, "role": p.role} for p in parties],
                "domains": sorted(d.domain for d in children["domains"].get(a.id, [])),
                "service_ids": sorted(o.offer_id for o in children["offers"].get(a.id, [])),
            },
        )
