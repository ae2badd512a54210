"""Participant codes (readable, checked) and the file-number refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.casework.codes import (
    ALPHABET,
    BODY_LENGTH,
    FileNumberProblem,
    check_character,
    file_number_problem,
    format_code,
    new_code,
    normalise_code,
    rut_check_digit,
)

bodies = st.text(alphabet=ALPHABET, min_size=BODY_LENGTH, max_size=BODY_LENGTH)


def test_the_alphabet_leaves_out_look_alikes() -> None:
    assert not set("01OIL") & set(ALPHABET)
    assert len(ALPHABET) == len(set(ALPHABET)) == 31


def test_new_codes_are_valid_and_formatted() -> None:
    for _ in range(200):
        code = new_code()
        assert len(code) == 9 and code[4] == "-"
        assert normalise_code(code) == code


def test_what_people_type_is_normalised() -> None:
    code = new_code()
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("  " + code.replace("-", "") + " ") == code
    assert normalise_code("") is None
    assert normalise_code("ABCD-EFG0") is None  # a look-alike is never a code


@given(bodies, st.integers(0, BODY_LENGTH), st.sampled_from(ALPHABET))
def test_any_single_wrong_character_is_caught(body: str, position: int, wrong: str) -> None:
    raw = body + check_character(body)
    if raw[position] == wrong:
        return
    typo = raw[:position] + wrong + raw[position + 1 :]
    assert normalise_code(format_code(typo)) is None


@given(bodies, st.integers(0, BODY_LENGTH - 1))
def test_any_swap_of_neighbours_is_caught(body: str, position: int) -> None:
    raw = body + check_character(body)
    if raw[position] == raw[position + 1]:
        return
    swapped = raw[:position] + raw[position + 1] + raw[position] + raw[position + 2 :]
    assert normalise_code(format_code(swapped)) is None


def test_rut_check_digit() -> None:
    assert rut_check_digit("12345678") == "5"
    assert rut_check_digit("7654321") == "6"
    assert rut_check_digit("10000013") == "K"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("EXP-2024-0153", None),
        ("CT 1234", None),
        ("F/882", None),
        ("2024-17", None),
        ("A-12-B", None),
        ("123456789", None),  # nine digits whose last is not the check digit: a number
        ("12.345.678-5", FileNumberProblem.LOOKS_LIKE_RUT),
        ("12.345.678-9", FileNumberProblem.LOOKS_LIKE_RUT),  # dotted: a RUT even if mistyped
        ("12345678-5", FileNumberProblem.LOOKS_LIKE_RUT),
        ("123456785", FileNumberProblem.LOOKS_LIKE_RUT),
        ("12345678", FileNumberProblem.LOOKS_LIKE_RUT),  # a RUN without its check digit
        ("7.654.321-6", FileNumberProblem.LOOKS_LIKE_RUT),
        ("10000013-K", FileNumberProblem.LOOKS_LIKE_RUT),
        ("10000013k", FileNumberProblem.LOOKS_LIKE_RUT),
        ("1.000.001-k", FileNumberProblem.LOOKS_LIKE_RUT),
        ("912345670", FileNumberProblem.LOOKS_LIKE_PHONE),
        ("56 9 1234 5670", FileNumberProblem.LOOKS_LIKE_PHONE),
        ("Juan Perez", FileNumberProblem.LOOKS_LIKE_NAME),
        ("maria", FileNumberProblem.LOOKS_LIKE_NAME),
        ("Perez 12", FileNumberProblem.LOOKS_LIKE_NAME),
        ("JUAN PEREZ 12", FileNumberProblem.LOOKS_LIKE_NAME),
        ("Pérez", FileNumberProblem.CHARACTERS),
        ("juan@example.org", FileNumberProblem.CHARACTERS),
        ("+56912345678", FileNumberProblem.CHARACTERS),
        ("X" * 31, FileNumberProblem.TOO_LONG),
    ],
)
def test_file_numbers(text: str, problem: FileNumberProblem | None) -> None:
    assert file_number_problem(text) == problem
