"""Reading what people type in the agreement forms (web/coordinator/agreement_forms.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.web.coordinator.agreement_forms import parse_date, parse_int


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)))
def test_a_date_typed_as_the_picker_sends_it_reads_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f" {day.isoformat()} ") == day


@given(st.integers(min_value=0, max_value=999_999_999))
def test_whole_numbers_read_back(number: int) -> None:
    assert parse_int(str(number)) == number


@pytest.mark.parametrize(
    "typed", ["", None, "31/05/2026", "2026-02-30", "0001-01-01", "9999-12-31", "mañana"]
)
def test_what_is_not_a_date(typed: str | None) -> None:
    assert parse_date(typed) is None


@pytest.mark.parametrize("typed", ["", None, "12.5", "doce", "1e3", "9" * 10, " "])
def test_what_is_not_a_whole_number(typed: str | None) -> None:
    assert parse_int(typed) is None


def test_negative_numbers_are_read_so_the_form_can_refuse_them() -> None:
    assert parse_int("-3") == -3
