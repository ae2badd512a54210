"""The referral lifecycle (pure): which moves exist, who may make them, what they need.

::

    draft -> sent -> accepted / waitlisted / declined -> in service -> completed / not completed
    cancelled by the centre from any open status

The receiving agency (through its link) answers and reports; the centre sends, cancels,
and may also record an answer it got by phone. Negative endings need a coded reason, and
"other" needs text. Quota: sending takes a place of the agreement, a decline or a
cancellation gives it back (the place was never used).
"""

from __future__ import annotations

from enlace.casework.errors import TransitionError
from enlace.casework.vocab import Actor, NegativeReason
from enlace.casework.vocab import ReferralStatus as S

_BOTH = frozenset({Actor.CENTRE, Actor.AGENCY})
_CENTRE = frozenset({Actor.CENTRE})

#: current -> {next: who may make the move}
TRANSITIONS: dict[S, dict[S, frozenset[Actor]]] = {
    S.DRAFT: {S.SENT: _CENTRE, S.CANCELLED: _CENTRE},
    S.SENT: {S.ACCEPTED: _BOTH, S.WAITLISTED: _BOTH, S.DECLINED: _BOTH, S.CANCELLED: _CENTRE},
    S.WAITLISTED: {S.ACCEPTED: _BOTH, S.DECLINED: _BOTH, S.CANCELLED: _CENTRE},
    S.ACCEPTED: {S.IN_SERVICE: _BOTH, S.NOT_COMPLETED: _BOTH, S.CANCELLED: _CENTRE},
    S.IN_SERVICE: {S.COMPLETED: _BOTH, S.NOT_COMPLETED: _BOTH, S.CANCELLED: _CENTRE},
    S.DECLINED: {},
    S.COMPLETED: {},
    S.NOT_COMPLETED: {},
    S.CANCELLED: {},
    S.SET_ASIDE: {},
}

#: Moves that end badly and so need a coded reason.
NEEDS_REASON: frozenset[S] = frozenset({S.DECLINED, S.NOT_COMPLETED, S.CANCELLED})


def next_statuses(current: str, by: Actor) -> list[S]:
    """The moves ``by`` may make from ``current`` (for the buttons a page shows)."""
    try:
        moves = TRANSITIONS[S(current)]
    except ValueError:
        return []
    return [status for status, who in moves.items() if by in who]


def check(
    current: str,
    wanted: str,
    by: Actor,
    reason_code: str | None = None,
    reason_text: str | None = None,
) -> S:
    """The wanted status when the move is allowed; else :class:`TransitionError` saying why
    (``unknown_status``, ``closed``, ``not_allowed``, ``not_by_agency``,
    ``reason_required``, ``unknown_reason``, ``text_required``)."""
    try:
        source, target = S(current), S(wanted)
    except ValueError:
        raise TransitionError(current, wanted, "unknown_status") from None
    moves = TRANSITIONS[source]
    if not moves:
        raise TransitionError(current, wanted, "closed")
    if target not in moves:
        raise TransitionError(current, wanted, "not_allowed")
    if by not in moves[target]:
        raise TransitionError(current, wanted, "not_by_agency")
    if target in NEEDS_REASON:
        if not reason_code:
            raise TransitionError(current, wanted, "reason_required")
        if reason_code not in {r.value for r in NegativeReason}:
            raise TransitionError(current, wanted, "unknown_reason")
        if reason_code == NegativeReason.OTHER and not (reason_text or "").strip():
            raise TransitionError(current, wanted, "text_required")
    return target


def quota_change(current: str, target: S, counted: bool) -> int:
    """+1 when a move takes an agreement's place, -1 when it gives it back, else 0."""
    if target is S.SENT and current == S.DRAFT and not counted:
        return 1
    if counted and target in (S.DECLINED, S.CANCELLED):
        return -1
    return 0
