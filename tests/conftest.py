"""Shared fixtures: ``app``, ``client``, ``engine``, ``db_session`` and factories.

Database fixtures run every test on SQLite and, when ENLACE_TEST_POSTGRES_URL is set,
again on PostgreSQL (the test is parametrized by backend).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

import enlace.models  # noqa: F401  (registers every table)
from enlace import create_app
from enlace.db import get_database, make_engine, open_session
from enlace.exchange.authoring import load_shipped
from enlace.exchange.hsds.schema import default_schema_dir
from enlace.paths import DIRECTORY_DATA_DIR
from tests.databases import (
    PostgresSchema,
    build_sqlite_template,
    copy_rows,
    install_sqlite_copy,
    seal_sqlite_template,
)

POSTGRES_URL = os.environ.get("ENLACE_TEST_POSTGRES_URL")
#: CI sets it: a test skipped for want of something (a backend, a browser, a package) fails
#: instead, so a missing install step cannot pass as green.
NO_SKIPS = os.environ.get("ENLACE_TEST_NO_SKIPS") == "1"
BACKENDS = ["sqlite", "postgresql"]
REPO_ROOT = Path(__file__).resolve().parent.parent


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    if NO_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but ENLACE_TEST_NO_SKIPS=1 needs every test to run: {reason}"
    return report


#: Each test process works in its own PostgreSQL schemas, so parallel runs never collide:
#: one for the tests, one holding the shipped catalogue they copy from.
PG_SCHEMA = f"enlace_test_{os.getpid()}"
PG_TESTS = PostgresSchema(PG_SCHEMA)
PG_SHIPPED = PostgresSchema(f"{PG_SCHEMA}_shipped")


def _postgres_url(schema: str = PG_SCHEMA) -> str:
    assert POSTGRES_URL
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema() -> Iterator[None]:
    yield
    if POSTGRES_URL:
        engine = make_engine(POSTGRES_URL)
        PG_TESTS.drop(engine)
        PG_SHIPPED.drop(engine)
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
def engine(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An empty database with the current schema, the test's own (``tests/databases.py``)."""
    if database_url.startswith("sqlite"):
        install_sqlite_copy(_empty_template(tmp_path_factory), database_url)
        engine = make_engine(database_url)
    else:
        engine = make_engine(database_url)
        PG_TESTS.empty(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    with open_session(engine, expire_on_commit=False) as session:
        yield session


_SQLITE_TEMPLATE: dict[str, Path] = {}
_PG_SHIPPED_LOADED: list[bool] = []


def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the current schema and no rows, made once per test run."""
    template = _SQLITE_TEMPLATE.get("empty")
    if template is None:
        template = tmp_path_factory.mktemp("template") / "empty.sqlite3"
        seal_sqlite_template(build_sqlite_template(template))
        _SQLITE_TEMPLATE["empty"] = template
    return template


def _shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the shipped catalogue, loaded once per test run."""
    template = _SQLITE_TEMPLATE.get("path")
    if template is None:
        template = tmp_path_factory.mktemp("template") / "shipped.sqlite3"
        template_engine = build_sqlite_template(template)
        with open_session(template_engine) as session:
            load_shipped(session, DIRECTORY_DATA_DIR)
            session.commit()
        seal_sqlite_template(template_engine)
        _SQLITE_TEMPLATE["path"] = template
    return template


def _shipped_postgres(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The PostgreSQL schema holding the shipped catalogue, filled once per test process.

    Loading the catalogue through the ORM costs seconds on PostgreSQL; each test instead
    copies the rows server-side from this schema."""
    if not _PG_SHIPPED_LOADED:
        engine = make_engine(_postgres_url(PG_SHIPPED.name))
        PG_SHIPPED.empty(engine)
        source = make_engine(f"sqlite:///{_shipped_template(tmp_path_factory)}")
        copy_rows(source, engine)
        source.dispose()
        engine.dispose()
        _PG_SHIPPED_LOADED.append(True)
    return PG_SHIPPED.name


@pytest.fixture
def shipped_engine(
    engine: Engine, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Engine:
    """The database with the shipped catalogue loaded, copied from a template."""
    if engine.dialect.name == "sqlite":
        engine.dispose()
        install_sqlite_copy(_shipped_template(tmp_path_factory), database_url)
        return engine
    PG_TESTS.copy_from(engine, _shipped_postgres(tmp_path_factory))
    return engine


@pytest.fixture
def shipped_session(shipped_engine: Engine) -> Iterator[Session]:
    with open_session(shipped_engine, expire_on_commit=False) as session:
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
            # API rate limits off: tests walk many pages; tests/functional/api sets them
            "API_RATE_LIMIT_PER_ADDRESS": 0,
            "API_RATE_LIMIT_PER_TOKEN": 0,
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
