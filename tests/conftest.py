"""Shared fixtures: ``app``, ``client``, ``engine``, ``db_session`` and factories.

Database fixtures run every test on SQLite and, when ENLACE_TEST_POSTGRES_URL is set,
again on PostgreSQL (the test is parametrized by backend).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import enlace.models  # noqa: F401  (registers every table)
from enlace import create_app
from enlace.catalogue import revision
from enlace.db import get_database, make_engine
from enlace.exchange.authoring import load_shipped
from enlace.exchange.hsds.schema import default_schema_dir
from enlace.paths import DIRECTORY_DATA_DIR

POSTGRES_URL = os.environ.get("ENLACE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]
REPO_ROOT = Path(__file__).resolve().parent.parent

revision.install()


def pytest_report_header() -> list[str]:
    """Say up front which optional backends this run covers (and how to add them)."""
    chromium = shutil.which("chromium") or os.environ.get("ENLACE_CHROMIUM")
    return [
        "enlace database tests: SQLite"
        + (
            " and PostgreSQL"
            if POSTGRES_URL
            else " only (set ENLACE_TEST_POSTGRES_URL to add PostgreSQL)"
        ),
        "enlace browser tests: "
        + (f"Chromium at {chromium}" if chromium else "skipped (apt-get install -y chromium)"),
    ]


#: Each test process works in its own PostgreSQL schema, so parallel runs never collide.
PG_SCHEMA = f"enlace_test_{os.getpid()}"


def _postgres_url() -> str:
    assert POSTGRES_URL
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{PG_SCHEMA}"


def _reset_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema() -> Iterator[None]:
    yield
    if POSTGRES_URL:
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("PostgreSQL run skipped: set ENLACE_TEST_POSTGRES_URL to test it too")
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> str:
    if backend == "postgresql":
        return _postgres_url()
    return f"sqlite:///{tmp_path / 'enlace-test.sqlite3'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An empty database with the current schema (metadata create_all)."""
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        _reset_postgres(engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


_SQLITE_TEMPLATE: dict[str, Path] = {}


def _shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the shipped catalogue, loaded once per test run."""
    template = _SQLITE_TEMPLATE.get("path")
    if template is None:
        template = tmp_path_factory.mktemp("template") / "shipped.sqlite3"
        template_engine = make_engine(f"sqlite:///{template}")
        SQLModel.metadata.create_all(template_engine)
        with Session(template_engine) as session:
            load_shipped(session, DIRECTORY_DATA_DIR)
            session.commit()
        with template_engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        template_engine.dispose()
        _SQLITE_TEMPLATE["path"] = template
    return template


def _copy_rows(source: Engine, target: Engine) -> None:
    """Copy every table's rows (parents first), then move PostgreSQL sequences past them.

    Loading the catalogue through the ORM costs seconds per test on PostgreSQL; a bulk
    copy of the already-loaded template gives the same rows in a fraction of that.
    """
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


@pytest.fixture
def shipped_engine(
    engine: Engine, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Engine:
    """The database with the shipped catalogue loaded, copied from a template."""
    template = _shipped_template(tmp_path_factory)
    if engine.dialect.name == "sqlite":
        engine.dispose()
        target = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
        return engine
    source = make_engine(f"sqlite:///{template}")
    _copy_rows(source, engine)
    source.dispose()
    return engine


@pytest.fixture
def shipped_session(shipped_engine: Engine) -> Iterator[Session]:
    with Session(shipped_engine, expire_on_commit=False) as session:
        yield session


def _make_app(database_url: str, tmp_path: Path, **extra: Any) -> Flask:
    instance = tmp_path / "instance"
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(instance),
            "INDEX_DIR": str(tmp_path / "index"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            **extra,
        }
    )


def _dispose(app: Flask) -> None:
    engine = get_database(app).engine
    if engine is not None:
        engine.dispose()


@pytest.fixture
def app(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database."""
    app = _make_app(database_url, tmp_path)
    yield app
    _dispose(app)


@pytest.fixture
def shipped_app(shipped_engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on the shipped demo catalogue."""
    app = _make_app(database_url, tmp_path)
    yield app
    _dispose(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def shipped_client(shipped_app: Flask) -> FlaskClient:
    return shipped_app.test_client()


@pytest.fixture
def hsds_schema_dir() -> Path:
    """The HSDS 3.0 reference schemas vendored in the package (always present)."""
    return default_schema_dir()
