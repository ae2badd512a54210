"""The policy table: which role holds which permission, and whose records each may see."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from enlace.accounts.policy import (
    NATIONAL,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    allows,
    centre_scope,
    may_see_centre,
    may_see_region,
    region_scope,
)


@dataclass
class Person:
    role: str
    agency_id: str | None = None
    region_code: str | None = None


STAFF = Person("staff", agency_id="centre-a")
COORDINATOR = Person("coordinator", region_code="7")
NATIONAL_COORDINATOR = Person("coordinator")
ADMIN = Person("admin")

Y, N = True, False
# permission:              anonymous, staff, coordinator, admin
TABLE = {
    Permission.ACCOUNT: (N, Y, Y, Y),
    Permission.CASEWORK: (N, Y, N, N),
    Permission.NETWORK_MANAGE: (N, N, Y, Y),
    Permission.NETWORK_REPORTS: (N, N, Y, Y),
    Permission.USERS_MANAGE: (N, N, N, Y),
    Permission.AUDIT_READ: (N, N, N, Y),
}


def test_the_table_covers_every_permission_and_role() -> None:
    assert set(TABLE) == set(Permission)
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("permission", list(Permission))
def test_who_holds_each_permission(permission: Permission) -> None:
    people = (None, STAFF, COORDINATOR, ADMIN)
    assert tuple(allows(p, permission) for p in people) == TABLE[permission]


def test_casework_needs_a_treatment_centre_and_admins_never_see_participants() -> None:
    assert not allows(Person("staff"), Permission.CASEWORK)
    assert not allows(ADMIN, Permission.CASEWORK)
    assert centre_scope(ADMIN) is None


def test_unknown_roles_hold_nothing() -> None:
    assert not any(allows(Person("root"), permission) for permission in Permission)


def test_staff_see_only_their_own_centre() -> None:
    assert centre_scope(STAFF) == "centre-a"
    assert may_see_centre(STAFF, "centre-a")
    assert not may_see_centre(STAFF, "centre-b")
    assert not may_see_centre(STAFF, None)
    assert not may_see_centre(COORDINATOR, "centre-a")
    assert not may_see_centre(None, "centre-a")


def test_coordinators_see_their_region_national_ones_every_region() -> None:
    assert region_scope(COORDINATOR) == "7"
    assert may_see_region(COORDINATOR, "7")
    assert not may_see_region(COORDINATOR, "13")
    assert region_scope(NATIONAL_COORDINATOR) == NATIONAL
    assert may_see_region(NATIONAL_COORDINATOR, "13")
    assert may_see_region(ADMIN, "13")
    assert region_scope(STAFF) is None
    assert not may_see_region(STAFF, "7")
