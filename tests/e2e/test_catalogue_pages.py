"""Catalogue stewardship in the real browser: a coordinator fixes a validation error and
saves an offer, then sees it on the public page and in search at once; a provider answers
an update link and the coordinator accepts; a visitor reports a problem; axe-core finds
nothing serious or critical on any new page, at phone and desktop widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import select

from enlace.catalogue.models import Agency, Offer
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import PageRecorder, axe_violations, describe, new_page, screenshot

STEWARD = "e2e-steward-maule@example.org"


@pytest.fixture(scope="module")
def maule_offers(live_database: str) -> list[str]:
    """A coordinator of Maule and the slugs of two Maule offers these tests change."""
    engine = make_engine(live_database)
    try:
        with open_session(engine) as session:
            make_user(session, "coordinator", email=STEWARD, region_code="7")
            session.commit()
            slugs = session.exec(
                select(Offer.slug)
                .join(Agency, Agency.id == Offer.agency_id)  # type: ignore[arg-type]
                .where(Agency.region_code == "7", Offer.status == "active")
                .order_by(Offer.slug)
            ).all()
    finally:
        engine.dispose()
    return list(slugs[-2:])


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


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_edit_an_offer_then_see_it_in_public_and_in_search(
    browser: Browser, live_server: str, maule_offers: list[str], viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport)
    page = recorder.page
    slug = maule_offers[0]
    _sign_in(page, live_server)
    page.locator("main a[href='/coordinacion/catalogo']").first.click()
    _check(recorder, f"catalogue-list-{viewport}")
    page.goto(f"{live_server}/coordinacion/catalogo/ofertas/{slug}/editar")
    _check(recorder, f"catalogue-offer-form-{viewport}")
    word = f"zorzal{viewport}"
    page.fill("#name_es", "")
    page.fill("#name_en", f"Carpentry {word}")
    page.locator("[data-offer-form] [name=save]").click()
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#name_en") == f"Carpentry {word}"  # kept what was typed
    _check(recorder, f"catalogue-offer-error-{viewport}")
    page.fill("#name_es", f"Taller de carpintería {word}")
    page.locator("[data-offer-form] [name=save]").click()
    page.wait_for_url(re.compile(r".*/coordinacion/catalogo/ofertas/.*/editar$"))
    page.goto(f"{live_server}/oferta/{slug}")
    assert word in page.locator("h1").inner_text()
    page.goto(f"{live_server}/buscar?q={word}")
    assert page.locator(f"[data-offer='{slug}'], a[href='/oferta/{slug}']").count() >= 1
    page.goto(f"{live_server}/coordinacion/catalogo/ofertas/{slug}/historial")
    assert page.locator("[data-version]").count() >= 1
    _check(recorder, f"catalogue-history-{viewport}")
    page.goto(f"{live_server}/coordinacion/catalogo/verificar")
    _check(recorder, f"catalogue-queue-{viewport}")
    recorder.page.context.close()


def test_a_provider_answers_an_update_link_and_the_coordinator_accepts(
    browser: Browser, live_server: str, live_database: str, maule_offers: list[str]
) -> None:
    slug = maule_offers[1]
    coordinator = new_page(browser, live_server, viewport="desktop")
    page = coordinator.page
    _sign_in(page, live_server)
    page.goto(f"{live_server}/coordinacion/catalogo/ofertas/{slug}/solicitud")
    _check(coordinator, "update-request-form")
    page.fill("#email", "proveedor@example.org")
    page.locator("form.stacked-form button[type=submit]").click()
    link = page.locator("[data-update-link]").inner_text().strip()
    _check(coordinator, "update-request-sent")
    review = page.locator("a[href*='/coordinacion/catalogo/solicitudes/']").get_attribute("href")
    provider = new_page(browser, live_server, viewport="mobile")
    provider.page.goto(link)
    _check(provider, "provider-update-form")
    provider.page.fill("#name_en", "Proposed by the provider")
    provider.page.locator("[data-provider-form] button[type=submit]").click()
    assert provider.page.locator("[data-proposal-sent]").is_visible()
    again = provider.page.goto(link)
    assert again is not None and again.status == 404  # the link works once
    provider.page.context.close()
    page.goto(live_server + str(review))
    _check(coordinator, "update-request-review")
    page.locator("[data-proposed='name_en'] input[type=checkbox]").check()
    page.locator("form.stacked-form button[type=submit]").click()
    assert page.locator("[data-request-status='closed']").is_visible()
    page.context.close()
    engine = make_engine(live_database)
    try:
        with open_session(engine) as session:
            offer = session.exec(select(Offer).where(Offer.slug == slug)).one()
            assert offer.name_en == "Proposed by the provider"
    finally:
        engine.dispose()


def test_a_visitor_reports_a_problem(
    browser: Browser, live_server: str, maule_offers: list[str]
) -> None:
    recorder = new_page(browser, live_server, viewport="mobile")
    page = recorder.page
    page.goto(f"{live_server}/oferta/{maule_offers[0]}")
    page.locator("[data-report-link]").click()
    _check(recorder, "report-problem-form")
    page.locator("input[name=reason][value=wrong_phone]").check()
    page.fill("#text", "El número correcto es el 71 234 5678")
    page.wait_for_timeout(3500)  # people take a few seconds; faster forms are a bot's
    page.locator("[data-report-form] button[type=submit]").click()
    assert page.locator("[data-report-sent]").is_visible()
    _check(recorder, "report-problem-thanks")
    page.context.close()
