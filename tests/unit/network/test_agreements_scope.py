"""Who may edit and read which agreement (accounts/policy.py, pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from enlace.accounts.policy import may_edit_agreement, may_read_agreement


@dataclass(frozen=True)
class Person:
    role: str
    agency_id: str | None = None
    region_code: str | None = None


MAULE = Person("coordinator", region_code="7")
NATIONAL_COORDINATOR = Person("coordinator")
ADMIN = Person("admin")
STAFF = Person("staff", agency_id="centre")
PEOPLE = {
    "regional coordinator": MAULE,
    "national coordinator": NATIONAL_COORDINATOR,
    "admin": ADMIN,
    "staff": STAFF,
    "anonymous": None,
}
# agreement region: "7" (own for MAULE), "13" (another region), None (national)
EDIT = {
    "regional coordinator": {"7": True, "13": False, None: False},
    "national coordinator": {"7": True, "13": True, None: True},
    "admin": {"7": True, "13": True, None: True},
    "staff": {"7": False, "13": False, None: False},
    "anonymous": {"7": False, "13": False, None: False},
}
READ = {
    "regional coordinator": {"7": True, "13": False, None: True},
    "national coordinator": {"7": True, "13": True, None: True},
    "admin": {"7": True, "13": True, None: True},
    "staff": {"7": False, "13": False, None: False},  # not a party
    "anonymous": {"7": False, "13": False, None: False},
}
TABLE = [(who, region) for who in PEOPLE for region in ("7", "13", None)]


@pytest.mark.parametrize(("who", "region"), TABLE)
def test_who_edits_which_agreement(who: str, region: str | None) -> None:
    assert may_edit_agreement(PEOPLE[who], region) is EDIT[who][region]


@pytest.mark.parametrize(("who", "region"), TABLE)
def test_who_reads_which_agreement(who: str, region: str | None) -> None:
    assert may_read_agreement(PEOPLE[who], region, ["omil", "other"]) is READ[who][region]


def test_staff_read_their_centres_agreements_directly_or_through_a_network() -> None:
    assert may_read_agreement(STAFF, "13", ["centre", "omil"])
    assert may_read_agreement(STAFF, None, ["red-maule", "omil"], centre_networks=["red-maule"])
    assert not may_read_agreement(STAFF, "7", ["omil", "gore"], centre_networks=["red-maule"])
    assert not may_edit_agreement(STAFF, "7")
