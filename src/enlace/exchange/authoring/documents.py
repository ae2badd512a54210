"""Read the authoring files of ``directory_data/`` and check them against their schema.

Every file is parsed and checked before anything else happens, so a broken catalogue is
reported in full (file, record, field) and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

from enlace.catalogue.errors import CatalogueDataError, Problem

SCHEMA_FILE = Path("schema") / "catalogue.schema.json"
SECTIONS = ("agencies", "offers", "agreements")


def _files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    for section in SECTIONS:
        for path in sorted((data_dir / section).glob("*.json")):
            yield section, path


def read_documents(data_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """Parse and schema-check every authoring file; raise with every problem found."""
    schema = json.loads((data_dir / SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    problems: list[Problem] = []
    documents: list[tuple[str, dict[str, Any]]] = []
    for _section, path in _files(data_dir):
        name = str(path.relative_to(data_dir))
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, f"line {exc.lineno}", None, f"invalid JSON: {exc.msg}"))
            continue
        for error in validator.iter_errors(document):
            parts = list(error.absolute_path)
            row = f"{parts[0]}[{parts[1]}]" if len(parts) >= 2 else None
            field_name = ".".join(str(p) for p in parts[2:]) or None
            problems.append(Problem(name, row, field_name, error.message))
        documents.append((name, document))
    if problems:
        raise CatalogueDataError(problems)
    return documents
