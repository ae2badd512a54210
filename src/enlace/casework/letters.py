"""What a referral discloses: the facts it could share, the letter, and what the receiving
agency's page shows. Both go through :func:`enlace.casework.sharing.shareable`, so only
the consented categories ever leave the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework import scope, trail
from enlace.casework.assessments import latest_of
from enlace.casework.consent import require_valid
from enlace.casework.disclosures import disclose
from enlace.casework.models import Consent, GoalReferral, Participant, PlanGoal, Referral
from enlace.casework.profiles import attribute_values, levels
from enlace.casework.sharing import NOTICE_MSGID, Facts, shareable
from enlace.casework.vocab import (
    CaseworkAction,
    ConsentPurpose,
    DataCategory,
    DisclosureKind,
    Purpose,
)
from enlace.catalogue.models import Agency, Offer, OfferDomain
from enlace.network.models import Agreement, AgreementParty


def facts_for(session: Session, referral: Referral, participant: Participant) -> Facts:
    """Everything the referral could share (the consent then picks)."""
    latest = latest_of(session, participant.id)
    profile = latest.profile if latest is not None else {}
    attributes = attribute_values(participant.attributes)
    attributes.update(attribute_values(profile.get("attributes") or {}))
    domains = tuple(
        session.exec(
            select(OfferDomain.domain).where(col(OfferDomain.offer_id) == referral.offer_id)
        )
    )
    goals = session.exec(
        select(PlanGoal)
        .join(GoalReferral, col(GoalReferral.goal_id) == col(PlanGoal.id))
        .where(col(GoalReferral.referral_id) == referral.id)
        .order_by(col(PlanGoal.id))
    )
    return Facts(
        code=participant.code,
        year_of_birth=participant.year_of_birth,
        attributes=attributes,
        needs=levels(profile),
        offer_domains=domains,
        goals=tuple(
            {"domain": g.domain, "text": g.text, "target_date": g.target_date} for g in goals
        ),
    )


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Letter:
    """A referral letter / the agency page: only consented data, who to call, which
    agreement gives priority, and the notice forbidding onward sharing."""

    referral_id: int
    language: str  # the participant's
    status: str
    offer_name_es: str
    offer_name_en: str | None
    agency_name: str
    contact: Contact
    agreement_title: str | None
    centre_name: str
    data: dict[str, Any]
    categories: tuple[str, ...]
    consent_expires_on: date
    notice_msgid: str = NOTICE_MSGID


def compose(
    session: Session, referral: Referral, participant: Participant, consent: Consent
) -> Letter:
    """The letter's content (no checks, no audit: :func:`letter` and the link page do both)."""
    offer = session.get(Offer, referral.offer_id)
    assert offer is not None
    agency = session.get(Agency, offer.agency_id)
    centre = session.get(Agency, referral.centre_id)
    contact = Contact(None, None, None, agency.email if agency is not None else None)
    title = None
    if referral.agreement_id is not None:
        agreement = session.get(Agreement, referral.agreement_id)
        title = agreement.title_es if agreement is not None else None
        party = session.get(AgreementParty, (referral.agreement_id, offer.agency_id))
        if party is not None and party.contact_name:
            contact = Contact(
                party.contact_name, party.contact_title, party.contact_phone, party.contact_email
            )
    return Letter(
        referral_id=referral.id or 0,
        language=participant.language,
        status=referral.status,
        offer_name_es=offer.name_es,
        offer_name_en=offer.name_en,
        agency_name=agency.name_es if agency is not None else "",
        contact=contact,
        agreement_title=title,
        centre_name=centre.name_es if centre is not None else "",
        data=shareable(facts_for(session, referral, participant), consent.categories, date.today()),
        categories=tuple(consent.categories),
        consent_expires_on=consent.expires_on,
    )


def letter(
    session: Session, actor: User, referral_id: int, request_info: RequestInfo | None = None
) -> Letter:
    """The printable referral letter; refused without a valid consent for the offer's
    agency; recorded as a disclosure and audited as a print."""
    referral, participant = scope.referral(session, actor, referral_id)
    offer = session.get(Offer, referral.offer_id)
    assert offer is not None
    consent = require_valid(
        session, actor, referral.consent_id, participant, ConsentPurpose.REFERRAL, offer.agency_id
    )
    content = compose(session, referral, participant, consent)
    disclose(
        session,
        actor,
        participant,
        DisclosureKind.LETTER,
        categories=[DataCategory(c) for c in consent.categories],
        recipient_agency_id=offer.agency_id,
        consent_id=consent.id,
        referral_id=referral.id,
    )
    trail.write(
        session,
        actor,
        CaseworkAction.REFERRAL_PRINTED,
        participant,
        Purpose.REFERRAL,
        request_info,
        referral=referral.id,
        consent=consent.id,
    )
    return content
