"""Sorting by rank arrays must give Whoosh's own order, on one segment or many."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from whoosh import query as wq
from whoosh.sorting import FieldFacet, MultiFacet

from enlace.catalogue.models import Offer
from enlace.search.engine.docsets import BitsFilter
from enlace.search.engine.index import SearchIndex
from enlace.search.engine.searcher import Engine
from enlace.search.engine.sorting import Columns, Sorter
from tests.unit.search.conftest import Indexed


@pytest.fixture
def backend() -> str:
    return "sqlite"  # index arithmetic; the database only feeds the index


def _whoosh_order(engine: Engine, facet: object, bits: int) -> list[int]:
    results = engine.searcher.search(
        wq.Every(), filter=BitsFilter(bits), limit=None, sortedby=facet
    )
    return [docnum for _key, docnum in results.top_n]


def _facets(language: str) -> dict[str, object]:
    name = FieldFacet(f"sort_{language}")
    return {"name": name, "recent": MultiFacet([FieldFacet("assured", reverse=True), name])}


def _assert_whoosh_order(engine: Engine) -> None:
    bits = engine.offers
    for language in ("es", "en"):
        for order, facet in _facets(language).items():
            expected = _whoosh_order(engine, facet, bits)
            assert engine.sorter.first(order, language, bits, len(expected)) == expected
            assert engine.sorter.first(order, language, bits, 3) == expected[:3]


def test_orders_equal_whooshs(indexed: Indexed) -> None:
    engine = indexed()
    _assert_whoosh_order(engine)


def test_orders_equal_whooshs_across_segments_with_deletions(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    for step, offer in enumerate(list(catalogue.values())[:5]):
        offer.name_es = f"{'Zeta' if step % 2 else 'Alfa'} {offer.name_es}"
        db_session.commit()
        search_index.catch_up(db_session)
    engine = search_index.engine()
    assert engine is not None and len(engine.docsets.leaves) > 1
    _assert_whoosh_order(engine)
    first = engine.sorter.first("name", "es", engine.offers, 1)
    assert engine.searcher.stored_fields(first[0])["name_es"].startswith("Alfa")


def test_nothing_asked_gives_nothing_and_unknown_orders_are_refused(indexed: Indexed) -> None:
    engine = indexed()
    assert engine.sorter.first("name", "es", 0, 5) == []
    assert engine.sorter.first("name", "es", engine.offers, 0) == []
    sorter = Sorter(engine.docsets.leaves, engine.scorer.size, Columns())
    with pytest.raises(ValueError, match="unknown sort order"):
        sorter.rank("price", "es")
