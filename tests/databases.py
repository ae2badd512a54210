"""Fresh test databases cheaply: the schema is made once per run and database, not per test.

Every test still gets a database of its own in which it commits for real (across
connections, processes and the app's own engine), so concurrency, throttling, the live
server and the audit log's append-only triggers keep their meaning:

- SQLite: the schema (or the shipped catalogue) is built once into a template file, which
  each test copies; a file copy costs next to nothing.
- PostgreSQL: each test process owns a schema, created once; each test empties it (DELETE
  and restarted sequences, so ids start again at 1 as on a new schema), and the shipped
  catalogue is copied in server-side from a second schema loaded once. A test that
  changed the schema itself (the migration tests drop and re-create tables) is noticed by
  a fingerprint of tables, columns, indexes and triggers, and the schema is made anew.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Connection, Table, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from enlace.db import make_engine

#: One line per relation column, index, sequence and trigger of the current schema.
_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, ',' ORDER BY item), '')) FROM (
  SELECT c.relname::text || ':' || c.relkind::text || ':' || coalesce(a.attname::text, '') || ':'
         || coalesce(format_type(a.atttypid, a.atttypmod), '') || ':'
         || coalesce(a.attnotnull::text, '') AS item
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE n.nspname = current_schema()
  UNION ALL
  SELECT c.relname::text || ':trigger:' || t.tgname::text || ':' || t.tgenabled::text
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND NOT t.tgisinternal
) AS items
"""
_SEQUENCES = (
    "SELECT sequence_name FROM information_schema.sequences"
    " WHERE sequence_schema = current_schema()"
)
_TRIGGERED = (
    "SELECT DISTINCT event_object_table FROM information_schema.triggers"
    " WHERE trigger_schema = current_schema()"
)


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def build_sqlite_template(path: Path) -> Engine:
    """An engine on a new SQLite file with the current schema (dispose it when done)."""
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    return engine


def seal_sqlite_template(engine: Engine) -> None:
    """Fold the write-ahead log into the file, so copying the file alone copies everything."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def install_sqlite_copy(template: Path, url: str) -> None:
    target = sqlite_path(url)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def _fingerprint(connection: Connection) -> str:
    return str(connection.execute(text(_FINGERPRINT)).scalar_one())


def _quoted(connection: Connection, table: Table, schema: str | None = None) -> str:
    name = connection.dialect.identifier_preparer.quote(table.name)
    if schema is None:
        return name
    return f"{connection.dialect.identifier_preparer.quote_schema(schema)}.{name}"


def copy_rows(source: Engine, target: Engine) -> None:
    """Copy every table's rows (parents first), then move PostgreSQL sequences past them."""
    with source.connect() as reader, target.begin() as writer:
        for table in SQLModel.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in reader.execute(table.select())]
            if rows:
                writer.execute(table.insert(), rows)
            keys = list(table.primary_key.columns)
            serial = [c for c in keys if len(keys) == 1 and c.type.python_type is int]
            if rows and serial and target.dialect.name == "postgresql":
                column = serial[0].name
                writer.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                        f"(SELECT MAX({column}) FROM {table.name}))"
                    )
                )


class PostgresSchema:
    """The PostgreSQL schema of one test process (its name is in the engine's search_path)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._fingerprint: str | None = None
        self._sequences: list[str] = []
        self._triggered: set[str] = set()

    def _recreate(self, engine: Engine) -> None:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {self.name} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {self.name}"))
        SQLModel.metadata.create_all(engine)
        with engine.connect() as connection:
            self._fingerprint = _fingerprint(connection)
            self._sequences = list(connection.execute(text(_SEQUENCES)).scalars())
            self._triggered = set(connection.execute(text(_TRIGGERED)).scalars())

    def empty(self, engine: Engine) -> None:
        """Leave the schema as ``create_all`` made it, with no rows."""
        if self._fingerprint is not None:
            with engine.begin() as connection:
                if _fingerprint(connection) == self._fingerprint:
                    self._delete_rows(connection)
                    return
        self._recreate(engine)

    def _delete_rows(self, connection: Connection) -> None:
        """DELETE, children first, and restart the sequences: on the few rows a test writes
        this is several times faster than TRUNCATE or a new schema. The audit log's
        append-only triggers are off only inside this transaction."""
        tables = SQLModel.metadata.sorted_tables
        guarded = [_quoted(connection, t) for t in tables if t.name in self._triggered]
        for name in guarded:
            connection.execute(text(f"ALTER TABLE {name} DISABLE TRIGGER USER"))
        for table in reversed(tables):
            connection.execute(text(f"DELETE FROM {_quoted(connection, table)}"))
        for name in guarded:
            connection.execute(text(f"ALTER TABLE {name} ENABLE TRIGGER USER"))
        for sequence in self._sequences:
            quoted = connection.dialect.identifier_preparer.quote(sequence)
            connection.execute(text(f"ALTER SEQUENCE {quoted} RESTART"))

    def copy_from(self, engine: Engine, source: str) -> None:
        """Copy every row of schema ``source`` in, parents first, then move sequences past them."""
        with engine.begin() as connection:
            for table in SQLModel.metadata.sorted_tables:
                columns = ", ".join(
                    connection.dialect.identifier_preparer.quote(c.name) for c in table.columns
                )
                target = _quoted(connection, table)
                connection.execute(
                    text(
                        f"INSERT INTO {target} ({columns}) "
                        f"SELECT {columns} FROM {_quoted(connection, table, source)}"
                    )
                )
                keys = list(table.primary_key.columns)
                if len(keys) == 1 and keys[0].type.python_type is int:
                    column = keys[0].name
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                            f"MAX({column})) FROM {target} HAVING COUNT(*) > 0"
                        )
                    )

    def drop(self, engine: Engine) -> None:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {self.name} CASCADE"))
