"""Every eligibility value the matching vocabulary allows has words for participants."""

from __future__ import annotations

import pytest

from enlace.matching.rules import ATTRIBUTES
from enlace.web.public.rule_text import (
    ATTRIBUTE_NAMES,
    BOOLEAN_TEXT,
    SPECIAL,
    VALUE_LABELS,
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
