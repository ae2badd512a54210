"""Participant codes and the centre's file number, checked (pure).

A code is what Enlace calls a person: seven random characters and a check character,
written ``ABCD-EFGH``. The alphabet leaves out 0/O, 1/I/L so it can be read aloud and
typed back from paper; it has 31 characters, a prime, so the position-weighted check
character catches every single wrong character and every swap of two neighbours.

The file number is the centre's own reference, and the one field a person might fill with
something identifying; it is refused when it looks like a RUT/RUN, a phone number or a name.
"""

from __future__ import annotations

import re
import secrets
from enum import StrEnum

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_BASE = len(ALPHABET)  # 31, prime
BODY_LENGTH = 7
CODE_LENGTH = BODY_LENGTH + 1
FILE_NUMBER_MAX = 30


def check_character(body: str) -> str:
    """The check character of ``body`` (characters of :data:`ALPHABET`)."""
    total = sum((position + 1) * ALPHABET.index(char) for position, char in enumerate(body))
    return ALPHABET[total % _BASE]


def format_code(raw: str) -> str:
    """``ABCDEFGH`` -> ``ABCD-EFGH`` (how codes are shown and printed)."""
    return f"{raw[:4]}-{raw[4:]}"


def new_code() -> str:
    """A fresh random code, formatted, with its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return format_code(body + check_character(body))


def normalise_code(text: str) -> str | None:
    """What someone typed -> the formatted code, or None if it is not a valid code.

    Spaces and dashes are ignored and case does not matter; a wrong check character
    (a typo) gives None."""
    raw = re.sub(r"[\s\-]", "", text).upper()
    if len(raw) != CODE_LENGTH or any(char not in ALPHABET for char in raw):
        return None
    if check_character(raw[:BODY_LENGTH]) != raw[BODY_LENGTH]:
        return None
    return format_code(raw)


class FileNumberProblem(StrEnum):
    """Why a file number is refused (the form labels each)."""

    TOO_LONG = "too_long"
    CHARACTERS = "characters"  # only letters, digits, spaces and - / .
    LOOKS_LIKE_RUT = "looks_like_rut"
    LOOKS_LIKE_PHONE = "looks_like_phone"
    LOOKS_LIKE_NAME = "looks_like_name"


_ALLOWED = re.compile(r"^[0-9A-Za-z \-/.]+$")
_DOTTED_RUT = re.compile(r"\b\d{1,2}\.\d{3}\.\d{3}(-?[\dkK])?\b")
_RUT = re.compile(r"^(\d{7,8})([\dK])?$")
_PHONE = re.compile(r"^(\+?56)?(9\d{8}|[2-7]\d{8})$")
_LETTER_WORD = re.compile(r"^[A-Za-z]+$")


def rut_check_digit(body: str) -> str:
    """The modulo-11 check digit of a RUT/RUN body ('0'-'9' or 'K')."""
    total, factor = 0, 2
    for digit in reversed(body):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


def _looks_like_rut(text: str, compact: str) -> bool:
    if _DOTTED_RUT.search(text):
        return True
    found = _RUT.match(compact)
    if found is None:
        return False
    body, digit = found.groups()
    # A bare 7-8 digit number is a RUN without its check digit; with a ninth character,
    # only a correct check digit (or K) makes it a RUT.
    return digit is None or digit == "K" or rut_check_digit(body) == digit


def _looks_like_name(text: str) -> bool:
    tokens = [t for t in re.split(r"[\s\-/.]+", text) if t]
    words = [t for t in tokens if _LETTER_WORD.match(t)]
    if not any(char.isdigit() for char in text):
        return True  # a file number has a number in it; letters only may well be a name
    if sum(1 for w in words if len(w) >= 2) >= 2 and " " in text.strip():
        return True  # "Juan Perez 12"
    # A capitalised or lower-case word (Perez, perez) rather than an abbreviation (EXP, CT).
    return any(len(w) >= 3 and not w.isupper() for w in words)


def file_number_problem(text: str) -> FileNumberProblem | None:
    """Why ``text`` cannot be a file number, or None when it can (after stripping)."""
    value = text.strip()
    if len(value) > FILE_NUMBER_MAX:
        return FileNumberProblem.TOO_LONG
    if not _ALLOWED.match(value):
        return FileNumberProblem.CHARACTERS
    compact = re.sub(r"[\s\-/.]", "", value).upper()
    if _looks_like_rut(value, compact):
        return FileNumberProblem.LOOKS_LIKE_RUT
    if _PHONE.match(compact.lstrip("+")):
        return FileNumberProblem.LOOKS_LIKE_PHONE
    if _looks_like_name(value):
        return FileNumberProblem.LOOKS_LIKE_NAME
    return None
