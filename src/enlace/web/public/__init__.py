"""The public directory: home, offer and agency pages, browsing and search, my list.

Anonymous and untracked: every endpoint of this blueprint is public
(``enlace.web.access.PUBLIC_BLUEPRINTS``).
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("public", __name__)

# The routes attach themselves to the blueprint when their modules are imported.
from enlace.web.public import browse, home, pages, provider, report, self_check  # noqa: E402

__all__ = ["blueprint", "browse", "home", "pages", "provider", "report", "self_check"]
