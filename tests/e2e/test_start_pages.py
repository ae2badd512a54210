"""Staff and coordinators sign in through the real form and land on an accessible start page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

START = {"staff": "/equipo/", "coordinator": "/coordinacion/"}


@pytest.fixture(scope="module")
def accounts(live_database: str) -> dict[str, str]:
    """One staff member (with a treatment centre) and one regional coordinator."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            make_user(session, "staff", email="e2e-staff@example.org")
            make_user(session, "coordinator", email="e2e-coord@example.org", region_code="7")
            session.commit()
    finally:
        engine.dispose()
    return {"staff": "e2e-staff@example.org", "coordinator": "e2e-coord@example.org"}


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_sign_in_lands_on_an_accessible_start_page(
    browser: Browser, live_server: str, accounts: dict[str, str], role: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", accounts[role])
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(live_server + START[role])
    assert page.locator("h1").count() == 1
    assert page.locator("main a[href='/cuenta']").count() == 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "horizontal scrolling"  # type: ignore[index]
    assert recorder.foreign_requests() == []
    screenshot(page, f"start-{role}-{viewport}")
    page.context.close()
