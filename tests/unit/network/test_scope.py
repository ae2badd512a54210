"""Staff read their centre's agreements, directly and through the networks it belongs to."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from enlace.network.agreements import create_agreement
from enlace.network.errors import AgreementForbiddenError
from enlace.network.listing import AgreementFilter, get_agreement, list_agreements
from enlace.network.models import NetworkMembership
from enlace.network.scope import centre_networks
from enlace.network.validation import PartyDraft
from tests.factories import make_agency
from tests.unit.network.conftest import TODAY, Network


def _member(session: Session, network_id: str, member_id: str, **fields: object) -> None:
    session.add(NetworkMembership(network_id=network_id, member_id=member_id, **fields))  # type: ignore[arg-type]
    session.flush()


@pytest.fixture
def networks(db_session: Session, network: Network) -> dict[str, str]:
    """A regional network the centre belongs to, which belongs to the national programme;
    a network the centre has left; one it only observes. One agreement signed by each."""
    ids = {
        name: make_agency(db_session, name_es=name, region_code="7").id
        for name in ("red-maule", "programa-nacional", "red-antigua", "red-observada", "ajena")
    }
    _member(db_session, ids["red-maule"], network.centre.id, since=date(2025, 1, 1))
    _member(db_session, ids["programa-nacional"], ids["red-maule"])
    _member(db_session, ids["red-antigua"], network.centre.id, until=date(2025, 12, 31))
    _member(db_session, ids["red-observada"], network.centre.id, role="observer")
    agreements = {}
    for name, agency_id in ids.items():
        draft = network.draft(
            title_es=f"Convenio de {name}",
            parties=(PartyDraft(agency_id, "referrer"), PartyDraft(network.omil.id, "provider")),
        )
        agreements[name] = create_agreement(db_session, network.admin, draft, today=TODAY).id
    db_session.commit()
    return {**{f"agency:{k}": v for k, v in ids.items()}, **agreements}


def test_the_networks_of_a_centre_follow_memberships_in_force(
    db_session: Session, network: Network, networks: dict[str, str]
) -> None:
    found = centre_networks(db_session, network.centre.id, TODAY)
    assert set(found) == {networks["agency:red-maule"], networks["agency:programa-nacional"]}
    before = centre_networks(db_session, network.centre.id, date(2024, 6, 1))
    assert set(before) == {networks["agency:red-antigua"]}  # red-maule not yet joined


def test_staff_list_their_centres_agreements_through_its_networks(
    db_session: Session, network: Network, networks: dict[str, str]
) -> None:
    page = list_agreements(db_session, network.staff, AgreementFilter(), on=TODAY)
    listed = {a.id for a in page.items}
    assert {networks["red-maule"], networks["programa-nacional"]} <= listed
    for other in ("red-antigua", "red-observada", "ajena"):
        assert networks[other] not in listed


@pytest.mark.parametrize(
    ("name", "readable"),
    [
        ("red-maule", True),
        ("programa-nacional", True),  # through red-maule's membership
        ("red-antigua", False),  # the membership ended
        ("red-observada", False),  # an observer reaches nothing
        ("ajena", False),
    ],
)
def test_one_agreement_reads_the_same_as_the_list(
    db_session: Session, network: Network, networks: dict[str, str], name: str, readable: bool
) -> None:
    if readable:
        assert get_agreement(db_session, network.staff, networks[name], on=TODAY).id
    else:
        with pytest.raises(AgreementForbiddenError):
            get_agreement(db_session, network.staff, networks[name], on=TODAY)


def test_a_cycle_of_memberships_ends(
    db_session: Session, network: Network, networks: dict[str, str]
) -> None:
    _member(db_session, network.centre.id, networks["agency:programa-nacional"])
    db_session.commit()
    found = centre_networks(db_session, network.centre.id, TODAY)
    assert set(found) == {networks["agency:red-maule"], networks["agency:programa-nacional"]}
