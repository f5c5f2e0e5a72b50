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
