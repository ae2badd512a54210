"""Places and retiring an agency in the real browser, at 360 px: a coordinator adds a
place (a bad map position is refused and what was typed stays; the commune list follows
the region), then retires an agency with its offers (the page says how many and asks to
confirm) and puts them back; axe-core finds nothing serious or critical on any page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import PageRecorder, axe_violations, describe, new_page, screenshot
from tests.factories import make_agency, make_offer

STEWARD = "e2e-places-maule@example.org"


@pytest.fixture(scope="module")
def fresh_agency(live_database: str) -> str:
    """A coordinator of Maule and an agency of Maule with two offers, for these tests only."""
    engine = make_engine(live_database)
    try:
        with open_session(engine) as session:
            make_user(session, "coordinator", email=STEWARD, region_code="7")
            agency = make_agency(session, slug="e2e-lugares", region_code="7", commune_code="7101")
            make_offer(session, agency, slug="e2e-lugares-taller")
            make_offer(session, agency, slug="e2e-lugares-curso")
            session.commit()
            return agency.slug
    finally:
        engine.dispose()


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/entrar")
    page.fill("input[name=email]", STEWARD)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(base + "/coordinacion/")


def _check(recorder: PageRecorder, name: str) -> None:
    page = recorder.page
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling on {name}"  # type: ignore[index]
    assert recorder.foreign_requests() == []
    screenshot(page, name)


def _rows(live_database: str, slug: str) -> tuple[list[Location], list[Offer]]:
    engine = make_engine(live_database)
    try:
        with open_session(engine) as session:
            agency = session.exec(select(Agency).where(Agency.slug == slug)).one()
            places = list(session.exec(select(Location).where(Location.agency_id == agency.id)))
            offers = list(session.exec(select(Offer).where(Offer.agency_id == agency.id)))
            for row in (*places, *offers):
                session.expunge(row)
            return places, offers
    finally:
        engine.dispose()


def test_add_a_place_with_a_validation_error(
    browser: Browser, live_server: str, live_database: str, fresh_agency: str
) -> None:
    recorder = new_page(browser, live_server, viewport="mobile")
    page = recorder.page
    _sign_in(page, live_server)
    page.goto(f"{live_server}/coordinacion/catalogo/agencias/{fresh_agency}/editar")
    _check(recorder, "catalogue-agency-places")
    page.locator("[data-places] a[href$='/lugares/nuevo']").click()
    _check(recorder, "catalogue-place-form")
    page.fill("#name_es", "Sede Zorzal")
    page.fill("#address_1", "1 Norte 1234")
    page.select_option("#region_code", "7")
    page.locator("[data-place-form] [name=refresh]").click()
    communes = page.locator("#commune_code option").evaluate_all("os => os.map(o => o.value)")
    assert "7101" in communes and "13101" not in communes  # only Maule's communes
    page.select_option("#commune_code", "7101")
    page.fill("#latitude", "12")
    page.fill("#longitude", "-71.6554")
    page.locator("[data-place-form] [name=save]").click()
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#name_es") == "Sede Zorzal"  # kept what was typed
    _check(recorder, "catalogue-place-error")
    assert _rows(live_database, fresh_agency)[0] == []  # nothing written
    page.fill("#latitude", "-35,4264")
    page.locator("[data-place-form] [name=save]").click()
    page.wait_for_url(re.compile(r".*/coordinacion/catalogo/agencias/.*/editar#places$"))
    assert "Sede Zorzal" in page.locator("[data-places]").inner_text()
    [place] = _rows(live_database, fresh_agency)[0]
    assert (place.latitude, place.commune_code) == (-35.4264, "7101")
    page.locator(f"[data-place='{place.id}'] a").click()
    _check(recorder, "catalogue-place-edit")
    page.context.close()


def test_retire_an_agency_with_its_offers_and_put_them_back(
    browser: Browser, live_server: str, live_database: str, fresh_agency: str
) -> None:
    recorder = new_page(browser, live_server, viewport="mobile")
    page = recorder.page
    _sign_in(page, live_server)
    page.goto(f"{live_server}/coordinacion/catalogo/agencias/{fresh_agency}/historial")
    notice = page.locator("[data-retire-offers]")
    assert notice.locator("li").count() == 2
    _check(recorder, "catalogue-agency-retire")
    page.locator("[data-retire-form] button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()  # not confirmed: nothing retired
    _check(recorder, "catalogue-agency-retire-unconfirmed")
    assert {o.status for o in _rows(live_database, fresh_agency)[1]} == {"active"}
    page.locator("[data-retire-form] input[name=confirm]").check()
    page.locator("[data-retire-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/historial$"))
    assert page.locator("[data-reinstate-offers] li").count() == 2
    _check(recorder, "catalogue-agency-reinstate")
    assert {o.status for o in _rows(live_database, fresh_agency)[1]} == {"inactive"}
    page.locator("[data-reinstate-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/historial$"))
    assert {o.status for o in _rows(live_database, fresh_agency)[1]} == {"active"}
    page.context.close()
