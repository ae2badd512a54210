"""The API documentation page and the account page's API tokens, in a real browser:
rendered from vendored files only, under the site's Content-Security-Policy, accessible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import VIEWPORTS, axe_violations, describe, new_page, screenshot


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_the_api_documentation_renders_from_vendored_files(
    browser: Browser, live_server: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="en-GB")
    page = recorder.page
    page.goto(live_server + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 13  # every operation of both APIs
    assert page.locator("h1").first.inner_text() == "API documentation"
    assert recorder.foreign_requests() == []
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, f"api-docs-{viewport}")
    page.context.close()


def test_the_api_documentation_works_under_the_csp(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])  # type: ignore[arg-type]
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert refused == []
    context.close()


@pytest.fixture(scope="module")
def token_user(live_database: str) -> str:
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            make_user(session, "staff", email="e2e-tokens@example.org")
            session.commit()
    finally:
        engine.dispose()
    return "e2e-tokens@example.org"


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_creating_an_api_token_on_the_account_page(
    browser: Browser, live_server: str, token_user: str, viewport: str
) -> None:
    recorder = new_page(browser, live_server, viewport=viewport, locale="es-CL")
    page = recorder.page
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", token_user)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server + "/cuenta")
    page.get_by_label("Nombre", exact=True).fill(f"Sistema {viewport}")
    page.get_by_label(
        "Leer el directorio: búsqueda, ofertas, instituciones y coincidencias"
    ).check()
    page.get_by_role("button", name="Crear clave").click()
    secret = page.locator("code.token-secret").inner_text()
    assert re.fullmatch(r"enl_[A-Za-z0-9_\-]{20,}", secret)
    assert page.get_by_role("button", name=f"Revocar Sistema {viewport}").count() == 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "horizontal scrolling"  # type: ignore[index]
    assert recorder.foreign_requests() == []
    screenshot(page, f"account-tokens-{viewport}")
    page.context.close()
