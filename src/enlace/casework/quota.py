"""An agreement's quota places, taken and given back atomically.

Two case managers may take the last place at the same moment. The place is taken by one
conditional UPDATE (``... SET quota_used = quota_used + 1 WHERE id = ? AND quota_used <
quota``): the database serialises the two (a row lock on PostgreSQL, the write lock on
SQLite, whose driver begins the transaction at the first write and so reads the latest
row), the second finds the condition false, changes nothing and gets
:class:`QuotaUsedUpError`. No read-then-write gap exists to race in.

The same statement bumps the agreement's ``version`` (so a coordinator saving an edit
loaded before gets "changed meanwhile" instead of writing the old count back), writes an
agreement audit entry in the history's format, and moves the catalogue revision (the
network graph cached per revision shows the places left).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.casework.errors import QuotaUsedUpError
from enlace.catalogue.revision import note_change
from enlace.network.errors import FieldChange
from enlace.network.history import TARGET, as_details
from enlace.network.models import Agreement

#: Audit actions on the agreement (its history lists them with the editors' changes).
TAKEN = "agreement.quota_taken"
RETURNED = "agreement.quota_returned"

_TABLE: Any = Agreement.__table__  # type: ignore[attr-defined]


def has_quota(session: Session, agreement_id: str) -> bool:
    agreement = session.get(Agreement, agreement_id)
    return agreement is not None and agreement.quota is not None


def _move(
    session: Session,
    agreement_id: str,
    step: int,
    actor: User | None,
    request_info: RequestInfo | None,
    referral_id: int | None,
) -> bool:
    c = _TABLE.c
    condition = c.quota_used < c.quota if step > 0 else c.quota_used > 0
    row = session.execute(
        update(_TABLE)
        .where(c.id == agreement_id, c.quota.is_not(None), condition)
        .values(quota_used=c.quota_used + step, version=c.version + 1)
        .returning(c.quota_used, c.version)
    ).first()
    if row is None:
        return False
    used, version = int(row[0]), int(row[1])
    note_change(session, "agreement", agreement_id)
    cached = session.identity_map.get(identity_key(Agreement, agreement_id))
    if cached is not None:
        session.expire(cached)  # the identity map holds the old count and version
    record(
        session,
        actor,
        TAKEN if step > 0 else RETURNED,
        TARGET,
        agreement_id,
        None,
        request_info,
        details=as_details(
            version, [FieldChange("quota_used", used - step, used)], referral=str(referral_id)
        ),
    )
    return True


def take_place(
    session: Session,
    agreement_id: str,
    actor: User | None,
    request_info: RequestInfo | None = None,
    referral_id: int | None = None,
) -> None:
    """Take one place of the agreement's quota, or raise :class:`QuotaUsedUpError`."""
    if not _move(session, agreement_id, 1, actor, request_info, referral_id):
        raise QuotaUsedUpError(agreement_id)


def give_back(
    session: Session,
    agreement_id: str,
    actor: User | None,
    request_info: RequestInfo | None = None,
    referral_id: int | None = None,
) -> None:
    """Return a place a referral took and did not use (declined, cancelled)."""
    _move(session, agreement_id, -1, actor, request_info, referral_id)
