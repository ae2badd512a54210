"""The status on a day: expiry and the start date are derived, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from enlace.network.vocab import (
    EffectiveStatus,
    PartySide,
    effective_status,
    in_force,
    side_of,
    stored_status,
)

START, END = date(2025, 3, 1), date(2026, 2, 28)


@dataclass
class _Agreement:
    status: str
    valid_from: date | None = START
    valid_to: date | None = END


@pytest.mark.parametrize(
    ("status", "on", "expected"),
    [
        ("active", END, EffectiveStatus.ACTIVE),  # the last day is still in force
        ("active", date(2026, 3, 1), EffectiveStatus.EXPIRED),  # the day after
        ("active", START, EffectiveStatus.ACTIVE),
        ("active", date(2025, 2, 28), EffectiveStatus.UPCOMING),
        ("suspended", END, EffectiveStatus.SUSPENDED),
        ("suspended", date(2026, 3, 1), EffectiveStatus.EXPIRED),
        ("draft", date(2030, 1, 1), EffectiveStatus.DRAFT),
        ("ended", date(2025, 6, 1), EffectiveStatus.ENDED),
        ("expired", date(2025, 6, 1), EffectiveStatus.ACTIVE),  # legacy code: dates decide
        ("terminated", date(2025, 6, 1), EffectiveStatus.ENDED),
    ],
)
def test_effective_status_on_a_day(status: str, on: date, expected: EffectiveStatus) -> None:
    assert effective_status(_Agreement(status), on) is expected
    assert in_force(_Agreement(status), on) is (expected is EffectiveStatus.ACTIVE)


def test_an_open_ended_agreement_never_expires() -> None:
    assert effective_status(_Agreement("active", valid_to=None), date(2099, 1, 1)) == "active"


def test_legacy_codes_are_mapped_and_others_kept() -> None:
    assert stored_status("expired") == "active"
    assert stored_status("terminated") == "ended"
    assert stored_status("suspended") == "suspended"


def test_sides_of_the_roles() -> None:
    assert side_of("provider") is side_of("funder") is PartySide.GRANTING
    assert side_of("referrer") is PartySide.BENEFITING
    assert side_of("partner") is PartySide.SUPPORTING
    assert side_of("witness") is None
