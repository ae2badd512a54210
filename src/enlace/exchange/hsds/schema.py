"""Validate exported records against the HSDS 3.0 JSON Schemas (and the profile's types).

The reference schemas ship inside the package (``enlace/exchange/hsds_schema/``, HSDS
3.0 by Open Referral, CC BY-SA 4.0); ``ENLACE_HSDS_SCHEMA_DIR`` points elsewhere, e.g. to
try a newer release. Their ``$ref``s are bare file
names, so every file is loaded into one ``referencing`` registry keyed by its name.
``jsonschema`` only checks ``date-time`` and ``uri`` formats when optional packages are
installed, so the checks used here are registered explicitly and always run.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from enlace.catalogue.errors import Problem
from enlace.exchange.hsds.spec import TABLES
from enlace.exchange.hsds.values import is_date, is_datetime, is_email, is_uri, is_uuid
from enlace.paths import PACKAGE_DIR

SCHEMA_DIR_ENV = "ENLACE_HSDS_SCHEMA_DIR"
_NOT_SCHEMAS = {"datapackage.json", "openapi.json"}
_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "uuid": {"type": "string", "format": "uuid"},
    "email": {"type": "string", "format": "email"},
    "uri": {"type": "string", "format": "uri"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "time": {"type": "string"},
    "array": {"type": "array"},
    "object": {"type": "object"},
}


class SchemaUnavailableError(RuntimeError):
    """The HSDS reference schemas are not where the configuration says."""


def default_schema_dir() -> Path:
    """The vendored HSDS 3.0 files inside the package (see their README for the version)."""
    return PACKAGE_DIR / "exchange" / "hsds_schema"


def schema_dir() -> Path:
    """Where the HSDS schemas are: ``ENLACE_HSDS_SCHEMA_DIR`` or the default."""
    configured = os.environ.get(SCHEMA_DIR_ENV)
    return Path(configured) if configured else default_schema_dir()


def format_checker() -> FormatChecker:
    """uuid, date, date-time, email and uri checks that do not need extra packages."""
    checker = FormatChecker(formats=())
    checks = {
        "uuid": is_uuid,
        "date-time": is_datetime,
        "date": is_date,
        "email": is_email,
        "uri": is_uri,
    }
    for name, check in checks.items():
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker


@cache
def load_registry(directory: Path) -> Registry:
    """Every schema file of ``directory`` in one registry keyed by file name."""
    if not (directory / "service.json").is_file():
        raise SchemaUnavailableError(
            f"HSDS 3.0 schemas not found in {directory}; "
            f"set {SCHEMA_DIR_ENV} to the folder holding service.json"
        )
    resources = []
    for path in sorted(directory.glob("*.json")):
        if path.name in _NOT_SCHEMAS:
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    registry: Registry = Registry().with_resources(resources)
    return registry


def profile_schema(key: str) -> dict[str, Any]:
    """The HSDS schema of a table plus the declared types of its ``enlace_`` properties."""
    table = TABLES[key]
    if not table.standard:
        return {
            "type": "object",
            "required": list(table.required),
            "properties": {name: _TYPES[kind] for name, kind in table.fields.items()},
        }
    return {
        "allOf": [
            {"$ref": f"{table.name}.json"},
            {"properties": {name: _TYPES[kind] for name, kind in table.extensions.items()}},
        ]
    }


class HsdsValidator:
    """Validates records table by table; reuse one instance for a whole dataset."""

    def __init__(self, directory: Path | None = None) -> None:
        registry = load_registry((directory or schema_dir()).resolve())
        checker = format_checker()
        self.validators = {
            key: Draft202012Validator(
                profile_schema(key), registry=registry, format_checker=checker
            )
            for key in TABLES
        }

    def errors(self, key: str, record: dict[str, Any]) -> list[tuple[str, str]]:
        """``(field path, message)`` for each way ``record`` breaks its schema."""
        return [
            (".".join(str(p) for p in error.absolute_path) or "(record)", error.message)
            for error in self.validators[key].iter_errors(record)
        ]

    def validate(self, dataset: dict[str, list[dict[str, Any]]]) -> list[Problem]:
        """Every schema problem of a dataset, named by file, record index and field."""
        problems = []
        for key, records in dataset.items():
            for index, record in enumerate(records):
                for path, message in self.errors(key, record):
                    problems.append(Problem(TABLES[key].json, f"[{index}]", path, message))
        return problems
