"""Probable duplicates: the threshold is tuned on realistic Chilean name pairs."""

from __future__ import annotations

import pytest

from enlace.exchange.hsds.dedupe import (
    DUPLICATE_THRESHOLD,
    Candidate,
    DuplicatePair,
    find_duplicates,
    name_score,
)

SAME = [
    ("Municipalidad de Talca - OMIL", "OMIL Municipalidad de Talca"),
    ("Fundación Paréntesis", "Fundacion Parentesis"),
    ("Centro de Tratamiento Ambulatorio de Talca", "Centro de Tratamiento Ambulatorio Talca"),
    ("Alcohólicos Anónimos Grupo Renacer", "Alcoholicos Anonimos - Grupo Renacer"),
    ("Bolsa Nacional de Empleo", "Bolsa Nacional de Empleos"),
    ("Taller de apresto laboral", "Taller de apresto laborl"),
    ("Capacitación en oficios", "CAPACITACIÓN EN OFICIOS"),
    (
        "Corporación de Asistencia Judicial del Maule",
        "Corporacion de Asistencia Judicial Region del Maule",
    ),
    ("Subsidio de Arriendo", "Subsidio Arriendo"),
    ("Programa Vivienda Primero", "Programa  Vivienda  Primero."),
]
DIFFERENT = [
    ("Curso de soldadura básica", "Curso de soldadura avanzada"),
    ("Nivelación de estudios básicos", "Nivelación de estudios medios"),
    ("Narcóticos Anónimos", "Alcohólicos Anónimos"),
    ("Subsidio DS49 Fondo Solidario", "Subsidio DS1 Sectores Medios"),
    ("Curso de gasfitería", "Curso de gasfitería nivel 2"),
    ("Licencia de conducir clase A2", "Licencia de conducir clase A4"),
    ("Curso de soldadura", "Curso de soldadura avanzada"),
    ("Consultorio Las Américas", "CESFAM Las Américas"),
    ("Oficina Municipal de Intermediación Laboral de Talca", "OMIL Talca"),
    ("Programa Más Capaz", "Programa Más Capaz Mujer Emprendedora"),
]


@pytest.mark.parametrize(("first", "second"), SAME)
def test_spelling_and_word_order_variants_are_duplicates(first: str, second: str) -> None:
    assert name_score(first, second) >= DUPLICATE_THRESHOLD
    assert name_score(second, first) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_names_that_keep_a_word_of_their_own_are_not(first: str, second: str) -> None:
    assert name_score(first, second) < DUPLICATE_THRESHOLD
    assert name_score(second, first) < DUPLICATE_THRESHOLD


def test_the_place_name_is_noise_within_that_place() -> None:
    assert name_score("Hogar de Cristo", "Hogar de Cristo Talca") < DUPLICATE_THRESHOLD
    assert name_score("Hogar de Cristo", "Hogar de Cristo Talca", frozenset({"talca"})) == 100.0


def _c(record_id: str, name: str, *places: str) -> Candidate:
    return Candidate(record_id, (name,), frozenset(places))


def test_only_records_in_the_same_place_are_compared() -> None:
    incoming = [_c("new-1", "OMIL Municipalidad de Talca", "commune:7101")]
    existing = [
        _c("old-curico", "Municipalidad de Talca - OMIL", "commune:7301"),
        _c("old-talca", "Municipalidad de Talca - OMIL", "commune:7101"),
    ]
    assert find_duplicates(incoming, existing) == [DuplicatePair("new-1", "old-talca", 100.0)]


def test_national_offers_are_compared_within_their_agency() -> None:
    incoming = [_c("new", "Bolsa Nacional de Empleo", "agency:sence")]
    assert (
        find_duplicates(incoming, [_c("other", "Bolsa Nacional de Empleos", "agency:fosis")]) == []
    )
    assert [
        p.existing_id
        for p in find_duplicates(incoming, [_c("old", "Bolsa Nacional de Empleos", "agency:sence")])
    ] == ["old"]


def test_the_best_match_wins_and_ties_go_to_the_smaller_id() -> None:
    incoming = [_c("new", "Taller de apresto laboral", "commune:7101")]
    existing = [
        _c("b-exact", "Taller de apresto laboral", "commune:7101"),
        _c("a-exact", "Taller apresto laboral", "commune:7101"),
        _c("0-typo", "Taller de apresto laborl", "commune:7101"),
    ]
    assert find_duplicates(incoming, existing) == [DuplicatePair("new", "a-exact", 100.0)]


def test_a_record_is_not_its_own_duplicate() -> None:
    same = _c("same-id", "Fundación Paréntesis", "national")
    assert find_duplicates([same], [same]) == []
    assert find_duplicates([_c("x", "", "national")], [_c("y", "", "national")]) == []
