"""The JSON API under ``/api/v1/``: its own error shape, no HTML, no redirects.

Each endpoint declares its access like any other (``@public`` for open catalogue data,
``@requires`` for the rest); an anonymous call to a protected endpoint answers 401 in
JSON instead of the sign-in redirect people get.
"""

from __future__ import annotations

from flask import Blueprint

from enlace.web.security import csrf

#: Where the API lives; errors under it answer in JSON (see :mod:`enlace.web.errors`).
PREFIX = "/api/"
VERSION = "v1"

blueprint = Blueprint("api", __name__, url_prefix=f"/api/{VERSION}")
# The form token is checked by the blueprint itself, unless a Bearer token is used
# (see views.require_csrf_unless_token): a token is not sent by browsers on their own.
csrf.exempt(blueprint)

from enlace.web.api import (  # noqa: E402
    casework,
    catalogue,
    docs,
    errors,
    evaluation,
    match,
    network,
    network_access,
    views,
)
from enlace.web.api.docs import docs_blueprint  # noqa: E402

__all__ = [
    "PREFIX",
    "VERSION",
    "blueprint",
    "casework",
    "catalogue",
    "docs",
    "docs_blueprint",
    "errors",
    "evaluation",
    "match",
    "network",
    "network_access",
    "views",
]
