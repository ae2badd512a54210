"""What a result list really is (issue 10): names apart from alternate names, offers with
some of the words kept apart below too few with all of them, the order the list is in,
the saved region as a filter, and indexes of an older stored format rebuilt."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from whoosh import index as whoosh_index

from enlace.catalogue.models import Offer
from enlace.search import fields
from enlace.search.engine.build import INDEX_NAME
from enlace.search.engine.index import SearchIndex
from enlace.search.params import SearchResults
from enlace.search.schema import INDEX_FORMAT
from tests.unit.search.conftest import TALCA, Searcher, slugs

pytestmark = pytest.mark.postgres


def _others(results: SearchResults) -> list[str]:
    return [hit.slug for hit in results.others]


def test_the_name_is_the_heading_and_the_alternate_name_secondary(
    find: Searcher, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    catalogue["curso-soldadura-talca"].alternate_name = "Soldadura MIG SENCE"
    catalogue["taller-pintura"].alternate_name = "Pinta tu barrio"
    db_session.commit()
    spanish = find("soldadura").hits[0]
    assert spanish.name.text == "Curso de soldadura al arco"
    assert spanish.alternate_name is not None
    assert spanish.alternate_name.text == "Soldadura MIG SENCE"
    english = find("welding", language="en").hits[0]
    assert english.name.text == "Arc welding course"
    assert (
        english.alternate_name is not None and english.alternate_name.text == "Soldadura MIG SENCE"
    )
    # No English name: the Spanish name (flagged), never the alternate name.
    painting = find("barrio", language="en").hits[0]
    assert painting.slug == "taller-pintura"
    assert (painting.name.text, painting.name.is_fallback) == (
        "Taller de pintura para jóvenes",
        True,
    )
    # The alternate name is still found by search.
    assert slugs(find("pinta tu barrio"))[0] == "taller-pintura"


def test_few_offers_with_every_word_are_followed_by_offers_with_some(find: Searcher) -> None:
    results = find("curso soldadura")
    assert not results.relaxed
    assert slugs(results) == ["curso-soldadura-talca"]
    others = _others(results)
    assert "capacitacion-oficios" in others  # "Cursos de gasfitería ...": one of the words
    assert set(others).isdisjoint(slugs(results))
    assert all(hit.proximity is None for hit in results.others)
    assert results.total == 1  # the count is of offers with every word


def test_no_offers_with_some_words_when_every_word_fills_a_page(find: Searcher) -> None:
    assert _others(find("curso soldadura", per_page=1)) == []
    assert _others(find("curso soldadura", page=2)) == []
    assert _others(find("soldadura")) == []  # one word: nothing to relax


def test_with_no_offer_having_every_word_the_list_itself_is_relaxed(find: Searcher) -> None:
    results = find("soldadura xylofono")
    assert results.relaxed and results.total >= 1 and results.others == ()
    nothing = find("xylofono zzzqqq")
    assert nothing.total == 0 and nothing.hits == () and nothing.others == ()


def test_the_order_is_what_the_list_really_is(find: Searcher) -> None:
    browse = find("", domains=("employment",))
    assert browse.order == "name"  # relevance was asked for, but there are no words
    assert "relevance" not in browse.orders and "proximity" not in browse.orders
    assert find("trabajo").order == "relevance"
    assert "relevance" in find("trabajo").orders
    near = find("", sort="proximity", near_commune=TALCA)
    assert near.order == "proximity" and "proximity" in near.orders
    assert near.near == (TALCA, "7")
    # Nearest first with no place known is just the usual order.
    assert find("trabajo", sort="proximity").order == "relevance"
    assert find("", sort="recent").order == "recent"


def test_the_saved_region_filters_unless_a_place_is_given(find: Searcher) -> None:
    saved = find("oficios", home_region="7")
    assert saved.home_region_applied
    assert "capacitacion-oficios" not in slugs(saved)  # Metropolitana only
    assert {v.value for v in saved.facets["region"] if v.selected} == {"7"}
    explicit = find("oficios", home_region="7", region="13")
    assert not explicit.home_region_applied
    assert "capacitacion-oficios" in slugs(explicit)
    named = find("curso de soldadura en Talca", home_region="13")
    assert named.place is not None and not named.home_region_applied
    assert slugs(named)[0] == "curso-soldadura-talca"


def test_an_index_in_an_older_stored_format_is_rebuilt(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    search_index.catch_up(db_session)
    folder = search_index.root / str(search_index.current_name())
    engine = search_index.engine()
    assert engine is not None and engine.format == INDEX_FORMAT
    ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    writer = ix.writer()
    writer.update_document(**{**fields.meta_fields(engine.revision, engine.catalogue), "format": 1})
    writer.commit()
    ix.close()
    assert search_index.status(db_session).stale
    report = search_index.catch_up(db_session)
    assert report.rebuilt
    assert search_index.current_name() != folder.name
    assert not search_index.status(db_session).stale
