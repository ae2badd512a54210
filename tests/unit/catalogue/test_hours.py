"""Opening hours in Chile's time zone: open now, next opening, weekly summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from enlace.catalogue.hours import CHILE, DayHours, is_open, next_opening, rule, weekly_summary

OFFICE = [rule("MO,TU,WE,TH,FR", "08:30", "14:00"), rule("SA", "10:00", "13:00")]


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHILE)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (_at(2026, 11, 23, 9, 0), True),  # Monday morning
        (_at(2026, 11, 23, 8, 29), False),  # just before opening
        (_at(2026, 11, 23, 14, 0), False),  # closing time is closed
        (_at(2026, 11, 28, 11, 0), True),  # Saturday
        (_at(2026, 11, 29, 11, 0), False),  # Sunday
    ],
)
def test_is_open(moment: datetime, expected: bool) -> None:
    assert is_open(OFFICE, moment) is expected


def test_is_open_converts_utc_to_chilean_time() -> None:
    # 12:00 UTC on a summer Monday is 09:00 in Santiago (UTC-3).
    assert is_open(OFFICE, datetime(2026, 11, 23, 12, 0, tzinfo=UTC)) is True
    assert is_open(OFFICE, datetime(2026, 11, 23, 11, 0, tzinfo=UTC)) is False


def test_unknown_hours_are_not_closed() -> None:
    assert is_open([rule("MO", None, None)], _at(2026, 11, 23, 9)) is None


def test_validity_period_limits_a_rule() -> None:
    summer = [
        rule("MO", "09:00", "12:00", valid_from=date(2026, 12, 1), valid_to=date(2027, 2, 28))
    ]
    assert is_open(summer, _at(2026, 11, 23, 10)) is False
    assert is_open(summer, _at(2026, 12, 7, 10)) is True


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (_at(2026, 11, 23, 7, 0), _at(2026, 11, 23, 8, 30)),
        (_at(2026, 11, 23, 15, 0), _at(2026, 11, 24, 8, 30)),
        (_at(2026, 11, 28, 14, 0), _at(2026, 11, 30, 8, 30)),  # Saturday afternoon -> Monday
    ],
)
def test_next_opening(moment: datetime, expected: datetime) -> None:
    assert next_opening(OFFICE, moment) == expected


def test_weekly_summary_groups_consecutive_days() -> None:
    assert weekly_summary(OFFICE) == [
        DayHours("MO", "FR", time(8, 30), time(14, 0)),
        DayHours("SA", "SA", time(10, 0), time(13, 0)),
    ]


def test_weekly_summary_splits_non_consecutive_days() -> None:
    groups = weekly_summary([rule("MO,WE,FR", "19:30", "21:00")])
    assert [(g.first_day, g.last_day) for g in groups] == [("MO", "MO"), ("WE", "WE"), ("FR", "FR")]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (_at(2026, 11, 23, 20, 0), True),  # Monday evening, shelter open
        (_at(2026, 11, 24, 2, 0), True),  # after midnight, still Monday's night
        (_at(2026, 11, 24, 9, 0), False),  # morning: closed
        (_at(2026, 11, 23, 2, 0), False),  # Sunday night is not covered (MO-FR only)
    ],
)
def test_overnight_hours_run_past_midnight(moment: datetime, expected: bool) -> None:
    shelter = [rule("MO,TU,WE,TH,FR", "19:00", "08:00")]
    assert is_open(shelter, moment) is expected
