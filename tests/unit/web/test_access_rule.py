"""An endpoint's access rule: public, or any one of its permissions (enlace.web.access)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from enlace.accounts.policy import Permission
from enlace.web.access import PUBLIC, AccessRule, requires


@dataclass
class Person:
    role: str
    agency_id: str | None = None
    region_code: str | None = None


STAFF = Person("staff", agency_id="centre-a")
STAFF_WITHOUT_CENTRE = Person("staff")
COORDINATOR = Person("coordinator", region_code="7")
ADMIN = Person("admin")
EITHER = AccessRule(frozenset({Permission.CASEWORK, Permission.NETWORK_REPORTS}))


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (None, False),
        (STAFF, True),  # holds CASEWORK
        (STAFF_WITHOUT_CENTRE, False),  # CASEWORK needs a centre
        (COORDINATOR, True),  # holds NETWORK_REPORTS
        (ADMIN, True),
        (Person("nobody"), False),
    ],
)
def test_any_of_the_permissions_is_enough(person: Person | None, expected: bool) -> None:
    assert EITHER.allows(person) is expected
    assert not EITHER.public


def test_one_permission_is_only_that_permission() -> None:
    only = AccessRule(frozenset({Permission.USERS_MANAGE}))
    assert only.allows(ADMIN)
    assert not only.allows(COORDINATOR) and not only.allows(STAFF) and not only.allows(None)


def test_public_lets_everyone_in() -> None:
    assert PUBLIC.public and PUBLIC.allows(None) and PUBLIC.allows(STAFF)


def test_requires_declares_every_permission_given() -> None:
    @requires(Permission.CASEWORK, Permission.NETWORK_REPORTS)
    def view() -> str:
        return "ok"

    rule = view._enlace_access_rule  # type: ignore[attr-defined]
    assert rule == EITHER
    assert view() == "ok"  # the decorator only labels the view


def test_requires_refuses_no_permission_at_all() -> None:
    with pytest.raises(ValueError, match="at least one"):
        requires()
