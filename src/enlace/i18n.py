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
from flask_babel import Babel, LazyString, get_translations, gettext, lazy_gettext
from jinja2.runtime import Context
from jinja2.utils import pass_context

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


#: The request's translations, handed to each page's template once (see init_app).
TRANSLATIONS_KEY = "_enlace_translations"


def _translations(context: Context) -> Any:
    """The translations a page renders with: given once to the page's context, so
    each of a page's hundred messages does not look up the request, the locale and
    the catalogue again (macros imported without context look them up)."""
    found = context.get(TRANSLATIONS_KEY)
    return found if found is not None else get_translations()


@pass_context
def _gettext(context: Context, string: str) -> str:
    return str(_translations(context).ugettext(string))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, number: int) -> str:
    return str(_translations(context).ungettext(singular, plural, number))


@pass_context
def _pgettext(context: Context, message_context: str, string: str) -> str:
    return str(_translations(context).upgettext(message_context, string))


@pass_context
def _npgettext(
    context: Context, message_context: str, singular: str, plural: str, number: int
) -> str:
    return str(_translations(context).unpgettext(message_context, singular, plural, number))


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
    app.context_processor(lambda: {TRANSLATIONS_KEY: get_translations()})
