"""Due dates of the verification queue (pure parts)."""

from __future__ import annotations

from datetime import date

import pytest

from enlace.stewardship.verification import Limits, is_due, months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 7), 6, date(2026, 6, 7)),
        (date(2026, 12, 7), 12, date(2025, 12, 7)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_limits_come_from_the_configuration() -> None:
    limits = Limits.from_config({"VERIFY_MONTHS_COURSE": 3, "VERIFY_MONTHS_OFFER": 9})
    assert (limits.course, limits.offer, limits.agency) == (3, 9, 12)


@pytest.mark.parametrize(
    ("kind", "assured", "flagged", "due"),
    [
        ("course", date(2026, 6, 8), False, False),  # checked within 6 months
        ("course", date(2026, 6, 6), False, True),
        ("service", date(2026, 6, 6), False, False),  # standing services: 12 months
        ("service", date(2025, 12, 6), False, True),
        ("service", None, False, True),  # never checked
        ("service", date(2026, 12, 1), True, True),  # a report or a proposal
    ],
)
def test_is_due(kind: str, assured: date | None, flagged: bool, due: bool) -> None:
    assert is_due(kind, assured, Limits(), date(2026, 12, 7), flagged) is due
