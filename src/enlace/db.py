"""Engine and sessions (SQLite by default, PostgreSQL by URL): the one session factory.

Services never reach for a global session: they take the ``Session`` the caller gives
them. Every session in the project (requests, CLI, workers, tests, benchmarks) is a
:class:`DbSession` opened by :func:`open_session` (or :meth:`Database.session` and
:func:`get_session`, which call it), never ``Session(...)`` directly.

Why a class of our own: packages above ``db`` attach class-level session events to it, and
so reach every session without ``db`` importing them. The catalogue registers its revision
hooks on :class:`DbSession` when ``enlace.catalogue`` is imported, which any code that can
write a catalogue record has done; so no write can forget to bump the revision, whether or
not an app was ever created. The import arrow stays one way (catalogue -> db).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

EXTENSION_KEY = "enlace.db"


def utcnow() -> datetime:
    """Aware UTC to the second: stored alike on SQLite and PostgreSQL, so exports match."""
    return datetime.now(UTC).replace(microsecond=0)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on; WAL so readers never wait for the writer.

    ``synchronous=NORMAL`` is SQLite's advice for WAL: the database cannot be corrupted,
    and a commit is durable against a crash of the process; only a power cut may lose
    the last commits before a checkpoint. FULL fsyncs on every commit, and every page
    view of participant data commits an audit entry (about 20 ms a view on a busy disk).
    Deployments that cannot accept that window run PostgreSQL.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine with the settings each backend needs."""
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class DbSession(Session):
    """The project's session class; the catalogue's revision hooks listen on it."""


def open_session(bind: Engine | Connection, *, expire_on_commit: bool = True) -> DbSession:
    """The session factory for code that holds an engine (CLI, workers, tests, scripts)."""
    return DbSession(bind, expire_on_commit=expire_on_commit)


class Database:
    """Holds the engine of one app; the request's session lives in ``flask.g``."""

    def __init__(self, app: Flask | None = None) -> None:
        self.engine: Engine | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        self.engine = make_engine(
            app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False)
        )
        app.extensions[EXTENSION_KEY] = self
        app.teardown_appcontext(self._close_session)

    def _close_session(self, _exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()

    @contextmanager
    def session(self) -> Iterator[DbSession]:
        """A session outside requests (CLI, workers): commit is the caller's job."""
        assert self.engine is not None, "Database.init_app was not called"
        with open_session(self.engine, expire_on_commit=False) as session:
            yield session


def get_database(app: Flask) -> Database:
    database: Database = app.extensions[EXTENSION_KEY]
    return database


def get_session() -> Session:
    """The current request's session, opened on first use and closed on teardown."""
    session: Session | None = g.get("db_session")
    if session is None:
        engine = get_database(current_app).engine
        assert engine is not None
        session = open_session(engine, expire_on_commit=False)
        g.db_session = session
    return session
