"""The records of one import, staged in a temporary SQLite file instead of in memory.

An export of 100,000 services holds about a million records; as Python objects they took
about 18 KB per service. Here each record is one row (its fields as JSON) in a private
on-disk SQLite database that SQLite deletes when the connection closes, with indices on
the links between records, so the importer can look a record up by id, pull the children
of a batch of parents, and find what depends on a skipped record with set-based queries,
while only a batch of records is in memory at a time.

Tables: ``record`` (one per HSDS record), ``link`` (one per reference a record makes:
its foreign keys and ``link_id``/``resource_id``, built once reading is done), ``gone``
(records left out), and per build pass ``owned`` (who owns a phone, contact or schedule),
``placed`` (a location's agency, then its commune) and ``taken`` (slugs in use).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

#: Sort position of a record without ``enlace_position`` (after every given one).
LAST = 10**9
#: Ids per ``IN`` list, and records per fetch and per batch the importer builds and writes.
CHUNK = 500
#: A staged row: table, id, seq, file, row, fields.
Row = tuple[str, str, int, str, Any, dict[str, Any]]

_SCHEMA = """
CREATE TABLE record (
    tbl TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, pos INTEGER NOT NULL,
    file TEXT NOT NULL, row, data TEXT NOT NULL, PRIMARY KEY (tbl, id)
) WITHOUT ROWID;
CREATE INDEX record_seq ON record (tbl, seq);
CREATE TABLE link (
    tbl TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, ordinal INTEGER NOT NULL,
    target TEXT, parent TEXT NOT NULL, pos INTEGER NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX link_parent ON link (tbl, field, parent, pos, seq);
CREATE INDEX link_target ON link (target, parent);
CREATE INDEX link_child ON link (tbl, id);
CREATE TABLE gone (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
CREATE TABLE owned (
    tbl TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL, id TEXT NOT NULL,
    pos INTEGER NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX owned_owner ON owned (tbl, kind, owner, pos, seq);
CREATE TABLE placed (
    id TEXT PRIMARY KEY, agency TEXT NOT NULL, commune TEXT, seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX placed_agency ON placed (agency, seq);
CREATE TABLE taken (
    kind TEXT NOT NULL, scope TEXT NOT NULL, slug TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (kind, scope, slug)
) WITHOUT ROWID;
CREATE TABLE walk (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
"""
_COLUMNS = "r.tbl, r.id, r.seq, r.file, r.row, r.data"


def position_of(data: dict[str, Any]) -> int:
    """The profile's ``enlace_position`` when given, else :data:`LAST`."""
    given = data.get("enlace_position")
    return given if isinstance(given, int) else LAST


def chunks(ids: Iterable[str], size: int | None = None) -> Iterator[list[str]]:
    """Ids in lists short enough for one ``IN``."""
    size = size or CHUNK
    batch: list[str] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


class Staging:
    """A private SQLite database, deleted when closed; see the module for its tables."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("", isolation_level=None)  # "": a temporary file
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-16000;"
            "PRAGMA temp_store=FILE;" + _SCHEMA
        )
        self.db.execute("BEGIN")  # one long transaction: nothing here needs to survive
        self.seq = 0

    def close(self) -> None:
        """Drop the database (SQLite deletes its file)."""
        self.db.close()

    # -- records -------------------------------------------------------------------------
    def insert(self, table: str, record_id: str, file: str, row: Any, data: dict[str, Any]) -> bool:
        """Stage a new record; False when one with this id is already staged."""
        self.seq += 1
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO record VALUES (?, ?, ?, ?, ?, ?, ?)",
            (table, record_id, self.seq, position_of(data), file, row, _dumps(data)),
        )
        return cursor.rowcount == 1

    def update(self, table: str, record_id: str, data: dict[str, Any]) -> None:
        """Replace a staged record's fields (a repeated record adding fields)."""
        self.db.execute(
            "UPDATE record SET data = ?, pos = ? WHERE tbl = ? AND id = ?",
            (_dumps(data), position_of(data), table, record_id),
        )

    def get(self, table: str, record_id: str) -> Row | None:
        found = self.db.execute(
            f"SELECT {_COLUMNS} FROM record r WHERE r.tbl = ? AND r.id = ?", (table, record_id)
        ).fetchone()
        return _row(found) if found else None

    def get_many(self, table: str, ids: Iterable[str]) -> dict[str, Row]:
        """Staged records of ``table`` by id (ids not staged are left out)."""
        result: dict[str, Row] = {}
        for batch in chunks(set(ids)):
            for found in self.db.execute(
                f"SELECT {_COLUMNS} FROM record r WHERE r.tbl = ? AND r.id IN ({_marks(batch)})",
                (table, *batch),
            ):
                result[found[1]] = _row(found)
        return result

    def present(self, table: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are staged in ``table``."""
        result: set[str] = set()
        for batch in chunks(set(ids)):
            result.update(
                found
                for (found,) in self.db.execute(
                    f"SELECT id FROM record WHERE tbl = ? AND id IN ({_marks(batch)})",
                    (table, *batch),
                )
            )
        return result

    def scan(self, table: str, size: int | None = None) -> Iterator[list[Row]]:
        """The records of a table in reading order, ``size`` at a time."""
        after = 0
        while True:
            found = self.db.execute(
                f"SELECT {_COLUMNS} FROM record r WHERE r.tbl = ? AND r.seq > ? "
                "ORDER BY r.seq LIMIT ?",
                (table, after, size or CHUNK),
            ).fetchall()
            if not found:
                return
            after = found[-1][2]
            yield [_row(item) for item in found]

    def counts(self) -> dict[str, int]:
        """Records per table, tables in the order they were first read."""
        return {
            table: n
            for table, n, _ in self.db.execute(
                "SELECT tbl, count(*), min(seq) AS first FROM record GROUP BY tbl ORDER BY first"
            )
        }

    def ids(self, table: str) -> list[str]:
        """Every id of a table in reading order (tests compare two reads with it)."""
        return [
            found
            for (found,) in self.db.execute(
                "SELECT id FROM record WHERE tbl = ? ORDER BY seq", (table,)
            )
        ]

    # -- links ---------------------------------------------------------------------------
    def index_links(
        self, fields: Iterable[tuple[str, str, int, str | None]], entities: dict[str, str]
    ) -> None:
        """Build ``link`` from the staged fields: ``(table, field, ordinal, target)``; a
        ``None`` target is read from the record's ``link_entity``/``resource_type``."""
        self.db.execute("DELETE FROM link")
        cases = " ".join(
            f"WHEN {_quote(name)} THEN {_quote(key)}" for name, key in entities.items()
        )
        entity = (
            "coalesce(json_extract(data, '$.link_entity'), json_extract(data, '$.resource_type'))"
        )
        for table, name, ordinal, target in fields:
            value = f"json_extract(data, '$.{name}')"
            chosen = _quote(target) if target is not None else f"CASE {entity} {cases} END"
            self.db.execute(
                f"INSERT INTO link SELECT tbl, id, ?, ?, {chosen}, CAST({value} AS TEXT), pos, seq "
                f"FROM record WHERE tbl = ? AND {value} IS NOT NULL",
                (name, ordinal, table),
            )

    def children(self, table: str, field: str, parents: Iterable[str]) -> dict[str, list[Row]]:
        """Records of ``table`` whose ``field`` is one of ``parents``, by parent, in order."""
        result: dict[str, list[Row]] = {}
        for batch in chunks(set(parents)):
            for found in self.db.execute(
                f"SELECT l.parent, {_COLUMNS} FROM link l JOIN record r "
                "ON r.tbl = l.tbl AND r.id = l.id "
                f"WHERE l.tbl = ? AND l.field = ? AND l.parent IN ({_marks(batch)}) "
                "ORDER BY l.pos, l.seq",
                (table, field, *batch),
            ):
                result.setdefault(found[0], []).append(_row(found[1:]))
        return result

    # -- skipping ------------------------------------------------------------------------
    def mark_gone(self, keys: Iterable[tuple[str, str]]) -> None:
        """Note records as left out (whether or not they were staged)."""
        self.db.executemany("INSERT OR IGNORE INTO gone VALUES (?, ?)", keys)

    def remove(self, keys: Iterable[tuple[str, str]]) -> list[tuple[str, str, str, Any]]:
        """Remove records and their links; return (table, id, file, row) of those staged."""
        removed = []
        for table, record_id in keys:
            found = self.db.execute(
                "SELECT file, row FROM record WHERE tbl = ? AND id = ?", (table, record_id)
            ).fetchone()
            if found is not None:
                removed.append((table, record_id, found[0], found[1]))
                self.db.execute("DELETE FROM record WHERE tbl = ? AND id = ?", (table, record_id))
                self.db.execute("DELETE FROM link WHERE tbl = ? AND id = ?", (table, record_id))
        return removed

    def dependents(self) -> list[tuple[str, str, str, Any, str, str, str]]:
        """Staged records pointing at a gone one: (table, id, file, row, field, target, id
        pointed at), the first such reference of each record, in reading order."""
        return [
            tuple(found)
            for found in self.db.execute(
                "SELECT l.tbl, l.id, r.file, r.row, l.field, l.target, l.parent "
                "FROM link l JOIN gone g ON g.tbl = l.target AND g.id = l.parent "
                "JOIN record r ON r.tbl = l.tbl AND r.id = l.id "
                "WHERE l.ordinal = (SELECT min(m.ordinal) FROM link m JOIN gone h "
                "ON h.tbl = m.target AND h.id = m.parent WHERE m.tbl = l.tbl AND m.id = l.id) "
                "GROUP BY l.tbl, l.id ORDER BY r.seq"
            )
        ]

    def is_gone(self, table: str, record_id: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM gone WHERE tbl = ? AND id = ?", (table, record_id)
            ).fetchone()
            is not None
        )

    # -- per build pass ------------------------------------------------------------------
    def reset_pass(self) -> None:
        """Forget what a previous build pass derived (owners, placed locations, slugs)."""
        for table in ("owned", "placed", "walk"):
            self.db.execute(f"DELETE FROM {table}")

    def add_owned(self, rows: Iterable[tuple[str, str, str, str, int, int]]) -> None:
        """(table, kind, owner, id, pos, seq) of phones, contacts and schedules."""
        self.db.executemany("INSERT INTO owned VALUES (?, ?, ?, ?, ?, ?)", rows)

    def owned(self, table: str, kind: str, owners: Iterable[str]) -> dict[str, list[Row]]:
        """The phones, contacts or schedules of ``owners``, by owner, in order."""
        result: dict[str, list[Row]] = {}
        for batch in chunks(set(owners)):
            for found in self.db.execute(
                f"SELECT o.owner, {_COLUMNS} FROM owned o JOIN record r "
                "ON r.tbl = o.tbl AND r.id = o.id "
                f"WHERE o.tbl = ? AND o.kind = ? AND o.owner IN ({_marks(batch)}) "
                "ORDER BY o.pos, o.seq",
                (table, kind, *batch),
            ):
                result.setdefault(found[0], []).append(_row(found[1:]))
        return result

    def place(self, rows: Iterable[tuple[str, str, int]]) -> None:
        """(location, agency, seq): the agency each location belongs to."""
        self.db.executemany("INSERT OR REPLACE INTO placed VALUES (?, ?, NULL, ?)", rows)

    def set_communes(self, rows: Iterable[tuple[str | None, str]]) -> None:
        """(commune, location) of built locations."""
        self.db.executemany("UPDATE placed SET commune = ? WHERE id = ?", rows)

    def placed(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Built (or buildable) locations among ``ids``, with their commune."""
        result: dict[str, str | None] = {}
        for batch in chunks(set(ids)):
            result.update(
                self.db.execute(
                    f"SELECT id, commune FROM placed WHERE id IN ({_marks(batch)})", batch
                ).fetchall()
            )
        return result

    def locations_of(self, agencies: Sequence[str]) -> Iterator[tuple[str, Row]]:
        """(agency, location) of the locations placed with ``agencies``, in reading order."""
        for batch in chunks(agencies):
            for found in self.db.execute(
                f"SELECT p.agency, {_COLUMNS} FROM placed p JOIN record r "
                "ON r.tbl = 'locations' AND r.id = p.id "
                f"WHERE p.agency IN ({_marks(batch)}) ORDER BY r.seq",
                batch,
            ).fetchall():
                yield found[0], _row(found[1:])

    def loose_locations(self, size: int | None = None) -> Iterator[list[tuple[str, Row]]]:
        """Locations placed with an agency that is not in the import, ``size`` at a time."""
        after = 0
        while True:
            found = self.db.execute(
                f"SELECT p.agency, {_COLUMNS} FROM placed p JOIN record r "
                "ON r.tbl = 'locations' AND r.id = p.id "
                "WHERE p.seq > ? AND NOT EXISTS (SELECT 1 FROM record o "
                "WHERE o.tbl = 'organizations' AND o.id = p.agency) ORDER BY p.seq LIMIT ?",
                (after, size or CHUNK),
            ).fetchall()
            if not found:
                return
            after = found[-1][3]
            yield [(item[0], _row(item[1:])) for item in found]

    def loose_count(self) -> int:
        """How many locations are placed with an agency that is not in the import."""
        found = self.db.execute(
            "SELECT count(*) FROM placed p WHERE NOT EXISTS (SELECT 1 FROM record o "
            "WHERE o.tbl = 'organizations' AND o.id = p.agency)"
        ).fetchone()
        return int(found[0])

    def organizations_by_depth(self, size: int | None = None) -> Iterator[list[Row]]:
        """Organizations, parents before their children (then in reading order)."""
        self.db.execute("DELETE FROM walk")
        self.db.execute(
            "INSERT INTO walk (id) WITH RECURSIVE up(id, depth) AS ("
            " SELECT id, 0 FROM record WHERE tbl = 'organizations'"
            " UNION ALL SELECT l.id, up.depth + 1 FROM link l JOIN up ON l.parent = up.id"
            " WHERE l.tbl = 'organizations' AND l.field = 'parent_organization_id'"
            " AND l.id != l.parent AND up.depth < 32)"
            " SELECT up.id FROM up JOIN record r ON r.tbl = 'organizations' AND r.id = up.id"
            " GROUP BY up.id ORDER BY max(up.depth), min(r.seq)"
        )
        after = 0
        while True:
            found = self.db.execute(
                f"SELECT w.n, {_COLUMNS} FROM walk w JOIN record r "
                "ON r.tbl = 'organizations' AND r.id = w.id WHERE w.n > ? ORDER BY w.n LIMIT ?",
                (after, size or CHUNK),
            ).fetchall()
            if not found:
                return
            after = found[-1][0]
            yield [_row(item[1:]) for item in found]

    def reset_slugs(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Start a pass's slugs from those stored: (kind, scope, slug, id)."""
        self.db.execute("DELETE FROM taken")
        self.take_many(rows)

    def take_many(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO taken VALUES (?, ?, ?, ?)", rows)

    def claim(self, kind: str, scope: str, slug: str, record_id: str) -> str | None:
        """Take a slug for a record if it is free; else the record already using it."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO taken VALUES (?, ?, ?, ?)", (kind, scope, slug, record_id)
        )
        if cursor.rowcount == 1:
            return None
        found = self.db.execute(
            "SELECT id FROM taken WHERE kind = ? AND scope = ? AND slug = ?", (kind, scope, slug)
        ).fetchone()
        return str(found[0])


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _row(found: Sequence[Any]) -> Row:
    return (found[0], found[1], found[2], found[3], found[4], json.loads(found[5]))


def _quote(text: str) -> str:
    """A SQL string literal (only for the spec's own table and field names)."""
    return "'" + text.replace("'", "''") + "'"
