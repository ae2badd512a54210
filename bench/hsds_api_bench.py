"""``python -m bench hsds-api``: the HSDS read API at the shipped catalogue and at 100,000
generated offers (part of ``make bench``).

* A page of 50 fully nested services (``/hsds/services?full=true&per_page=50``) at random
  pages, in one process through the Flask test client: p50/p95 against the 50 ms target,
  as served (serialised records kept per catalogue revision) and cold (everything kept
  dropped before each request), with the number of SQL statements per cold page (about the
  same for 10 and 50 services: no N+1). Baseline in the same run: the same pages without
  ``full`` (one-to-one fields only).
* ``/hsds/services?format=ndjson&full=true``: the whole catalogue streamed; time, bytes,
  and peak Python memory (tracemalloc, in a second pass) at 10,000 and 100,000 offers: the
  same peak at both sizes means constant memory.
"""

from __future__ import annotations

import random
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.generate import insert_catalogue
from bench.report import machine
from bench.search_bench import percentile
from bench.sections import Section
from enlace import create_app
from enlace.catalogue.reference import load_reference
from enlace.db import get_database, make_engine, open_session
from enlace.exchange.hsds import api_read
from enlace.paths import DIRECTORY_DATA_DIR

MARK_START = "<!-- hsds-api:start -->"
MARK_END = "<!-- hsds-api:end -->"
SECTION = Section(MARK_START, MARK_END)
existing_section = SECTION.existing
write_section = SECTION.write
TARGET_MS = 50.0
PAGES = 60
BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"
Log = Callable[[str], None]


@dataclass
class PageRun:
    label: str
    offers: int
    full_p50: float
    full_p95: float
    cold_p50: float
    cold_p95: float
    plain_p50: float
    plain_p95: float
    queries_10: int
    queries_50: int


@dataclass
class StreamRun:
    label: str
    offers: int
    lines: int
    seconds: float
    megabytes: float
    peak_mb: float


def prepare(label: str, workdir: Path) -> Path:
    """An instance folder with the shipped catalogue, or a generated one of ``label``."""
    instance = workdir / f"hsds-api-{label}"
    if instance.exists():
        for path in sorted(instance.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    instance.mkdir(parents=True, exist_ok=True)
    env = {"ENLACE_INSTANCE_PATH": str(instance), "PATH": str(BIN)}
    if label == "shipped":
        subprocess.run([str(BIN / "enlace"), "load", "--quiet"], check=True, env=env)
        return instance
    subprocess.run([str(BIN / "enlace"), "init"], check=True, env=env, capture_output=True)
    engine = make_engine(f"sqlite:///{instance / 'enlace.sqlite3'}")
    with open_session(engine) as session:
        load_reference(session, DIRECTORY_DATA_DIR)
        session.commit()
    insert_catalogue(engine, int(label.removesuffix("k")) * 1000)
    engine.dispose()
    return instance


def _app(instance: Path) -> Any:
    return create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance / 'enlace.sqlite3'}",
            "SECRET_KEY": "bench",
            "API_RATE_LIMIT_PER_ADDRESS": 0,
        }
    )


def _statements(app: Any, client: Any, url: str) -> int:
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    engine = get_database(app).engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def _forget() -> None:
    """Drop everything the API keeps per revision (a cold request)."""
    for memo in (
        api_read._REFERENCE,
        api_read._COUNTS,
        api_read._FULL_SERVICES,
        api_read._ORGANIZATIONS,
        api_read._LOCATIONS,
    ):
        memo.clear()


def _timed_pages(
    client: Any, base: str, total: int, rng: random.Random, cold: bool = False
) -> list[float]:
    pages = max(1, total // 50)
    times = []
    for _ in range(PAGES):
        url = f"{base}&page={rng.randint(1, pages)}"
        if cold:
            _forget()
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, url
        times.append((time.perf_counter() - start) * 1000)
    return times


def run_pages(label: str, workdir: Path, log: Log) -> tuple[PageRun, Path]:
    instance = prepare(label, workdir)
    app = _app(instance)
    client = app.test_client()
    total = client.get("/hsds/services?per_page=1").get_json()["total_items"]
    log(f"hsds api {label}: {total} services")
    client.get("/hsds/services?full=true&per_page=50")  # warm caches
    rng = random.Random(5)
    full = _timed_pages(client, "/hsds/services?full=true&per_page=50", total, rng)
    cold = _timed_pages(client, "/hsds/services?full=true&per_page=50", total, rng, cold=True)
    plain = _timed_pages(client, "/hsds/services?per_page=50", total, rng)
    _forget()
    queries_10 = _statements(app, client, "/hsds/services?full=true&per_page=10")
    _forget()
    queries_50 = _statements(app, client, "/hsds/services?full=true&per_page=50")
    run = PageRun(
        label,
        total,
        percentile(full, 0.5),
        percentile(full, 0.95),
        percentile(cold, 0.5),
        percentile(cold, 0.95),
        percentile(plain, 0.5),
        percentile(plain, 0.95),
        queries_10,
        queries_50,
    )
    log(f"hsds api {label}: full page p95 {run.full_p95:.1f} ms, cold {run.cold_p95:.1f} ms")
    get_database(app).engine.dispose()
    return run, instance


def _stream(client: Any) -> tuple[int, int]:
    lines = size = 0
    with client.get("/hsds/services?format=ndjson&full=true", buffered=False) as response:
        for chunk in response.response:
            size += len(chunk)
            lines += chunk.count(b"\n")
    return lines, size


def run_stream(label: str, instance: Path, log: Log) -> StreamRun:
    app = _app(instance)
    client = app.test_client()
    start = time.perf_counter()
    lines, size = _stream(client)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    _stream(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    get_database(app).engine.dispose()
    log(f"hsds api {label}: ndjson {lines} lines in {seconds:.1f} s, peak {peak / 2**20:.1f} MB")
    return StreamRun(label, lines, lines, seconds, size / 2**20, peak / 2**20)


def report_section(pages: list[PageRun], streams: list[StreamRun]) -> str:
    lines = [
        MARK_START,
        "## HSDS read API (`python -m bench hsds-api`)",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, SQLite, one process "
        "through the Flask test client (no HTTP server).",
        *machine(),
        "",
        f"A page of 50 services at {PAGES} random pages: fully nested (`full=true`) against "
        "the same pages with one-to-one fields only (baseline, same run). Target: full "
        f"p95 ≤ {TARGET_MS:.0f} ms. *Served*: as the API runs (names, counts and serialised "
        "records kept per catalogue revision; random pages, so at 100k most are read for the "
        "first time). *Cold*: everything kept dropped before each request. SQL statements "
        "per cold full page with 10 and with 50 services (about equal: the children are "
        "batch-loaded, no N+1). Generated catalogues have no delivery locations, so their "
        "services nest less than the shipped ones.",
        "",
        "| catalogue | services | served p50 ms | served p95 ms | target | cold p50 ms | "
        "cold p95 ms | plain p50 ms | plain p95 ms | SQL (10 / 50) |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for p in pages:
        ok = "met" if p.full_p95 <= TARGET_MS else "**missed**"
        lines.append(
            f"| {p.label} | {p.offers:,} | {p.full_p50:.1f} | {p.full_p95:.1f} | {ok} | "
            f"{p.cold_p50:.1f} | {p.cold_p95:.1f} | "
            f"{p.plain_p50:.1f} | {p.plain_p95:.1f} | {p.queries_10} / {p.queries_50} |"
        )
    lines += [
        "",
        "`format=ndjson&full=true`: the whole catalogue streamed (read in chunks of 500 by "
        "id); peak Python memory measured with tracemalloc in a second pass. A peak that "
        "does not grow with the catalogue is constant memory.",
        "",
        "| catalogue | lines | seconds | MB sent | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in streams:
        lines.append(
            f"| {s.label} | {s.lines:,} | {s.seconds:.1f} | {s.megabytes:.1f} | {s.peak_mb:.1f} |"
        )
    lines.append(MARK_END)
    return "\n".join(lines)


def main(output: Path, log: Log, workdir: Path = Path("/tmp/enlace-bench")) -> None:
    pages: list[PageRun] = []
    streams: list[StreamRun] = []
    for label in ("shipped", "10k", "100k"):
        run, instance = run_pages(label, workdir, log)
        if label != "10k":
            pages.append(run)
        if label != "shipped":
            streams.append(run_stream(label, instance, log))
    write_section(output, report_section(pages, streams))
    log(f"hsds api results written to {output}")
