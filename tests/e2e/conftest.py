"""End-to-end fixtures: the real app served on loopback, driven by Debian's Chromium.

Playwright never downloads a browser here: it launches /usr/bin/chromium (or
ENLACE_CHROMIUM). Without it the tests skip and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel
from werkzeug.serving import BaseWSGIServer, make_server

from enlace import create_app
from enlace.db import get_database, make_engine, open_session
from enlace.exchange.authoring import load_shipped
from enlace.paths import DIRECTORY_DATA_DIR

try:
    from playwright.sync_api import Browser, Page, Playwright, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

CHROMIUM = os.environ.get("ENLACE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"mobile": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if sync_playwright is None:
        pytest.skip("Playwright for Python is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (Debian's package)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def live_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def live_database(live_root: Path) -> str:
    """The live server's database (SQLite, shipped catalogue); tests may add accounts to it."""
    url = f"sqlite:///{live_root / 'enlace.sqlite3'}"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with open_session(engine) as session:
        load_shipped(session, DIRECTORY_DATA_DIR)
        session.commit()
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_server(live_root: Path, live_database: str) -> Iterator[str]:
    """The app on 127.0.0.1 with the shipped catalogue, in a background thread."""
    root, url = live_root, live_database
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(root / "instance"),
            "INDEX_DIR": str(root / "index"),
            "SECRET_KEY": "e2e-secret-key",
        }
    )
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    engine_in_app = get_database(app).engine
    if engine_in_app is not None:
        engine_in_app.dispose()


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class PageRecorder:
    """A page plus every URL it requested, to prove nothing leaves for third parties."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        allowed = (self.base_url, "data:", "blob:", "about:")
        return [u for u in self.requests if not u.startswith(allowed)]


def new_page(
    browser: Browser, base_url: str, viewport: str = "mobile", locale: str = "es-CL"
) -> PageRecorder:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale, bypass_csp=True)  # type: ignore[arg-type]
    return PageRecorder(context.new_page(), base_url)


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[PageRecorder]:
    recorder = new_page(browser, live_server)
    yield recorder
    recorder.page.context.close()


def axe_violations(
    page: Page, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[dict[str, Any]]:
    """Run axe-core (vendored from npm) on the current page; return serious/critical issues."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False)
