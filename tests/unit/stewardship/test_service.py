"""The stewardship services on the shipped catalogue: edit, audit, locking, scope, restore."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Offer, OfferDomain
from enlace.catalogue.revision import current_revision
from enlace.stewardship import service
from enlace.stewardship.errors import (
    ChangedMeanwhileError,
    RecordForbiddenError,
    RecordInvalidError,
)
from enlace.stewardship.history import record_history, versions
from enlace.stewardship.records import offer_snapshot
from tests.accounts_factories import make_user


def _offer_in(session: Session, region: str) -> Offer:
    for offer in session.exec(select(Offer).order_by(Offer.slug)):
        if service.region_of(session, offer) == region:
            return offer
    raise AssertionError(f"no offer in region {region}")


def test_an_edit_is_saved_audited_and_bumps_the_revision(shipped_session: Session) -> None:
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    revision = current_revision(shipped_session)
    service.edit_record(
        shipped_session, admin, "offer", offer.id, {"name_en": "Renamed offer"}, version=1
    )
    shipped_session.commit()
    assert shipped_session.get(Offer, offer.id).name_en == "Renamed offer"  # type: ignore[union-attr]
    assert current_revision(shipped_session) > revision
    [entry] = record_history(shipped_session, "offer", offer.id)
    assert entry.action == "catalogue.offer.updated"
    assert [c.field for c in entry.changes] == ["name_en"]
    assert entry.version == 2


def test_bad_input_writes_nothing(shipped_session: Session) -> None:
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    before = offer_snapshot(offer)
    with pytest.raises(RecordInvalidError) as refused:
        service.edit_record(
            shipped_session,
            admin,
            "offer",
            offer.id,
            {"name_es": " ", "minimum_age": 30, "maximum_age": 20},
            version=1,
        )
    assert {"name_es", "maximum_age"} <= set(refused.value.errors)
    shipped_session.rollback()
    assert offer_snapshot(shipped_session.get(Offer, offer.id)) == before  # type: ignore[arg-type]
    assert not shipped_session.exec(select(AuditEntry)).first()


def test_a_save_from_an_older_version_is_changed_meanwhile(shipped_session: Session) -> None:
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    service.edit_record(shipped_session, admin, "offer", offer.id, {"name_en": "One"}, version=1)
    shipped_session.commit()
    with pytest.raises(ChangedMeanwhileError) as meanwhile:
        service.edit_record(
            shipped_session, admin, "offer", offer.id, {"name_en": "Two"}, version=1
        )
    assert meanwhile.value.changed_by == ("a@example.org",)
    assert [c.field for c in meanwhile.value.changes] == ["name_en"]
    assert meanwhile.value.draft == {"name_en": "Two"}


def test_regional_coordinators_edit_only_their_region(shipped_session: Session) -> None:
    maule = make_user(shipped_session, "coordinator", email="m@example.org", region_code="7")
    other = next(
        o
        for o in shipped_session.exec(select(Offer))
        if service.region_of(shipped_session, o) not in ("7",)
    )
    with pytest.raises(RecordForbiddenError):
        service.edit_record(shipped_session, maule, "offer", other.id, {"name_en": "x"}, version=1)


def test_retire_reinstate_and_restore_a_version(shipped_session: Session) -> None:
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    original = offer_snapshot(offer)
    service.edit_record(
        shipped_session,
        admin,
        "offer",
        offer.id,
        {"name_es": "Otro nombre", "populations": ["women"], "is_free": None},
        version=1,
    )
    service.set_retired(shipped_session, admin, "offer", offer.id, retired=True, version=2)
    shipped_session.commit()
    assert shipped_session.get(Offer, offer.id).status == "inactive"  # type: ignore[union-attr]
    assert set(versions(shipped_session, "offer", offer.id)) == {1, 2, 3}
    service.restore_version(shipped_session, admin, "offer", offer.id, 1, version=3)
    shipped_session.commit()
    restored = offer_snapshot(shipped_session.get(Offer, offer.id))  # type: ignore[arg-type]
    assert restored == original


def test_mark_checked_sets_the_assured_date(shipped_session: Session) -> None:
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    service.mark_checked(shipped_session, admin, "offer", offer.id, today=date(2026, 12, 7))
    shipped_session.commit()
    assert shipped_session.get(Offer, offer.id).assured_date == date(2026, 12, 7)  # type: ignore[union-attr]
    assert record_history(shipped_session, "offer", offer.id)[-1].action.endswith("checked")


def test_an_imported_record_that_breaks_a_rule_can_still_be_corrected(
    shipped_session: Session,
) -> None:
    """Two main domains (as an import may bring) do not block fixing the English name;
    the edit still may not add a problem of its own."""
    admin = make_user(shipped_session, "admin", email="a@example.org")
    offer = _offer_in(shipped_session, "7")
    for domain in offer.domains:
        domain.role = "primary"
    offer.domains = [*offer.domains, OfferDomain(domain="childcare", role="primary")]
    shipped_session.commit()
    version = shipped_session.get(Offer, offer.id).version  # type: ignore[union-attr]
    service.edit_record(
        shipped_session, admin, "offer", offer.id, {"name_en": "Fixed"}, version=version
    )
    with pytest.raises(RecordInvalidError) as refused:
        service.edit_record(
            shipped_session, admin, "offer", offer.id, {"url": "not a url"}, version=version + 1
        )
    assert set(refused.value.errors) == {"url"}
