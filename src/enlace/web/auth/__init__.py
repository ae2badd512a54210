"""Signing in and out, the account page, one-time password links."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("auth", __name__)

from enlace.web.auth import api_tokens, views  # noqa: E402

__all__ = ["api_tokens", "blueprint", "views"]
