"""Issue 10 in a real browser: what a person sees on the pages the issue names."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import AXE, axe_violations, describe, new_page, screenshot

OFFER = "hogar-de-cristo-empleo-con-apoyo-talca"

#: Every text box (and list marker) of one entry against those of the others: overlaps?
OVERLAPS = """
(selector) => {
  const entries = [...document.querySelectorAll(selector)];
  const boxes = entries.map((entry, i) => {
    // The list marker ("•") sits left of the entry, in the gap between columns.
    const box = entry.getBoundingClientRect();
    const marker = parseFloat(getComputedStyle(entry.parentElement).paddingLeft) || 0;
    const rects = [{i, l: box.left - marker, r: box.left, t: box.top, b: box.top + 20, text: "•"}];
    const walker = document.createTreeWalker(entry, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      const text = walker.currentNode.textContent.trim();
      for (const r of range.getClientRects()) {
        rects.push({i, l: r.left, r: r.right, t: r.top, b: r.bottom, text});
      }
    }
    return rects;
  }).flat();
  const clashes = [];
  for (const a of boxes) for (const b of boxes) {
    const apart = a.r - 1 <= b.l || b.r - 1 <= a.l || a.b - 1 <= b.t || b.b - 1 <= a.t;
    if (a.i < b.i && !apart) clashes.push(`${a.text} / ${b.text}`);
  }
  return clashes;
}
"""


def _region_violations(page: Page) -> list[str]:
    """axe's "region" rule (best practice, not a WCAG tag): content outside landmarks."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['region']}})"
    )
    return [str(n["target"]) for v in result["violations"] for n in v["nodes"]]


def test_region_columns_never_collide_at_desktop_width(browser: Browser, live_server: str) -> None:
    for locale in ("es-CL", "en-GB"):
        page = new_page(browser, live_server, viewport="desktop", locale=locale).page
        page.goto(live_server + "/regiones")
        assert page.evaluate(OVERLAPS, ".region-list li") == []
        screenshot(page, f"regions-{locale}-desktop")
        page.context.close()


def test_filters_are_reachable_from_the_top_on_a_phone_without_javascript(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="es-CL"
    )
    page = context.new_page()
    page.goto(live_server + "/buscar?q=trabajo")
    control = page.get_by_role("link", name="Filtros")
    first = page.locator(".result").first
    control_box, first_box = control.bounding_box(), first.bounding_box()
    assert control_box and first_box and control_box["y"] < first_box["y"]
    control.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("#filters"))
    expect(page.locator("#facets-title")).to_be_in_viewport()
    expect(page.locator(".facet a").first).to_be_visible()
    context.close()


def test_filters_link_with_javascript_is_accessible(browser: Browser, live_server: str) -> None:
    page = new_page(browser, live_server).page
    page.goto(live_server + "/buscar?q=trabajo")
    page.get_by_role("link", name="Filtros").click()
    page.wait_for_url(lambda url: url.endswith("#filters"))
    page.wait_for_load_state("networkidle")  # a jump in the page is not a new search
    expect(page.locator("#facets-title")).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == "filters"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "results-filters-es-mobile")
    page.context.close()


def test_the_demo_banner_is_inside_a_landmark(browser: Browser, live_server: str) -> None:
    for path in ("/", "/buscar?q=trabajo", f"/oferta/{OFFER}", "/regiones"):
        page = new_page(browser, live_server, viewport="desktop").page
        page.goto(live_server + path)
        expect(page.locator(".demo-notice")).to_be_visible()
        assert _region_violations(page) == [], path
        page.context.close()


def test_the_favicon_is_served_and_linked(browser: Browser, live_server: str) -> None:
    recorder = new_page(browser, live_server)
    page = recorder.page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(live_server + "/")
    response = page.request.get(live_server + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/vnd.microsoft.icon", "image/x-icon")
    assert page.locator('link[rel="icon"]').count() >= 1
    assert failed == []
    page.context.close()


def test_the_printed_list_shows_hours_not_open_now(browser: Browser, live_server: str) -> None:
    page = new_page(browser, live_server, viewport="desktop").page
    page.goto(live_server + f"/mi-lista?o={OFFER}")
    expect(page.locator(".take-away-item .hours").first).to_be_visible()
    page.emulate_media(media="print")
    assert page.locator(".open-state").count() > 0
    for state in page.locator(".open-state").all():
        assert state.is_hidden()
    expect(page.locator(".take-away-item .hours").first).to_be_visible()
    screenshot(page, "my-list-print-es-desktop")
    page.context.close()
