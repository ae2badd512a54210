"""Fresh databases for the benchmarks that measure on SQLite and on PostgreSQL.

Each benchmark gets a new SQLite file in its work folder, or its own PostgreSQL schema
(dropped afterwards), so runs never see each other's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from enlace.db import make_engine


@contextmanager
def fresh_sqlite_url(workdir: Path, name: str) -> Iterator[str]:
    """The URL of a new, empty SQLite file ``workdir/name`` (an old one is removed)."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    yield f"sqlite:///{path}"


@contextmanager
def fresh_postgres_url(url: str, schema: str) -> Iterator[str]:
    """The URL of a new, empty schema in the PostgreSQL database at ``url``; dropped after."""
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@contextmanager
def engine_on(url: str) -> Iterator[Engine]:
    """An engine for ``url``, disposed after (before a schema is dropped)."""
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank; 0 when empty)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0
