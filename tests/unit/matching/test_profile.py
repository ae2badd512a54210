"""The needs profile from plain dicts: every bad field named, unknown kept unknown."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.matching.profile import (
    DOMAINS,
    NeedLevel,
    Places,
    ProfileError,
    Source,
    parse_profile,
)

PLACES = Places({"5", "13"}, {"5101": "5", "5109": "5", "13101": "13"})


def test_a_full_profile() -> None:
    profile = parse_profile(
        {
            "needs": {"housing": "high", "health": "low"},
            "met": ["health"],
            "attributes": {
                "age": 32,
                "commune": {"value": "5101", "source": "document", "date": "2026-03-01"},
                "documents": ["identity_card"],
                "gender": "unknown",
            },
        },
        PLACES,
    )
    assert profile.need("housing").unmet_level is NeedLevel.HIGH
    assert profile.need("health").level is NeedLevel.LOW
    assert profile.need("health").unmet_level is NeedLevel.NONE
    assert profile.need("employment").level is NeedLevel.UNKNOWN
    assert set(profile.needs) == set(DOMAINS)
    assert profile.value("region") == "5"  # from the commune
    assert profile.attributes["commune"].source is Source.DOCUMENT
    assert profile.attributes["commune"].on == date(2026, 3, 1)
    assert profile.value("gender") is None
    assert profile.value("documents") == frozenset({"identity_card"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"needs": {"love": "high"}}, "needs.love"),
        ({"needs": {"housing": "very high"}}, "needs.housing"),
        ({"met": ["housing", "love"]}, "met.1"),
        ({"attributes": {"age": "abc"}}, "attributes.age"),
        ({"attributes": {"age": 250}}, "attributes.age"),
        ({"attributes": {"age": True}}, "attributes.age"),
        ({"attributes": {"region": "99"}}, "attributes.region"),
        ({"attributes": {"commune": "1"}}, "attributes.commune"),
        ({"attributes": {"commune": "5101", "region": "13"}}, "attributes.region"),
        ({"attributes": {"gender": "woman"}}, "attributes.gender"),
        ({"attributes": {"has_children": "yes"}}, "attributes.has_children"),
        ({"attributes": {"documents": ["passport", "visa"]}}, "attributes.documents"),
        ({"attributes": {"height": 180}}, "attributes.height"),
        ({"attributes": {"age": {"value": 30, "source": "rumour"}}}, "attributes.age.source"),
        ({"attributes": {"age": {"value": 30, "date": "yesterday"}}}, "attributes.age.date"),
        ({"needs": ["housing"]}, "needs"),
    ],
)
def test_bad_fields_are_named(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data, PLACES)
    assert field in [e.field for e in caught.value.errors]


def test_every_bad_field_at_once() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(
            {"needs": {"love": "high"}, "attributes": {"age": "abc", "region": "99"}}, PLACES
        )
    assert {e.field for e in caught.value.errors} == {
        "needs.love",
        "attributes.age",
        "attributes.region",
    }


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(["needs", "met", "attributes", "other"])
FIELDS = st.sampled_from(["age", "gender", "region", "commune", "documents", "housing", "x"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON | st.dictionaries(FIELDS, JSON, max_size=4), max_size=3))
def test_any_json_is_a_profile_or_field_errors(data: dict[str, Any]) -> None:
    try:
        parse_profile(data, PLACES)
    except ProfileError as error:
        assert error.errors
