"""The evaluation dashboard through the Flask client: filters, CSV, report, snapshots, the
agency report, staff refused, hidden cells said in words."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.policy import Role
from enlace.casework.followups import months_setting
from enlace.config import from_environment
from enlace.evaluation.models import EvaluationSnapshot
from enlace.web.coordinator import evaluation as pages
from tests.accounts_factories import app_session, make_user, page_token, sign_in
from tests.unit.casework.conftest import World, make_world
from tests.unit.evaluation.conftest import person

EN = {"Accept-Language": "en"}
PERIOD = {"since": "2026-01-01", "until": "2026-12-31"}
BASE = "/coordinacion/evaluacion"


@pytest.fixture
def world(app: Flask) -> World:
    with app_session(app) as session:
        world = make_world(session)
        for _ in range(6):
            person(session, world, statuses=("completed",), follow_up="formal")
        for _ in range(2):
            person(session, world, statuses=("declined",))
        make_user(session, Role.COORDINATOR, email="coordinator@example.org", region_code="7")
        make_user(session, Role.ADMIN, email="admin@example.org")
        make_user(session, Role.STAFF, email="staff@example.org", agency=world.centre)
        session.commit()
        return world


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, f"{who}@example.org").status_code == 302
    return client


def test_the_dashboard_shows_tables_charts_and_the_hidden_cells_in_words(
    app: Flask, world: World
) -> None:
    client = _client(app, "coordinator")
    response = client.get(BASE, query_string=PERIOD, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-table="funnel_month"' in html
    assert "<svg" in html and '<title id="chart-funnel-title">' in html
    assert "fewer than 5 people" in html
    assert 'class="cell-hidden">hidden</td>' in html  # the two declines
    assert "Download “Referral funnel by month” as CSV" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-01"}, "Enter a date as YYYY-MM-DD."),
        ({"since": "2026-05-01", "until": "2026-01-01"}, "must not be before its start"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "at most three years"),
        ({"domain": "nope"}, "Choose one of the options in the list."),
    ],
)
def test_bad_filters_come_back_as_messages(
    app: Flask, world: World, query: dict[str, str], message: str
) -> None:
    response = _client(app, "coordinator").get(BASE, query_string=query, headers=EN)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_regional_coordinator_cannot_pick_another_region(app: Flask, world: World) -> None:
    client = _client(app, "coordinator")
    response = client.get(f"{BASE}/tablas/loop.csv", query_string={**PERIOD, "region": "13"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [r[0] for r in rows[1:3]] == [world.centre.id, ""]  # region 7's centre, the total


def test_each_table_downloads_as_csv(app: Flask, world: World) -> None:
    client = _client(app, "admin")
    response = client.get(f"{BASE}/tablas/funnel_month.csv", query_string=PERIOD, headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["code", "Month of first assessment", "Assessed"]
    march = next(r for r in rows if r[0] == "2026-03")
    assert march[2] == "8"
    endings = client.get(f"{BASE}/tablas/endings.csv", query_string=PERIOD, headers=EN)
    declined = next(
        r for r in csv.reader(io.StringIO(endings.get_data(as_text=True))) if r[0] == "no_capacity"
    )
    assert declined[2] == ""  # hidden: empty, never the count
    assert client.get(f"{BASE}/tablas/nope.csv", query_string=PERIOD).status_code == 404


def test_the_printable_report_has_print_styles(app: Flask, world: World) -> None:
    response = _client(app, "admin").get(f"{BASE}/informe", query_string=PERIOD, headers=EN)
    assert response.status_code == 200
    assert "evaluation.css" in response.get_data(as_text=True)
    with app.test_client().get("/static/css/evaluation.css") as css:
        assert "@media print" in css.get_data(as_text=True)


def test_a_frozen_snapshot_does_not_change_with_later_edits(app: Flask, world: World) -> None:
    client = _client(app, "admin")
    token = page_token(client, f"{BASE}/cortes")
    response = client.post(f"{BASE}/cortes", data={"csrf_token": token, "quarter": "2026-T1"})
    assert response.status_code == 302
    path = response.headers["Location"]
    before = client.get(f"{path}/funnel_month.csv").get_data(as_text=True)
    with app_session(app) as session:
        for _ in range(5):
            person(session, world, statuses=("accepted",))
        session.commit()
    assert client.get(f"{path}/funnel_month.csv").get_data(as_text=True) == before
    live = client.get(f"{BASE}/tablas/funnel_month.csv", query_string=PERIOD).get_data(as_text=True)
    assert live != before
    listing = client.get(f"{BASE}/cortes", headers=EN).get_data(as_text=True)
    assert "2026-T1" in listing


def test_a_bad_quarter_is_refused_and_kept(app: Flask, world: World) -> None:
    client = _client(app, "admin")
    token = page_token(client, f"{BASE}/cortes")
    response = client.post(
        f"{BASE}/cortes", data={"csrf_token": token, "quarter": "2026-T9"}, headers=EN
    )
    assert response.status_code == 422
    assert 'value="2026-T9"' in response.get_data(as_text=True)
    with app_session(app) as session:
        assert session.exec(select(EvaluationSnapshot)).first() is None


def test_a_regional_coordinator_does_not_see_another_regions_snapshot(
    app: Flask, world: World
) -> None:
    admin = _client(app, "admin")
    token = page_token(admin, f"{BASE}/cortes")
    path = admin.post(f"{BASE}/cortes", data={"csrf_token": token, "quarter": "2026-T1"}).headers[
        "Location"
    ]
    assert _client(app, "coordinator").get(path).status_code == 404


def test_the_agency_report(app: Flask, world: World) -> None:
    client = _client(app, "coordinator")
    response = client.get(f"{BASE}/agencias/{world.omil.id}", query_string=PERIOD, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Report for OMIL Talca" in html
    assert 'data-table="agency"' in html
    assert client.get(f"{BASE}/agencias/missing", query_string=PERIOD).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        BASE,
        f"{BASE}/informe",
        f"{BASE}/tablas/funnel_month.csv",
        f"{BASE}/cortes",
        f"{BASE}/cortes/1",
        f"{BASE}/cortes/1/funnel_month.csv",
        f"{BASE}/agencias/x",
    ],
)
def test_staff_get_403_on_every_dashboard_url(app: Flask, world: World, path: str) -> None:
    assert _client(app, "staff").get(path).status_code == 403


def test_the_coordinator_home_links_the_dashboard(app: Flask, world: World) -> None:
    html = _client(app, "coordinator").get("/coordinacion/", headers=EN).get_data(as_text=True)
    assert f'href="{BASE}"' in html


def test_the_default_period_is_the_last_twelve_months(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "_today", lambda: date(2026, 6, 15))
    html = _client(app, "admin").get(BASE, headers=EN).get_data(as_text=True)
    assert "Period: Jul 1, 2025 to Jun 15, 2026." in html


def test_the_json_api_has_the_same_suppressed_tables(app: Flask, world: World) -> None:
    client = _client(app, "coordinator")
    response = client.get("/api/v1/evaluation", query_string=PERIOD)
    assert response.status_code == 200
    body = response.get_json()
    assert body["region"] == "7"
    funnel = body["tables"]["funnel_month"]
    assert funnel["cells"][funnel["rows"].index("2026-03")][0] == 8
    endings = body["tables"]["endings"]
    assert endings["cells"][endings["rows"].index("no_capacity")][0] is None
    one = client.get("/api/v1/evaluation/loop", query_string=PERIOD).get_json()
    assert one["key"] == "loop"
    assert client.get("/api/v1/evaluation/nope").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"since": "nope"},
        {"domain": "x"},
        {"since": "2026-05-01", "until": "2026-01-01"},
        {"z": "1"},
    ],
)
def test_the_json_api_refuses_bad_filters(app: Flask, world: World, query: dict[str, str]) -> None:
    response = _client(app, "admin").get("/api/v1/evaluation", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]


def test_the_json_api_refuses_staff_and_anonymous(app: Flask, world: World) -> None:
    assert _client(app, "staff").get("/api/v1/evaluation").status_code == 403
    assert app.test_client().get("/api/v1/evaluation").status_code == 401


def test_the_threshold_is_configurable(app: Flask, world: World) -> None:
    app.config["SMALL_CELL"] = 10
    body = _client(app, "admin").get("/api/v1/evaluation", query_string=PERIOD).get_json()
    funnel = body["tables"]["funnel_month"]
    assert funnel["threshold"] == 10
    assert funnel["cells"][funnel["rows"].index("2026-03")][0] is None  # 8 < 10: hidden


def test_the_follow_up_points_come_from_the_environment() -> None:
    settings = from_environment({"ENLACE_FOLLOW_UP_MONTHS": "12,6", "ENLACE_SMALL_CELL": "7"})
    assert months_setting(settings["FOLLOW_UP_MONTHS"]) == (6, 12)
    assert settings["SMALL_CELL"] == 7
