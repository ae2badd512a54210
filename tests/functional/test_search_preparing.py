"""With no index yet and a catalogue above SEARCH_SYNC_BUILD_LIMIT, the results page
says search is being prepared (no 500, no waiting) while the index builds outside the
request; once it is swapped in, the same page lists offers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import Engine

from enlace import create_app
from enlace.db import get_database
from enlace.search import get_index


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def background_app(shipped_engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "INDEX_DIR": str(tmp_path / "index"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SEARCH_SYNC_BUILD_LIMIT": 0,  # every catalogue is built in the background
        }
    )
    yield app
    get_index(app).close()  # joins the build thread
    engine = get_database(app).engine
    if engine is not None:
        engine.dispose()


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("es", "La búsqueda se está preparando"),
        ("en", "Search is being prepared"),
    ],
)
def test_results_say_search_is_being_prepared_then_list_offers(
    background_app: Flask, language: str, notice: str
) -> None:
    client = background_app.test_client()
    headers = {"Accept-Language": language}
    first = client.get("/buscar?q=capacitacion", headers=headers)
    assert first.status_code == 200
    assert notice in first.get_data(as_text=True)
    assert _result_slugs(first.get_data(as_text=True)) == []
    index = get_index(background_app)
    index.wait_for_rebuild()
    assert index.exists()
    later = client.get("/buscar?q=capacitacion", headers=headers)
    assert later.status_code == 200
    assert notice not in later.get_data(as_text=True)
    assert _result_slugs(later.get_data(as_text=True))


def _result_slugs(html: str) -> list[str]:
    return re.findall(r'class="result" data-offer="([^"]+)"', html)
