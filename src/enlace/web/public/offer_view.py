"""What an offer or agency page shows, assembled from the records (no database access)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from enlace.catalogue.cards import Card
from enlace.catalogue.hours import DayHours, WeeklyRule, is_open, next_opening, rule, weekly_summary
from enlace.catalogue.models import Offer
from enlace.catalogue.places import Commune, Location, OfferLocation, Region, Schedule
from enlace.web.public.rule_text import describe_rules

STALE_AFTER = timedelta(days=365)


@dataclass
class HoursView:
    summary: list[DayHours]
    open_now: bool | None
    next_opening: datetime | None


@dataclass
class PlaceView:
    location: Location
    commune: Commune | None
    region: Region | None
    hours: HoursView | None
    link: OfferLocation | Card | None = None  # the offer's link to it: its note


@dataclass
class OfferView:
    offer: Offer | Card  # pages read a card (enlace.catalogue.cards), not the ORM record
    rules: list[str]
    places: list[PlaceView]
    hours: HoursView | None
    area_names: list[str]
    is_stale: bool
    verified_days_ago: int | None
    domains_primary: list[str] = field(default_factory=list)
    domains_secondary: list[str] = field(default_factory=list)


def _rules(schedules: list[Schedule]) -> list[WeeklyRule]:
    return [rule(s.byday, s.opens_at, s.closes_at, s.valid_from, s.valid_to) for s in schedules]


def hours_view(schedules: list[Schedule], now: datetime) -> HoursView | None:
    rules = _rules(schedules)
    if not rules:
        return None
    return HoursView(
        weekly_summary(rules, now.date()), is_open(rules, now), next_opening(rules, now)
    )


def is_stale(assured: date | None, today: date) -> bool:
    """Verified more than a year ago, or never: the page warns the reader."""
    return assured is None or today - assured > STALE_AFTER


def build_offer_view(
    offer: Offer | Card,
    communes: dict[str, Commune],
    regions: dict[str, Region],
    now: datetime,
) -> OfferView:
    names = {code: c.name for code, c in communes.items()} | {
        code: r.name for code, r in regions.items()
    }
    places = []
    for link in offer.offer_locations:
        location = link.location
        commune = communes.get(location.commune_code or "")
        places.append(
            PlaceView(
                location=location,
                commune=commune,
                region=regions.get(location.region_code or ""),
                hours=hours_view(location.schedules, now),
                link=link,
            )
        )
    areas = [
        names.get(a.commune_code or a.region_code, a.commune_code or a.region_code)
        for a in offer.areas
    ]
    today = now.date()
    return OfferView(
        offer=offer,
        rules=describe_rules(offer.rules, names),
        places=places,
        hours=hours_view(offer.schedules, now),
        area_names=areas,
        is_stale=is_stale(offer.assured_date, today),
        verified_days_ago=(today - offer.assured_date).days if offer.assured_date else None,
        domains_primary=offer.domain_codes("primary"),
        domains_secondary=offer.domain_codes("secondary"),
    )
