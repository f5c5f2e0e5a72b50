"""The performance pages ("Kinerja Layanan") in a real browser, on every builder's output (MkDocs and
Zensical): WCAG 2.2 AA by axe-core at 1280 and 320 px, with and without JavaScript, nothing wider than the
screen, nothing from another host; the charts are named images the width of the page, and a reader reaches
the page from the unit and the service by keyboard. The same checks hold for the pages of a file the export
wrote from a real database, with a quarter whose result is withheld (too few respondents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import checked_site_page, launched_chromium, serve_folder, without_javascript
from conftest import REPO
from forms_app import performance_export as export
from forms_support import make_app
from layanan.site import Project, build
from layanan.versions import PUBLISHED_RECORD
from test_kinerja_export import fill
from test_kinerja_pages import SERVICE, UNIT, sample_data, write_data

pytestmark = pytest.mark.browser

PAGES = [f"/standar/{UNIT}/kinerja/", f"/standar/{UNIT}/{SERVICE}/kinerja/"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory, builder) -> Path:
    project = Project(REPO).copy_to(tmp_path_factory.mktemp(f"kinerja-browser-{builder}") / "proyek")
    (project.standard / PUBLISHED_RECORD).unlink(missing_ok=True)
    write_data(project, sample_data())
    build(project, site_dir=project.root / "keluaran", builder=builder)
    return project.root / "keluaran"


@pytest.fixture(scope="module")
def exported_site(tmp_path_factory, builder) -> Path:
    """The site built from the file `layanan kinerja ekspor` writes from a real database: test_kinerja_export's
    cases and answers of 2026, exported after the year ended (the year has an index; its second quarter,
    two respondents, is withheld)."""
    folder = tmp_path_factory.mktemp(f"kinerja-ekspor-{builder}")
    project = Project(REPO).copy_to(folder / "proyek")
    (project.standard / PUBLISHED_RECORD).unlink(missing_ok=True)
    app, close = make_app(folder, "sqlite")
    try:
        fill(app)
        with app.app_context():
            export.write(project.standard, export.export(UNIT, today=dt.date(2027, 1, 1)))
    finally:
        close()
    build(project, site_dir=project.root / "keluaran", builder=builder)
    return project.root / "keluaran"


@pytest.fixture(scope="module")
def exported_url(exported_site):
    with serve_folder(exported_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(built_site):
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve_folder(built_site) as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", PAGES)
def test_performance_pages_are_accessible_fit_and_stay_on_this_host(browser, site_url, path, width, javascript):
    with checked_site_page(browser, site_url, path, width, javascript) as page:
        charts = page.get_by_role("img", name="NRR per unsur, Triwulan III 2026")
        assert charts.count() == 1
        box = charts.bounding_box()
        article = page.locator("article").bounding_box()
        assert box is not None and article is not None
        assert box["width"] <= article["width"] + 1
        # the chart's labels stay readable: scaled no smaller than 80 % of their size at 320 px
        assert box["width"] >= min(360, article["width"]) - 1 and box["width"] / 360 >= 0.75
        assert page.get_by_role("table").first.is_visible()
        # no label or value runs out of its chart (an SVG clips what leaves its viewBox)
        outside = page.evaluate("""() => [...document.querySelectorAll('svg.kinerja-grafik text')]
            .filter(t => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > 360; })
            .map(t => t.textContent)""")
        assert outside == []

@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_reaches_the_performance_pages_from_the_unit_and_the_service(browser, site_url, javascript):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="id-ID")
    if not javascript:
        context.route("**/*", without_javascript)
    page = context.new_page()
    try:
        page.goto(site_url + f"/standar/{UNIT}/")
        link = page.get_by_role("link", name="Kinerja Layanan Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat")
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/standar/{UNIT}/kinerja/")
        assert "Mutu B (Baik)" in page.locator("article").inner_text()
        page.get_by_role("link", name="Pelayanan Konsultasi Statistik").last.click()
        assert urlsplit(page.url).path == f"/standar/{UNIT}/{SERVICE}/kinerja/"
        page.goto(site_url + f"/standar/{UNIT}/{SERVICE}/")
        page.get_by_role("link", name="Kinerja Layanan Pelayanan Konsultasi Statistik").click()
        assert urlsplit(page.url).path == f"/standar/{UNIT}/{SERVICE}/kinerja/"
        data = page.request.get(site_url + f"/standar/{UNIT}/{SERVICE}/kinerja.json")
        assert data.ok and data.json()["layanan"] == SERVICE
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_of_an_exported_file_pass_the_same_checks(browser, exported_url, path, width, javascript):
    with checked_site_page(browser, exported_url, path, width, javascript) as page:
        text = " ".join(page.locator("article").inner_text().split())
        assert "Tahun 2026" in text and "Mutu B (Baik)" in text
        assert page.get_by_role("img", name="NRR per unsur, Tahun 2026").count() == 1
        assert "Triwulan II 2026 responden kurang dari 5; indeks tidak dipublikasikan" in text
