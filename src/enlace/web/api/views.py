"""The API's index: its version and where to go next (the OpenAPI document lists every
endpoint; the documentation page reads it)."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from spectree import Response

from enlace.web import api_auth
from enlace.web.access import public
from enlace.web.api import VERSION, blueprint
from enlace.web.openapi import spec
from enlace.web.security import csrf

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@blueprint.before_request
def require_csrf_unless_token() -> None:
    """Cookie-signed-in writes need the form token; Bearer-token calls do not."""
    if request.method in _SAFE_METHODS or api_auth.current_token() is not None:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and f"{view.__module__}.{view.__name__}" in csrf._exempt_views:
        return
    csrf.protect()


class ApiIndex(BaseModel):
    """The API's version and links."""

    version: str
    links: dict[str, str]


@blueprint.get("/")
@public
@spec.validate(resp=Response(HTTP_200=ApiIndex), tags=["enlace"], operation_id="apiIndex")
def index() -> ResponseReturnValue:
    """The API's version and where to go next."""
    return jsonify(
        {
            "version": VERSION,
            "links": {
                "self": url_for("api.index", _external=True),
                "openapi": url_for("api_docs.openapi", _external=True),
                "docs": url_for("api_docs.docs", _external=True),
                "hsds": url_for("hsds.index", _external=True),
            },
        }
    )
