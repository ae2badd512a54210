"""Pages for network coordinators: agencies, agreements, the network and its evaluation.

Every endpoint here needs a coordinator permission (``NETWORK_REPORTS`` or
``NETWORK_MANAGE``).
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("coordinator", __name__, url_prefix="/coordinacion")

from enlace.web.coordinator import (  # noqa: E402
    agreement_actions,
    agreements,
    catalogue,
    catalogue_history,
    catalogue_places,
    catalogue_reports,
    catalogue_requests,
    coverage,
    evaluation,
    network,
    verification,
    views,
)

__all__ = [
    "agreement_actions",
    "agreements",
    "blueprint",
    "catalogue",
    "catalogue_history",
    "catalogue_places",
    "catalogue_reports",
    "catalogue_requests",
    "coverage",
    "evaluation",
    "network",
    "verification",
    "views",
]
