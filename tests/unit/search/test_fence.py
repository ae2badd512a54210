"""The fence around the search engine: only ``enlace.search.engine`` reaches into Whoosh.

Outside that package, code may import these public Whoosh modules, used for what they
document: analyzers (``whoosh.analysis``, ``whoosh.lang``), the schema's field types
(``whoosh.fields``, ``whoosh.formats``), query objects built by the pure query builder
(``whoosh.query``) and highlighting of stored text (``whoosh.highlight``). No private
name may be imported from them, and nothing outside the engine may import the engine's
modules: only what ``enlace.search.engine`` itself exports (chiefly ``SearchIndex``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import enlace
import enlace.search.engine

SOURCE = Path(enlace.__file__).parent
ENGINE = SOURCE / "search" / "engine"
PUBLIC_WHOOSH = {
    "whoosh.analysis",
    "whoosh.fields",
    "whoosh.formats",
    "whoosh.highlight",
    "whoosh.lang",
    "whoosh.query",
}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every import in ``path``."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            if node.module in {"whoosh", "enlace.search"}:
                found.extend((f"{node.module}.{name}", []) for name in names)
            else:
                found.append((node.module, names))
    return found


def _outside_engine() -> list[Path]:
    return [p for p in sorted(SOURCE.rglob("*.py")) if ENGINE not in p.parents]


def test_only_the_engine_imports_whoosh_beyond_its_public_modules() -> None:
    leaks = [
        f"{path.relative_to(SOURCE)}: {module} {names}"
        for path in _outside_engine()
        for module, names in _imports(path)
        if module.split(".")[0] == "whoosh"
        and (module not in PUBLIC_WHOOSH or any(n.startswith("_") for n in names))
    ]
    assert leaks == []


def test_nothing_outside_the_engine_imports_its_modules() -> None:
    exported = set(enlace.search.engine.__all__)
    leaks = [
        f"{path.relative_to(SOURCE)}: {module} {names}"
        for path in _outside_engine()
        for module, names in _imports(path)
        if module.startswith("enlace.search.engine.")
        or (module == "enlace.search.engine" and set(names) - exported)
    ]
    assert leaks == []


def test_the_fence_sees_the_engine_and_its_whoosh_imports() -> None:
    """Guards the guard: the engine exists and does import Whoosh internals."""
    inside = {m for p in ENGINE.rglob("*.py") for m, _n in _imports(p)}
    assert "whoosh.codec.whoosh3" in inside
    assert "whoosh.writing" in inside or "whoosh.writing.SegmentWriter" in inside
