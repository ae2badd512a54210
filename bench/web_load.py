"""The public search page under concurrent load, served by gunicorn as in production.

For the shipped catalogue and a 10,000-offer synthetic one: start gunicorn (2 workers,
this machine's cores) on loopback, build the index with `enlace reindex`, warm each
worker, then let N client threads (keep-alive connections) request a mix of search
pages for a fixed time. In the same run, the same clients fetch a static file from the
same server: the ratio to that baseline says how much of the budget the search takes.

The load generator runs on the same two cores as the server, so absolute figures are
pessimistic; the ratio is the comparable number. Traffic goes to 127.0.0.1 only, and
every loop is bounded in time and in requests.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from bench.generate import insert_catalogue
from enlace.catalogue.reference import load_reference
from enlace.db import make_engine, open_session
from enlace.paths import DIRECTORY_DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MARK_START = "<!-- web-load:start -->"
MARK_END = "<!-- web-load:end -->"
WORDS = [
    "trabajo",
    "vivienda",
    "curso",
    "capacitacion",
    "arriendo",
    "salud mental",
    "soldadura",
    "beca",
    "cedula",
    "jardin infantil",
    "pega",
    "subsidio",
    "abogado",
    "AA",
    "emprendimiento",
    "capasitacion",
    "vivienda talca",
    "curso de soldadura en Talca",
    "empleo",
    "colegio",
]
FILTERS = [
    "",
    "&region=13",
    "&domain=employment",
    "&domain=housing&region=7",
    "&free=1",
    "&region=8&sort=proximity",
]


@dataclass
class LoadResult:
    label: str
    offers: int
    clients: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50: float
    p95: float
    p99: float
    static_rps: float
    static_p95: float


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _search_urls(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [f"/buscar?q={quote_plus(rng.choice(WORDS))}{rng.choice(FILTERS)}" for _ in range(count)]


def _hammer(
    port: int, urls: list[str], clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int]:
    """Clients loop over ``urls`` until time or the request budget runs out."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = offset
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            url = urls[index % len(urls)]
            index += clients
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers={"Accept-Language": "es-CL"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def _prepare(label: str, workdir: Path) -> tuple[Path, int]:
    """An instance folder with the catalogue loaded and the index built."""
    instance = workdir / f"web-{label}"
    if instance.exists():
        for path in sorted(instance.rglob("*"), reverse=True):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    instance.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ENLACE_INSTANCE_PATH": str(instance)}
    if label == "shipped":
        subprocess.run(
            [str(BIN / "enlace"), "load", "--quiet"], check=True, env=env, capture_output=True
        )
        offers = 0
    else:
        size = int(label.removesuffix("k")) * 1000
        subprocess.run([str(BIN / "enlace"), "init"], check=True, env=env, capture_output=True)
        engine = make_engine(f"sqlite:///{instance / 'enlace.sqlite3'}")
        with open_session(engine) as session:
            load_reference(session, DIRECTORY_DATA_DIR)
            session.commit()
        offers = insert_catalogue(engine, size)
        engine.dispose()
    subprocess.run([str(BIN / "enlace"), "reindex"], check=True, env=env, capture_output=True)
    if label == "shipped":
        status = subprocess.run(
            [str(BIN / "enlace"), "status"], check=True, env=env, capture_output=True, text=True
        )
        found = re.search(r"offers\s*│\s*(\d+)", status.stdout)
        offers = int(found.group(1)) if found else 0
    return instance, offers


def run_load(
    label: str, workdir: Path, clients: int = 8, seconds: float = 20.0, log=print
) -> LoadResult:  # type: ignore[no-untyped-def]
    instance, offers = _prepare(label, workdir)
    port = _free_port()
    env = {**os.environ, "ENLACE_INSTANCE_PATH": str(instance)}
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "enlace:create_app()",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request(
                    "GET", "/static/css/enlace.css"
                )
                break
            except OSError:
                time.sleep(0.1)
        urls = _search_urls(400)
        _hammer(port, urls[:40], clients=4, seconds=5, max_requests=200)  # warm both workers
        log(f"web load {label}: {clients} clients for {seconds:.0f} s")
        latencies, errors = _hammer(port, urls, clients, seconds, max_requests=50_000)
        static, _ = _hammer(
            port, ["/static/css/enlace.css"], clients, seconds / 2, max_requests=50_000
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return LoadResult(
        label=label,
        offers=offers,
        clients=clients,
        seconds=seconds,
        requests=len(latencies),
        errors=errors,
        rps=len(latencies) / seconds,
        p50=_percentile(latencies, 0.50),
        p95=_percentile(latencies, 0.95),
        p99=_percentile(latencies, 0.99),
        static_rps=len(static) / (seconds / 2),
        static_p95=_percentile(static, 0.95),
    )


def report_section(results: list[LoadResult]) -> str:
    lines = [
        MARK_START,
        "## Public search page under load (gunicorn)",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python -m bench.web_load`"
        " (also part of `make bench`). gunicorn with 2 sync workers on 127.0.0.1; the load",
        "generator (keep-alive client threads) shares the same 2 cores, so absolute figures are",
        "pessimistic. Each client requests full results pages (`/buscar`, a mix of words, typos,",
        "region and domain filters and sorts, with facets and highlights) for a fixed time;",
        "the baseline is the same clients fetching a static file from the same server.",
        "",
        "| catalogue | offers | clients | requests | errors | search req/s | p50 | p95 | p99 "
        "| static req/s | search / static |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.label} | {r.offers:,} | {r.clients} | {r.requests:,} | {r.errors} "
            f"| {r.rps:.1f} | {r.p50:.0f} ms | {r.p95:.0f} ms | {r.p99:.0f} ms "
            f"| {r.static_rps:.0f} | {r.rps / r.static_rps:.2f} |"
        )
    lines += ["", MARK_END]
    return "\n".join(lines)


def existing_section(path: Path) -> str | None:
    """The web-load section of a previous run, to keep when only search is re-measured."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARK_START not in text or MARK_END not in text:
        return None
    return MARK_START + text.split(MARK_START, 1)[1].split(MARK_END, 1)[0] + MARK_END


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the web-load section, leaving the rest of the file alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        _, after = rest.split(MARK_END, 1)
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    labels = args or ["shipped", "10k"]
    workdir = Path(os.environ.get("ENLACE_BENCH_DIR", "/tmp/enlace-bench"))
    results = [run_load(label, workdir) for label in labels]
    write_section(ROOT / "BENCHMARKS.md", report_section(results))
    for r in results:
        print(f"{r.label}: {r.rps:.1f} req/s, p95 {r.p95:.0f} ms, {r.errors} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
