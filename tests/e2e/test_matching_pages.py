"""The staff assessment, results and options sheet, and the public self-check, in Chromium:
keyboard only, a not-eligible reason, the sheet's print view, a 360 px phone, axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from enlace.catalogue.models import Agency
from enlace.catalogue.reference import stable_id
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

EMAIL = "e2e-matching-staff@example.org"


@pytest.fixture(scope="module")
def matching_staff(live_database: str) -> str:
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            centre = session.get(Agency, stable_id("agency", "ct-renacer-talca"))
            make_user(session, "staff", email=EMAIL, agency=centre)
            session.commit()
    finally:
        engine.dispose()
    return EMAIL


def _clean(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling on {name}"  # type: ignore[index]
    screenshot(page, name)


def _tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_assessment_by_keyboard_results_and_options_sheet(
    browser: Browser, live_server: str, matching_staff: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="en-GB")
    page = recorder.page
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", matching_staff)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(live_server + "/equipo/")
    page.goto(live_server + "/equipo/evaluacion")
    _clean(page, f"assessment-{viewport}")
    # keyboard only: a level, the age, the region, then Enter on "Find offers"
    _tab_to(page, "#need_housing")
    page.keyboard.press("End")  # the last level: high
    _tab_to(page, "#met_health")
    page.keyboard.press("Space")
    _tab_to(page, "#age")
    page.keyboard.type("15")
    _tab_to(page, "#region")
    page.keyboard.type("Maule")
    _tab_to(page, ".assessment-form > p.actions:last-child button")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/equipo/evaluacion/resultados")
    assert page.locator("h1").inner_text() == "Suggested offers"
    assert page.locator("section[data-domain='housing']").count() == 1
    assert page.locator("[data-not-eligible] [data-reason]").first.inner_text()
    assert "15 years old" in page.locator("[data-not-eligible]").inner_text()
    _clean(page, f"results-{viewport}")
    # pick the first offer for the sheet, in Spanish
    first = page.locator(".sheet-pick input").first
    first.focus()
    page.keyboard.press("Space")
    page.select_option("#sheet-language", "es")
    page.locator("#sheet-form button[type=submit]").click()
    page.wait_for_url(live_server + "/equipo/evaluacion/hoja")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator(".take-away-item").count() == 1
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".take-away-item h2").is_visible()
    text = page.locator("main").inner_text().lower()
    assert "necesidad alta" not in text and "15 años" not in text  # nothing of the person
    page.emulate_media(media="screen")
    _clean(page, f"sheet-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_public_self_check_on_a_phone(browser: Browser, live_server: str, viewport: str) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    page.goto(live_server + "/")
    page.locator("a[href='/que-ayudas-me-sirven']").click()
    page.wait_for_url(live_server + "/que-ayudas-me-sirven")
    assert page.locator("h1").inner_text() == "¿Qué ayudas me sirven?"
    _clean(page, f"self-check-{viewport}")
    page.check("input[name=areas][value=employment]")
    page.fill("#age", "30")
    page.select_option("#region", "7")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == live_server + "/que-ayudas-me-sirven"  # nothing in the address
    assert page.locator(".self-check-results .result").count() >= 1
    assert page.locator("[data-save-offer]").first.is_visible()
    page.locator("[data-save-offer]").first.click()
    assert page.locator("[data-save-offer]").first.get_attribute("aria-pressed") == "true"
    assert page.context.cookies() == []
    _clean(page, f"self-check-results-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()
