"""No audience package imports another: what two of them share lives in ``enlace.web.common``.

Parses every module of every audience package (``src/enlace/web/<audience>/``) and fails
on an import of another audience's package, whatever the import form.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import enlace.web

WEB = Path(enlace.web.__file__).parent
AUDIENCES = sorted(p.name for p in WEB.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # relative: resolve against the package
                package = ".".join(path.relative_to(WEB.parent.parent).with_suffix("").parts)
                base = package.rsplit(".", node.level)[0]
                found.add(f"{base}.{node.module}")
            else:
                found.add(node.module)
            # "from enlace.web import admin" imports the admin package too
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _audience_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["enlace", "web"] and len(parts) > 2 and parts[2] in AUDIENCES:
        return parts[2]
    return None


def test_the_audiences_are_there() -> None:
    assert {"public", "auth", "admin", "staff", "coordinator", "api"} <= set(AUDIENCES)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_audience_imports_no_other_audience(audience: str) -> None:
    offences = []
    for path in sorted((WEB / audience).rglob("*.py")):
        for module in _imported_modules(path):
            other = _audience_of(module)
            if other is not None and other != audience:
                offences.append(f"{path.relative_to(WEB)} imports {module}")
    assert not offences, "share it through enlace.web.common instead: " + "; ".join(offences)


def test_the_checker_sees_every_form_of_import(tmp_path: Path) -> None:
    module = tmp_path / "views.py"
    module.write_text(
        "import enlace.web.staff.views\n"
        "from enlace.web import admin\n"
        "from enlace.web.auth.forms import LoginForm\n"
        "from enlace.web.common import INVALID\n",
        encoding="utf-8",
    )
    audiences = {_audience_of(m) for m in _imported_modules(module)} - {None}
    assert audiences == {"staff", "admin", "auth"}
