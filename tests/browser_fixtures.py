"""Browser tests: Debian's Chromium driven by Playwright against a real server in a thread.

The server is a second app instance on the same database, with CSRF protection on, as in
production. A failing browser test leaves a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("WWIDW_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class LiveServer:
    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(session_app, database_url, tmp_path_factory) -> Iterator[LiveServer]:
    from tests.conftest import make_test_app
    from wwidw.extensions import db

    # The same index folder as the test app, so what a test saves is found in the browser.
    server_app = make_test_app(
        database_url, tmp_path_factory.mktemp("live"), WTF_CSRF_ENABLED=True,
        SEARCH_INDEX_DIR=session_app.config["SEARCH_INDEX_DIR"],
    )
    server = LiveServer(server_app)
    server.start()
    yield server
    server.stop()
    with server_app.app_context():
        from wwidw.search import get_engine

        get_engine().close()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from tests.conftest import missing

    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server, app):
    """A fresh browser context per test; the database is emptied after it like any test."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    # The test's data is gone after it; the server's cached facet table must go with it.
    facets = live_server.app.extensions.get("wwidw_facets")
    if facets is not None:
        facets.clear()


def log_in(page, email: str, password: str | None = None) -> None:
    """Log in through the login page, as a person would."""
    from tests.conftest import PASSWORD

    page.goto(page.base_url + "/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password or PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page, name: str) -> None:
    """Log out through the account menu that carries the user's name."""
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Uitloggen").click()
