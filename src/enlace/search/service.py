"""What the web layer calls: catch the index up with the database, then search.

Blueprints parse the request into :class:`SearchParams`, call :func:`search` with the
app's index handle and the request's session, and render the :class:`SearchResults`.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlmodel import Session

from enlace.paths import DIRECTORY_DATA_DIR
from enlace.search.engine import SYNC_BUILD_LIMIT, SearchIndex
from enlace.search.params import Completion, SearchParams, SearchResults
from enlace.search.synonyms import load_synonyms

EXTENSION_KEY = "enlace.search"
SYNONYMS_DIR = DIRECTORY_DATA_DIR / "synonyms"


def init_app(app: Flask) -> SearchIndex:
    """Register the index handle. Nothing is opened or built here: the first search
    opens the index (building it if it does not exist yet: in the request up to
    ``SEARCH_SYNC_BUILD_LIMIT`` offers, in the background beyond)."""
    index = SearchIndex(
        Path(app.config["INDEX_DIR"]),
        load_synonyms(SYNONYMS_DIR),
        sync_build_limit=int(app.config.get("SEARCH_SYNC_BUILD_LIMIT", SYNC_BUILD_LIMIT)),
    )
    app.extensions[EXTENSION_KEY] = index
    return index


def get_index(app: Flask) -> SearchIndex:
    index: SearchIndex = app.extensions[EXTENSION_KEY]
    return index


def search(index: SearchIndex, session: Session, params: SearchParams) -> SearchResults:
    """Offers matching ``params``, from an index caught up with the catalogue revision
    (or, while a full build runs in the background, from the current one; with no
    index yet, no offers and ``preparing`` set)."""
    report = index.catch_up(session)
    if report.preparing:
        return SearchResults(params=params, total=0, hits=(), preparing=True)
    return index.search(params, index.gazetteer(session))


def autocomplete(
    index: SearchIndex, session: Session, text: str, language: str = "es", limit: int = 8
) -> list[Completion]:
    """Communes, regions, offers and agencies whose names start like ``text``."""
    index.catch_up(session)
    return index.complete(text, language, index.gazetteer(session), limit)
