"""The API's index: its version and where to go next (endpoints arrive with the read API)."""

from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from spectree import Response

from enlace.web.access import public
from enlace.web.api import VERSION, blueprint
from enlace.web.openapi import spec


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
            "links": {"self": url_for("api.index", _external=True)},
        }
    )
