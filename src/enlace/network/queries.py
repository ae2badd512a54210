"""What coordinators ask of the whole network (pure): agreements that expire soon,
quotas nearly used up, isolated agencies, brokers, connected components, and the
node-link data of one region for the network page.

Betweenness is costly on a national network, so :func:`analyse` samples ``k`` sources
on big graphs and the service computes it once per catalogue revision, never per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import networkx as nx

from enlace.network.graph import NetworkGraph, multigraph
from enlace.network.plain import NEARLY_USED, AgreementState, agreement_state

#: Above this many agencies, betweenness samples this many sources.
BROKER_SAMPLE_ABOVE = 500
BROKER_SAMPLE = 64
DEFAULT_EXPIRING_DAYS = 90


@dataclass(frozen=True)
class Expiring:
    agreement_id: str
    valid_to: date
    days_left: int


@dataclass(frozen=True)
class QuotaUse:
    agreement_id: str
    quota: int
    used: int

    @property
    def share(self) -> float:
        return self.used / self.quota if self.quota else 1.0


@dataclass(frozen=True)
class Broker:
    agency_id: str
    betweenness: float


@dataclass(frozen=True)
class NetworkAnalysis:
    """Whole-network figures, computed once per catalogue revision."""

    on: date
    agencies: int
    agreements_active: int
    memberships: int
    isolated: tuple[str, ...]
    components: tuple[tuple[str, ...], ...]  # biggest first, isolated agencies excluded
    brokers: tuple[Broker, ...]
    sampled: bool


def expiring(network: NetworkGraph, on: date, days: int = DEFAULT_EXPIRING_DAYS) -> list[Expiring]:
    """Agreements giving priority on ``on`` whose validity ends within ``days`` days."""
    limit = on + timedelta(days=days)
    found = [
        Expiring(a.id, a.valid_to, (a.valid_to - on).days)
        for a in network.agreements.values()
        if a.valid_to is not None
        and on <= a.valid_to <= limit
        and agreement_state(a, on) is AgreementState.ACTIVE
    ]
    return sorted(found, key=lambda e: (e.valid_to, e.agreement_id))


def quotas_nearly_used(
    network: NetworkGraph, on: date, threshold: float = NEARLY_USED
) -> list[QuotaUse]:
    """Agreements in force on ``on`` (exhausted ones included) with a quota used to at
    least ``threshold`` of it, fullest first."""
    found = [
        QuotaUse(a.id, a.quota, a.quota_used)
        for a in network.agreements.values()
        if a.quota
        and a.quota_used >= threshold * a.quota
        and agreement_state(a, on) in (AgreementState.ACTIVE, AgreementState.EXHAUSTED)
    ]
    return sorted(found, key=lambda q: (-q.share, q.agreement_id))


def active_graph(network: NetworkGraph) -> nx.Graph:
    """Undirected simple graph of the agreements in force and current memberships."""
    simple = nx.Graph()
    simple.add_nodes_from(network.graph.nodes)
    simple.add_edges_from(
        (u, v)
        for u, v, data in network.graph.edges(data=True)
        if data["relation"] == "membership" or data["state"] == AgreementState.ACTIVE.value
    )
    return simple


def analyse(network: NetworkGraph, *, top: int = 10, seed: int = 0) -> NetworkAnalysis:
    """Isolated agencies, components and brokers (betweenness, sampled on big graphs)."""
    simple = active_graph(network)
    isolated = tuple(sorted(n for n in simple.nodes if simple.degree(n) == 0))
    connected = simple.subgraph(n for n in simple.nodes if simple.degree(n) > 0)
    components = sorted(
        (tuple(sorted(c)) for c in nx.connected_components(connected)),
        key=lambda c: (-len(c), c[0]),
    )
    sampled = connected.number_of_nodes() > BROKER_SAMPLE_ABOVE
    k = BROKER_SAMPLE if sampled else None
    scores: dict[str, float] = (
        nx.betweenness_centrality(connected, k=k, seed=seed) if connected.number_of_nodes() else {}
    )
    ranked = sorted(
        (Broker(n, s) for n, s in scores.items() if s > 0),
        key=lambda b: (-b.betweenness, b.agency_id),
    )
    return NetworkAnalysis(
        on=network.on,
        agencies=len(network.agencies),
        agreements_active=sum(1 for s in network.states.values() if s is AgreementState.ACTIVE),
        memberships=sum(1 for m in network.memberships if m.current(network.on)),
        isolated=isolated,
        components=tuple(components),
        brokers=tuple(ranked[:top]),
        sampled=sampled,
    )


def region_subgraph(network: NetworkGraph, region: str | None) -> nx.MultiDiGraph:
    """The agreements and memberships of one region (scoped to it, or with an agency in
    it); the whole network when ``region`` is None. Never ship all of a national graph."""
    return network.graph if region is None else multigraph(network, region)


def node_link(network: NetworkGraph, region: str | None = None) -> dict[str, Any]:
    """Node-link JSON data (networkx's) of a region, with each edge's agreement details."""
    sub = region_subgraph(network, region)
    data: dict[str, Any] = nx.node_link_data(sub, edges="edges")
    for edge in data["edges"]:
        agreement = network.agreements.get(edge["key"])
        if agreement is not None:
            edge["title"] = agreement.title
            edge["region"] = agreement.region_code or ""
            edge["valid_to"] = agreement.valid_to.isoformat() if agreement.valid_to else ""
    return data
