"""Pages for treatment staff: casework and matching (participants, needs, referrals).

Every endpoint here needs ``Permission.CASEWORK`` (staff of a treatment centre).
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("staff", __name__, url_prefix="/equipo")

from enlace.web.staff import (  # noqa: E402
    assessment,
    casework_common,
    followups,
    network,
    participant_matches,
    participants,
    plan,
    referrals,
    rights,
    views,
)

__all__ = [
    "assessment",
    "blueprint",
    "casework_common",
    "followups",
    "network",
    "participant_matches",
    "participants",
    "plan",
    "referrals",
    "rights",
    "views",
]
