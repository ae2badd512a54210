"""Vectorised BM25F must rank exactly as Whoosh's matchers do, on one segment or many."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sqlmodel import Session
from whoosh import query as wq

from enlace.catalogue.models import Offer
from enlace.search import query as qb
from enlace.search.engine.docsets import bits_from_ids
from enlace.search.engine.index import SearchIndex
from enlace.search.engine.postings import bits_to_mask
from enlace.search.engine.scoring import PostingsCache, Scorer
from enlace.search.engine.searcher import Engine
from enlace.search.synonyms import Synonyms
from tests.unit.search.conftest import Indexed

QUERIES = [
    "curso",
    "curso soldadura",
    "vivienda arriendo",
    '"salud mental"',
    "capasitacion",  # a typo: fuzzy leaves
    "pega",  # synonyms only
    "atención dental jóvenes",
    "alcohólicos anónimos",
    "taller de pintura para jóvenes",
]


@pytest.fixture
def backend() -> str:
    return "sqlite"  # index arithmetic; the database only feeds the index


def _whoosh_scores(engine: Engine, q: object) -> dict[int, float]:
    results = engine.searcher.search(q, limit=None)
    return {hit.docnum: float(hit.score) for hit in results}


def _query(engine: Engine, text: str, synonyms: Synonyms) -> object:
    concepts = qb.concepts_for(text, synonyms)
    return qb.build_text_query(concepts, engine, require_all=False).query


def _assert_same_scores(engine: Engine, synonyms: Synonyms) -> int:
    compared = 0
    for text in QUERIES:
        q = _query(engine, text, synonyms)
        expected = _whoosh_scores(engine, q)
        score, match = engine.scorer.evaluate(q)
        live = bits_to_mask(engine.docsets.live, engine.scorer.size)
        assert set(np.flatnonzero(match & live).tolist()) == set(expected), text
        for docnum, value in expected.items():
            assert math.isclose(score[docnum], value, rel_tol=1e-9), (text, docnum)
        compared += len(expected)
    return compared


def test_scores_equal_whooshs_own(indexed: Indexed, search_index: SearchIndex) -> None:
    engine = indexed()
    assert _assert_same_scores(engine, search_index.synonyms) > 20


def test_scores_equal_whooshs_across_segments_with_deletions(
    indexed: Indexed, search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    """Incremental commits leave several segments and deleted documents; idf and average
    lengths then come from the whole generation, deleted documents included."""
    search_index.catch_up(db_session)
    for step, offer in enumerate(list(catalogue.values())[:6]):
        offer.name_es = f"{offer.name_es} curso {step}"
        db_session.commit()
        engine = indexed()
    assert len(engine.docsets.leaves) > 1
    assert engine.reader.has_deletions()
    _assert_same_scores(engine, search_index.synonyms)


def test_top_breaks_ties_by_document_number(indexed: Indexed) -> None:
    engine = indexed()
    everything = wq.Every()
    allowed = bits_from_ids([7, 3, 5, 9], engine.scorer.size)
    assert engine.scorer.top(everything, allowed, 3) == [(0.0, 3), (0.0, 5), (0.0, 7)]
    assert engine.scorer.top(everything, 0, 3) == []
    assert engine.scorer.top(everything, allowed, 0) == []


def test_top_returns_the_best_in_the_allowed_set(
    indexed: Indexed, search_index: SearchIndex
) -> None:
    engine = indexed()
    q = _query(engine, "curso", search_index.synonyms)
    expected = sorted(_whoosh_scores(engine, q).items(), key=lambda item: (-item[1], item[0]))
    allowed = bits_from_ids([docnum for docnum, _score in expected], engine.scorer.size)
    top = engine.scorer.top(q, allowed, 2)
    assert [docnum for _score, docnum in top] == [docnum for docnum, _score in expected[:2]]
    odd = bits_from_ids([docnum for docnum, _ in expected[1:]], engine.scorer.size)
    assert [d for _s, d in engine.scorer.top(q, odd, 1)] == [expected[1][0]]


def test_the_postings_cache_stays_within_its_budget(
    indexed: Indexed, search_index: SearchIndex
) -> None:
    engine = indexed()
    cache = PostingsCache(max_postings=3)
    scorer = Scorer(engine.searcher, engine.docsets.leaves, cache)
    q = _query(engine, "curso taller jóvenes", search_index.synonyms)
    first, _ = scorer.evaluate(q)
    assert cache.held <= 3 or len(cache._postings) == 1
    again, _ = scorer.evaluate(q)  # re-read after eviction: same numbers
    assert np.array_equal(first, again)
    cache.clear()
    assert cache.held == 0


def test_bits_become_a_boolean_mask() -> None:
    mask = bits_to_mask(bits_from_ids([0, 9, 17], 20), 20)
    assert mask.tolist() == [i in (0, 9, 17) for i in range(20)]
    assert not bits_to_mask(0, 5).any()
