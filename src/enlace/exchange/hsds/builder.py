"""The whole import graph: agencies, locations and offers, then the profile's agreements
and network memberships.

Agreements are Enlace's own table (``enlace_agreements``): parties, covered need domains
and offers, quota and validity. Every party and offer must be in the import or already in
the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from enlace.catalogue.vocab import NeedDomain
from enlace.exchange.hsds.offers import OfferBuilder, listed
from enlace.exchange.hsds.records import Record, record
from enlace.exchange.hsds.values import parse_datetime
from enlace.exchange.records import (
    AgreementDomainRecord,
    AgreementOfferRecord,
    AgreementRecord,
    MembershipRecord,
    PartyRecord,
    RecordSet,
)
from enlace.network.vocab import AgreementKind, PartyRole, QuotaPeriod, stored_status

AGREEMENT_KINDS = tuple(kind.value for kind in AgreementKind)
PARTY_ROLES = tuple(role.value for role in PartyRole)
QUOTA_PERIODS = tuple(period.value for period in QuotaPeriod)
_CONTACT_FIELDS = ("contact_name", "contact_title", "contact_phone", "contact_email")
MEMBERSHIP_ROLES = ("member", "coordinator", "observer")
_NOT_IMPORTED = ("programs", "funding", "metadata", "meta_table_descriptions")


class Builder(OfferBuilder):
    """Builds the graph of a dataset a batch at a time; problems and warnings are
    collected, not raised."""

    def build(self) -> RecordSet:
        """Every record of the dataset as one graph (tests and small datasets)."""
        whole = RecordSet()
        for batch in self.batches():
            whole.agencies += batch.agencies
            whole.locations += batch.locations
            whole.offers += batch.offers
            whole.agreements += batch.agreements
            whole.memberships += batch.memberships
            whole.named |= batch.named
        return whole

    def batches(self) -> Iterator[RecordSet]:
        """The graph in dependency order, a batch at a time: agencies (parents first) with
        their locations, then locations of stored agencies, offers, and last agreements and
        memberships (the profile's own tables, built whole); warnings summarised at the end.
        Each batch's records are let go when the next batch starts."""
        self.unmapped = {}
        if not self.prepared:
            self.prepare()
        staging = self.raw.staging
        for rows in staging.organizations_by_depth():
            yield self._agency_batch([record(row) for row in rows])
        for placed in staging.loose_locations():
            self._start()
            self._fetch_locations([row[1] for _, row in placed])
            for agency_id, row in placed:
                self.location(record(row), agency_id)
            self._remember_communes()
            yield self.graph
        for records in self.raw.batches("services"):
            self._start()
            self.fetch_offers(records)
            for item in records:
                self.offer(item)
            yield self.graph
        self._start()
        for item in self.raw.records("enlace_agreements"):
            self.agreement(item)
        for item in self.raw.records("enlace_network_memberships"):
            self.membership(item)
        yield self.graph
        self._summary()

    def total(self) -> int:
        """How many top-level records the batches hold (a progress bar's length)."""
        counts = self.raw.counts()
        keys = ("organizations", "services", "enlace_agreements", "enlace_network_memberships")
        return sum(counts.get(key, 0) for key in keys) + self.raw.staging.loose_count()

    def _start(self) -> None:
        """A new batch: let go of the previous one."""
        self.graph = RecordSet()
        self.agencies = {}
        self.sources = {}
        self.lookups.forget()

    def _agency_batch(self, records: list[Record]) -> RecordSet:
        """Agencies with their phones and contacts, and the locations placed with them."""
        self._start()
        ids = [r.id for r in records]
        self.lookups.fetch_present(
            "organizations", (r.get("parent_organization_id") for r in records)
        )
        self.lookups.fetch_children("organization_identifiers", "organization_id", ids)
        self.fetch_owned("agency", ids, ("phones", "contacts"))
        for item in records:
            self.agency(item)
        placed = list(self.raw.staging.locations_of(ids))
        self._fetch_locations([row[1] for _, row in placed])
        for agency_id, row in placed:
            self.location(record(row), agency_id)
        self._place_agencies(records)
        self._remember_communes()
        return self.graph

    def _fetch_locations(self, ids: list[str]) -> None:
        for table in ("accessibility", "addresses"):
            self.lookups.fetch_children(table, "location_id", ids)
        self.fetch_owned("location", ids, ("phones", "schedules"))

    def _remember_communes(self) -> None:
        """Offers are built after every location: keep each one's commune in staging."""
        built = [loc for agency in self.graph.agencies for loc in agency.locations]
        self.raw.staging.set_communes(
            (loc.commune_code, loc.id) for loc in [*built, *self.graph.locations]
        )

    def _summary(self) -> None:
        """Terms that map to nothing, and tables Enlace has no place for, once each."""
        for (code, name), count in sorted(self.unmapped.items()):
            self.warn(
                f"taxonomy term {name or code!r} ({code or 'no code'}) maps to no need domain; "
                f"used by {count} service(s)"
            )
        counts = self.raw.counts()
        ignored = {key: counts[key] for key in _NOT_IMPORTED if counts.get(key)}
        if ignored:
            listing = ", ".join(f"{key} ({n})" for key, n in ignored.items())
            self.warn(f"not imported, Enlace has no place for them: {listing}")

    def _place_agencies(self, records: list[Record]) -> None:
        """Without the profile, an agency is placed where its first placed location is."""
        for item in records:
            agency = self.agencies.get(item.id)
            if agency is None or item.has_profile:
                continue
            placed = [loc for loc in agency.locations if loc.commune_code]
            if placed:
                agency.commune_code, agency.region_code = (
                    placed[0].commune_code,
                    placed[0].region_code,
                )

    def agreement(self, record: Record) -> None:
        """An agreement with its parties, domains and offers, each checked."""
        last_modified = record.get("last_modified")
        agreement = AgreementRecord(
            id=record.id,
            title_es="",  # set with its translation by texts() below
            slug=record.get("slug"),
            kind=record.get("kind"),
            status=stored_status(record.get("status")),  # older exports: expired, terminated
            quota=record.get("quota"),
            quota_period=record.get("quota_period"),
            quota_used=record.get("quota_used") or 0,
            region_code=record.get("region_code"),
            signed_on=self.date_of(record, "signed_on"),
            valid_from=date.fromisoformat(record.get("valid_from")),
            valid_to=self.date_of(record, "valid_to"),
            document_url=record.get("document_url"),
            renews_id=record.get("renews_id"),
            last_modified=parse_datetime(last_modified) if last_modified else None,
            origin=self.origin(record, "origin"),
        )
        self.graph.named.add(("agreement", agreement.id))
        record.data.setdefault("enlace_translations", record.get("translations"))
        self.texts(
            agreement, record, {"title": "title", "description": "description"}, required=("title",)
        )
        for name, allowed in (("kind", AGREEMENT_KINDS), ("quota_period", QUOTA_PERIODS)):
            if record.get(name) is not None and record.get(name) not in allowed:
                self.problem(
                    record, name, f"{record.get(name)!r} is not one of {', '.join(allowed)}"
                )
        if agreement.region_code is not None and agreement.region_code not in self.existing.regions:
            self.problem(record, "region_code", f"unknown region code {agreement.region_code!r}")
        self._quota_and_renewal(record, agreement)
        for party in record.get("parties") or []:
            agency = str(party.get("organization_id")) if isinstance(party, dict) else ""
            role = party.get("role") if isinstance(party, dict) else None
            if role not in PARTY_ROLES or not self.known("organizations", agency):
                self.problem(
                    record,
                    "parties",
                    f"{party!r}: needs a known organization_id and a role "
                    f"({', '.join(PARTY_ROLES)})",
                )
            elif any(p.agency_id == agency for p in agreement.parties):
                self.problem(record, "parties", f"organization {agency} is listed twice")
            else:
                agreement.parties.append(self._party(record, party, agency, role))
        domains = record.get("domains") or []
        if listed(domains, NeedDomain):
            self.problem(
                record,
                "domains",
                f"unknown need domain(s): {', '.join(sorted(listed(domains, NeedDomain)))}",
            )
        agreement.domains = [
            AgreementDomainRecord(domain=d)
            for d in sorted(set(domains) - listed(domains, NeedDomain))
        ]
        for offer_id in sorted(set(record.get("service_ids") or [])):
            if self.known("services", offer_id):
                agreement.offers.append(AgreementOfferRecord(offer_id=offer_id))
            else:
                self.problem(record, "service_ids", f"unknown reference: no service {offer_id}")
        self.graph.agreements.append(agreement)

    def membership(self, record: Record) -> None:
        """A network membership; both agencies must be in the import or stored."""
        last_modified = record.get("last_modified")
        membership = MembershipRecord(
            id=record.id,
            network_id=str(record.get("network_id")),
            member_id=str(record.get("member_id")),
            role=record.get("role") or "member",
            since=self.date_of(record, "since"),
            until=self.date_of(record, "until"),
            last_modified=parse_datetime(last_modified) if last_modified else None,
            origin=self.origin(record, "origin"),
        )
        for name in ("network_id", "member_id"):
            if not self.known("organizations", record.get(name)):
                self.problem(record, name, f"unknown reference: no organization {record.get(name)}")
        if membership.role not in MEMBERSHIP_ROLES:
            self.problem(
                record, "role", f"{membership.role!r} is not one of {', '.join(MEMBERSHIP_ROLES)}"
            )
        self.graph.memberships.append(membership)

    def _party(self, record: Record, party: dict[str, Any], agency: str, role: str) -> PartyRecord:
        """A party with its contact person (text fields; lengths checked with the rest)."""
        contact: dict[str, str | None] = {}
        for name in _CONTACT_FIELDS:
            value = party.get(name)
            if value is not None and not isinstance(value, str):
                self.problem(record, "parties", f"organization {agency}: {name} is not text")
                value = None
            contact[name] = value or None
        result = PartyRecord(agency_id=agency, role=role, **contact)
        self.sources[id(result)] = record
        return result

    def _quota_and_renewal(self, record: Record, agreement: AgreementRecord) -> None:
        """Quota used within the quota; a renewal continues an agreement that exists."""
        if not isinstance(agreement.quota_used, int) or agreement.quota_used < 0:
            self.problem(record, "quota_used", f"{agreement.quota_used!r} is not a count")
            agreement.quota_used = 0
        elif agreement.quota is not None and agreement.quota_used > agreement.quota:
            self.problem(record, "quota_used", "more quota used than the quota")
        previous = agreement.renews_id
        if previous is not None and (
            previous == agreement.id
            or (
                self.lookups.get("enlace_agreements", previous) is None
                and previous not in self.existing.agreements
            )
        ):
            self.problem(record, "renews_id", f"unknown reference: no agreement {previous}")
            agreement.renews_id = None
