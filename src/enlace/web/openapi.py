"""The OpenAPI 3.1 document of both APIs, generated from the code (SpecTree + Pydantic v2).

Views of ``/api/v1/`` and ``/hsds/`` are ordinary blueprint views decorated with
``@spec.validate(query=..., json=..., resp=Response(...))``: SpecTree reads their
Pydantic models into the document and parses and checks the query string or body before
the view runs. A request that breaks its model answers 400 in the one error shape
(:class:`enlace.web.errors.ApiError`, each bad parameter named in ``fields``).

Responses are documented, not re-validated at run time (the contract tests do that): a
view returns a ready ``Response`` (with its ETag, or streamed as NDJSON) and it leaves
unchanged. HSDS objects are described by the vendored HSDS 3.0 schemas, copied into
``components/schemas`` as ``hsds_<name>`` so the document stands on its own.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from flask import Response, current_app, make_response
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError
from spectree import SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin

from enlace.exchange.hsds.schema import default_schema_dir
from enlace.web import access
from enlace.web.errors import ApiError, FieldProblem

#: What the document says about itself.
TITLE = "Enlace API"
DOC_VERSION = "1.0.0"
DESCRIPTION = (
    "Enlace's JSON API (`/api/v1/`) and its Open Referral HSDS 3.0 read API (`/hsds/`). "
    'Errors always have the shape `{"error": {"status", "code", "message", '
    '"fields"}}` with a 4xx status. Personal API tokens go in `Authorization: Bearer '
    "<token>` (see docs/api.md)."
)
_HSDS_PREFIX = "hsds_"
_HSDS_MARK = "x-hsds-schema"
NDJSON = "application/x-ndjson"
_NOT_SCHEMAS = {"datapackage.json", "openapi.json"}


class _Plugin(FlaskPlugin):
    """Flask plugin that leaves the view's response alone (no buffering of streams)."""

    def validate_response(
        self, resp: Any, resp_model: Any, skip_validation: bool, force_resp_serialize: bool
    ) -> tuple[Response, None]:
        return make_response(resp), None


def field_problems(error: ValidationError) -> list[FieldProblem]:
    """Pydantic's errors as field paths (a bad key of a mapping names that key)."""
    found = []
    for item in error.errors(include_url=False):
        parts = [str(p) for p in item["loc"] if p != "[key]"]
        found.append(FieldProblem(".".join(parts) or "body", item["msg"]))
    return found


def _refuse_bad_input(
    _req: Any, _resp: Any, error: Exception | None, _instance: Any, _adapter: Any
) -> None:
    """SpecTree's hook before the view: bad parameters become the API's 400."""
    if isinstance(error, ValidationError):
        raise ApiError(
            400,
            "Some parameters are not valid.",
            code="invalid_parameters",
            fields=field_problems(error),
        )


def _model_name(model: Any) -> str:
    return str(model.__name__)


def _nested_name(_parent: str, child: str) -> str:
    return child


spec = SpecTree(
    "flask",
    backend=_Plugin,
    naming_strategy=_model_name,
    nested_naming_strategy=_nested_name,
    mode="strict",
    path="openapi",
    page_templates={},
    annotations=False,
    title=TITLE,
    version=DOC_VERSION,
    description=DESCRIPTION,
    validation_error_status=400,
    before=_refuse_bad_input,
)


# -- models every API shares -------------------------------------------------------------
class ErrorField(BaseModel):
    """One input at fault."""

    field: str
    message: str


class ErrorDetail(BaseModel):
    """What went wrong, for programs (``code``) and people (``message``)."""

    status: int = Field(ge=400, le=599)
    code: str
    message: str
    fields: list[ErrorField]


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer of both APIs."""

    error: ErrorDetail


spec.validation_error_model = ErrorResponse


def hsds_ref(name: str) -> Callable[[dict[str, Any]], None]:
    """``json_schema_extra`` that makes a model's schema the vendored HSDS ``name``."""

    def mark(schema: dict[str, Any]) -> None:
        schema.clear()
        schema.update({"type": "object", _HSDS_MARK: name})  # made a $ref in document()

    return mark


class HsdsObject(RootModel[dict[str, Any]]):
    """An HSDS object, described by its vendored schema (subclasses say which)."""


def hsds_model(name: str, class_name: str) -> type[HsdsObject]:
    """A documented HSDS object type (``service``, ``organization``...)."""
    return type(
        class_name,
        (HsdsObject,),
        {
            "model_config": ConfigDict(json_schema_extra=hsds_ref(name)),
            "__doc__": f"HSDS 3.0 {name}.",
        },
    )


# -- the document ----------------------------------------------------------------------
@cache
def hsds_components(directory: Path | None = None) -> dict[str, Any]:
    """The vendored HSDS schemas as OpenAPI components, ``$ref``s pointing at each other."""
    folder = directory or default_schema_dir()
    out: dict[str, Any] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name in _NOT_SCHEMAS:
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema.pop("$schema", None)
        schema.pop("$id", None)
        out[_HSDS_PREFIX + path.stem] = _rewrite_refs(schema)
    return out


def _rewrite_refs(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                f"#/components/schemas/{_HSDS_PREFIX}{item.removesuffix('.json')}"
                if key == "$ref" and isinstance(item, str) and item.endswith(".json")
                else _rewrite_refs(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rewrite_refs(item) for item in value]
    return value


def _point_at_hsds(value: Any) -> Any:
    """Schemas marked by :func:`hsds_ref` become ``$ref``s to the vendored HSDS schema."""
    if isinstance(value, dict):
        if _HSDS_MARK in value:
            return {"$ref": f"#/components/schemas/{_HSDS_PREFIX}{value[_HSDS_MARK]}"}
        return {key: _point_at_hsds(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_point_at_hsds(item) for item in value]
    return value


def _document_ndjson(out: dict[str, Any]) -> None:
    """Lists with a ``format`` parameter also answer NDJSON (one record per line)."""
    for item in out.get("paths", {}).values():
        for op in item.values():
            names = {p.get("name") for p in op.get("parameters", [])}
            ok = op.get("responses", {}).get("200", {})
            if "format" in names and "content" in ok:
                ok["content"][NDJSON] = {
                    "schema": {
                        "type": "string",
                        "description": "With format=ndjson: every matching record, one JSON "
                        "object per line, unpaged.",
                    }
                }


def _document_security(out: dict[str, Any]) -> None:
    """Operations of ``/api/v1/`` take a Bearer token: required where the endpoint is not
    public (``web.access``), optional elsewhere (a token there must carry its scope);
    ``/hsds/`` takes none. Swagger UI sends a token only where an operation declares it."""
    public = {
        (re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower()): found.public
        for rule in current_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        and (found := access.rule_for(current_app, rule.endpoint)) is not None
        for method in rule.methods or ()
    }
    for path, item in out.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, op in item.items():
            optional = public.get((path, method), False)
            op["security"] = [{}, {"bearer": []}] if optional else [{"bearer": []}]


def document() -> dict[str, Any]:
    """The whole OpenAPI document (call inside an application context)."""
    out: dict[str, Any] = _point_at_hsds(copy.deepcopy(spec.spec))
    components = out.setdefault("components", {})
    components.setdefault("schemas", {}).update(hsds_components())
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on the account page.",
        }
    }
    _document_ndjson(out)
    _document_security(out)
    out["tags"] = [
        {"name": "hsds", "description": "Open Referral HSDS 3.0, public and read-only."},
        {"name": "enlace", "description": "Enlace's own API, version 1."},
    ]
    return out
