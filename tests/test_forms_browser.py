"""The forms app in a real browser, served with the site on one origin as `layanan serve` does.

Headless Debian Chromium through Playwright: the citizen's journeys (from the service page to
the confirmation, a corrected mistake, an anonymous complaint with a photo, the status by
code), WCAG 2.2 AA by axe-core on every kind of page, the keyboard, 320 px, JavaScript on and
off, and no request to any other host.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from browser import PageChecks, Tab, launched_chromium, served_app, tabs
from forms_files import MEGABYTE, jpeg_photo
from forms_support import COMPLAINT_URL, CONSULTATION_URL, SERVICE, UNIT, make_app

pytestmark = pytest.mark.browser

SERVICE_PAGE = f"/standar/{UNIT}/{SERVICE}/"
CONFIRMATION_URL = "/formulir/terkirim/"
LOOKUP_URL = "/lacak/"
# A prefix and three groups of Crockford's base 32 (no I, L, O, U).
CODE = r"-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"
QUESTION = "Berapa jumlah penduduk Kabupaten Kutai Barat menurut kecamatan tahun 2025?"
NAME, EMAIL, PHONE = "Budi Santoso", "budi@contoh.id", "0812 3456 7890"
CONSENT = "Saya telah membaca pemberitahuan di atas"


# --- one browser and one server per module ------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_url(built_seed_site, tmp_path_factory):
    """The site and the forms on one port, served by waitress like `layanan serve`."""
    app, close = make_app(tmp_path_factory.mktemp("formulir"), "sqlite",
                          LAYANAN_PROJECT=str(built_seed_site.root))
    assert app.config["MIN_FILL_SECONDS"] == 0 and not app.config["RATELIMIT_ENABLED"]
    try:
        with served_app(app) as url:
            yield url
    finally:
        close()


@pytest.fixture
def open_tab(browser, base_url, width, javascript):
    """Opens a new context and page at this test's width and JavaScript setting."""
    yield from tabs(browser, base_url, width, javascript)


@pytest.fixture
def attachment_file(tmp_path):
    """A phone's photo: a few megabytes of random data behind a real JPEG structure."""
    path = tmp_path / "bukti-antrean.jpg"
    path.write_bytes(jpeg_photo(int(4.9 * MEGABYTE)))  # just under the 5 MB limit
    return path


_VIEWPORT_BOX = """selector => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: innerHeight};
}"""


# --- filling the forms as a person does: by the labels ------------------------------------------


def fill_consultation(tab: Tab, question: str = QUESTION, email: str = EMAIL) -> None:
    page = tab.page
    page.get_by_label("Data statistik", exact=True).check()
    page.get_by_label("Pertanyaan Anda").fill(question)
    page.get_by_label("Nama lengkap").fill(NAME)
    page.get_by_label("Alamat email").fill(email)
    page.get_by_label("Nomor telepon", exact=True).fill(PHONE)
    page.get_by_label("Peneliti atau dosen").check()
    page.get_by_label("Email", exact=True).check()
    page.get_by_label(CONSENT).check()


def send_consultation(tab: Tab) -> str:
    """From a fresh form to the confirmation; returns the tracking code."""
    tab.goto(CONSULTATION_URL)
    fill_consultation(tab)
    tab.press("Lanjutkan")
    assert tab.path() == CONSULTATION_URL + "periksa/"
    tab.press("Kirim permintaan")
    return confirmed_code(tab, "KON")


def fill_complaint(tab: Tab, attachment=None, anonymous: bool = False) -> None:  # noqa: ANN001
    page = tab.page
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Layanan", exact=True).select_option(SERVICE)
    page.get_by_label("Jangka waktu penyelesaian").check()
    page.get_by_label("Apa yang terjadi?").fill(
        "Saya menunggu lebih dari satu jam di ruang PST tanpa dilayani petugas.")
    page.get_by_label("Tanggal kejadian").fill(dt.date.today().isoformat())
    page.get_by_label("Penyelesaian yang Anda harapkan").fill("Penjelasan tertulis dan jadwal ulang.")
    if attachment is not None:
        page.get_by_label("Lampiran (tidak wajib)").set_input_files(attachment)
    # Names typed first, then anonymous chosen: what a person changing their mind does.
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Alamat email").fill("siti@contoh.id")
    page.get_by_label("Nomor telepon (tidak wajib)").fill("0813 1111 2222")
    if anonymous:
        page.get_by_label("Anonim", exact=True).check()
    else:
        page.get_by_label(CONSENT).check()


def summary_leads_to_fields(page) -> None:  # noqa: ANN001
    """Every link of the error summary goes to a field on the page, whose own message says the same."""
    links = page.get_by_role("alert").get_by_role("link").all()
    assert links, "an error summary without links to the fields"
    for link in links:
        target = link.get_attribute("href")
        field = page.locator(target)
        assert target.startswith("#") and field.count() == 1, f"the summary links to {target}: not on the page"
        assert field.evaluate("e => ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)"), target
        beside = page.locator(".kolom", has=field).locator(".galat")
        assert link.inner_text().strip() in beside.inner_text(), f"no message beside {target}"


def assert_on_one_line(element) -> None:  # noqa: ANN001 - Playwright's Locator
    """The element's text is one line, inside the page's width (a code copied by hand must not break)."""
    lines = element.evaluate("e => e.getClientRects().length")
    box = element.bounding_box()
    height = element.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || e.getBoundingClientRect().height")
    assert lines == 1 and box["height"] <= height * 1.2, f"the code breaks across lines: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= element.page.viewport_size["width"], box


def confirmed_code(tab: Tab, prefix: str) -> str:
    assert tab.path() == CONFIRMATION_URL
    code = tab.page.locator(".kode").inner_text().strip()
    assert re.fullmatch(prefix + CODE, code), code
    assert_on_one_line(tab.page.locator(".kode strong"))
    return code


# --- 1. from the service page to the forms ------------------------------------------------------


def test_service_page_leads_to_both_forms(open_tab):
    tab = open_tab()
    tab.goto(SERVICE_PAGE)
    tab.check()
    tab.follow(tab.page.get_by_role("link", name="Ajukan permintaan konsultasi secara online", exact=True))
    assert tab.path() == CONSULTATION_URL
    assert tab.page.get_by_role("heading", level=1).inner_text() == "Permintaan konsultasi"
    assert tab.page.get_by_label("Pertanyaan Anda").is_editable()
    tab.check()
    # Its breadcrumb leads back to the service page.
    tab.follow(tab.page.locator(".jejak a"))
    assert tab.path() == SERVICE_PAGE

    tab.follow(tab.page.get_by_role("link", name="sampaikan pengaduan, saran, atau apresiasi", exact=True))
    assert tab.path() == COMPLAINT_URL
    assert tab.page.get_by_role("heading", level=1).inner_text() == "Pengaduan, saran, atau apresiasi"
    # The service the citizen came from is already chosen.
    assert tab.page.get_by_label("Layanan", exact=True).input_value() == SERVICE
    tab.check()


# --- 2. a consultation request with a mistake corrected -----------------------------------------


def test_consultation_with_a_mistake_corrected_reaches_the_confirmation(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto(CONSULTATION_URL)
    fill_consultation(tab, question="", email="budi-at-contoh.id")
    tab.press("Lanjutkan", status=400)
    assert tab.path() == CONSULTATION_URL
    assert page.title().startswith("Galat: ")
    tab.check()

    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", level=2).inner_text() == "Ada yang perlu diperbaiki"
    heading = page.get_by_role("heading", level=1)
    assert summary.bounding_box()["y"] < heading.bounding_box()["y"], "the summary comes before the title"
    assert summary.bounding_box()["y"] < 900, "the summary is seen without scrolling"
    assert page.evaluate("document.activeElement.classList.contains('ringkasan-galat')"), \
        "the summary takes focus, so a screen reader reads it first"
    links = summary.get_by_role("link")
    assert [link.get_attribute("href") for link in links.all()] == ["#pertanyaan", "#email"]
    summary_leads_to_fields(page)
    for field_id in ("pertanyaan", "email"):
        field = page.locator(f"#{field_id}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"{field_id}-galat" in field.get_attribute("aria-describedby").split()
    assert "Isi pertanyaan Anda" in links.nth(0).inner_text()
    assert "Format alamat email tidak benar" in links.nth(1).inner_text()
    # What was typed is kept.
    assert page.get_by_label("Nama lengkap").input_value() == NAME
    assert page.get_by_label("Alamat email").input_value() == "budi-at-contoh.id"
    assert page.get_by_label("Data statistik", exact=True).is_checked()
    assert page.get_by_label(CONSENT).is_checked()

    # Each link of the summary takes the citizen to the field: focused, with its label and its
    # message in view (not scrolled away above it).
    for i, field_id in enumerate(["pertanyaan", "email"]):
        links.nth(i).click()
        assert urlsplit(page.url).fragment == field_id
        page.wait_for_function("id => document.activeElement.id === id", arg=field_id, timeout=5000)
        for part in (f"label[for={field_id}]", f"#{field_id}-galat", f"#{field_id}"):
            box = page.evaluate(_VIEWPORT_BOX, part)
            assert box["top"] >= -1 and box["bottom"] <= box["height"] + 1, (
                f"after the link to {field_id}, {part} is out of view: {box}")

    page.get_by_label("Pertanyaan Anda").fill(QUESTION)
    page.get_by_label("Alamat email").fill(EMAIL)
    tab.press("Lanjutkan")
    assert tab.path() == CONSULTATION_URL + "periksa/"
    assert page.get_by_role("heading", level=1).inner_text() == "Periksa permintaan Anda sebelum dikirim"
    assert page.get_by_role("alert").count() == 0
    tab.check()
    answers = tab.main_text()
    for shown in (QUESTION, NAME, EMAIL, PHONE, "Data statistik", "Peneliti atau dosen"):
        assert shown in answers

    # "Ubah" goes back to the form with the answers kept; continuing returns here.
    tab.follow(page.get_by_role("link", name="Ubah pertanyaan"))
    assert tab.path() == CONSULTATION_URL
    assert page.get_by_label("Pertanyaan Anda").input_value() == QUESTION
    tab.press("Lanjutkan")
    assert tab.path() == CONSULTATION_URL + "periksa/"

    tab.press("Kirim permintaan")
    confirmed_code(tab, "KON")
    assert page.get_by_role("heading", level=1).inner_text() == "Permintaan konsultasi diterima"
    tab.check()


# --- 3. an anonymous complaint with a photo -----------------------------------------------------


def test_anonymous_complaint_with_attachment_shows_no_identity(open_tab, attachment_file):
    tab = open_tab()
    page = tab.page
    tab.goto(COMPLAINT_URL + f"?layanan={SERVICE}")
    fill_complaint(tab, attachment=attachment_file, anonymous=True)
    tab.press("Lanjutkan")
    assert tab.path() == COMPLAINT_URL + "periksa/"
    tab.check()
    row = page.locator(".jawaban__baris", has=page.locator("dt", has_text="Lampiran"))
    assert "bukti-antrean.jpg" in row.inner_text() and "4,9 MB" in row.inner_text()
    listed, answer = row.locator(".jawaban__isi ul").bounding_box(), row.locator(".jawaban__isi").bounding_box()
    assert abs(listed["y"] - answer["y"]) < 2 and abs(listed["height"] - answer["height"]) < 2, (
        f"blank lines around the attachment list: {listed} in {answer}")
    shown = tab.main_text()
    assert "Anda memilih anonim" in shown
    for identity in ("Siti", "siti@contoh.id", "0813"):
        assert identity not in shown
    assert page.locator("dt", has_text=re.compile(r"^(Nama|Email|Telepon)$")).count() == 0

    tab.press("Kirim")
    code = confirmed_code(tab, "ADU")
    assert page.get_by_role("heading", level=1).inner_text() == "Kiriman Anda diterima"
    assert "kode ini satu-satunya cara mengikuti kiriman Anda" in tab.main_text()
    html = page.content()
    for identity in ("Siti", "siti@contoh.id", "0813", "@"):
        assert identity not in html
    assert code in html
    tab.check()


def test_the_next_person_at_a_shared_computer_is_told_and_starts_over(open_tab):
    """A reaches the check page and walks away; B opens the same form, is told, and deletes A's answers."""
    tab = open_tab()
    page = tab.page
    tab.goto(CONSULTATION_URL)
    fill_consultation(tab)
    tab.press("Lanjutkan")
    assert tab.path() == CONSULTATION_URL + "periksa/"
    assert page.get_by_role("button", name="Hapus isian ini", exact=True).count() == 1
    tab.check()

    tab.goto(CONSULTATION_URL)
    notice = page.locator("#isian-tersimpan")
    assert "Formulir ini berisi isian yang tersimpan di peramban ini pada" in notice.inner_text()
    assert page.get_by_label("Nama lengkap").input_value() == NAME
    box = notice.bounding_box()
    assert box["y"] < page.get_by_label("Data statistik", exact=True).bounding_box()["y"]  # at the top
    tab.check()
    tab.press("Mulai dari awal")
    assert tab.path() == CONSULTATION_URL
    assert "Isian sebelumnya sudah dihapus" in tab.main_text()
    assert page.get_by_label("Nama lengkap").input_value() == ""
    assert page.locator("#isian-tersimpan").count() == 0
    tab.check()


# --- 4. the status, found by a code typed loosely -----------------------------------------------


def test_status_is_found_by_a_loosely_typed_code_without_contact_details(open_tab):
    code = send_consultation(open_tab())

    tab = open_tab()  # another device: no session, only the code
    page = tab.page
    tab.goto(LOOKUP_URL)
    tab.check()
    page.get_by_label("Kode pelacakan").fill(code.lower().replace("-", ""))
    tab.press("Lihat status")
    assert tab.path() == LOOKUP_URL and not urlsplit(page.url).query  # posted, kept out of the address
    assert page.get_by_role("heading", level=1).inner_text() == f"Status {code}"
    status = page.locator(".jawaban__baris", has=page.locator("dt", has_text="Status"))
    assert status.locator("dd strong").inner_text().strip() == "Diterima"
    assert page.locator(".riwayat li").first.inner_text().startswith("Diterima")
    html = page.content()
    for contact in (NAME, "Budi", EMAIL, "@", PHONE, "0812"):
        assert contact not in html
    tab.check()


# --- 5. WCAG 2.2 AA on every kind of page -------------------------------------------------------
#
# Each kind of page is reached the way a citizen reaches it, and checked where it stands; the
# problems of every page are gathered so one run reports them all.


def test_consultation_and_tracking_pages_are_accessible_fit_and_stay_on_this_host(open_tab):
    tab = open_tab(axe=True)
    page, pages = tab.page, PageChecks(tab)
    tab.goto("/formulir/")
    pages.here("daftar formulir")

    tab.follow(page.locator(f'main a[href="{CONSULTATION_URL}"]'))
    assert tab.path() == CONSULTATION_URL
    pages.here("formulir konsultasi")

    page.get_by_label("Alamat email").fill("bukan email")
    tab.press("Lanjutkan", status=400)
    summary_leads_to_fields(page)  # radio groups and the checkbox too
    pages.here("formulir konsultasi dengan galat")

    fill_consultation(tab)
    tab.press("Lanjutkan")
    assert tab.path() == CONSULTATION_URL + "periksa/"
    pages.here("periksa konsultasi")

    tab.press("Kirim permintaan")
    code = confirmed_code(tab, "KON")
    pages.here("tanda terima")

    tab.follow(page.get_by_role("link", name="melihat status dan tanggapan"))
    assert tab.path() == LOOKUP_URL
    pages.here("lacak")

    page.get_by_label("Kode pelacakan").fill("KON-0000-0000-0000")
    tab.press("Lihat status", status=404)
    assert page.get_by_role("alert").count() == 1
    pages.here("lacak: kode tidak ditemukan")

    page.get_by_label("Kode pelacakan").fill(code)
    tab.press("Lihat status")
    assert page.get_by_role("heading", level=1).inner_text() == f"Status {code}"
    pages.here("status")

    pages.assert_none(["daftar formulir", "formulir konsultasi", "formulir konsultasi dengan galat",
                       "periksa konsultasi", "tanda terima", "lacak", "lacak: kode tidak ditemukan",
                       "status"])


def test_complaint_and_error_pages_are_accessible_fit_and_stay_on_this_host(open_tab, attachment_file):
    tab = open_tab(axe=True)
    page, pages = tab.page, PageChecks(tab)
    tab.goto(COMPLAINT_URL)
    pages.here("formulir pengaduan")

    page.get_by_label("Pengaduan", exact=True).check()
    tab.press("Lanjutkan", status=400)
    summary_leads_to_fields(page)
    pages.here("formulir pengaduan dengan galat")

    fill_complaint(tab, attachment=attachment_file)
    tab.press("Lanjutkan")
    assert tab.path() == COMPLAINT_URL + "periksa/"
    pages.here("periksa pengaduan")

    tab.follow(page.get_by_role("link", name="Ubah lampiran"))
    assert page.get_by_role("group", name="Lampiran yang sudah Anda unggah").count() == 1
    pages.here("formulir pengaduan dengan lampiran tersimpan")

    tab.goto("/formulir/tidak-ada/pengaduan/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Halaman tidak ditemukan"
    pages.here("galat 404")

    pages.assert_none(["formulir pengaduan", "formulir pengaduan dengan galat", "periksa pengaduan",
                       "formulir pengaduan dengan lampiran tersimpan", "galat 404"])


# --- 6. the keyboard ---------------------------------------------------------------------------

_FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, text: (e.innerText || '').trim(),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          left: box.left, right: box.right, width: box.width, height: box.height};
}"""


def test_consultation_form_can_be_filled_with_the_keyboard(open_tab, width):
    tab = open_tab()
    page = tab.page
    tab.goto(CONSULTATION_URL)

    # From the top of the page to the button: everything on the way shows where focus is.
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        assert focused["tag"] != "BODY", f"focus left the page before the button: {reached}"
        name = focused["id"] or f"{focused['tag']}:{focused['text']}"
        reached.append(name)
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, f"no visible focus on {name}"
        assert focused["width"] > 0 and focused["height"] > 0, f"{name} takes focus but is not shown"
        assert focused["left"] >= 0 and focused["right"] <= width, f"{name} is outside the {width}px viewport"
        if focused["tag"] == "BUTTON":
            break
    assert reached[0] == "A:Langsung ke isi"
    fields = ["topik-0", "pertanyaan", "nama", "email", "telepon", "kategori_pengguna-0",
              "saluran_balasan-0", "persetujuan", "BUTTON:Lanjutkan"]
    assert [name for name in reached if name in fields] == fields, reached
    assert "situs_web" not in reached  # the honeypot never takes focus

    # The skip link moves focus past the header, to the content.
    tab.goto(CONSULTATION_URL)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")

    # A radio group takes the arrow keys, a checkbox the space bar.
    page.focus("#topik-0")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Metadata statistik", exact=True).is_checked()
    page.focus("#persetujuan")
    page.keyboard.press("Space")
    assert page.get_by_label(CONSENT).is_checked()
