"""Property: restoring any audited version of an offer gives back exactly the fields that
version had, whatever sequence of edits came before."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from enlace.catalogue.models import Offer
from enlace.db import open_session
from enlace.stewardship import service
from enlace.stewardship.history import versions
from enlace.stewardship.records import offer_snapshot
from tests.accounts_factories import make_user
from tests.factories import ensure_place, make_agency, make_offer

TEXT = st.text(alphabet="abcdefgh áé", min_size=1, max_size=12).map(str.strip).filter(bool)
EDIT = st.fixed_dictionaries(
    {},
    optional={
        "name_es": TEXT,
        "name_en": st.none() | TEXT,
        "is_free": st.sampled_from([True, None]),
        "minimum_age": st.none() | st.integers(0, 30),
        "alert_es": st.none() | TEXT,
        "capacity": st.none() | st.integers(1, 500),
        "languages": st.lists(st.sampled_from(["es", "en", "arn", "ht"]), unique=True).map(sorted),
        "populations": st.lists(st.sampled_from(["women", "youth", "migrants"]), unique=True),
        "documents": st.lists(
            st.fixed_dictionaries({"document_es": TEXT, "document_en": st.none() | TEXT}),
            max_size=2,
        ),
        "rules": st.lists(
            st.sampled_from(
                [
                    {
                        "attribute": "age",
                        "operator": "gte",
                        "value": 18,
                        "group": None,
                        "note_es": None,
                        "note_en": None,
                    },
                    {
                        "attribute": "gender",
                        "operator": "in",
                        "value": ["female"],
                        "group": None,
                        "note_es": None,
                        "note_en": None,
                    },
                ]
            ),
            max_size=2,
            unique_by=lambda r: r["attribute"],
        ),
        "status": st.sampled_from(["active", "inactive"]),
    },
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(EDIT, min_size=1, max_size=4), pick=st.integers(0, 10))
def test_restoring_a_version_restores_exactly_its_fields(
    engine: Engine, edits: list[dict[str, Any]], pick: int
) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        admin = make_user(session, "admin", email=f"admin{pick}-{id(edits)}@example.org")
        offer = make_offer(session, make_agency(session, region_code="7"))
        session.commit()
        for edit in edits:
            current = session.get(Offer, offer.id)
            assert current is not None
            status = edit.pop("status", None)
            service.edit_record(session, admin, "offer", offer.id, edit, version=current.version)
            if status is not None and status != current.status:
                service.set_retired(
                    session,
                    admin,
                    "offer",
                    offer.id,
                    retired=status == "inactive",
                    version=current.version,
                )
            session.commit()
        known = versions(session, "offer", offer.id)
        if not known:
            return
        target = sorted(known)[pick % len(known)]
        current = session.get(Offer, offer.id)
        assert current is not None
        service.restore_version(session, admin, "offer", offer.id, target, version=current.version)
        session.commit()
        restored = offer_snapshot(session.get(Offer, offer.id))  # type: ignore[arg-type]
        assert restored == known[target]
