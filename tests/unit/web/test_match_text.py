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
