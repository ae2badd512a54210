"""``/openapi.json`` (both APIs' OpenAPI 3.1 document) and ``/api/docs`` (reading it).

The document is generated from the views' models (:mod:`enlace.web.openapi`); the page
shows it with Swagger UI, vendored under ``static/vendor/swagger-ui-dist`` (no CDN, no
request to any other site: its spec validator badge is turned off in ``api-docs.js``).
Without JavaScript the page still links the document and the written guide.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from enlace.web.access import public
from enlace.web.openapi import document

docs_blueprint = Blueprint("api_docs", __name__)


@docs_blueprint.get("/openapi.json")
@public
def openapi() -> ResponseReturnValue:
    response = current_app.json.response(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@docs_blueprint.get("/api/docs")
@public
def docs() -> ResponseReturnValue:
    return render_template("api/docs.html")
