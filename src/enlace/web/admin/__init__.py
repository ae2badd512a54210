"""Administration: accounts, sign-in locks and the audit log."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

from enlace.web.admin import views  # noqa: E402

__all__ = ["blueprint", "views"]
