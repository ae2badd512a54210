"""Admin and account pages in a real browser: axe-clean at 360 and 1280 px, keyboard-scrollable
tables, aligned account facts, and each role's fields shown to the role they concern."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from enlace.accounts.audit import COMMAND_LINE, AuditAction, RequestInfo, record
from enlace.db import make_engine, open_session
from tests.accounts_factories import PASSWORD, make_user
from tests.e2e.conftest import axe_violations, describe, new_page, screenshot

ADMIN = "e2e-admin@example.org"
LONG_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


@pytest.fixture(scope="module")
def people(live_database: str) -> dict[str, int]:
    """An admin, a staff member and a coordinator, and a log wider than a phone."""
    engine = make_engine(live_database)
    try:
        with open_session(engine, expire_on_commit=False) as session:
            admin = make_user(session, "admin", email=ADMIN, display_name="Administración E2E")
            staff = make_user(session, "staff", email="e2e-admin-staff@example.org")
            coordinator = make_user(
                session, "coordinator", email="e2e-admin-coord@example.org", region_code="7"
            )
            info = RequestInfo(ip="2001:db8:85a3::8a2e:370:7334", user_agent=LONG_AGENT)
            for action in AuditAction:
                record(session, None, action, "user", staff.id, None, info)
            record(session, admin, AuditAction.DEMO_ACCOUNTS, "user", None, None, COMMAND_LINE)
            session.commit()
            assert admin.id and staff.id and coordinator.id
            return {"admin": admin.id, "staff": staff.id, "coordinator": coordinator.id}
    finally:
        engine.dispose()


def _signed_in(browser: Browser, live_server: str, viewport: str) -> Page:
    page = new_page(browser, live_server, viewport=viewport, locale="es-CL").page
    page.goto(live_server + "/entrar")
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(live_server + "/admin/usuarios")
    return page


@pytest.fixture(params=["mobile", "desktop"])
def admin_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: str, people: dict[str, int]
) -> Iterator[tuple[Page, str]]:
    page = _signed_in(browser, live_server, request.param)
    yield page, request.param
    page.context.close()


def test_every_admin_page_is_accessible_at_both_widths(
    admin_page: tuple[Page, str], live_server: str, people: dict[str, int]
) -> None:
    page, viewport = admin_page
    pages = {
        "users": "/admin/usuarios",
        "new-user": "/admin/usuarios/nuevo",
        "staff": f"/admin/usuarios/{people['staff']}",
        "coordinator": f"/admin/usuarios/{people['coordinator']}",
        "locks": "/admin/bloqueos",
        "audit": "/admin/auditoria",
        "account": "/cuenta",
    }
    for name, path in pages.items():
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        violations = axe_violations(page)
        assert not violations, f"{path}: {describe(violations)}"
        screenshot(page, f"admin-{name}-{viewport}")
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
                .filter((el) => !el.closest('.table-wrap'))
                .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))"""
        )
        assert width <= page.viewport_size["width"], f"{path} scrolls sideways: {wide}"  # type: ignore[index]


def test_the_audit_table_scrolls_with_the_keyboard_on_a_phone(
    browser: Browser, live_server: str, people: dict[str, int]
) -> None:
    page = _signed_in(browser, live_server, "mobile")
    page.goto(live_server + "/admin/auditoria")
    wrap = page.locator(".table-wrap")
    assert wrap.get_attribute("role") == "region" and wrap.get_attribute("tabindex") == "0"
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", wrap.element_handle())
    for _ in range(60):  # Tab through the page until the table's region has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-wrap')"):
            break
    else:
        pytest.fail("the audit table's scroll region cannot be reached with Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-wrap').scrollLeft > 0")
    page.context.close()


def test_an_account_form_shows_only_the_chosen_roles_place(
    browser: Browser, live_server: str, people: dict[str, int]
) -> None:
    page = _signed_in(browser, live_server, "desktop")
    page.goto(live_server + f"/admin/usuarios/{people['staff']}")
    centre, network = page.locator("#agency_id"), page.locator("#region_code")
    assert centre.is_visible() and not network.is_visible()  # no "Red: Nacional" for staff
    page.select_option("#role", "coordinator")
    assert network.is_visible() and not centre.is_visible()
    page.select_option("#role", "admin")
    assert not network.is_visible() and not centre.is_visible()
    disable = page.get_by_role("button", name="Desactivar cuenta")
    colours = disable.evaluate(
        "(b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
    )
    assert colours[0] == "rgb(255, 255, 255)" and colours[1] != "rgb(255, 255, 255)"  # outlined
    page.context.close()


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_account_values_line_up_with_their_labels(
    browser: Browser, live_server: str, people: dict[str, int], viewport: str
) -> None:
    page = _signed_in(browser, live_server, viewport)
    page.goto(live_server + "/cuenta")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.facts-grid > div')].map((row) => {
            const dt = row.querySelector('dt').getBoundingClientRect();
            const dd = row.querySelector('dd').getBoundingClientRect();
            return {dtLeft: dt.left, dtTop: dt.top, ddLeft: dd.left, ddTop: dd.top};
        })"""
    )
    assert len(boxes) >= 3
    if viewport == "desktop":  # one column of values, each on its label's line
        assert len({round(box["ddLeft"]) for box in boxes}) == 1, boxes
        assert all(abs(box["ddTop"] - box["dtTop"]) < 4 for box in boxes), boxes
        assert all(box["ddLeft"] > box["dtLeft"] for box in boxes)
    else:  # each value under its label, at the same left edge
        assert all(box["ddTop"] > box["dtTop"] for box in boxes), boxes
        assert all(round(box["ddLeft"]) == round(box["dtLeft"]) for box in boxes), boxes
    screenshot(page, f"account-{viewport}")
    page.context.close()
