"""Searching the test catalogue: analysis, synonyms, typos, filters, facets, sorting,
paging and snippets, end to end through the service (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import pytest

from enlace.search.params import SearchResults
from tests.unit.search.conftest import CONCEPCION, SANTIAGO, TALCA, Searcher, slugs

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # accents, plurals and stems
        ("capacitacion", "capacitacion-oficios"),
        ("capacitación", "capacitacion-oficios"),
        ("vivienda", "subsidio-arriendo"),  # the text says "viviendas"
        ("ensenanza media", "nivelacion-media"),  # ñ typed as n
        ("soldaduras", "curso-soldadura-talca"),
        # everyday words and synonyms
        ("pega", "omil-talca"),
        ("arriendo", "subsidio-arriendo"),
        ("cuarto medio", "nivelacion-media"),
        ("AA", "aa-grupo-talca"),
        ("job", "omil-talca"),  # the English text only says "employment"
        ("dentista", "atencion-dental"),
        # English
        ("welding", "curso-soldadura-talca"),
        ("rent", "subsidio-arriendo"),
        # agency names and acronyms, categories
        ("SENCE", "curso-soldadura-talca"),
        ("salud dental", "atencion-dental"),
        # quoted phrases
        ('"enseñanza media"', "nivelacion-media"),
    ],
)
def test_everyday_queries_find_the_offer(find: Searcher, query: str, expected: str) -> None:
    assert expected in slugs(find(query))[:3]


def test_inactive_offers_are_hidden_unless_asked_for(find: Searcher) -> None:
    assert "curso-cerrado" not in slugs(find("soldadura"))
    everything = find("soldadura", statuses=())
    assert "curso-cerrado" in slugs(everything)


def test_a_quoted_phrase_needs_the_words_together(find: Searcher) -> None:
    assert slugs(find('"dolor de muelas"')) == ["atencion-dental"]
    assert find('"muelas dolor"').total == 0


def test_typos_are_tolerated_and_reported(find: Searcher) -> None:
    results = find("soldadra")
    assert slugs(results)[0] == "curso-soldadura-talca"
    assert results.corrected == ("soldadra",)
    assert find("capasitasion").total > 0


def test_exact_matches_never_lose_to_fuzzy_neighbours(find: Searcher) -> None:
    """ "dental" exists, so it is taken as typed: "mental" is never brought in."""
    results = find("dental")
    assert slugs(results) == ["atencion-dental"]
    assert results.corrected == ()
    assert slugs(find("mental")) == ["salud-mental"]


def test_did_you_mean_names_the_corrected_query(find: Searcher) -> None:
    assert find("curso de soldadra").suggestion == "curso de soldadura"
    assert find("Alcoholicos Anonimoss").suggestion == "Alcoholicos anónimos"


def test_no_suggestion_for_a_good_query(find: Searcher) -> None:
    assert find("subsidio de arriendo").suggestion is None


def test_when_no_offer_has_every_word_some_words_are_enough(find: Searcher) -> None:
    results = find("soldadura xylofono")
    assert results.relaxed
    assert "curso-soldadura-talca" in slugs(results)


def test_national_offers_are_found_from_every_region(find: Searcher) -> None:
    for region in ("7", "13", "8", "12"):
        assert "subsidio-arriendo" in slugs(find("arriendo", region=region))


def test_regional_and_communal_offers_stay_in_their_place(find: Searcher) -> None:
    assert "capacitacion-oficios" in slugs(find("oficios", region="13"))
    assert "capacitacion-oficios" not in slugs(find("oficios", region="7"))
    assert "omil-talca" in slugs(find("trabajo", commune=TALCA))
    assert "omil-talca" not in slugs(find("trabajo", commune=SANTIAGO))


def test_a_commune_filter_keeps_offers_available_across_its_region(find: Searcher) -> None:
    found = slugs(find("taller", commune=CONCEPCION))
    assert "apresto-laboral" in found  # regional, Biobío
    assert "taller-pintura" in found


def test_a_place_named_in_the_query_becomes_a_filter(find: Searcher) -> None:
    results = find("curso de soldadura en Talca")
    assert results.place is not None and results.place.code == TALCA
    assert slugs(results)[0] == "curso-soldadura-talca"
    assert "capacitacion-oficios" not in slugs(results)  # Metropolitana only


@pytest.mark.parametrize(
    ("params", "expected", "unexpected"),
    [
        ({"domains": ("housing",)}, "subsidio-arriendo", "omil-talca"),
        ({"categories": ("health.dental",)}, "atencion-dental", "salud-mental"),
        ({"free_only": True}, "subsidio-arriendo", "taller-pintura"),
        ({"populations": ("youth",)}, "taller-pintura", "subsidio-arriendo"),
        ({"languages": ("en",)}, "apresto-laboral", "omil-talca"),
        ({"kinds": ("group",)}, "aa-grupo-talca", "omil-talca"),
        ({"sectors": ("ngo",)}, "nivelacion-media", "subsidio-arriendo"),
    ],
)
def test_filters(find: Searcher, params: dict[str, object], expected: str, unexpected: str) -> None:
    found = slugs(find(per_page=50, **params))
    assert expected in found
    assert unexpected not in found


def _facet(results: SearchResults, name: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[name]}


def test_facet_counts_follow_the_query(find: Searcher) -> None:
    results = find("atención")
    domains = _facet(results, "domain")
    assert domains == {"health": 2}
    everything = _facet(find(), "domain")
    assert everything["training"] == 2  # the inactive course is not counted
    # The status facet ignores its own (default) filter: it shows what "inactive" holds.
    assert _facet(find(), "status") == {"active": 10, "inactive": 1}


def test_a_facet_ignores_its_own_filter(find: Searcher) -> None:
    results = find(domains=("health",))
    assert results.total == 2
    domains = _facet(results, "domain")
    assert domains["housing"] == 1  # what picking housing instead would give
    assert [v.value for v in results.facets["domain"] if v.selected] == ["health"]


def test_region_counts_include_national_offers(find: Searcher) -> None:
    regions = _facet(find("arriendo"), "region")
    # The national rental subsidy is counted in every region that has offers.
    assert regions["7"] == 1 and regions["13"] == 1


def test_paging_walks_every_result_once(find: Searcher) -> None:
    total = find(per_page=100).total
    seen: list[str] = []
    for page in range(1, 5):
        seen += slugs(find(per_page=3, page=page, sort="name"))
    assert len(seen) == len(set(seen)) == total == 10
    assert find(per_page=3).pages == 4


def test_sort_by_name_in_the_searchers_language(find: Searcher) -> None:
    names = [hit.name.text for hit in find(per_page=20, sort="name").hits]
    assert names == sorted(names, key=str.casefold)


def test_sort_by_proximity_commune_then_region_then_national(find: Searcher) -> None:
    results = find(per_page=20, sort="proximity", near_commune=TALCA)
    tiers = [hit.proximity for hit in results.hits]
    assert tiers == sorted(tiers, key=["commune", "region", "national", "elsewhere"].index)
    assert results.hits[0].proximity == "commune"
    assert {h.slug for h in results.hits if h.proximity == "national"} == {"subsidio-arriendo"}


def test_sort_recently_verified_first(find: Searcher, catalogue: dict[str, object]) -> None:
    results = find(per_page=20, sort="recent")
    assert results.total == 10


def test_snippets_are_in_the_searchers_language_with_matches_marked(find: Searcher) -> None:
    spanish = find("soldadura").hits[0]
    assert spanish.name.language == "es"
    assert "soldadura" in [s.lower() for s in spanish.name.matched]
    english = find("welding", language="en").hits[0]
    assert english.name.text == "Arc welding course"
    assert english.name.matched == ("welding",)
    assert english.description is not None
    assert "welding" in english.description.text.lower()


def test_snippets_fall_back_to_spanish_and_say_so(find: Searcher) -> None:
    hit = next(h for h in find("pintura", language="en").hits if h.slug == "taller-pintura")
    assert hit.name.language == "es"
    assert hit.name.is_fallback
