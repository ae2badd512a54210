"""The one way casework writes the audit log: actor, action, participant, purpose.

Services call :func:`write` themselves, in the transaction of the change (or of the read)
they describe, so no page can forget it. Entries name the participant by its id (target)
and code (details), never by anything that identifies the person; they outlive the
participant, which is what "deleted, nothing left but the audit entries" means.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import AuditEntry, User
from enlace.casework.models import Participant
from enlace.casework.vocab import PARTICIPANT_TARGET, CaseworkAction, Purpose
from enlace.db import utcnow

#: ``actor_label`` of what a receiving agency does through its link (no account).
AGENCY_LINK = "agency link"


def write(
    session: Session,
    actor: User | None,
    action: CaseworkAction,
    participant: Participant,
    purpose: Purpose,
    request_info: RequestInfo | None = None,
    *,
    reason: str | None = None,
    actor_label: str | None = None,
    touch: bool = False,
    **details: Any,
) -> AuditEntry:
    """Append the entry (flushed, not committed); ``touch`` marks participant activity."""
    if touch:
        participant.last_activity_at = utcnow()
        session.add(participant)
    return record(
        session,
        actor,
        action.value,
        PARTICIPANT_TARGET,
        participant.id,
        reason,
        request_info,
        details={"code": participant.code, "purpose": purpose.value, **details},
        actor_label=actor_label,
    )
