"""The index on disk: build, atomic swap, catching up with the catalogue revision.

The index is a derived cache of the database (folder layout: :mod:`.folder`). It records
the catalogue revision it reflects in a meta document written *in the same commit* as
the changes, so the revision and the content can never disagree, whichever process
crashes where.

Several processes (gunicorn workers) share one folder. Each keeps one warm searcher and
reopens it when the index generation changes; a process that finds the database ahead
takes Whoosh's writer lock (waiting for another writer rather than failing), re-reads
the revision under the lock (someone may have caught up meanwhile) and replays the
change log. Several machines sharing one PostgreSQL each keep their own folder and catch
up from the same change log.

Full builds (no index yet, another database's index or one ahead of it, a taxonomy
change, too many changes to replay) write a new folder and swap ``CURRENT``; the next
search notices. **No request waits for a big full build**: above ``sync_build_limit``
offers (``SEARCH_SYNC_BUILD_LIMIT``) it runs in a background thread (:mod:`.background`),
one at a time across processes, while the current index answers, reported stale; with
no index at all, results come back empty and ``preparing`` (the page says search is
being prepared). Smaller catalogues (every test, the shipped one) are built in the
request: well under a second, better than stale or no answers. ``enlace reindex`` always
builds in the foreground.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine as Database
from sqlmodel import Session
from whoosh.index import LockError

from enlace.catalogue.revision import catalogue_identity, changes_since
from enlace.db import open_session
from enlace.search import documents as docs
from enlace.search import fields
from enlace.search.engine.background import BackgroundBuild
from enlace.search.engine.build import (
    Progress,
    apply_changes,
    build_from_database,
    build_index,
    open_index,
    reopenable_url,
)
from enlace.search.engine.folder import POINTER, IndexFolder, folder_size
from enlace.search.engine.reports import BuildReport, IndexStatus, SyncReport
from enlace.search.engine.searcher import Engine, SegmentCaches, execute
from enlace.search.params import Completion, SearchParams, SearchResults, region_of_commune
from enlace.search.schema import DOCTYPE_AGENCY, INDEX_FORMAT, META_ID
from enlace.search.suggest import Gazetteer, Spelling, complete_names, match_places
from enlace.search.synonyms import Synonyms

#: Replaying more offers than this (and than a third of the index) rebuilds instead.
REBUILD_ABOVE = 2000
#: Full builds of more offers than this use several processes (CLI and benchmarks).
PARALLEL_ABOVE = 20_000
#: Full builds of at most this many offers run inside the request (well under a second);
#: bigger ones run in a background thread while the current index keeps answering.
SYNC_BUILD_LIMIT = 1000
#: Attempts at a search whose files vanished under it (a concurrent swap).
RETRIES = 3


class SearchIndex:
    """The index folder of one process: warm searcher, catch-up, rebuild and swap.

    Thread-safe. One re-entrant lock serialises the searches and catch-ups of a process,
    because a Whoosh searcher, its segment readers and our per-segment caches are not
    safe to use from two threads at once, and a searcher per thread would multiply the
    open files and the warm caches (hundreds of MB at 100k offers) by the thread count.
    The deployment runs sync gunicorn workers (one request at a time per process), so the
    lock costs nothing there; a threaded server serialises searches per process. Full
    builds never hold it: a background build only swaps ``CURRENT``, which the next
    search notices. Processes coordinate through file locks and the ``CURRENT`` pointer.
    """

    def __init__(
        self,
        root: Path | str,
        synonyms: Synonyms | None = None,
        *,
        writer_timeout: float = 30.0,
        sync_build_limit: int = SYNC_BUILD_LIMIT,
    ) -> None:
        self.root = Path(root)
        self.folder = IndexFolder(self.root)
        self.synonyms = synonyms or Synonyms()
        self.writer_timeout = writer_timeout
        self.sync_build_limit = sync_build_limit
        self._lock = threading.RLock()
        self._caches = SegmentCaches()
        self._spelling = Spelling()
        self._name: str | None = None
        self._ix: Any = None
        self._engine: Engine | None = None
        self._gazetteer: Gazetteer | None = None
        self._background = BackgroundBuild(self.folder)

    # -- the folder ---------------------------------------------------------------
    def current_name(self) -> str | None:
        return self.folder.current_name()

    def exists(self) -> bool:
        return self.current_name() is not None

    # -- the warm searcher ---------------------------------------------------------
    def engine(self) -> Engine | None:
        """The searcher on the latest generation of the live index (None: no index)."""
        with self._lock:
            name = self.current_name()
            if name is None:
                self._reset()
                return None
            if name != self._name or self._ix is None:
                self._reset()
                self._spelling = Spelling()  # a new folder has a new vocabulary
                self._ix = open_index(self.root / name)
                self._name = name
            generation = self._ix.latest_generation()
            if self._engine is None or self._engine.generation != generation:
                old, self._engine = self._engine, Engine(self._ix, self._caches, self._spelling)
                if old is not None:
                    old.close()
            return self._engine

    def _reset(self) -> None:
        if self._engine is not None:
            self._engine.close()
        if self._ix is not None:
            self._ix.close()
        self._engine = None
        self._ix = None
        self._name = None

    def revision(self) -> int | None:
        engine = self.engine()
        return engine.revision if engine is not None else None

    def close(self) -> None:
        """Wait for a background build of this process, then close the searcher."""
        self.wait_for_rebuild()
        with self._lock:
            self._reset()
            self._caches.clear()

    def clear_caches(self) -> None:
        """Forget what was read from segments (benchmarks measure a cold cache)."""
        with self._lock:
            self._caches.clear()
            if self._engine is not None:
                self._engine.docsets.forget()

    def status(self, session: Session) -> IndexStatus:
        """The live index against the database, for ``enlace status``."""
        catalogue, target = catalogue_identity(session)
        engine = self.engine()
        stale = (
            engine is None
            or engine.revision != target
            or engine.catalogue != catalogue
            or engine.format != INDEX_FORMAT
        )
        return IndexStatus(
            folder=self.current_name(),
            revision=engine.revision if engine is not None else None,
            catalogue_revision=target,
            stale=stale,
            rebuilding=self.rebuilding(),
            last_error=self._background.last_error,
        )

    # -- building -------------------------------------------------------------------
    def rebuild(
        self, session: Session, progress: Progress | None = None, *, procs: int | None = None
    ) -> BuildReport:
        """Build a complete new index from the database and swap it in atomically, in
        the foreground (``enlace reindex``, benchmarks); waits for another builder.

        The revision is read *before* the documents, so anything committed during the
        build is replayed by the next catch-up (replaying is idempotent). ``procs``
        None picks one process for small catalogues and up to four for large ones; the
        catch-up inside a web worker always uses one (a worker must not fork).
        """
        if procs is None:
            large = docs.count_offers(session) > PARALLEL_ABOVE
            procs = min(os.cpu_count() or 1, 4) if large else 1
        with self.folder.build_lock(blocking=True):
            return self._build(session, progress, procs=procs)

    def _build(self, session: Session, progress: Progress | None, *, procs: int) -> BuildReport:
        """Write a new generation folder and swap it in (the caller holds BUILD.lock)."""
        catalogue, revision = catalogue_identity(session)
        started = time.perf_counter()
        name = self.folder.new_name()
        path = self.root / name
        try:
            offers, agencies = build_from_database(
                session, path, revision, catalogue=catalogue, procs=procs, progress=progress
            )
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        self.folder.swap(name)
        return BuildReport(
            revision, offers, agencies, time.perf_counter() - started, path, folder_size(path)
        )

    def _needs_build(self, session: Session, behind: int | None) -> bool:
        """Whether a full build is (still) needed: no index, an index of another
        database or ahead of it, or still behind revision ``behind`` (a replay too big)."""
        catalogue, target = catalogue_identity(session)
        engine = self.engine()
        if engine is None or self._foreign(session, engine, catalogue, target):
            return True
        return behind is not None and engine.revision < behind

    def _build_now(self, session: Session, behind: int | None = None) -> bool:
        """A full build inside the request (small catalogues); waits for another
        builder, then builds only if that one did not already do it. True: built."""
        with self.folder.build_lock(blocking=True):
            if not self._needs_build(session, behind):
                return False
            self._build(session, None, procs=1)
            return True

    def _in_request(self, session: Session) -> bool:
        """Whether a full build may run inside the request: a small catalogue, or a
        database another thread cannot open (in-memory SQLite)."""
        if self.rebuilding_here():
            return False  # never wait for our own background build
        small = docs.count_offers(session) <= self.sync_build_limit
        return small or reopenable_url(session) is None

    def start_rebuild(self, database: Database, behind: int | None = None) -> None:
        """Start a full build in a background thread unless one runs (here or in
        another process); it builds only if still needed once it holds BUILD.lock."""

        def work() -> None:
            with open_session(database) as session:
                if self._needs_build(session, behind):
                    self._build(session, None, procs=1)

        self._background.start(work)

    def rebuilding_here(self) -> bool:
        return self._background.running()

    def rebuilding(self) -> bool:
        """Whether a full build runs, in this process or another."""
        return self.rebuilding_here() or self.folder.building()

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """Wait for this handle's background build (tests, shutdown)."""
        self._background.wait(timeout)

    def catch_up(self, session: Session) -> SyncReport:
        """Bring the index up to the database's catalogue revision before answering.

        An index of another database (another catalogue id: the database was created
        anew) or ahead of this one (an older backup was restored) is rebuilt, never
        served as if it were current: in the request for a small catalogue, otherwise in
        the background while this index answers, reported stale."""
        catalogue, target = catalogue_identity(session)
        with self._lock:
            engine = self.engine()
            rebuilt = False
            if engine is None:
                if not self._in_request(session):
                    self.start_rebuild(session.get_bind().engine)
                    return SyncReport(-1, -1, stale=True, preparing=True)
                self._build_now(session)
                engine = self._require_engine()
                rebuilt = True
            if self._foreign(session, engine, catalogue, target):
                start = engine.revision
                if not self._in_request(session):
                    self.start_rebuild(session.get_bind().engine)
                    return SyncReport(start, start, stale=True)
                self._build_now(session)
                engine = self._require_engine()
                return SyncReport(start, engine.revision, rebuilt=True)
            if engine.revision >= target:
                return SyncReport(engine.revision, engine.revision, rebuilt=rebuilt)
            if self.rebuilding_here():
                return SyncReport(engine.revision, engine.revision, stale=True)
            return self._replay(session, target, catalogue)

    def _require_engine(self) -> Engine:
        engine = self.engine()
        if engine is None:
            raise RuntimeError(f"no search index in {self.root} after building one")
        return engine

    @staticmethod
    def _foreign(session: Session, engine: Engine, catalogue: str, target: int) -> bool:
        """Whether the index reflects another database, a future this one never had, or
        was written in another stored-field format (an older release's index).

        An index ahead of the revision a request sees is usually just newer than the
        request's transaction (another worker caught up meanwhile), so a fresh session
        is asked before concluding that a backup was restored."""
        if engine.catalogue != catalogue or engine.format != INDEX_FORMAT:
            return True
        if engine.revision <= target:
            return False
        with open_session(session.get_bind()) as fresh:
            latest_catalogue, latest = catalogue_identity(fresh)
        return latest_catalogue != engine.catalogue or latest < engine.revision

    def _replay(self, session: Session, target: int, catalogue: str) -> SyncReport:
        ix = self._ix
        try:
            writer = ix.writer(timeout=self.writer_timeout, delay=0.05)
        except LockError:
            start = self._engine.revision if self._engine else -1
            return SyncReport(start, start, locked=True)
        try:
            with ix.searcher() as latest:  # the revision as of the newest commit
                meta = latest.document(id=META_ID)
                indexed = int(meta["revision"]) if meta else -1
                size = latest.doc_count()
            if indexed >= target:
                writer.cancel()
                return SyncReport(indexed, indexed)
            changes = changes_since(session, indexed)
            plan = docs.plan_changes(session, changes)
            if plan.full or len(plan.offers) > max(REBUILD_ABOVE, size // 3):
                writer.cancel()
                if not self._in_request(session):
                    self.start_rebuild(session.get_bind().engine, behind=target)
                    return SyncReport(indexed, indexed, stale=True)
                self._build_now(session, behind=target)
                return SyncReport(indexed, self._require_engine().revision, rebuilt=True)
            reached = max([target, *(c.revision for c in changes)])
            updated, deleted = apply_changes(writer, session, plan)
            writer.update_document(**fields.meta_fields(reached, catalogue))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return SyncReport(indexed, reached, updated=updated, deleted=deleted)

    # -- answering ------------------------------------------------------------------
    def gazetteer(self, session: Session) -> Gazetteer:
        """Regions and communes (reference data: read once per process)."""
        if self._gazetteer is None or not self._gazetteer.places:
            labels = docs.Labels.load(session)
            communes = [
                (code, name, region_of_commune(code)) for code, name in labels.communes.items()
            ]
            self._gazetteer = Gazetteer.build(sorted(labels.regions.items()), sorted(communes))
        return self._gazetteer

    def search(self, params: SearchParams, gazetteer: Gazetteer | None = None) -> SearchResults:
        """Search the index as it is (the service catches up first).

        A full rebuild elsewhere may remove the files of an old folder while this
        process still reads it: the engine is then reopened on the new folder and the
        search retried."""
        with self._lock:
            for attempt in range(RETRIES):
                try:
                    engine = self.engine()
                    if engine is None:
                        return SearchResults(params=params, total=0, hits=())
                    return execute(engine, params, self.synonyms, gazetteer or Gazetteer())
                except FileNotFoundError:
                    if attempt == RETRIES - 1:
                        raise
                    self._reset()
            raise AssertionError("unreachable")

    def complete(
        self, text: str, language: str, gazetteer: Gazetteer, limit: int = 8
    ) -> list[Completion]:
        """Autocomplete: places first when they match well, then offers and agencies."""
        places = [
            Completion(kind=p.kind, id=p.code, label=p.name, region_code=p.region_code)
            for p in match_places(text, gazetteer.places, limit=3)
        ]
        with self._lock:
            engine = self.engine()
            if engine is None:
                return places[:limit]
            allowed = engine.offers | engine.docsets.term("doctype", DOCTYPE_AGENCY)
            allowed &= engine.docsets.term("status", "active")
            matching = engine.docsets.evaluate

            def rank(q: Any, count: int) -> list[int]:
                found = engine.scorer.top(q, matching(q) & allowed, count)
                return [docnum for _score, docnum in found]

            names = complete_names(
                rank, engine.searcher.stored_fields, engine.spelling, text, language, limit
            )
        return (places + names)[:limit]


__all__ = ["POINTER", "BuildReport", "IndexStatus", "SearchIndex", "SyncReport", "build_index"]
