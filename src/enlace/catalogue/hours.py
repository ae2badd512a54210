"""Opening hours: is it open now, when does it open next, and a compact weekly summary.

Pure functions on plain data (weekly rules as in HSDS/RFC 5545: "MO,WE,FR" 09:00-14:00),
evaluated in the offer's time zone (Chile by default), so pages and tests agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from enlace.catalogue.vocab import WEEKDAYS

CHILE = ZoneInfo("America/Santiago")


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """One weekly opening rule."""

    days: tuple[str, ...]
    opens: time | None
    closes: time | None
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        """Within the rule's validity period (open-ended on either side)."""
        return not (
            (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to)
        )

    def applies_on(self, day: date) -> bool:
        return self.valid_on(day) and WEEKDAYS[day.weekday()] in self.days


@dataclass(frozen=True, slots=True)
class DayHours:
    """A run of consecutive weekdays sharing the same hours, for display."""

    first_day: str
    last_day: str
    opens: time | None
    closes: time | None


def parse_time(value: str | None) -> time | None:
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return time(int(hours), int(minutes))


def rule(
    byday: str,
    opens: str | None,
    closes: str | None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> WeeklyRule:
    days = tuple(d for d in byday.split(",") if d in WEEKDAYS)
    return WeeklyRule(days, parse_time(opens), parse_time(closes), valid_from, valid_to)


def _intervals_on(rules: list[WeeklyRule], day: date) -> list[tuple[time, time]]:
    return sorted(
        (r.opens, r.closes)
        for r in rules
        if r.opens is not None and r.closes is not None and r.applies_on(day)
    )


def is_open(rules: list[WeeklyRule], moment: datetime, tz: ZoneInfo = CHILE) -> bool | None:
    """True/False when hours are known; None when no rule gives times (unknown).

    A rule that closes at or before it opens runs past midnight (a night shelter open
    19:00-08:00 is open at 02:00 on the following day).
    """
    if not any(r.opens and r.closes for r in rules):
        return None
    local = moment.astimezone(tz)
    now = local.time().replace(second=0, microsecond=0)
    for opens, closes in _intervals_on(rules, local.date()):
        if (opens <= now < closes) or (closes <= opens and now >= opens):
            return True
    yesterday = local.date() - timedelta(days=1)
    return any(
        closes <= opens and now < closes for opens, closes in _intervals_on(rules, yesterday)
    )


def next_opening(
    rules: list[WeeklyRule], moment: datetime, tz: ZoneInfo = CHILE, horizon_days: int = 14
) -> datetime | None:
    """The next time it opens after ``moment`` (within two weeks), in local time."""
    local = moment.astimezone(tz)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        for opens, _closes in _intervals_on(rules, day):
            candidate = datetime.combine(day, opens, tzinfo=tz)
            if candidate > local:
                return candidate
    return None


def weekly_summary(rules: list[WeeklyRule], on: date | None = None) -> list[DayHours]:
    """Group consecutive days with identical hours: Mon-Fri 08:30-14:00, Sat 10:00-13:00."""
    summary: list[DayHours] = []
    for position, code in enumerate(WEEKDAYS):
        spans = [
            (r.opens, r.closes) for r in rules if code in r.days and (on is None or r.valid_on(on))
        ]
        if not spans:
            continue
        opens, closes = spans[0]
        last = summary[-1] if summary else None
        follows = last is not None and position > 0 and last.last_day == WEEKDAYS[position - 1]
        if last is not None and follows and (last.opens, last.closes) == (opens, closes):
            summary[-1] = DayHours(last.first_day, code, opens, closes)
        else:
            summary.append(DayHours(code, code, opens, closes))
    return summary
