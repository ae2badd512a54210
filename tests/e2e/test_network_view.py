"""The coordinator's network view and coverage heatmap in the real browser: the graph
redraws with the filters, a click on a node shows its details, the table view, a heatmap
cell's link; axe-core finds nothing serious at phone and desktop widths."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from enlace.casework import assessments, participants
from enlace.casework.participants import ParticipantDraft
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

EMAIL = "e2e-network-coordinator@example.org"


@pytest.fixture(scope="module")
def maule_coordinator(live_database: str) -> str:
    """A coordinator of the Maule region (7) in the live catalogue."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            make_user(session, "coordinator", email=EMAIL, region_code="7")
            session.commit()
    finally:
        engine.dispose()
    return EMAIL


def _sign_in(page: Page, live_server: str, email: str) -> None:
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(live_server + "/coordinacion/")


def _drawn(page: Page) -> int:
    page.wait_for_selector("#network-graph[data-drawn='true']")
    return int(page.get_attribute("#network-graph", "data-nodes") or 0)


def _accessible(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport: Any = page.viewport_size
    assert width <= viewport["width"], f"horizontal scrolling on {name}"
    screenshot(page, name)


def test_graph_filters_redraw_and_a_click_shows_details(
    browser: Browser, live_server: str, maule_coordinator: str
) -> None:
    recorder = new_page(browser, live_server, viewport="desktop", locale="es-CL")
    page = recorder.page
    _sign_in(page, live_server, maule_coordinator)
    page.goto(live_server + "/coordinacion/red")
    everything = _drawn(page)
    assert everything > 3
    assert page.locator("#network-graph-view").is_visible()
    assert page.locator("#network-table-view").is_hidden()

    page.select_option("#sector", "ngo")
    page.locator("#network-filter button[type=submit]").click()
    page.wait_for_url("**/coordinacion/red?*sector=ngo*")
    fewer = _drawn(page)
    assert 0 < fewer < everything

    page.select_option("#sector", "")
    page.locator("#network-filter button[type=submit]").click()
    page.wait_for_url("**/coordinacion/red?*")
    assert _drawn(page) == everything

    # a click on the Renacer centre shows its details, with links, in the live panel
    page.locator("#network-graph").scroll_into_view_if_needed()
    box = page.locator("#network-graph").bounding_box()
    assert box is not None
    point = page.evaluate(
        """() => {
          const cy = window.enlaceNetwork;
          const node = cy.nodes().filter(n => n.data('slug') === 'ct-renacer-talca')[0];
          cy.center(node);
          return node.renderedPosition();
        }"""
    )
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = page.locator("#details-body")
    details.locator("a[href='/institucion/ct-renacer-talca']").wait_for()
    assert "Renacer" in details.inner_text()
    assert details.locator("a[href^='/coordinacion/convenios/']").count() >= 1
    assert page.get_attribute("#details-body", "aria-live") == "polite"

    # the keyboard reaches agencies too
    page.focus("#network-graph")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#network-graph", "data-selected")
    assert recorder.foreign_requests() == []
    page.context.close()


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_network_views_and_heatmap_are_accessible(
    browser: Browser, live_server: str, maule_coordinator: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    _sign_in(page, live_server, maule_coordinator)
    page.goto(live_server + "/coordinacion/red")
    _drawn(page)
    _accessible(page, f"network-graph-{viewport}")

    page.locator("[data-view='tabla']").click()
    assert page.locator("#network-table-view").is_visible()
    assert page.locator("#network-graph-view").is_hidden()
    assert page.get_attribute("[data-view='tabla']", "aria-pressed") == "true"
    assert page.locator("#network-agencies tbody tr").count() > 3
    assert page.locator("#network-agreements a[href^='/coordinacion/convenios/']").count() > 0
    _accessible(page, f"network-table-{viewport}")

    page.goto(live_server + "/coordinacion/cobertura")
    assert page.locator("svg.heatmap a.heatmap-cell").count() == 12
    _accessible(page, f"coverage-{viewport}")
    cell = page.locator("svg.heatmap a[data-region='7'][data-domain='employment']")
    assert "Maule" in (cell.get_attribute("aria-label") or "")
    cell.click()
    page.wait_for_url("**/coordinacion/cobertura/7/employment*")
    assert "Maule" in page.locator("h1").inner_text()
    _accessible(page, f"coverage-cell-{viewport}")
    for path, name in (
        ("/coordinacion/cobertura/brechas", "gaps"),
        ("/coordinacion/red/vencimientos", "watch"),
    ):
        page.goto(live_server + path)
        _accessible(page, f"{name}-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()


@pytest.fixture(scope="module")
def assessed(live_database: str) -> int:
    """Three participants of one centre with a high housing need: a small, hidden count."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            staff = make_user(session, "staff", email="e2e-unmet-staff@example.org")
            for n in range(3):
                person = participants.create(session, staff, ParticipantDraft(1980 + n))
                assessments.record(
                    session,
                    staff,
                    person.id,
                    {"needs": {"housing": "high"}},
                    instrument="enlace-short",
                    rule_version="1",
                )
            session.commit()
    finally:
        engine.dispose()
    return 3


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_the_heatmap_switches_to_unmet_needs_with_hidden_cells(
    browser: Browser, live_server: str, maule_coordinator: str, assessed: int, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    _sign_in(page, live_server, maule_coordinator)
    page.goto(live_server + "/coordinacion/cobertura")
    assert page.get_attribute("svg.heatmap", "data-measure") == "ofertas"
    page.select_option("select[name=medida]", "necesidades")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_url("**medida=necesidades**")
    assert page.get_attribute("svg.heatmap", "data-measure") == "necesidades"
    assert page.locator("svg.heatmap a.heatmap-cell").count() == 12
    counts = page.locator("svg.heatmap a.heatmap-cell").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-count'))"
    )
    assert all(c == "hidden" or int(c) == 0 or int(c) >= 5 for c in counts), counts
    assert page.locator("[data-legend='hidden']").is_visible()
    assert page.locator("#unmet-table").is_visible()
    _accessible(page, f"coverage-unmet-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()


def test_without_javascript_the_table_is_the_page(
    browser: Browser, live_server: str, maule_coordinator: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    _sign_in(page, live_server, maule_coordinator)
    page.goto(live_server + "/coordinacion/red?sector=ngo")
    assert page.locator("#network-table-view").is_visible()
    assert page.locator("#network-graph-view").is_hidden()
    assert page.locator("#network-agencies tbody tr").count() > 0
    context.close()
