"""Where the files that ship with Enlace live, installed or in a source checkout.

A wheel carries ``templates/`` and ``directory_data/`` inside the package; an editable
install or a checkout finds them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


TEMPLATES_DIR = _first_existing(PACKAGE_DIR / "templates", _REPO_ROOT / "templates")
DIRECTORY_DATA_DIR = _first_existing(PACKAGE_DIR / "directory_data", _REPO_ROOT / "directory_data")
STATIC_DIR = PACKAGE_DIR / "web" / "static"
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
#: The Enlace profile of HSDS 3.0, served at /hsds/profile (inside the wheel, or docs/).
DOCS_DIR = _first_existing(PACKAGE_DIR / "docs", _REPO_ROOT / "docs")
HSDS_PROFILE_DOC = DOCS_DIR / "hsds-profile.md"
