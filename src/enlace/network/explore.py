"""The part of the network a coordinator looks at (pure: a built graph in, plain data out).

The network page never draws the national graph: a selection is one region's part or
one agency's neighbourhood, narrowed by need domain, sector and state, and capped at a
number of elements (agencies + links). Over the cap the selection carries no elements,
only the counts, so a page can say "too many, narrow the filter" without shipping them.
Exports use the same filter without the cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from enlace.network.graph import NetworkGraph
from enlace.network.plain import AgencyNode, AgreementEdge, AgreementState

#: Elements (agencies + links) the network page draws at most.
DEFAULT_LIMIT = 500
#: The node category of an agency that other agencies are members of.
NETWORK = "network"
MEMBERSHIP = "membership"
AGREEMENT = "agreement"


@dataclass(frozen=True, slots=True)
class ExploreFilter:
    """What to look at; ``agency`` is an agency id (its neighbourhood), ``status`` an
    :class:`AgreementState` value, ``sector`` a sector code or :data:`NETWORK`."""

    region: str | None = None
    agency: str | None = None
    domain: str | None = None
    sector: str | None = None
    status: str | None = None

    @property
    def scoped(self) -> bool:
        """Whether the filter names a region or an agency (never the whole country)."""
        return bool(self.region or self.agency)


@dataclass(frozen=True, slots=True)
class NodeView:
    id: str
    name: str
    slug: str
    sector: str
    category: str  # the sector, or NETWORK for an agency with members
    region: str


@dataclass(frozen=True, slots=True)
class EdgeView:
    """One link: an agreement between a benefiting and a granting party, or a membership
    (member -> network). ``kind`` is the agreement kind or :data:`MEMBERSHIP`."""

    id: str
    source: str
    target: str
    relation: str
    kind: str
    state: str
    agreement_id: str | None = None


@dataclass(frozen=True)
class Selection:
    """The selected agencies and links, or (``too_many``) only how many there would be."""

    filters: ExploreFilter
    limit: int | None
    total_nodes: int
    total_edges: int
    nodes: tuple[NodeView, ...] = ()
    edges: tuple[EdgeView, ...] = ()
    agreement_ids: tuple[str, ...] = field(default=())

    @property
    def total(self) -> int:
        return self.total_nodes + self.total_edges

    @property
    def too_many(self) -> bool:
        return self.limit is not None and self.total > self.limit


def network_ids(network: NetworkGraph) -> frozenset[str]:
    """Agencies that have members today: drawn as networks whatever their sector."""
    return frozenset(m.network_id for m in network.memberships if m.current(network.on))


def agency_by_slug(network: NetworkGraph, slug: str) -> AgencyNode | None:
    return next((a for a in network.agencies.values() if a.slug == slug), None)


def covers_domain(network: NetworkGraph, agreement: AgreementEdge, domain: str) -> bool:
    """Whether an agreement covers a need domain: directly, or through a covered offer."""
    if domain in agreement.domains:
        return True
    offers = network.offers
    return any(domain in offers[o].domains for o in agreement.offer_ids if o in offers)


def _candidate_edges(
    network: NetworkGraph, filters: ExploreFilter
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    graph = network.graph
    if filters.agency is not None:
        if filters.agency not in graph:
            return
        yield from graph.out_edges(filters.agency, keys=True, data=True)
        yield from graph.in_edges(filters.agency, keys=True, data=True)
        return
    yield from graph.edges(keys=True, data=True)


def _node_view(agency: AgencyNode, networks: frozenset[str]) -> NodeView:
    category = NETWORK if agency.id in networks else agency.sector
    return NodeView(
        agency.id, agency.name, agency.slug, agency.sector, category, agency.region_code or ""
    )


def select(
    network: NetworkGraph, filters: ExploreFilter, limit: int | None = DEFAULT_LIMIT
) -> Selection:
    """The agencies and links ``filters`` select (see the module docstring).

    A link is kept when it touches the region (a party in it, or an agreement scoped to
    it) or the agency, covers the domain, has the state, and one of its ends is of the
    sector. Memberships have no domain or state: they are kept only without those
    filters (or with state "active"). With a region and no agency, the region's agencies
    of the sector are listed even when no link is kept (isolated ones too).
    """
    agencies = network.agencies
    networks = network_ids(network)
    nodes = {a.id: _node_view(a, networks) for a in agencies.values()}

    def of_sector(agency_id: str) -> bool:
        node = nodes.get(agency_id)
        return node is not None and filters.sector in (node.sector, node.category)

    def in_region(agency_id: str) -> bool:
        node = nodes.get(agency_id)
        return node is not None and node.region == filters.region

    memberships_shown = filters.domain is None and filters.status in (
        None,
        AgreementState.ACTIVE.value,
    )
    kept: dict[str, EdgeView] = {}
    for source, target, key, data in _candidate_edges(network, filters):
        relation = data["relation"]
        agreement = network.agreements.get(key) if relation == AGREEMENT else None
        if relation == MEMBERSHIP and not memberships_shown:
            continue
        if filters.region is not None and not (
            in_region(source)
            or in_region(target)
            or (agreement is not None and agreement.region_code == filters.region)
        ):
            continue
        if agreement is not None:
            if filters.status is not None and data["state"] != filters.status:
                continue
            if filters.domain is not None and not covers_domain(network, agreement, filters.domain):
                continue
        if filters.sector is not None and not (of_sector(source) or of_sector(target)):
            continue
        edge_id = f"{key}|{source}|{target}"
        kept[edge_id] = EdgeView(
            edge_id,
            source,
            target,
            relation,
            agreement.kind if agreement is not None else MEMBERSHIP,
            data.get("state", AgreementState.ACTIVE.value),
            agreement.id if agreement is not None else None,
        )
    node_ids = {e.source for e in kept.values()} | {e.target for e in kept.values()}
    if filters.agency is not None and filters.agency in nodes:
        node_ids.add(filters.agency)
    elif filters.region is not None:
        node_ids.update(
            n.id
            for n in nodes.values()
            if n.region == filters.region and (filters.sector is None or of_sector(n.id))
        )
    agreement_ids = sorted({e.agreement_id for e in kept.values() if e.agreement_id})
    selection = Selection(filters, limit, len(node_ids), len(kept))
    if selection.too_many:
        return selection
    return Selection(
        filters,
        limit,
        len(node_ids),
        len(kept),
        tuple(sorted((nodes[n] for n in node_ids), key=lambda n: (n.name.casefold(), n.id))),
        tuple(sorted(kept.values(), key=lambda e: e.id)),
        tuple(agreement_ids),
    )


def selection_graph(network: NetworkGraph, selection: Selection) -> nx.MultiDiGraph:
    """The selected part of the networkx graph (for GraphML and node-link exports)."""
    full = network.graph
    graph = nx.MultiDiGraph(**full.graph)
    graph.add_nodes_from((n.id, full.nodes[n.id]) for n in selection.nodes if n.id in full)
    graph.add_edges_from(
        (e.source, e.target, key, full.edges[e.source, e.target, key])
        for e in selection.edges
        for key in [e.agreement_id or f"membership:{e.target}"]
    )
    return graph


def relevant_to_region(network: NetworkGraph, agreement_id: str, region: str | None) -> bool:
    """Whether an agreement concerns a region: scoped to it, national (no scope), or with
    a party in it. Every agreement concerns the whole country (``region`` None)."""
    if region is None:
        return True
    agreement = network.agreements.get(agreement_id)
    if agreement is None:
        return False
    if agreement.region_code in (None, region):
        return True
    agencies = network.agencies
    return any(
        (a := agencies.get(p.agency_id)) is not None and a.region_code == region
        for p in agreement.parties
    )


def agencies_in_region(
    network: NetworkGraph, agency_ids: Iterable[str], region: str | None
) -> list[AgencyNode]:
    """The given agencies (in order) that are in ``region`` (all of them for None)."""
    agencies = network.agencies
    found = [agencies[a] for a in agency_ids if a in agencies]
    return found if region is None else [a for a in found if a.region_code == region]
