"""The accounting of disclosures: every letter, link view, export and transfer of a
participant's data, with date, recipient, data categories and the consent used.

Written by the services that disclose (never by a page); read by the participant's own
centre (:func:`accounting`), which is itself audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.models import Disclosure, Participant
from enlace.casework.vocab import CaseworkAction, DataCategory, DisclosureKind, Purpose
from enlace.catalogue.models import Agency


def disclose(
    session: Session,
    actor: User | None,
    participant: Participant,
    kind: DisclosureKind,
    *,
    categories: Iterable[DataCategory],
    recipient_agency_id: str | None = None,
    recipient_label: str | None = None,
    consent_id: int | None = None,
    referral_id: int | None = None,
) -> Disclosure:
    entry = Disclosure(
        participant_id=participant.id,
        kind=kind.value,
        recipient_agency_id=recipient_agency_id,
        recipient_label=recipient_label,
        categories=sorted({c.value for c in categories}),
        consent_id=consent_id,
        referral_id=referral_id,
        actor_id=actor.id if actor is not None else None,
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class DisclosureLine:
    at: datetime
    kind: str
    recipient_agency_id: str | None
    recipient_name: str | None  # the agency's name, or the label ("the person")
    categories: tuple[str, ...]
    consent_id: int | None
    referral_id: int | None


def accounting(
    session: Session,
    actor: User,
    participant_id: str,
    request_info: RequestInfo | None = None,
) -> list[DisclosureLine]:
    """The participant's disclosures, newest first (audited as a view)."""
    participant = scope.participant(session, actor, participant_id)
    rows = session.exec(
        select(Disclosure, Agency.name_es)
        .join(Agency, col(Agency.id) == col(Disclosure.recipient_agency_id), isouter=True)
        .where(col(Disclosure.participant_id) == participant.id)
        .order_by(col(Disclosure.at).desc(), col(Disclosure.id).desc())
    ).all()
    trail.write(
        session,
        actor,
        CaseworkAction.DISCLOSURES_VIEWED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
    )
    return [
        DisclosureLine(
            at=d.at,
            kind=d.kind,
            recipient_agency_id=d.recipient_agency_id,
            recipient_name=name or d.recipient_label,
            categories=tuple(d.categories),
            consent_id=d.consent_id,
            referral_id=d.referral_id,
        )
        for d, name in rows
    ]
