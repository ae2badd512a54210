"""Read the partner network's plain records from the database, a few set-based queries
(one per table, columns only, no ORM objects per row)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import literal
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from enlace.catalogue.models import Agency, Offer, OfferArea, OfferDomain
from enlace.catalogue.vocab import OfferStatus
from enlace.network.models import (
    Agreement,
    AgreementDomain,
    AgreementOffer,
    AgreementParty,
    NetworkMembership,
)
from enlace.network.plain import AgencyNode, AgreementEdge, Membership, OfferRef, Party


@dataclass(frozen=True)
class NetworkRecords:
    """Everything the graph is built from, as plain records."""

    agencies: tuple[AgencyNode, ...]
    agreements: tuple[AgreementEdge, ...]
    memberships: tuple[Membership, ...]
    offers: tuple[OfferRef, ...]


def quota_used_column() -> Any:
    """The agreements' used quota: ``Agreement.quota_used`` once the agreement editing
    services add it, 0 until then (the one place that knows)."""
    column = getattr(Agreement, "quota_used", None)
    return column if column is not None else literal(0)


def read_agencies(session: Session) -> tuple[AgencyNode, ...]:
    rows = session.execute(
        select_columns(
            col(Agency.id),
            col(Agency.name_es),
            col(Agency.sector),
            col(Agency.region_code),
            col(Agency.slug),
            col(Agency.level),
        ).order_by(col(Agency.id))
    )
    return tuple(AgencyNode(*row) for row in rows)


def read_agreements(session: Session) -> tuple[AgreementEdge, ...]:
    parties: dict[str, list[Party]] = defaultdict(list)
    for agreement_id, agency_id, role in session.exec(
        select(AgreementParty.agreement_id, AgreementParty.agency_id, AgreementParty.role)
    ):
        parties[str(agreement_id)].append(Party(agency_id, role))
    domains: dict[str, set[str]] = defaultdict(set)
    for agreement_id, domain in session.exec(
        select(AgreementDomain.agreement_id, AgreementDomain.domain)
    ):
        domains[str(agreement_id)].add(domain)
    offers: dict[str, set[str]] = defaultdict(set)
    for agreement_id, offer_id in session.exec(
        select(AgreementOffer.agreement_id, AgreementOffer.offer_id)
    ):
        offers[str(agreement_id)].add(str(offer_id))
    statement = select_columns(
        col(Agreement.id),
        col(Agreement.kind),
        col(Agreement.status),
        col(Agreement.valid_from),
        col(Agreement.valid_to),
        col(Agreement.region_code),
        col(Agreement.quota),
        quota_used_column(),
        col(Agreement.slug),
        col(Agreement.title_es),
    ).order_by(col(Agreement.id))
    return tuple(
        AgreementEdge(
            id=row[0],
            kind=row[1],
            status=row[2],
            parties=tuple(sorted(parties.get(row[0], []), key=lambda p: p.agency_id)),
            valid_from=row[3],
            valid_to=row[4],
            domains=frozenset(domains.get(row[0], ())),
            offer_ids=frozenset(offers.get(row[0], ())),
            region_code=row[5],
            quota=row[6],
            quota_used=int(row[7] or 0),
            slug=row[8],
            title=row[9],
        )
        for row in session.execute(statement)
    )


def read_memberships(session: Session) -> tuple[Membership, ...]:
    rows = session.execute(
        select_columns(
            col(NetworkMembership.network_id),
            col(NetworkMembership.member_id),
            col(NetworkMembership.role),
            col(NetworkMembership.since),
            col(NetworkMembership.until),
        ).order_by(col(NetworkMembership.network_id), col(NetworkMembership.member_id))
    )
    return tuple(Membership(*row) for row in rows)


def read_offers(session: Session) -> tuple[OfferRef, ...]:
    """Active offers with their need domains and regions."""
    domains: dict[str, set[str]] = defaultdict(set)
    for offer_id, domain in session.exec(select(OfferDomain.offer_id, OfferDomain.domain)):
        domains[str(offer_id)].add(domain)
    regions: dict[str, set[str]] = defaultdict(set)
    for offer_id, region in session.exec(select(OfferArea.offer_id, OfferArea.region_code)):
        regions[str(offer_id)].add(region)
    rows = session.exec(
        select(Offer.id, Offer.agency_id, Offer.scope)
        .where(Offer.status == OfferStatus.ACTIVE)
        .order_by(col(Offer.id))
    )
    return tuple(
        OfferRef(
            offer_id,
            agency_id,
            frozenset(domains.get(offer_id, ())),
            scope,
            frozenset(regions.get(offer_id, ())),
        )
        for offer_id, agency_id, scope in rows
    )


def offer_agencies(session: Session) -> dict[str, str]:
    """Every offer's agency, whatever its status (for the checks)."""
    return {str(o): str(a) for o, a in session.exec(select(Offer.id, Offer.agency_id))}


def read_network(session: Session) -> NetworkRecords:
    """The whole network as plain records."""
    return NetworkRecords(
        agencies=read_agencies(session),
        agreements=read_agreements(session),
        memberships=read_memberships(session),
        offers=read_offers(session),
    )
