"""What the case manager saw when deciding on a match result, kept with the referral (pure).

Enough to reproduce and explain the decision later: score, terms, rule checks, needs
served, priority routes, weights version and catalogue revision.
"""

from __future__ import annotations

from typing import Any

from enlace.casework.profiles import plain
from enlace.matching.service import Matches, MatchResult


def snapshot(matches: Matches, result: MatchResult) -> dict[str, Any]:
    """The JSON kept on a referral made from (or set aside on) ``result``."""
    return {
        "offer_id": result.offer.id,
        "score": result.score,
        "status": result.status,
        "rank": matches.results.index(result) + 1 if result in matches.results else None,
        "terms": plain(result.terms),
        "rules": plain(result.checks),
        "needs_served": plain(result.needs_served),
        "agreements": list(result.access.agreements) if result.access is not None else [],
        "weights_version": matches.weights_version,
        "catalogue_id": matches.catalogue_id,
        "catalogue_revision": matches.catalogue_revision,
        "on": matches.on.isoformat(),
    }
