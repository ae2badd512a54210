"""The public directory: home, offer and agency pages, browsing and search, my list.

Anonymous and untracked: every endpoint of this blueprint is public
(``enlace.web.access.PUBLIC_BLUEPRINTS``).
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("public", __name__)

# The routes attach themselves to the blueprint when their modules are imported.
from enlace.web.public import (  # noqa: E402
    browse,
    home,
    pages,
    provider,
    recipient,
    report,
    self_check,
)

__all__ = [
    "blueprint",
    "browse",
    "home",
    "pages",
    "provider",
    "recipient",
    "report",
    "self_check",
]
