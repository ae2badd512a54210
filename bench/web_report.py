"""The public pages' section of BENCHMARKS.md: one process, under load, and how it got there.

It sits between two markers so that ``python -m bench --no-web`` keeps the last one and
``python -m bench --web-only`` replaces only it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bench.pages import PAGE_KINDS, PageResult, pages_table
from bench.sections import Section

if TYPE_CHECKING:  # web_load imports this module; the types only are needed here
    from bench.web_load import LoadResult

MARK_START = "<!-- web-load:start -->"
MARK_END = "<!-- web-load:end -->"
SECTION = Section(MARK_START, MARK_END)
existing_section = SECTION.existing
write_section = SECTION.write
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

BEFORE = """
One process (ms), p50 / p95:

| catalogue | offers | search p50 / p95 | offer p50 / p95 | home p50 / p95 | agency p50 / p95 |
|---|---:|---:|---:|---:|---:|
| shipped | 382 | 25.1 / 71.8 | 10.9 / 33.2 | 6.2 / 15.5 | 6.2 / 16.9 |
| 10k | 10,000 | 23.4 / 80.9 | 32.0 / 86.2 | 39.7 / 96.4 | 28.3 / 69.1 |
| shipped (CPU time) | 382 | 14.7 / 20.4 | 9.5 / 14.2 | 5.3 / 7.1 | 5.8 / 8.3 |
| 10k (CPU time) | 10,000 | 19.7 / 28.2 | 10.7 / 17.3 | 17.6 / 26.9 | 12.4 / 19.1 |

Under load (16 clients, 2 sync workers; the machine was busier still, load average 7.7):

| catalogue | traffic | req/s | p50 | p95 | / static |
|---|---|---:|---:|---:|---:|
| shipped | search | 38.8 | 362 ms | 722 ms | 0.143 |
| shipped | mix | 27.9 | 563 ms | 1053 ms | 0.103 |
| shipped | static | 270.7 | 32 ms | 193 ms | 1.000 |
| 10k | search | 18.5 | 809 ms | 1264 ms | 0.059 |
| 10k | mix | 20.9 | 685 ms | 1208 ms | 0.067 |
| 10k | static | 313.9 | 29 ms | 153 ms | 1.000 |

The load test of the old and the new code, run one after the other (15 s each) while
the full test suite also ran, measured by gunicorn's own CPU time per request (`/proc`):

| catalogue | traffic | old: server CPU / request | new | old: req/s on 2 free cores | new |
|---|---|---:|---:|---:|---:|
| shipped | search | 19.2 ms | 11.9 ms | 104 | 169 |
| shipped | mix | 14.9 ms | 7.8 ms | 134 | 255 |
| 10k | search | 21.6 ms | 12.6 ms | 93 | 159 |
| 10k | mix | 17.4 ms | 6.6 ms | 115 | 302 |

Interleaved runs of the old and new code in separate processes on the same machine
minutes apart (CPU time p50, ms) gave for the search page 13.7 -> 6.7 (shipped) and
19.0 -> 10.0 (10k), the offer page 13.1 -> 4.9 and 11.0 -> 3.5, the home page
6.8 -> 2.7 and 18.2 -> 2.6, the agency page 8.1 -> 4.1 and 12.0 -> 3.4.
"""

DONE = """
Profiled with pyinstrument and cProfile on both catalogues; in order of what it saved:

- **Pages read cards, not the ORM** (`catalogue/cards.py`, used by `catalogue/read.py`):
  the offer page's offer with its dozen related tables, the agency page, the saved
  list and the result cards are read with one plain query per table (all parents at
  once, statements built once) into read-only `Card`s that read like the records
  (columns, loaded relations, the model's methods). The ORM's selectin loaders were
  80 % of an offer page and a quarter of a search page. A card asked for a relation it
  did not load raises `NotLoadedError` instead of rendering nothing.
- **Result cards per catalogue revision** (`catalogue/memo.py`, `read.RESULT_CARDS`):
  the cards of recent hits are kept per process while the catalogue revision stays the
  same (any catalogue write, in any process, starts afresh), at most 5,000.
- **Snippets** (`search/snippets.py`): the words of a text and the snippet of a text
  for the words found in it are remembered per process, keyed by the text itself (an
  edited offer is a new key, so nothing goes stale); a text with none of the words is
  not fragmented. Tested equal to Whoosh's `highlight()`.
- **The catalogue identity once per transaction** (`catalogue/revision.py`): the layout,
  the reference cache and the search index each asked for it, three ORM queries a page.
- **Start-page counts with the reference data** (`catalogue/lookup.py`): ten counting
  queries per home page (a `GROUP BY` over every offer) now run once per revision.
- **Facets**: names of facet values remembered per revision and language, links built
  only for the values a page shows, query strings from remembered `name=value` pieces;
  filter codes made once per reference snapshot.
- **Templates**: translations handed to each page once instead of looked up per
  message; number formatting remembered; the page's language read from its context.
- **Agency offers** selected by agency alone: SQLite (no statistics) walked the status
  index, every active offer, for `agency_id = ? AND status = 'active'`.

Not done: caching whole pages or whole results of frequent queries (it would flatter
this benchmark, which repeats its URLs); the result template itself is unchanged.
"""


def _load_table(results: Sequence[LoadResult]) -> list[str]:
    lines = [
        "| catalogue | offers | clients | traffic | requests | errors | req/s | p50 | p95 | p99 "
        "| / static | server CPU / request | req/s on 2 free cores |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for name, run in r.runs.items():
            lines.append(
                f"| {r.label} | {r.offers:,} | {r.clients} | {name} | {run.requests:,} "
                f"| {run.errors} | {run.rps:.1f} | {run.p50:.0f} ms | {run.p95:.0f} ms "
                f"| {run.p99:.0f} ms | {r.ratio(name):.3f} | {run.cpu_ms:.1f} ms "
                f"| {run.capacity:.0f} |"
            )
    return lines


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _targets(pages: Sequence[PageResult], loads: Sequence[LoadResult]) -> list[str]:
    """Each target judged by the wall clock, and by CPU time (what an idle machine's
    wall clock would show) when other work shares the cores."""
    lines = []
    for p in pages:
        for kind in ("search", "offer"):
            wall, cpu = p.p(kind, 0.5), p.cpu_p(kind, 0.5)
            lines.append(
                f"- {p.label}: {kind} page p50 {wall:.1f} ms wall, {cpu:.1f} ms CPU; target "
                f"<= {PAGE_TARGET_MS:.0f} ms: wall {_verdict(wall <= PAGE_TARGET_MS)}, "
                f"CPU {_verdict(cpu <= PAGE_TARGET_MS)}"
            )
    for r in loads:
        run = r.runs["search"]
        lines.append(
            f"- {r.label}: search page {run.rps:.0f} req/s measured, {run.capacity:.0f} on 2 "
            f"free cores; target >= {SEARCH_RPS_TARGET:.0f}: measured "
            f"{_verdict(run.rps >= SEARCH_RPS_TARGET)}, on free cores "
            f"{_verdict(run.capacity >= SEARCH_RPS_TARGET)}"
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
        "the same server, the same-run baseline (*/ static* is the ratio to it). *Server CPU*",
        "is the CPU time gunicorn's processes used per request during the run (read from",
        "`/proc`); *req/s on 2 free cores* is 2 s / that: what the workers would serve if",
        "nothing else (the load generator, other jobs) used the cores. On a busy machine",
        "the measured req/s mostly says how busy it was; the CPU figures do not.",
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
