"""A small network to keep agreements on: a centre, an OMIL with an offer, a funder, people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session

from enlace.accounts.models import User
from enlace.accounts.policy import Role
from enlace.catalogue.models import Agency, Offer
from enlace.network.validation import AgreementDraft, PartyDraft
from tests.accounts_factories import make_centre, make_user
from tests.factories import ensure_place, make_agency, make_offer

TODAY = date(2026, 6, 1)


@dataclass
class Network:
    centre: Agency
    omil: Agency
    gore: Agency
    placement: Offer
    maule: User  # regional coordinator of region 7
    santiago: User  # regional coordinator of region 13
    national: User
    admin: User
    staff: User  # of the centre

    def draft(self, **changes: object) -> AgreementDraft:
        values: dict[str, object] = {
            "title_es": "Acceso preferente a la OMIL de Talca",
            "kind": "priority_access",
            "valid_from": date(2026, 1, 1),
            "valid_to": date(2027, 12, 31),
            "signed_on": date(2025, 12, 15),
            "parties": (
                PartyDraft(self.centre.id, "referrer"),
                PartyDraft(self.omil.id, "provider", contact_name="Rosa Díaz"),
            ),
            "domains": ("employment",),
            "offer_ids": (self.placement.id,),
            "quota": 10,
            "quota_period": "year",
            "region_code": "7",
        }
        values.update(changes)
        return AgreementDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def network(db_session: Session) -> Network:
    ensure_place(db_session)
    ensure_place(db_session, region="13", commune="13101")
    centre = make_centre(db_session, name_es="CT Talca")
    omil = make_agency(db_session, name_es="OMIL Talca", region_code="7")
    gore = make_agency(db_session, name_es="GORE Maule", region_code="7")
    placement = make_offer(db_session, omil, domains={"employment": "primary"})
    made = Network(
        centre=centre,
        omil=omil,
        gore=gore,
        placement=placement,
        maule=make_user(db_session, Role.COORDINATOR, region_code="7"),
        santiago=make_user(db_session, Role.COORDINATOR, region_code="13"),
        national=make_user(db_session, Role.COORDINATOR),
        admin=make_user(db_session, Role.ADMIN),
        staff=make_user(db_session, Role.STAFF, agency=centre),
    )
    db_session.commit()
    return made
