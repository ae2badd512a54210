"""Checking a draft against the catalogue before anything is written: the reference codes
it may use, the rules it must keep (only problems the draft adds are refused), and that no
place an offer is given at disappears from its agency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from enlace.catalogue.models import Offer
from enlace.catalogue.places import Commune, Location, OfferLocation, Region
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.i18n import _l
from enlace.stewardship.errors import RecordInvalidError
from enlace.stewardship.places import place_label
from enlace.stewardship.validation import Errors, Known, validate_agency, validate_offer

VALIDATORS: dict[str, Callable[[dict[str, Any], Known], Errors]] = {
    "offer": validate_offer,
    "agency": validate_agency,
}


def known_facts(session: Session, agency_id: str | None = None) -> Known:
    """The reference codes a draft is checked against (and the agency's places)."""
    locations: frozenset[str] = frozenset()
    if agency_id is not None:
        found = session.exec(select(Location.id).where(Location.agency_id == agency_id))
        locations = frozenset(found)
    return Known(
        regions=frozenset(session.exec(select(Region.code))),
        communes=dict(session.exec(select(Commune.code, Commune.region_code)).all()),
        categories=frozenset(session.exec(select(TaxonomyTerm.code))),
        locations=locations,
    )


def _place_at(places: Any, n: int) -> dict[str, Any] | None:
    found = places[n] if isinstance(places, list) and 0 <= n < len(places) else None
    return dict(found) if isinstance(found, dict) else None


def _changed(key: str, data: dict[str, Any], before: dict[str, Any]) -> bool:
    """Whether the field an error names (``phones-0-number``: ``phones``) was changed; for
    a place (``places-2-latitude``), whether that place (by its id) was changed."""
    name, _, rest = key.partition("-")
    if name == "places" and rest.split("-", 1)[0].isdigit():
        place = _place_at(data.get("places"), int(rest.split("-", 1)[0]))
        if place is None:
            return True
        earlier = [p for p in before.get("places") or [] if p.get("id") == place.get("id")]
        return not earlier or earlier[0] != place
    aliases = {
        "maximum_age": ("minimum_age", "maximum_age"),
        "cost_amount": ("is_free", "cost_amount"),
    }
    return any(data.get(n) != before.get(n) for n in aliases.get(name, (name,)))


def check_draft(
    session: Session,
    kind: str,
    data: dict[str, Any],
    agency_id: str | None,
    before: dict[str, Any] | None = None,
) -> None:
    """Refuse a draft that breaks a rule. Given the record as it stands (``before``), only
    problems the draft adds are refused: an imported record that already broke a rule
    (two main domains, an odd phone) can still be corrected one field at a time."""
    known = known_facts(session, agency_id)
    errors = VALIDATORS[kind](data, known)
    if before is not None and errors:
        existing = VALIDATORS[kind](before, known)
        errors = {
            key: messages
            for key, messages in errors.items()
            if [str(m) for m in messages] != [str(m) for m in existing.get(key, [])]
            or _changed(key, data, before)
        }
    if errors:
        raise RecordInvalidError(errors)


def check_places_kept(
    session: Session, agency_id: str, before: list[dict[str, Any]], after: Any
) -> None:
    """Refuse to drop a place that offers are given at (their pages would lose it)."""
    if not isinstance(after, list):
        return
    kept = {str(p.get("id")) for p in after if isinstance(p, dict)}
    dropped = {str(p["id"]): p for p in before if str(p["id"]) not in kept}
    if not dropped:
        return
    used = session.exec(
        select(OfferLocation.location_id, Offer.name_es)
        .join(Offer, col(Offer.id) == col(OfferLocation.offer_id))
        .where(col(OfferLocation.location_id).in_(list(dropped)), Offer.agency_id == agency_id)
        .order_by(col(Offer.name_es))
    ).all()
    if used:
        place = place_label(dropped[used[0][0]])
        offers = ", ".join(sorted({name for _, name in used}))
        message = _l(
            "“%(place)s” cannot be removed: offers are given there (%(offers)s). "
            "Untick it on those offers first.",
            place=place,
            offers=offers,
        )
        raise RecordInvalidError({"places": [message]})
