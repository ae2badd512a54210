"""Property: restoring any audited version of an agency gives back exactly the places
(with their phones and hours) and contacts that version had, whatever edits came before."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from enlace.catalogue.base import new_id
from enlace.catalogue.models import Agency
from enlace.db import open_session
from enlace.stewardship import service
from enlace.stewardship.history import versions
from enlace.stewardship.records import agency_snapshot
from tests.accounts_factories import make_user
from tests.factories import ensure_place, make_agency

TEXT = st.text(alphabet="abcdefgh áé", min_size=1, max_size=12).map(str.strip).filter(bool)
PHONE = st.fixed_dictionaries(
    {
        "number": st.sampled_from(["+56 71 222 3333", "600 123 4567"]),
        "description_es": st.none() | TEXT,
        "description_en": st.none(),
    }
)
HOURS = st.fixed_dictionaries(
    {
        "byday": st.sampled_from(["MO", "MO,TU,WE", "SA"]),
        "opens_at": st.sampled_from(["08:30", "09:00"]),
        "closes_at": st.sampled_from(["13:00", "17:30"]),
    }
)
PLACE = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["place-a", "place-b", "place-c"]),
        "name_es": TEXT,
        "name_en": st.none() | TEXT,
        "address_1": st.none() | TEXT,
        "address_2": st.none(),
        "region_code": st.just("7"),
        "commune_code": st.none() | st.just("7101"),
        "postal_code": st.none(),
        "latitude": st.none() | st.just(-35.43),
        "longitude": st.none(),
        "transportation_es": st.none() | TEXT,
        "transportation_en": st.none(),
        "accessibility_es": st.none() | TEXT,
        "accessibility_en": st.none(),
        "phones": st.lists(PHONE, max_size=2),
        "schedules": st.lists(HOURS, max_size=2),
    }
).map(lambda p: {**p, "longitude": -71.66 if p["latitude"] is not None else None})
CONTACT = st.fixed_dictionaries(
    {"name": TEXT, "title": st.none() | TEXT, "email": st.none() | st.just("a@example.org")}
)
EDIT = st.fixed_dictionaries(
    {},
    optional={
        "places": st.lists(PLACE, max_size=3, unique_by=lambda p: p["id"]),
        "contacts": st.lists(CONTACT, max_size=2, unique_by=lambda c: c["name"]),
        "name_en": st.none() | TEXT,
    },
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(EDIT, min_size=1, max_size=4), pick=st.integers(0, 10))
def test_restoring_a_version_restores_exactly_its_places_and_contacts(
    engine: Engine, edits: list[dict[str, Any]], pick: int
) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        admin = make_user(session, "admin", email=f"admin{pick}-{id(edits)}@example.org")
        agency = make_agency(session, region_code="7")
        session.commit()
        prefix = new_id()[:30]  # place ids of their own: examples share the database
        for edit in edits:
            draft = dict(edit)
            if "places" in draft:
                draft["places"] = [{**p, "id": prefix + p["id"][-1]} for p in draft["places"]]
            current = session.get(Agency, agency.id)
            assert current is not None
            service.edit_record(session, admin, "agency", agency.id, draft, version=current.version)
            session.commit()
        known = versions(session, "agency", agency.id)
        if not known:
            return
        target = sorted(known)[pick % len(known)]
        current = session.get(Agency, agency.id)
        assert current is not None
        service.restore_version(
            session, admin, "agency", agency.id, target, version=current.version
        )
        session.commit()
        restored = agency_snapshot(session.get(Agency, agency.id))  # type: ignore[arg-type]
        assert restored["places"] == known[target]["places"]
        assert restored["contacts"] == known[target]["contacts"]
        assert restored == known[target]
