"""The options sheet a case manager prints for a participant: for each chosen offer how
to apply, where, when, what to bring and whom to contact.

It is built from the offers alone: the sheet never receives the needs profile, so it
cannot show need levels, treatment or any attribute of the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from enlace.catalogue.cards import Card
from enlace.catalogue.hours import DayHours, rule, weekly_summary
from enlace.catalogue.places import Commune, Location, Schedule

#: The most offers one sheet lists (a sheet is a handful of options, not a catalogue).
MAX_SHEET = 20


@dataclass(frozen=True)
class WeeklyHours:
    """A place's weekly hours for paper (no "open now": it would be stale when read)."""

    summary: list[DayHours]
    open_now: None = None
    next_opening: None = None


@dataclass(frozen=True)
class SheetPlace:
    location: Location
    commune: Commune | None
    hours: WeeklyHours | None


@dataclass(frozen=True)
class SheetOffer:
    offer: Card
    places: list[SheetPlace]
    hours: WeeklyHours | None


def weekly_hours(schedules: list[Schedule], on: date) -> WeeklyHours | None:
    rules = [rule(s.byday, s.opens_at, s.closes_at, s.valid_from, s.valid_to) for s in schedules]
    summary = weekly_summary(rules, on) if rules else []
    return WeeklyHours(summary) if summary else None


def sheet_offers(offers: list[Card], communes: Mapping[str, Commune], on: date) -> list[SheetOffer]:
    """The sheet's entries, in the order chosen; online places keep their link only."""
    entries = []
    for offer in offers:
        places = [
            SheetPlace(
                link.location,
                communes.get(link.location.commune_code or ""),
                weekly_hours(link.location.schedules, on),
            )
            for link in offer.offer_locations
        ]
        entries.append(SheetOffer(offer, places, weekly_hours(offer.schedules, on)))
    return entries
