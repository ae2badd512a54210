"""Every user-visible string is translated in Spanish and English, and nothing is stale.

Fails when source code or templates gained a message that the catalogues lack, when a
translation is empty or fuzzy, or when a compiled .mo no longer matches its .po
(run `make translations` and translate what it reports).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from enlace.paths import TRANSLATIONS_DIR

REPO = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
LANGUAGES = ["es", "en"]


def _source_messages() -> set[str]:
    found: set[str] = set()
    sources = [
        (REPO / "src", [("**.py", "python")]),
        (REPO / "templates", [("**.html", "jinja2")]),
    ]
    for folder, method_map in sources:
        options = {"**.html": {"extensions": "jinja2.ext.i18n"}}
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(folder), method_map, options_map=options, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(language: str) -> Catalog:
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    return _source_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_message_is_in_the_catalogue(language: str, source_messages: set[str]) -> None:
    catalog = _catalog(language)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    missing = sorted(source_messages - known)
    assert not missing, f"{language}: run `make translations`; missing: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_empty_fuzzy_or_obsolete(
    language: str, source_messages: set[str]
) -> None:
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {key}")
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        if key not in source_messages:
            problems.append(f"stale (no longer in the source): {key}")
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_po_file(language: str) -> None:
    po = _catalog(language)
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        mo = read_mo(handle)
    po_pairs = {
        (
            m.id if isinstance(m.id, str) else m.id[0],
            m.string if isinstance(m.string, str) else m.string[0],
        )
        for m in po
        if m.id
    }
    mo_pairs = {
        (
            m.id if isinstance(m.id, str) else m.id[0],
            m.string if isinstance(m.string, str) else m.string[0],
        )
        for m in mo
        if m.id
    }
    assert po_pairs == mo_pairs, f"{language}: the .mo is stale, run `make translations`"


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{3,}", re.sub(r"%\(\w+\)s", "", text))


def test_spanish_is_really_spanish() -> None:
    """Catch entries copied from English (ignoring placeholders and proper names)."""
    catalog = _catalog("es")
    same = [
        m.id
        for m in catalog
        if m.id and isinstance(m.id, str) and m.id == m.string and len(_words(m.id)) >= 3
    ]
    assert not same, f"Spanish entries copied from English: {same}"
