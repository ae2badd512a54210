"""Bad input is refused as a whole: every problem names its file, row and field, and the
database is exactly as before (row counts and catalogue revision), in JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.places import Region
from enlace.db import open_session
from enlace.exchange.hsds import import_dataset
from tests.unit.exchange.hsds.catalogue import IDS, export_files, fingerprint

UNKNOWN = "0b6f1d2a-0000-4000-8000-00000000dead"
Rows = list[dict[str, Any]]


def _service(rows: Rows) -> dict[str, Any]:
    return next(row for row in rows if row["id"] == IDS["welding"])


def _drop_name(rows: Rows) -> None:
    service = _service(rows)
    service["name"] = ""
    if not isinstance(service.get("enlace_domains"), str):  # JSON: leave the field out
        del service["name"]


def _duplicate(rows: Rows) -> None:
    rows.append({**_service(rows), "name": "Otro nombre"})


def _set(field: str, value: Any) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        _service(rows)[field] = value

    return change


def _bad_domain(rows: Rows) -> None:
    service = _service(rows)
    domains = [{"domain": "cooking", "role": "primary"}]
    service["enlace_domains"] = (
        json.dumps(domains) if isinstance(service["enlace_domains"], str) else domains
    )


def _unevaluable_rule(rows: Rows) -> None:
    service = _service(rows)
    rules = [{"attribute": "height", "operator": "gte", "value": 150}]
    service["enlace_eligibility_rules"] = (
        json.dumps(rules) if isinstance(service.get("enlace_domains"), str) else rules
    )


def _bad_location_link(rows: Rows) -> None:
    rows[0]["location_id"] = UNKNOWN


# (case, file stem, change, field, part of the message); the changed row is the welding
# course, except for appended duplicates (the last row) and service_at_location (the first)
ORG, AGE = "organization_id", "minimum_age"
CASES: list[tuple[str, str, Callable[[Rows], None], str, str]] = [
    ("missing name", "services", _drop_name, "name", ""),
    ("unknown organization", "services", _set(ORG, UNKNOWN), ORG, "unknown reference"),
    ("duplicate id", "services", _duplicate, "id", "duplicate id"),
    ("age not a number", "services", _set(AGE, "abc"), AGE, "'abc' is not a number"),
    ("age not whole", "services", _set(AGE, 17.5), AGE, "whole number"),
    ("status not allowed", "services", _set("status", "open"), "status", "is not one of"),
    ("bad uuid", "services", _set(ORG, "org-7"), ORG, "is not a UUID"),
    ("bad date", "services", _set("assured_date", "01/02/2025"), "assured_date", "is not a date"),
    ("bad url", "services", _set("url", "talca portal"), "url", "absolute URI"),
    ("unknown need domain", "services", _bad_domain, "enlace_domains", "not a need domain"),
    (
        "rule the engine cannot evaluate",
        "services",
        _unevaluable_rule,
        "enlace_eligibility_rules",
        "rule 0 (height gte 150): the matching engine cannot evaluate it",
    ),
    ("unknown location", "links", _bad_location_link, "location_id", "unknown reference"),
]
FILES = {
    "services": ("services.json", "services.csv"),
    "links": ("service_at_locations.json", "service_at_location.csv"),
}


def _edit_json(path: Path, change: Callable[[Rows], None]) -> Rows:
    rows: Rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    path.write_text(json.dumps(rows), encoding="utf-8")
    return rows


def _edit_csv(path: Path, change: Callable[[Rows], None]) -> Rows:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    header, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows([{k: "" if v is None else v for k, v in row.items()} for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows


def _expected_row(rows: Rows, case: str, form: str) -> int | str:
    if case == "duplicate id":
        index = len(rows) - 1
    elif case == "unknown location":
        index = 0
    else:
        index = next(i for i, row in enumerate(rows) if row["id"] == IDS["welding"])
    return f"[{index}]" if form == "json" else index + 1


def _refused(session: Session, path: Path) -> CatalogueDataError:
    before = fingerprint(session)
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(session, path)
    session.commit()  # nothing pending: committing must not write anything either
    assert fingerprint(session) == before
    return caught.value


@pytest.mark.parametrize("form", ["json", "csv"])
@pytest.mark.parametrize(
    ("case", "table", "change", "field", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_records_are_refused_with_file_row_and_field(
    catalogue_session: Session,
    tmp_path: Path,
    form: str,
    case: str,
    table: str,
    change: Callable[[Rows], None],
    field: str,
    message: str,
) -> None:
    export_files(catalogue_session, tmp_path)
    name = FILES[table][0 if form == "json" else 1]
    edit = _edit_json if form == "json" else _edit_csv
    rows = edit(tmp_path / form / name, change)
    error = _refused(catalogue_session, tmp_path / form)
    row = _expected_row(rows, case, form)
    where = [(p.file, p.row, p.field) for p in error.problems]
    assert (name, row, field) in where, error
    assert any(message in p.message for p in error.problems if p.field == field)
    shown = f"{name}, row {row}" if form == "csv" else f"{name}, {row}"
    line = next(text for text in str(error).splitlines() if f"{shown}, field '{field}': " in text)
    assert message in line


ROW = IDS["welding"].encode()


@pytest.mark.parametrize(
    ("name", "content", "row", "message"),
    [
        ("services.json", b'[{"id": ', "line 1, column 9", "invalid JSON"),
        ("services.json", b'{"id": 3}', "[0]", "is not a UUID"),
        ("services.json", b"\xff\xfe[]", None, "not UTF-8"),
        ("services.csv", b'id,name,status\n"' + ROW + b",x,active\n", 1, "broken CSV"),
        ("services.csv", b"id,name,status\n" + ROW + b",x,active,extra\n", 1, "cells"),
        ("services.csv", b"id,name\n" + ROW + b",x\n", None, "missing required column"),
        ("services.csv", b"id,name,name,status\n", None, "more than once"),
    ],
)
def test_broken_files_are_refused(
    catalogue_session: Session,
    tmp_path: Path,
    name: str,
    content: bytes,
    row: int | str | None,
    message: str,
) -> None:
    (tmp_path / name).write_bytes(content)
    error = _refused(catalogue_session, tmp_path)
    assert [(p.file, p.row) for p in error.problems][:1] == [(name, row)]
    assert message in error.problems[0].message


def test_a_refused_import_into_an_empty_database_leaves_it_empty(
    catalogue_session: Session, tmp_path: Path, empty_database: Callable[[], Engine]
) -> None:
    """Reference tables are loaded before records are cross-checked; they go too."""
    export_files(catalogue_session, tmp_path)
    _edit_json(tmp_path / "json" / "services.json", _set(ORG, UNKNOWN))
    catalogue_session.close()
    with open_session(empty_database()) as session:
        with pytest.raises(CatalogueDataError, match="unknown reference"):
            import_dataset(session, tmp_path / "json")
        session.commit()
        assert session.exec(select(func.count()).select_from(Region)).one() == 0
        assert set(fingerprint(session).values()) == {0}


def test_every_problem_is_reported_not_just_the_first(
    catalogue_session: Session, tmp_path: Path
) -> None:
    export_files(catalogue_session, tmp_path)

    def two_problems(rows: Rows) -> None:
        rows[0]["minimum_age"] = "abc"
        rows[1]["status"] = "open"

    _edit_json(tmp_path / "json" / "services.json", two_problems)
    error = _refused(catalogue_session, tmp_path / "json")
    assert {(p.row, p.field) for p in error.problems} == {("[0]", "minimum_age"), ("[1]", "status")}
