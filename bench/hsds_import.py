"""Import time and peak memory of ``import-hsds`` on generated messy city exports.

Each size is imported in a fresh subprocess (so peak memory, ``ru_maxrss``, is the
import's own) into a new SQLite database, with ``--skip-invalid`` as a coordinator would
run it on real data. Results go to their own marked section of BENCHMARKS.md.

python -m bench.hsds_import               # 10k services
python -m bench.hsds_import --sizes 10k,100k
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import SQLModel

import enlace.models  # noqa: F401  (registers every table)
from bench.hsds_messy import write_export
from bench.sections import Section
from enlace.db import make_engine, open_session
from enlace.exchange.hsds import import_dataset

ROOT = Path(__file__).resolve().parent.parent
MARK_START = "<!-- hsds-import:start -->"
MARK_END = "<!-- hsds-import:end -->"
SECTION = Section(MARK_START, MARK_END)
existing_section = SECTION.existing
write_section = SECTION.write
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


@dataclass
class ImportResult:
    services: int
    seconds: float
    peak_mb: float
    offers: int
    skipped: int


def _run(export: Path, database: Path) -> dict[str, float | int]:
    """In the subprocess: import ``export`` into a new database and measure it."""
    engine = make_engine(f"sqlite:///{database}")
    SQLModel.metadata.create_all(engine)
    started = time.perf_counter()
    with open_session(engine) as session:
        report = import_dataset(session, export, skip_invalid=True)
        session.commit()
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "offers": report.stats.created.get("offer", 0),
        "skipped": len({(s.table, s.record_id) for s in report.skipped}),
    }


def run_import(label: str, workdir: Path, log: Callable[[str], None]) -> ImportResult:
    """Generate an export of one size and import it in a subprocess."""
    services = SIZES[label]
    folder = workdir / f"hsds-{label}"
    shutil.rmtree(folder, ignore_errors=True)
    log(f"[hsds {label}] generating a messy export of {services:,} services")
    write_export(folder / "export", services)
    log(f"[hsds {label}] importing it (skip-invalid) in a subprocess")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.hsds_import",
            "--child",
            str(folder / "export"),
            str(folder / "catalogue.sqlite3"),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    result = ImportResult(services, **measured)
    log(f"[hsds {label}] {result.seconds:.1f} s, peak {result.peak_mb:.0f} MB")
    return result


def report_section(results: list[ImportResult], note: str = "") -> str:
    """The BENCHMARKS.md section of this run."""
    lines = [
        MARK_START,
        "## HSDS import (generated messy city export, `--skip-invalid`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} UTC; each import in its own process, new "
        "SQLite database; peak = `ru_maxrss` of that process (Python, data and ORM).",
        *([note] if note else []),
        "",
        "| services | offers imported | records skipped | time | services/s | peak memory |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.services:,} | {r.offers:,} | {r.skipped:,} | {r.seconds:.1f} s | "
            f"{r.services / r.seconds:,.0f} | {r.peak_mb:,.0f} MB |"
        )
    lines += ["", MARK_END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hsds_import", description=__doc__)
    parser.add_argument("--sizes", default="10k", help="comma-separated: 1k,10k,100k")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/enlace-bench"))
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--note", default="", help="a line for the report (e.g. machine busy)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run(*args.child)))
        return 0
    labels = args.sizes.split(",")
    unknown = [label for label in labels if label not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    results = [run_import(label, args.workdir, log) for label in labels]
    write_section(args.output, report_section(results, args.note))
    log(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
