"""The public pages' section of BENCHMARKS.md: one process, under load, and how it got there.

It sits between two markers so that ``python -m bench --no-web`` keeps the last one and
``python -m bench --web-only`` replaces only it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bench.pages import PAGE_KINDS, PageResult, pages_table

if TYPE_CHECKING:  # web_load imports this module; the types only are needed here
    from bench.web_load import LoadResult

MARK_START = "<!-- web-load:start -->"
MARK_END = "<!-- web-load:end -->"
PAGE_TARGET_MS = 8.0
SEARCH_RPS_TARGET = 200.0

NOTES = """
### Before the changes (same machine, same benchmark, same day)

Measured with this very benchmark on the code before the work on page speed
(commit `e9f4d2d`), while other jobs kept the machine busy (load average about 4 on
2 cores), so wall-clock figures are about twice the CPU time:

BEFORE_FIGURES

### What was done for speed
WHAT_WAS_DONE
"""

BEFORE = """(to be measured)"""

DONE = """(see the report)"""


def _load_table(results: Sequence[LoadResult]) -> list[str]:
    lines = [
        "| catalogue | offers | clients | traffic | requests | errors | req/s | p50 | p95 | p99 "
        "| / static |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for name, run in r.runs.items():
            lines.append(
                f"| {r.label} | {r.offers:,} | {r.clients} | {name} | {run.requests:,} "
                f"| {run.errors} | {run.rps:.1f} | {run.p50:.0f} ms | {run.p95:.0f} ms "
                f"| {run.p99:.0f} ms | {r.ratio(name):.3f} |"
            )
    return lines


def _targets(pages: Sequence[PageResult], loads: Sequence[LoadResult]) -> list[str]:
    lines = []
    for p in pages:
        for kind in ("search", "offer"):
            wall, cpu = p.p(kind, 0.5), p.cpu_p(kind, 0.5)
            lines.append(
                f"- {p.label}: {kind} page p50 {wall:.1f} ms (CPU {cpu:.1f} ms), target "
                f"<= {PAGE_TARGET_MS:.0f} ms: {'met' if wall <= PAGE_TARGET_MS else '**missed**'}"
            )
    for r in loads:
        rps = r.runs["search"].rps
        lines.append(
            f"- {r.label}: search page {rps:.0f} req/s with 2 workers, target "
            f">= {SEARCH_RPS_TARGET:.0f}: {'met' if rps >= SEARCH_RPS_TARGET else '**missed**'}"
        )
    return lines


def report_section(pages: Sequence[PageResult], loads: Sequence[LoadResult]) -> str:
    load = os.getloadavg()
    lines = [
        MARK_START,
        "## Public pages: one process and under load",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        "`python -m bench --web-only` (also part of `make bench`); load average "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs when written.",
        "",
        "### One process (ms)",
        "",
        "Each page is requested through the app's WSGI callable in one warm process (no",
        "client, no socket): routing, the session, the search, loading offers, rendering.",
        "The search page gets the relevance cases of `tests/search/relevance_cases.json`",
        "with their filters and the load test's words with filters and sorts; offer and",
        "agency pages are sampled from the catalogue (120 of each, 3 rounds; the home",
        "page 180 times). *CPU time* is the thread's own time for the same requests:",
        "on a busy machine the wall clock also counts waiting for a core.",
        "",
        *pages_table(pages),
        "",
        "### Under load (gunicorn, 2 sync workers)",
        "",
        "gunicorn with 2 sync workers on 127.0.0.1; keep-alive client threads on the same",
        "2 cores request, for a fixed time, the search page alone (the mix above), then a",
        f"mix of pages ({', '.join(PAGE_KINDS)}: 4 : 3 : 1 : 2), then a static file from",
        "the same server, the same-run baseline: the last column is the ratio to it.",
        "",
        *_load_table(loads),
        "",
        "### Targets",
        "",
        *_targets(pages, loads),
        NOTES.replace("BEFORE_FIGURES", BEFORE.strip()).replace("WHAT_WAS_DONE", DONE.strip()),
        MARK_END,
    ]
    return "\n".join(lines)


def existing_section(path: Path) -> str | None:
    """The section of a previous run, to keep when only search is re-measured."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARK_START not in text or MARK_END not in text:
        return None
    return MARK_START + text.split(MARK_START, 1)[1].split(MARK_END, 1)[0] + MARK_END


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the section, leaving the rest of the file alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        _, after = rest.split(MARK_END, 1)
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
