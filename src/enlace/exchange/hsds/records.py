"""Raw HSDS records as read from files, checked field by field and merged by id.

HSDS data may repeat a record: a "full" service nests its organization, whose locations
reappear under each service_at_location, and a CSV file may list a row twice. Records
with the same id are therefore merged when they agree, and reported when they do not,
so every later step sees each record once, with the place it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from enlace.catalogue.errors import Problem
from enlace.exchange.hsds.spec import EXTENSION_PREFIX, Table
from enlace.exchange.hsds.values import InvalidValueError, coerce


@dataclass
class Record:
    """One HSDS record: its typed fields and where it was first read."""

    table: str
    data: dict[str, Any]
    file: str
    row: int | str

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def has_profile(self) -> bool:
        """Written with the Enlace profile: then its codes are given, never guessed."""
        return any(name.startswith(EXTENSION_PREFIX) for name in self.data)


@dataclass
class RawDataset:
    """Every record of an import, per table and id, in reading order."""

    form: str  # "json" or "csv"
    tables: dict[str, dict[str, Record]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def records(self, key: str) -> list[Record]:
        """The records of one table, in reading order."""
        return list(self.tables.get(key, {}).values())

    def get(self, key: str, record_id: str | None) -> Record | None:
        if record_id is None:
            return None
        return self.tables.get(key, {}).get(record_id)

    def counts(self) -> dict[str, int]:
        """Records read per table (non-empty tables only)."""
        return {key: len(rows) for key, rows in self.tables.items() if rows}

    def __iter__(self) -> Iterator[Record]:
        for rows in self.tables.values():
            yield from rows.values()


class Collector:
    """Checks and merges records while collecting every problem (nothing stops early)."""

    def __init__(self, form: str) -> None:
        self.dataset = RawDataset(form=form)
        self.problems: list[Problem] = []

    def problem(
        self, file: str, row: int | str | None, field_name: str | None, message: str
    ) -> None:
        """Note a problem; reading goes on to find the others."""
        self.problems.append(Problem(file, row, field_name, message))

    def warn(self, message: str) -> None:
        """Note something the importer should tell the person."""
        self.dataset.warnings.append(message)

    def check(
        self,
        table: Table,
        raw: dict[str, Any],
        file: str,
        row: int | str,
        *,
        from_text: bool = False,
    ) -> dict[str, Any]:
        """Type-check the known fields of one record; unknown fields are left out."""
        data: dict[str, Any] = {}
        for name, given in raw.items():
            kind = table.type_of(name)
            if kind is None or given is None:
                continue
            if from_text and given == "" and (name not in table.required or kind != "string"):
                continue  # an empty cell is a missing value, but a required text may be empty
            try:
                value = coerce(given, kind, from_text=from_text)
            except InvalidValueError as exc:
                self.problem(file, row, name, str(exc))
                continue
            allowed = table.enums.get(name)
            if allowed is not None and value not in allowed:
                folded = {option.lower(): option for option in allowed}
                if isinstance(value, str) and value.lower() in folded:
                    value = folded[value.lower()]
                else:
                    self.problem(file, row, name, f"{value!r} is not one of {', '.join(allowed)}")
                    continue
            data[name] = value
        for name in table.required:
            missing = raw.get(name) is None or (
                from_text and raw.get(name) == "" and name not in data
            )
            if missing:
                self.problem(file, row, name, "missing required field")
        return data

    def add(self, key: str, data: dict[str, Any], file: str, row: int | str) -> Record | None:
        """Keep a record; a repeated id must agree with what was read before."""
        record_id = data.get("id")
        if record_id is None:
            return None
        rows = self.dataset.tables.setdefault(key, {})
        seen = rows.get(record_id)
        if seen is None:
            record = Record(table=key, data=dict(data), file=file, row=row)
            rows[record_id] = record
            return record
        for name, value in data.items():
            before = seen.data.get(name)
            if before is not None and before != value:
                where = (
                    f"{seen.file}, row {seen.row}"
                    if isinstance(seen.row, int)
                    else f"{seen.file}, {seen.row}"
                )
                self.problem(
                    file,
                    row,
                    "id",
                    f"duplicate id {record_id} (first at {where}) with a different {name!r}: "
                    f"{before!r} vs {value!r}",
                )
                return seen
        for name, value in data.items():
            seen.data.setdefault(name, value)
        return seen
