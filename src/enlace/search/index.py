"""The index on disk: build, atomic swap, catching up with the catalogue revision.

Layout of ``INDEX_DIR``::

    CURRENT             name of the live index folder (replaced atomically)
    BUILD.lock          held while a full build runs (one builder at a time)
    ix-<ns>-<pid>/      a Whoosh index; several may exist briefly around a swap

The index is a derived cache of the database. It records the catalogue revision it
reflects in a meta document written *in the same commit* as the changes, so the revision
and the content can never disagree, whichever process crashes where.

Several processes (gunicorn workers) share one folder. Each keeps one warm searcher and
reopens it when the index generation changes; a process that finds the database ahead
takes Whoosh's writer lock (waiting for another writer rather than failing), re-reads
the revision under the lock (someone may have caught up meanwhile) and replays the
change log. A full build writes a new folder and swaps ``CURRENT``; readers notice the
new name on their next search, and the folder before the previous one is removed (open
files stay valid on POSIX). Several machines sharing one PostgreSQL each keep their own
folder and catch up from the same change log.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from enlace.catalogue.revision import catalogue_identity, changes_since
from enlace.db import open_session
from enlace.search import documents as docs
from enlace.search import fields
from enlace.search.build import (
    INDEX_NAME,
    Progress,
    apply_changes,
    build_from_database,
    build_index,
)
from enlace.search.params import Completion, SearchParams, SearchResults, region_of_commune
from enlace.search.schema import DOCTYPE_AGENCY, DOCTYPE_OFFER, META_ID
from enlace.search.searcher import Engine, SegmentCaches, execute
from enlace.search.suggest import Gazetteer, Spelling, complete_names, match_places
from enlace.search.synonyms import Synonyms

POINTER = "CURRENT"
PREFIX = "ix-"
#: Replaying more offers than this (and than a third of the index) rebuilds instead.
REBUILD_ABOVE = 2000
#: Full builds of more offers than this use several processes (CLI and benchmarks).
PARALLEL_ABOVE = 20_000
#: Attempts at a search whose files vanished under it (a concurrent swap).
RETRIES = 3


@dataclass
class SyncReport:
    """What a catch-up did."""

    from_revision: int
    to_revision: int
    updated: int = 0
    deleted: int = 0
    rebuilt: bool = False
    #: Another process held the writer lock for longer than the timeout: served stale.
    locked: bool = False


@dataclass
class BuildReport:
    revision: int
    offers: int
    agencies: int
    seconds: float
    path: Path
    size_bytes: int


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


class SearchIndex:
    """The index folder of one process: warm searcher, catch-up, rebuild and swap.

    Thread-safe: one lock serialises searches and writes within the process (Whoosh
    searchers are not meant to be shared across threads); processes coordinate through
    file locks and the ``CURRENT`` pointer.
    """

    def __init__(
        self, root: Path | str, synonyms: Synonyms | None = None, *, writer_timeout: float = 30.0
    ) -> None:
        self.root = Path(root)
        self.synonyms = synonyms or Synonyms()
        self.writer_timeout = writer_timeout
        self._lock = threading.RLock()
        self._caches = SegmentCaches()
        self._spelling = Spelling()
        self._name: str | None = None
        self._ix: Any = None
        self._engine: Engine | None = None
        self._gazetteer: Gazetteer | None = None

    # -- the folder ---------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def exists(self) -> bool:
        return self.current_name() is not None

    def _swap(self, name: str) -> None:
        """Point ``CURRENT`` at ``name`` atomically, then drop folders older than the
        previous one (readers still on the previous folder keep working)."""
        temporary = self.root / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        previous = self.current_name()
        os.replace(temporary, self.root / POINTER)
        keep = {name, previous}
        for folder in self.root.glob(f"{PREFIX}*"):
            if folder.name not in keep and folder.name < name:
                shutil.rmtree(folder, ignore_errors=True)

    def _build_lock(self) -> Any:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileStorage(str(self.root)).lock("BUILD.lock")

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
                self._ix = whoosh_index.open_dir(str(self.root / name), indexname=INDEX_NAME)
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
        with self._lock:
            self._reset()
            self._caches.clear()

    def clear_caches(self) -> None:
        """Forget what was read from segments (benchmarks measure a cold cache)."""
        with self._lock:
            self._caches.clear()
            if self._engine is not None:
                self._engine.docsets.forget()

    # -- building -------------------------------------------------------------------
    def rebuild(
        self, session: Session, progress: Progress | None = None, *, procs: int | None = None
    ) -> BuildReport:
        """Build a complete new index from the database and swap it in atomically.

        The revision is read *before* the documents, so anything committed during the
        build is replayed by the next catch-up (replaying is idempotent). ``procs``
        None picks one process for small catalogues and up to four for large ones; the
        catch-up inside a web worker always uses one (a worker must not fork).
        """
        if procs is None:
            large = docs.count_offers(session) > PARALLEL_ABOVE
            procs = min(os.cpu_count() or 1, 4) if large else 1
        report = self._rebuild(session, progress, only_if_missing=False, procs=procs)
        assert report is not None
        return report

    def _rebuild(
        self,
        session: Session,
        progress: Progress | None,
        *,
        only_if_missing: bool,
        only_if_foreign: bool = False,
        procs: int = 1,
    ) -> BuildReport | None:
        lock = self._build_lock()
        lock.acquire(blocking=True)
        try:
            if only_if_missing and self.exists():
                return None  # another process built it while we waited for the lock
            catalogue, revision = catalogue_identity(session)
            if only_if_foreign:
                current = self.engine()
                if current is not None and not self._foreign(session, current, catalogue, revision):
                    return None  # another process rebuilt it while we waited
            started = time.perf_counter()
            name = f"{PREFIX}{time.time_ns():020d}-{os.getpid()}"
            path = self.root / name
            try:
                offers, agencies = build_from_database(
                    session, path, revision, catalogue=catalogue, procs=procs, progress=progress
                )
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            with self._lock:
                self._swap(name)
            return BuildReport(
                revision, offers, agencies, time.perf_counter() - started, path, folder_size(path)
            )
        finally:
            lock.release()

    def catch_up(self, session: Session) -> SyncReport:
        """Bring the index up to the database's catalogue revision before answering.

        An index of another database (another catalogue id: the database was created
        anew) or ahead of this one (an older backup was restored) is rebuilt, never
        served as if it were current."""
        catalogue, target = catalogue_identity(session)
        with self._lock:
            engine = self.engine()
            rebuilt = False
            if engine is None:
                self._rebuild(session, None, only_if_missing=True)
                engine = self._require_engine()
                rebuilt = True
            if self._foreign(session, engine, catalogue, target):
                start = engine.revision
                self._rebuild(session, None, only_if_missing=False, only_if_foreign=True)
                engine = self._require_engine()
                return SyncReport(start, engine.revision, rebuilt=True)
            if engine.revision >= target:
                return SyncReport(engine.revision, engine.revision, rebuilt=rebuilt)
            return self._replay(session, target, catalogue)

    def _require_engine(self) -> Engine:
        engine = self.engine()
        if engine is None:
            raise RuntimeError(f"no search index in {self.root} after building one")
        return engine

    @staticmethod
    def _foreign(session: Session, engine: Engine, catalogue: str, target: int) -> bool:
        """Whether the index reflects another database, or a future this one never had.

        An index ahead of the revision a request sees is usually just newer than the
        request's transaction (another worker caught up meanwhile), so a fresh session
        is asked before concluding that a backup was restored."""
        if engine.catalogue != catalogue:
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
                report = self.rebuild(session, procs=1)
                return SyncReport(indexed, report.revision, rebuilt=True)
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


__all__ = ["DOCTYPE_OFFER", "BuildReport", "SearchIndex", "SyncReport", "build_index"]
