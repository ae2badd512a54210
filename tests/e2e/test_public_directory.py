"""The public directory in a real browser, as a participant on a phone would use it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

OFFER = "hogar-de-cristo-empleo-con-apoyo-talca"
AGENCY = "hogar-de-cristo"
PAGES = {
    "home": "/",
    "results": "/buscar?q=capacitacion&region=7",
    "offer": f"/oferta/{OFFER}",
    "agency": f"/institucion/{AGENCY}",
    "print": f"/mi-lista?o={OFFER}&o=sence-becas-laborales",
}
#: Controls that must be comfortable to tap (WCAG 2.5.5 target size, 44 px).
TAP_TARGETS = (
    "button:visible, input:visible:not([type=hidden]), select:visible, summary:visible, "
    ".facet a:visible, .chip:visible, .language-switch a:visible, .sort a:visible, .pager a:visible"
)


def _small_targets(page: Page) -> list[str]:
    small = []
    for element in page.locator(TAP_TARGETS).all():
        box = element.bounding_box()
        if box and box["height"] < 44:
            small.append(
                f"{element.evaluate('e => e.outerHTML.slice(0, 80)')} ({box['height']:.0f}px)"
            )
    return small


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
@pytest.mark.parametrize("locale", ["es-CL", "en-GB"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_mobile_friendly_and_self_contained(
    browser: Browser, live_server: str, name: str, locale: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale=locale)
    page = recorder.page
    response = page.goto(live_server + PAGES[name])
    assert response is not None and response.status == 200
    if name == "print":
        page.emulate_media(media="print")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]
    if viewport == "mobile" and name != "print":
        assert _small_targets(page) == []
    assert recorder.foreign_requests() == []
    screenshot(page, f"{name}-{locale}-{viewport}")
    page.context.close()


def test_search_with_a_typo_then_filter_by_domain_and_region(
    browser: Browser, live_server: str
) -> None:
    page = new_page(browser, live_server).page
    page.goto(live_server + "/")
    page.get_by_label("¿Qué estás buscando?").fill("capasitacion")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/buscar\?q=capasitacion"))
    expect(page.locator(".result").first).to_be_visible()
    expect(page.locator(".result mark").first).to_be_visible()

    page.locator(".facet summary", has_text="Necesidad").click() if not page.locator(
        ".facet[open] summary", has_text="Necesidad"
    ).count() else None
    page.locator(".facet a", has_text="Capacitación").first.click()
    page.wait_for_url(re.compile(r"domain=training"))
    page.locator(".facet a", has_text="Maule").first.click()
    page.wait_for_url(re.compile(r"region=7"))
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator("#results-title")).to_be_focused()

    page.locator(".chip", has_text="Maule").click()
    page.wait_for_url(lambda url: "region=7" not in url)
    expect(page.locator(".chip")).to_have_count(1)
    page.go_back()
    page.wait_for_url(re.compile(r"region=7"))
    expect(page.locator(".chip")).to_have_count(2)
    page.context.close()


def test_results_work_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/buscar?q=vivienda")
    page.locator(".facet a", has_text="Maule").first.click()
    assert "region=7" in page.url
    assert page.locator(".result").count() > 0
    assert (
        page.locator("[data-save-offer]").count() == 0
        or not page.locator("[data-save-offer]").first.is_visible()
    )
    context.close()


def test_switch_language_then_open_an_offer_and_take_it_away(
    browser: Browser, live_server: str
) -> None:
    page = new_page(browser, live_server).page
    page.goto(live_server + "/buscar?q=empleo+con+apoyo")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#results-title")).to_contain_text("found")

    page.locator(f'.result[data-offer="{OFFER}"] a').first.click()
    expect(page.locator("h1")).to_contain_text("Supported employment")
    expect(page.get_by_role("heading", name="Who it is for")).to_be_visible()

    save = page.locator("[data-save-offer]")
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    my_list = page.locator("[data-my-list-link]")
    expect(my_list).to_contain_text("(1)")
    my_list.click()
    page.wait_for_url(re.compile(r"/mi-lista\?o="))
    expect(page.locator(".take-away-item")).to_have_count(1)

    page.emulate_media(media="print")
    assert page.locator(".actions").first.is_hidden()
    assert page.locator(".language-switch").is_hidden()
    screenshot(page, "print-view-en-mobile")
    page.context.close()


def test_keyboard_only_search(browser: Browser, live_server: str) -> None:
    page = new_page(browser, live_server, viewport="desktop").page
    page.goto(live_server + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("arriendo")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=arriendo"))
    expect(page.locator(".result").first).to_be_visible()
    page.context.close()


def test_suggestions_as_you_type_by_keyboard_and_by_tap(browser: Browser, live_server: str) -> None:
    """The search box is a combobox: suggestions appear while typing, arrows move through
    them, Enter opens the highlighted one, Escape closes the list, a tap opens an offer."""
    recorder = new_page(browser, live_server)
    page = recorder.page
    page.goto(live_server + "/")
    box = page.get_by_role("combobox", name="¿Qué estás buscando?")
    box.fill("conce")
    first = page.get_by_role("option").first
    expect(first).to_contain_text("Concepción")
    expect(first).to_contain_text("comuna")
    expect(box).to_have_attribute("aria-expanded", "true")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "suggestions-es-mobile")
    page.keyboard.press("Escape")
    expect(page.locator("#q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.fill("Concep")
    expect(page.get_by_role("option").first).to_contain_text("Concepción")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "q-suggestions-0")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/buscar\?commune=8101"))
    expect(page.locator(".result").first).to_be_visible()

    page.goto(live_server + "/")
    page.get_by_role("combobox", name="¿Qué estás buscando?").fill("curso de sol")
    offer = page.get_by_role("option", name=re.compile("soldadura", re.IGNORECASE)).first
    offer.click()
    page.wait_for_url(re.compile(r"/oferta/"))
    expect(page.locator("h1")).to_contain_text(re.compile("soldadura", re.IGNORECASE))
    assert recorder.foreign_requests() == []
    page.context.close()
