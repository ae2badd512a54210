"""Locale selection, lazy gettext, and picking the right language of catalogue content.

The locale comes from an explicit choice (``lang`` cookie or ``?lang=``), then the
browser's Accept-Language, then Spanish. Content fields are stored per language
(``name_es``, ``name_en``); :func:`localized` returns the requested one or falls back to
the other and says so, so the page can mark "only available in Spanish".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, request
from flask_babel import Babel, LazyString, gettext, lazy_gettext

from enlace.catalogue.vocab import DEFAULT_LANGUAGE, LANGUAGES
from enlace.paths import TRANSLATIONS_DIR

LOCALE_COOKIE = "lang"


def _(text: str, **variables: Any) -> str:
    """gettext with a precise type (Flask-Babel ships no type information)."""
    return str(gettext(text, **variables))


def _l(text: str, **variables: Any) -> LazyString:
    """Lazy gettext for labels defined at import time."""
    lazy: LazyString = lazy_gettext(text, **variables)
    return lazy


__all__ = [
    "LOCALE_COOKIE",
    "Localized",
    "_",
    "_l",
    "init_app",
    "localized",
    "select_locale",
]


def select_locale() -> str:
    """Explicit choice, then Accept-Language, then Spanish."""
    explicit = request.args.get("lang") or request.cookies.get(LOCALE_COOKIE)
    if explicit in LANGUAGES:
        return explicit
    best = request.accept_languages.best_match(LANGUAGES)
    return best or DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Localized:
    """A piece of content in the language it was found in."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(record: Any, field: str, language: str) -> Localized | None:
    """``record.<field>_<language>``, else the first other language that has text."""
    order = [language, *(code for code in LANGUAGES if code != language)]
    for code in order:
        value = getattr(record, f"{field}_{code}", None)
        if value:
            return Localized(text=value, language=code, is_fallback=code != language)
    return None


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_locale)
