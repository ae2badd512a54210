"""The referral lifecycle, move by move (pure)."""

from __future__ import annotations

import pytest

from enlace.casework import lifecycle
from enlace.casework.errors import TransitionError
from enlace.casework.vocab import Actor, ReferralStatus

C, A = Actor.CENTRE, Actor.AGENCY

VALID = [
    ("draft", "sent", C, None, None),
    ("draft", "cancelled", C, "not_interested", None),
    ("sent", "accepted", A, None, None),
    ("sent", "accepted", C, None, None),  # the centre records an answer given by phone
    ("sent", "waitlisted", A, None, None),
    ("sent", "declined", A, "no_capacity", None),
    ("sent", "declined", A, "other", "closed for the summer"),
    ("sent", "cancelled", C, "could_not_contact", None),
    ("waitlisted", "accepted", A, None, None),
    ("waitlisted", "declined", A, "not_eligible", None),
    ("accepted", "in_service", A, None, None),
    ("accepted", "not_completed", A, "could_not_contact", None),
    ("in_service", "completed", A, None, None),
    ("in_service", "not_completed", A, "not_interested", None),
    ("in_service", "cancelled", C, "out_of_area", None),
]

INVALID = [
    ("draft", "accepted", A, None, None, "not_allowed"),
    ("draft", "sent", A, None, None, "not_by_agency"),
    ("sent", "cancelled", A, "other", "x", "not_by_agency"),
    ("sent", "completed", A, None, None, "not_allowed"),
    ("sent", "draft", C, None, None, "not_allowed"),
    ("sent", "declined", A, None, None, "reason_required"),
    ("sent", "declined", A, "too_busy", None, "unknown_reason"),
    ("sent", "declined", A, "other", "  ", "text_required"),
    ("accepted", "completed", A, None, None, "not_allowed"),
    ("waitlisted", "in_service", A, None, None, "not_allowed"),
    ("declined", "accepted", A, None, None, "closed"),
    ("completed", "in_service", A, None, None, "closed"),
    ("cancelled", "sent", C, None, None, "closed"),
    ("set_aside", "sent", C, None, None, "closed"),
    ("sent", "lost", A, None, None, "unknown_status"),
    ("in_service", "not_completed", A, None, None, "reason_required"),
    ("draft", "cancelled", C, None, None, "reason_required"),
]


@pytest.mark.parametrize(("current", "wanted", "by", "code", "text"), VALID)
def test_valid_moves(
    current: str, wanted: str, by: Actor, code: str | None, text: str | None
) -> None:
    assert lifecycle.check(current, wanted, by, code, text) == ReferralStatus(wanted)


@pytest.mark.parametrize(("current", "wanted", "by", "code", "text", "problem"), INVALID)
def test_invalid_moves(
    current: str, wanted: str, by: Actor, code: str | None, text: str | None, problem: str
) -> None:
    with pytest.raises(TransitionError) as caught:
        lifecycle.check(current, wanted, by, code, text)
    assert caught.value.problem == problem


def test_every_open_status_can_be_cancelled_by_the_centre_only() -> None:
    for status in ("draft", "sent", "waitlisted", "accepted", "in_service"):
        assert ReferralStatus.CANCELLED in lifecycle.next_statuses(status, C)
        assert ReferralStatus.CANCELLED not in lifecycle.next_statuses(status, A)


def test_the_agency_answers_a_sent_referral() -> None:
    assert lifecycle.next_statuses("sent", A) == ["accepted", "waitlisted", "declined"]
    assert lifecycle.next_statuses("completed", A) == []


@pytest.mark.parametrize(
    ("current", "target", "counted", "change"),
    [
        ("draft", ReferralStatus.SENT, False, 1),
        ("sent", ReferralStatus.DECLINED, True, -1),
        ("accepted", ReferralStatus.CANCELLED, True, -1),
        ("sent", ReferralStatus.ACCEPTED, True, 0),
        ("in_service", ReferralStatus.NOT_COMPLETED, True, 0),  # the place was used
        ("draft", ReferralStatus.CANCELLED, False, 0),
    ],
)
def test_quota_changes(current: str, target: ReferralStatus, counted: bool, change: int) -> None:
    assert lifecycle.quota_change(current, target, counted) == change
