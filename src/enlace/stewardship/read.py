"""What the catalogue pages read: records in a person's scope, an agency's places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, region_scope
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location

PAGE = 50


@dataclass(frozen=True, slots=True)
class RecordLine:
    """One agency or offer in the list: enough to find it and see what it lacks."""

    kind: str
    slug: str
    name_es: str
    name_en: str | None
    status: str
    agency_name: str | None
    assured_date: date | None
    missing_english: bool


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def catalogue_lines(
    session: Session, actor: User, query: str = "", kind: str = "offer"
) -> tuple[list[RecordLine], int]:
    """The actor's region's offers (or agencies) whose name contains ``query``, by name,
    first page, and how many there are in all."""
    scope = region_scope(actor)
    pattern = f"%{_escape(query.strip().casefold())}%"
    if kind == "agency":
        conditions = [] if scope == NATIONAL else [col(Agency.region_code) == scope]
        if query.strip():
            conditions.append(
                or_(
                    func.lower(col(Agency.name_es)).like(pattern, escape="\\"),
                    func.lower(col(Agency.name_en)).like(pattern, escape="\\"),
                )
            )
        total = session.exec(select(func.count()).select_from(Agency).where(*conditions)).one()
        agencies = session.exec(
            select(Agency).where(*conditions).order_by(col(Agency.name_es)).limit(PAGE)
        ).all()
        lines = [
            RecordLine(
                "agency",
                a.slug,
                a.name_es,
                a.name_en,
                a.status,
                None,
                a.assured_date,
                bool(a.name_es and not a.name_en),
            )
            for a in agencies
        ]
        return lines, int(total)
    joined = select(Offer, Agency.name_es).join(Agency, col(Agency.id) == col(Offer.agency_id))
    conditions = [] if scope == NATIONAL else [col(Agency.region_code) == scope]
    if query.strip():
        conditions.append(
            or_(
                func.lower(col(Offer.name_es)).like(pattern, escape="\\"),
                func.lower(col(Offer.name_en)).like(pattern, escape="\\"),
            )
        )
    count = (
        select(func.count())
        .select_from(Offer)
        .join(Agency, col(Agency.id) == col(Offer.agency_id))
        .where(*conditions)
    )
    total = session.exec(count).one()
    rows = session.exec(joined.where(*conditions).order_by(col(Offer.name_es)).limit(PAGE)).all()
    offer_lines = [
        RecordLine(
            "offer",
            o.slug,
            o.name_es,
            o.name_en,
            o.status,
            agency,
            o.assured_date,
            bool(o.description_es and not o.description_en) or not o.name_en,
        )
        for o, agency in rows
    ]
    return offer_lines, int(total)


def agency_places(session: Session, agency_id: str) -> list[tuple[str, str]]:
    """An agency's places (id, name or address), for an offer's "places" choices."""
    rows = session.exec(
        select(Location).where(Location.agency_id == agency_id).order_by(col(Location.slug))
    ).all()
    return [(loc.id, loc.name_es or loc.address_1 or loc.slug) for loc in rows]
