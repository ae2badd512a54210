"""Full builds: parallel workers reading the database give the same index as one process;
failures leave nothing behind; the Whoosh speed-ups write byte-identical files."""

from __future__ import annotations

import queue
import random
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, SQLModel
from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.fields import FieldType
from whoosh.filedb.filestore import FileStorage

from enlace.catalogue.models import Offer
from enlace.db import make_engine, open_session
from enlace.search import fields, service
from enlace.search.documents import OfferRecord
from enlace.search.engine import build
from enlace.search.engine import patches as whoosh_fixes
from enlace.search.engine.index import POINTER, SearchIndex
from enlace.search.params import SearchParams, SearchResults
from enlace.search.schema import build_schema
from enlace.search.synonyms import load_synonyms
from tests.unit.search.conftest import TALCA, build_catalogue

pytestmark = pytest.mark.postgres

QUERIES = [
    SearchParams(text=""),
    SearchParams(text="soldadura"),
    SearchParams(text="curso taller"),
    SearchParams(text="capasitacion"),
    SearchParams(text="trabajo", region="7"),
    SearchParams(text="salud", statuses=("active", "inactive")),
    SearchParams(text="rental subsidy", language="en"),
    SearchParams(text="", sort="name", domains=("employment",)),
    SearchParams(text="", sort="proximity", near_commune=TALCA),
    SearchParams(text="atencion dental", per_page=2, page=1),
]


def _outcome(results: SearchResults) -> tuple[Any, ...]:
    hits = [(hit.slug, hit.score, hit.proximity) for hit in results.hits]
    return results.total, hits, results.facets, results.suggestion, results.relaxed


def _index(root: Path) -> SearchIndex:
    return SearchIndex(root, load_synonyms(service.SYNONYMS_DIR))


def test_parallel_build_gives_the_same_results(
    tmp_path: Path, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    single, parallel = _index(tmp_path / "single"), _index(tmp_path / "parallel")
    try:
        one = single.rebuild(db_session, procs=1)
        two = parallel.rebuild(db_session, procs=2)
        assert (two.offers, two.agencies, two.revision) == (one.offers, one.agencies, one.revision)
        assert len(list(one.path.glob("*.seg"))) == 1
        assert len(list(two.path.glob("*.seg"))) == 3  # two workers, then the parent's
        for params in QUERIES:
            expected = _outcome(service.search(single, db_session, params))
            assert _outcome(service.search(parallel, db_session, params)) == expected, params
        completions = single.complete("subs", "es", single.gazetteer(db_session))
        assert parallel.complete("subs", "es", parallel.gazetteer(db_session)) == completions
    finally:
        single.close()
        parallel.close()


def test_progress_reaches_the_total(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    calls: list[tuple[int, int]] = []
    search_index.rebuild(db_session, lambda done, total: calls.append((done, total)), procs=2)
    assert calls[-1] == (len(catalogue), len(catalogue))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_failing_worker_leaves_no_folder_and_no_swap(
    monkeypatch: pytest.MonkeyPatch,
    search_index: SearchIndex,
    db_session: Session,
    catalogue: dict[str, Offer],
    tmp_path: Path,
) -> None:
    live = search_index.rebuild(db_session, procs=1)
    unreachable = f"sqlite:///{tmp_path / 'missing' / 'enlace.sqlite3'}"
    monkeypatch.setattr(build, "reopenable_url", lambda _session: unreachable)
    with pytest.raises(build.BuildError, match="worker"):
        search_index.rebuild(db_session, procs=2)
    assert [p.name for p in search_index.root.glob("ix-*")] == [live.path.name]
    assert (search_index.root / POINTER).read_text() == live.path.name
    assert search_index.search(SearchParams(text="arriendo")).total == 1


def test_in_memory_database_builds_in_one_process(
    monkeypatch: pytest.MonkeyPatch, search_index: SearchIndex
) -> None:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)

    def no_workers(*_args: Any) -> Any:
        raise AssertionError("an in-memory database cannot be reopened by a worker")

    monkeypatch.setattr(build, "_build_parallel", no_workers)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            build_catalogue(session)
            report = search_index.rebuild(session, procs=2)
            assert report.offers == 11
            assert service.search(search_index, session, SearchParams(text="soldadura")).total
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///data/enlace.sqlite3", "sqlite:///data/enlace.sqlite3"),
        (
            "postgresql+psycopg://enlace:secret@db/enlace?options=-csearch_path%3Dt",
            "postgresql+psycopg://enlace:secret@db/enlace?options=-csearch_path%3Dt",
        ),
    ],
)
def test_reopenable_url(url: str, expected: str | None) -> None:
    engine = make_engine(url)
    try:
        with open_session(engine) as session:
            assert build.reopenable_url(session) == expected
    finally:
        engine.dispose()


def test_split_gives_contiguous_even_chunks() -> None:
    ids = [f"{i:03d}" for i in range(11)]
    chunks = build.split(ids, 3)
    assert [len(c) for c in chunks] == [4, 4, 3]
    assert [i for chunk in chunks for i in chunk] == ids
    assert build.split(ids[:2], 2) == [["000"], ["001"]]


class _Exited:
    """A worker process that died without a word (killed, out of memory)."""

    exitcode = -9


def test_a_worker_dying_silently_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "POLL_SECONDS", 0.01)
    messages: queue.Queue[Any] = queue.Queue()
    messages.put(("ready", 0, None))
    with pytest.raises(build.BuildError, match="worker 0 exited with code -9"):
        build._collect([_Exited()], messages, None, 10)


# -- the Whoosh speed-ups write what Whoosh writes ------------------------------------
WORDS = [
    "curso",
    "taller",
    "soldadura",
    "capacitación",
    "empleo",
    "vivienda",
    "subsidio",
    "arriendo",
    "salud",
    "dental",
    "atención",
    "jóvenes",
    "mujeres",
    "adultos",
    "municipal",
    "oficina",
    "trabajo",
    "currículum",
    "ClaveÚnica",
]


def _records(count: int) -> list[OfferRecord]:
    pick = random.Random(7)
    return [
        OfferRecord(
            id=f"o{i:04d}",
            slug=f"oferta-{i}",
            agency_id=f"a{i % 7}",
            name_es=" ".join(pick.choices(WORDS, k=3)),
            name_en=" ".join(pick.choices(WORDS, k=2)) if i % 3 else None,
            description_es=" ".join(pick.choices(WORDS, k=pick.randint(5, 40))),
            domains=pick.sample(["health", "housing", "training", "employment"], k=2),
            area_communes=[TALCA] if i % 2 else [],
            languages=["es"],
            place_names=["Talca"] if i % 2 else [],
        )
        for i in range(count)
    ]


def _write(folder: Path, documents: list[dict[str, object]], limitmb: int) -> dict[str, bytes]:
    """Index ``documents`` uncompounded; the files by name without the segment id."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname="t")
    writer = ix.writer(limitmb=limitmb, compound=False)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    ix.close()
    return {
        p.name.split(".", 1)[1]: p.read_bytes()
        for p in folder.iterdir()
        if p.suffix not in (".toc", "") and "." in p.name  # the TOC names the segment
    }


@pytest.mark.parametrize("limitmb", [1, 64])  # 1 MB spills runs to disk and merges them
def test_whoosh_fixes_write_the_files_whoosh_writes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, limitmb: int
) -> None:
    whoosh_fixes.apply()  # explicit since patches are no longer applied on import
    documents = [fields.offer_fields(r) for r in _records(400)]
    documents.append(fields.meta_fields(3))
    fast = _write(tmp_path / "fast", documents, limitmb)
    monkeypatch.setattr(writing, "PostingPool", whoosh_fixes.CompactPool.__bases__[0])
    monkeypatch.setattr(FieldType, "index", whoosh_fixes._ORIGINAL_INDEX)
    monkeypatch.setattr(writing.SegmentWriter, "add_document", whoosh_fixes._ORIGINAL_ADD_DOCUMENT)
    monkeypatch.setattr(whoosh3.W3FieldWriter, "add_postings", whoosh_fixes._ORIGINAL_ADD_POSTINGS)
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "add_posting", whoosh_fixes._ORIGINAL_ADD_POSTING)
    slow = _write(tmp_path / "slow", documents, limitmb)
    assert sorted(fast) == sorted(slow)
    assert len(fast) > 5
    for name, content in slow.items():
        assert fast[name] == content, name


def test_compact_pool_sorts_like_whoosh(tmp_path: Path) -> None:
    """Postings out of docnum order (a merge, a spelling word) come out sorted."""
    pick = random.Random(3)
    items = [
        (pick.choice(["a", "b"]), pick.choice([b"x", b"y", b"z"]), doc, 1.0, b"")
        for doc in pick.sample(range(500), 500)
    ]
    storage = FileStorage(str(tmp_path)).create()
    for limitmb in (0, 64):  # 0: every posting spills a run
        original = whoosh_fixes.CompactPool.__bases__[0](storage, None, limitmb=limitmb)
        compact = whoosh_fixes.CompactPool(storage, None, limitmb=limitmb)
        for item in items:
            original.add(item)
            compact.add(item)
        assert list(compact.iter_postings()) == list(original.iter_postings())
