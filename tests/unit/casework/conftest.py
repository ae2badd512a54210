"""Two treatment centres, their case managers, a coordinator, an admin, and an OMIL offer
reachable with priority under a quota agreement: enough to exercise every casework rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from enlace.accounts.models import User
from enlace.accounts.policy import Role
from enlace.casework import consent as consents
from enlace.casework import participants, referrals
from enlace.casework.consent import ConsentDraft
from enlace.casework.models import Consent, Participant, Referral
from enlace.casework.participants import ParticipantDraft
from enlace.casework.referrals import ReferralDraft
from enlace.catalogue.models import Agency, Offer
from enlace.network.models import Agreement, AgreementOffer, AgreementParty
from tests.accounts_factories import make_centre, make_user
from tests.factories import ensure_place, make_agency, make_offer

TODAY = date.today()


@dataclass
class World:
    centre: Agency
    other_centre: Agency
    omil: Agency
    offer: Offer
    agreement: Agreement
    staff: User  # case manager of ``centre``
    colleague: User  # another case manager of ``centre``
    outsider: User  # case manager of ``other_centre``
    coordinator: User
    admin: User

    def participant(self, session: Session, **fields: object) -> Participant:
        draft = ParticipantDraft(
            year_of_birth=int(str(fields.pop("year_of_birth", 1990))),
            **fields,  # type: ignore[arg-type]
        )
        return participants.create(session, self.staff, draft)

    def consent(self, session: Session, participant: Participant, **fields: object) -> Consent:
        values: dict[str, object] = {
            "recipient_agency_id": self.omil.id,
            "categories": ("age", "location", "needs"),
            "given_on": TODAY,
            "expires_on": TODAY + timedelta(days=60),
            "method": "signed_paper",
        }
        values.update(fields)
        return consents.record(session, self.staff, participant.id, ConsentDraft(**values))  # type: ignore[arg-type]

    def referral(
        self,
        session: Session,
        participant: Participant,
        *,
        consent: Consent | None = None,
        **fields: object,
    ) -> Referral:
        values: dict[str, object] = {"offer_id": self.offer.id}
        if consent is not None:
            values["consent_id"] = consent.id
        values.update(fields)
        return referrals.create(session, self.staff, participant.id, ReferralDraft(**values))  # type: ignore[arg-type]


def make_world(session: Session, quota: int = 5) -> World:
    ensure_place(session)
    centre = make_centre(session, name_es="CT Talca")
    other = make_centre(session, name_es="CT Curicó")
    omil = make_agency(session, name_es="OMIL Talca", region_code="7")
    offer = make_offer(session, omil, domains={"employment": "primary"})
    agreement = Agreement(
        slug="omil-talca",
        title_es="Acceso preferente OMIL Talca",
        kind="reserved_quota",
        status="active",
        quota=quota,
        quota_period="agreement",
        valid_from=TODAY - timedelta(days=30),
        valid_to=TODAY + timedelta(days=365),
    )
    agreement.parties = [
        AgreementParty(agency_id=centre.id, role="referrer"),
        AgreementParty(agency_id=omil.id, role="provider", contact_name="Rosa Díaz"),
    ]
    agreement.offers = [AgreementOffer(offer_id=offer.id)]
    session.add(agreement)
    session.flush()
    world = World(
        centre=centre,
        other_centre=other,
        omil=omil,
        offer=offer,
        agreement=agreement,
        staff=make_user(session, Role.STAFF, agency=centre),
        colleague=make_user(session, Role.STAFF, agency=centre),
        outsider=make_user(session, Role.STAFF, agency=other),
        coordinator=make_user(session, Role.COORDINATOR),
        admin=make_user(session, Role.ADMIN),
    )
    session.commit()
    return world


@pytest.fixture
def world(db_session: Session) -> World:
    return make_world(db_session)
