"""Retiring an agency retires its offers in the directory with it (each audited) and
remembers which; reinstating it puts back exactly those, or none when asked."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
from enlace.stewardship import retire, service
from enlace.stewardship.history import record_history
from tests.accounts_factories import make_user
from tests.factories import ensure_place, make_agency, make_offer


def _status(session: Session, offer_id: str) -> str:
    found = session.get(Offer, offer_id)
    assert found is not None
    return str(found.status)


def test_retiring_and_reinstating_an_agency_takes_its_offers_along(engine: Engine) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        admin = make_user(session, "admin", email="admin@example.org")
        agency = make_agency(session, region_code="7")
        first, second, earlier = (make_offer(session, agency) for _ in range(3))
        session.commit()
        service.set_retired(session, admin, "offer", earlier.id, retired=True, version=1)
        session.commit()
        assert {o.id for o in retire.active_offers(session, agency.id)} == {first.id, second.id}
        revision = current_revision(session)

        retire.retire_agency(session, admin, agency.id, version=agency.version)
        session.commit()
        assert current_revision(session) > revision
        assert {_status(session, o.id) for o in (first, second, earlier)} == {"inactive"}
        actions = [e.action for e in record_history(session, "offer", first.id)]
        assert actions == ["catalogue.offer.retired_with_agency"]
        assert {o.id for o in retire.offers_retired_with(session, agency.id)} == {
            first.id,
            second.id,
        }

        current = session.get(Agency, agency.id)
        assert current is not None
        retire.reinstate_agency(
            session, admin, agency.id, version=current.version, with_offers=True
        )
        session.commit()
        assert (_status(session, first.id), _status(session, second.id)) == ("active", "active")
        assert _status(session, earlier.id) == "inactive"  # retired on its own: stays so
        actions = [e.action for e in record_history(session, "offer", second.id)]
        assert actions[-1] == "catalogue.offer.reinstated_with_agency"
        agency_actions = [e.action for e in record_history(session, "agency", agency.id)]
        assert agency_actions == ["catalogue.agency.retired", "catalogue.agency.reinstated"]


def test_reinstating_without_the_offers_leaves_them_retired(engine: Engine) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        admin = make_user(session, "admin", email="admin@example.org")
        agency = make_agency(session, region_code="7")
        offer = make_offer(session, agency)
        session.commit()
        retire.retire_agency(session, admin, agency.id, version=agency.version)
        session.commit()
        current = session.get(Agency, agency.id)
        assert current is not None
        _, back = retire.reinstate_agency(
            session, admin, agency.id, version=current.version, with_offers=False
        )
        session.commit()
        assert back == []
        assert current.status == "active"
        assert _status(session, offer.id) == "inactive"
        # the offer is still listed as one retired with the agency
        assert [o.id for o in retire.offers_retired_with(session, agency.id)] == [offer.id]
