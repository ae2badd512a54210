"""The API's error shape (see :func:`enlace.web.errors.error_body`), shared with /hsds/.

``{"error": {"status": 404, "code": "not_found", "message": ..., "fields": [...]}}``:
``status`` repeats the HTTP status, ``code`` is a fixed snake_case name, ``message`` a
short English explanation (clients show their own words) and ``fields`` the inputs at
fault, each ``{"field", "message"}``.
"""

from __future__ import annotations

from enlace.web.errors import ApiError, FieldProblem, error_body, json_error

__all__ = ["ApiError", "FieldProblem", "error_body", "json_error"]
