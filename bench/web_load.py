"""The public pages under concurrent load, served by gunicorn as in production.

For the shipped catalogue and a 10,000-offer synthetic one: build an instance folder
(catalogue loaded, index built with `enlace reindex`), start gunicorn (2 sync workers,
this machine's cores) on loopback, warm each worker, then let N client threads
(keep-alive connections) request pages for a fixed time: the search page alone (a mix
of words, typos, filters and sorts), then a mix of search, offer, home and agency pages.
In the same run the same clients fetch a static file from the same server: the ratio
to that baseline is the comparable number, since the load generator shares the cores.

Traffic goes to 127.0.0.1 only, and every loop is bounded in time and in requests.

python -m bench.web_load                # shipped and 10k: pages in one process, then load
python -m bench.web_load shipped        # one catalogue
python -m bench.web_load --pages-only   # one process only, printed (no report written)
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import insert_catalogue
from bench.pages import PageResult, page_urls, pages_table, percentile, run_pages
from bench.web_report import report_section, write_section
from enlace.catalogue.reference import load_reference
from enlace.db import make_engine, open_session
from enlace.paths import DIRECTORY_DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STATIC = "/static/css/enlace.css"
#: Share of each page kind in the page mix.
MIX = {"search": 4, "offer": 3, "home": 1, "agency": 2}
TRAFFIC = ("search", "mix", "static")


@dataclass
class LoadRun:
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float
    server_cpu: float = 0.0  # CPU seconds the gunicorn processes used during the run

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU time per request: what a request costs whoever else shares the cores."""
        return self.server_cpu * 1000 / self.requests if self.requests else 0.0

    @property
    def capacity(self) -> float:
        """Requests per second the 2 workers would serve with 2 cores to themselves."""
        return 2000 / self.cpu_ms if self.cpu_ms else 0.0


@dataclass
class LoadResult:
    label: str
    offers: int
    clients: int
    runs: dict[str, LoadRun] = field(default_factory=dict)

    def ratio(self, traffic: str) -> float:
        static = self.runs["static"].rps
        return self.runs[traffic].rps / static if static else 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def mix_urls(urls: dict[str, list[str]], count: int = 400, seed: int = 13) -> list[str]:
    """Page URLs drawn by the weights of :data:`MIX` (the same for the same catalogue)."""
    rng = random.Random(seed)
    kinds = list(MIX)
    picked = rng.choices(kinds, weights=[MIX[k] for k in kinds], k=count)
    return [rng.choice(urls[kind]) for kind in picked]


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


def _server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [master]
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        pids += [int(pid) for pid in children]
    except OSError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _measure(port: int, master: int, urls: list[str], clients: int, seconds: float) -> LoadRun:
    started, cpu = time.perf_counter(), _server_cpu(master)
    latencies, errors = _hammer(port, urls, clients, seconds, max_requests=100_000)
    elapsed = time.perf_counter() - started
    return LoadRun(
        server_cpu=_server_cpu(master) - cpu,
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
    )


def prepare_instance(label: str, workdir: Path) -> tuple[Path, int]:
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
    label: str,
    instance: Path,
    offers: int,
    clients: int = 16,
    seconds: float = 20.0,
    log: Callable[[str], None] = print,
) -> LoadResult:
    """Search alone, the page mix and the static baseline against one gunicorn."""
    urls = page_urls(instance)
    traffic = {
        "search": urls["search"],
        "mix": mix_urls(urls),
        "static": [STATIC],
    }
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
    result = LoadResult(label, offers, clients)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", STATIC)
                break
            except OSError:
                time.sleep(0.1)
        _hammer(port, traffic["mix"][:80], clients=4, seconds=5, max_requests=300)  # warm up
        for name in TRAFFIC:
            log(f"web load {label}: {name}, {clients} clients for {seconds:.0f} s")
            length = seconds / 2 if name == "static" else seconds
            result.runs[name] = _measure(port, server.pid, traffic[name], clients, length)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def run_web(
    labels: Sequence[str],
    workdir: Path,
    *,
    seconds: float = 20.0,
    clients: int = 16,
    log: Callable[[str], None] = print,
) -> tuple[list[PageResult], list[LoadResult]]:
    """For each catalogue: prepare it, time its pages in one process, then load-test."""
    pages: list[PageResult] = []
    loads: list[LoadResult] = []
    for label in labels:
        log(f"preparing the {label} catalogue")
        instance, offers = prepare_instance(label, workdir)
        pages.append(run_pages(label, instance, offers, log=log))
        loads.append(run_load(label, instance, offers, clients, seconds, log))
    return pages, loads


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    labels = [a for a in args if not a.startswith("-")] or ["shipped", "10k"]
    workdir = Path(os.environ.get("ENLACE_BENCH_DIR", "/tmp/enlace-bench"))
    if "--pages-only" in args:  # one process only: quick, and no report written
        for label in labels:
            instance, offers = prepare_instance(label, workdir)
            print("\n".join(pages_table([run_pages(label, instance, offers)])))
        return 0
    pages, loads = run_web(labels, workdir)
    write_section(ROOT / "BENCHMARKS.md", report_section(pages, loads))
    for r in loads:
        print(
            f"{r.label}: search {r.runs['search'].rps:.1f} req/s, "
            f"mix {r.runs['mix'].rps:.1f} req/s, static {r.runs['static'].rps:.0f} req/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
