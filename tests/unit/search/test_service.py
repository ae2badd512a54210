"""Wiring: the app opens nothing at start-up; the service searches; `enlace reindex`."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session

from enlace.cli import main
from enlace.db import get_database
from enlace.search import SearchParams, autocomplete, get_index, search
from tests.unit.search.conftest import build_catalogue

pytestmark = pytest.mark.postgres


def test_start_up_opens_no_index(app: Flask) -> None:
    index = get_index(app)
    assert index.root == Path(app.config["INDEX_DIR"])
    assert not index.root.exists()


def test_search_and_autocomplete_through_the_app(app: Flask) -> None:
    with get_database(app).session() as session:
        build_catalogue(session)
    with app.app_context(), get_database(app).session() as session:
        index = get_index(app)
        results = search(index, session, SearchParams(text="arriendo"))
        assert [h.slug for h in results.hits] == ["subsidio-arriendo"]
        assert autocomplete(index, session, "subsid")[0].slug == "subsidio-arriendo"


def test_reindex_command(app: Flask, db_session: Session) -> None:
    build_catalogue(db_session)
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt: 11 offers" in result.output
    with_bar = runner.invoke(main, ["reindex"])
    assert with_bar.exit_code == 0, with_bar.output
    index = get_index(app)
    assert index.exists()
    assert index.search(SearchParams(text="soldadura")).total == 1
