"""Raw HSDS records as read from files, checked field by field and merged by id.

HSDS data may repeat a record: a "full" service nests its organization, whose locations
reappear under each service_at_location, and a CSV file may list a row twice. Records
with the same id are therefore merged when they agree, and reported when they do not,
so every later step sees each record once, with the place it came from.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from enlace.catalogue.errors import Problem
from enlace.exchange.hsds.notes import Notes
from enlace.exchange.hsds.repairs import GENERATED_ID, repair
from enlace.exchange.hsds.spec import CHILD_TABLES, EXTENSION_PREFIX, Table
from enlace.exchange.hsds.staging import Row, Staging
from enlace.exchange.hsds.values import InvalidValueError, coerce

#: Namespace of the ids Enlace derives for foreign records (child ids, upgraded old ids).
DERIVED_IDS = uuid.UUID("6f1c1f2e-3c55-4a59-9a51-7d4f3e0b8c21")


def derived_id(*parts: str) -> str:
    """A UUID that the same parts always give, so a re-import finds the same record."""
    return str(uuid.uuid5(DERIVED_IDS, ":".join(parts)))


def _content(data: dict[str, Any]) -> str:
    """A record's fields as canonical text (what a generated id is derived from)."""
    fields = {k: v for k, v in data.items() if k != "id"}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Skipped:
    """A record left out by ``--skip-invalid``, and why (one line of the skip report)."""

    file: str
    table: str
    record_id: str | None
    row: int | str | None
    field: str | None
    problem: str


@dataclass
class Record:
    """One HSDS record: its typed fields, where it was first read, and its reading order."""

    table: str
    data: dict[str, Any]
    file: str
    row: int | str
    seq: int = 0

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def has_profile(self) -> bool:
        """Written with the Enlace profile: then its codes are given, never guessed."""
        return any(name.startswith(EXTENSION_PREFIX) for name in self.data)


def record(row: Row) -> Record:
    """A staged row as a record."""
    table, _, seq, file, where, data = row
    return Record(table=table, data=data, file=file, row=where, seq=seq)


@dataclass
class RawDataset:
    """Every record of an import, per table and id, in reading order, staged on disk.

    The records live in a :class:`Staging` database (see there why); only what a caller
    asks for is in memory. Close it (or use it as a context manager) when done.
    """

    form: str  # "json" or "csv"
    staging: Staging = field(default_factory=Staging)
    warnings: Notes = field(default_factory=Notes)
    #: repairs made while reading, per kind (12-hour time, URL scheme, generated id...)
    repairs: Counter[str] = field(default_factory=Counter)
    #: records left out when reading leniently, with their problems
    skipped: list[Skipped] = field(default_factory=list)
    #: the HSDS version the data was written in (3.0, or 1.x/2.x before the upgrade)
    version: str = "3.0"

    def __enter__(self) -> RawDataset:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the staged records."""
        self.staging.close()

    def records(self, key: str) -> Iterator[Record]:
        """The records of one table, in reading order, fetched a batch at a time."""
        for rows in self.staging.scan(key):
            yield from (record(row) for row in rows)

    def batches(self, key: str) -> Iterator[list[Record]]:
        """The records of one table in reading order, a batch at a time."""
        for rows in self.staging.scan(key):
            yield [record(row) for row in rows]

    def get(self, key: str, record_id: str | None) -> Record | None:
        if record_id is None:
            return None
        found = self.staging.get(key, str(record_id))
        return record(found) if found else None

    def counts(self) -> dict[str, int]:
        """Records read per table (non-empty tables only)."""
        return self.staging.counts()

    def ids(self) -> dict[str, list[str]]:
        """Every id per table, in reading order."""
        return {key: self.staging.ids(key) for key in self.counts()}


class Collector:
    """Checks and merges records while collecting every problem (nothing stops early)."""

    def __init__(self, form: str, *, lenient: bool = False) -> None:
        self.dataset = RawDataset(form=form)
        self.problems: list[Problem] = []
        self.lenient = lenient
        self.attributed: set[int] = set()  # id() of problems that belong to one record

    def problem(
        self, file: str, row: int | str | None, field_name: str | None, message: str
    ) -> None:
        """Note a problem; reading goes on to find the others."""
        self.problems.append(Problem(file, row, field_name, message))

    def warn(self, message: str) -> None:
        """Note something the importer should tell the person."""
        self.dataset.warnings.append(message)

    def fatal(self) -> list[Problem]:
        """The problems that stop the import: all of them, or read leniently, those that
        belong to no one record (an unreadable file, a missing column)."""
        if not self.lenient:
            return self.problems
        return [p for p in self.problems if id(p) not in self.attributed]

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
                repaired = repair(given, kind)
                if repaired is None:
                    self.problem(file, row, name, str(exc))
                    continue
                value = coerce(repaired[0], kind)
                self.repaired(file, row, name, f"{given!r} read as {value!r}", repaired[1])
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
            if name == "id" and table.key in CHILD_TABLES:
                continue  # a child without an id gets a derived one in identify()
            missing = raw.get(name) is None or (
                from_text and raw.get(name) == "" and name not in data
            )
            if missing:
                self.problem(file, row, name, "missing required field")
        return data

    def repaired(self, file: str, row: int | str, name: str, what: str, kind: str) -> None:
        """Note an unambiguous repair: a warning naming the cell, and one more of its kind."""
        self.dataset.repairs[kind] += 1
        where = f"row {row}" if isinstance(row, int) else row
        self.dataset.warnings.append(f"{file}, {where}, {name}: {what} ({kind})")

    def identify(self, key: str, data: dict[str, Any], file: str, row: int | str) -> None:
        """Give a child record without an id one derived from its table and content."""
        if key in CHILD_TABLES and not data.get("id"):
            data["id"] = derived_id(key, _content(data))
            self.repaired(file, row, "id", f"empty, now {data['id']}", GENERATED_ID)

    def add(
        self,
        key: str,
        data: dict[str, Any],
        file: str,
        row: int | str,
        own: Sequence[Problem] = (),
    ) -> None:
        """Stage a record; a repeated id must agree with what was read before.

        ``own`` are the problems found in this record: read leniently, such a record is
        left out (and noted as skipped) instead of kept.
        """
        self.identify(key, data, file, row)
        record_id = data.get("id")
        if own and self.lenient:
            self._skip(key, record_id, file, row, own)
            if record_id is not None:
                self.dataset.staging.mark_gone([(key, str(record_id))])
            return
        if record_id is None:
            return
        staging = self.dataset.staging
        if staging.insert(key, str(record_id), file, row, data):
            return
        seen = staging.get(key, str(record_id))
        assert seen is not None
        _, _, _, seen_file, seen_row, seen_data = seen
        for name, value in data.items():
            before = seen_data.get(name)
            if before is not None and before != value:
                if key in CHILD_TABLES:  # a repeated child id: the second one gets its own
                    data["id"] = derived_id(key, str(record_id), _content(data))
                    self.repaired(
                        file, row, "id", f"{record_id} repeated, now {data['id']}", GENERATED_ID
                    )
                    self.add(key, data, file, row)
                    return
                where = (
                    f"{seen_file}, row {seen_row}"
                    if isinstance(seen_row, int)
                    else f"{seen_file}, {seen_row}"
                )
                self.problem(
                    file,
                    row,
                    "id",
                    f"duplicate id {record_id} (first at {where}) with a different {name!r}: "
                    f"{before!r} vs {value!r}",
                )
                if self.lenient:
                    self._skip(key, record_id, file, row, self.problems[-1:])
                return
        added = {name: value for name, value in data.items() if name not in seen_data}
        if added:
            staging.update(key, str(record_id), {**seen_data, **added})

    def _skip(
        self, key: str, record_id: Any, file: str, row: int | str, own: Sequence[Problem]
    ) -> None:
        """Leave a record out, noting each of its problems for the skip report."""
        self.attributed.update(id(problem) for problem in own)
        for problem in own:
            self.dataset.skipped.append(
                Skipped(
                    file,
                    key,
                    str(record_id) if record_id is not None else None,
                    row,
                    problem.field,
                    problem.message,
                )
            )
