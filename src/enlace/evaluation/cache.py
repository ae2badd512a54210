"""Dashboards remembered per state of the data (precomputed per revision, in effect).

A dashboard is a pure function of the casework rows, the catalogue and the filters. The
state is read in a few indexed lookups (:func:`data_stamp`: newest ids, row counts, the
newest participant activity, the catalogue revision); any write casework makes moves one
of them (a status change adds an event, every participant change touches its activity,
a deletion lowers a count), so a remembered dashboard is served only while nothing it
counted has changed. Bounded, per process; a miss computes and remembers. Catalogue data
the dashboard needs (what each offer is) is kept per catalogue revision instead
(:func:`per_catalogue`), so the first dashboard after a casework change does not read it
again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from enlace.catalogue.revision import catalogue_identity, current_revision

T = TypeVar("T")
SIZE = 128

_lock = threading.Lock()
_remembered: OrderedDict[Hashable, Any] = OrderedDict()
_per_catalogue: OrderedDict[Hashable, Any] = OrderedDict()


def data_stamp(session: Session) -> tuple[Any, ...]:
    """What changes whenever anything a dashboard counts changes (one round trip)."""
    row = session.execute(
        select_columns(
            select_columns(func.max(col(Participant.last_activity_at))).scalar_subquery(),
            select_columns(func.count()).select_from(Participant).scalar_subquery(),
            select_columns(func.max(col(Referral.id))).scalar_subquery(),
            select_columns(func.max(col(ReferralEvent.id))).scalar_subquery(),
            select_columns(func.max(col(Assessment.id))).scalar_subquery(),
            select_columns(func.max(col(PlanGoal.id))).scalar_subquery(),
            select_columns(func.count()).select_from(PlanGoal).scalar_subquery(),
            select_columns(func.max(col(FollowUp.id))).scalar_subquery(),
            select_columns(func.max(col(FollowUp.recorded_at))).scalar_subquery(),
        )
    ).one()
    return (*tuple(row), current_revision(session))


def remembered(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """The value for ``key`` at the data's current state, computed once per state."""
    bind = session.get_bind()
    engine = bind.engine  # an Engine's engine is itself; a Connection's, its engine
    full_key = (id(engine), str(engine.url), data_stamp(session), key)
    return _kept(_remembered, full_key, compute)


def per_catalogue(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """The value for ``key`` at the catalogue's current revision (catalogue data only,
    such as what each offer is: casework changes leave it valid), computed once per
    revision; never kept before the first catalogue write (no revision to key it by)."""
    catalogue = catalogue_identity(session)
    if not catalogue[0]:
        return compute()
    engine = session.get_bind().engine
    return _kept(_per_catalogue, (id(engine), str(engine.url), catalogue, key), compute)


def _kept(store: OrderedDict[Hashable, Any], full_key: Hashable, compute: Callable[[], T]) -> T:
    with _lock:
        if full_key in store:
            store.move_to_end(full_key)
            return store[full_key]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        store[full_key] = value
        while len(store) > SIZE:
            store.popitem(last=False)
    return value


def clear_dashboards() -> None:
    """Forget the dashboards (what any casework change does to them), not the catalogue
    data."""
    with _lock:
        _remembered.clear()


def clear() -> None:
    with _lock:
        _remembered.clear()
        _per_catalogue.clear()
