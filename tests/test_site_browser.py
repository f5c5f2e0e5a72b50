"""The built site in a real browser: WCAG 2.2 AA by axe-core, 320 px, no JavaScript, no other hosts."""

from __future__ import annotations


import pytest

from browser import checked_site_page, launched_chromium, serve_folder

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/standar/",
    "/standar/pst-bps-kutai-barat/",
    "/standar/pst-bps-kutai-barat/konsultasi-statistik/",
    "/standar/skema/",
    "/privasi/",
    "/aksesibilitas/",
    "/404.html",
]


@pytest.fixture(scope="module")
def browser(built_seed_site):
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site_url(built_seed_site):
    with serve_folder(built_seed_site.root / "site") as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_fits_and_stays_on_this_host(browser, site_url, path, width, javascript):
    with checked_site_page(browser, site_url, path, width, javascript):
        pass


def test_service_page_can_be_used_with_the_keyboard(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "/standar/pst-bps-kutai-barat/konsultasi-statistik/")
        reached = set()
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.tagName, e.getAttribute('href') || '', getComputedStyle(e).outlineStyle]; }")
            if focused[0] == "A":
                reached.add(focused[1])
                assert focused[2] != "none", f"no visible focus on {focused[1]}"
        assert "../" in reached  # the unit's profile, from the navigation
        assert "../konsultasi-statistik.json" in reached
    finally:
        context.close()
