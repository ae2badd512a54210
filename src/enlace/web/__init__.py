"""Blueprints: they parse the request, call a service and render. Nothing more."""

from __future__ import annotations

from flask import Flask

from enlace.web import admin, auth, browse, directory, public
from enlace.web.filters import register_filters


def register_blueprints(app: Flask) -> None:
    register_filters(app)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(directory.blueprint)
    app.register_blueprint(browse.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(admin.blueprint)
    public.register_context(app)
