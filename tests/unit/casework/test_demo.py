"""Demo casework: only when asked, only at demo centres, marked, made once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from enlace.casework.demo import MARKER, DemoCaseworkRefusedError, ensure_demo_casework
from enlace.casework.models import Participant, Referral
from enlace.catalogue.models import Agency
from enlace.exchange.authoring import load_shipped
from enlace.paths import DIRECTORY_DATA_DIR


def test_refused_when_demo_accounts_are_off(db_session: Session) -> None:
    with pytest.raises(DemoCaseworkRefusedError):
        ensure_demo_casework(db_session, enabled=False)


def test_refused_without_the_demo_catalogue(db_session: Session) -> None:
    with pytest.raises(DemoCaseworkRefusedError):
        ensure_demo_casework(db_session, enabled=True)


def test_made_once_at_demo_centres_and_marked(db_session: Session) -> None:
    load_shipped(db_session, DIRECTORY_DATA_DIR)
    db_session.commit()
    made = ensure_demo_casework(db_session, enabled=True, today=date(2026, 12, 1), per_centre=5)
    assert made.created and made.participants > 0 and made.referrals > 0
    people = db_session.exec(select(Participant)).all()
    assert all((p.file_number or "").startswith(MARKER) for p in people)
    centres = {
        a.id: a.origin
        for a in db_session.exec(
            select(Agency).where(col(Agency.id).in_({p.centre_id for p in people}))
        )
    }
    assert set(centres.values()) == {"demo"}
    again = ensure_demo_casework(db_session, enabled=True, today=date(2026, 12, 1), per_centre=5)
    assert not again.created
    assert len(db_session.exec(select(Participant)).all()) == len(people)
    assert db_session.exec(select(Referral)).first() is not None
