"""Signing in and out, the account page, one-time password links."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("auth", __name__)

from enlace.web.auth import views  # noqa: E402

__all__ = ["blueprint", "views"]
