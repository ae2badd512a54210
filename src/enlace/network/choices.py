"""What the agreement forms offer to choose from: agencies as parties, and their offers.

Plain records, so the pages render them without the session. The forms check nothing
against these lists themselves: the agreement services validate every choice and say
which one is wrong, next to its field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from enlace.catalogue.models import Agency, Offer
from enlace.network.listing import OfferRef
from enlace.network.models import AgreementParty


@dataclass(frozen=True, slots=True)
class AgencyChoice:
    id: str
    name_es: str
    name_en: str | None
    sector: str
    region_code: str | None


def _choices(rows: Collection[Agency]) -> list[AgencyChoice]:
    return [
        AgencyChoice(a.id, a.name_es, a.name_en, a.sector, a.region_code)
        for a in sorted(rows, key=lambda a: (a.name_es.casefold(), a.id))
    ]


def agency_choices(session: Session) -> list[AgencyChoice]:
    """Every agency, by name: who can sign an agreement."""
    return _choices(list(session.exec(select(Agency))))


def party_agencies(session: Session) -> list[AgencyChoice]:
    """The agencies that are a party to at least one agreement (the list's party filter)."""
    parties = select(AgreementParty.agency_id).distinct()
    return _choices(list(session.exec(select(Agency).where(col(Agency.id).in_(parties)))))


def offers_of(session: Session, agency_ids: Collection[str]) -> list[OfferRef]:
    """The offers of these agencies (an agreement covers offers of its granting parties),
    by agency and name."""
    if not agency_ids:
        return []
    return _refs(session.exec(select(Offer).where(col(Offer.agency_id).in_(sorted(agency_ids)))))


def offers_by_ids(session: Session, offer_ids: Collection[str]) -> list[OfferRef]:
    """These offers (unknown ids left out), by agency and name."""
    if not offer_ids:
        return []
    return _refs(session.exec(select(Offer).where(col(Offer.id).in_(sorted(offer_ids)))))


def _refs(rows: Iterable[Offer]) -> list[OfferRef]:
    offers = [OfferRef(o.id, o.slug, o.name_es, o.name_en, o.agency_id) for o in rows]
    return sorted(offers, key=lambda o: (o.agency_id, o.name_es.casefold(), o.id))
