"""No merge-conflict markers left in the sources a browser, Python or Babel reads.

A leftover marker in a stylesheet breaks no Python test, yet silently drops the rules around
it (the API-token secret overflowed phones that way once).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
SUFFIXES = {".py", ".html", ".css", ".js", ".md", ".toml", ".txt", ".po", ".pot", ".cfg", ".json"}
TREES = ("src", "templates", "tests", "bench", "docs", "tools")


def _sources() -> list[Path]:
    found = [ROOT / name for name in ("README.md", "BENCHMARKS.md", "Makefile", "pyproject.toml")]
    for tree in TREES:
        found += [
            p
            for p in (ROOT / tree).rglob("*")
            if p.suffix in SUFFIXES and "vendor" not in p.parts and p.is_file()
        ]
    return [p for p in found if p.exists()]


def test_sources_are_found() -> None:
    names = {p.name for p in _sources()}
    assert {"enlace.css", "README.md", "base.html"} <= names


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_conflict_markers(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert not MARKER.search(text), f"merge-conflict marker left in {path.relative_to(ROOT)}"
