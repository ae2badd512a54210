"""Analysis: accents folded before stemming, ñ folded, stop words, the fused analyzer."""

from __future__ import annotations

import pickle

import pytest

from enlace.search.analysis import (
    analyze,
    english_analyzer,
    fold,
    max_edits,
    pair_analyzer_es,
    place_analyzer,
    spanish_analyzer,
    words,
    words_analyzer,
)

ES = spanish_analyzer()
EN = english_analyzer()


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("capacitacion", "capacitación"),
        ("capacitaciones", "capacitación"),
        ("educacion", "educación"),
        ("vivienda", "viviendas"),
        ("subsidio", "subsidios"),
        ("jardin", "jardines"),
        ("psicologia", "psicología"),
        ("region", "regiones"),
        ("ingles", "ingleses"),
        ("ensenanza", "enseñanza"),  # ñ typed as n
        ("ninos", "niños"),
        ("alcoholicos anonimos", "Alcohólicos Anónimos"),
        ("CAPACITACIÓN", "capacitación"),
    ],
)
def test_spanish_variants_meet_in_one_term(typed: str, written: str) -> None:
    assert analyze(ES, typed) == analyze(ES, written)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("job", "jobs"), ("employment", "employ"), ("housing", "houses"), ("courses", "course")],
)
def test_english_variants_meet_in_one_term(typed: str, written: str) -> None:
    assert analyze(EN, typed) == analyze(EN, written)


def test_folding_comes_before_stemming() -> None:
    """Stemming first would leave "educación" -> ``educ`` but "educacion" unstemmed."""
    assert analyze(ES, "educacion") == analyze(ES, "educación") == ["educ"]


def test_n_tilde_folds_to_n_and_we_accept_the_collisions() -> None:
    """Decision: ñ folds to n, because people type "ano", "ninos" on phones; the price is
    that "año" and "ano" (or "peña" and "pena") become the same word."""
    assert fold("Ñuñoa") == "nunoa"
    assert analyze(ES, "año") == analyze(ES, "ano")
    assert analyze(ES, "peña") == analyze(ES, "pena")


def test_stop_words_go_in_both_spellings() -> None:
    assert analyze(ES, "la región de Ñuble y más") == ["region", "nubl"]
    assert analyze(ES, "mas") == []
    assert analyze(ES, "estado civil") == ["estad", "civil"]  # "estado" means something here


def test_pairs_skip_stop_words() -> None:
    assert analyze(pair_analyzer_es(), "Curso de soldadura al arco") == [
        "curs_soldadur",
        "soldadur_arco",
    ]


def test_place_names_are_folded_not_stemmed() -> None:
    assert analyze(place_analyzer(), "Los Ángeles") == ["angeles"]


def test_surface_words_keep_their_accents() -> None:
    assert analyze(words_analyzer(), "Curso de Capacitación 2024 al arco") == [
        "curso",
        "capacitación",
        "arco",
    ]


def test_the_analyzer_protocol_for_highlighting() -> None:
    tokens = [
        (t.text, t.startchar, t.endchar, t.stopped)
        for t in ES("La Capacitación", chars=True, removestops=False)
    ]
    assert tokens == [("la", 0, 2, True), ("capacit", 3, 15, False)]
    assert [t.text for t in ES("Capacitación", tokenize=False)] == ["capacit"]
    assert [t.pos for t in ES("curso de soldadura", positions=True)] == [0, 2]


def test_analyzers_survive_pickling() -> None:
    """Whoosh stores the schema, analyzers included, in every commit's table of contents."""
    restored = pickle.loads(pickle.dumps(ES))
    assert analyze(restored, "viviendas") == analyze(ES, "viviendas")


def test_query_words_and_edit_allowance() -> None:
    assert words("Curso de Soldadura en TALCA, Valparaíso") == [
        "curso",
        "de",
        "soldadura",
        "en",
        "talca",
        "valparaiso",
    ]
    assert [max_edits(w) for w in ("sol", "dental", "soldadura")] == [0, 1, 2]
