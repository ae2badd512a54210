"""Reading a JSON request body into its Pydantic model, for views that must check scope
first (another centre's record answers 404 before its body is even looked at)."""

from __future__ import annotations

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from enlace.web.errors import ApiError, FieldProblem
from enlace.web.openapi import field_problems

M = TypeVar("M", bound=BaseModel)


def json_body(model: type[M]) -> M:
    """The body as ``model``: 415 unless JSON, 400 naming each bad field."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(
            400,
            "Invalid JSON body.",
            code="invalid_parameters",
            fields=[FieldProblem("body", "must be a JSON object")],
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(
            400,
            "Some fields are not valid.",
            code="invalid_parameters",
            fields=field_problems(error),
        ) from None
