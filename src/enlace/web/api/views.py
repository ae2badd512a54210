"""The API's index: its version and where to go next (endpoints arrive with the read API)."""

from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from enlace.web.access import public
from enlace.web.api import VERSION, blueprint


@blueprint.get("/")
@public
def index() -> ResponseReturnValue:
    return jsonify(
        {
            "version": VERSION,
            "links": {"self": url_for("api.index", _external=True)},
        }
    )
