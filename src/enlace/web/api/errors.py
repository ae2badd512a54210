"""The API's error shape: ``{"error": {"status": 404, "code": "not_found", "message": ...}}``.

Stable for clients: ``status`` repeats the HTTP status, ``code`` is a fixed snake_case
name of it, ``message`` a short English explanation (clients show their own words).
"""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES


def error_body(status: int, message: str | None = None) -> dict[str, dict[str, object]]:
    name = HTTP_STATUS_CODES.get(status, "Unknown error")
    code = name.lower().replace(" ", "_").replace("-", "_").replace("'", "")
    return {"error": {"status": status, "code": code, "message": message or name}}


def json_error(error: HTTPException) -> ResponseReturnValue:
    """Any HTTP error raised under the API prefix, as JSON with the same status."""
    status = error.code or 500
    message = error.description if status < 500 else None
    response = jsonify(error_body(status, message))
    response.status_code = status
    if status == 405 and error.response is None:
        allowed = getattr(error, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    return response
