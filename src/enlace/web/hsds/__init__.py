"""The Open Referral HSDS 3.0 read API under ``/hsds/``: public, read-only, JSON only.

For other systems (211s, city directories, ministries' portals) that read the directory
the standard way. Every endpoint is public (``enlace.web.access.PUBLIC_BLUEPRINTS``),
answers CORS requests from any origin, carries an ETag and Last-Modified from the
catalogue revision (304 when they match) and answers errors in the API's JSON shape.
"""

from __future__ import annotations

from flask import Blueprint

#: Where the HSDS API lives; errors under it answer in JSON (see :mod:`enlace.web.errors`).
PREFIX = "/hsds/"
#: The HSDS version the API follows.
HSDS_VERSION = "3.0"

blueprint = Blueprint("hsds", __name__, url_prefix="/hsds")

from enlace.web.hsds import views  # noqa: E402

__all__ = ["HSDS_VERSION", "PREFIX", "blueprint", "views"]
