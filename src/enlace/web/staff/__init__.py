"""Pages for treatment staff: casework and matching (participants, needs, referrals).

Every endpoint here needs ``Permission.CASEWORK`` (staff of a treatment centre).
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("staff", __name__, url_prefix="/equipo")

from enlace.web.staff import assessment, network, views  # noqa: E402

__all__ = ["assessment", "blueprint", "network", "views"]
