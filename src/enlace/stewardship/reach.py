"""Counting how many people open an offer's page, without knowing who (see OfferReach)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from enlace.stewardship.verification import record_view

log = logging.getLogger(__name__)


def count_view(session: Session, offer_id: str) -> None:
    """Count one view and commit; a failure is logged and never breaks the page."""
    try:
        record_view(session, offer_id)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not count a view of offer %s", offer_id, exc_info=True)
