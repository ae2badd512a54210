"""Retiring an agency retires its offers still in the directory with it, and the agency's
audit entry remembers which; reinstating the agency can put back exactly those (an offer
retired on its own before stays retired). Each offer gets its own history entry."""

from __future__ import annotations

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import AuditEntry, User
from enlace.catalogue.models import Agency, Offer
from enlace.stewardship.service import ACTIVE, AGENCY, OFFER, RETIRED, set_retired

#: The agency's audit details key listing the offers retired with it.
OFFERS_KEY = "offers_retired_with_it"
RETIRED_WITH = "retired_with_agency"
REINSTATED_WITH = "reinstated_with_agency"


def active_offers(session: Session, agency_id: str) -> list[Offer]:
    """The agency's offers in the directory (what retiring it would take out)."""
    return list(
        session.exec(
            select(Offer)
            .where(Offer.agency_id == agency_id, Offer.status == ACTIVE)
            .order_by(col(Offer.slug))
        )
    )


def offers_retired_with(session: Session, agency_id: str) -> list[Offer]:
    """The offers the agency's latest retirement took out and that are still retired."""
    entry = session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.target_type == AGENCY,
            AuditEntry.target_id == agency_id,
            AuditEntry.action == f"catalogue.{AGENCY}.retired",
        )
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    ).first()
    ids = (entry.details or {}).get(OFFERS_KEY) if entry is not None else None
    if not isinstance(ids, list) or not ids:
        return []
    return list(
        session.exec(
            select(Offer)
            .where(col(Offer.id).in_([str(i) for i in ids]), Offer.status == RETIRED)
            .where(Offer.agency_id == agency_id)
            .order_by(col(Offer.slug))
        )
    )


def retire_agency(
    session: Session,
    actor: User,
    agency_id: str,
    *,
    version: int,
    request_info: RequestInfo | None = None,
) -> tuple[Agency, list[Offer]]:
    """Retire the agency and its offers in the directory; the caller commits."""
    offers = active_offers(session, agency_id)
    agency = set_retired(
        session,
        actor,
        AGENCY,
        agency_id,
        retired=True,
        version=version,
        request_info=request_info,
        extra={OFFERS_KEY: [o.id for o in offers]},
    )
    for offer in offers:
        set_retired(
            session,
            actor,
            OFFER,
            offer.id,
            retired=True,
            version=offer.version,
            request_info=request_info,
            verb=RETIRED_WITH,
        )
    assert isinstance(agency, Agency)
    return agency, offers


def reinstate_agency(
    session: Session,
    actor: User,
    agency_id: str,
    *,
    version: int,
    with_offers: bool,
    request_info: RequestInfo | None = None,
) -> tuple[Agency, list[Offer]]:
    """Put the agency back; with ``with_offers`` also the offers retired with it."""
    offers = offers_retired_with(session, agency_id) if with_offers else []
    agency = set_retired(
        session,
        actor,
        AGENCY,
        agency_id,
        retired=False,
        version=version,
        request_info=request_info,
        extra={"offers_reinstated_with_it": [o.id for o in offers]} if offers else None,
    )
    for offer in offers:
        set_retired(
            session,
            actor,
            OFFER,
            offer.id,
            retired=False,
            version=offer.version,
            request_info=request_info,
            verb=REINSTATED_WITH,
        )
    assert isinstance(agency, Agency)
    return agency, offers
