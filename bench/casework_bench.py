"""Casework service reads at scale: the caseload and the participant overview (p50/p95),
and the cost of writing one audit entry, on SQLite and on PostgreSQL.

10,000 participants, 100,000 referrals and 1,000,000 audit entries
(:mod:`bench.casework_generate`). Each read runs as a page would: a fresh session, the
service call (which writes its audit entry), a commit. PostgreSQL runs when
``ENLACE_BENCH_POSTGRES_URL`` (or ``ENLACE_TEST_POSTGRES_URL``) is set; it uses a schema
of its own and drops it afterwards. The pages' figures come with the pages.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from bench.casework_generate import Sizes, generate
from bench.databases import engine_on, fresh_postgres_url, fresh_sqlite_url, percentile
from bench.report import machine
from bench.sections import Section
from enlace.accounts.audit import record
from enlace.accounts.models import User
from enlace.casework import caseload, overview
from enlace.db import open_session

MARK_START = "<!-- casework:start -->"
MARK_END = "<!-- casework:end -->"
SECTION = Section(MARK_START, MARK_END)
TARGET_P95_MS = 50.0
SCHEMA = "enlace_bench_casework"
Log = Callable[[str], None]


@dataclass
class BackendResult:
    backend: str
    generate_s: float = 0.0
    caseload_ms: list[float] = field(default_factory=list)
    overview_ms: list[float] = field(default_factory=list)
    audit_ms: list[float] = field(default_factory=list)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure(engine: Engine, backend: str, sizes: Sizes, log: Log, samples: int) -> BackendResult:
    result = BackendResult(backend)
    started = time.perf_counter()
    data = generate(engine, sizes, log)
    result.generate_s = time.perf_counter() - started
    rng = random.Random(5)
    managers = data.managers
    for i in range(samples):
        manager_id = managers[i % len(managers)]
        with open_session(engine) as session:
            actor = session.get(User, manager_id)
            assert actor is not None

            def load(s=session, a=actor) -> None:  # type: ignore[no-untyped-def]
                caseload.caseload(s, a)
                s.commit()

            result.caseload_ms.append(_timed(load))
    for _ in range(samples):
        participant_id, manager_id = rng.choice(data.participants)
        with open_session(engine) as session:
            actor = session.get(User, manager_id)
            assert actor is not None

            def view(s=session, a=actor, p=participant_id) -> None:  # type: ignore[no-untyped-def]
                overview.overview(s, a, p)
                s.commit()

            result.overview_ms.append(_timed(view))
    with open_session(engine) as session:
        actor = session.get(User, managers[0])
        for i in range(samples):

            def write(s=session, a=actor, n=i) -> None:  # type: ignore[no-untyped-def]
                record(s, a, "participant.viewed", "participant", f"bench-{n}", None, None,
                       details={"purpose": "case_management"})  # fmt: skip
                s.commit()

            result.audit_ms.append(_timed(write))
    log(
        f"casework {backend}: caseload p95 {percentile(result.caseload_ms, 0.95):.1f} ms, "
        f"overview p95 {percentile(result.overview_ms, 0.95):.1f} ms, "
        f"audit entry p50 {percentile(result.audit_ms, 0.5):.2f} ms"
    )
    return result


def run_sqlite(workdir: Path, sizes: Sizes, log: Log, samples: int) -> BackendResult:
    with fresh_sqlite_url(workdir, "casework.sqlite3") as url, engine_on(url) as engine:
        return measure(engine, "SQLite", sizes, log, samples)


def run_postgres(url: str, sizes: Sizes, log: Log, samples: int) -> BackendResult:
    with fresh_postgres_url(url, SCHEMA) as scoped, engine_on(scoped) as engine:
        return measure(engine, "PostgreSQL", sizes, log, samples)


def _row(name: str, values: list[float], target: float | None) -> str:
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    verdict = "" if target is None else ("met" if p95 <= target else "**missed**")
    goal = "" if target is None else f"<= {target:.0f}"
    return f"| {name} | {p50:.2f} | {p95:.2f} | {goal} | {verdict} |"


def report_section(results: list[BackendResult], sizes: Sizes, samples: int) -> str:
    lines = [
        MARK_START,
        "## Casework services (caseload, participant overview, audit)",
        "",
        f"Generated with `bench/casework_generate.py`: {sizes.participants:,} participants, "
        f"{sizes.referrals:,} referrals (and an event each), {2 * sizes.participants:,} plan "
        f"goals, {sizes.audit:,} audit entries; {sizes.centres} centres x "
        f"{sizes.managers_per_centre} case managers. {samples} calls of each, every one in a "
        "fresh session with its own audit entry and commit (service level: the pages' "
        "figures come with the pages). Run: `python -m bench casework`.",
        "",
        *machine(),
        "",
    ]
    for r in results:
        lines += [
            f"### {r.backend} (generated in {r.generate_s:.0f} s)",
            "",
            "| service call | p50 ms | p95 ms | target p95 | |",
            "|---|---|---|---|---|",
            _row(
                "`caseload.caseload` (a case manager's ~100 participants, ~1,000 referrals)",
                r.caseload_ms,
                TARGET_P95_MS,
            ),
            _row("`overview.overview` (one participant)", r.overview_ms, TARGET_P95_MS),
            _row("one audit entry written and committed", r.audit_ms, None),
            "",
        ]
    lines.append(MARK_END)
    return "\n".join(lines)


def existing_section(path: Path) -> str | None:
    return SECTION.existing(path)


def write_section(path: Path, section: str) -> None:
    SECTION.write(path, section)


def main(output: Path, log: Log, quick: bool = False, workdir: Path | None = None) -> None:
    sizes = Sizes(participants=1_000, referrals=10_000, audit=100_000) if quick else Sizes()
    samples = 50 if quick else 200
    folder = workdir or Path("/tmp/enlace-bench")
    results = [run_sqlite(folder, sizes, log, samples)]
    url = os.environ.get("ENLACE_BENCH_POSTGRES_URL") or os.environ.get("ENLACE_TEST_POSTGRES_URL")
    if url:
        results.append(run_postgres(url, sizes, log, samples))
    else:
        log("casework: PostgreSQL skipped (set ENLACE_BENCH_POSTGRES_URL)")
    write_section(output, report_section(results, sizes, samples))
    log(f"casework results written to {output}")
