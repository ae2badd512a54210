"""The agreement list: filters (derived statuses included), paging, and who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from enlace.network.agreements import create_agreement, suspend_agreement
from enlace.network.errors import AgreementForbiddenError
from enlace.network.listing import (
    NATIONAL_SCOPE,
    AgreementFilter,
    agency_agreements,
    get_agreement,
    list_agreements,
)
from enlace.network.validation import PartyDraft
from tests.unit.network.conftest import TODAY, Network

ENDS = date(2026, 6, 30)


@pytest.fixture
def listed(db_session: Session, network: Network) -> dict[str, str]:
    """Four agreements: OMIL (7, ends ENDS), GORE funding (7), national, Santiago (13)."""
    make = create_agreement
    ids = {
        "omil": make(db_session, network.maule, network.draft(valid_to=ENDS), today=TODAY).id,
        "gore": make(
            db_session,
            network.maule,
            network.draft(
                title_es="Financiamiento GORE",
                kind="financial_cooperation",
                parties=(
                    PartyDraft(network.gore.id, "funder"),
                    PartyDraft(network.omil.id, "provider"),
                ),
                domains=("housing",),
                offer_ids=(),
                quota=None,
                quota_period=None,
            ),
            today=TODAY,
        ).id,
        "national": make(
            db_session,
            network.national,
            network.draft(title_es="Convenio nacional", region_code=None),
            today=TODAY,
        ).id,
        "santiago": make(
            db_session,
            network.santiago,
            network.draft(title_es="Convenio Santiago", region_code="13", offer_ids=()),
            today=TODAY,
        ).id,
    }
    db_session.commit()
    return ids


def _ids(db_session: Session, viewer: object, on: date = TODAY, **filters: object) -> set[str]:
    page = list_agreements(db_session, viewer, AgreementFilter(**filters), on=on)  # type: ignore[arg-type]
    assert page.total == len(page.items)
    return {a.id for a in page.items}


def test_filters(db_session: Session, network: Network, listed: dict[str, str]) -> None:
    admin = network.admin
    assert _ids(db_session, admin) == set(listed.values())
    assert _ids(db_session, admin, region="7") == {listed["omil"], listed["gore"]}
    assert _ids(db_session, admin, region=NATIONAL_SCOPE) == {listed["national"]}
    assert _ids(db_session, admin, kind="financial_cooperation") == {listed["gore"]}
    assert _ids(db_session, admin, domain="housing") == {listed["gore"]}
    assert _ids(db_session, admin, party=network.gore.id) == {listed["gore"]}
    assert _ids(db_session, admin, expiring_within=29) == {listed["omil"]}
    assert _ids(db_session, admin, expiring_within=28) == set()
    assert _ids(db_session, admin, text="santiago") == {listed["santiago"]}


def test_a_domain_covered_through_an_offer_counts(
    db_session: Session, network: Network, listed: dict[str, str]
) -> None:
    """Covering the placement offer (an employment offer) counts for "employment"."""
    draft = network.draft(title_es="Capacitación y colocación", domains=("training",))
    made = create_agreement(db_session, network.maule, draft, today=TODAY)
    assert made.id in _ids(db_session, network.admin, domain="employment")
    assert made.id in _ids(db_session, network.admin, domain="training")
    assert made.id not in _ids(db_session, network.admin, domain="housing")


def test_expired_is_derived_on_the_boundary(
    db_session: Session, network: Network, listed: dict[str, str]
) -> None:
    admin = network.admin
    assert listed["omil"] in _ids(db_session, admin, on=ENDS, status="active")
    assert listed["omil"] not in _ids(db_session, admin, on=ENDS, status="expired")
    after = date(2026, 7, 1)
    assert _ids(db_session, admin, on=after, status="expired") == {listed["omil"]}
    assert listed["omil"] not in _ids(db_session, admin, on=after, status="active")
    view = get_agreement(db_session, admin, listed["omil"], on=after)
    assert (view.status, view.effective_status) == ("active", "expired")


def test_suspended_and_upcoming(
    db_session: Session, network: Network, listed: dict[str, str]
) -> None:
    suspend_agreement(db_session, network.maule, listed["gore"], version=1, today=TODAY)
    db_session.commit()
    assert _ids(db_session, network.admin, status="suspended") == {listed["gore"]}
    before = date(2025, 12, 31)
    assert listed["omil"] in _ids(db_session, network.admin, on=before, status="upcoming")


def test_who_sees_which(db_session: Session, network: Network, listed: dict[str, str]) -> None:
    assert _ids(db_session, network.maule) == {listed["omil"], listed["gore"], listed["national"]}
    assert _ids(db_session, network.santiago) == {listed["national"], listed["santiago"]}
    assert _ids(db_session, network.national) == set(listed.values())
    # the centre is a party to every agreement but the GORE's
    assert _ids(db_session, network.staff) == set(listed.values()) - {listed["gore"]}
    with pytest.raises(AgreementForbiddenError):
        get_agreement(db_session, network.staff, listed["gore"], on=TODAY)
    with pytest.raises(AgreementForbiddenError):
        get_agreement(db_session, network.santiago, listed["omil"], on=TODAY)
    assert _ids(db_session, None) == set()


def test_paging(db_session: Session, network: Network, listed: dict[str, str]) -> None:
    first = list_agreements(db_session, network.admin, AgreementFilter(), on=TODAY, per_page=3)
    second = list_agreements(
        db_session, network.admin, AgreementFilter(), on=TODAY, page=2, per_page=3
    )
    assert (first.total, first.pages, len(first.items), len(second.items)) == (4, 2, 3, 1)
    titles = [a.title_es for a in (*first.items, *second.items)]
    assert titles == sorted(titles)


def test_an_agencys_agreements_in_force(
    db_session: Session, network: Network, listed: dict[str, str]
) -> None:
    found = {a.id for a in agency_agreements(db_session, network.gore.id, on=TODAY)}
    assert found == {listed["gore"]}
    assert agency_agreements(db_session, network.centre.id, on=date(2030, 1, 1)) == []
