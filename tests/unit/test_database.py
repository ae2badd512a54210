"""Migrations: `enlace init` creates the schema from nothing and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from enlace.database import schema_status, upgrade
from enlace.db import make_engine


def _empty(engine: Engine) -> Engine:
    SQLModel.metadata.drop_all(engine)
    return engine


def test_upgrade_creates_every_table_and_is_repeatable(engine: Engine) -> None:
    _empty(engine)
    assert schema_status(engine)[0] is None
    upgrade(engine)
    upgrade(engine)
    current, head = schema_status(engine)
    assert current == head is not None
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())


def test_migrations_match_the_models(engine: Engine) -> None:
    _empty(engine)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_sqlite_engine_enforces_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
