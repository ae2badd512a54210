"""Coverage of needs by region x need domain, and where it has gaps (pure).

A cell counts the offers available in the region (national offers count everywhere),
those that at least one treatment centre of the region reaches with priority, and the
agreements behind them. A centre's reach depends only on who acts for it (itself and its
networks) and the region, so it is worked out once per (acting agency, region) and
shared by every centre of that region: a national network's agreements are walked once
per region, not once per member.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from enlace.network.graph import NetworkGraph, acting_agencies, routes_by_provider

TREATMENT_CENTRE = "treatment_centre"


@dataclass(frozen=True)
class CoverageCell:
    """One region x need domain; ``unmet_high_needs`` is left for casework to fill."""

    region: str
    domain: str
    offers: tuple[str, ...] = ()
    priority_offers: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    centres: int = 0
    unmet_high_needs: int | None = None

    @property
    def no_offer(self) -> bool:
        return not self.offers

    @property
    def no_priority(self) -> bool:
        """A gap: no centre of the region reaches any offer of the domain with priority."""
        return not self.priority_offers


@dataclass(frozen=True)
class Coverage:
    """The matrix, rows = regions, columns = need domains, in the order given."""

    on: date
    regions: tuple[str, ...]
    domains: tuple[str, ...]
    cells: Mapping[tuple[str, str], CoverageCell] = field(default_factory=dict)

    def cell(self, region: str, domain: str) -> CoverageCell:
        return self.cells[(region, domain)]

    def rows(self) -> list[list[CoverageCell]]:
        return [[self.cells[(r, d)] for d in self.domains] for r in self.regions]

    def gaps(self) -> list[CoverageCell]:
        """Cells without a priority path (those with no offer at all included)."""
        return [c for row in self.rows() for c in row if c.no_priority]

    def empty(self) -> list[CoverageCell]:
        """Cells with no offer at all."""
        return [c for row in self.rows() for c in row if c.no_offer]


def _reachable(
    network: NetworkGraph, acting: Iterable[str], region: str, on: date
) -> dict[str, set[str]]:
    """Offer id -> agreements giving priority to any of ``acting`` in ``region``."""
    found: dict[str, set[str]] = {}
    for agency_id in acting:
        reach = routes_by_provider(network, agency_id, on, region, through_networks=False)
        for provider, pairs in reach.items():
            for offer in network.offers_by_agency.get(provider, ()):
                if not offer.available_in(region):
                    continue
                for agreement, _chain in pairs:
                    if agreement.covers(offer):
                        found.setdefault(offer.id, set()).add(agreement.id)
    return found


def compute_coverage(
    network: NetworkGraph,
    regions: Iterable[str],
    domains: Iterable[str],
    on: date | None = None,
) -> Coverage:
    """The coverage matrix for ``regions`` x ``domains`` on ``on`` (the graph's date)."""
    when = on or network.on
    region_list, domain_list = tuple(regions), tuple(domains)
    national = [o for o in network.offers.values() if o.scope == "national"]
    regional: dict[str, list[str]] = {}
    for o in network.offers.values():
        if o.scope != "national":
            for r in o.regions:
                regional.setdefault(r, []).append(o.id)
    centres_by_region: dict[str, list[str]] = {}
    for a in network.agencies.values():
        if a.sector == TREATMENT_CENTRE and a.region_code:
            centres_by_region.setdefault(a.region_code, []).append(a.id)

    cells: dict[tuple[str, str], CoverageCell] = {}
    for region in region_list:
        centres = centres_by_region.get(region, [])
        acting: set[str] = set()
        for centre in centres:
            acting.update(acting_agencies(network, centre, when))  # each network once
        reach = _reachable(network, sorted(acting), region, when)
        available: dict[str, list[str]] = {d: [] for d in domain_list}
        for offer in [*national, *(network.offers[i] for i in regional.get(region, []))]:
            for d in offer.domains:
                if d in available:
                    available[d].append(offer.id)
        for d in domain_list:
            offers = sorted(set(available[d]))
            priority = [o for o in offers if o in reach]
            behind = sorted({a for o in priority for a in reach[o]})
            cells[(region, d)] = CoverageCell(
                region, d, tuple(offers), tuple(priority), tuple(behind), len(centres)
            )
    return Coverage(when, region_list, domain_list, cells)
