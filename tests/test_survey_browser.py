"""The satisfaction survey in a real browser (Debian's Chromium): from the status page of a
finished consultation to the thank-you page, a mistake shown and corrected, the used and unknown
link pages, and the walk-in visitor answering on the office tablet — at 1280 and 320 px, with and
without JavaScript, axe-core finding nothing on any page; and the form by keyboard alone."""

from __future__ import annotations

import itertools
import re

import pytest

from browser import PageChecks, Tab, launched_chromium, served_app, tabs
from desk_support import make_staff
from forms_app import cases, queue, standards
from forms_app.extensions import db
from forms_app.lifecycle import Status
from forms_app.models import Submission, Visit
from forms_app.staff_models import Staff
from forms_app.survey_models import SurveyResponse
from forms_support import UNIT, FormClient, make_app, submit_consultation
from layanan.skm import UNSUR

pytestmark = pytest.mark.browser

GUESTBOOK = f"/kunjungan/{UNIT}/"
_staff_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app, close = make_app(tmp_path_factory.mktemp("survei"), "sqlite")
    try:
        with served_app(app) as url:
            yield app, url
    finally:
        close()


@pytest.fixture
def open_tab(browser, served, width, javascript):
    yield from tabs(browser, served[1], width, javascript)


def _finished_consultation(app) -> str:  # noqa: ANN001
    code = submit_consultation(FormClient(app.test_client()))
    with app.app_context():
        case = db.session.scalar(db.select(Submission).where(Submission.kode == code))
        cases.change_status(case, Status.selesai, "petugas", note=None, note_public=False,
                            unit=standards.catalog().units[UNIT])
    return code


def _element(tab: Tab, number: int):  # noqa: ANN202
    """The radio group of element `number`, found by its legend as a screen reader names it."""
    return tab.page.get_by_role("group", name=f"{number}. {UNSUR[number - 1].nama}: ")


def _answer_all(tab: Tab, scores: list[int | None]) -> None:
    for number, score in enumerate(scores, start=1):
        if score is not None:
            label = f"{UNSUR[number - 1].jawaban[score - 1]} ({score})"
            _element(tab, number).get_by_label(label, exact=True).check()


def test_a_citizen_answers_the_survey_from_the_status_page(open_tab, served):
    app, _ = served
    code = _finished_consultation(app)
    tab = open_tab(axe=True)
    pages = PageChecks(tab)
    page = tab.page

    tab.goto("/lacak/")
    page.get_by_label("Kode pelacakan").fill(code.lower())
    tab.press("Lihat status")
    pages.here("halaman status dengan tautan survei")
    tab.follow(page.get_by_role("link", name="Isi survei kepuasan"))
    survey_path = tab.path()
    assert re.fullmatch(r"/survei/[A-Za-z0-9_-]{43}/", survey_path)
    legends = [_element(tab, n).count() for n in range(1, 10)]
    assert legends == [1] * 9
    assert "anonim" in tab.main_text() and "tidak wajib" in tab.main_text()
    pages.here("survei")

    # Nothing chosen: told what to fix, in the summary and beside the first question.
    tab.press("Kirim jawaban", status=400)
    summary = page.get_by_role("alert")
    assert "paling sedikit satu dari sembilan pertanyaan" in summary.inner_text()
    assert page.locator("#u1-galat").is_visible()
    pages.here("survei dengan galat")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "u1-0"

    _answer_all(tab, [4, 3, 2, 4, 3, 4, 4, None, 1])
    page.get_by_label("Saran atau komentar (tidak wajib)").fill("Kursi ruang tunggu kurang.")
    page.get_by_role("group", name="Umur").get_by_label("41–50 tahun").check()
    tab.press("Kirim jawaban")
    assert tab.path() == "/survei/terima-kasih/"
    assert "jawaban Anda sudah kami terima" in tab.main_text()
    pages.here("terima kasih")

    with app.app_context():
        response = db.session.scalars(db.select(SurveyResponse).order_by(SurveyResponse.id.desc())).first()
        assert response.answers() == [4, 3, 2, 4, 3, 4, 4, None, 1]
        assert (response.comment, response.age_group, response.gender) == ("Kursi ruang tunggu kurang.", "41_50", None)

    tab.goto(survey_path, status=410)
    assert "Survei ini sudah diisi" in tab.main_text()
    pages.here("tautan sudah dipakai")
    tab.goto("/survei/" + "x" * 43 + "/", status=404)
    assert "Tautan survei tidak dikenal" in tab.main_text()
    pages.here("tautan tidak dikenal")
    pages.assert_none(["halaman status dengan tautan survei", "survei", "survei dengan galat", "terima kasih",
                       "tautan sudah dipakai", "tautan tidak dikenal"])


def test_a_walk_in_visitor_answers_on_the_tablet_after_being_served(open_tab, served):
    app, _ = served
    tab = open_tab(axe=True)
    pages = PageChecks(tab)
    page = tab.page

    tab.goto(GUESTBOOK)
    page.get_by_label("Nama lengkap").fill("Sari Dewi")
    page.get_by_label("Saya telah membaca pemberitahuan di atas").check()
    tab.press("Ambil nomor antrean")
    number = re.search(r"A-\d{3}", tab.main_text()).group(0)
    assert "Isi survei kepuasan" not in tab.main_text()
    with app.app_context():
        staff = db.session.get(Staff, make_staff(app, email=f"loket{next(_staff_numbers)}@pst.contoh.id")["id"])
        visit = queue.call_next(staff, UNIT, "Loket 1")
        assert visit.nomor_label == number
        queue.finish(visit, staff, "Diberi tabel penduduk 2025")
        visit_id = visit.id
    tab.goto(f"/kunjungan/{UNIT}/tiket")
    # The tablet's pages that leave by themselves are checked without axe's meta-refresh rule, as the
    # ticket is (test_desk_browser): they meet WCAG 2.2.1 by saying so up front and offering
    # "Perlu waktu lebih lama", which axe cannot see.
    pages.here("tiket dengan survei", skip_rules=("meta-refresh",))
    tab.follow(page.get_by_role("link", name="Isi survei kepuasan"))
    assert tab.path() == f"/kunjungan/{UNIT}/survei"
    assert "menit" in tab.main_text()
    pages.here("survei di tablet", skip_rules=("meta-refresh",))
    _answer_all(tab, [4] * 9)
    tab.press("Perlu waktu lebih lama")  # more time: the answers stay
    assert all(_element(tab, n).get_by_label(f"{UNSUR[n - 1].jawaban[3]} (4)").is_checked() for n in range(1, 10))
    assert page.get_by_role("alert").count() == 0
    page.get_by_role("group", name="Jenis kelamin").get_by_label("Perempuan").check()
    tab.press("Kirim jawaban")
    assert "jawaban Anda sudah kami terima" in tab.main_text()
    pages.here("terima kasih di tablet")
    # The tablet forgot this visitor: its ticket and survey lead back to the empty guestbook.
    tab.goto(f"/kunjungan/{UNIT}/survei")
    assert tab.path() == GUESTBOOK and "Sari" not in page.content()
    with app.app_context():
        response = db.session.scalars(db.select(SurveyResponse).order_by(SurveyResponse.id.desc())).first()
        assert response.answers() == [4] * 9 and response.gender == "perempuan"
        assert db.session.get(Visit, visit_id).status is Status.selesai
    # A visitor whose ticket has left the tablet opens the survey with the visit's code.
    tab.follow(page.get_by_role("link", name="Isi survei kepuasan dengan kode kunjungan Anda"))
    pages.here("kode kunjungan")
    page.get_by_label("Kode pelacakan").fill("KUN-0000-0000-0000")
    tab.press("Buka survei", status=400)
    assert "bukan kode kunjungan" in page.get_by_role("alert").inner_text()
    pages.here("kode kunjungan dengan galat")
    pages.assert_none(["tiket dengan survei", "survei di tablet", "terima kasih di tablet", "kode kunjungan",
                       "kode kunjungan dengan galat"])


_FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, text: (e.innerText || '').trim(),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          left: box.left, right: box.right, width: box.width, height: box.height};
}"""


def test_the_survey_can_be_answered_by_keyboard_alone(open_tab, served, width):
    app, _ = served
    code = _finished_consultation(app)
    tab = open_tab()
    page = tab.page
    tab.goto("/lacak/")
    page.get_by_label("Kode pelacakan").fill(code)
    tab.press("Lihat status")
    tab.goto(page.get_by_role("link", name="Isi survei kepuasan").get_attribute("href"))

    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        assert focused["tag"] != "BODY", f"focus left the page before the button: {reached}"
        name = focused["id"] or f"{focused['tag']}:{focused['text']}"
        reached.append(name)
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, f"no visible focus on {name}"
        assert focused["left"] >= 0 and focused["right"] <= width, f"{name} is outside the {width}px viewport"
        if focused["tag"] == "BUTTON":
            break
        if re.fullmatch(r"u\d-0", name):  # a question: answered by the arrow keys, then on to the next
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowUp")
            page.keyboard.press("ArrowDown")
    fields = [*(f"u{n}-0" for n in range(1, 10)), "komentar", "jenis_kelamin-0", "kelompok_umur-0",
              "pendidikan-0", "pekerjaan-0", "BUTTON:Kirim jawaban"]
    assert [name for name in reached if name in fields] == fields, reached
    assert all(page.locator(f"#u{n}-1").is_checked() for n in range(1, 10))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab.path() == "/survei/terima-kasih/"
    with app.app_context():
        response = db.session.scalars(db.select(SurveyResponse).order_by(SurveyResponse.id.desc())).first()
        assert response.answers() == [2] * 9
