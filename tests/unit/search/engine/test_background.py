"""Full builds outside the request: the current index keeps answering while a build
runs in a background thread, one build at a time per folder, swapped in atomically.

The build is held mid-way with events (never sleeps): the wrapped
``build_from_database`` signals that it started and waits to be released.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from enlace.catalogue.models import Offer
from enlace.catalogue.revision import current_revision
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.search import service
from enlace.search.engine import index as index_module
from enlace.search.engine.index import SearchIndex
from enlace.search.params import SearchParams
from enlace.search.synonyms import load_synonyms
from tests.unit.search.conftest import slugs

pytestmark = pytest.mark.postgres

#: Seconds a test waits for an event before failing (a hang guard, not a measurement).
PATIENCE = 60


class HeldBuild:
    """Wraps ``build_from_database``: counts builds and how many ran at once, and holds
    each build until :meth:`release` (after :attr:`started` is set)."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.started = threading.Event()
        self.released = threading.Event()
        self.builds = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.builds += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            self.started.set()
            if not self.released.wait(PATIENCE):
                raise TimeoutError("the test never released the build")
            return self.original(*args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldBuild]:
    build = HeldBuild(index_module.build_from_database)
    monkeypatch.setattr(index_module, "build_from_database", build)
    yield build
    build.release()  # never leave a thread waiting, whatever failed


def _handle(root: Path) -> SearchIndex:
    """A handle that builds every catalogue in the background (limit 0 offers)."""
    return SearchIndex(root, load_synonyms(service.SYNONYMS_DIR), sync_build_limit=0)


def _search(index: SearchIndex, session: Session, text: str) -> Any:
    return service.search(index, session, SearchParams(text=text, per_page=100))


def test_searches_are_answered_from_the_old_index_while_a_rebuild_runs(
    tmp_path: Path, db_session: Session, catalogue: dict[str, Offer], held: HeldBuild
) -> None:
    index = _handle(tmp_path / "index")
    try:
        held.release()
        index.rebuild(db_session)  # the first index, in the foreground
        held.started.clear()
        held.released.clear()
        before = index.revision()
        term = db_session.exec(
            select(TaxonomyTerm).where(TaxonomyTerm.code == "health.dental")
        ).one()
        term.name_es = "Odontología y salud bucal"
        db_session.commit()  # a taxonomy change: a full rebuild is needed

        report = index.catch_up(db_session)
        assert report.stale and not report.rebuilt
        assert held.started.wait(PATIENCE)
        assert index.rebuilding()

        during = _search(index, db_session, "dental")  # answered while the build waits
        assert "atencion-dental" in slugs(during)
        assert during.revision == before
        assert _search(index, db_session, "bucal").total == 0  # the old generation
        status = index.status(db_session)
        assert (status.stale, status.rebuilding) == (True, True)

        held.release()
        index.wait_for_rebuild()
        assert not index.rebuilding()
        after = _search(index, db_session, "bucal")  # the next search uses the new one
        assert slugs(after) == ["atencion-dental"]
        assert after.revision == current_revision(db_session)
        assert not index.status(db_session).stale
        assert held.builds == 2
    finally:
        held.release()
        index.close()


def test_two_handles_on_one_folder_never_build_at_once(
    tmp_path: Path, db_session: Session, catalogue: dict[str, Offer], held: HeldBuild
) -> None:
    """Two handles stand for two worker processes finding no index at the same time."""
    first, second = _handle(tmp_path / "index"), _handle(tmp_path / "index")
    try:
        found = _search(first, db_session, "arriendo")
        assert found.preparing and found.total == 0  # no index yet: being prepared
        assert held.started.wait(PATIENCE)
        assert _search(second, db_session, "arriendo").preparing
        assert second.rebuilding() and not second.rebuilding_here()  # sees first's lock
        with second.folder.build_lock(blocking=False) as acquired:
            assert not acquired  # a foreground build would wait for the first one

        held.release()
        first.wait_for_rebuild()
        assert "subsidio-arriendo" in slugs(_search(second, db_session, "arriendo"))
        assert "subsidio-arriendo" in slugs(_search(first, db_session, "arriendo"))
        assert (held.builds, held.most_at_once) == (1, 1)
    finally:
        held.release()
        first.close()
        second.close()


def test_a_small_catalogue_is_still_built_in_the_request(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """At or below ``sync_build_limit`` offers the first search builds and answers."""
    assert search_index.sync_build_limit >= len(catalogue)
    found = _search(search_index, db_session, "arriendo")
    assert not found.preparing
    assert "subsidio-arriendo" in slugs(found)
    assert not search_index.rebuilding()


def test_a_failed_background_build_is_reported_and_tried_again(
    tmp_path: Path,
    db_session: Session,
    catalogue: dict[str, Offer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = index_module.build_from_database
    calls: list[int] = []

    def failing_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(index_module, "build_from_database", failing_once)
    index = _handle(tmp_path / "index")
    try:
        assert index.catch_up(db_session).preparing
        index.wait_for_rebuild()
        assert index.status(db_session).last_error == "OSError: disk full"
        assert not index.exists()
        assert index.catch_up(db_session).preparing  # the next request tries again
        index.wait_for_rebuild()
        assert index.exists() and index.status(db_session).last_error is None
        assert "subsidio-arriendo" in slugs(_search(index, db_session, "arriendo"))
    finally:
        index.close()
