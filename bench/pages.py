"""Public pages in one warm process: search, offer, home and agency pages through WSGI.

The app is created on a prepared instance folder (catalogue loaded, index built, as
``bench.web_load`` makes them) and each page is requested by calling the WSGI app
directly with a prepared environ, so the figure is what a worker spends on the page:
routing, the session, the search, loading offers, rendering, and nothing of a client or
a socket. Latencies are measured after a warm-up, p50 and p95 per page kind.

The URLs are the same in every run (seeded): the search page gets the realistic queries
of ``tests/search/relevance_cases.json`` (with their region, commune and domain) and
the load test's words with filters and sorts; offer and agency pages are sampled from
the catalogue's active records.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from sqlmodel import col, select
from werkzeug.test import EnvironBuilder

from enlace import create_app
from enlace.catalogue.models import Agency, Offer
from enlace.config import sqlite_url
from enlace.db import get_database, make_engine, open_session

ROOT = Path(__file__).resolve().parent.parent
CASES_FILE = ROOT / "tests" / "search" / "relevance_cases.json"
PAGE_KINDS = ("search", "offer", "home", "agency")
#: Words, filters and sorts of the load test's search mix (also measured here).
WORDS = [
    "trabajo", "vivienda", "curso", "capacitacion", "arriendo", "salud mental", "soldadura",
    "beca", "cedula", "jardin infantil", "pega", "subsidio", "abogado", "AA",
    "emprendimiento", "capasitacion", "vivienda talca", "curso de soldadura en Talca",
    "empleo", "colegio",
]  # fmt: skip
FILTERS = [
    "",
    "&region=13",
    "&domain=employment",
    "&domain=housing&region=7",
    "&free=1",
    "&region=8&sort=proximity",
]
HEADERS = {"Accept-Language": "es-CL,es;q=0.9"}


@dataclass
class PageResult:
    label: str
    offers: int
    latencies: dict[str, list[float]] = field(default_factory=dict)  # wall clock, ms
    cpu: dict[str, list[float]] = field(default_factory=dict)  # this thread's CPU time, ms
    errors: int = 0

    def p(self, kind: str, fraction: float) -> float:
        return percentile(self.latencies.get(kind, []), fraction)

    def cpu_p(self, kind: str, fraction: float) -> float:
        return percentile(self.cpu.get(kind, []), fraction)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def search_urls(count: int, seed: int = 11) -> list[str]:
    """The load test's search mix: words with filters and sorts."""
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(count)]
    return [f"/buscar?{urlencode({'q': word})}{rng.choice(FILTERS)}" for word in words]


def case_urls(path: Path = CASES_FILE) -> list[str]:
    """The relevance cases as a reader would type them, with their filters."""
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    urls = []
    for case in cases:
        pairs: list[tuple[str, str]] = [("q", case["query"])]
        for name in ("region", "commune"):
            if case.get(name):
                pairs.append((name, case[name]))
        pairs += [("domain", d) for d in case.get("domains", ())]
        if case.get("language", "es") != "es":
            pairs.append(("lang", case["language"]))
        urls.append("/buscar?" + urlencode(pairs))
    return urls


def page_urls(instance: Path, count: int = 120, seed: int = 5) -> dict[str, list[str]]:
    """URLs of each page kind for this catalogue (the same for the same catalogue)."""
    rng = random.Random(seed)
    engine = make_engine(sqlite_url(instance))
    with open_session(engine) as session:
        offers = list(
            session.exec(
                select(Offer.slug).where(Offer.status == "active").order_by(col(Offer.slug))
            )
        )
        agencies = list(session.exec(select(Agency.slug).order_by(col(Agency.slug))))
    engine.dispose()
    searches = case_urls() + search_urls(count)
    return {
        "search": rng.sample(searches, k=min(count, len(searches))),
        "offer": [f"/oferta/{s}" for s in rng.sample(offers, k=min(count, len(offers)))],
        "home": ["/"],
        "agency": [f"/institucion/{s}" for s in rng.sample(agencies, k=min(count, len(agencies)))],
    }


def _environ(url: str) -> dict[str, Any]:
    environ: dict[str, Any] = EnvironBuilder(path=url, headers=HEADERS).get_environ()
    return environ


def _timed(app: Flask, urls: Iterable[str], out: list[float], cpu: list[float]) -> int:
    errors = 0
    for url in urls:
        environ = _environ(url)
        status: list[str] = []

        def start_response(line: str, _headers: Any, _exc: Any = None) -> Callable[[bytes], None]:
            status.append(line)  # noqa: B023  (read before the next iteration)
            return lambda _data: None

        started, started_cpu = time.perf_counter(), time.thread_time()
        body = app.wsgi_app(environ, start_response)
        for _chunk in body:
            pass
        getattr(body, "close", lambda: None)()
        out.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        if not status or not status[0].startswith("200"):
            errors += 1
    return errors


def run_pages(
    label: str,
    instance: Path,
    offers: int,
    rounds: int = 3,
    log: Callable[[str], None] = print,
) -> PageResult:
    """Every page kind ``rounds`` times over its URLs, after one warm-up pass."""
    app = create_app({"INSTANCE_PATH": str(instance)})
    urls = page_urls(instance)
    result = PageResult(label, offers)
    log(f"pages {label}: {', '.join(f'{len(u)} {k}' for k, u in urls.items())} URLs")
    for kind in PAGE_KINDS:
        _timed(app, urls[kind][:20] if kind != "home" else urls[kind] * 20, [], [])  # warm-up
    for kind in PAGE_KINDS:
        latencies: list[float] = []
        cpu: list[float] = []
        repeat = 60 if kind == "home" else 1
        for _ in range(rounds):
            result.errors += _timed(app, urls[kind] * repeat, latencies, cpu)
        result.latencies[kind] = latencies
        result.cpu[kind] = cpu
    engine = get_database(app).engine
    if engine is not None:
        engine.dispose()
    return result


def pages_table(results: Sequence[PageResult]) -> list[str]:
    """p50 / p95 (ms) of each page kind, one row per catalogue."""
    lines = [
        "| catalogue | offers | "
        + " | ".join(f"{kind} p50 / p95" for kind in PAGE_KINDS)
        + " | errors |",
        "|---|---:|" + "---:|" * len(PAGE_KINDS) + "---:|",
    ]
    for r in results:
        cells = " | ".join(f"{r.p(k, 0.5):.1f} / {r.p(k, 0.95):.1f}" for k in PAGE_KINDS)
        lines.append(f"| {r.label} | {r.offers:,} | {cells} | {r.errors} |")
    for r in results:
        cells = " | ".join(f"{r.cpu_p(k, 0.5):.1f} / {r.cpu_p(k, 0.95):.1f}" for k in PAGE_KINDS)
        lines.append(f"| {r.label} (CPU time) | {r.offers:,} | {cells} | |")
    return lines
