"""Likely duplicates of a new agency or offer: a close name (the import's fuzzy name score)
and the same commune or a shared phone number. The person decides; this only warns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Phone
from enlace.exchange.hsds.dedupe import DUPLICATE_THRESHOLD, name_score

MAX_SHOWN = 5


@dataclass(frozen=True, slots=True)
class LikelyDuplicate:
    kind: str  # "agency" or "offer"
    slug: str
    name: str
    score: float
    same_commune: bool
    same_phone: bool


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)[-8:]


def likely_duplicates(
    session: Session,
    kind: str,
    name: str,
    commune_code: str | None,
    phones: list[str],
) -> list[LikelyDuplicate]:
    """Existing records of ``kind`` whose name is close and that share a commune or phone.

    Offers are placed by their agency's commune. Only records that share one of those are
    read, so the check stays fast on a large catalogue.
    """
    wanted = {_digits(p) for p in phones if len(_digits(p)) >= 6}
    agency_ids: set[str] = set()
    if commune_code:
        agency_ids |= set(
            session.exec(select(Agency.id).where(Agency.commune_code == commune_code))
        )
    phone_rows = (
        session.exec(select(Phone.number, Phone.agency_id, Phone.offer_id)).all() if wanted else []
    )
    by_phone = [(a, o) for number, a, o in phone_rows if _digits(number) in wanted]
    phone_agencies = {a for a, _ in by_phone if a}
    phone_offers = {o for _, o in by_phone if o}
    found: list[LikelyDuplicate] = []
    if kind == "agency":
        ids = agency_ids | phone_agencies
        rows = session.exec(select(Agency).where(col(Agency.id).in_(ids))).all() if ids else []
        for agency in rows:
            score = max(name_score(name, agency.name_es), name_score(name, agency.name_en or ""))
            if score >= DUPLICATE_THRESHOLD:
                found.append(
                    LikelyDuplicate(
                        kind,
                        agency.slug,
                        agency.name_es,
                        score,
                        agency.id in agency_ids,
                        agency.id in phone_agencies,
                    )
                )
    else:
        conditions = []
        if agency_ids:
            conditions.append(col(Offer.agency_id).in_(agency_ids))
        if phone_offers:
            conditions.append(col(Offer.id).in_(phone_offers))
        rows_o = session.exec(select(Offer).where(or_(*conditions))).all() if conditions else []
        for offer in rows_o:
            score = max(name_score(name, offer.name_es), name_score(name, offer.name_en or ""))
            if score >= DUPLICATE_THRESHOLD:
                found.append(
                    LikelyDuplicate(
                        kind,
                        offer.slug,
                        offer.name_es,
                        score,
                        offer.agency_id in agency_ids,
                        offer.id in phone_offers,
                    )
                )
    found.sort(key=lambda d: -d.score)
    return found[:MAX_SHOWN]
