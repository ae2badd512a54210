"""The directory's start page and the language switch."""

from __future__ import annotations

from flask import make_response, redirect, render_template
from flask.typing import ResponseReturnValue

from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_session
from enlace.network.stats import with_agreements
from enlace.web.public import blueprint
from enlace.web.public.preferences import LOCALE_COOKIE, home_region, remember, safe_next

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
    reference = reference_data(session)
    return render_template(
        "public/home.html",
        counts=with_agreements(session, reference.counts),
        domains=list(reference.domains),
        regions=list(reference.regions),
        home_region=home_region(),
        icons=DOMAIN_ICONS,
    )


@blueprint.get("/language/<code>")
def set_language(code: str) -> ResponseReturnValue:
    """Remember an explicit language choice in a first-party preference cookie."""
    if code not in LANGUAGES:
        return render_template("errors/404.html"), 404
    return remember(make_response(redirect(safe_next())), LOCALE_COOKIE, code)
