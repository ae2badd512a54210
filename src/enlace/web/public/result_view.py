"""What a results page says about each hit, derived from the offer's real places.

"Nearest first" lists offers in tiers (the commune, its region, national, the rest);
a hit's note must say what is true of *that offer* ("attends in Talca"), never what
its tier suggests ("in your commune" for a national offer).
"""

from __future__ import annotations

from collections.abc import Callable

from enlace.catalogue.models import Offer
from enlace.catalogue.vocab import Scope
from enlace.i18n import _


def proximity_note(
    offer: Offer,
    tier: str | None,
    near: tuple[str | None, str | None],
    name: Callable[[str, str], str],
) -> str | None:
    """Where the offer is, near the place the list was sorted from; ``name(kind, code)``
    names a commune or region. None when the list is not sorted by proximity or the
    offer has nothing of its own there (a national offer is labelled by its scope)."""
    if tier not in ("commune", "region"):
        return None
    commune, region = near
    places = [link.location for link in offer.offer_locations]
    if tier == "commune" and commune:
        if any(p.commune_code == commune for p in places):
            return _("Attends in %(place)s", place=name("commune", commune))
        if offer.scope != Scope.NATIONAL and any(a.commune_code == commune for a in offer.areas):
            return _("Available in %(place)s", place=name("commune", commune))
    if region:
        for place in places:
            if place.region_code == region:
                where = name("commune", place.commune_code) if place.commune_code else None
                return _("Attends in %(place)s", place=where or name("region", region))
        if offer.scope != Scope.NATIONAL:
            for area in offer.areas:
                if area.region_code == region:
                    code, kind = (
                        (area.commune_code, "commune") if area.commune_code else (region, "region")
                    )
                    return _("Available in %(place)s", place=name(kind, code))
    return None
