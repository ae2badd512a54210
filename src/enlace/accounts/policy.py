"""Who may do what: roles, permissions and record scopes, in one place (pure, no Flask).

Every protected page declares the one :class:`Permission` it needs (see
``enlace.web.access``); this module says which roles hold it. Record-level rules (a
staff member sees only their own treatment centre, a regional coordinator only their
region) are the ``*_scope`` functions below, so later features ask here instead of
deciding ad hoc.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    STAFF = "staff"  # case manager at one treatment centre
    COORDINATOR = "coordinator"  # network coordinator of one region, or national
    ADMIN = "admin"  # manages accounts and reads the audit log


class Permission(StrEnum):
    ACCOUNT = "account"  # own account page, change own password, sign out
    CASEWORK = "casework"  # participants, needs profiles, matching, referrals (own centre)
    NETWORK_MANAGE = "network_manage"  # agencies, offers and agreements
    NETWORK_REPORTS = "network_reports"  # network graph, coverage gaps, referral outcomes
    USERS_MANAGE = "users_manage"  # create, change, disable, unlock accounts; reset links
    AUDIT_READ = "audit_read"  # read and filter the audit log


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.STAFF: frozenset({Permission.ACCOUNT, Permission.CASEWORK}),
    Role.COORDINATOR: frozenset(
        {Permission.ACCOUNT, Permission.NETWORK_MANAGE, Permission.NETWORK_REPORTS}
    ),
    Role.ADMIN: frozenset(
        {
            Permission.ACCOUNT,
            Permission.NETWORK_MANAGE,
            Permission.NETWORK_REPORTS,
            Permission.USERS_MANAGE,
            Permission.AUDIT_READ,
        }
    ),
}

#: The value of ``region_code`` scope meaning "the whole country".
NATIONAL = "national"


class Principal(Protocol):
    """What the policy needs to know about a signed-in person."""

    @property
    def role(self) -> str: ...

    @property
    def agency_id(self) -> str | None: ...

    @property
    def region_code(self) -> str | None: ...


def role_of(principal: Principal | None) -> Role | None:
    if principal is None:
        return None
    try:
        return Role(principal.role)
    except ValueError:
        return None


def allows(principal: Principal | None, permission: Permission) -> bool:
    """True when the principal's role holds the permission (anonymous holds none)."""
    role = role_of(principal)
    if role is None:
        return False
    if permission is Permission.CASEWORK and principal is not None and not principal.agency_id:
        return False  # a staff account without a treatment centre sees no casework
    return permission in ROLE_PERMISSIONS[role]


def centre_scope(principal: Principal | None) -> str | None:
    """The treatment centre (agency id) whose participants this person may see, if any."""
    if role_of(principal) is Role.STAFF and principal is not None:
        return principal.agency_id
    return None


def may_see_centre(principal: Principal | None, agency_id: str | None) -> bool:
    """Participant data of a centre is visible only to that centre's staff."""
    scope = centre_scope(principal)
    return scope is not None and agency_id is not None and scope == agency_id


def region_scope(principal: Principal | None) -> str | None:
    """For coordinators: their region code, or :data:`NATIONAL`; None for everyone else."""
    role = role_of(principal)
    if principal is None or role not in (Role.COORDINATOR, Role.ADMIN):
        return None
    if role is Role.ADMIN:
        return NATIONAL
    return principal.region_code or NATIONAL


def may_see_region(principal: Principal | None, region_code: str | None) -> bool:
    """Network data of a region: national coordinators and admins see every region."""
    scope = region_scope(principal)
    if scope is None:
        return False
    return scope in (NATIONAL, region_code)


# -- agreements ---------------------------------------------------------------------------
# An agreement with no region is national: it reaches every region, so every coordinator
# reads it, but only national coordinators and admins change it.


def may_edit_agreement(principal: Principal | None, agreement_region: str | None) -> bool:
    """Create, edit, suspend, renew or end an agreement of ``agreement_region`` (None:
    national). Regional coordinators: their own region only; national coordinators and
    admins: every agreement."""
    if not allows(principal, Permission.NETWORK_MANAGE):
        return False
    scope = region_scope(principal)
    if scope == NATIONAL:
        return True
    return agreement_region is not None and scope == agreement_region


def may_read_agreement(
    principal: Principal | None,
    agreement_region: str | None,
    party_ids: Collection[str],
    centre_networks: Collection[str] = (),
) -> bool:
    """Coordinators read their region's agreements and the national ones; staff read the
    agreements their centre is a party to, directly or through a network it belongs to
    (``centre_networks``: the agencies whose membership the centre holds)."""
    if region_scope(principal) is not None:
        return agreement_region is None or may_see_region(principal, agreement_region)
    centre = centre_scope(principal)
    if centre is None:
        return False
    return centre in party_ids or any(network in party_ids for network in centre_networks)
