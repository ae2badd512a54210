"""The tabular form of HSDS: one CSV file per table plus a Frictionless ``datapackage.json``.

Extension columns (``enlace_*``) follow the standard ones; lists and objects go into a
cell as compact JSON, since CSV has no nesting. Reading parses each cell back by its
declared type, so a round trip through CSV gives the same records as JSON.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

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

_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
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
#: Opens one file of a dataset for reading (a file, a zip member, bytes in a test).
Opener = Callable[[], IO[bytes]]


def opener(path: Path) -> Opener:
    """An opener of a file on disk."""
    return lambda: path.open("rb")


def in_memory(files: dict[str, bytes]) -> dict[str, Opener]:
    """Openers of files given as bytes (tests, small inputs)."""
    return {name: partial(io.BytesIO, content) for name, content in files.items()}


class NotUtf8Error(ValueError):
    """A CSV file that is not UTF-8 text, with the offset of the first bad byte."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"not UTF-8 text (byte {offset})")


def text_lines(stream: IO[bytes]) -> Iterator[str]:
    """The lines of a UTF-8 file, decoded as they are read (a BOM is dropped).

    Lines are split on the newline byte, which no multi-byte UTF-8 character contains, so
    a whole file is never in memory; a bad byte raises :class:`NotUtf8Error`.
    A lone carriage return (old Mac files) also ends a line.
    """
    offset = 0
    for number, raw in enumerate(stream):
        try:
            line = raw.decode("utf-8-sig" if number == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8Error(offset + exc.start) from exc
        offset += len(raw)
        if "\r" in line.rstrip("\r\n"):  # old Mac line ends: csv needs a line each
            yield from (piece for piece in _LONE_CR.split(line) if piece)
        else:
            yield line


def read_table(collector: Collector, table: Table, name: str, stream: IO[bytes]) -> None:
    """Parse one CSV file into the collector, row by row; every bad cell becomes a problem."""
    try:
        _read_rows(collector, table, name, csv.reader(text_lines(stream), strict=True))
    except NotUtf8Error as exc:
        collector.problem(name, None, None, str(exc))


def _read_rows(collector: Collector, table: Table, name: str, reader: Iterator[list[str]]) -> None:
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
