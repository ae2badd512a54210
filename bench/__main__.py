"""``make bench`` = ``python -m bench``: every benchmark, results written to BENCHMARKS.md.

python -m bench                  # 1k, 10k and 100k offers (about 15 minutes)
python -m bench --quick          # 1k and 10k, fewer queries
python -m bench --sizes 10k      # just one size
python -m bench --no-web         # skip the public pages (one process and gunicorn load)
python -m bench --web-only       # only the public pages, shipped catalogue and 10k (~5 min)
python -m bench.web_load shipped # the public pages of one catalogue
python -m bench network          # only the partner-network benchmark (about 1 minute)
python -m bench matching         # only the matching benchmark (about 5 minutes)
python -m bench hsds-api         # only the HSDS read API benchmark (about 5 minutes)
python -m bench --no-hsds-api    # skip the HSDS read API benchmark
python -m bench stewardship      # only the stewardship benchmark (10k and 100k offers)
python -m bench --no-matching    # skip the matching benchmark
python -m bench casework         # only the casework services benchmark (a few minutes)
python -m bench --no-casework    # skip the casework services benchmark
python -m bench casework-pages   # only the casework pages benchmark (a few minutes)
python -m bench --no-casework-pages  # skip the casework pages benchmark
python -m bench evaluation       # only the evaluation dashboard benchmark (a few minutes)
python -m bench --no-evaluation  # skip the evaluation dashboard benchmark
python -m bench --no-network     # skip the partner-network benchmark
python -m bench --hsds-sizes 10k,100k  # HSDS import sizes (default 10k; "none" skips)
python -m bench.hsds_import --sizes 100k  # only the HSDS import benchmark
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import (
    casework_bench,
    casework_pages,
    evaluation_bench,
    hsds_api_bench,
    matching_bench,
    network_bench,
    stewardship_bench,
)
from bench.generate import SIZES
from bench.hsds_import import existing_section as existing_import_section
from bench.hsds_import import report_section as import_section
from bench.hsds_import import run_import
from bench.hsds_import import write_section as write_import_section
from bench.relevance import shipped_relevance
from bench.report import write_report
from bench.search_bench import run_size
from bench.web_load import run_web
from bench.web_report import existing_section, report_section, write_section

ROOT = Path(__file__).resolve().parent.parent


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def run_network(output: Path, workdir: Path) -> None:
    """The partner-network benchmark alone; its section of BENCHMARKS.md is replaced."""
    result = network_bench.run_network(workdir, _log)
    network_bench.write_section(output, network_bench.report_section(result))
    _log(f"network results written to {output}")


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["network"]:
        run_network(ROOT / "BENCHMARKS.md", Path("/tmp/enlace-bench"))
        return 0
    if args_list[:1] == ["casework"]:
        casework_bench.main(ROOT / "BENCHMARKS.md", _log, quick="--quick" in args_list)
        return 0
    if args_list[:1] == ["casework-pages"]:
        casework_pages.main(ROOT / "BENCHMARKS.md", _log, quick="--quick" in args_list)
        return 0
    if args_list[:1] == ["evaluation"]:
        evaluation_bench.main(ROOT / "BENCHMARKS.md", _log, quick="--quick" in args_list)
        return 0
    if args_list[:1] == ["hsds-api"]:
        hsds_api_bench.main(ROOT / "BENCHMARKS.md", _log)
        return 0
    if args_list[:1] == ["stewardship"]:
        sizes = tuple(args_list[1].split(",")) if len(args_list) > 1 else ("10k", "100k")
        stewardship_bench.main(ROOT / "BENCHMARKS.md", _log, sizes)
        return 0
    if args_list[:1] == ["matching"]:
        matching_bench.main(ROOT / "BENCHMARKS.md", _log, quick="--quick" in args_list)
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=None, help="comma-separated: 1k,10k,100k")
    parser.add_argument("--quick", action="store_true", help="1k and 10k, 20 queries per kind")
    parser.add_argument("--queries", type=int, default=None, help="queries per kind (default 60)")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/enlace-bench"))
    parser.add_argument(
        "--no-web", action="store_true", help="skip the public pages (one process and load)"
    )
    parser.add_argument(
        "--web-only", action="store_true", help="only the public pages (one process and load)"
    )
    parser.add_argument(
        "--no-network", action="store_true", help="skip the partner-network benchmark"
    )
    parser.add_argument("--no-matching", action="store_true", help="skip the matching benchmark")
    parser.add_argument(
        "--no-casework", action="store_true", help="skip the casework services benchmark"
    )
    parser.add_argument(
        "--no-casework-pages", action="store_true", help="skip the casework pages benchmark"
    )
    parser.add_argument(
        "--no-evaluation", action="store_true", help="skip the evaluation dashboard benchmark"
    )
    parser.add_argument(
        "--no-hsds-api", action="store_true", help="skip the HSDS read API benchmark"
    )
    parser.add_argument(
        "--no-stewardship", action="store_true", help="skip the stewardship benchmark"
    )
    parser.add_argument(
        "--hsds-sizes", default="10k", help="HSDS import sizes: 1k,10k,100k or none"
    )
    args = parser.parse_args(args_list)
    labels = args.sizes.split(",") if args.sizes else (["1k", "10k"] if args.quick else list(SIZES))
    unknown = [label for label in labels if label not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")
    per_kind = args.queries or (20 if args.quick else 60)

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    started = time.time()
    previous_web = existing_section(args.output)
    previous_import = existing_import_section(args.output)
    previous_network = network_bench.existing_section(args.output)
    previous_matching = matching_bench.existing_section(args.output)
    previous_casework = casework_bench.existing_section(args.output)
    previous_pages = casework_pages.existing_section(args.output)
    previous_evaluation = evaluation_bench.existing_section(args.output)
    previous_hsds_api = hsds_api_bench.existing_section(args.output)
    if not args.web_only:
        log("relevance of the query set on the shipped catalogue")
        relevance = shipped_relevance()
        results = [run_size(label, args.workdir, per_kind, log) for label in labels]
        write_report(args.output, results, relevance, per_kind, time.time() - started)
    if not args.no_web:
        pages, loads = run_web(("shipped", "10k"), args.workdir, log=log)
        write_section(args.output, report_section(pages, loads))
    elif previous_web:
        write_section(args.output, previous_web)
    if args.hsds_sizes != "none" and not args.web_only:
        imports = [run_import(label, args.workdir, log) for label in args.hsds_sizes.split(",")]
        write_import_section(args.output, import_section(imports))
    elif previous_import:
        write_import_section(args.output, previous_import)
    if not args.no_network and not args.web_only:
        run_network(args.output, args.workdir)
    elif previous_network:
        network_bench.write_section(args.output, previous_network)
    if not args.no_matching and not args.web_only:
        matching_bench.main(args.output, log, quick=args.quick)
    elif previous_matching:
        matching_bench.write_section(args.output, previous_matching)
    if not args.no_casework and not args.web_only:
        casework_bench.main(args.output, log, quick=args.quick, workdir=args.workdir)
    elif previous_casework:
        casework_bench.write_section(args.output, previous_casework)
    if not args.no_casework_pages and not args.web_only:
        casework_pages.main(args.output, log, quick=args.quick, workdir=args.workdir)
    elif previous_pages:
        casework_pages.write_section(args.output, previous_pages)
    if not args.no_evaluation and not args.web_only:
        evaluation_bench.main(args.output, log, quick=args.quick, workdir=args.workdir)
    elif previous_evaluation:
        evaluation_bench.write_section(args.output, previous_evaluation)
    if not args.no_hsds_api and not args.web_only:
        hsds_api_bench.main(args.output, log, args.workdir)
    elif previous_hsds_api:
        hsds_api_bench.write_section(args.output, previous_hsds_api)
    previous_stewardship = stewardship_bench.existing_section(args.output)
    if not args.no_stewardship and not args.web_only:
        stewardship_bench.main(args.output, log)
    elif previous_stewardship:
        stewardship_bench.write_section(args.output, previous_stewardship)
    log(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
