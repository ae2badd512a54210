"""Relevance on the shipped catalogue: every expected offer within the top 3.

The cases (``relevance_cases.json``) are queries a case manager or participant types:
Spanish and English, typos, colloquial words, plurals, accents, several words, places.
``make bench`` reports success@1, success@3 and MRR over the same set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.relevance import evaluate, load_cases
from sqlmodel import Session, select

from enlace.catalogue.models import Offer
from enlace.search import SearchIndex, service
from enlace.search.synonyms import load_synonyms

pytestmark = pytest.mark.postgres


def test_the_case_set_is_large_and_names_real_offers(shipped_session: Session) -> None:
    cases = load_cases()
    assert len(cases) >= 50
    assert {c.get("language", "es") for c in cases} == {"es", "en"}
    known = set(shipped_session.exec(select(Offer.slug)))
    missing = {slug for case in cases for slug in case["expect"]} - known
    assert missing == set()


def test_every_expected_offer_is_in_the_top_3(shipped_session: Session, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index", load_synonyms(service.SYNONYMS_DIR))
    try:
        report = evaluate(index, shipped_session, load_cases())
    finally:
        index.close()
    misses = [(miss.query, miss.expected, miss.found[:3]) for miss in report.failures]
    assert misses == []
