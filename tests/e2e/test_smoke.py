"""The start page in a real browser: accessible, mobile-friendly, nothing from third parties."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import axe_violations, describe, new_page, screenshot


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
@pytest.mark.parametrize("locale", ["es-CL", "en-GB"])
def test_home_is_accessible_and_self_contained(
    browser: Browser, live_server: str, viewport: str, locale: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale=locale)
    page = recorder.page
    page.goto(live_server + "/")
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "horizontal scrolling"  # type: ignore[index]
    assert recorder.foreign_requests() == []
    screenshot(page, f"home-{locale}-{viewport}")
    page.context.close()


def test_skip_link_moves_focus_to_main(page) -> None:  # type: ignore[no-untyped-def]
    page.page.goto(page.base_url + "/")
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.className") == "skip-link"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("document.activeElement.id") == "main"
