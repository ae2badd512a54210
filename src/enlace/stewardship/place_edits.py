"""Adding, changing and removing one of an agency's places: an edit of the agency (its
``places`` field), so it is checked, locked on the agency's version, audited with the
place's fields in the agency's history, and restorable like any other field."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.catalogue.base import new_id
from enlace.catalogue.models import Agency
from enlace.stewardship.errors import RecordInvalidError, RecordNotFoundError
from enlace.stewardship.service import AGENCY, edit_record, load, snapshot_of


def place_of(session: Session, agency_id: str, place_id: str) -> dict[str, Any]:
    """One of the agency's places as data; another agency's place is not found."""
    agency = load(session, AGENCY, agency_id)
    for place in snapshot_of(AGENCY, agency)["places"]:
        if place["id"] == place_id:
            return dict(place)
    raise RecordNotFoundError(place_id)


def _own_errors(refused: RecordInvalidError, index: int) -> RecordInvalidError:
    """The agency's messages about this place (``places-3-latitude``) as the place form's
    (``latitude``); the rest as they are."""
    prefix = f"places-{index}-"
    errors = {
        (key[len(prefix) :] if key.startswith(prefix) else key): messages
        for key, messages in refused.errors.items()
    }
    return RecordInvalidError(errors)


def save_place(
    session: Session,
    actor: User,
    agency_id: str,
    place_id: str | None,
    place: dict[str, Any],
    *,
    version: int,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> str:
    """Add a place (``place_id`` None) or change one; returns its id. The caller commits."""
    agency = load(session, AGENCY, agency_id)
    places: list[dict[str, Any]] = list(snapshot_of(AGENCY, agency)["places"])
    if place_id is None:
        place_id = new_id()
        places.append({**place, "id": place_id})
        index = len(places) - 1
    else:
        ids = [p["id"] for p in places]
        if place_id not in ids:
            raise RecordNotFoundError(place_id)
        index = ids.index(place_id)
        places[index] = {**place, "id": place_id}
    try:
        edit_record(
            session,
            actor,
            AGENCY,
            agency_id,
            {"places": places},
            version=version,
            reason=reason,
            request_info=request_info,
        )
    except RecordInvalidError as refused:
        raise _own_errors(refused, index) from None
    return place_id


def remove_place(
    session: Session,
    actor: User,
    agency_id: str,
    place_id: str,
    *,
    version: int,
    request_info: RequestInfo | None = None,
) -> Agency:
    """Remove a place no offer is given at (else :class:`RecordInvalidError`)."""
    place_of(session, agency_id, place_id)
    agency = load(session, AGENCY, agency_id)
    places = [p for p in snapshot_of(AGENCY, agency)["places"] if p["id"] != place_id]
    saved = edit_record(
        session,
        actor,
        AGENCY,
        agency_id,
        {"places": places},
        version=version,
        request_info=request_info,
    )
    assert isinstance(saved, Agency)
    return saved
