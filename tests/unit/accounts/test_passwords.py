"""Passwords: argon2id hashes, and the rules a new password must meet."""

from __future__ import annotations

import pytest

from enlace.accounts import passwords

GOOD = "tranvía lento bajo la lluvia"


def test_hash_is_argon2id_salted_and_verifies() -> None:
    first, second = passwords.hash_password(GOOD), passwords.hash_password(GOOD)
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert GOOD not in first
    assert passwords.verify_password(first, GOOD)
    assert not passwords.verify_password(first, GOOD + "x")


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$broken"])
def test_missing_or_broken_hashes_never_verify(stored: str | None) -> None:
    assert passwords.verify_password(stored, GOOD) is False


def test_weaker_hashes_are_flagged_for_rehashing() -> None:
    weak = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$JJ0JFjEhBG7FlgUJUeVlqA"
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password(GOOD))


def test_the_common_password_list_ships_with_english_and_spanish_entries() -> None:
    listed = passwords.common_passwords()
    assert len(listed) > 1000
    assert {"password", "qwerty", "123456", "contraseña", "teamo", "colocolo"} <= listed


@pytest.mark.parametrize(
    "candidate",
    [
        "password1234",  # listed as is
        "Contraseña2024!",  # Spanish word + year + symbol
        "contrasena123456",  # without the accent
        "P@ssw0rd12345",  # leetspeak
        "TeQuieroMucho99",
        "colocolo19911991",
        "qwertyuiopas",  # keyboard row
        "123456789012",  # counting
        "aaaaaaaaaaaaaaaa",  # one character
        "abababababababab",  # two characters
    ],
)
def test_common_passwords_are_refused(candidate: str) -> None:
    assert passwords.is_common(candidate)
    problems = passwords.password_problems(candidate)
    assert any("common" in str(p) for p in problems)


@pytest.mark.parametrize(
    "candidate", [GOOD, "K7#vq!Lz2@pW", "mi gato come pan con palta", "Renacer-Talca-Maule-2031x"]
)
def test_unusual_passwords_pass(candidate: str) -> None:
    assert passwords.password_problems(candidate) == []


def test_length_limits() -> None:
    short = passwords.password_problems("K7#vq!Lz2@p", min_length=12)
    assert [str(p) for p in short] == [
        "Use at least 12 characters; a few unrelated words make a good password."
    ]
    assert passwords.password_problems("K7#vq!Lz2@pW", min_length=16)
    long = passwords.password_problems("Kq7" * 100)
    assert any("at most 256" in str(p) for p in long)


def test_a_password_must_not_contain_the_email_name() -> None:
    problems = passwords.password_problems("paula.bravo-en-talca", email="Paula.Bravo@ct.example")
    assert any("e-mail" in str(p) for p in problems)
    assert passwords.password_problems("paula.bravo-en-talca", email="ana@ct.example") == []
