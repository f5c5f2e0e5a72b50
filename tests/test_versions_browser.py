"""A standard with a version in force and an upcoming one, in a real browser, on every builder's output.

WCAG 2.2 AA by axe-core at 1280 and 320 px, with and without JavaScript, nothing from another host;
a reader goes from the service page to its history, the upcoming version and back; and the page
prints on A4 without the site's furniture.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import checked_site_page, launched_chromium, serve_folder, without_javascript
from conftest import REPO, SEED_SERVICE
from layanan.site import Project, build
from layanan.versions import PUBLISHED_RECORD

pytestmark = pytest.mark.browser

SERVICE = "/standar/pst-bps-kutai-barat/konsultasi-statistik/"
PAGES = [
    SERVICE,
    SERVICE + "riwayat/",
    SERVICE + "versi-1/",
    SERVICE + "versi-2/",
    "/standar/pst-bps-kutai-barat/",
    "/standar/pst-bps-kutai-barat/profil/riwayat/",
    "/standar/pst-bps-kutai-barat/profil/versi-1/",
]


@pytest.fixture(scope="module")
def versioned_site(tmp_path_factory, builder) -> Path:
    """The seed with a version 2 (from 1 January 2027) of its service, built on 26 November 2026."""
    project = Project(REPO).copy_to(tmp_path_factory.mktemp(f"versi-{builder}") / "proyek")
    (project.standard / PUBLISHED_RECORD).unlink(missing_ok=True)
    first = project.standard / SEED_SERVICE
    text = first.read_text(encoding="utf-8")
    text = text.replace("    waktu: 10 menit\n", "    waktu: 15 menit\n", 1)
    text = text.replace("      - Pengguna layanan mengisi buku tamu elektronik dan mengantri\n",
                        "      - Pengguna layanan mengambil nomor antrean di tablet buku tamu\n", 1)
    text = text.replace(
        "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan\n"
        "versi:\n  tidak_diketahui: versi tidak tercantum pada standar yang dipublikasikan\n",
        'berlaku_sejak: 2027-01-01\nversi: "2027"\n'
        "ringkasan_perubahan: Kunjungan langsung paling lama 15 menit; antrean lewat tablet buku tamu.\n", 1)
    first.with_name("versi-2.yaml").write_text(text, encoding="utf-8")
    build(project, today=dt.date(2026, 11, 26), builder=builder)
    return project.root / "site"


@pytest.fixture(scope="module")
def browser(versioned_site):
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site_url(versioned_site):
    with serve_folder(versioned_site) as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", PAGES)
def test_version_pages_are_accessible_fit_and_stay_on_this_host(browser, site_url, path, width, javascript):
    with checked_site_page(browser, site_url, path, width, javascript):
        pass


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_follows_the_history_to_the_upcoming_version_and_back(browser, site_url, javascript):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="id-ID")
    if not javascript:
        context.route("**/*", without_javascript)
    page = context.new_page()
    try:
        page.goto(site_url + SERVICE)
        main = page.locator("article").inner_text()
        assert "10 menit" in main and "Versi baru berlaku mulai 1 Januari 2027" in main

        page.get_by_role("link", name="Riwayat 2 versi").click()
        assert urlsplit(page.url).path == SERVICE + "riwayat/"
        page.get_by_role("link", name="Versi 2").click()
        assert urlsplit(page.url).path == SERVICE + "versi-2/"
        upcoming = page.locator("article").inner_text()
        assert "Akan berlaku mulai 1 Januari 2027" in upcoming
        assert "Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit." in upcoming
        assert ("Langkah 3 pada saluran kunjungan langsung ditambahkan: “Pengguna layanan mengambil nomor antrean "
                "di tablet buku tamu”.") in upcoming

        page.get_by_role("link", name="versi 1", exact=True).click()
        assert urlsplit(page.url).path == SERVICE + "versi-1/"
        assert "Ini versi yang berlaku sekarang" in page.locator("article").inner_text()

        page.goto(site_url + SERVICE)
        link = page.get_by_role("link", name="Poster standar pelayanan untuk dicetak (PDF, A4)")
        poster = page.request.get(page.evaluate("(a) => a.href", link.element_handle()))
        assert poster.ok and poster.body().startswith(b"%PDF-")
        assert urlsplit(poster.url).path == SERVICE + "standar-pelayanan-konsultasi-statistik.pdf"
    finally:
        context.close()


def test_the_page_prints_on_a4_without_the_site_around_it(browser, site_url, tmp_path):
    from pypdf import PdfReader

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    try:
        page.goto(site_url + SERVICE)
        page.emulate_media(media="print")
        for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".formulir-tautan", ".jejak"):
            assert not page.locator(hidden).first.is_visible(), f"{hidden} prints"
        assert page.locator("h1").is_visible()
        printed = tmp_path / "halaman.pdf"
        page.pdf(path=str(printed), prefer_css_page_size=True)
    finally:
        context.close()
    reader = PdfReader(printed)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Pelayanan Konsultasi Statistik" in text and "10 menit" in text
    assert "Ajukan permintaan konsultasi secara online" not in text
