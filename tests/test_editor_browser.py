"""The standards editor in a real browser (Debian's Chromium through Playwright), served with the
site on one origin as `layanan serve` does, on a project of its own (a built and published copy).

- The journey (issue 10): an editor signs in with a password and a TOTP code, changes the
  walk-in completion time (10 → 15 menit) and a step of the walk-in procedure, writes the summary
  of changes, previews the page in the site's theme, reads the difference in the site's words,
  publishes with today's date, follows the site build until it is live, and reads the new page
  and its history. At 1280 and 320 px, with and without JavaScript; axe-core (WCAG 2.2 AA) finds
  nothing on any page of it, no page is wider than the screen or asks another host.
- A build still running: its page refreshes itself, and has a link that stops that.
- The list buttons without JavaScript: a step added and moved up (by keyboard), what was typed kept.
- Every other kind of editor page through the same checks: each section of a unit's profile and of
  a service, a new service, a section in error, the pages refusing a draft in error, the conflict.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from browser import PageChecks, Tab, launched_chromium, served_app, tabs
from desk_support import totp_now
from editor_support import make_editor, published_project
from forms_app import site_builds
from forms_app.extensions import db
from forms_app.staff_models import Staff
from forms_support import make_app

pytestmark = pytest.mark.browser

SERVICE_NAME = "Pelayanan Konsultasi Statistik"
SERVICE_FILE = "layanan/pst-bps-kutai-barat/konsultasi-statistik"
SERVICE_PAGE = "/standar/pst-bps-kutai-barat/konsultasi-statistik/"
OLD_STEP = "Pengguna layanan mengisi buku tamu elektronik dan mengantri"
NEW_STEP = "Pengguna layanan mengambil nomor antrean di tablet buku tamu dan menunggu dipanggil"
SUMMARY = "Kunjungan langsung paling lama 15 menit; nomor antrean diambil di tablet buku tamu."
SENTENCE = "kunjungan langsung berubah dari 10 menit menjadi 15 menit."


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def served(tmp_path):
    """A built and published copy of the project, and the app on it served by waitress like
    `layanan serve` (one per test: each journey publishes a version); yields (URL, app, project)."""
    project = published_project(tmp_path / "proyek")
    # Publishing wakes the builder thread at once; it does not poll the closed app after the test.
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(project.root), SITE_BUILD_POLL_SECONDS=3600.0)
    try:
        with served_app(app) as url:
            yield url, app, project
    finally:
        close()


@pytest.fixture
def open_tab(browser, served, width, javascript):
    yield from tabs(browser, served[0], width, javascript)


_accounts = itertools.count(1)


def new_editor(served) -> dict:  # noqa: ANN001
    return make_editor(served[1], email=f"penyunting{next(_accounts)}@pst.contoh.id")


def sign_in(tab: Tab, account: dict, pages: PageChecks | None = None) -> None:
    """Password, then the authenticator's code; an editor lands on the list of standards."""
    page = tab.page
    tab.goto("/staf/masuk")
    if pages:
        pages.here("masuk")
    page.get_by_label("Email").fill(account["email"])
    page.get_by_label("Kata sandi").fill(account["password"])
    tab.press("Masuk")
    assert tab.path() == "/staf/masuk/kode"
    if pages:
        pages.here("kode dua langkah")
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(totp_now(account["secret"]))
    tab.press("Masuk")
    assert tab.path() == "/staf/standar/"


def start_draft(tab: Tab) -> str:
    """From the list of standards, "Ubah" the service; returns the draft overview's path."""
    tab.press(f"Ubah {SERVICE_NAME}")
    assert re.fullmatch(r"/staf/standar/draf/[0-9]+/", tab.path()), tab.path()
    return tab.path()


def walk_in(tab: Tab):  # noqa: ANN201 - a Playwright locator
    """The walk-in channel's part of a section's form."""
    return tab.page.get_by_role("group", name="Kunjungan langsung", exact=True)


def save_section(tab: Tab, overview: str) -> None:
    tab.press("Simpan dan kembali ke ringkasan")
    assert tab.path() == overview, tab.main_text()[:600]


def open_section(tab: Tab, title: str) -> None:
    tab.follow(tab.page.get_by_role("link", name=f"Ubah {title.lower()}", exact=True))
    assert tab.page.get_by_role("heading", level=1).inner_text() == title


# --- 1. the journey: change, preview, difference, publish, read ------------------------------------


def test_an_editor_changes_previews_publishes_and_reads_the_new_page_and_its_history(open_tab, served):
    tab = open_tab(axe=True)
    page, pages = tab.page, PageChecks(tab)
    sign_in(tab, new_editor(served), pages)
    text = tab.main_text()
    assert SERVICE_NAME in text and "Versi 1" in text
    pages.here("daftar standar")

    overview = start_draft(tab)
    assert page.get_by_role("heading", level=1).inner_text() == f"Draf: {SERVICE_NAME}"
    pages.here("ringkasan draf")

    # The walk-in completion time: 10 → 15 (number and unit).
    open_section(tab, "Jangka waktu penyelesaian")
    duration = walk_in(tab).get_by_role("group", name="Jangka waktu", exact=True)
    assert duration.get_by_label("Angka").input_value() == "10"
    assert duration.get_by_label("Satuan").input_value() == "menit"
    pages.here("bagian jangka waktu")
    duration.get_by_label("Angka").fill("15")
    duration.get_by_label("Satuan").select_option("menit")
    save_section(tab, overview)
    assert "Kunjungan langsung: Jangka waktu: 15 menit" in tab.main_text()
    # The interpretation of the source's bare "10" no longer fits: a warning beside it says to update
    # or remove the original wording and its interpretation; the editor removes both.
    open_section(tab, "Jangka waktu penyelesaian")
    interpretation = walk_in(tab).get_by_label("Tafsiran", exact=True)
    warning = page.locator("#" + interpretation.get_attribute("aria-describedby").split()[-1])
    assert "tafsiran tidak menyebut waktu yang ditetapkan (15 menit)" in warning.inner_text()
    pages.here("bagian jangka waktu dengan peringatan")
    walk_in(tab).get_by_label("Teks asli", exact=True).fill("")
    interpretation.fill("")
    save_section(tab, overview)
    assert "Kunjungan langsung: Jangka waktu: 15 menit; Online" in tab.main_text()

    # One step of the walk-in procedure.
    open_section(tab, "Sistem, mekanisme, dan prosedur")
    step = walk_in(tab).get_by_label("Langkah 3", exact=True)
    assert step.input_value() == OLD_STEP
    pages.here("bagian prosedur")
    step.fill(NEW_STEP)
    save_section(tab, overview)

    # From version 2 a summary of changes is required: the overview counts it as an error until written.
    assert "1 galat" in page.locator("#status-draf").inner_text()
    open_section(tab, "Identitas dan penetapan")
    summary = page.get_by_label("Ringkasan perubahan")
    errors = page.get_by_role("alert")
    assert "Ada yang perlu diperbaiki" in errors.inner_text()
    link = errors.get_by_role("link").filter(has_text="Ringkasan perubahan")
    assert link.get_attribute("href") == "#" + summary.get_attribute("id")
    assert summary.get_attribute("aria-invalid") == "true"
    pages.here("bagian identitas dengan galat")
    summary.fill(SUMMARY)
    save_section(tab, overview)
    status = page.locator("#status-draf").inner_text()
    assert "lolos semua aturan" in status and "galat" not in status, status
    pages.here("ringkasan draf tanpa galat")

    # The preview: the page as the site will show it, in the site's theme, marked as not published.
    tab.follow(page.get_by_role("link", name="Pratinjau halaman", exact=True))
    assert tab.path().startswith(overview + "pratinjau/"), tab.path()
    if tab.stripped:
        # The preview is reached through a redirect, which Playwright's route does not see again, so
        # the page came with its scripts: open its own address, as a browser without JavaScript gets it.
        tab.goto(tab.path())
    assert page.locator("link[rel=stylesheet][href*='assets/stylesheets/main']").count() == 1  # Material's
    preview = tab.main_text()
    assert "Pratinjau — belum terbit" in preview
    assert "15 menit" in preview and NEW_STEP in preview and OLD_STEP not in preview
    assert re.search(r"Versi 2\b[^·]*· berlaku sejak", preview)
    pages.here("pratinjau")
    tab.follow(page.get_by_role("link", name="Kembali ke draf", exact=True))
    assert tab.path() == overview

    # The difference from the version in force, in the words of the site's history pages.
    tab.follow(page.get_by_role("link", name="Perbedaan dari versi yang berlaku", exact=True))
    difference = tab.main_text()
    assert re.search(r"\S.* " + re.escape(SENTENCE), difference), difference
    assert NEW_STEP in difference
    pages.here("perbedaan")

    # Publish: first without the confirmation (refused, said where), then with it, dated today.
    tab.follow(page.get_by_role("link", name="Terbitkan", exact=True))
    pages.here("terbitkan")
    today = dt.date.fromisoformat(page.get_by_label("Tanggal berlaku").input_value())
    assert abs((today - dt.date.today()).days) <= 1  # today at the office (Asia/Makassar)
    tab.press("Terbitkan", status=422)
    assert "kotak persetujuan" in page.get_by_role("alert").first.inner_text()
    pages.here("terbitkan dengan galat")
    page.get_by_label(re.compile("^Saya sudah memeriksa pratinjau")).check()
    tab.press("Terbitkan")
    assert re.fullmatch(r"/staf/standar/terbit/[0-9]+/", tab.path()), tab.path()
    written = served[2].standard / SERVICE_FILE / "versi-2.yaml"
    assert "waktu: 15 menit" in written.read_text(encoding="utf-8")
    assert "# --- A. Komponen penyampaian pelayanan" in written.read_text(encoding="utf-8")  # comments kept

    # The build page refreshes itself (a meta refresh, with or without JavaScript) until it is live.
    page.get_by_role("heading", level=1, name="Pembangunan situs: Sudah tayang").wait_for(timeout=90_000)
    assert "Situs baru sudah tayang." in tab.main_text()
    assert page.get_by_role("link", name="Riwayat versinya", exact=True).get_attribute("href") == (
        SERVICE_PAGE + "riwayat/")
    pages.here("pembangunan selesai")

    tab.follow(page.get_by_role("link", name="Buka halaman yang baru terbit", exact=True))
    assert tab.path() == SERVICE_PAGE
    published = tab.main_text()
    assert re.search(r"Versi 2\b[^·]*· berlaku sejak", published) and "15 menit" in published
    assert NEW_STEP in published and OLD_STEP not in published and "dibaca sebagai 10 menit" not in published.lower()
    pages.here("halaman yang terbit")

    tab.follow(page.get_by_role("link", name="Riwayat 2 versi", exact=True))
    assert tab.path() == SERVICE_PAGE + "riwayat/"
    rows = [re.sub(r"\s+", " ", row) for row in page.locator("main table tbody tr").all_inner_texts()]
    assert [row.split(" ", 2)[:2] for row in rows] == [["Versi", "2"], ["Versi", "1"]], rows
    assert SUMMARY in rows[0] and rows[0].endswith(f"berlaku {SUMMARY}") and "tidak berlaku lagi" in rows[1]
    pages.here("riwayat versi")

    # Back in the editor: version 2 is in force and the draft, published, is gone.
    tab.goto("/staf/standar/")
    listed = re.sub(r"\s+", " ", page.get_by_role("region", name=SERVICE_NAME).inner_text())
    assert "Versi yang berlaku Versi 2, berlaku sejak" in listed, listed
    assert "Anda punya draf" not in listed and "Sudah tayang" in tab.main_text()
    pages.here("daftar standar sesudah terbit")

    pages.assert_none(["masuk", "kode dua langkah", "daftar standar", "ringkasan draf", "bagian jangka waktu",
                       "bagian jangka waktu dengan peringatan", "bagian prosedur", "bagian identitas dengan galat",
                       "ringkasan draf tanpa galat", "pratinjau", "perbedaan", "terbitkan", "terbitkan dengan galat",
                       "pembangunan selesai", "halaman yang terbit", "riwayat versi", "daftar standar sesudah terbit"])


# --- 2. a build still running ------------------------------------------------------------------


def test_a_build_still_running_refreshes_itself_and_can_be_stopped(open_tab, served):
    """A build waiting its turn (no builder woken in this app, so it stays waiting): its page
    reloads itself every few seconds without JavaScript, which axe's `meta-refresh` rule refuses
    whatever the page offers; WCAG 2.2.1 is met by the link that turns the refreshing off, which
    is checked here, and every other rule runs."""
    app = served[1]
    account = new_editor(served)
    with app.app_context():
        build = site_builds.request(db.session.get(Staff, account["id"]), "Uji: menunggu giliran")
        db.session.commit()
        build_id = build.id
    tab = open_tab(axe=True)
    sign_in(tab, account)
    tab.goto(f"/staf/standar/terbit/{build_id}/")
    page = tab.page
    assert page.get_by_role("heading", level=1).inner_text() == "Pembangunan situs: Menunggu giliran"
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    for _ in range(3):  # the page's own reload may come first: then the link is followed on the reloaded page
        tab.follow(page.get_by_role("link", name=re.compile("^Berhenti memuat ulang")))
        if page.locator('meta[http-equiv="refresh"]').count() == 0:
            break
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    reloads: list[str] = []
    page.on("framenavigated", lambda frame: reloads.append(frame.url))
    page.wait_for_timeout(3000)  # longer than the refresh's 2 seconds: the page stays as it is
    assert reloads == [] and "berhenti=1" in page.url
    assert "Menunggu giliran" in tab.main_text()
    tab.check()
    tab.follow(page.get_by_role("link", name="Muat ulang sekarang", exact=True))
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    check_while_refreshing(tab)


def check_while_refreshing(tab: Tab, attempts: int = 5) -> None:
    """`Tab.check` without `meta-refresh` on a page that reloads itself: a reload during the check
    (seen as a new navigation) starts it again on the reloaded page."""
    from playwright.sync_api import Error as PlaywrightError

    navigations = []
    tab.page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame.parent_frame is None
                else None)
    for _ in range(attempts):
        tab.page.wait_for_load_state()
        before = len(navigations)
        try:
            tab.check(skip_rules=("meta-refresh",))
            if len(navigations) == before:
                return
        except (AssertionError, PlaywrightError):
            if len(navigations) == before:
                raise
    pytest.fail(f"{tab.path()} reloaded during every check")


# --- 3. the list buttons without JavaScript ----------------------------------------------------


def test_without_javascript_a_step_is_added_and_moved_up(browser, served, width):
    tab = Tab(browser, served[0], width, javascript=False, axe=False)  # JavaScript off in the browser
    try:
        page = tab.page
        sign_in(tab, new_editor(served))
        overview = start_draft(tab)
        open_section(tab, "Sistem, mekanisme, dan prosedur")
        steps = walk_in(tab).get_by_role("group", name="Langkah", exact=True)
        assert steps.get_by_role("textbox").count() == 8
        last = steps.get_by_label("Langkah 8", exact=True).input_value()
        steps.get_by_label("Langkah 3", exact=True).fill(NEW_STEP)  # typed, not yet saved
        tab.follow(steps.get_by_role("button", name=re.compile("^Tambah langkah")))
        steps = walk_in(tab).get_by_role("group", name="Langkah", exact=True)
        assert steps.get_by_role("textbox").count() == 9
        assert steps.get_by_label("Langkah 3", exact=True).input_value() == NEW_STEP  # kept
        added = steps.get_by_label("Langkah 9", exact=True)
        assert added.input_value() == ""
        added.fill("Pengguna layanan menerima salinan hasil konsultasi melalui email")
        added.press("Tab")  # by keyboard: the next stop after the new step is its button to move it up
        assert re.sub(r"\s+", " ", page.evaluate("document.activeElement.textContent")).strip().startswith(
            "Naikkan langkah 9")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        page.keyboard.press("Tab")  # the page comes back at the moved step: the next stop is one of its own
        assert page.evaluate("document.activeElement.closest('li')?.querySelector('input[type=text]')?.id") == (
            "f-prosedur-kunjungan_langsung-langkah-8")
        steps = walk_in(tab).get_by_role("group", name="Langkah", exact=True)
        assert steps.get_by_label("Langkah 8", exact=True).input_value() == (
            "Pengguna layanan menerima salinan hasil konsultasi melalui email")
        assert steps.get_by_label("Langkah 9", exact=True).input_value() == last
        assert steps.get_by_role("button", name=re.compile("^Naikkan langkah 9\\b")).count() == 1
        tab.check()
        with page.expect_navigation():
            steps.get_by_label("Langkah 8", exact=True).press("Enter")  # Enter saves the form: removes nothing
        assert tab.path() == overview
        assert "Langkah: 9 langkah" in tab.main_text()
    finally:
        tab.close()
    assert tab.elsewhere() == []


# --- 4. every kind of editor page --------------------------------------------------------------
#
# Beyond the journey: every section of a unit's profile and of a service, a section showing its
# optional fields and one in error, the pages that refuse a draft in error, a new service, and the
# conflict when the standard moved on meanwhile; the problems of every page gathered in one run.

UNIT_NAME = "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat"


def check_every_section(tab: Tab, pages: PageChecks, kind: str) -> list[str]:
    """Open each section from the draft's overview; returns their titles."""
    overview = tab.path()
    links = tab.page.locator("main .bagian-draf a")
    addresses = [links.nth(index).get_attribute("href") for index in range(links.count())]
    titles = []
    for address in addresses:
        tab.goto(address)
        titles.append(tab.page.get_by_role("heading", level=1).inner_text())
        pages.here(f"{kind}: {titles[-1]}")
    tab.goto(overview)
    return titles


def newer_version_on_disk(project) -> None:  # noqa: ANN001 - layanan.site.Project
    """A version 2 written and published outside the editor (as `layanan versi-baru` and a build)."""
    from layanan.site import build

    first = project.standard / SERVICE_FILE / "versi-1.yaml"
    text = first.read_text(encoding="utf-8").replace("    waktu: 10 menit\n", "    waktu: 20 menit\n", 1)
    text = text.replace(
        "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan\n",
        f"berlaku_sejak: {dt.date.today().isoformat()}\n"
        "ringkasan_perubahan: Kunjungan langsung paling lama 20 menit.\n", 1)
    first.with_name("versi-2.yaml").write_text(text, encoding="utf-8")
    build(project)


def test_every_kind_of_editor_page_is_accessible_fits_and_stays_on_this_host(open_tab, served):
    tab = open_tab(axe=True)
    page, pages = tab.page, PageChecks(tab)
    sign_in(tab, new_editor(served))

    # The unit's profile and Maklumat.
    tab.follow(page.get_by_role("region", name=UNIT_NAME).get_by_role("button", name=re.compile("^Ubah")))
    pages.here("unit: ringkasan draf")
    assert check_every_section(tab, pages, "unit") == [
        "Identitas dan penetapan", "Alamat dan kontak", "Jam layanan", "Maklumat Pelayanan",
        "Pengelola dan tenggat pengaduan"]

    # A new service started from the existing one: its identity asks for the new folder.
    tab.goto("/staf/standar/")
    tab.follow(page.get_by_role("button", name=f"Buat layanan baru dari layanan ini ({SERVICE_NAME})"))
    pages.here("layanan baru: ringkasan draf")
    open_section(tab, "Identitas dan penetapan")
    assert page.get_by_label("Nama folder layanan baru").count() == 1
    pages.here("layanan baru: identitas")

    # The service: every section, then the optional fields shown, then a step left empty.
    tab.goto("/staf/standar/")
    overview = start_draft(tab)
    assert len(check_every_section(tab, pages, "layanan")) == 8
    open_section(tab, "Jangka waktu penyelesaian")
    online = page.get_by_role("group", name="Online", exact=True)
    tab.follow(online.get_by_role("button", name="Tambahkan teks asli dan tafsirannya"))
    assert page.get_by_role("group", name="Online", exact=True).get_by_label("Tafsiran").count() == 1
    pages.here("layanan: jangka waktu, teks asli dibuka")
    open_section_from = tab.page.get_by_role("navigation", name="Bagian lain draf ini")
    tab.follow(open_section_from.get_by_role("link", name="Sistem, mekanisme, dan prosedur", exact=True))
    walk_in(tab).get_by_label("Langkah 3", exact=True).fill("")
    tab.press("Simpan dan kembali ke ringkasan")
    assert "Ada yang perlu diperbaiki" in page.get_by_role("alert").first.inner_text()
    assert walk_in(tab).get_by_label("Langkah 3", exact=True).get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "ringkasan-galat"  # a keyboard user starts there
    pages.here("layanan: prosedur dengan galat")

    # A draft in error is neither previewed nor compared: each page says what to fix first.
    tab.goto(overview)
    pages.here("layanan: ringkasan draf dengan galat")
    for link, kind in [("Pratinjau halaman", "pratinjau"), ("Perbedaan dari versi yang berlaku", "perbedaan")]:
        tab.follow(page.get_by_role("link", name=link, exact=True))
        assert "Draf masih bergalat" in tab.main_text()
        pages.here(f"{kind}: draf bergalat")
        tab.goto(overview)

    # Mended, then the standard moves on outside the editor: publishing is refused with the conflict.
    open_section(tab, "Sistem, mekanisme, dan prosedur")
    walk_in(tab).get_by_label("Langkah 3", exact=True).fill(NEW_STEP)
    save_section(tab, overview)
    open_section(tab, "Identitas dan penetapan")
    page.get_by_label("Ringkasan perubahan").fill(SUMMARY)
    save_section(tab, overview)
    newer_version_on_disk(served[2])
    tab.follow(page.get_by_role("link", name="Terbitkan", exact=True), status=409)
    conflict = tab.main_text()
    assert "sudah berubah sejak draf Anda dimulai" in conflict
    assert "20 menit" in conflict and NEW_STEP in conflict  # their change and the editor's own
    pages.here("konflik")
    tab.press("Mulai lagi dari versi terbaru")
    assert re.fullmatch(r"/staf/standar/draf/[0-9]+/", tab.path())
    restarted = tab.main_text()
    assert f"Dimulai dari standard/{SERVICE_FILE}/versi-2.yaml" in restarted and "versi-3.yaml" in restarted, restarted
    pages.here("draf baru dari versi terbaru")

    assert len(pages.checked) == 23, pages.checked
    pages.assert_none(pages.checked)
