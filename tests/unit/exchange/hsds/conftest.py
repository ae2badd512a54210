"""Fixtures of the HSDS exchange tests: a catalogue built in code, and a way to empty it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from tests.unit.exchange.hsds.catalogue import build_catalogue


@pytest.fixture
def catalogue_session(db_session: Session) -> Session:
    """The database with the reference tables and the code-built catalogue, committed."""
    build_catalogue(db_session)
    return db_session


@pytest.fixture
def empty_database(engine: Engine) -> Callable[[], Engine]:
    """Call it to drop every table and create them again: an empty database, same backend."""

    def wipe() -> Engine:
        SQLModel.metadata.drop_all(engine)
        SQLModel.metadata.create_all(engine)
        return engine

    return wipe
