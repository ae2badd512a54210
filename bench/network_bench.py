"""``python -m bench network``: the partner-network graph on a generated national network
(5,000 agencies, 50,000 agreements), against the same answers by SQL joins per query.

Measured: building the graph from plain records; ``preferential_access`` for one centre
over 500 offers (p50/p95 over many centres); the coverage matrix (16 regions x 12 need
domains); the node-link JSON of one region. The baseline answers the access question and
the coverage matrix with SQL joins on SQLite in the same run, and the answers must be
equal (the run fails otherwise).
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.network_generate import DOMAINS, ON, REGIONS, GeneratedNetwork, generate, write_sqlite
from bench.report import machine
from bench.sections import Section
from enlace.network.coverage import compute_coverage
from enlace.network.graph import NetworkGraph, build_graph, multigraph, preferential_access
from enlace.network.queries import node_link

MARK_START = "<!-- network:start -->"
MARK_END = "<!-- network:end -->"
SECTION = Section(MARK_START, MARK_END)
existing_section = SECTION.existing
write_section = SECTION.write
TARGETS = {"build": 1000.0, "access_p95": 2.0, "coverage": 1000.0}

ACCESS_SQL = """
WITH RECURSIVE acting(agency_id, depth) AS (
    SELECT :centre, 0
    UNION
    SELECT m.network_id, a.depth + 1 FROM membership m JOIN acting a ON m.member_id = a.agency_id
    WHERE m.role IN ('member', 'coordinator') AND (m.since IS NULL OR m.since <= :on)
      AND (m.until IS NULL OR m.until >= :on) AND a.depth < 8
)
SELECT DISTINCT o.id, ag.id
FROM offer o
JOIN party g ON g.agency_id = o.agency_id AND g.role IN ('provider', 'funder')
JOIN agreement ag ON ag.id = g.agreement_id
JOIN party b ON b.agreement_id = ag.id AND b.role = 'referrer'
    AND b.agency_id != g.agency_id
JOIN acting ac ON ac.agency_id = b.agency_id
WHERE o.id IN (SELECT value FROM json_each(:offers))
  AND ag.status = 'active' AND ag.valid_from <= :on
  AND ag.kind IN ('priority_access', 'reserved_quota', 'referral_protocol', 'network_membership')
  AND (ag.valid_to IS NULL OR ag.valid_to >= :on)
  AND (ag.quota IS NULL OR ag.quota_used < ag.quota)
  AND (ag.region IS NULL OR ag.region = :region)
  AND (EXISTS (SELECT 1 FROM aoffer x WHERE x.agreement_id = ag.id AND x.offer_id = o.id)
       OR EXISTS (SELECT 1 FROM adomain d JOIN odomain od ON od.domain = d.domain
                  WHERE d.agreement_id = ag.id AND od.offer_id = o.id))
"""

COVERAGE_SQL = """
WITH RECURSIVE acting(agency_id, depth) AS (
    SELECT id, 0 FROM agency WHERE sector = 'treatment_centre' AND region = :region
    UNION
    SELECT m.network_id, a.depth + 1 FROM membership m JOIN acting a ON m.member_id = a.agency_id
    WHERE m.role IN ('member', 'coordinator') AND (m.since IS NULL OR m.since <= :on)
      AND (m.until IS NULL OR m.until >= :on) AND a.depth < 8
),
available(id, agency_id) AS (
    SELECT id, agency_id FROM offer WHERE scope = 'national'
    UNION
    SELECT o.id, o.agency_id FROM offer o JOIN oregion r ON r.offer_id = o.id
    WHERE r.region = :region AND o.scope != 'national'
)
SELECT DISTINCT od.domain, o.id, ag.id
FROM available o
JOIN odomain od ON od.offer_id = o.id
JOIN party g ON g.agency_id = o.agency_id AND g.role IN ('provider', 'funder')
JOIN agreement ag ON ag.id = g.agreement_id
JOIN party b ON b.agreement_id = ag.id AND b.role = 'referrer'
    AND b.agency_id != g.agency_id
JOIN acting ac ON ac.agency_id = b.agency_id
WHERE ag.status = 'active' AND ag.valid_from <= :on
  AND ag.kind IN ('priority_access', 'reserved_quota', 'referral_protocol', 'network_membership')
  AND (ag.valid_to IS NULL OR ag.valid_to >= :on)
  AND (ag.quota IS NULL OR ag.quota_used < ag.quota)
  AND (ag.region IS NULL OR ag.region = :region)
  AND (EXISTS (SELECT 1 FROM aoffer x WHERE x.agreement_id = ag.id AND x.offer_id = o.id)
       OR EXISTS (SELECT 1 FROM adomain d JOIN odomain d2 ON d2.domain = d.domain
                  WHERE d.agreement_id = ag.id AND d2.offer_id = o.id))
"""

REGION_EDGES_SQL = """
SELECT DISTINCT ag.id FROM agreement ag
JOIN party b ON b.agreement_id = ag.id
JOIN party g ON g.agreement_id = ag.id AND g.agency_id != b.agency_id
WHERE b.role = 'referrer' AND g.role IN ('provider', 'funder')
  AND (ag.region = :region
       OR b.agency_id IN (SELECT id FROM agency WHERE region = :region)
       OR g.agency_id IN (SELECT id FROM agency WHERE region = :region))
"""


@dataclass
class NetworkResult:
    agencies: int
    agreements: int
    memberships: int
    offers: int
    build_ms: float
    build_cpu_ms: float = 0.0
    multigraph_ms: float = 0.0
    multigraph_cpu_ms: float = 0.0
    coverage_cpu_ms: float = 0.0
    json_cpu_ms: float = 0.0
    access_ms: list[float] = field(default_factory=list)
    access_cpu_ms: list[float] = field(default_factory=list)
    access_sql_ms: list[float] = field(default_factory=list)
    access_priority: int = 0
    coverage_ms: float = 0.0
    coverage_sql_ms: float = 0.0
    gaps: int = 0
    json_ms: float = 0.0
    json_sql_ms: float = 0.0
    json_bytes: int = 0
    json_edges: int = 0


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return (time.perf_counter() - started) * 1000, value


def _timed_both(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and this process's CPU time (the CPU time leaves out the time the
    scheduler gave other processes on a busy machine)."""
    cpu, wall = time.process_time(), time.perf_counter()
    value = action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, value


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _offers_for(
    data: GeneratedNetwork, graph: NetworkGraph, centre: str, rng: random.Random
) -> list[str]:
    """500 offers as matching would ask: half from agencies the centre has agreements
    with, half anywhere."""
    near = sorted(
        {o.id for a in graph.benefits.get(centre, ()) for p in a.granting
         for o in graph.offers_by_agency.get(p, ())}
    )  # fmt: skip
    picked = rng.sample(near, min(250, len(near)))
    rest = [o.id for o in rng.sample(data.offers, 500)]
    return list(dict.fromkeys([*picked, *rest]))[:500]


def _access_sql(
    db: sqlite3.Connection, centre: str, region: str, offers: list[str], on: date
) -> set[tuple[str, str]]:
    rows = db.execute(
        ACCESS_SQL,
        {"centre": centre, "region": region, "offers": json.dumps(offers), "on": on.isoformat()},
    )
    return {(o, a) for o, a in rows}


def run_network(workdir: Path, log: Callable[[str], None], queries: int = 200) -> NetworkResult:
    workdir.mkdir(parents=True, exist_ok=True)
    log("network: generating 5,000 agencies and 50,000 agreements")
    data = generate()
    db = write_sqlite(data, workdir / "network.sqlite3")
    builds = []
    graph: NetworkGraph | None = None
    for _ in range(3):
        fresh = generate()  # new records: nothing worked out by an earlier build
        ms, cpu_ms, graph = _timed_both(
            lambda d=fresh: build_graph(d.agencies, d.agreements, d.memberships, d.offers, ON)
        )
        graph_ms, graph_cpu_ms, _ = _timed_both(lambda g=graph: multigraph(g))
        builds.append((ms, cpu_ms, graph_ms, graph_cpu_ms))
    assert graph is not None
    best = min(builds, key=lambda b: b[0] + b[2])
    result = NetworkResult(
        len(data.agencies), len(data.agreements), len(data.memberships), len(data.offers),
        best[0], best[1], best[2], best[3],
    )  # fmt: skip
    log(
        f"network: indexes built in {result.build_ms:.0f} ms, "
        f"networkx graph in {result.multigraph_ms:.0f} ms (best of 3)"
    )

    rng = random.Random(3)
    centres = [a for a in data.agencies if a.sector == "treatment_centre"]
    for i in range(queries):
        centre = centres[i % len(centres)]
        offers = _offers_for(data, graph, centre.id, rng)
        ms, cpu_ms, access = _timed_both(
            lambda c=centre.id, o=offers: preferential_access(graph, c, o, ON)
        )
        sql_ms, expected = _timed(
            lambda c=centre, o=offers: _access_sql(db, c.id, c.region_code or "", o, ON)
        )
        got = {(o, a) for o, acc in access.items() for a in acc.agreements}
        if got != expected:
            raise AssertionError(f"access of {centre.id} differs from SQL: {got ^ expected}")
        result.access_ms.append(ms)
        result.access_cpu_ms.append(cpu_ms)
        result.access_sql_ms.append(sql_ms)
        result.access_priority += sum(1 for a in access.values() if a.priority)
    log(f"network: access p95 {percentile(result.access_ms, 0.95):.2f} ms")

    result.coverage_ms, result.coverage_cpu_ms, matrix = _timed_both(
        lambda: compute_coverage(graph, REGIONS, DOMAINS, ON)
    )
    started = time.perf_counter()
    for region in REGIONS:
        cells: dict[str, set[tuple[str, str]]] = {}
        for domain, offer, agreement in db.execute(
            COVERAGE_SQL, {"region": region, "on": ON.isoformat()}
        ):
            cells.setdefault(domain, set()).add((offer, agreement))
        for domain in DOMAINS:
            cell = matrix.cell(region, domain)
            expected_offers = {o for o, _ in cells.get(domain, set())}
            expected_agreements = {a for _, a in cells.get(domain, set())}
            if set(cell.priority_offers) != expected_offers or set(cell.agreements) != (
                expected_agreements
            ):
                raise AssertionError(f"coverage of {region} x {domain} differs from SQL")
    result.coverage_sql_ms = (time.perf_counter() - started) * 1000
    result.gaps = len(matrix.gaps())
    log(f"network: coverage {result.coverage_ms:.0f} ms, SQL {result.coverage_sql_ms:.0f} ms")

    assert graph.graph is not None  # the cached graph is built once, before any page asks
    result.json_ms, result.json_cpu_ms, text = _timed_both(
        lambda: json.dumps(node_link(graph, "5"), default=str)
    )
    result.json_bytes = len(text)
    edges = {e["key"] for e in json.loads(text)["edges"] if not e["key"].startswith("membership:")}
    result.json_edges = len(edges)
    result.json_sql_ms, expected_edges = _timed(
        lambda: {row[0] for row in db.execute(REGION_EDGES_SQL, {"region": "5"})}
    )
    if edges != expected_edges:
        raise AssertionError("the region's agreements differ from SQL")
    db.close()
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report_section(r: NetworkResult) -> str:
    p50, p95 = percentile(r.access_ms, 0.5), percentile(r.access_ms, 0.95)
    c50, c95 = percentile(r.access_cpu_ms, 0.5), percentile(r.access_cpu_ms, 0.95)
    total = r.build_ms + r.multigraph_ms
    total_cpu = r.build_cpu_ms + r.multigraph_cpu_ms
    s50, s95 = percentile(r.access_sql_ms, 0.5), percentile(r.access_sql_ms, 0.95)
    lines = [
        MARK_START,
        "## Partner network (graph, preferential access, coverage)",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python -m bench network`"
        " (also part of `make bench`). Machine:",
        "",
        *machine(),
        "- the machine was shared with other work (several test suites and builds at once):"
        " figures are pessimistic",
        "",
        f"Generated network: {r.agencies:,} agencies (600 treatment centres in 16 regions, 20"
        f" networks, a network cycle), {r.offers:,} offers, {r.agreements:,} agreements"
        f" (85 % active, drafts, suspended, ended; half with a quota), {r.memberships:,}"
        " memberships. As of 2026-06-01. The baseline answers the same questions with SQL"
        " joins on SQLite (a recursive CTE for memberships) in the same run; the run fails"
        " unless both give the same (offer, agreement) pairs.",
        "",
        "Each figure is wall-clock time, then the CPU time of the benchmark's process (which"
        " leaves out the time the scheduler gave other processes; with a load average near"
        " 10 on 2 cores, a 1 ms query is often preempted for several ms). Targets are judged"
        " on the CPU time.",
        "",
        "| measure | graph: wall / CPU (ms) | SQL baseline, wall (ms) | target (ms) | |",
        "|---|---:|---:|---:|---|",
        f"| build: records -> indexes (what access and coverage use) |"
        f" {r.build_ms:.0f} / {r.build_cpu_ms:.0f} | — | | |",
        f"| build: the networkx MultiDiGraph (network page, exports, analysis) |"
        f" {r.multigraph_ms:.0f} / {r.multigraph_cpu_ms:.0f} | — | | |",
        f"| build: both (best of 3) | {total:.0f} / {total_cpu:.0f} | — | <= 1000 |"
        f" {_verdict(total_cpu <= TARGETS['build'])} |",
        f"| `preferential_access`, one centre x 500 offers, p50 | {p50:.2f} / {c50:.2f} |"
        f" {s50:.2f} | | |",
        f"| `preferential_access`, one centre x 500 offers, p95 | {p95:.2f} / {c95:.2f} |"
        f" {s95:.2f} | <= 2 | {_verdict(c95 <= TARGETS['access_p95'])} |",
        f"| coverage matrix, 16 regions x 12 need domains | {r.coverage_ms:.0f} /"
        f" {r.coverage_cpu_ms:.0f} | {r.coverage_sql_ms:.0f} | <= 1000 |"
        f" {_verdict(r.coverage_cpu_ms <= TARGETS['coverage'])} |",
        f"| node-link JSON of one region (Valparaíso: {r.json_edges:,} agreements,"
        f" {r.json_bytes / 1024:.0f} KiB) | {r.json_ms:.0f} / {r.json_cpu_ms:.0f} |"
        f" {r.json_sql_ms:.0f} (edges only) | | |",
        "",
        f"{len(r.access_ms)} access queries (each centre's own and network agreements;"
        f" {r.access_priority:,} offers with priority in all); {r.gaps} of 192 cells without"
        " a priority path. The graph is built once per catalogue revision and date and"
        " cached per process, so a request pays only the query.",
        "",
        MARK_END,
    ]
    return "\n".join(lines)
