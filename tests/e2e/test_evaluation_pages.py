"""The evaluation dashboard in the real browser: filters, a chart's data table, CSV
download, the print view, axe-core at phone and desktop widths, and staff refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import col, select

from enlace.casework.demo import ensure_demo_casework
from enlace.casework.models import Participant
from enlace.catalogue.models import Agency
from enlace.catalogue.reference import stable_id
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

COORDINATOR = "e2e-evaluation-coordinator@example.org"
STAFF = "e2e-evaluation-staff@example.org"
DASHBOARD = "/coordinacion/evaluacion"


@pytest.fixture(scope="module")
def people(live_database: str) -> dict[str, str]:
    """Demo casework at the demo centres, a coordinator of the Maule region, a staff member."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            ensure_demo_casework(session, enabled=True, today=date.today(), per_centre=30)
            centre = session.get(Agency, stable_id("agency", "ct-renacer-talca"))
            make_user(session, "coordinator", email=COORDINATOR, region_code="7")
            make_user(session, "staff", email=STAFF, agency=centre)
            session.commit()
    finally:
        engine.dispose()
    return {"coordinator": COORDINATOR, "staff": STAFF}


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/entrar")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()


def _check(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling on {name}"  # type: ignore[index]
    screenshot(page, name)


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_the_dashboard_filters_tables_csv_and_print(
    browser: Browser, live_server: str, people: dict[str, str], viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    _sign_in(page, live_server, people["coordinator"])
    page.goto(live_server + "/coordinacion/")
    page.locator(f"main a[href='{DASHBOARD}']").click()
    page.wait_for_url(live_server + DASHBOARD)
    assert page.locator("h1").inner_text() == "Evaluación"
    chart = page.locator("#funnel_place svg[role=img]")
    assert chart.count() == 1
    table = page.locator("table[data-table=funnel_place]")
    assert table.is_visible()
    assert table.locator("thead th").nth(1).inner_text() == "Evaluados"
    _check(page, f"evaluation-{viewport}")

    page.select_option("#domain", "employment")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "domain=employment" in page.url
    assert page.locator("#domain").input_value() == "employment"
    assert page.locator("table[data-table=funnel_domain] tbody tr").count() <= 1

    with page.expect_download() as download_info:
        page.locator("#funnel_month a[download]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("funnel_month_")
    assert Path(download.path()).read_text(encoding="utf-8").startswith("code,")

    page.locator("a[href^='/coordinacion/evaluacion/informe']").click()
    page.wait_for_load_state()
    assert page.locator("a[download]").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator("a[download]").first.is_visible()  # print CSS hides the links
    assert page.locator("table[data-table=loop]").is_visible()
    page.emulate_media(media="screen")
    _check(page, f"evaluation-report-{viewport}")

    page.goto(live_server + DASHBOARD + "/cortes")
    _check(page, f"evaluation-snapshots-{viewport}")
    page.fill("#quarter", "2026-T1")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/cortes/" in page.url
    _check(page, f"evaluation-snapshot-{viewport}")

    page.goto(live_server + DASHBOARD)
    agency = page.locator("#agency-reports-heading + ul a").first
    agency.click()
    page.wait_for_load_state()
    assert page.locator("table[data-table=agency]").is_visible()
    _check(page, f"evaluation-agency-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()


def test_staff_get_403_on_every_dashboard_url(
    browser: Browser, live_server: str, people: dict[str, str]
) -> None:
    recorder = new_page(browser, live_server)
    page = recorder.page
    _sign_in(page, live_server, people["staff"])
    for path in (
        DASHBOARD,
        DASHBOARD + "/informe",
        DASHBOARD + "/tablas/loop.csv",
        DASHBOARD + "/cortes",
        DASHBOARD + "/cortes/1",
        DASHBOARD + "/agencias/x",
        "/api/v1/evaluation",
    ):
        response = page.request.get(live_server + path)
        assert response.status == 403, path
    page.context.close()


def test_the_follow_up_page_is_accessible(
    browser: Browser, live_server: str, people: dict[str, str], live_database: str
) -> None:
    engine = make_engine(live_database)
    try:
        with open_session(engine) as session:
            someone = session.exec(
                select(Participant).where(
                    col(Participant.centre_id) == stable_id("agency", "ct-renacer-talca")
                )
            ).first()
            assert someone is not None
            pid = someone.id
    finally:
        engine.dispose()
    for viewport in ("mobile", "desktop"):
        recorder = new_page(browser, live_server, viewport=viewport)
        page = recorder.page
        _sign_in(page, live_server, people["staff"])
        page.goto(f"{live_server}/equipo/participantes/{pid}/seguimiento")
        assert page.locator("h1").inner_text() == "Resultados del seguimiento"
        _check(page, f"follow-up-{viewport}")
        page.locator("form.stacked-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").is_visible()
        _check(page, f"follow-up-errors-{viewport}")
        page.context.close()
