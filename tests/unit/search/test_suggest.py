"""Autocomplete for offers, agencies and places; places resolved fuzzily."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from enlace.catalogue.models import Offer
from enlace.search import SearchIndex, service
from enlace.search.params import Place
from enlace.search.suggest import Gazetteer, Spelling, match_places

pytestmark = pytest.mark.postgres

PLACES = Gazetteer.build(
    [("5", "Valparaíso"), ("8", "Biobío"), ("13", "Metropolitana de Santiago")],
    [
        ("5101", "Valparaíso", "5"),
        ("5103", "Concón", "5"),
        ("8101", "Concepción", "8"),
        ("13101", "Santiago", "13"),
        ("13120", "Ñuñoa", "13"),
        ("13201", "Puente Alto", "13"),
    ],
).places


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("valparaiso", ("region", "5")),
        ("conce", ("commune", "8101")),
        ("nunoa", ("commune", "13120")),
        ("alto", ("commune", "13201")),
        ("valparaizo", ("region", "5")),
        ("RM", ("region", "13")),
    ],
)
def test_places_resolve_from_partial_or_misspelt_names(
    typed: str, expected: tuple[str, str]
) -> None:
    found = [(p.kind, p.code) for p in match_places(typed, PLACES)]
    assert found[0] == expected or expected in found[:2]


def test_communes_only_when_asked() -> None:
    assert all(p.kind == "commune" for p in match_places("valpa", PLACES, kind="commune"))
    assert match_places("x", PLACES) == []


def test_spelling_prefers_the_nearest_then_the_most_frequent_word() -> None:
    class Leaf:
        def __init__(self, segid: str, words: dict[str, int]) -> None:
            self.segid, self.words = segid, words

        def segment(self) -> Leaf:
            return self

        def segment_id(self) -> str:
            return self.segid

        def iter_field(self, _field: str) -> list[tuple[bytes, object]]:
            class Info:
                def __init__(self, df: int) -> None:
                    self.df = df

                def doc_frequency(self) -> int:
                    return self.df

            return [(w.encode(), Info(df)) for w, df in self.words.items()]

    spelling = Spelling()
    spelling.update([Leaf("a", {"vivienda": 5, "viviendas": 1, "capacitación": 3})])
    spelling.update([Leaf("a", {"ignored": 1}), Leaf("b", {"capacitacion": 1})])
    assert "ignored" not in spelling
    assert spelling.similar("vivenda", 1) == ["vivienda"]
    assert spelling.similar("viveinda", 1) == ["vivienda"]  # two letters swapped: one edit
    assert spelling.correct("capasitacion") == "capacitación"  # accented form is commoner
    assert spelling.correct("vivienda") is None  # known words are left alone
    assert spelling.starting_with("capa") == ["capacitacion", "capacitación"]


def test_autocomplete_offers_agencies_and_communes(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer]
) -> None:
    entries = service.autocomplete(search_index, db_session, "solda")
    assert entries[0].kind == "offer" and entries[0].label == "Curso de soldadura al arco"
    assert "Curso de soldadura suspendido" not in [e.label for e in entries]  # inactive
    agencies = service.autocomplete(search_index, db_session, "alcoh")
    assert ("agency", "Alcohólicos Anónimos Chile") in [(e.kind, e.label) for e in agencies]
    places = service.autocomplete(search_index, db_session, "conce")
    assert (places[0].kind, places[0].label) == ("commune", "Concepción")
    english = service.autocomplete(search_index, db_session, "weld", language="en")
    assert english[0].label == "Arc welding course"
    assert service.autocomplete(search_index, db_session, "zzzz") == []


@pytest.mark.parametrize(
    "typed", ["curso de sol", "curso de", "curso de soldadura al", "Curso DE SOLD"]
)
def test_autocomplete_reads_past_short_and_stop_words(
    search_index: SearchIndex, db_session: Session, catalogue: dict[str, Offer], typed: str
) -> None:
    """Names are matched word by word, and "de" or "al" are never indexed as name words:
    typing them must not make the completion vanish."""
    labels = [e.label for e in service.autocomplete(search_index, db_session, typed)]
    assert labels and labels[0] == "Curso de soldadura al arco"


def test_place_type_is_plain_data() -> None:
    assert Place("commune", "7101", "Talca", "7").region_code == "7"
