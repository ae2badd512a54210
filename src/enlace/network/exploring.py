"""The coordinator's network pages: selections, exports and watch lists within a region
(takes an explicit Session; answers from the graph cached per catalogue revision)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import networkx as nx
from sqlmodel import Session

from enlace.catalogue import read as catalogue_read
from enlace.catalogue.cards import Card
from enlace.network import service
from enlace.network.coverage import CoverageCell
from enlace.network.explore import (
    DEFAULT_LIMIT,
    ExploreFilter,
    Selection,
    agencies_in_region,
    agency_by_slug,
    relevant_to_region,
    select,
    selection_graph,
)
from enlace.network.listing import AgreementSummary, agreements_by_ids
from enlace.network.plain import AgencyNode
from enlace.network.queries import DEFAULT_EXPIRING_DAYS, Broker, Expiring, QuotaUse


@dataclass(frozen=True)
class Exploration:
    """A selection with what its tables show: each agreement's summary, and the agency
    whose neighbourhood is shown (if any)."""

    on: date
    selection: Selection
    agreements: dict[str, AgreementSummary]
    focus: AgencyNode | None


def find_agency(session: Session, slug: str, on: date | None = None) -> AgencyNode | None:
    """An agency of the network by its slug (the neighbourhood filter names agencies so)."""
    return agency_by_slug(service.network_graph(session, on), slug)


def explore(
    session: Session, filters: ExploreFilter, on: date, limit: int = DEFAULT_LIMIT
) -> Exploration:
    """What the network page shows for ``filters`` on ``on`` (nothing unless scoped)."""
    network = service.network_graph(session, on)
    focus = network.agencies.get(filters.agency) if filters.agency else None
    if not filters.scoped:
        return Exploration(on, Selection(filters, limit, 0, 0), {}, focus)
    selection = select(network, filters, limit)
    summaries = agreements_by_ids(session, selection.agreement_ids, on=on)
    return Exploration(on, selection, summaries, focus)


def _export_graph(session: Session, filters: ExploreFilter, on: date) -> nx.MultiDiGraph:
    network = service.network_graph(session, on)
    if not filters.scoped and not (filters.domain or filters.sector or filters.status):
        return network.graph
    return selection_graph(network, select(network, filters, None))


def export_graphml(session: Session, filters: ExploreFilter, on: date) -> str:
    """The filtered network (no cap: a file, not a drawing) as GraphML."""
    graph = _export_graph(session, filters, on)
    plain = nx.MultiDiGraph()
    plain.add_nodes_from(graph.nodes(data=True))
    plain.add_edges_from(graph.edges(keys=True, data=True))
    return "\n".join(nx.generate_graphml(plain))


def export_node_link(session: Session, filters: ExploreFilter, on: date) -> str:
    """The filtered network as networkx node-link JSON, each agreement with its title."""
    network = service.network_graph(session, on)
    data = nx.node_link_data(_export_graph(session, filters, on), edges="edges")
    for edge in data["edges"]:
        agreement = network.agreements.get(edge["key"])
        if agreement is not None:
            edge["title"] = agreement.title
            edge["region"] = agreement.region_code or ""
            edge["valid_to"] = agreement.valid_to.isoformat() if agreement.valid_to else ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class WatchList:
    """Agreements to act on soon and the shape of the network, within a region."""

    on: date
    days: int
    expiring: tuple[Expiring, ...]
    quotas: tuple[QuotaUse, ...]
    agreements: dict[str, AgreementSummary]
    isolated: tuple[AgencyNode, ...]
    brokers: tuple[tuple[AgencyNode, Broker], ...]
    components: int
    sampled: bool


def watch_list(
    session: Session, region: str | None, on: date, days: int = DEFAULT_EXPIRING_DAYS
) -> WatchList:
    """Expiring agreements, quotas nearly used, isolated agencies and brokers that
    concern ``region`` (the whole country for None); the analysis is computed once per
    catalogue revision and date."""
    summary = service.network_summary(session, on, days)
    network = service.network_graph(session, on)
    expiring = tuple(
        e for e in summary.expiring if relevant_to_region(network, e.agreement_id, region)
    )
    quotas = tuple(q for q in summary.quotas if relevant_to_region(network, q.agreement_id, region))
    ids = [e.agreement_id for e in expiring] + [q.agreement_id for q in quotas]
    analysis = summary.analysis
    isolated = tuple(agencies_in_region(network, analysis.isolated, region))
    by_id = {
        a.id: a
        for a in agencies_in_region(network, [b.agency_id for b in analysis.brokers], region)
    }
    brokers = tuple((by_id[b.agency_id], b) for b in analysis.brokers if b.agency_id in by_id)
    return WatchList(
        on,
        days,
        expiring,
        quotas,
        agreements_by_ids(session, ids, on=on),
        isolated,
        brokers,
        len(analysis.components),
        analysis.sampled,
    )


#: Offers a coverage cell's page lists at most (national offers count in every region).
CELL_OFFERS = 100


@dataclass(frozen=True)
class CellDetail:
    """What is behind one region x need domain: the offers available (the first
    :data:`CELL_OFFERS`), those reachable with priority and the agreements behind them."""

    cell: CoverageCell
    offers: list[Card]
    priority: list[Card]
    agreements: dict[str, AgreementSummary]

    @property
    def more_offers(self) -> int:
        return max(len(self.cell.offers) - len(self.offers), 0)


def cell_detail(session: Session, region: str, domain: str, on: date) -> CellDetail:
    """One cell of the coverage matrix on ``on``, with its offers and agreements."""
    cell = service.coverage(session, on, region).cell(region, domain)
    priority = catalogue_read.offers_by_ids(session, list(cell.priority_offers))
    shown = set(cell.priority_offers)
    others = [o for o in cell.offers if o not in shown][: max(CELL_OFFERS - len(priority), 0)]
    offers = catalogue_read.offers_by_ids(session, others)
    agreements = agreements_by_ids(session, cell.agreements, on=on)
    return CellDetail(cell, offers, priority, agreements)
