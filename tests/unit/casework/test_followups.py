"""Follow-up outcomes: due points from the plan's start, recording (scoped, audited), the
caseload's list of due follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry
from enlace.casework import caseload, followups
from enlace.casework.errors import InvalidError, NotInScopeError
from enlace.casework.followups import FollowUpDraft, add_months, draft_errors, months_setting
from tests.unit.casework.conftest import World
from tests.unit.evaluation.conftest import person


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 10), 3, date(2026, 6, 10)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(0, 120))
def test_add_months_lands_in_the_right_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3,6,12", (3, 6, 12)), ("12, 6", (6, 12)), ((3, 6, 12), (3, 6, 12)), ("", (3, 6, 12))],
)
def test_months_setting(raw: object, expected: tuple[int, ...]) -> None:
    assert months_setting(raw) == expected  # type: ignore[arg-type]


def _draft(**change: object) -> FollowUpDraft:
    values: dict[str, object] = {
        "due_months": 3,
        "work": "formal",
        "studies": "none",
        "housing": "stable",
        "on": date(2026, 6, 12),
    }
    values.update(change)
    return FollowUpDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_months": 5}, "due_months"),
        ({"work": "x"}, "work"),
        ({"studies": ""}, "studies"),
        ({"housing": "castle"}, "housing"),
        ({"schooling": "phd"}, "schooling"),
        ({"justice": "x"}, "justice"),
        ({"on": None}, "on"),
        ({"on": date(2026, 7, 1)}, "on"),
    ],
)
def test_draft_errors(change: dict[str, object], field: str) -> None:
    assert field in draft_errors(_draft(**change), (3, 6, 12), today=date(2026, 6, 30))
    assert draft_errors(_draft(), (3, 6, 12), today=date(2026, 6, 30)) == {}


def test_recording_is_scoped_audited_and_corrects_a_point(
    db_session: Session, world: World
) -> None:
    someone = person(db_session, world)
    first = followups.record(db_session, world.staff, someone.id, _draft(), today=date(2026, 7, 1))
    again = followups.record(
        db_session, world.staff, someone.id, _draft(work="none"), today=date(2026, 7, 1)
    )
    assert first.id == again.id and again.work == "none"
    entries = db_session.exec(
        select(AuditEntry).where(col(AuditEntry.action) == "follow_up.recorded")
    ).all()
    assert len(entries) == 2 and entries[1].details["corrected"] is True
    with pytest.raises(NotInScopeError):
        followups.record(db_session, world.outsider, someone.id, _draft())
    with pytest.raises(InvalidError):
        followups.record(db_session, world.staff, someone.id, _draft(work=""))


def test_due_follow_ups_appear_in_the_caseload(db_session: Session, world: World) -> None:
    someone = person(db_session, world)
    someone.case_manager_id = world.staff.id
    db_session.add(someone)
    db_session.flush()
    points = followups.points(db_session, world.staff, someone.id)
    assert [p.due_on for p in points] == [date(2026, 6, 10), date(2026, 9, 10), date(2027, 3, 10)]
    load = caseload.caseload(db_session, world.staff, today=date(2026, 9, 10))
    assert [(p.code, p.due_months) for p in load.outcome_follow_ups] == [
        (someone.code, 3),
        (someone.code, 6),
    ]
    followups.record(db_session, world.staff, someone.id, _draft(), today=date(2026, 9, 10))
    load = caseload.caseload(db_session, world.staff, today=date(2026, 9, 10) + timedelta(days=1))
    assert [p.due_months for p in load.outcome_follow_ups] == [6]
