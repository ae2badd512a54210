"""The partner network as a graph, and the question matching asks it (pure).

Agencies are nodes; every agreement adds one edge per (benefiting party, granting party)
pair, keyed by the agreement's id, so parallel agreements between the same two agencies
stay apart (a ``MultiDiGraph``); a membership adds an edge member -> network. The network
is built once per catalogue revision and date (:mod:`enlace.network.service` caches it)
and carries the indexes that :func:`preferential_access` needs, so one call answers for
hundreds of offers by looking offers' agencies up, never by searching per offer; the
networkx graph is made from the same records when first needed (analysis, exports).

Rules of preferential access (a centre's participants reach an offer with priority):

- a *route* is centre (-> network -> network ...) -> benefiting party of an agreement ->
  granting party that provides the offer; memberships are followed transitively and
  only while current on the date (cycles are safe: each agency is visited once);
- the agreement's state on the date is ``active`` (:func:`.plain.agreement_state`: not
  draft, suspended, ended, expired, not yet started or with its quota used up);
- its region scope, if any, is the centre's region;
- it covers the offer: names it, or covers one of its need domains; and the offer's
  agency is a granting party.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from enlace.network.plain import (
    AgencyNode,
    AgreementEdge,
    AgreementState,
    Membership,
    OfferRef,
    agreement_state,
)


@dataclass(frozen=True)
class Step:
    """One hop of a path: a membership (member -> network) or an agreement."""

    kind: str  # "membership" or "agreement"
    source: str
    target: str
    agreement_id: str | None = None


@dataclass(frozen=True)
class Route:
    """One way a centre reaches an offer's agency: the membership chain, then an agreement.

    ``via`` starts with the centre and ends with the agreement's benefiting party (the
    centre itself for a direct agreement).
    """

    agreement_id: str
    via: tuple[str, ...]
    provider_id: str
    quota_left: int | None

    @property
    def path(self) -> tuple[Step, ...]:
        hops = [Step("membership", a, b) for a, b in zip(self.via, self.via[1:], strict=False)]
        hops.append(Step("agreement", self.via[-1], self.provider_id, self.agreement_id))
        return tuple(hops)


@dataclass(frozen=True)
class Access:
    """Whether a centre's participants reach an offer with priority, and how.

    ``routes`` are best first (direct before through a network, unlimited or more quota
    left first). ``quota_left`` adds the places left over the routes' agreements; ``None``
    means unlimited (some agreement has no quota) and ``0`` no priority at all. Offers
    without priority share one :data:`NO_ACCESS` (the answer is keyed by offer id).
    """

    routes: tuple[Route, ...] = ()

    @property
    def priority(self) -> bool:
        return bool(self.routes)

    @property
    def agreements(self) -> tuple[str, ...]:
        return tuple(r.agreement_id for r in self.routes)

    @property
    def path(self) -> tuple[Step, ...]:
        return self.routes[0].path if self.routes else ()

    @property
    def quota_left(self) -> int | None:
        if not self.routes:
            return 0
        if any(r.quota_left is None for r in self.routes):
            return None
        return sum(r.quota_left or 0 for r in self.routes)


NO_ACCESS = Access()


@dataclass
class NetworkGraph:
    """The network as of ``on``: its records, the indexes the questions use, and the
    networkx graph, built on first use (access and coverage never need it; the network
    page, exports and the whole-network analysis do). Treat as read-only."""

    on: date
    agencies: Mapping[str, AgencyNode]
    agreements: Mapping[str, AgreementEdge]
    offers: Mapping[str, OfferRef]
    memberships: tuple[Membership, ...]
    states: Mapping[str, AgreementState]
    networks_of: Mapping[str, tuple[Membership, ...]] = field(default_factory=dict)
    benefits: Mapping[str, tuple[AgreementEdge, ...]] = field(default_factory=dict)
    offers_by_agency: Mapping[str, tuple[OfferRef, ...]] = field(default_factory=dict)

    _graph: nx.MultiDiGraph | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def counts(self, agreement_id: str) -> bool:
        """Whether an agreement gives priority on the graph's date."""
        return self.states.get(agreement_id) is AgreementState.ACTIVE

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx ``MultiDiGraph`` (built once, on first use)."""
        with self._lock:
            if self._graph is None:
                self._graph = multigraph(self)
            return self._graph


def build_graph(
    agencies: Iterable[AgencyNode],
    agreements: Iterable[AgreementEdge],
    memberships: Iterable[Membership],
    offers: Iterable[OfferRef],
    on: date,
) -> NetworkGraph:
    """The network as of ``on`` from plain records: the indexes the questions use now,
    the networkx graph itself when first asked for (:attr:`NetworkGraph.graph`)."""
    agency_map = {a.id: a for a in agencies}
    agreement_map = {a.id: a for a in agreements}
    offer_map = {o.id: o for o in offers}
    member_list = tuple(memberships)
    states = {a.id: agreement_state(a, on) for a in agreement_map.values()}
    networks_of: dict[str, list[Membership]] = {}
    for m in member_list:
        networks_of.setdefault(m.member_id, []).append(m)
    benefits: dict[str, list[AgreementEdge]] = {}
    for a in agreement_map.values():
        if a.status != "active" or not a.gives_access:
            continue  # dates and quota are checked per question, the stored status here
        for agency_id in a.benefiting:
            benefits.setdefault(agency_id, []).append(a)
    by_agency: dict[str, list[OfferRef]] = {}
    for o in offer_map.values():
        by_agency.setdefault(o.agency_id, []).append(o)
    return NetworkGraph(
        on=on,
        agencies=agency_map,
        agreements=agreement_map,
        offers=offer_map,
        memberships=member_list,
        states=states,
        networks_of={k: tuple(v) for k, v in networks_of.items()},
        benefits={k: tuple(v) for k, v in benefits.items()},
        offers_by_agency={k: tuple(v) for k, v in by_agency.items()},
    )


def multigraph(network: NetworkGraph, region: str | None = None) -> nx.MultiDiGraph:
    """The networkx graph: agencies, one edge per agreement and party pair (keyed by the
    agreement, so parallel agreements stay apart), one per current membership.

    With ``region``, only that region's part: agreements scoped to it or with a party in
    it, memberships touching it, and the region's agencies.
    """
    agencies, states, on = network.agencies, network.states, network.on
    local = {a.id for a in agencies.values() if a.region_code == region} if region else None

    def kept(source: str, target: str, scope: str | None) -> bool:
        if source not in agencies or target not in agencies:
            return False
        return local is None or source in local or target in local or scope == region

    graph = nx.MultiDiGraph(on=on.isoformat())
    graph.add_edges_from(
        (
            source,
            target,
            a.id,
            {"relation": "agreement", "kind": a.kind, "state": states[a.id].value},
        )
        for a in network.agreements.values()
        for source, target in a.edge_pairs
        if kept(source, target, a.region_code)
    )
    graph.add_edges_from(
        (m.member_id, m.network_id, f"membership:{m.network_id}", {"relation": "membership"})
        for m in network.memberships
        if m.current(on) and kept(m.member_id, m.network_id, None)
    )
    nodes = agencies.keys() if local is None else {*local, *graph.nodes}
    graph.add_nodes_from(
        (a.id, {"sector": a.sector, "region": a.region_code or "", "name": a.name})
        for a in (agencies[n] for n in nodes)
    )
    return graph


def acting_agencies(network: NetworkGraph, centre_id: str, on: date) -> dict[str, tuple[str, ...]]:
    """The centre and every network it belongs to on ``on`` (transitively), each with its
    membership chain from the centre, shortest first; each agency is visited once."""
    chains: dict[str, tuple[str, ...]] = {centre_id: (centre_id,)}
    frontier = [centre_id]
    while frontier:
        following: list[str] = []
        for agency_id in frontier:
            for m in network.networks_of.get(agency_id, ()):
                if m.network_id not in chains and m.current(on):
                    chains[m.network_id] = (*chains[agency_id], m.network_id)
                    following.append(m.network_id)
        frontier = following
    return chains


def routes_by_provider(
    network: NetworkGraph,
    centre_id: str,
    on: date,
    region: str | None,
    *,
    through_networks: bool = True,
) -> dict[str, list[tuple[AgreementEdge, tuple[str, ...]]]]:
    """Every granting agency the centre reaches on ``on`` in ``region``, with the
    agreements (and membership chains) that reach it; each agreement once per provider.
    ``through_networks=False`` looks at the agency's own agreements only (coverage walks
    each network once itself)."""
    found: dict[str, list[tuple[AgreementEdge, tuple[str, ...]]]] = {}
    seen: set[tuple[str, str]] = set()
    acting = (
        acting_agencies(network, centre_id, on) if through_networks else {centre_id: (centre_id,)}
    )
    states = network.states if on == network.on else None  # worked out at build time
    for agency_id, chain in acting.items():
        for agreement in network.benefits.get(agency_id, ()):
            if agreement.region_code is not None and agreement.region_code != region:
                continue
            state = states[agreement.id] if states is not None else agreement_state(agreement, on)
            if state is not AgreementState.ACTIVE:
                continue
            for provider in agreement.granting:
                if provider == agency_id or (agreement.id, provider) in seen:
                    continue
                seen.add((agreement.id, provider))
                found.setdefault(provider, []).append((agreement, chain))
    return found


def _route_order(route: Route) -> tuple[int, int, int, str]:
    unlimited = route.quota_left is None
    return (len(route.via), 0 if unlimited else 1, -(route.quota_left or 0), route.agreement_id)


def routes_to(
    offer: OfferRef, reach: Mapping[str, list[tuple[AgreementEdge, tuple[str, ...]]]]
) -> tuple[Route, ...]:
    """The routes (best first) by which a centre's ``reach`` covers one offer."""
    routes = [
        Route(agreement.id, chain, offer.agency_id, agreement.quota_left)
        for agreement, chain in reach.get(offer.agency_id, ())
        if agreement.covers(offer)
    ]
    return tuple(sorted(routes, key=_route_order)) if len(routes) > 1 else tuple(routes)


def preferential_access(
    network: NetworkGraph, centre_id: str, offer_ids: Iterable[str], on: date | None = None
) -> dict[str, Access]:
    """For each offer, whether the centre's participants reach it with priority on ``on``
    (the graph's date by default), by which routes and with how much quota left.

    The centre's reach is worked out once (its memberships and their agreements, indexed
    by provider); each offer is then one lookup by its agency. Unknown offers and unknown
    centres get no priority.
    """
    when = on or network.on
    centre = network.agencies.get(centre_id)
    region = centre.region_code if centre is not None else None
    reach = routes_by_provider(network, centre_id, when, region)
    result: dict[str, Access] = {}
    offers = network.offers
    for offer_id in offer_ids:
        offer = offers.get(offer_id)
        if offer is None or offer.agency_id not in reach:
            result[offer_id] = NO_ACCESS
            continue
        routes = routes_to(offer, reach)
        result[offer_id] = Access(routes) if routes else NO_ACCESS
    return result
