"""Every code matching gives has words, in Spanish and English."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from enlace.matching.eligibility import Reason, reason_codes
from enlace.matching.instrument import ANCHOR_IDS, QUESTIONS
from enlace.matching.profile import NeedLevel, Source
from enlace.matching.rules import ATTRIBUTES, DOCUMENTS, Outcome
from enlace.matching.weights import TERMS as TERM_NAMES
from enlace.web import match_text


def test_every_code_has_words() -> None:
    assert set(reason_codes()) <= set(match_text.REASONS)
    assert {q.id for q in QUESTIONS} == set(match_text.QUESTIONS)
    assert set(ANCHOR_IDS.values()) == set(match_text.ANCHORS)
    assert set(DOCUMENTS) == set(match_text.DOCUMENTS)
    assert set(ATTRIBUTES) == set(match_text.ATTRIBUTE_NOUNS)
    assert set(TERM_NAMES) == set(match_text.TERMS)
    assert set(NeedLevel) == set(match_text.NEED_LEVELS)
    assert set(Source) == set(match_text.SOURCES)
    assert set(Outcome) == set(match_text.OUTCOMES)


@pytest.mark.parametrize(
    ("reason", "english", "spanish"),
    [
        (
            Reason("age.gte.fail", {"attribute": "age", "expected": 18, "actual": 17}),
            "17 years old, the minimum is 18",
            "17 años, el mínimo es 18",
        ),
        (
            Reason("area.unknown", {"attribute": "region", "expected": ["5"]}),
            "Region not known: check the person lives in Valparaíso",
            "Región: no se sabe; verifique que la persona viva en Valparaíso",
        ),
        (
            Reason(
                "documents.has.fail",
                {
                    "attribute": "documents",
                    "expected": ["identity_card"],
                    "missing": ["housing_savings_book"],
                },
            ),
            "Does not hold: housing savings book",
            "No tiene: libreta de ahorro para la vivienda",
        ),
        (
            Reason(
                "attribute.in.fail", {"attribute": "gender", "expected": "female", "actual": "male"}
            ),
            "Gender: men, the offer is for women",
            "Género: hombres, la oferta es para mujeres",
        ),
    ],
)
def test_reasons_in_both_languages(app: Flask, reason: Reason, english: str, spanish: str) -> None:
    with app.test_request_context():
        with force_locale("en"):
            assert match_text.reason_text(reason, {"5": "Valparaíso"}) == english
        with force_locale("es"):
            assert match_text.reason_text(reason, {"5": "Valparaíso"}) == spanish


@pytest.mark.parametrize(
    ("reason", "english", "spanish"),
    [
        (
            Reason("age.gte.pass", {"attribute": "age", "expected": 65, "actual": 67}),
            "aged 65 or more",
            "de 65 años o más",
        ),
        (
            Reason(
                "age.between.pass",
                {"attribute": "age", "expected": [18, 29], "low": 18, "high": 29, "actual": 19},
            ),
            "aged 18 to 29",
            "de 18 a 29 años",
        ),
        (
            Reason(
                "attribute.in.pass",
                {"attribute": "housing_status", "expected": "homeless", "actual": "homeless"},
            ),
            "housing situation: living on the street",
            "situación de vivienda: en situación de calle",
        ),
        (
            Reason(
                "attribute.in.pass",
                {"attribute": "has_children", "expected": True, "actual": True},
            ),
            "has children: yes",
            "tiene hijos o hijas: sí",
        ),
    ],
)
def test_aims_in_both_languages(app: Flask, reason: Reason, english: str, spanish: str) -> None:
    with app.test_request_context():
        with force_locale("en"):
            assert match_text.aim_text(reason) == english
        with force_locale("es"):
            assert match_text.aim_text(reason) == spanish


def test_every_rule_that_can_aim_has_words() -> None:
    families = {"age": ("gte", "lte", "between")}
    ops = ("in", "not_in", "gte", "lte", "between")
    expected = {f"age.{op}" for op in families["age"]} | {f"attribute.{op}" for op in ops}
    assert expected == set(match_text.AIMS)
