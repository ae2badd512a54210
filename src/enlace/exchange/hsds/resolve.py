"""Settle an import's graph against the catalogue: probable duplicates, then slugs.

Duplicates are found with :mod:`.dedupe` and, depending on the chosen mode, reported,
merged onto the existing record (its id, slug and origin are kept, so links and URLs
keep working) or skipped (the existing record stays as it is and whatever in the import
pointed at the duplicate now points at it). Slugs are checked last, once every record
has its final id, so a slug taken by another record gets a numbered suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session

from enlace.catalogue.models import Agency, Offer
from enlace.exchange.builder import record_of
from enlace.exchange.hsds.context import Existing, agency_places, offer_places
from enlace.exchange.hsds.dedupe import Candidate, DuplicateIndex
from enlace.exchange.hsds.mapping import slugify
from enlace.exchange.hsds.staging import Staging
from enlace.exchange.records import AgencyRecord, RecordSet

DuplicateMode = Literal["report", "merge", "skip"]
DUPLICATE_MODES: tuple[str, ...] = ("report", "merge", "skip")
_ACTIONS = {"report": "reported", "merge": "merged", "skip": "skipped"}


@dataclass(frozen=True)
class DuplicateFinding:
    """An incoming record that probably is one the catalogue already has."""

    kind: str  # "agency" or "offer"
    incoming_id: str
    incoming_name: str
    existing_id: str
    existing_name: str
    score: float
    action: str  # "reported", "merged" or "skipped"


class Resolver:
    """Applies the duplicate mode to each batch of the graph, then gives every record a
    free slug. One resolver serves a whole pass: what it decided about earlier batches
    (agencies merged or skipped, slugs taken, kept in the staging store) holds for later ones.
    """

    def __init__(self, session: Session, existing: Existing, mode: str, staging: Staging) -> None:
        self.session = session
        self.existing = existing
        self.mode = mode
        self.staging = staging
        self.graph = RecordSet()
        self.agency_map: dict[str, str] = {}  # incoming -> stored, for duplicates only
        self.offer_map: dict[str, str] = {}
        self.findings: list[DuplicateFinding] = []
        self.warnings: list[str] = []
        self.agency_index = DuplicateIndex(existing.agency_candidates)
        self.offer_index = DuplicateIndex(existing.offer_candidates)
        staging.reset_slugs(
            [
                *(("agency", "", slug, i) for slug, i in existing.agency_slugs.items()),
                *(("location", a, slug, i) for (a, slug), i in existing.location_slugs.items()),
                *(("offer", "", slug, i) for slug, i in existing.offer_slugs.items()),
                *(("agreement", "", slug, i) for slug, i in existing.agreement_slugs.items()),
            ]
        )

    def resolve(self, graph: RecordSet) -> None:
        """Duplicates, then slugs, of one batch."""
        self.graph = graph
        self.duplicates()
        self.slugs()

    # -- duplicates --------------------------------------------------------------------
    def duplicates(self) -> list[DuplicateFinding]:
        """Find probable duplicates in the batch, apply the mode; return all found so far."""
        agencies = {a.id: a for a in self.graph.agencies}
        incoming = [
            Candidate(
                a.id,
                _names(a.name_es, a.name_en, a.alternate_name),
                agency_places(a.commune_code),
                self.existing.commune_words({a.commune_code} if a.commune_code else set()),
            )
            for a in self.graph.agencies
            if a.id not in self.existing.agencies
        ]
        for pair in self.agency_index.find(incoming):
            stored = self.session.get(Agency, pair.existing_id)
            assert stored is not None
            self._found("agency", agencies[pair.incoming_id], stored, pair.score)
            if self.mode != "report":  # reported: both stay; offers compare within their agency
                self.agency_map[pair.incoming_id] = pair.existing_id
            if self.mode == "merge":
                self._merge_agency(agencies[pair.incoming_id], stored)
            elif self.mode == "skip":
                self._skip_agency(agencies[pair.incoming_id])
        self._remap_agencies()
        self._offers()
        self._remap_agreements()
        return self.findings

    def _found(self, kind: str, incoming: Any, stored: Any, score: float) -> None:
        """Record a probable duplicate for the report."""
        self.findings.append(
            DuplicateFinding(
                kind=kind,
                incoming_id=incoming.id,
                incoming_name=incoming.name_es or incoming.name_en or "",
                existing_id=stored.id,
                existing_name=stored.name_es or stored.name_en or "",
                score=round(score, 1),
                action=_ACTIONS[self.mode],
            )
        )

    def _merge_agency(self, incoming: AgencyRecord, stored: Agency) -> None:
        """The incoming agency becomes the stored one, keeping the stored locations."""
        incoming.id, incoming.slug, incoming.origin = stored.id, stored.slug, stored.origin
        self.graph.named.add(("agency", stored.id))
        mentioned = {loc.id for loc in incoming.locations}
        for location in stored.locations:
            if location.id not in mentioned:  # offers already in the catalogue may use it
                incoming.locations.append(record_of(location))

    def _skip_agency(self, incoming: AgencyRecord) -> None:
        """Drop the incoming agency; its locations go to the stored one."""
        self.graph.agencies.remove(incoming)
        for location in list(incoming.locations):
            incoming.locations.remove(location)
            self.graph.locations.append(location)  # its offers still need the places

    def _remap_agencies(self) -> None:
        """Point parents, locations and offers at the agencies that remain."""
        mapping = self.agency_map
        for agency in self.graph.agencies:
            parent = mapping.get(agency.parent_id or "", agency.parent_id)
            agency.parent_id = parent if parent != agency.id else None
            for location in agency.locations:
                location.agency_id = agency.id
        for location in self.graph.locations:
            location.agency_id = mapping.get(location.agency_id, location.agency_id)
        for offer in self.graph.offers:
            offer.agency_id = mapping.get(offer.agency_id, offer.agency_id)

    def _offers(self) -> None:
        """Compare incoming offers with stored ones, by place, then apply the mode."""
        if not self.graph.offers:
            return
        wanted = {link.location_id for o in self.graph.offers for link in o.offer_locations}
        communes: dict[str, str | None] = {
            location_id: commune
            for location_id, (_, commune) in self.existing.locations.items()
            if location_id in wanted
        }
        communes |= self.staging.placed(wanted)  # the import's own (built before any offer)
        offers = {o.id: o for o in self.graph.offers}
        incoming = []
        for offer in self.graph.offers:
            if offer.id in self.existing.offers:
                continue
            here = {a.commune_code for a in offer.areas if a.commune_code}
            for link in offer.offer_locations:
                commune = communes.get(link.location_id)
                if commune:
                    here.add(commune)
            regions = {a.region_code for a in offer.areas if not a.commune_code}
            incoming.append(
                Candidate(
                    offer.id,
                    _names(offer.name_es, offer.name_en, offer.alternate_name),
                    offer_places(offer.agency_id, here, regions),
                    self.existing.commune_words(here),
                )
            )
        for pair in self.offer_index.find(incoming):
            stored = self.session.get(Offer, pair.existing_id)
            assert stored is not None
            offer = offers[pair.incoming_id]
            self._found("offer", offer, stored, pair.score)
            if self.mode == "merge":
                self.offer_map[offer.id] = stored.id
                offer.id, offer.slug, offer.origin = stored.id, stored.slug, stored.origin
                self.graph.named.add(("offer", stored.id))
            elif self.mode == "skip":
                self.offer_map[offer.id] = stored.id
                self.graph.offers.remove(offer)

    def _remap_agreements(self) -> None:
        """Point parties and offers at the records that remain, once each."""
        for agreement in self.graph.agreements:
            for party in agreement.parties:
                party.agency_id = self.agency_map.get(str(party.agency_id), party.agency_id)
            for link in agreement.offers:
                link.offer_id = self.offer_map.get(str(link.offer_id), link.offer_id)
            agreement.parties = list({p.agency_id: p for p in agreement.parties}.values())
            agreement.offers = list({o.offer_id: o for o in agreement.offers}.values())
        for membership in self.graph.memberships:
            membership.network_id = self.agency_map.get(
                membership.network_id, membership.network_id
            )
            membership.member_id = self.agency_map.get(membership.member_id, membership.member_id)

    # -- slugs -------------------------------------------------------------------------
    def slugs(self) -> None:
        """Generated or given slugs, numbered when another record has them."""
        for agency in self.graph.agencies:
            wanted = agency.slug or slugify(agency.name_es or agency.name_en or "", "agencia")
            agency.slug = self._free(wanted, agency.id, ("agency", agency.id))
        agency_slugs = {a.id: a.slug for a in self.graph.agencies}
        for location in [
            loc for a in self.graph.agencies for loc in a.locations
        ] + self.graph.locations:
            prefix = agency_slugs.get(location.agency_id) or self.existing.agencies.get(
                location.agency_id, "agencia"
            )
            wanted = (
                location.slug
                or f"{prefix}/{slugify(location.name_es or location.name_en or '', 'sede')}"
            )
            location.slug = self._free(
                wanted, location.id, ("location", location.id), location.agency_id
            )
        for offer in self.graph.offers:
            wanted = offer.slug or slugify(offer.name_es or offer.name_en or "", "oferta")
            offer.slug = self._free(wanted, offer.id, ("offer", offer.id))
        for agreement in self.graph.agreements:
            agreement.slug = self._free(agreement.slug, agreement.id, ("agreement", agreement.id))

    def _free(self, wanted: str, record_id: str, key: tuple[str, str], scope: str = "") -> str:
        """``wanted``, or ``wanted-2``, ``-3``... when another record already uses it."""
        slug, n = wanted, 1
        while self.staging.claim(key[0], scope, slug, record_id) not in (None, record_id):
            n += 1
            slug = f"{wanted}-{n}"
        if slug != wanted and key in self.graph.named:
            self.warnings.append(
                f"{key[0]} {record_id}: slug {wanted!r} is taken; renamed to {slug!r}"
            )
        return slug


def _names(*names: str | None) -> tuple[str, ...]:
    """The names a record is known by, without blanks."""
    return tuple(name for name in names if name)
