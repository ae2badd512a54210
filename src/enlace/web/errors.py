"""Error answers: translated pages for people, JSON for the API (never Werkzeug's English).

Which shape an error takes depends on where it happened, not on which blueprint matched
(a 404 or 405 matches none): paths under a prefix registered with
:func:`answer_in_json` get that area's JSON renderer, every other path an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.http import HTTP_STATUS_CODES

#: Turns an HTTP error into a JSON answer (an API's own error shape).
JsonRenderer = Callable[[HTTPException], ResponseReturnValue]
_AREAS = "enlace.json_error_areas"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One bad input: where (a field path such as ``needs.housing`` or ``per_page``), why."""

    field: str
    message: str


class ApiError(HTTPException):
    """A 4xx answer of the JSON APIs with its own code and the fields at fault.

    Raised anywhere under ``/api/`` or ``/hsds/``; the area's renderer turns it into the
    one error shape (:func:`error_body`), so views never build error bodies by hand.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: Sequence[FieldProblem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = status
        self.error_code = code
        self.fields = list(fields)
        self.extra_headers = headers or {}


def status_code_name(status: int) -> str:
    """A fixed snake_case name of an HTTP status (``not_found``, ``too_many_requests``)."""
    name = HTTP_STATUS_CODES.get(status, "Unknown error")
    return name.lower().replace(" ", "_").replace("-", "_").replace("'", "")


def error_body(
    status: int,
    message: str | None = None,
    *,
    code: str | None = None,
    fields: Sequence[FieldProblem] = (),
) -> dict[str, dict[str, Any]]:
    """The one error shape of the JSON APIs: ``{"error": {status, code, message, fields}}``.

    ``code`` is stable for programs (``status_code_name`` unless a more precise one is
    given, e.g. ``invalid_parameters``); ``message`` is a short English explanation;
    ``fields`` names each bad input (empty when the fault is not one field's).
    """
    return {
        "error": {
            "status": status,
            "code": code or status_code_name(status),
            "message": message or HTTP_STATUS_CODES.get(status, "Unknown error"),
            "fields": [{"field": f.field, "message": f.message} for f in fields],
        }
    }


def json_error(error: HTTPException) -> Response:
    """Any HTTP error raised under a JSON area, in the one shape with the same status."""
    status = error.code or 500
    if isinstance(error, ApiError):
        body = error_body(status, error.description, code=error.error_code, fields=error.fields)
    else:
        body = error_body(status, error.description if status < 500 else None)
    response = jsonify(body)
    response.status_code = status
    if isinstance(error, ApiError):
        response.headers.update(error.extra_headers)
    if status == 405 and error.response is None:
        allowed = getattr(error, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    return response


def answer_in_json(app: Flask, prefix: str, render: JsonRenderer) -> None:
    """Errors of requests under ``prefix`` are answered by ``render``."""
    app.extensions.setdefault(_AREAS, {})[prefix] = render


def json_renderer() -> JsonRenderer | None:
    """The JSON renderer of the current request's area, if it is in one."""
    areas: dict[str, JsonRenderer] = current_app.extensions.get(_AREAS, {})
    for prefix, render in areas.items():
        if request.path.startswith(prefix):
            return render
    return None


def _answer(error: HTTPException, title: str, message: str, status: int) -> ResponseReturnValue:
    render = json_renderer()
    if render is not None:
        return render(error)
    return render_template("errors/error.html", title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the answers for the errors a visitor can cause."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> ResponseReturnValue:
        render = json_renderer() or json_error
        return render(error)

    @app.errorhandler(429)
    def _too_many(error: HTTPException) -> ResponseReturnValue:
        message = _("Too many requests. Wait a moment and try again.")
        return _answer(error, _("Too many requests"), message, 429)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> ResponseReturnValue:
        message = _(
            "This form has expired or was not sent from this site. "
            "Go back, reload the page and try again."
        )
        return _answer(error, _("Form expired"), message, 400)

    @app.errorhandler(BadRequest)
    def _bad_request(error: BadRequest) -> ResponseReturnValue:
        generic = BadRequest.description
        message = error.description if error.description != generic else None
        return _answer(
            error, _("Bad request"), message or _("The request could not be understood."), 400
        )

    @app.errorhandler(401)
    def _unauthorised(error: HTTPException) -> ResponseReturnValue:
        message = _("Sign in to see this page.")
        return _answer(error, _("Sign in"), message, 401)

    @app.errorhandler(403)
    def _forbidden(error: HTTPException) -> ResponseReturnValue:
        message = _("Your account does not give access to this page.")
        return _answer(error, _("Access denied"), message, 403)

    @app.errorhandler(404)
    def _not_found(error: HTTPException) -> ResponseReturnValue:
        render = json_renderer()
        if render is not None:
            return render(error)
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def _method_not_allowed(error: HTTPException) -> ResponseReturnValue:
        message = _("This address does not accept that kind of request.")
        return _answer(error, _("Not allowed"), message, 405)

    @app.errorhandler(413)
    def _too_large(error: HTTPException) -> ResponseReturnValue:
        message = _("What you sent is too large.")
        return _answer(error, _("Request too large"), message, 413)

    @app.errorhandler(500)
    def _server_error(error: HTTPException) -> ResponseReturnValue:
        message = _("Something went wrong on our side. Please try again in a moment.")
        return _answer(error, _("Server error"), message, 500)
