"""Which agreements a person may read, in SQL, and the networks a centre reaches them through.

:func:`enlace.accounts.policy.may_read_agreement` is the rule for one agreement;
:func:`scope_condition` is the same rule for a list. Staff read their centre's agreements
and those signed by a network their centre belongs to (transitively: a regional network
that belongs to the national programme passes the national agreements on), so a
national agreement is stored once and reaches every member centre.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import exists, false, or_
from sqlmodel import Session, col, select

from enlace.accounts.policy import NATIONAL, Principal, centre_scope, region_scope
from enlace.network.models import Agreement, AgreementParty, NetworkMembership
from enlace.network.plain import REACHING_MEMBERSHIP_ROLES


def has_party(agency_ids: Collection[str]) -> Any:
    """SQL: the agreement has one of these agencies among its parties."""
    return exists().where(
        col(AgreementParty.agreement_id) == col(Agreement.id),
        col(AgreementParty.agency_id).in_(list(agency_ids)),
    )


def centre_networks(session: Session, centre_id: str, on: date) -> tuple[str, ...]:
    """The networks a centre belongs to on ``on``, directly or through another network.

    Only memberships that reach the network's agreements count (members and
    coordinators, not observers), within their dates, as the graph follows them.
    """
    reached: dict[str, None] = {}
    frontier = [centre_id]
    while frontier:
        rows = session.exec(
            select(NetworkMembership.network_id).where(
                col(NetworkMembership.member_id).in_(frontier),
                col(NetworkMembership.role).in_(sorted(REACHING_MEMBERSHIP_ROLES)),
                or_(col(NetworkMembership.since).is_(None), col(NetworkMembership.since) <= on),
                or_(col(NetworkMembership.until).is_(None), col(NetworkMembership.until) >= on),
            )
        )
        frontier = sorted({n for n in rows if n != centre_id and n not in reached})
        reached.update(dict.fromkeys(frontier))
    return tuple(reached)


def scope_condition(viewer: Principal | None, networks: Collection[str] = ()) -> Any:
    """SQL for the agreements ``viewer`` may read (see ``may_read_agreement``); None: all.

    ``networks`` are the viewer's centre's networks (:func:`centre_networks`) for staff.
    """
    region = region_scope(viewer)
    if region == NATIONAL:
        return None
    if region is not None:
        return or_(col(Agreement.region_code).is_(None), col(Agreement.region_code) == region)
    centre = centre_scope(viewer)
    if centre is None:
        return false()
    return has_party([centre, *networks])


def reading_networks(session: Session, viewer: Principal | None, on: date) -> tuple[str, ...]:
    """The networks through which ``viewer`` reads agreements (staff only; else none)."""
    centre = centre_scope(viewer)
    return centre_networks(session, centre, on) if centre is not None else ()
