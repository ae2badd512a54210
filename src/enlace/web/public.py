"""The public directory (anonymous, no tracking)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, make_response, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from enlace.catalogue import read
from enlace.catalogue.stats import catalogue_counts, is_demo_catalogue
from enlace.catalogue.taxonomy_service import need_domains
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_session
from enlace.web.preferences import LOCALE_COOKIE, home_region, remember, safe_next

blueprint = Blueprint("public", __name__)

#: Need-domain pictograms (emoji: no icon font or image to download).
DOMAIN_ICONS = {
    "briefcase": "💼",
    "tools": "🛠️",
    "book": "📘",
    "home": "🏠",
    "coins": "💰",
    "heart": "❤️",
    "users": "👪",
    "hands": "🤝",
    "sun": "☀️",
    "scale": "⚖️",
    "id-card": "📄",
    "child": "🧒",
}


@blueprint.get("/")
def home() -> ResponseReturnValue:
    session = get_session()
    counts = catalogue_counts(session)
    return render_template(
        "public/home.html",
        counts=counts,
        domains=need_domains(session),
        regions=read.regions(session),
        home_region=home_region(),
        icons=DOMAIN_ICONS,
    )


@blueprint.get("/language/<code>")
def set_language(code: str) -> ResponseReturnValue:
    """Remember an explicit language choice in a first-party preference cookie."""
    if code not in LANGUAGES:
        return render_template("errors/404.html"), 404
    return remember(make_response(redirect(safe_next())), LOCALE_COOKIE, code)


def register_context(app: Flask) -> None:
    @app.context_processor
    def _layout_context() -> dict[str, Any]:
        return {
            "current_language": str(get_locale() or "es"),
            "languages": LANGUAGES,
            "demo_catalogue": is_demo_catalogue(get_session()),
        }

    @app.errorhandler(404)
    def _not_found(_error: Exception) -> ResponseReturnValue:
        return render_template("errors/404.html"), 404
