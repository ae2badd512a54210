"""`enlace status` shows the search index: its revision, whether it is stale (behind or
of another database) and whether a full rebuild is running (in any process)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import select

from enlace import create_app
from enlace.catalogue.models import Offer
from enlace.cli import main
from enlace.db import get_database
from enlace.search import get_index
from tests.accounts_factories import app_session


@pytest.fixture
def loaded_app(tmp_path: Path) -> Iterator[Flask]:
    """An app whose database was set up the way operators do it: `enlace load`."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'enlace.sqlite3'}",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "INDEX_DIR": str(tmp_path / "index"),
            "SECRET_KEY": "test-secret-key-not-for-production",
        }
    )
    result = app.test_cli_runner().invoke(main, ["load", "--quiet"])
    assert result.exit_code == 0, result.output
    yield app
    get_index(app).close()
    engine = get_database(app).engine
    if engine is not None:
        engine.dispose()


def _status(app: Flask) -> str:
    result = app.test_cli_runner().invoke(main, ["status"])
    assert result.exit_code == 0, result.output
    return result.output


def test_status_reports_the_index_revision_stale_and_rebuilding(loaded_app: Flask) -> None:
    output = _status(loaded_app)
    assert "Search index: none yet" in output
    assert "Search index stale: yes" in output
    assert "Search index rebuild running: no" in output

    result = loaded_app.test_cli_runner().invoke(main, ["reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    with app_session(loaded_app) as session:
        status = get_index(loaded_app).status(session)
    output = _status(loaded_app)
    assert f"Search index: revision {status.revision} of {status.revision}" in output
    assert "Search index stale: no" in output

    with app_session(loaded_app) as session:  # the catalogue moves on: stale until caught up
        offer = session.exec(select(Offer)).first()
        assert offer is not None
        offer.name_es = f"{offer.name_es} (renovado)"
        session.commit()
    assert "Search index stale: yes" in _status(loaded_app)

    # Another process holding the build lock is a rebuild running.
    with get_index(loaded_app).folder.build_lock(blocking=False) as acquired:
        assert acquired
        assert "Search index rebuild running: yes" in _status(loaded_app)
    assert "Search index rebuild running: no" in _status(loaded_app)
