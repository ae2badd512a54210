"""The tabular form of HSDS: one CSV file per table plus a Frictionless ``datapackage.json``.

Extension columns (``enlace_*``) follow the standard ones; lists and objects go into a
cell as compact JSON, since CSV has no nesting. Reading parses each cell back by its
declared type, so a round trip through CSV gives the same records as JSON.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from enlace.exchange.hsds.records import Collector
from enlace.exchange.hsds.spec import (
    DATASET_KEYS,
    HSDS_VERSION,
    PROFILE_URI,
    PROFILE_VERSION,
    TABLES,
    Table,
)
from enlace.exchange.hsds.values import dumps, to_cell

#: Field types as Frictionless names them.
_FRICTIONLESS = {
    "string": ("string", None),
    "uuid": ("string", "uuid"),
    "email": ("string", "email"),
    "uri": ("string", "uri"),
    "number": ("number", None),
    "integer": ("integer", None),
    "boolean": ("boolean", None),
    "date": ("date", None),
    "datetime": ("datetime", None),
    "time": ("time", None),
    "array": ("array", None),
    "object": ("object", None),
}


def csv_text(table: Table, records: list[dict[str, Any]]) -> str:
    """One table as CSV text: a header of every column, then one line per record."""
    columns = table.columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        unknown = set(record) - set(columns)
        if unknown:
            raise AssertionError(f"{table.key}: fields without a column: {sorted(unknown)}")
        writer.writerow([to_cell(record.get(column)) for column in columns])
    return buffer.getvalue()


def _field(name: str, kind: str, extension: bool) -> dict[str, Any]:
    """One data-package field description."""
    frictionless, fmt = _FRICTIONLESS[kind]
    result: dict[str, Any] = {"name": name, "type": frictionless}
    if fmt:
        result["format"] = fmt
    if extension:
        result["description"] = f"Enlace profile extension ({PROFILE_URI})"
    return result


def datapackage(keys: list[str]) -> dict[str, Any]:
    """The ``datapackage.json`` describing the written CSV files, extensions included."""
    resources = []
    for key in keys:
        table = TABLES[key]
        schema: dict[str, Any] = {
            "fields": [
                *(_field(n, k, not table.standard) for n, k in table.fields.items()),
                *(_field(n, table.extensions[n], True) for n in sorted(table.extensions)),
            ],
            "primaryKey": "id",
        }
        foreign = [
            {"fields": name, "reference": {"resource": TABLES[target].name, "fields": "id"}}
            for name, target in sorted(table.foreign_keys.items())
            if target in keys
        ]
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append(
            {
                "name": table.name,
                "path": table.csv,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return {
        "name": "enlace_hsds",
        "title": "Enlace catalogue (HSDS 3.0 with the Enlace profile)",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "enlace_profile": {"uri": PROFILE_URI, "version": PROFILE_VERSION},
        "resources": resources,
    }


def write_tables(dataset: dict[str, list[dict[str, Any]]], directory: Path) -> list[Path]:
    """Write every table of ``dataset`` as CSV plus ``datapackage.json``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    keys = [key for key in DATASET_KEYS if key in dataset]
    written = []
    for key in keys:
        path = directory / TABLES[key].csv
        path.write_text(csv_text(TABLES[key], dataset[key]), encoding="utf-8", newline="")
        written.append(path)
    package = directory / "datapackage.json"
    package.write_text(dumps(datapackage(keys)), encoding="utf-8")
    written.append(package)
    return written


# -- reading ------------------------------------------------------------------------------
def read_table(collector: Collector, table: Table, name: str, content: bytes) -> None:
    """Parse one CSV file into the collector; every bad cell becomes a problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        collector.problem(name, None, None, f"not UTF-8 text (byte {exc.start})")
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        collector.problem(name, None, None, f"broken CSV header: {exc}")
        return
    if not header:
        collector.problem(name, None, None, "empty file: a CSV file needs at least a header line")
        return
    header = [column.strip() for column in header]
    doubled = sorted({column for column in header if header.count(column) > 1})
    if doubled:
        collector.problem(name, None, ", ".join(doubled), "column appears more than once")
        return
    missing = [required for required in table.required if required not in header]
    for required in missing:
        collector.problem(name, None, required, "missing required column")
    if missing:
        return  # every row would repeat the same problem
    row_number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            collector.problem(name, row_number + 1, None, f"broken CSV: {exc}")
            return
        row_number += 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            collector.problem(
                name,
                row_number,
                None,
                f"{len(cells)} cells but the header has {len(header)} columns",
            )
            continue
        raw = dict(zip(header, cells, strict=False))
        mark = len(collector.problems)
        data = collector.check(table, raw, name, row_number, from_text=True)
        collector.add(table.key, data, name, row_number, collector.problems[mark:])
