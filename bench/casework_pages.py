"""Casework pages at scale: the caseload page and the participant page (p50/p95) through
the Flask test client, and what auditing a page view costs, on SQLite and PostgreSQL.

The data is :mod:`bench.casework_generate`'s (10,000 participants, 100,000 referrals,
1,000,000 audit entries), generated into a database of this benchmark's own. Each request
is a whole page: routing, access check, the service reads, the audit entry and its
commit, the template. The cost of auditing is the same page measured again with the
audit writes replaced by no-ops (only here, never in the application).
PostgreSQL runs when ``ENLACE_BENCH_POSTGRES_URL`` (or ``ENLACE_TEST_POSTGRES_URL``) is set.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from bench.casework_generate import Generated, Sizes, generate
from bench.databases import fresh_postgres_url, fresh_sqlite_url, percentile
from bench.report import machine
from bench.sections import Section
from enlace import create_app
from enlace.accounts.models import User
from enlace.casework import caseload, trail
from enlace.db import make_engine, open_session

MARK_START = "<!-- casework-pages:start -->"
MARK_END = "<!-- casework-pages:end -->"
SECTION = Section(MARK_START, MARK_END)
TARGET_P95_MS = 50.0
SCHEMA = "enlace_bench_casework_pages"
Log = Callable[[str], None]
#: The figures before migration 0015's indexes and the one-read caseload (kept as baseline).
BEFORE = (
    "Before (2026-12, before migration 0015's composite indexes, the caseload's counts and "
    "lists cut in index-only SQL and 10 rows per list): caseload page p50 59.50 / p95 116.27 ms on "
    "SQLite, p50 53.18 / p95 72.03 ms on PostgreSQL; participant page p95 33.75 ms on SQLite, "
    "55.64 ms on PostgreSQL (load average 5.7). SQLite then ran WAL with synchronous=FULL: "
    "the audit entry's commit waited for an fsync (about 20 ms a view on a busy disk); "
    "NORMAL, SQLite's advice for WAL, removed that."
)


@dataclass
class PageResult:
    backend: str
    generate_s: float = 0.0
    caseload_ms: list[float] = field(default_factory=list)
    participant_ms: list[float] = field(default_factory=list)
    participant_unaudited_ms: list[float] = field(default_factory=list)


def _app(url: str, folder: Path) -> Flask:
    return create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder / "instance"),
            "INDEX_DIR": str(folder / "index"),
            "SECRET_KEY": "casework-pages-bench",
        }
    )


def _signed_in(app: Flask, user: User) -> FlaskClient:
    """A client with the session a real sign-in leaves (no password hashing in the loop)."""
    client = app.test_client()
    now = int(time.time())
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}.{user.session_version}"
        session["_fresh"] = True
        session["sid"] = f"bench-{user.id}"
        session["login_at"] = now
        session["seen_at"] = now
    return client


def _get(client: FlaskClient, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


@contextmanager
def _without_audit() -> Iterator[None]:
    """The pages with their audit writes as no-ops (measures what auditing costs)."""
    original_write, original_record = trail.write, caseload.record

    def skip(*args: Any, **kwargs: Any) -> None:
        return None

    trail.write = skip  # type: ignore[assignment]
    caseload.record = skip  # type: ignore[assignment]
    try:
        yield
    finally:
        trail.write = original_write
        caseload.record = original_record  # type: ignore[assignment]


def measure(url: str, backend: str, sizes: Sizes, log: Log, samples: int) -> PageResult:
    result = PageResult(backend)
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        data: Generated = generate(engine, sizes, log)
        result.generate_s = time.perf_counter() - started
        with open_session(engine, expire_on_commit=False) as session:
            users = {u.id: u for u in session.query(User).all()}
    finally:
        engine.dispose()
    with tempfile.TemporaryDirectory(prefix="enlace-casework-pages-") as folder:
        app = _app(url, Path(folder))
        clients = {uid: _signed_in(app, users[uid]) for uid in data.managers}
        for uid in data.managers[:3]:  # warm up: templates, connection pool
            _get(clients[uid], "/equipo/participantes")
        rng = random.Random(7)
        for i in range(samples):
            uid = data.managers[i % len(data.managers)]
            result.caseload_ms.append(_get(clients[uid], "/equipo/participantes"))
        picks = [rng.choice(data.participants) for _ in range(samples)]
        for participant_id, uid in picks:
            path = f"/equipo/participantes/{participant_id}"
            result.participant_ms.append(_get(clients[uid], path))
        with _without_audit():
            for participant_id, uid in picks:
                path = f"/equipo/participantes/{participant_id}"
                result.participant_unaudited_ms.append(_get(clients[uid], path))
    log(
        f"casework pages {backend}: caseload p95 {percentile(result.caseload_ms, 0.95):.1f} ms, "
        f"participant p95 {percentile(result.participant_ms, 0.95):.1f} ms"
    )
    return result


def run_sqlite(workdir: Path, sizes: Sizes, log: Log, samples: int) -> PageResult:
    with fresh_sqlite_url(workdir, "casework-pages.sqlite3") as url:
        return measure(url, "SQLite", sizes, log, samples)


def run_postgres(url: str, sizes: Sizes, log: Log, samples: int) -> PageResult:
    with fresh_postgres_url(url, SCHEMA) as scoped:
        return measure(scoped, "PostgreSQL", sizes, log, samples)


def _row(name: str, values: list[float], target: float | None) -> str:
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    verdict = "" if target is None else ("met" if p95 <= target else "**missed**")
    goal = "" if target is None else f"<= {target:.0f}"
    return f"| {name} | {p50:.2f} | {p95:.2f} | {goal} | {verdict} |"


def report_section(results: list[PageResult], sizes: Sizes, samples: int) -> str:
    lines = [
        MARK_START,
        "## Casework pages (caseload page, participant page, cost of auditing a view)",
        "",
        f"Whole pages through the Flask test client (routing, access check, service reads, "
        f"audit entry and commit, template) on `bench/casework_generate.py`'s data: "
        f"{sizes.participants:,} participants, {sizes.referrals:,} referrals, "
        f"{sizes.audit:,} audit entries. {samples} requests of each page, spread over the "
        f"{sizes.centres * sizes.managers_per_centre} case managers and random participants. "
        "The cost of auditing is the participant page measured again with its audit write "
        "replaced by a no-op. Run: `python -m bench casework-pages`.",
        "",
        *machine(),
        "",
        BEFORE,
        "",
    ]
    for r in results:
        cost = percentile(r.participant_ms, 0.5) - percentile(r.participant_unaudited_ms, 0.5)
        lines += [
            f"### {r.backend} (generated in {r.generate_s:.0f} s)",
            "",
            "| page | p50 ms | p95 ms | target p95 | |",
            "|---|---|---|---|---|",
            _row("caseload page `/equipo/participantes`", r.caseload_ms, TARGET_P95_MS),
            _row("participant page `/equipo/participantes/<id>`", r.participant_ms, TARGET_P95_MS),
            _row("participant page, audit write skipped", r.participant_unaudited_ms, None),
            "",
            f"Auditing a page view costs about {cost:.2f} ms at the median (one append-only "
            "insert in the page's own transaction).",
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
    results = [run_sqlite(workdir or Path("/tmp/enlace-bench"), sizes, log, samples)]
    url = os.environ.get("ENLACE_BENCH_POSTGRES_URL") or os.environ.get("ENLACE_TEST_POSTGRES_URL")
    if url:
        results.append(run_postgres(url, sizes, log, samples))
    else:
        log("casework pages: PostgreSQL skipped (set ENLACE_BENCH_POSTGRES_URL)")
    write_section(output, report_section(results, sizes, samples))
    log(f"casework pages results written to {output}")
