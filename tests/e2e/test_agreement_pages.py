"""The coordinators' agreement pages in the real browser: a validation error fixed, the
"changed meanwhile" page, keyboard use, and axe-core at phone and desktop widths."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from enlace.accounts.models import User
from enlace.catalogue.reference import stable_id
from enlace.db import make_engine, open_session
from enlace.network.agreements import create_agreement
from enlace.network.validation import AgreementDraft, PartyDraft
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import PageRecorder, axe_violations, describe, new_page, screenshot

MAULE = "e2e-agreements-maule@example.org"
NATIONAL = "e2e-agreements-national@example.org"
RENACER = stable_id("agency", "ct-renacer-talca")
TALCA = stable_id("agency", "muni-talca")
SHARED = "Convenio e2e para editar a la vez"


@pytest.fixture(scope="module")
def coordinators(live_database: str) -> str:
    """Two coordinators who both may edit Maule's agreements, and an agreement of their own
    (the other e2e tests read the shipped ones, which these tests leave alone)."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            make_user(session, "coordinator", email=MAULE, region_code="7")
            national: User = make_user(session, "coordinator", email=NATIONAL)
            draft = AgreementDraft(
                title_es=SHARED,
                kind="referral_protocol",
                valid_from=date(2026, 1, 1),
                valid_to=date(2027, 12, 31),
                parties=(PartyDraft(RENACER, "referrer"), PartyDraft(TALCA, "provider")),
                domains=("housing",),
                region_code="7",
            )
            made = create_agreement(session, national, draft, today=date(2026, 1, 1))
            session.commit()
    finally:
        engine.dispose()
    return made.slug


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/entrar")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(base + "/coordinacion/")


def _check(recorder: PageRecorder, name: str) -> None:
    """axe-core finds nothing serious, nothing scrolls sideways, nothing leaves the site."""
    page = recorder.page
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling on {name}"  # type: ignore[index]
    assert recorder.foreign_requests() == []
    screenshot(page, name)


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_list_detail_and_form_are_accessible(
    browser: Browser, live_server: str, coordinators: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport)
    page = recorder.page
    _sign_in(page, live_server, MAULE)
    page.locator("main a[href='/coordinacion/convenios']").first.click()
    page.wait_for_url(live_server + "/coordinacion/convenios")
    assert page.locator("h1").inner_text() == "Convenios"
    assert page.locator("[data-agreement]").count() >= 10
    _check(recorder, f"agreements-list-{viewport}")
    page.locator("[data-agreement='conv-renacer-hogar-de-cristo-empleo'] h3 a").click()
    page.wait_for_url("**/conv-renacer-hogar-de-cristo-empleo")
    assert page.locator("#history-heading").is_visible()
    _check(recorder, f"agreement-detail-{viewport}")
    page.locator("[data-actions] a", has_text="Editar").click()
    page.wait_for_url("**/editar")
    assert page.locator("select[name='parties-2-agency_id']").count() == 1  # a blank row
    _check(recorder, f"agreement-form-{viewport}")
    page.context.close()


def test_filters_by_keyboard_at_phone_width(
    browser: Browser, live_server: str, coordinators: str
) -> None:
    recorder = new_page(browser, live_server, viewport="mobile")
    page = recorder.page
    _sign_in(page, live_server, MAULE)
    page.goto(live_server + "/coordinacion/convenios")
    summary = page.locator("#filters summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#filters").get_attribute("open") is not None
    page.keyboard.press("Tab")  # the first filter follows the disclosure
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("OMIL")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=OMIL**")
    slugs = page.locator("[data-agreement]").evaluate_all(
        "items => items.map(i => i.dataset.agreement)"
    )
    assert "conv-renacer-omil-talca" in slugs and "conv-pai-curico-opd" not in slugs
    assert page.locator("#filters").get_attribute("open") is not None  # stays open
    _check(recorder, "agreements-filtered-mobile")
    page.context.close()


def test_a_validation_error_keeps_the_input_and_can_be_fixed(
    browser: Browser, live_server: str, coordinators: str
) -> None:
    recorder = new_page(browser, live_server, viewport="desktop")
    page = recorder.page
    _sign_in(page, live_server, MAULE)
    page.goto(live_server + "/coordinacion/convenios/nuevo")
    page.fill("#title_es", "Convenio e2e: cupos de vivienda")
    page.select_option("#kind", "reserved_quota")
    page.fill("#valid_from", "2026-07-01")
    page.fill("#valid_to", "2026-03-31")  # before the start
    page.select_option("#parties-0-agency_id", RENACER)
    page.select_option("#parties-0-role", "referrer")
    page.select_option("#parties-1-agency_id", TALCA)
    page.select_option("#parties-1-role", "provider")
    page.fill("#parties-1-contact_name", "Marcela Rojas")
    page.check("#domains input[value='housing']")
    page.fill("#quota", "4")
    page.select_option("#quota_period", "year")
    page.locator("button[value='save']").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "La fecha de término debe ser igual o posterior" in summary.inner_text() or (
        "#valid_to" in summary.inner_html()
    )
    assert page.input_value("#title_es") == "Convenio e2e: cupos de vivienda"
    assert page.input_value("#parties-1-contact_name") == "Marcela Rojas"
    assert page.locator("#valid_to").get_attribute("aria-invalid") == "true"
    assert page.is_checked("#domains input[value='housing']")
    _check(recorder, "agreement-form-error-desktop")
    page.locator(".error-summary a[href='#valid_to']").focus()
    page.keyboard.press("Enter")  # the summary's link leads to the field
    assert page.evaluate("location.hash") == "#valid_to"
    page.fill("#valid_to", "2027-06-30")
    page.locator("button[value='save']").click()
    page.wait_for_url("**/convenio-e2e-cupos-de-vivienda")
    assert "Convenio guardado." in page.locator(".flash-messages").inner_text()
    assert "Marcela Rojas" in page.locator("main").inner_text()
    page.context.close()


def test_changed_meanwhile_shows_their_change_and_keeps_mine(
    browser: Browser, live_server: str, coordinators: str
) -> None:
    slug = coordinators
    first = new_page(browser, live_server, viewport="desktop")
    second = new_page(browser, live_server, viewport="mobile")
    _sign_in(first.page, live_server, NATIONAL)
    _sign_in(second.page, live_server, MAULE)
    edit = f"{live_server}/coordinacion/convenios/{slug}/editar"
    first.page.goto(edit)
    second.page.goto(edit)
    first.page.fill("#quota", "15")
    first.page.select_option("#quota_period", "year")
    first.page.locator("button[value='save']").click()
    first.page.wait_for_url(f"**/convenios/{slug}")
    second.page.fill("#title_en", "Typed by the second person")
    second.page.locator("button[value='save']").click()
    box = second.page.locator("[data-changed-meanwhile]")
    box.wait_for()
    text = box.inner_text()
    assert "Otra persona guardó este convenio mientras tanto" in text
    assert NATIONAL in text and "15" in text
    assert second.page.input_value("#title_en") == "Typed by the second person"
    _check(second, "agreement-changed-meanwhile-mobile")
    second.page.locator("button[value='save']").click()  # saving again wins
    second.page.wait_for_url(f"**/convenios/{slug}")
    assert "Convenio guardado." in second.page.locator(".flash-messages").inner_text()
    history = second.page.locator("#history-heading + ol").inner_text()
    assert "Typed by the second person" in history
    first.page.context.close()
    second.page.context.close()
