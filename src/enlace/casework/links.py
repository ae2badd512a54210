"""Recipient links: how the receiving agency answers a referral without an account.

The token is random (32 bytes), shown once, and stored only as its SHA-256; a lookup
compares digests in constant time. A link expires (never after its consent), can be
revoked, and every use is audited; every view that shows data is also a disclosure. A
revoked or expired consent turns the page into "consent withdrawn" with no data at once,
because validity is asked on every use. Rate limiting is the web layer's (``allow``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.casework import lifecycle, scope, trail
from enlace.casework.consent import problem, require_valid
from enlace.casework.disclosures import disclose
from enlace.casework.errors import ConsentRequiredError, InvalidError, LinkRefusedError
from enlace.casework.letters import Letter, compose
from enlace.casework.models import Consent, Participant, RecipientLink, Referral
from enlace.casework.referrals import apply_move
from enlace.casework.trail import AGENCY_LINK
from enlace.casework.vocab import (
    CLOSED_STATUSES,
    Actor,
    CaseworkAction,
    ConsentPurpose,
    DataCategory,
    DisclosureKind,
    Purpose,
    ReferralStatus,
)
from enlace.catalogue.models import Offer
from enlace.db import utcnow

DEFAULT_DAYS = 30
MAX_DAYS = 90
LINK_TARGET = "recipient_link"

#: The web layer's rate limit: called with the link's hash (or the client address for an
#: unknown token); False refuses the use.
Allow = Callable[[str], bool]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(
    session: Session,
    actor: User,
    referral_id: int,
    days: int = DEFAULT_DAYS,
    request_info: RequestInfo | None = None,
) -> tuple[RecipientLink, str]:
    """A new link for a sent referral under a valid consent: the row and the token, which
    is shown once and never stored."""
    referral, participant = scope.referral(session, actor, referral_id)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidError({"days": "out_of_range"})
    if referral.status == ReferralStatus.DRAFT or referral.status in CLOSED_STATUSES:
        raise InvalidError({"referral": "not_open"})
    offer = session.get(Offer, referral.offer_id)
    assert offer is not None
    consent = require_valid(
        session, actor, referral.consent_id, participant, ConsentPurpose.REFERRAL, offer.agency_id
    )
    token = secrets.token_urlsafe(32)
    consent_end = datetime.combine(consent.expires_on, datetime.max.time()).replace(
        tzinfo=utcnow().tzinfo, microsecond=0
    )
    link = RecipientLink(
        referral_id=referral.id or 0,
        token_hash=token_hash(token),
        created_by_id=actor.id,
        expires_at=min(utcnow() + timedelta(days=days), consent_end),
    )
    session.add(link)
    session.flush()
    trail.write(
        session,
        actor,
        CaseworkAction.LINK_CREATED,
        participant,
        Purpose.REFERRAL,
        request_info,
        referral=referral.id,
        link=link.id,
        expires_at=link.expires_at.isoformat(),
    )
    return link, token


def revoke(
    session: Session, actor: User, link_id: int, request_info: RequestInfo | None = None
) -> RecipientLink:
    link = session.get(RecipientLink, link_id)
    if link is None:
        raise LinkRefusedError("unknown")
    _referral, participant = scope.referral(session, actor, link.referral_id)
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        session.add(link)
        trail.write(
            session,
            actor,
            CaseworkAction.LINK_REVOKED,
            participant,
            Purpose.REFERRAL,
            request_info,
            link=link.id,
        )
    session.flush()
    return link


def links_of(session: Session, actor: User, referral_id: int) -> list[RecipientLink]:
    referral, _participant = scope.referral(session, actor, referral_id)
    return list(
        session.exec(
            select(RecipientLink)
            .where(col(RecipientLink.referral_id) == referral.id)
            .order_by(col(RecipientLink.id))
        )
    )


def _refuse(
    session: Session, why: str, request_info: RequestInfo | None, link: RecipientLink | None
) -> LinkRefusedError:
    record(
        session,
        None,
        CaseworkAction.LINK_REFUSED.value,
        LINK_TARGET,
        link.id if link is not None else None,
        None,
        request_info,
        details={"why": why},
        actor_label=AGENCY_LINK,
    )
    return LinkRefusedError(why)


def _verify(
    session: Session, token: str, request_info: RequestInfo | None, allow: Allow | None
) -> tuple[RecipientLink, Referral, Participant, Consent | None]:
    """The live link behind ``token`` (or LinkRefusedError, audited, committed by caller)."""
    digest = token_hash(token)
    link = session.exec(
        select(RecipientLink).where(col(RecipientLink.token_hash) == digest)
    ).first()
    if allow is not None and not allow(digest if link is not None else "unknown"):
        raise _refuse(session, "rate_limited", request_info, link)
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        raise _refuse(session, "unknown", request_info, None)
    if link.revoked_at is not None:
        raise _refuse(session, "revoked", request_info, link)
    if link.expires_at <= utcnow():
        raise _refuse(session, "expired", request_info, link)
    referral = session.get(Referral, link.referral_id)
    participant = session.get(Participant, referral.participant_id) if referral else None
    if referral is None or participant is None:
        raise _refuse(session, "unknown", request_info, link)
    consent = session.get(Consent, referral.consent_id) if referral.consent_id else None
    return link, referral, participant, consent


@dataclass(frozen=True, slots=True)
class LinkPage:
    """What the agency's page shows: the letter, or only that consent was withdrawn."""

    consent_withdrawn: bool
    letter: Letter | None
    actions: tuple[str, ...]  # statuses the agency may move to now
    expires_at: datetime


def _consent_problem(session: Session, referral: Referral, consent: Consent | None) -> str | None:
    offer = session.get(Offer, referral.offer_id)
    return problem(
        consent,
        utcnow(),
        recipient_agency_id=offer.agency_id if offer is not None else None,
        purpose=ConsentPurpose.REFERRAL,
    )


def open_page(
    session: Session,
    token: str,
    request_info: RequestInfo | None = None,
    allow: Allow | None = None,
) -> LinkPage:
    """The agency opens its link: counted, audited, and a disclosure when data is shown."""
    link, referral, participant, consent = _verify(session, token, request_info, allow)
    link.uses += 1
    link.last_used_at = utcnow()
    session.add(link)
    why = _consent_problem(session, referral, consent)
    trail.write(
        session,
        None,
        CaseworkAction.LINK_OPENED,
        participant,
        Purpose.AGENCY_RESPONSE,
        request_info,
        actor_label=AGENCY_LINK,
        link=link.id,
        referral=referral.id,
        consent_withdrawn=why is not None,
    )
    if why is not None or consent is None:
        session.flush()
        return LinkPage(True, None, (), link.expires_at)
    content = compose(session, referral, participant, consent)
    disclose(
        session,
        None,
        participant,
        DisclosureKind.LINK_VIEW,
        categories=[DataCategory(c) for c in consent.categories],
        recipient_agency_id=consent.recipient_agency_id,
        consent_id=consent.id,
        referral_id=referral.id,
    )
    actions = tuple(s.value for s in lifecycle.next_statuses(referral.status, Actor.AGENCY))
    return LinkPage(False, content, actions, link.expires_at)


def respond(
    session: Session,
    token: str,
    wanted: str,
    reason_code: str | None = None,
    reason_text: str | None = None,
    request_info: RequestInfo | None = None,
    allow: Allow | None = None,
) -> Referral:
    """The agency accepts, waitlists or declines (with a reason), later reports in service,
    completed or not completed. Refused once consent is withdrawn."""
    link, referral, participant, consent = _verify(session, token, request_info, allow)
    why = _consent_problem(session, referral, consent)
    if why is not None:
        raise ConsentRequiredError(why)
    link.uses += 1
    link.last_used_at = utcnow()
    session.add(link)
    return apply_move(
        session,
        referral,
        participant,
        wanted,
        Actor.AGENCY,
        None,
        request_info,
        reason_code,
        reason_text,
        actor_label=AGENCY_LINK,
    )
