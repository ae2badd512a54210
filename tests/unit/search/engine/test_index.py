"""The index folder: building from records, atomic swaps, clean-up, the revision mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from enlace.catalogue.models import Offer
from enlace.catalogue.revision import current_revision
from enlace.search import service
from enlace.search.documents import AgencyRecord, OfferRecord
from enlace.search.engine.index import POINTER, SearchIndex, build_index
from enlace.search.params import SearchParams
from enlace.search.synonyms import load_synonyms

pytestmark = pytest.mark.postgres


def test_build_from_plain_records(tmp_path: Path) -> None:
    records = [
        OfferRecord(id=f"o{i}", slug=f"oferta-{i}", agency_id="a", name_es=f"Curso {i}")
        for i in range(5)
    ]
    agencies = [AgencyRecord("a", "agencia", "Agencia", None, None, "active")]
    folder = tmp_path / "records"
    assert build_index(folder / "ix", records, agencies, 7) == (5, 1)
    (folder / POINTER).write_text("ix")
    index = SearchIndex(folder)
    try:
        assert index.revision() == 7
        assert index.search(SearchParams(text="curso", per_page=10)).total == 5
    finally:
        index.close()


def test_rebuilds_swap_atomically_and_clean_up(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    first = search_index.rebuild(db_session)
    reader = SearchIndex(search_index.root, load_synonyms(service.SYNONYMS_DIR))
    try:
        assert reader.search(SearchParams(text="arriendo")).total == 1
        second = search_index.rebuild(db_session)
        third = search_index.rebuild(db_session)
        assert (search_index.root / POINTER).read_text() == third.path.name
        folders = sorted(p.name for p in search_index.root.glob("ix-*"))
        assert folders == [second.path.name, third.path.name]  # the previous one stays
        assert not first.path.exists()
        # A handle opened before the swaps moves to the new folder on its next search.
        assert reader.search(SearchParams(text="arriendo")).total == 1
        assert reader._name == third.path.name
    finally:
        reader.close()
    assert third.revision == current_revision(db_session)
    assert third.offers == 11 and third.size_bytes > 0


def test_bitmaps_are_reused_across_commits(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """Per-segment bitmaps survive a commit: only the new segment is read again."""
    search_index.catch_up(db_session)
    assert search_index.search(SearchParams(text="taller")).total > 0
    cached = set(search_index._caches.bits._terms.keys())
    catalogue["taller-pintura"].name_es = "Taller de dibujo para jóvenes"
    db_session.commit()
    search_index.catch_up(db_session)
    assert search_index.search(SearchParams(text="taller")).total > 0
    assert cached <= set(search_index._caches.bits._terms.keys())
