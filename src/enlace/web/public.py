"""The public directory (anonymous, no tracking)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from enlace.catalogue import read
from enlace.catalogue.stats import catalogue_counts, is_demo_catalogue
from enlace.catalogue.taxonomy_service import need_domains
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_session
from enlace.i18n import LOCALE_COOKIE

blueprint = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600
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
    home_region = request.cookies.get("region")
    return render_template(
        "public/home.html",
        counts=counts,
        domains=need_domains(session),
        regions=read.regions(session),
        home_region=home_region if home_region and home_region.isdigit() else None,
        icons=DOMAIN_ICONS,
    )


@blueprint.get("/language/<code>")
def set_language(code: str) -> ResponseReturnValue:
    """Remember an explicit language choice in a first-party preference cookie."""
    if code not in LANGUAGES:
        return render_template("errors/404.html"), 404
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    response = make_response(redirect(target))
    response.set_cookie(
        LOCALE_COOKIE,
        code,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response


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
