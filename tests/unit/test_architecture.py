"""The package arrows of docs/architecture.md hold: no two packages import each other.

Only module-level imports count (function-level imports are allowed in ``cli.py`` alone,
and a test elsewhere would catch them). Top-level modules (``db``, ``i18n``, ``config``…)
count as packages of their own.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "enlace"


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "enlace":
        return None
    return parts[1]


def _module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.Module, module: str) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def package_edges(root: Path = SRC) -> dict[str, set[str]]:
    """Package -> packages it imports at module level (migrations left out)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path)
        if ".migrations" in module:
            continue
        source = _package_of(module) if module.count(".") else None
        if source is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in _imports(tree, module):
            package = _package_of(target)
            if package is None or package == source:
                continue
            if (SRC / package).is_dir() or (SRC / f"{package}.py").is_file():
                edges[source].add(package)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Pairs of packages that reach each other (each pair once, sorted)."""
    reach: dict[str, set[str]] = {}
    for start in list(edges):
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(edges.get(node, ()))
        reach[start] = seen
    return sorted(
        {
            (a, b) if a < b else (b, a)
            for a, targets in reach.items()
            for b in targets
            if a != b and a in reach.get(b, set())
        }
    )


def test_no_two_packages_import_each_other() -> None:
    assert cycles(package_edges()) == []


def test_the_documented_arrows_point_down() -> None:
    edges = package_edges()
    for low, high in [
        ("catalogue", "network"),
        ("catalogue", "exchange"),
        ("catalogue", "search"),
        ("catalogue", "web"),
        ("db", "catalogue"),
        ("matching", "web"),
        ("search", "web"),
        ("exchange", "web"),
    ]:
        assert high not in edges.get(low, set()), f"{low} must not import {high}"


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [("a", "b")]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [("a", "b"), ("a", "c"), ("b", "c")]),
    ],
)
def test_cycles_are_found(edges: dict[str, set[str]], expected: list[tuple[str, str]]) -> None:
    assert cycles(edges) == expected


def test_the_edges_see_real_imports() -> None:
    """Guard against a scanner that sees nothing: web imports catalogue and search."""
    edges = package_edges()
    assert {"catalogue", "search", "accounts"} <= edges["web"]
