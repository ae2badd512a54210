"""Password hashing (argon2id) and the password rules: length and common passwords.

Passwords never leave this module in any form other than an argon2 hash, and nothing
here logs. The common-password list ships with the package (English and Spanish, see
``data/common-passwords.txt``); a candidate is refused when it, or the word left after
removing digits, symbols, accents and leetspeak, is on that list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import LazyString, lazy_gettext

DEFAULT_MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = "common-passwords.txt"

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile

#: A valid hash of a random password, verified when an account does not exist so that
#: unknown and known e-mails take the same time to refuse.
_DUMMY_HASH = _hasher.hash("enlace-no-such-account-9b1f0c7e")

#: Keyboard rows and counting: any run of 12 or more taken from these is refused.
_SEQUENCES = (
    "1234567890123456789012345678901234567890",
    "0987654321098765432109876543210987654321",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiopasdfghjklñzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_NOT_LETTERS = re.compile(r"[^a-zñ]+")
_EDGES = re.compile(r"^[^a-z]+|[^a-z]+$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; False for a wrong password, a missing or bad hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def common_passwords() -> frozenset[str]:
    text = files("enlace.accounts").joinpath("data", COMMON_PASSWORDS_FILE).read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _variants(password: str) -> set[str]:
    """The forms of a candidate that are looked up in the common-password list."""
    folded = password.casefold().strip()
    plain = _strip_accents(folded)
    core = _EDGES.sub("", plain)  # "p@ssw0rd2024!" -> "p@ssw0rd"
    variants = {folded, plain, core, core.translate(_LEET), plain.translate(_LEET)}
    for form in list(variants):
        letters = _NOT_LETTERS.sub("", form)
        if letters:
            variants.add(letters)
    return variants


def is_common(password: str) -> bool:
    """A known common password, or a common word dressed up with digits, symbols or leetspeak."""
    listed = common_passwords()
    if any(variant in listed for variant in _variants(password)):
        return True
    folded = password.casefold()
    if any(folded in sequence for sequence in _SEQUENCES):
        return True
    return len(set(password)) <= 2  # "aaaaaaaaaaaa", "abababababab"


def password_problems(
    password: str, *, min_length: int = DEFAULT_MIN_LENGTH, email: str | None = None
) -> list[LazyString]:
    """Why a new password is refused (empty when it is acceptable)."""
    problems: list[LazyString] = []
    if len(password) < min_length:
        problems.append(
            lazy_gettext(
                "Use at least %(count)d characters; a few unrelated words make a good password.",
                count=min_length,
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(lazy_gettext("Use at most %(count)d characters.", count=MAX_LENGTH))
    if password and is_common(password):
        problems.append(
            lazy_gettext("This password is too common and easy to guess. Choose another one.")
        )
    if email:
        local = email.split("@", 1)[0].casefold()
        if len(local) >= 4 and local in password.casefold():
            problems.append(lazy_gettext("The password must not contain your e-mail address."))
    return problems
