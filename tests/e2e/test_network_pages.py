"""Staff's centre network and an agency's agreements, in the real browser: accessible
and without horizontal scrolling at phone and desktop widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from enlace.catalogue.models import Agency
from enlace.catalogue.reference import stable_id
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

EMAIL = "e2e-network-staff@example.org"


@pytest.fixture(scope="module")
def renacer_staff(live_database: str) -> str:
    """A staff member of the shipped Comunidad Terapéutica Renacer."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            centre = session.get(Agency, stable_id("agency", "ct-renacer-talca"))
            assert centre is not None
            make_user(session, "staff", email=EMAIL, agency=centre)
            session.commit()
    finally:
        engine.dispose()
    return EMAIL


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_centre_network_and_agency_agreements_are_accessible(
    browser: Browser, live_server: str, renacer_staff: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", renacer_staff)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(live_server + "/equipo/")
    page.locator("main a[href='/equipo/red']").click()
    page.wait_for_url(live_server + "/equipo/red")
    assert page.locator("h1").inner_text() == "La red de mi centro"
    assert page.locator("section[data-domain]").count() >= 3
    assert page.locator("[data-agreement='conv-senda-sence-red-tratamiento']").count() >= 1
    for name in ("network", "agency"):
        if name == "agency":
            page.goto(live_server + "/institucion/ct-renacer-talca")
            assert page.locator("#agency-agreements").is_visible()
            assert page.locator("[data-detail='quota']").count() >= 1  # signed in
        violations = axe_violations(page)
        assert not violations, describe(violations)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], "horizontal scrolling"  # type: ignore[index]
        screenshot(page, f"{name}-agreements-{viewport}")
    assert recorder.foreign_requests() == []
    page.context.close()
