"""Provider update requests: a coordinator sends a one-time link, the provider proposes
changes to their record without an account, the coordinator accepts or rejects each one.

The link carries a random token (256 bits); only its SHA-256 is stored, so a copy of the
database gives no working link. A link expires, can be revoked, and works for one
proposal. Accepting applies the accepted fields (audited as the coordinator's change) and
marks the record checked; rejecting keeps the record as it is.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.stewardship import service
from enlace.stewardship.errors import RecordInvalidError, RecordNotFoundError
from enlace.stewardship.models import UpdateRequest

#: What a provider may propose, per kind: the texts, hours, places and contacts they know
#: best. Each field is one change the coordinator accepts or rejects.
PROVIDER_FIELDS: dict[str, tuple[str, ...]] = {
    "offer": (
        "name_es",
        "name_en",
        "description_es",
        "description_en",
        "eligibility_es",
        "eligibility_en",
        "application_es",
        "application_en",
        "documents",
        "fees_es",
        "fees_en",
        "wait_time_es",
        "wait_time_en",
        "url",
        "email",
        "phones",
        "contacts",
        "schedules",
    ),
    "agency": (
        "name_es",
        "name_en",
        "description_es",
        "description_en",
        "website",
        "email",
        "phones",
        "contacts",
        "places",
    ),
}
SENT, PROPOSED, CLOSED, REVOKED = "sent", "proposed", "closed", "revoked"
DEFAULT_DAYS = 14


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewRequest:
    request: UpdateRequest
    token: str  # shown once, put in the e-mail; never stored


def create_request(
    session: Session,
    actor: User,
    kind: str,
    record_id: str,
    email: str,
    language: str,
    *,
    now: datetime,
    days: int = DEFAULT_DAYS,
    request_info: RequestInfo | None = None,
) -> NewRequest:
    """A new link for one record in the actor's scope; the caller commits."""
    row = service.load(session, kind, record_id)
    service.check_scope(actor, service.region_of(session, row))
    if "@" not in email or len(email) > 254 or language not in ("es", "en"):
        raise RecordInvalidError({"email": ["invalid"]})
    token = secrets.token_urlsafe(32)
    request = UpdateRequest(
        kind=kind,
        record_id=record_id,
        token_hash=token_hash(token),
        email=email.strip(),
        language=language,
        created_by=actor.email,
        created_at=now,
        expires_at=now + timedelta(days=days),
        base_version=row.version,
    )
    session.add(request)
    session.flush()
    details = {"request": request.id, "expires_at": request.expires_at.isoformat()}
    record(
        session,
        actor,
        f"catalogue.{kind}.update_requested",
        kind,
        record_id,
        None,
        request_info,
        details=details,
    )
    return NewRequest(request, token)


EXPIRED = "expired"


def shown_status(request: UpdateRequest, now: datetime) -> str:
    """The status a page shows: a sent link past its expiry is "expired" (not stored)."""
    expires = request.expires_at
    if expires.tzinfo is None:
        now = now.replace(tzinfo=None)
    return EXPIRED if request.status == SENT and expires <= now else request.status


def open_request(session: Session, token: str, now: datetime) -> UpdateRequest | None:
    """The request a link names, if it still works (sent, not expired, not revoked)."""
    if not token or len(token) > 100:
        return None
    request = session.exec(
        select(UpdateRequest).where(UpdateRequest.token_hash == token_hash(token))
    ).first()
    if request is None or request.status != SENT:
        return None
    expires = request.expires_at
    if expires.tzinfo is None:
        now = now.replace(tzinfo=None)
    return request if now < expires else None


def current_values(session: Session, request: UpdateRequest) -> dict[str, Any]:
    """The record's current values of the fields a provider may change."""
    row = service.load(session, request.kind, request.record_id)
    snapshot = service.snapshot_of(request.kind, row)
    return {name: snapshot.get(name) for name in PROVIDER_FIELDS[request.kind]}


def propose(
    session: Session, request: UpdateRequest, values: dict[str, Any], *, now: datetime
) -> int:
    """Store the provider's proposal (only fields that differ), closing the link; returns
    how many fields they changed. Raises RecordInvalidError (nothing stored) on bad input."""
    row = service.load(session, request.kind, request.record_id)
    current = service.snapshot_of(request.kind, row)
    allowed = PROVIDER_FIELDS[request.kind]
    proposed = {k: v for k, v in values.items() if k in allowed}
    if "places" in proposed:
        proposed["places"] = provider_places(current.get("places") or [], proposed["places"])
    service.check_draft(
        session, request.kind, {**current, **proposed}, getattr(row, "agency_id", None), current
    )
    changes = {
        name: {"before": current.get(name), "after": value}
        for name, value in proposed.items()
        if value != current.get(name)
    }
    request.proposal = changes
    request.proposed_at = now
    request.status = PROPOSED
    session.add(request)
    session.flush()
    return len(changes)


#: What a provider may change of each of the agency's places (not add or remove them).
PLACE_FIELDS_FOR_PROVIDERS = ("address_1", "commune_code", "schedules")


def provider_places(current: list[dict[str, Any]], proposed: Any) -> list[dict[str, Any]]:
    """The agency's places with only the address, commune and hours the provider proposed."""
    by_id = {str(p.get("id")): p for p in proposed or [] if isinstance(p, dict)}
    return [
        {
            **place,
            **{
                name: by_id[place["id"]].get(name)
                for name in PLACE_FIELDS_FOR_PROVIDERS
                if place["id"] in by_id
            },
        }
        for place in current
    ]


def get_request(session: Session, request_id: int) -> UpdateRequest:
    request = session.get(UpdateRequest, request_id)
    if request is None:
        raise RecordNotFoundError(str(request_id))
    return request


def check_request_scope(session: Session, actor: User, request: UpdateRequest) -> None:
    row = service.load(session, request.kind, request.record_id)
    service.check_scope(actor, service.region_of(session, row))


def decide(
    session: Session,
    actor: User,
    request: UpdateRequest,
    accepted: set[str],
    *,
    today: date,
    now: datetime,
    request_info: RequestInfo | None = None,
) -> None:
    """Apply the accepted fields and mark the record checked; record each decision."""
    check_request_scope(session, actor, request)
    if request.status != PROPOSED:
        raise RecordInvalidError({"request": ["not waiting for a decision"]})
    proposal = request.proposal or {}
    data = {name: proposal[name]["after"] for name in proposal if name in accepted}
    row = service.load(session, request.kind, request.record_id, fresh=True)
    if data:
        service.edit_record(
            session,
            actor,
            request.kind,
            row.id,
            data,
            version=row.version,
            reason=None,
            request_info=request_info,
        )
    if data or not proposal:  # accepted changes, or the provider confirmed it as it is
        service.mark_checked(
            session, actor, request.kind, row.id, today=today, request_info=request_info
        )
    request.decisions = {n: ("accepted" if n in data else "rejected") for n in proposal}
    request.decided_at = now
    request.status = CLOSED
    session.add(request)
    session.flush()


def revoke(session: Session, actor: User, request: UpdateRequest) -> None:
    """The link stops working at once (a sent link only)."""
    check_request_scope(session, actor, request)
    if request.status == SENT:
        request.status = REVOKED
        session.add(request)
        session.flush()


def requests_of(session: Session, kind: str, record_id: str) -> list[UpdateRequest]:
    return list(
        session.exec(
            select(UpdateRequest)
            .where(UpdateRequest.kind == kind, UpdateRequest.record_id == record_id)
            .order_by(col(UpdateRequest.id).desc())
        )
    )
