"""Helpers for tests in a real browser: Debian's Chromium driven by Playwright, axe-core for WCAG."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("LAYANAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_22_AA = {"runOnly": {"type": "tag",
                          "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
              "resultTypes": ["violations"]}


def require_chromium() -> str:
    """The browser's path; a skip locally when it is missing, a failure in CI."""
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path:
        return path
    message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
    if os.environ.get("LAYANAN_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def launched_chromium() -> Iterator:
    """Debian's Chromium, headless, driven by Playwright (skipped or failed as `require_chromium`)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = require_chromium()
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def served_app(app) -> Iterator[str]:  # noqa: ANN001 - a Flask app
    """`app` (the site, the forms and the desk on one port) served by waitress on a free port of
    127.0.0.1, as `layanan serve` does; yields the base URL."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="layanan")
    thread = threading.Thread(target=server.run, daemon=True, name="waitress-uji")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()


def tabs(browser, base_url: str, width: int, javascript: bool) -> Iterator:  # noqa: ANN001
    """For an `open_tab` fixture: yields a function that opens a Tab at this width and JavaScript
    setting; afterwards closes them all and checks that none asked another host."""
    opened: list[Tab] = []

    def open_(*, axe: bool = False) -> Tab:
        tab = Tab(browser, base_url, width, javascript, axe=axe)
        opened.append(tab)
        return tab
    yield open_
    for tab in opened:
        tab.close()
    for tab in opened:
        assert tab.elsewhere() == [], "the browser asked another host"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def without_javascript(route) -> None:  # noqa: ANN001 - Playwright's Route
    """Serve the page as a browser without JavaScript would run it: no scripts at all.

    axe itself needs JavaScript, so instead of turning it off we strip every script the
    site would run; the page keeps Material's `no-js` state, as with JavaScript disabled.
    """
    request = route.request
    if request.resource_type == "script":
        route.abort()
        return
    if request.resource_type == "document":
        response = route.fetch()
        route.fulfill(response=response, body=_SCRIPT.sub("", response.text()))
        return
    route.continue_()


@contextmanager
def checked_site_page(browser, site_url: str, path: str, width: int, javascript: bool) -> Iterator:  # noqa: ANN001
    """A page of a built site, opened at `width` with or without JavaScript, checked as every page is:
    it loads, speaks Indonesian, has one h1, axe-core finds nothing (WCAG 2.2 AA) and it is no wider
    than the screen. Yields the page for the caller's own checks; on leaving, nothing was requested
    from another host."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    if not javascript:
        context.route("**/*", without_javascript)
    page = context.new_page()
    try:
        response = page.goto(site_url + path)
        assert response is not None and response.ok
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.lang") == "id"
        results = Axe().run(page, options=WCAG_22_AA)
        assert results.violations_count == 0, results.generate_report()
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
        yield page
    finally:
        context.close()
    assert [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)] == []


def app_without_javascript(route) -> None:  # noqa: ANN001 - Playwright's Route
    """As without_javascript, for an app too: redirects go back to the browser.

    Every page fetched is fetched without following redirects, so a 303 (and the session
    cookie it sets) reaches the browser as it would; scripts are stripped or refused. A post
    goes through untouched: Chromium does not hand an uploaded file's bytes to the route, so
    re-sending it would post an empty file. Its answer is checked for scripts in `Tab.check`.
    """
    request = route.request
    if request.resource_type == "script":
        route.abort()
        return
    if request.resource_type == "document" and request.method == "GET":
        response = route.fetch(max_redirects=0)
        if "text/html" in response.headers.get("content-type", ""):
            route.fulfill(response=response, body=_SCRIPT.sub("", response.text()))
        else:
            route.fulfill(response=response)
        return
    route.continue_()


class Tab:
    """A browser context with one page, which records every request and every CSP report."""

    def __init__(self, browser, base_url: str, width: int, javascript: bool, axe: bool) -> None:  # noqa: ANN001
        options = {"viewport": {"width": width, "height": 900}, "locale": "id-ID"}
        if not javascript and not axe:
            options["java_script_enabled"] = False  # a browser with JavaScript off
        self.context = browser.new_context(**options)
        self.base_url, self.width, self.axe = base_url, width, axe
        self.requests: list[str] = []
        self.console: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.stripped = not javascript and axe
        if self.stripped:
            self.context.route("**/*", app_without_javascript)  # axe needs JavaScript; the page gets none
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.console.append(message.text)
                     if message.type == "error" else None)

    def close(self) -> None:
        self.context.close()

    def elsewhere(self) -> list[str]:
        return [url for url in self.requests if urlsplit(url).hostname not in ("127.0.0.1", None)]

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def goto(self, path: str, status: int = 200):  # noqa: ANN201
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, (path, response and response.status)
        return response

    def follow(self, locator, status: int = 200):  # noqa: ANN001, ANN201
        """Click a link or a submit button and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        if response is None or response.status != status:
            alert = self.page.get_by_role("alert")
            said = alert.first.inner_text() if alert.count() else self.main_text()[:600]
            pytest.fail(f"{self.page.url}: {response and response.status}, not {status}: {said}")
        return response

    def press(self, name: str, status: int = 200):  # noqa: ANN201
        return self.follow(self.page.get_by_role("button", name=name, exact=True), status)

    def main_text(self) -> str:
        return re.sub(r"\s+", " ", self.page.locator("main").first.inner_text())

    def check(self, skip_rules: tuple[str, ...] = ()) -> None:
        """What every page must be: one h1, Indonesian, fits the width, on this host only, valid."""
        page = self.page
        assert page.locator("h1").count() == 1, f"{self.path()}: not exactly one h1"
        assert page.evaluate("document.documentElement.lang") == "id"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= self.width, f"{self.path()} is {scroll_width}px wide at {self.width}px"
        assert self.elsewhere() == []
        blocked = [text for text in self.console if "Content Security Policy" in text]
        assert blocked == [], f"{self.path()}: the page's own policy blocks part of it"
        if self.stripped:
            assert page.locator("script").count() == 0, f"{self.path()} runs scripts without JavaScript"
        if self.axe:
            from axe_playwright_python.sync_playwright import Axe

            options = WCAG_22_AA
            if skip_rules:  # a page that meets the criterion by an exception axe cannot see (said where used)
                options = {**WCAG_22_AA, "rules": {rule: {"enabled": False} for rule in skip_rules}}
            results = Axe().run(page, options=options)
            assert results.violations_count == 0, f"{self.path()}\n{results.generate_report()}"


class PageChecks:
    """The checks of `Tab.check` on each page of a walk, gathered instead of stopping at the first."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.problems: list[str] = []
        self.checked: list[str] = []

    def here(self, kind: str, skip_rules: tuple[str, ...] = ()) -> None:
        self.checked.append(kind)
        try:
            self.tab.check(skip_rules)
        except AssertionError as problem:
            self.problems.append(f"--- {kind} ({self.tab.path()}):\n{problem}")

    def assert_none(self, expected: list[str]) -> None:
        assert self.checked == expected
        assert not self.problems, "\n\n".join(self.problems)
