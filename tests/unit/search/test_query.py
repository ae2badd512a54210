"""Query building is pure: plain parameters and a vocabulary in, query objects out."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from whoosh import query as wq

from enlace.search.params import Place, SearchParams
from enlace.search.query import (
    FUZZY_WEIGHT,
    Concept,
    build_clauses,
    build_text_query,
    commune_terms,
    concepts_for,
    extract_place,
    region_terms,
    selected_values,
    split_quoted,
)
from enlace.search.synonyms import parse_synonyms

SYNONYMS = parse_synonyms(["pega => trabajo", "cuarto medio => enseñanza media"])


class FakeVocabulary:
    """Terms the index "has" and the surface words typo tolerance may reach."""

    def __init__(self, terms: set[str], surface: Sequence[str] = ()) -> None:
        self.terms = terms
        self.surface = list(surface)
        self.asked: list[str] = []

    def doc_frequency(self, field: str, text: str) -> int:
        return 1 if text in self.terms else 0

    def similar(self, word: str, maxdist: int) -> Sequence[str]:
        self.asked.append(word)
        return [w for w in self.surface if w[0] == word[0] and w != word]


def _terms(q: object) -> set[tuple[str, str]]:
    return {(t.fieldname, t.text) for t in q.leaves() if isinstance(t, wq.Term)}  # type: ignore[attr-defined]


def test_quotes_words_and_synonyms_become_concepts() -> None:
    assert split_quoted('curso "enseñanza media" en Talca') == [
        (("curso",), False),
        (("ensenanza", "media"), True),
        (("en", "talca"), False),
    ]
    assert concepts_for("necesito pega en el cuarto medio", SYNONYMS) == [
        Concept(("pega",), (("trabajo",),)),
        Concept(("cuarto", "medio"), (("ensenanza", "media"),)),
    ]


def test_known_words_are_never_expanded_fuzzily() -> None:
    vocabulary = FakeVocabulary({"dental"}, surface=["mental", "rental"])
    built = build_text_query([Concept(("dental",))], vocabulary)
    assert vocabulary.asked == []
    assert ("text_es", "dental") in _terms(built.query)
    assert all(text != "mental" for _field, text in _terms(built.query))
    assert built.corrected == []


def test_unknown_words_reach_their_neighbours_at_a_lower_weight() -> None:
    vocabulary = FakeVocabulary({"soldadur"}, surface=["soldadura"])
    built = build_text_query([Concept(("soldadra",))], vocabulary)
    assert built.corrected == ["soldadra"]
    weights = {(t.fieldname, t.text): t.boost for t in built.query.leaves()}
    assert weights == {("text_es", "soldadur"): FUZZY_WEIGHT}  # a third of an exact match


def test_short_unknown_words_are_not_guessed() -> None:
    vocabulary = FakeVocabulary(set(), surface=["sal"])
    built = build_text_query([Concept(("sol",))], vocabulary)
    assert built.unknown == ["sol"]
    assert vocabulary.asked == []


def test_all_words_are_required_then_relaxed() -> None:
    vocabulary = FakeVocabulary({"curs", "soldadur"})
    concepts = [Concept(("curso",)), Concept(("soldadura",))]
    assert isinstance(build_text_query(concepts, vocabulary).query, wq.And)
    assert isinstance(build_text_query(concepts, vocabulary, require_all=False).query, wq.Or)
    assert isinstance(build_text_query([], vocabulary).query, wq.Every)


def test_a_quoted_phrase_is_matched_by_word_pairs() -> None:
    built = build_text_query([Concept(("ensenanza", "media"), quoted=True)], FakeVocabulary(set()))
    assert ("pair_es", "ensen_medi") in _terms(built.query)


PLACES = [
    Place("commune", "7101", "Talca", "7"),
    Place("commune", "5101", "Valparaíso", "5"),
    Place("region", "5", "Valparaíso", "5"),
    Place("commune", "13101", "Santiago", "13"),
    Place("region", "13", "Santiago", "13"),
    Place("commune", "4101", "Independencia", "13"),
]


@pytest.mark.parametrize(
    ("text", "rest", "code"),
    [
        ("curso de soldadura en Talca", "curso de soldadura", "7101"),
        ("vivienda en valparaiso", "vivienda", "5"),  # both a region and a commune: region
        ("trabajo en santiago", "trabajo", "13"),
        ("trabajo en la comuna de talca", "trabajo en la", "7101"),
        ("cedula de independencia", "cedula de independencia", None),  # no preposition
        ("talca", "talca", None),
    ],
)
def test_places_named_in_the_query(text: str, rest: str, code: str | None) -> None:
    remaining, place = extract_place(text, PLACES)
    assert remaining.lower() == rest.lower()
    assert (place.code if place else None) == code


def test_filters_become_clauses() -> None:
    params = SearchParams(domains=("housing", "employment"), region="7", free_only=True)
    clauses = {c.facet: c.terms for c in build_clauses(params)}
    assert clauses["domain"] == (("domain", "employment"), ("domain", "housing"))
    assert clauses["region"] == region_terms("7")
    assert ("scope", "national") in clauses["region"]
    assert clauses["free"] == (("free", "1"),)
    assert clauses["status"] == (("status", "active"),)
    assert "status" not in {c.facet for c in build_clauses(SearchParams(statuses=()))}


def test_a_commune_filter_reaches_its_region_and_the_country() -> None:
    assert commune_terms("13101") == (
        ("scope", "national"),
        ("region_wide", "13"),
        ("commune", "13101"),
    )


def test_a_place_in_the_text_fills_an_empty_place_filter() -> None:
    place = Place("commune", "7101", "Talca", "7")
    clauses = {c.facet for c in build_clauses(SearchParams(), place)}
    assert "commune" in clauses
    assert selected_values(SearchParams(), place)["commune"] == {"7101"}
    kept = {c.facet: c.terms for c in build_clauses(SearchParams(region="13"), place)}
    assert "commune" not in kept and kept["region"] == region_terms("13")


def test_parameters_are_checked_and_clamped() -> None:
    with pytest.raises(ValueError, match="sort"):
        SearchParams(sort="price")
    with pytest.raises(ValueError, match="language"):
        SearchParams(language="fr")
    params = SearchParams(page=0, per_page=1000)
    assert (params.page, params.per_page) == (1, 100)
