"""The index follows the catalogue revision: incremental catch-up, deletes, agency and
location changes, taxonomy rebuilds, several handles and several processes."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.catalogue.revision import CatalogueState, catalogue_identity, current_revision
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.db import make_engine, open_session
from enlace.search import service
from enlace.search.engine.index import SearchIndex
from enlace.search.params import SearchParams
from enlace.search.schema import DOCTYPE_AGENCY, DOCTYPE_OFFER
from enlace.search.synonyms import load_synonyms
from tests.unit.search.conftest import CONCEPCION, add_offer, slugs

pytestmark = pytest.mark.postgres


def _search(index: SearchIndex, session: Session, text: str = "", **params: Any) -> list[str]:
    return slugs(service.search(index, session, SearchParams(text=text, per_page=100, **params)))


def test_first_search_builds_the_index(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    assert not search_index.exists()
    assert "subsidio-arriendo" in _search(search_index, db_session, "arriendo")
    assert search_index.exists()
    assert search_index.revision() == current_revision(db_session)


def test_an_offer_change_is_caught_up_incrementally(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    offer = catalogue["taller-pintura"]
    offer.name_es = "Taller de cerámica para jóvenes"
    db_session.commit()
    report = search_index.catch_up(db_session)
    assert (report.updated, report.deleted, report.rebuilt) == (1, 0, False)
    assert report.to_revision == current_revision(db_session)
    assert _search(search_index, db_session, "cerámica") == ["taller-pintura"]
    assert _search(search_index, db_session, '"taller de pintura"') == []


def test_an_index_of_another_database_is_rebuilt_not_served(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """A database created anew (or swapped) has another catalogue id: its revision
    numbers say nothing about the index, which is rebuilt before answering."""
    search_index.catch_up(db_session)
    state = db_session.get(CatalogueState, 1)
    assert state is not None
    state.catalogue_id = "0" * 32
    catalogue["taller-pintura"].name_es = "Taller de grabado"
    db_session.commit()  # one revision ahead: a replay alone would not notice the swap
    report = search_index.catch_up(db_session)
    assert report.rebuilt
    engine = search_index.engine()
    assert engine is not None and engine.catalogue == "0" * 32
    assert _search(search_index, db_session, "grabado") == ["taller-pintura"]


def test_an_index_ahead_of_the_database_is_rebuilt(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """An older backup restored under the same catalogue: the index knows revisions the
    database never reached, so it is rebuilt from what the database holds now."""
    search_index.catch_up(db_session)
    indexed = search_index.revision()
    assert indexed is not None
    state = db_session.get(CatalogueState, 1)
    assert state is not None
    state.revision = indexed - 1
    db_session.commit()
    assert search_index.catch_up(db_session).rebuilt
    assert search_index.revision() == indexed - 1


def test_an_index_newer_than_a_requests_snapshot_is_kept(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """A request whose transaction began before another worker caught up sees an older
    revision than the index: a fresh look at the database shows nothing is wrong."""
    search_index.catch_up(db_session)
    engine = search_index.engine()
    assert engine is not None
    identity, revision = catalogue_identity(db_session)
    assert not SearchIndex._foreign(db_session, engine, identity, revision - 1)
    assert SearchIndex._foreign(db_session, engine, "f" * 32, revision)


def test_typos_are_corrected_towards_description_words_too(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """ "práctica" is only in a description; misspelt, it still finds the offer, also
    after a change brings a new word in between full builds."""
    assert "curso-soldadura-talca" in _search(search_index, db_session, "practca")
    offer = catalogue["taller-pintura"]
    offer.description_es = f"{offer.description_es} Incluye xilografía."
    db_session.commit()
    assert _search(search_index, db_session, "xilogrfía") == ["taller-pintura"]


def test_new_and_deleted_offers(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    agency = db_session.exec(select(Agency).where(Agency.slug == "sence")).one()
    add_offer(db_session, agency, "curso-panaderia", "Curso de panadería", "Pan amasado.")
    db_session.delete(catalogue["atencion-dental"])
    db_session.commit()
    assert _search(search_index, db_session, "panadería") == ["curso-panaderia"]
    assert _search(search_index, db_session, "dental") == []


def test_an_agency_rename_reaches_its_offers(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    agency = db_session.exec(select(Agency).where(Agency.slug == "minvu")).one()
    agency.name_es = "Servicio de Vivienda y Urbanización Serviu"
    db_session.commit()
    assert "subsidio-arriendo" in _search(search_index, db_session, "serviu")


def test_a_location_change_reaches_the_offers_delivered_there(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    assert "salud-mental" not in _search(search_index, db_session, commune=CONCEPCION)
    location = db_session.exec(
        select(Location).where(Location.slug == "cesfam-santiago/sede")
    ).one()
    location.commune_code, location.region_code = CONCEPCION, "8"
    db_session.commit()
    assert "salud-mental" in _search(search_index, db_session, commune=CONCEPCION)


def test_a_taxonomy_change_rebuilds(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    term = db_session.exec(select(TaxonomyTerm).where(TaxonomyTerm.code == "health.dental")).one()
    term.name_es = "Odontología y salud bucal"
    db_session.commit()
    report = search_index.catch_up(db_session)
    assert report.rebuilt
    assert "atencion-dental" in _search(search_index, db_session, "bucal")


def test_another_handle_sees_the_changes_without_replaying_them(
    tmp_path: Path, search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """Two handles on one folder stand for two worker processes."""
    other = SearchIndex(search_index.root, load_synonyms(service.SYNONYMS_DIR))
    try:
        _search(other, db_session, "arriendo")  # builds, and warms a searcher
        catalogue["subsidio-arriendo"].name_es = "Subsidio de arriendo DS52"
        db_session.commit()
        assert search_index.catch_up(db_session).updated == 1
        assert other.catch_up(db_session).updated == 0  # already done by the first
        assert "subsidio-arriendo" in _search(other, db_session, "ds52")
    finally:
        other.close()


def test_a_busy_writer_lock_serves_the_index_as_it_is(
    tmp_path: Path, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    index = SearchIndex(tmp_path / "busy", load_synonyms(service.SYNONYMS_DIR), writer_timeout=0.2)
    try:
        index.catch_up(db_session)
        catalogue["taller-pintura"].name_es = "Taller de cerámica"
        db_session.commit()
        engine = index.engine()
        assert engine is not None
        writer = index._ix.writer()  # another process is writing
        try:
            report = index.catch_up(db_session)
        finally:
            writer.cancel()
        assert report.locked
        assert "taller-pintura" in _search(index, db_session, "pintura")  # stale, not an error
        assert _search(index, db_session, "cerámica") == ["taller-pintura"]  # lock released
    finally:
        index.close()


QUERIES = ("curso", "taller", "atención", "subsidio", "trabajo", "")


def _all_results(index: SearchIndex) -> dict[str, list[str]]:
    return {
        q: slugs(index.search(SearchParams(text=q, per_page=100, sort="name"))) for q in QUERIES
    }


def test_many_incremental_commits_equal_a_fresh_rebuild(
    tmp_path: Path, search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """The whoosh-reloaded ``Searcher.refresh()`` bug kept merged-away segments (duplicate
    hits). The warm searcher here lives through 40 commits with merges and must agree
    with an index built from scratch, document for document."""
    search_index.catch_up(db_session)
    warm = search_index.engine()
    assert warm is not None
    offers = list(catalogue.values())
    segments_seen = set()
    for step in range(40):
        offer = offers[step % len(offers)]
        offer.description_es = f"{offer.description_es.split(' #')[0]} #{step}"
        db_session.commit()
        search_index.catch_up(db_session)
        engine = search_index.engine()
        assert engine is not None
        segments_seen.add(len(engine.docsets.leaves))
        for hits in _all_results(search_index).values():
            assert len(hits) == len(set(hits))
    assert max(segments_seen) > 1 and min(segments_seen) < max(segments_seen)  # merges ran
    fresh = SearchIndex(tmp_path / "fresh", load_synonyms(service.SYNONYMS_DIR))
    try:
        fresh.rebuild(db_session)
        assert _all_results(search_index) == _all_results(fresh)
        live, rebuilt = search_index.engine(), fresh.engine()
        assert live is not None and rebuilt is not None
        # Offers and agencies once each (vocabulary documents differ by design: a
        # change writes its offer's words apart, a full build folds them together).
        for doctype in (DOCTYPE_OFFER, DOCTYPE_AGENCY):
            live_count = live.docsets.term("doctype", doctype).bit_count()
            assert live_count == rebuilt.docsets.term("doctype", doctype).bit_count()
    finally:
        fresh.close()


# -- several processes ------------------------------------------------------------------
def _reader(folder: str, database_url: str, stop_at: Any, out: Any) -> None:
    """A worker process: catch up and search in a loop until the writer is done, then
    report its errors and final results (always, so the test never waits in vain)."""
    errors: list[str] = []
    searches = 0
    final: dict[str, list[str]] = {}
    try:
        engine = make_engine(database_url)
        index = SearchIndex(Path(folder), load_synonyms(service.SYNONYMS_DIR))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with open_session(engine) as session:
                    params = SearchParams(text="taller", per_page=100)
                    results = service.search(index, session, params)
                hits = slugs(results)
                if len(hits) != len(set(hits)):
                    errors.append(f"duplicate hits {hits}")
                searches += 1
                if stop_at.value and results.revision >= stop_at.value:
                    break
            except Exception as exc:  # report, never hide
                errors.append(repr(exc))
                time.sleep(0.01)
        final = _all_results(index)
        index.close()
        engine.dispose()
    except Exception as exc:
        errors.append(repr(exc))
    out.put({"errors": errors, "searches": searches, "final": final})


@pytest.mark.slow
def test_readers_in_other_processes_while_a_writer_commits(
    tmp_path: Path,
    search_index: SearchIndex,
    db_session: Session,
    engine: Engine,
    database_url: str,
    catalogue: dict[str, Offer],
) -> None:
    search_index.catch_up(db_session)
    context = multiprocessing.get_context("spawn")
    stop_at = context.Value("i", 0)
    out = context.Queue()
    readers = [
        context.Process(target=_reader, args=(str(search_index.root), database_url, stop_at, out))
        for _ in range(2)
    ]
    for reader in readers:
        reader.start()
    offers = list(catalogue.values())
    for step in range(30):
        offer = offers[step % len(offers)]
        offer.name_es = f"{offer.name_es.split(' · ')[0]} · taller {step}"
        db_session.commit()
        search_index.catch_up(db_session)
        time.sleep(0.02)
    stop_at.value = current_revision(db_session)
    reports = [out.get(timeout=120) for _ in readers]
    for reader in readers:
        reader.join(timeout=30)
    fresh = SearchIndex(tmp_path / "fresh", load_synonyms(service.SYNONYMS_DIR))
    try:
        fresh.rebuild(db_session)
        expected = _all_results(fresh)
    finally:
        fresh.close()
    for report in reports:
        assert report["errors"] == []
        assert report["searches"] > 0
        assert report["final"] == expected
    assert _all_results(search_index) == expected
