"""HTTP details of the HSDS API: conditional answers from the catalogue revision, CORS.

The ETag names the catalogue (its identity and revision) and the request's query, so it
changes exactly when an answer could: any catalogue write bumps the revision. A client
that sends it back (``If-None-Match``), or a date not older than the last write
(``If-Modified-Since``), gets a 304 before anything is read or serialised.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response, current_app, request

from enlace.exchange.hsds.api_read import Version
from enlace.web.openapi import NDJSON

#: Browsers on other sites may read every answer (the directory is public data).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Cross-Origin-Resource-Policy": "cross-origin",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
#: Shared caches may keep an answer briefly; the ETag makes revalidation cheap.
CACHE_CONTROL = "public, max-age=60"


def etag(version: Version) -> str:
    """The answer's tag: catalogue identity, revision and the request's path and query."""
    query = request.query_string.decode("utf-8", "replace")
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:16]
    return f"{version.catalogue_id or 'empty'}.{version.revision}.{digest}"


def not_modified(version: Version) -> Response | None:
    """A 304 when the client's copy is current, else None."""
    tag = etag(version)
    fresh = False
    if request.if_none_match:
        fresh = request.if_none_match.contains(tag)
    elif request.if_modified_since is not None and version.updated_at is not None:
        fresh = version.updated_at.replace(microsecond=0) <= request.if_modified_since
    if not fresh:
        return None
    response = Response(status=304)
    _stamp(response, version)
    return response


def _stamp(response: Response, version: Version) -> None:
    response.set_etag(etag(version))
    if version.updated_at is not None:
        response.last_modified = version.updated_at
    response.headers["Cache-Control"] = CACHE_CONTROL


def json_answer(body: Any, version: Version) -> Response:
    """A JSON body with the revision's validators."""
    response = current_app.response_class(current_app.json.dumps(body), mimetype="application/json")
    _stamp(response, version)
    return response


def ndjson_answer(records: Iterable[dict[str, Any]], version: Version) -> Response:
    """Every record on its own line, streamed as it is read (memory stays flat)."""

    def lines() -> Iterator[str]:
        for record in records:
            yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"

    response = Response(lines(), mimetype=NDJSON)
    _stamp(response, version)
    return response


def open_to_other_sites(response: Response) -> Response:
    """CORS for GET from any origin, and the answer to browsers' preflight requests."""
    response.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
    return response
