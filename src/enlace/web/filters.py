"""Template filters: localised content and numbers."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import format_date, format_number, get_locale
from markupsafe import Markup, escape

from enlace.i18n import localized


def _localized(record: Any, field: str) -> Markup:
    """Content in the reader's language; marks text shown in the other language."""
    language = str(get_locale() or "es")
    found = localized(record, field, language)
    if found is None:
        return Markup("")
    if not found.is_fallback:
        return escape(found.text)
    return Markup('<span lang="{lang}">{text}</span>').format(lang=found.language, text=found.text)


def register_filters(app: Flask) -> None:
    app.add_template_filter(_localized, "localized")
    app.add_template_filter(format_number, "format_number")
    app.add_template_filter(format_date, "format_date")
