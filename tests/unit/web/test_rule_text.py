"""Every eligibility value the matching vocabulary allows has words for participants."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask
from flask_babel import force_locale

from enlace.matching.rules import ATTRIBUTES, Rule
from enlace.web.public.rule_text import (
    ATTRIBUTE_NAMES,
    BOOLEAN_TEXT,
    SPECIAL,
    VALUE_LABELS,
    describe_rules,
)

CODED = sorted(name for name, values in ATTRIBUTES.items() if isinstance(values, tuple))


@pytest.mark.parametrize("attribute", CODED)
def test_every_coded_value_has_a_label(attribute: str) -> None:
    values = ATTRIBUTES[attribute]
    assert isinstance(values, tuple)
    assert set(VALUE_LABELS.get(attribute, {})) == set(values), attribute
    assert attribute in ATTRIBUTE_NAMES


@pytest.mark.parametrize("attribute", sorted(ATTRIBUTES))
def test_every_attribute_can_be_described(attribute: str) -> None:
    kind = ATTRIBUTES[attribute]
    if kind is bool:
        assert (attribute, True) in BOOLEAN_TEXT and (attribute, False) in BOOLEAN_TEXT
    elif kind is None:
        assert attribute in SPECIAL
    else:
        assert attribute in ATTRIBUTE_NAMES


def test_an_any_of_group_is_one_sentence(app: Flask) -> None:
    rules = [
        Rule("treatment_stage", "eq", "in_treatment"),
        Rule("gender", "eq", "female", "carer/women"),
        Rule("gender", "eq", "male", "carer/fathers"),
        Rule("youngest_child_age", "lte", 5, "carer/fathers"),
        Rule("documents", "has", ["identity_card"]),
    ]
    stored = [
        SimpleNamespace(attribute=r.attribute, operator=r.op, value=r.value, group=r.group)
        for r in rules
    ]
    with app.test_request_context(), force_locale("en"):
        sentences = describe_rules(stored)
    assert sentences == [
        "Treatment: in treatment",
        "One of these: Gender: women; or Gender: men, Youngest child 5 years old or younger",
        "Holds: valid identity card",
    ]
