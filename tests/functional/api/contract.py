"""Check an answer against /openapi.json: the operation's documented status, content type
and body schema (the document's components resolve inside it)."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from werkzeug.test import TestResponse

from enlace.exchange.hsds.schema import format_checker


def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.get_json()
    return doc


def operation(doc: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    """The documented operation a concrete path belongs to."""
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            found: dict[str, Any] = item[method.lower()]
            return found
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def check(doc: dict[str, Any], method: str, path: str, response: TestResponse) -> None:
    """The answer's status is documented and its JSON body validates against the schema."""
    op = operation(doc, path.split("?", maxsplit=1)[0], method)
    status = str(response.status_code)
    assert status in op["responses"], f"{method} {path}: status {status} is not documented"
    content = op["responses"][status].get("content")
    if not content:
        return
    assert response.mimetype in content, f"{method} {path}: {response.mimetype} not documented"
    schema = {**content[response.mimetype]["schema"], "components": doc["components"]}
    validator = Draft202012Validator(schema, format_checker=format_checker())
    errors = sorted(validator.iter_errors(response.get_json()), key=lambda e: list(e.path))
    assert not errors, f"{method} {path}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )
