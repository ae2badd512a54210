"""Casework in Chromium: a case manager registers a participant, assesses, sees matches,
refers with consent and prints the letter; the receiving agency opens its link and
accepts; the loop shows closed; consent withdrawn stops the link; another centre gets
404 on the participant's URLs. Axe clean at 360 and 1280 px on the casework pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.reference import stable_id
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.casework_factories import Case, make_case
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

MANAGER = "e2e-case-manager@example.org"
OTHER = "e2e-other-centre@example.org"
AXE_MANAGER = "e2e-axe-manager@example.org"


@pytest.fixture(scope="module")
def accounts(live_database: str) -> Case:
    """Two case managers of different centres, and a ready case for the axe checks."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            centre = session.get(Agency, stable_id("agency", "ct-renacer-talca"))
            make_user(session, "staff", email=MANAGER, agency=centre)
            make_user(session, "staff", email=OTHER)  # a centre of its own
            axe_staff = make_user(session, "staff", email=AXE_MANAGER, agency=centre)
            offer = session.exec(select(Offer).where(Offer.status == "active")).first()
            case = make_case(session, axe_staff, offer=offer)
            session.commit()
    finally:
        engine.dispose()
    return case


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/entrar")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(base + "/equipo/")


def _clean(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling on {name}"  # type: ignore[index]
    screenshot(page, name)


def test_a_referral_loop_closed_under_consent(
    browser: Browser, live_server: str, accounts: Case
) -> None:
    base = live_server
    recorder = new_page(browser, base, viewport="desktop", locale="es-CL")
    page = recorder.page
    _sign_in(page, base, MANAGER)
    page.locator("[data-caseload-link]").click()
    page.wait_for_url(base + "/equipo/participantes")
    page.get_by_role("link", name="Registrar una persona participante").first.click()
    page.fill("#year_of_birth", "1991")
    page.fill("#file_number", "EXP-E2E-1")
    page.get_by_role("button", name="Registrar y obtener el código").click()
    page.wait_for_selector("[data-new-code]")
    code = page.locator("h1 [data-code]").get_attribute("data-code")
    assert code and len(code) == 9
    participant_url = page.url.split("?")[0]
    # assess: a high need for employment, saved, then the matches of that assessment
    page.get_by_role("link", name="Registrar una evaluación").click()
    page.select_option("#need_employment", "high")
    page.locator(".assessment-form > p.actions:last-child button").click()
    page.wait_for_url(participant_url + "/ofertas")
    assert page.locator("[data-refer]").count() >= 1
    page.locator("[data-refer]").first.click()
    page.wait_for_url(f"{base}/equipo/derivaciones/*")
    referral_url = page.url
    assert page.locator("[data-consent-state=missing]").count() == 1
    # consent: the sensitive categories start unticked
    page.get_by_role("link", name="Registrar el consentimiento de la persona").click()
    assert page.locator("#categories-age").is_checked()
    assert not page.locator("#categories-substance_use").is_checked()
    assert not page.locator("#categories-treatment").is_checked()
    page.select_option("#method", "signed_paper")
    page.get_by_role("button", name="Registrar el consentimiento").click()
    page.wait_for_url(referral_url)
    page.locator("form[data-move=sent] button").click()
    page.wait_for_selector("[data-referral-status=sent]")
    # the letter, printed: only consented data and the notice
    page.locator("[data-letter]").click()
    page.wait_for_url(referral_url + "/carta")
    assert code in page.locator("[data-shared]").inner_text()
    assert "No la entregue a nadie más" in page.locator("[data-notice]").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").first.is_visible()
    page.emulate_media(media="screen")
    page.goto(referral_url)
    page.locator("[data-create-link]").click()
    link = page.locator("#recipient-link").input_value()
    assert "/derivacion/" in link
    # the receiving agency, no account: opens and accepts
    agency = new_page(browser, base, viewport="mobile", locale="es-CL")
    agency.page.goto(link)
    assert code in agency.page.locator("[data-shared]").inner_text()
    agency.page.locator("form[data-answer=accepted] button").click()
    agency.page.wait_for_selector("[data-answer-saved]")
    assert agency.page.context.cookies() == []
    # the case manager sees the loop closed
    page.goto(referral_url)
    assert page.locator("[data-referral-status=accepted]").count() == 1
    assert (
        page.locator("[data-event=accepted]").inner_text().endswith("por la institución receptora")
    )
    # consent withdrawn: the link stops showing anything
    page.locator("[data-revoke-consent]").click()
    page.wait_for_selector("[data-consent-state=revoked]")
    agency.page.goto(link)
    assert agency.page.locator("[data-consent-withdrawn]").is_visible()
    assert code not in agency.page.locator("main").inner_text()
    agency.page.context.close()
    assert recorder.foreign_requests() == []
    page.context.close()
    # another centre's case manager: every URL of that participant is "not found"
    other = new_page(browser, base, viewport="desktop", locale="es-CL")
    _sign_in(other.page, base, OTHER)
    for url in (
        participant_url,
        participant_url + "/plan",
        participant_url + "/ofertas",
        participant_url + "/comunicaciones",
        referral_url,
        referral_url + "/carta",
    ):
        response = other.page.goto(url)
        assert response is not None and response.status == 404, url
    other.page.context.close()


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_casework_pages_are_accessible(
    browser: Browser, live_server: str, accounts: Case, viewport: str
) -> None:
    base = live_server
    recorder = new_page(browser, base, viewport=viewport, locale="es-CL")
    page = recorder.page
    _sign_in(page, base, AXE_MANAGER)
    case = accounts
    for name, path in (
        ("caseload", "/equipo/participantes"),
        ("caseload-open-referrals", "/equipo/participantes?lista=abiertas"),
        ("caseload-participants", "/equipo/participantes?lista=participantes"),
        ("participant", f"/equipo/participantes/{case.participant_id}"),
        ("referral", f"/equipo/derivaciones/{case.referral_id}"),
        ("consent", f"/equipo/derivaciones/{case.referral_id}/consentimiento"),
        ("plan", f"/equipo/participantes/{case.participant_id}/plan"),
        ("new-participant", "/equipo/participantes/nuevo"),
        ("matches", f"/equipo/participantes/{case.participant_id}/ofertas"),
        ("assessment", f"/equipo/participantes/{case.participant_id}/evaluacion"),
        ("letter", f"/equipo/derivaciones/{case.referral_id}/carta"),
        ("goal", f"/equipo/objetivos/{case.goal_id}"),
        ("transfer", f"/equipo/participantes/{case.participant_id}/traslado"),
        ("disclosures", f"/equipo/participantes/{case.participant_id}/comunicaciones"),
        ("delete", f"/equipo/participantes/{case.participant_id}/eliminar"),
    ):
        page.goto(base + path)
        _clean(page, f"casework-{name}-{viewport}")
    agency = new_page(browser, base, viewport=viewport, locale="es-CL")
    agency.page.goto(f"{base}/derivacion/{case.token}")
    assert agency.page.locator("[data-shared]").is_visible()
    _clean(agency.page, f"casework-recipient-{viewport}")
    agency.page.context.close()
    assert recorder.foreign_requests() == []
    page.context.close()
