"""Consent: what the person agreed may be shared, with whom, why, until when.

The rules, in one place:

- no valid consent (none, expired, revoked, for another recipient or purpose): no sending,
  no printing, no recipient link, no transfer (:func:`problem`, :func:`require_valid`);
- revocation takes effect at once everywhere, because nothing caches validity: every
  send, print and link use asks :func:`problem` again;
- anything about substance use or treatment is off by default and must be chosen
  explicitly (``sensitive_confirmed``), on top of being ticked;
- only consented categories are shared (:mod:`enlace.casework.sharing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.errors import ConsentRequiredError, InvalidError
from enlace.casework.models import Consent, Participant
from enlace.casework.vocab import (
    SENSITIVE_CATEGORIES,
    CaseworkAction,
    ConsentMethod,
    ConsentPurpose,
    DataCategory,
    Purpose,
    RevocationChannel,
)
from enlace.catalogue.models import Agency
from enlace.db import utcnow

#: Longest a consent may run (the form proposes less).
MAX_DAYS = 366 * 2


def default_categories() -> list[DataCategory]:
    """What a new consent form starts with ticked: never a sensitive category."""
    return [DataCategory.AGE, DataCategory.LOCATION, DataCategory.NEEDS]


@dataclass(frozen=True, slots=True)
class ConsentDraft:
    recipient_agency_id: str
    categories: Sequence[str]
    given_on: date
    expires_on: date
    method: str
    purpose: str = ConsentPurpose.REFERRAL.value
    purpose_text: str | None = None
    sensitive_confirmed: bool = False  # the separate, explicit choice of sensitive data


def draft_errors(draft: ConsentDraft, today: date) -> dict[str, str]:
    """Per-field problems (pure)."""
    errors: dict[str, str] = {}
    known = {c.value for c in DataCategory}
    if not draft.categories:
        errors["categories"] = "required"
    elif any(c not in known for c in draft.categories):
        errors["categories"] = "unknown_category"
    elif not draft.sensitive_confirmed and any(c in SENSITIVE_CATEGORIES for c in draft.categories):
        errors["categories"] = "sensitive_not_confirmed"
    if draft.method not in {m.value for m in ConsentMethod}:
        errors["method"] = "unknown_method"
    if draft.purpose not in {p.value for p in ConsentPurpose}:
        errors["purpose"] = "unknown_purpose"
    if draft.given_on > today:
        errors["given_on"] = "in_the_future"
    if draft.expires_on < today or draft.expires_on <= draft.given_on:
        errors["expires_on"] = "in_the_past"
    elif (draft.expires_on - draft.given_on).days > MAX_DAYS:
        errors["expires_on"] = "too_far"
    if draft.purpose_text and len(draft.purpose_text) > 300:
        errors["purpose_text"] = "too_long"
    return errors


def problem(
    consent: Consent | None,
    now: datetime,
    *,
    recipient_agency_id: str | None = None,
    purpose: ConsentPurpose | None = None,
) -> str | None:
    """Why ``consent`` does not allow sharing now (None: it does). Pure."""
    if consent is None:
        return "missing"
    if consent.revoked_at is not None:
        return "revoked"
    if consent.expires_on < now.date():
        return "expired"
    if recipient_agency_id is not None and consent.recipient_agency_id != recipient_agency_id:
        return "other_recipient"
    if purpose is not None and consent.purpose != purpose.value:
        return "other_purpose"
    return None


def require_valid(
    session: Session,
    actor: User,
    consent_id: int | None,
    participant: Participant,
    purpose: ConsentPurpose,
    recipient_agency_id: str | None = None,
) -> Consent:
    """The consent, when it is the participant's and allows this sharing now."""
    consent = None
    if consent_id is not None:
        found, owner = scope.consent(session, actor, consent_id)
        consent = found if owner.id == participant.id else None
    why = problem(consent, utcnow(), recipient_agency_id=recipient_agency_id, purpose=purpose)
    if why is not None or consent is None:
        raise ConsentRequiredError(why or "missing")
    return consent


def record(
    session: Session,
    actor: User,
    participant_id: str,
    draft: ConsentDraft,
    request_info: RequestInfo | None = None,
) -> Consent:
    """Record the consent the person gave (on paper or in person); the actor recorded it."""
    participant = scope.participant(session, actor, participant_id)
    errors = draft_errors(draft, date.today())
    if session.get(Agency, draft.recipient_agency_id) is None:
        errors["recipient_agency_id"] = "unknown_agency"
    if errors:
        raise InvalidError(errors)
    consent = Consent(
        participant_id=participant.id,
        recipient_agency_id=draft.recipient_agency_id,
        purpose=draft.purpose,
        purpose_text=(draft.purpose_text or "").strip() or None,
        categories=sorted(set(draft.categories)),
        given_on=draft.given_on,
        expires_on=draft.expires_on,
        method=draft.method,
        recorded_by_id=actor.id,
    )
    session.add(consent)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.CONSENT_RECORDED,
        participant,
        Purpose.REFERRAL if draft.purpose == ConsentPurpose.REFERRAL else Purpose.TRANSFER,
        request_info,
        touch=True,
        consent=consent.id,
        recipient=consent.recipient_agency_id,
        categories=consent.categories,
    )
    return consent


def revoke(
    session: Session,
    actor: User,
    consent_id: int,
    channel: str,
    request_info: RequestInfo | None = None,
) -> Consent:
    """Withdraw consent now: every send, print and link use refuses from this moment."""
    consent, participant = scope.consent(session, actor, consent_id)
    if channel not in {c.value for c in RevocationChannel}:
        raise InvalidError({"channel": "unknown_channel"})
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = utcnow()
    consent.revocation_channel = channel
    session.add(consent)
    trail.write(
        session,
        actor,
        CaseworkAction.CONSENT_REVOKED,
        participant,
        Purpose.REFERRAL,
        request_info,
        touch=True,
        consent=consent.id,
        channel=channel,
    )
    session.flush()
    return consent
