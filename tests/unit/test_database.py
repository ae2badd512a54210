"""Migrations: `enlace init` creates the schema from nothing and matches the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from enlace.database import alembic_config, schema_status, upgrade
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


def test_an_existing_catalogue_gets_an_identity_on_upgrade(engine: Engine) -> None:
    """0003 adds ``catalogue_id``: a catalogue written before it must get one, so its
    search index is rebuilt once rather than trusted blindly."""
    _empty(engine)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(
            text(
                "INSERT INTO catalogue_state (id, revision, updated_at) "
                "VALUES (1, 7, '2026-01-01 00:00:00')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT catalogue_id, revision FROM catalogue_state")).one()
    assert len(row[0]) == 32 and row[1] == 7


def test_sqlite_engine_uses_wal_with_normal_sync(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """WAL readers never wait for the writer; NORMAL is SQLite's advice for WAL."""
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_sqlite_engine_enforces_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
