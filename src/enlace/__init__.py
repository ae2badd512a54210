"""Enlace: service directory and needs matching for social integration in drug treatment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from enlace import i18n, search
from enlace.config import build_config
from enlace.db import Database
from enlace.paths import STATIC_DIR, TEMPLATES_DIR
from enlace.web import access, converters, register_blueprints, security

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Configure and wire the application; nothing slow happens here."""
    settings = build_config(config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
    )
    app.config.update(settings)
    Database(app)
    search.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    access.init_app(app)
    converters.init_app(app)
    register_blueprints(app)
    return app
