"""The dashboard service: scope, the funnel and answer times from real rows, suppression."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from enlace.accounts.policy import Role
from enlace.evaluation import reports, service
from enlace.evaluation.queries import Filters
from enlace.evaluation.tables import age_band
from tests.accounts_factories import make_user
from tests.unit.casework.conftest import World
from tests.unit.evaluation.conftest import person

PERIOD = Filters(date(2026, 1, 1), date(2026, 12, 31))


def test_the_funnel_counts_each_stage_and_hides_small_cells(
    db_session: Session, world: World
) -> None:
    for _ in range(6):
        person(db_session, world, statuses=("completed",), follow_up="formal")
    for _ in range(2):
        person(db_session, world, statuses=("declined",))
    board = service.dashboard(db_session, world.admin, PERIOD)
    month = board.tables["funnel_month"]
    assert month.cell("2026-03", "assessed") == 8
    assert month.cell("2026-03", "completed") == 6
    assert month.column_totals[0] == 8
    loop = board.tables["loop"]
    assert loop.cell("7", "sent") == 8
    assert loop.cell("7", "within_7") == 8
    assert dict((f.key, f.value) for f in loop.figures)["median_days_to_answer"] == 3
    endings = board.tables["endings"]
    assert endings.cell("no_capacity", "declined") is None  # 2: hidden
    work = board.tables["outcomes_work"]
    assert work.cell("3|female", "formal") == 6


def test_a_regional_coordinator_sees_only_their_region(db_session: Session, world: World) -> None:
    for _ in range(5):
        person(db_session, world, region="7", statuses=("sent",))
    for _ in range(5):
        person(db_session, world, region="13", statuses=("sent",))
    regional = make_user(db_session, Role.COORDINATOR, region_code="7")
    board = service.dashboard(db_session, regional, Filters(PERIOD.start, PERIOD.end, region="13"))
    assert board.filters.region == "7"
    assert board.tables["funnel_month"].cell("2026-03", "assessed") == 5


def test_staff_may_not_read_the_dashboard(db_session: Session, world: World) -> None:
    with pytest.raises(service.NotAllowedError):
        service.dashboard(db_session, world.staff, PERIOD)


def test_a_snapshot_keeps_what_was_shown(db_session: Session, world: World) -> None:
    for _ in range(5):
        person(db_session, world, statuses=("accepted",))
    frozen = reports.freeze(db_session, world.admin, "2026-T1")
    before = reports.stored_tables(frozen)["funnel_month"].cell("2026-03", "assessed")
    for _ in range(5):
        person(db_session, world, statuses=("accepted",))
    db_session.commit()
    again = reports.snapshot(db_session, world.admin, frozen.id or 0)
    assert again is not None
    assert reports.stored_tables(again)["funnel_month"].cell("2026-03", "assessed") == before == 5
    live = service.dashboard(db_session, world.admin, Filters(date(2026, 1, 1), date(2026, 3, 31)))
    assert live.tables["funnel_month"].cell("2026-03", "assessed") == 10


def test_the_agency_report_counts_what_the_agency_received(
    db_session: Session, world: World
) -> None:
    for _ in range(5):
        person(db_session, world, statuses=("accepted",))
    report = reports.agency_report(db_session, world.admin, world.omil.id, PERIOD)
    assert report is not None
    assert report.table.cell("2026-03", "received") == 5
    assert report.table.cell("2026-03", "accepted") == 5
    assert reports.agency_report(db_session, world.admin, "missing", PERIOD) is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2026-T1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        ("2026-T5", None),
        ("x", None),
    ],
)
def test_quarters(label: str, expected: tuple[date, date] | None) -> None:
    assert reports.quarter(label) == expected


@pytest.mark.parametrize(
    ("attributes", "split", "group"),
    [
        ({"gender": {"value": "male", "source": "self_report"}}, "gender", "male"),
        ({"gender": "male"}, "gender", "male"),
        ({}, "gender", "not_stated"),
        ({}, "age", "35_44"),  # born 1990, followed up in 2026
        ({}, "region", "7"),
    ],
)
def test_outcomes_split_by_gender_age_and_region(
    db_session: Session, world: World, attributes: dict[str, object], split: str, group: str
) -> None:
    for _ in range(5):
        someone = person(db_session, world, follow_up="informal")
        someone.attributes = attributes
        db_session.add(someone)
    db_session.flush()
    board = service.dashboard(db_session, world.admin, PERIOD, split=split)
    assert board.tables["outcomes_work"].cell(f"3|{group}", "informal") == 5


@pytest.mark.parametrize(
    ("age", "band"),
    [(18, "under_25"), (25, "25_34"), (34, "25_34"), (44, "35_44"), (70, "55_plus")],
)
def test_age_bands(age: int, band: str) -> None:
    assert age_band(age) == band
