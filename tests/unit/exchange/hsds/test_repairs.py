"""Unambiguous repairs of times and web addresses; anything with two readings stays wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.exchange.hsds.repairs import (
    DOTTED_TIME,
    SHORT_TIME,
    TWELVE_HOUR,
    URL_SCHEME,
    repair,
    repair_time,
    repair_uri,
)
from enlace.exchange.hsds.values import InvalidValueError, coerce

TIMES = [
    ("5:00pm", "17:00:00", TWELVE_HOUR),
    ("5:00 PM", "17:00:00", TWELVE_HOUR),
    ("9am", "09:00:00", TWELVE_HOUR),
    ("9 a.m.", "09:00:00", TWELVE_HOUR),
    ("12am", "00:00:00", TWELVE_HOUR),
    ("12pm", "12:00:00", TWELVE_HOUR),
    ("12:30 p.m.", "12:30:00", TWELVE_HOUR),
    ("11:45:30pm", "23:45:30", TWELVE_HOUR),
    ("17.30", "17:30:00", DOTTED_TIME),
    ("8.05", "08:05:00", DOTTED_TIME),
    ("17h30", "17:30:00", DOTTED_TIME),
    ("9:05", "09:05:00", SHORT_TIME),
]
AMBIGUOUS_TIMES = ["9", "13pm", "0am", "24.00", "9:5", "17.3", "noon", "mañana", "9-17", ""]

URLS = [
    ("www.example.org", "https://www.example.org"),
    ("example.cl", "https://example.cl"),
    ("talca.cl/omil?x=1", "https://talca.cl/omil?x=1"),
    (" www.gob.cl ", "https://www.gob.cl"),
]
NOT_URLS = ["talca", "contacto@talca.cl", "www", "ver sitio web", "http//broken", "a.b"]


@pytest.mark.parametrize(("given_text", "expected", "kind"), TIMES)
def test_unambiguous_times_are_repaired(given_text: str, expected: str, kind: str) -> None:
    assert repair_time(given_text) == (expected, kind)
    assert repair(given_text, "time") == (expected, kind)


@pytest.mark.parametrize("text", AMBIGUOUS_TIMES)
def test_times_with_two_readings_stay_errors(text: str) -> None:
    assert repair_time(text) is None
    with pytest.raises(InvalidValueError):
        coerce(text, "time")


@pytest.mark.parametrize(("given_text", "expected"), URLS)
def test_a_web_address_without_scheme_gets_https(given_text: str, expected: str) -> None:
    assert repair_uri(given_text) == (expected, URL_SCHEME)


@pytest.mark.parametrize("text", NOT_URLS)
def test_text_that_is_no_web_address_is_not_repaired(text: str) -> None:
    assert repair_uri(text) is None


def test_other_types_and_non_text_are_never_repaired() -> None:
    assert repair("2025-13-01", "date") is None
    assert repair(9, "time") is None


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(
        ["{h12}:{m:02d}{ap}", "{h12}{ap}", "{h}.{m:02d}", "{h}:{m:02d}", "{h:02d}:{m:02d}"]
    ),
)
def test_repairing_a_time_is_idempotent(hour: int, minute: int, form: str) -> None:
    text = form.format(h=hour, m=minute, h12=hour % 12 or 12, ap="pm" if hour >= 12 else "am")
    try:
        value = coerce(text, "time")
    except InvalidValueError:
        repaired = repair(text, "time")
        assert repaired is not None
        value = coerce(repaired[0], "time")
    if "{m" not in form:
        minute = 0
    assert value == f"{hour:02d}:{minute:02d}:00"
    assert coerce(value, "time") == value  # a repaired value is already right
    assert repair_time(value) is None  # nothing more to repair


@given(
    st.from_regex(
        r"(www\.)?[a-z][a-z0-9-]{0,10}[a-z0-9]\.(cl|org|com)(/[a-z0-9]{0,8})?", fullmatch=True
    )
)
def test_repairing_a_web_address_is_idempotent(text: str) -> None:
    repaired = repair_uri(text)
    assert repaired is not None
    value = coerce(repaired[0], "uri")
    assert value == f"https://{text}"
    assert repair_uri(value) is None  # already absolute: nothing more to do
    assert coerce(value, "uri") == value
