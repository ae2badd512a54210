"""Whoosh is patched when an index is opened or created, never by importing search."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from enlace.search.engine import build_index, patches

CHECK = """
import sys
import enlace.search
import enlace.search.engine
from enlace.search.engine import patches
assert not patches.applied(), "importing enlace.search patched Whoosh"
index = enlace.search.SearchIndex(sys.argv[1])
assert index.engine() is not None
assert patches.applied(), "opening an index left Whoosh unpatched"
patches.apply()  # idempotent
assert patches.applied()
index.close()
print("ok")
"""


def test_importing_search_leaves_whoosh_unpatched_and_opening_an_index_patches_it(
    tmp_path: Path,
) -> None:
    build_index(tmp_path / "ix-1", [], [], revision=1)
    (tmp_path / "CURRENT").write_text("ix-1", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_building_an_index_patches_whoosh(tmp_path: Path) -> None:
    build_index(tmp_path / "ix", [], [], revision=1)
    assert patches.applied()
