"""The copy of HSDS 3.0 in ``spec.py`` matches the reference files it was taken from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from enlace.exchange.hsds.reader import NESTED
from enlace.exchange.hsds.spec import ALIASES, TABLES

STANDARD = [key for key, table in TABLES.items() if table.standard]


def _package(schema_dir: Path) -> dict[str, dict[str, Any]]:
    package = json.loads((schema_dir / "datapackage.json").read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in package["resources"]}


def _kind(field: dict[str, Any]) -> str:
    if field.get("format") in ("uuid", "email", "uri"):
        return str(field["format"])
    return "string" if field["type"] == "string" else str(field["type"])


@pytest.mark.parametrize("key", STANDARD)
def test_fields_and_file_names_match_the_data_package(hsds_schema_dir: Path, key: str) -> None:
    table = TABLES[key]
    resource = _package(hsds_schema_dir)[table.name]
    assert resource["path"] == table.csv
    assert {f["name"]: _kind(f) for f in resource["schema"]["fields"]} == table.fields
    assert list(table.fields) == [f["name"] for f in resource["schema"]["fields"]]


@pytest.mark.parametrize("key", STANDARD)
def test_required_fields_and_enums_match_the_schemas(hsds_schema_dir: Path, key: str) -> None:
    table = TABLES[key]
    schema = json.loads((hsds_schema_dir / f"{table.name}.json").read_text(encoding="utf-8"))
    assert tuple(schema.get("required", [])) == table.required
    enums = {name: tuple(p["enum"]) for name, p in schema["properties"].items() if "enum" in p}
    assert enums == table.enums


def test_every_standard_table_is_known(hsds_schema_dir: Path) -> None:
    assert set(_package(hsds_schema_dir)) == {TABLES[key].name for key in STANDARD}


@pytest.mark.parametrize("parent", sorted(NESTED))
def test_nested_properties_exist_in_the_parent_schema(hsds_schema_dir: Path, parent: str) -> None:
    schema = json.loads(
        (hsds_schema_dir / f"{TABLES[parent].name}.json").read_text(encoding="utf-8")
    )
    # the "full" examples nest these although the object schemas do not declare them
    undeclared = {"organizations": {"services"}, "service_at_locations": {"service"}}
    declared = set(schema["properties"]) | undeclared.get(parent, set())
    assert set(NESTED[parent]) <= declared


def test_extension_fields_carry_the_profile_prefix() -> None:
    for table in TABLES.values():
        assert all(name.startswith("enlace_") for name in table.extensions)
    assert ALIASES["service_at_location"] == "service_at_locations"
    assert ALIASES["service"] == "services"


def test_the_profile_document_lists_every_extension() -> None:
    doc = (Path(__file__).resolve().parents[4] / "docs" / "hsds-profile.md").read_text(
        encoding="utf-8"
    )
    names = {name for table in TABLES.values() for name in table.extensions}
    names |= set(TABLES["enlace_agreements"].fields)
    names |= set(TABLES["enlace_network_memberships"].fields)
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert missing == []
