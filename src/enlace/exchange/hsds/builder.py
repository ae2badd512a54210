"""The whole import graph: agencies, locations and offers, then the profile's agreements
and network memberships.

Agreements are Enlace's own table (``enlace_agreements``): parties, covered need domains
and offers, quota and validity. Every party and offer must be in the import or already in
the catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from enlace.catalogue.vocab import NeedDomain
from enlace.exchange.hsds.offers import OfferBuilder, listed
from enlace.exchange.hsds.records import Record
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
    """Builds the graph of a whole dataset; problems and warnings are collected, not raised."""

    def build(self) -> RecordSet:
        """Every record of the dataset, in dependency order; warnings summarised at the end."""
        self.unmapped = {}
        self.index()
        for record in self.raw.records("organizations"):
            self.agency(record)
        for record in self.raw.records("locations"):
            self.location(record)
        self._place_agencies()
        for record in self.raw.records("services"):
            self.offer(record)
        for record in self.raw.records("enlace_agreements"):
            self.agreement(record)
        for record in self.raw.records("enlace_network_memberships"):
            self.membership(record)
        for (code, name), count in sorted(self.unmapped.items()):
            self.warn(
                f"taxonomy term {name or code!r} ({code or 'no code'}) maps to no need domain; "
                f"used by {count} service(s)"
            )
        ignored = {key: len(self.raw.records(key)) for key in _NOT_IMPORTED}
        ignored = {key: n for key, n in ignored.items() if n}
        if ignored:
            listing = ", ".join(f"{key} ({n})" for key, n in ignored.items())
            self.warn(f"not imported, Enlace has no place for them: {listing}")
        return self.graph

    def _place_agencies(self) -> None:
        """Without the profile, an agency is placed where its first placed location is."""
        for record in self.raw.records("organizations"):
            agency = self.agencies.get(record.id)
            if agency is None or record.has_profile:
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
                self.raw.get("enlace_agreements", previous) is None
                and previous not in self.existing.agreements
            )
        ):
            self.problem(record, "renews_id", f"unknown reference: no agreement {previous}")
            agreement.renews_id = None
