"""The partner network for the web layer, matching and the CLI (takes an explicit
Session).

Plain records are read with a few set-based queries (:mod:`.read`), the graph is built
by the pure :mod:`.graph` and cached per process by catalogue identity and date
(:mod:`.cache`); every question below answers from the cached graph.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx
from sqlmodel import Session

from enlace.catalogue import read as catalogue_read
from enlace.catalogue.vocab import NeedDomain
from enlace.network.cache import CachedNetwork, GraphCache
from enlace.network.checks import NetworkProblem, check_agreements, check_memberships
from enlace.network.coverage import Coverage, compute_coverage
from enlace.network.graph import Access, NetworkGraph, build_graph, preferential_access
from enlace.network.queries import (
    DEFAULT_EXPIRING_DAYS,
    Expiring,
    NetworkAnalysis,
    QuotaUse,
    analyse,
    node_link,
    quotas_nearly_used,
    region_subgraph,
)
from enlace.network.queries import expiring as expiring_in
from enlace.network.read import offer_agencies, read_network

_CACHE = GraphCache()


def _build(session: Session, on: date) -> NetworkGraph:
    records = read_network(session)
    return build_graph(
        records.agencies, records.agreements, records.memberships, records.offers, on
    )


def _cached(session: Session, on: date | None) -> CachedNetwork:
    return _CACHE.get(session, on or date.today(), _build)


def network_graph(session: Session, on: date | None = None) -> NetworkGraph:
    """The network as of ``on`` (today by default), built once per catalogue revision."""
    return _cached(session, on).network


def clear_cache() -> None:
    """Forget every built graph (tests that rewrite tables without a revision)."""
    _CACHE.clear()


def graph_builds() -> int:
    """How many graphs this process has built (tests check the cache with it)."""
    return _CACHE.builds


def access_for(
    session: Session, centre_id: str, offer_ids: Iterable[str], on: date | None = None
) -> dict[str, Access]:
    """Preferential access of a centre's participants to many offers at once (matching
    calls this with hundreds of offers); see :func:`.graph.preferential_access`."""
    when = on or date.today()
    return preferential_access(network_graph(session, when), centre_id, offer_ids, when)


def coverage(session: Session, on: date | None = None, region: str | None = None) -> Coverage:
    """Region x need domain coverage on ``on``; one region's row when ``region`` is given."""
    when = on or date.today()
    regions = [r.code for r in catalogue_read.regions(session)]
    if region is not None:
        regions = [r for r in regions if r == region]
    return compute_coverage(network_graph(session, when), regions, list(NeedDomain), when)


def expiring(
    session: Session, on: date | None = None, days: int = DEFAULT_EXPIRING_DAYS
) -> list[Expiring]:
    """Agreements in force whose validity ends within ``days`` days of ``on``."""
    when = on or date.today()
    return expiring_in(network_graph(session, when), when, days)


@dataclass(frozen=True)
class NetworkSummary:
    """What the coordinator's network page shows at the top."""

    analysis: NetworkAnalysis
    expiring: tuple[Expiring, ...]
    quotas: tuple[QuotaUse, ...]


def network_summary(
    session: Session, on: date | None = None, days: int = DEFAULT_EXPIRING_DAYS
) -> NetworkSummary:
    """Isolated agencies, components, brokers (computed once per revision and date),
    agreements expiring within ``days`` and quotas nearly used up."""
    entry = _cached(session, on)
    with entry.lock:
        if entry.analysis is None:
            entry.analysis = analyse(entry.network)
        analysis = entry.analysis
    when = entry.network.on
    return NetworkSummary(
        analysis,
        tuple(expiring_in(entry.network, when, days)),
        tuple(quotas_nearly_used(entry.network, when)),
    )


def export_node_link_json(
    session: Session, on: date | None = None, region: str | None = None
) -> str:
    """The network (one region's part when given) as networkx node-link JSON."""
    data = node_link(network_graph(session, on), region)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def export_graphml(session: Session, on: date | None = None, region: str | None = None) -> str:
    """The network (one region's part when given) as GraphML."""
    sub = region_subgraph(network_graph(session, on), region)
    plain = nx.MultiDiGraph()
    plain.add_nodes_from(sub.nodes(data=True))
    plain.add_edges_from(sub.edges(keys=True, data=True))
    return "\n".join(nx.generate_graphml(plain))


UNMET_COLUMN = "participants_unmet_high_need"
COVERAGE_COLUMNS = (
    "region",
    "domain",
    "offers",
    "priority_offers",
    "agreements",
    "centres",
    "no_offer",
    "no_priority",
)


#: The CSV's value of a count hidden by small-cell suppression.
SUPPRESSED = "suppressed"


def coverage_csv(
    session: Session,
    on: date | None = None,
    region: str | None = None,
    unmet: Callable[[str, str], int | None] | None = None,
) -> str:
    """The coverage matrix as CSV, one row per region x need domain; with ``unmet`` (the
    casework's published counts by region and domain, None where hidden) one more column:
    participants with an unmet high need, ``suppressed`` where hidden."""
    matrix = coverage(session, on, region)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COVERAGE_COLUMNS, *([UNMET_COLUMN] if unmet is not None else [])])
    for row in matrix.rows():
        for cell in row:
            if unmet is not None:
                count = unmet(cell.region, cell.domain)
                extra: list[object] = [SUPPRESSED if count is None else count]
            else:
                extra = []
            writer.writerow(
                [
                    cell.region,
                    cell.domain,
                    len(cell.offers),
                    len(cell.priority_offers),
                    " ".join(cell.agreements),
                    cell.centres,
                    int(cell.no_offer),
                    int(cell.no_priority),
                    *extra,
                ]
            )
    return out.getvalue()


def check(session: Session, today: date | None = None) -> list[NetworkProblem]:
    """Every problem of the stored network on ``today`` (``enlace network check``)."""
    records = read_network(session)
    agencies = {a.id: a for a in records.agencies}
    when = today or date.today()
    return [
        *check_agreements(records.agreements, agencies, offer_agencies(session), when),
        *check_memberships(records.memberships, agencies),
    ]
