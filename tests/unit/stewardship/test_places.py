"""An agency's places and contacts through the stewardship services: added, changed and
removed as agency edits (audited, restorable), validated, and a place offers are given
at cannot be dropped (nor by restoring an older version)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from enlace.accounts.models import User
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
from enlace.stewardship import service
from enlace.stewardship.errors import RecordInvalidError
from enlace.stewardship.history import record_history
from enlace.stewardship.place_edits import remove_place, save_place
from enlace.stewardship.records import agency_snapshot
from tests.accounts_factories import make_user
from tests.factories import ensure_place, make_agency, make_offer

PLACE: dict[str, Any] = {
    "name_es": "Sede Talca",
    "name_en": None,
    "address_1": "1 Norte 1234",
    "address_2": None,
    "region_code": "7",
    "commune_code": "7101",
    "postal_code": None,
    "latitude": -35.4264,
    "longitude": -71.6554,
    "transportation_es": "Micro 1",
    "transportation_en": None,
    "accessibility_es": None,
    "accessibility_en": None,
    "phones": [{"number": "+56 71 222 3333", "description_es": None, "description_en": None}],
    "schedules": [{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "13:00"}],
}


def _setup(session: Session) -> tuple[User, Agency]:
    ensure_place(session)
    admin = make_user(session, "admin", email="admin@example.org")
    agency = make_agency(session, region_code="7")
    session.commit()
    return admin, agency


def _version(session: Session, agency_id: str) -> int:
    found = session.get(Agency, agency_id, populate_existing=True)
    assert found is not None
    return found.version


def test_a_place_is_added_changed_and_audited(engine: Engine) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        revision = current_revision(session)
        place_id = save_place(session, admin, agency.id, None, dict(PLACE), version=1)
        session.commit()
        assert current_revision(session) > revision
        location = session.get(Location, place_id)
        assert location is not None and location.agency_id == agency.id
        assert [p.number for p in location.phones] == ["+56 71 222 3333"]
        assert [s.byday for s in location.schedules] == ["MO,TU"]
        changed = {**PLACE, "address_1": "2 Sur 55", "schedules": []}
        save_place(session, admin, agency.id, place_id, changed, version=2)
        session.commit()
        [stored] = agency_snapshot(session.get(Agency, agency.id))["places"]  # type: ignore[arg-type]
        assert (stored["address_1"], stored["schedules"]) == ("2 Sur 55", [])
        entries = record_history(session, "agency", agency.id)
        assert [e.action for e in entries] == ["catalogue.agency.updated"] * 2
        assert [c.field for c in entries[-1].changes] == ["places"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"latitude": 12.0}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"commune_code": "9999"}, "commune_code"),
        ({"name_es": None, "address_1": None}, "address_1"),
        ({"schedules": [{"byday": "MO", "opens_at": "14:00", "closes_at": "09:00"}]},
         "schedules-0-closes_at"),
        ({"phones": [{"number": "call us", "description_es": None, "description_en": None}]},
         "phones-0-number"),
    ],
)  # fmt: skip
def test_a_bad_place_is_refused_by_its_own_fields(
    engine: Engine, change: dict[str, Any], field: str
) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        with pytest.raises(RecordInvalidError) as refused:
            save_place(session, admin, agency.id, None, {**PLACE, **change}, version=1)
        assert field in refused.value.errors
        session.rollback()
        assert session.get(Agency, agency.id).locations == []  # type: ignore[union-attr]


def test_a_place_offers_use_cannot_be_removed_nor_restored_away(engine: Engine) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        place_id = save_place(session, admin, agency.id, None, dict(PLACE), version=1)
        offer = make_offer(session, agency)
        session.commit()
        service.edit_record(
            session, admin, "offer", offer.id, {"locations": [place_id]}, version=offer.version
        )
        session.commit()
        with pytest.raises(RecordInvalidError) as refused:
            remove_place(session, admin, agency.id, place_id, version=2)
        assert "places" in refused.value.errors
        session.rollback()
        with pytest.raises(RecordInvalidError):
            service.restore_version(session, admin, "agency", agency.id, 1, version=2)
        session.rollback()
        current = session.get(Offer, offer.id)
        assert current is not None
        service.edit_record(
            session, admin, "offer", offer.id, {"locations": []}, version=current.version
        )
        remove_place(session, admin, agency.id, place_id, version=2)
        session.commit()
        assert session.get(Location, place_id) is None


def test_restoring_brings_back_a_removed_place_with_its_id(engine: Engine) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        place_id = save_place(session, admin, agency.id, None, dict(PLACE), version=1)
        session.commit()
        remove_place(session, admin, agency.id, place_id, version=2)
        session.commit()
        service.restore_version(session, admin, "agency", agency.id, 2, version=3)
        session.commit()
        [place] = agency_snapshot(session.get(Agency, agency.id))["places"]  # type: ignore[arg-type]
        assert place == {**PLACE, "id": place_id}


def test_agency_contacts_are_edited_like_its_other_fields(engine: Engine) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        contacts = [{"name": "Oficina de partes", "title": None, "email": "partes@example.org"}]
        service.edit_record(session, admin, "agency", agency.id, {"contacts": contacts}, version=1)
        session.commit()
        assert agency_snapshot(session.get(Agency, agency.id))["contacts"] == contacts  # type: ignore[arg-type]
        with pytest.raises(RecordInvalidError) as refused:
            service.edit_record(
                session,
                admin,
                "agency",
                agency.id,
                {"contacts": [{"name": "", "title": None, "email": "not-an-address"}]},
                version=_version(session, agency.id),
            )
        assert {"contacts-0-name", "contacts-0-email"} <= set(refused.value.errors)


def test_a_note_on_a_place_needs_the_offer_to_be_given_there(engine: Engine) -> None:
    with open_session(engine) as session:
        admin, agency = _setup(session)
        place_id = save_place(session, admin, agency.id, None, dict(PLACE), version=1)
        offer = make_offer(session, agency)
        session.commit()
        note = {"location_id": place_id, "note_es": "Solo martes", "note_en": None}
        with pytest.raises(RecordInvalidError) as refused:
            service.edit_record(
                session, admin, "offer", offer.id, {"place_notes": [note]}, version=1
            )
        assert "place_notes" in refused.value.errors
        session.rollback()
        draft = {"locations": [place_id], "place_notes": [note]}
        service.edit_record(session, admin, "offer", offer.id, draft, version=1)
        session.commit()
        [link] = session.get(Offer, offer.id).offer_locations  # type: ignore[union-attr]
        assert (link.location_id, link.description_es) == (place_id, "Solo martes")
        service.restore_version(session, admin, "offer", offer.id, 1, version=2)
        session.commit()
        assert session.get(Offer, offer.id).offer_locations == []  # type: ignore[union-attr]
