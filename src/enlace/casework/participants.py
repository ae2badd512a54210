"""Participants: create, change, find within scope, and transfer to another centre.

Every function takes the acting account and writes the audit entry itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.codes import file_number_problem, new_code, normalise_code
from enlace.casework.consent import require_valid
from enlace.casework.disclosures import disclose
from enlace.casework.errors import InvalidError
from enlace.casework.models import Participant
from enlace.casework.profiles import attribute_errors, attribute_values
from enlace.casework.vocab import (
    CaseworkAction,
    ConsentPurpose,
    DataCategory,
    DisclosureKind,
    Purpose,
)
from enlace.catalogue.models import Agency
from enlace.catalogue.vocab import LANGUAGES, Sector
from enlace.db import utcnow

OLDEST_YEAR = 1900
YOUNGEST_AGE = 10  # a year of birth later than this many years ago is a typo
_CODE_TRIES = 8


@dataclass(frozen=True, slots=True)
class ParticipantDraft:
    """What a form gives: no name, no national id, no contact details, by design."""

    year_of_birth: int
    file_number: str | None = None
    language: str = "es"
    attributes: Mapping[str, Any] = field(default_factory=dict)


def draft_errors(draft: ParticipantDraft, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not OLDEST_YEAR <= draft.year_of_birth <= today.year - YOUNGEST_AGE:
        errors["year_of_birth"] = "out_of_range"
    if draft.file_number and draft.file_number.strip():
        problem = file_number_problem(draft.file_number)
        if problem is not None:
            errors["file_number"] = problem.value
    if draft.language not in LANGUAGES:
        errors["language"] = "unknown_language"
    errors.update(attribute_errors(draft.attributes))
    return errors


def _region(session: Session, centre_id: str, attributes: Mapping[str, Any]) -> str | None:
    region = attribute_values(attributes).get("region")
    if isinstance(region, str) and region:
        return region[:2]
    centre = session.get(Agency, centre_id)
    return centre.region_code if centre is not None else None


def _clean_file_number(draft: ParticipantDraft) -> str | None:
    return draft.file_number.strip() if draft.file_number and draft.file_number.strip() else None


def _file_number_taken(
    session: Session, centre_id: str, file_number: str | None, but: str | None
) -> bool:
    if file_number is None:
        return False
    statement = (
        select(Participant.id)
        .where(col(Participant.centre_id) == centre_id)
        .where(func.lower(col(Participant.file_number)) == file_number.lower())
    )
    found = session.exec(statement).first()
    return found is not None and found != but


def create(
    session: Session,
    actor: User,
    draft: ParticipantDraft,
    request_info: RequestInfo | None = None,
) -> Participant:
    """A new participant of the actor's centre, with a fresh code; the actor manages it."""
    centre = scope.centre_of(actor)
    errors = draft_errors(draft, date.today())
    file_number = _clean_file_number(draft)
    if "file_number" not in errors and _file_number_taken(session, centre, file_number, None):
        errors["file_number"] = "taken"
    if errors:
        raise InvalidError(errors)
    for _ in range(_CODE_TRIES):
        participant = Participant(
            code=new_code(),
            year_of_birth=draft.year_of_birth,
            centre_id=centre,
            case_manager_id=actor.id,
            file_number=file_number,
            language=draft.language,
            attributes=dict(draft.attributes),
            region_code=_region(session, centre, draft.attributes),
        )
        try:
            with session.begin_nested():
                session.add(participant)
                session.flush()
        except IntegrityError:
            continue  # a code already given (one chance in hundreds of millions): draw again
        trail.write(
            session,
            actor,
            CaseworkAction.PARTICIPANT_CREATED,
            participant,
            Purpose.CASE_MANAGEMENT,
            request_info,
        )
        return participant
    raise RuntimeError("could not draw a free participant code")


def update(
    session: Session,
    actor: User,
    participant_id: str,
    draft: ParticipantDraft,
    request_info: RequestInfo | None = None,
) -> Participant:
    """Change year of birth, file number, language and attributes (audited, field names only)."""
    participant = scope.participant(session, actor, participant_id, for_update=True)
    errors = draft_errors(draft, date.today())
    file_number = _clean_file_number(draft)
    taken = _file_number_taken(session, participant.centre_id, file_number, participant.id)
    if "file_number" not in errors and taken:
        errors["file_number"] = "taken"
    if errors:
        raise InvalidError(errors)
    new_values: dict[str, Any] = {
        "year_of_birth": draft.year_of_birth,
        "file_number": file_number,
        "language": draft.language,
        "attributes": dict(draft.attributes),
    }
    changed = sorted(k for k, v in new_values.items() if getattr(participant, k) != v)
    if not changed:
        return participant
    for name, value in new_values.items():
        setattr(participant, name, value)
    participant.region_code = _region(session, participant.centre_id, draft.attributes)
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_UPDATED,
        participant,
        Purpose.CASE_MANAGEMENT,
        request_info,
        touch=True,
        fields=changed,
    )
    return participant


def find(
    session: Session, actor: User, text: str, request_info: RequestInfo | None = None
) -> list[Participant]:
    """Participants of the actor's centre whose code or file number is ``text`` (exact, as
    typed on paper); each hit is audited."""
    wanted = text.strip()
    if not wanted:
        return []
    code = normalise_code(wanted)
    condition = func.lower(col(Participant.file_number)) == wanted.lower()
    if code is not None:
        condition = condition | (col(Participant.code) == code)
    hits = list(session.exec(scope.participants(actor).where(condition).limit(20)))
    for hit in hits:
        trail.write(
            session,
            actor,
            CaseworkAction.PARTICIPANT_FOUND,
            hit,
            Purpose.CASE_MANAGEMENT,
            request_info,
            by="code" if hit.code == code else "file_number",
        )
    return hits


def transfer(
    session: Session,
    actor: User,
    participant_id: str,
    consent_id: int,
    request_info: RequestInfo | None = None,
) -> Participant:
    """Move a participant to the centre named by a valid transfer consent: from now on only
    that centre's staff see it (the old centre loses access at once), recorded as a
    disclosure and in the audit log."""
    participant = scope.participant(session, actor, participant_id, for_update=True)
    consent = require_valid(session, actor, consent_id, participant, ConsentPurpose.TRANSFER)
    target = session.get(Agency, consent.recipient_agency_id)
    if target is None or target.sector != Sector.TREATMENT_CENTRE:
        raise InvalidError({"recipient_agency_id": "not_a_treatment_centre"})
    if target.id == participant.centre_id:
        raise InvalidError({"recipient_agency_id": "same_centre"})
    old_centre = participant.centre_id
    disclose(
        session,
        actor,
        participant,
        DisclosureKind.TRANSFER,
        recipient_agency_id=target.id,
        categories=[DataCategory(c) for c in consent.categories],
        consent_id=consent.id,
    )
    trail.write(
        session,
        actor,
        CaseworkAction.PARTICIPANT_TRANSFERRED,
        participant,
        Purpose.TRANSFER,
        request_info,
        touch=True,
        from_centre=old_centre,
        to_centre=target.id,
        consent=consent.id,
    )
    participant.centre_id = target.id
    participant.case_manager_id = None
    participant.last_activity_at = utcnow()
    session.add(participant)
    session.flush()
    return participant
