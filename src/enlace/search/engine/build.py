"""Writing the index: full builds (in this process, or in worker processes that read
the database) and the incremental changes of a catch-up.

A parallel build splits the offer ids into contiguous chunks, one per worker. Each worker
opens its own database connection, reads and analyses its chunk and writes ONE Whoosh
segment; the parent writes agencies, taxonomy vocabulary and the meta document, then
commits a table of contents naming every segment, holding the index lock throughout.
Nothing is pickled per document and the parent stays idle, so the workers get the cores
(Whoosh's own ``MpWriter`` made the parent read, build and pickle every document while
competing with its sub-writers for the same cores).

Workers are started with the "spawn" context: forking a process that holds database
connections would share their sockets. A script that triggers a parallel build must
therefore guard its top level with ``if __name__ == "__main__":``, as any program using
``multiprocessing`` with spawn must.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlmodel import Session
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from enlace.db import make_engine, open_session
from enlace.search import documents as docs
from enlace.search import fields
from enlace.search.engine import patches
from enlace.search.schema import build_schema

INDEX_NAME = "offers"
#: Memory the Whoosh writers may use together before spilling postings to disk (about
#: 3 MB per 1,000 offers; spilling and merging back costs more than the indexing).
BUILD_LIMIT_MB = 512
#: Offers a worker indexes between two progress reports.
REPORT_EVERY = 250
#: Seconds between checks that every worker is still alive.
POLL_SECONDS = 1.0
#: Seconds a worker may take to start (a fresh interpreter importing the app).
STARTUP_SECONDS = 120.0

Progress = Callable[[int, int], None]


def create_index(path: Path) -> Any:
    """A new empty Whoosh index in ``path``, with our patches applied to Whoosh first."""
    patches.apply()
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)


def open_index(path: Path) -> Any:
    """The Whoosh index in ``path``, with our patches applied to Whoosh first."""
    patches.apply()
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)


class BuildError(RuntimeError):
    """A build worker failed; the half-built index was abandoned."""


def build_index(
    path: Path,
    records: Iterable[docs.OfferRecord],
    agencies: Iterable[docs.AgencyRecord],
    revision: int,
    *,
    catalogue: str = "",
    vocabulary: Iterable[tuple[str, str]] = (),
    total: int = 0,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write a new index in ``path`` from plain records (the database, or the benchmark
    generator), in this process. Returns (offers, agencies) written."""
    ix = create_index(path)
    writer = ix.writer(limitmb=BUILD_LIMIT_MB)
    offers = 0
    words: set[str] = set()
    try:
        for record in records:
            writer.add_document(**fields.offer_fields(record))
            words |= fields.text_words(record)
            offers += 1
            if progress is not None and offers % 100 == 0:
                progress(offers, total)
        agencies_written = _add_extras(writer, agencies, vocabulary, revision, catalogue)
        _add_words(writer, words)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    if progress is not None:
        progress(offers, total)
    return offers, agencies_written


def _add_extras(
    writer: Any,
    agencies: Iterable[docs.AgencyRecord],
    vocabulary: Iterable[tuple[str, str]],
    revision: int,
    catalogue: str,
) -> int:
    """Agencies, vocabulary and the meta document: written after the offers, so offers
    keep the same document order (and tie-breaks) however many processes build."""
    written = 0
    for agency in agencies:
        writer.add_document(**fields.agency_fields(agency))
        written += 1
    for key, text in vocabulary:
        writer.add_document(**fields.vocabulary_fields(key, text))
    writer.add_document(**fields.meta_fields(revision, catalogue))
    return written


def _add_words(writer: Any, words: Iterable[str]) -> None:
    """The description words of every offer, as a few vocabulary documents."""
    for key, text in fields.words_vocabulary("descriptions", words):
        writer.add_document(**fields.vocabulary_fields(key, text))


def reopenable_url(session: Session) -> str | None:
    """The session's database URL with its password, or None when another process
    cannot open the same database (in-memory SQLite)."""
    url: URL = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or url.query.get("mode") == "memory":
            return None
    return url.render_as_string(hide_password=False)


def offer_ids(session: Session) -> list[str]:
    """Every offer id, in the order :func:`documents.load_offer_records` sorts them."""
    return sorted(str(i) for i in session.execute(select(docs.OFFER.c.id)).scalars())


def split(ids: Sequence[str], parts: int) -> list[list[str]]:
    """``ids`` in ``parts`` contiguous chunks whose sizes differ by at most one."""
    size, extra = divmod(len(ids), parts)
    chunks, start = [], 0
    for number in range(parts):
        end = start + size + (1 if number < extra else 0)
        chunks.append(list(ids[start:end]))
        start = end
    return chunks


def build_from_database(
    session: Session,
    path: Path,
    revision: int,
    *,
    catalogue: str = "",
    procs: int = 1,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Index every offer and agency of the database in ``path``; (offers, agencies).

    With ``procs`` > 1 and a database other processes can open, ``procs`` workers each
    read and write a contiguous share of the offers; otherwise this process does it all.
    """
    labels = docs.Labels.load(session)
    vocabulary = fields.taxonomy_vocabulary(labels.terms)
    agencies = docs.load_agency_records(session)
    url = reopenable_url(session) if procs > 1 else None
    if url is not None:
        ids = offer_ids(session)
        workers = min(procs, len(ids))
        if workers > 1:
            stamp = (revision, catalogue)
            return _build_parallel(
                url, path, split(ids, workers), agencies, vocabulary, stamp, progress
            )
    return build_index(
        path,
        docs.load_offer_records(session, labels=labels),
        agencies,
        revision,
        catalogue=catalogue,
        vocabulary=vocabulary,
        total=docs.count_offers(session),
        progress=progress,
    )


def apply_changes(writer: Any, session: Session, plan: docs.ChangePlan) -> tuple[int, int]:
    """Write a catch-up's changed offers and agencies (with each offer's description
    words) and delete what is gone; (updated, deleted). The caller commits."""
    labels = docs.Labels.load(session)
    seen: set[str] = set()
    for record in docs.load_offer_records(session, plan.offers, labels):
        writer.update_document(**fields.offer_fields(record))
        words = " ".join(sorted(fields.text_words(record)))
        key = fields.offer_vocabulary_key(record.id)
        writer.update_document(**fields.vocabulary_fields(key, words))
        seen.add(record.id)
    agencies = docs.load_agency_records(session, plan.agencies) if plan.agencies else []
    for agency in agencies:
        writer.update_document(**fields.agency_fields(agency))
    gone = (plan.offers - seen) | (plan.agencies - {a.id for a in agencies})
    for identifier in gone:
        writer.delete_by_term("id", identifier)
        key = fields.offer_vocabulary_key(identifier)
        writer.delete_by_term("id", fields.vocabulary_id(key))
    return len(seen) + len(agencies), len(gone)


# -- the parallel build ----------------------------------------------------------------
@dataclass(frozen=True)
class WorkerTask:
    """What one worker needs: plain values, sent to a fresh interpreter."""

    number: int
    url: str
    path: str
    ids: list[str]
    limitmb: int


def run_worker(task: WorkerTask, messages: Any) -> None:
    """A worker process: index ``task.ids`` from the database into one new segment.

    Reports ("ready" | "progress" | "done" | "error", number, value) on ``messages``.
    """
    try:
        messages.put(("ready", task.number, None))
        engine = make_engine(task.url)
        try:
            with open_session(engine) as session:
                segment, offers, words = _write_segment(task, session, messages)
        finally:
            engine.dispose()
        messages.put(("done", task.number, (segment, offers, words)))
    except BaseException:
        messages.put(("error", task.number, traceback.format_exc()))


def _write_segment(task: WorkerTask, session: Session, messages: Any) -> tuple[Any, int, set[str]]:
    labels = docs.Labels.load(session)
    patches.apply()  # a fresh interpreter: Whoosh is not patched yet
    ix = FileStorage(task.path).open_index(INDEX_NAME)
    # No lock: the parent holds the index lock for the whole build.
    writer = SegmentWriter(ix, _lk=False, limitmb=task.limitmb)
    offers = 0
    words: set[str] = set()
    # On failure the parent stops every worker and removes the whole folder: cancelling
    # here would only delete the temporary files the other workers are still using.
    for record in docs.load_offer_records(session, task.ids, labels):
        writer.add_document(**fields.offer_fields(record))
        words |= fields.text_words(record)
        offers += 1
        if offers % REPORT_EVERY == 0:
            messages.put(("progress", task.number, offers))
    # Finish the segment without committing a table of contents: the parent does.
    segment = writer._finalize_segment()
    messages.put(("progress", task.number, offers))
    return segment, offers, words


def _build_parallel(
    url: str,
    path: Path,
    chunks: list[list[str]],
    agencies: Sequence[docs.AgencyRecord],
    vocabulary: Iterable[tuple[str, str]],
    stamp: tuple[int, str],
    progress: Progress | None,
) -> tuple[int, int]:
    """Workers write the offers; this writer adds agencies, vocabulary, the meta
    document (``stamp``: revision and catalogue id) and the workers' description words."""
    ix = create_index(path)
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    workers: list[Any] = []
    writer = ix.writer(limitmb=16)  # takes the index lock, held until the commit
    try:
        limitmb = max(BUILD_LIMIT_MB // len(chunks), 32)
        for number, ids in enumerate(chunks):
            task = WorkerTask(number, url, str(path), ids, limitmb)
            worker = context.Process(target=run_worker, args=(task, messages), daemon=True)
            worker.start()
            workers.append(worker)
        agencies_written = _add_extras(writer, agencies, vocabulary, *stamp)
        total = sum(len(ids) for ids in chunks)
        results = _collect(workers, messages, progress, total)
        for worker in workers:
            worker.join()
        _add_words(writer, set().union(*(words for _segment, _offers, words in results)))
        segments = [segment for segment, _offers, _words in results]
        offers = sum(count for _segment, count, _words in results)
        # As MpWriter does with multisegment=True: the workers' segments as they are,
        # then this writer's own (agencies, vocabulary, meta), in one new TOC.
        segments.append(writer._finalize_segment())
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        _stop(workers)
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        messages.close()
        ix.close()
    if progress is not None:
        progress(offers, total)
    return offers, agencies_written


def _collect(
    workers: list[Any], messages: Any, progress: Progress | None, total: int
) -> list[tuple[Any, int, set[str]]]:
    """Wait for every worker's segment, passing progress on; raise on any failure."""
    results: dict[int, tuple[Any, int, set[str]]] = {}
    counts = [0] * len(workers)
    ready: set[int] = set()
    silent: set[int] = set()  # exited without a result during the last poll
    started = time.monotonic()
    while len(results) < len(workers):
        try:
            kind, number, value = messages.get(timeout=POLL_SECONDS)
        except queue.Empty:
            dead = {n for n, w in enumerate(workers) if n not in results and w.exitcode is not None}
            if dead & silent:
                number = min(dead & silent)
                raise BuildError(
                    f"search index worker {number} exited with code "
                    f"{workers[number].exitcode} before finishing its segment"
                ) from None
            silent = dead
            if len(ready) < len(workers) and time.monotonic() - started > STARTUP_SECONDS:
                raise BuildError(
                    f"search index workers did not start within {STARTUP_SECONDS:.0f} s "
                    "(a script starting a parallel build needs an "
                    "`if __name__ == '__main__':` guard)"
                ) from None
            continue
        if kind == "ready":
            ready.add(number)
        elif kind == "progress":
            counts[number] = value
            if progress is not None:
                progress(sum(counts), total)
        elif kind == "done":
            results[number] = value
        else:
            raise BuildError(f"search index worker {number} failed:\n{value}")
    return [results[number] for number in range(len(workers))]


def _stop(workers: list[Any]) -> None:
    """Stop every worker still running and wait for it (their files go with the folder)."""
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join()
