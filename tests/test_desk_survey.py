"""The satisfaction survey on the desk (/staf/survei/): the index of a period from online and paper
answers together, equal to layanan.skm.hitung; the paper-survey upload (validated whole, stored once,
audited); the CSV export without personal data; who may see what."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import reports, survey_report
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import Consultation, Contact
from forms_app.staff_models import AuditEntry, Role
from forms_app.survey_models import Source, SurveyInvitation, SurveyPaperBatch, SurveyResponse
from forms_support import SERVICE, UNIT, FormClient
from layanan import skm

YEAR = dt.date.today().year - 1
DAY = dt.date(YEAR, 2, 10)
PERIOD = f"{YEAR}-T1"
SECRET_NAME = "Budi Responden Rahasia"
SECRET_EMAIL = "budi.responden@contoh.id"
CODE = "KON-SURV-EIAB-0001"
ONLINE = [[4, 4, 3, 4, 3, 3, 4, 4, 3], [3, 3, 3, None, 3, 4, 4, 2, 3], [2, 3, 4, 4, 4, 3, 3, 3, 4]]
PAPER_CSV = "No;U1;U2;U3;U4;U5;U6;U7;U8;U9;Catatan\n1;4;3;3;4;4;4;4;3;3;x\n2;1;2;2;3;3;2;;3;2;\n;;;;;;;;;;\n"
PAPER = [[4, 3, 3, 4, 4, 4, 4, 3, 3], [1, 2, 2, 3, 3, 2, None, 3, 2]]


def _online(app, answers: list[list[int | None]], *, day: dt.date = DAY, unit: str = UNIT,  # noqa: ANN001
            service: str | None = SERVICE, comment: str | None = None, gender: str | None = None) -> None:
    with app.app_context():
        for row in answers:
            db.session.add(SurveyResponse(source=Source.daring, unit_id=unit, service_id=service, kind=Kind.konsultasi,
                                          answered_on=day, comment=comment, gender=gender,
                                          **{f"u{i}": a for i, a in enumerate(row, start=1)}))
        db.session.commit()


def _client(app, role: Role, email: str | None = None) -> FormClient:  # noqa: ANN001
    account = make_staff(app, email=email or f"{role.value}@pst.contoh.id", role=role)
    client = FormClient(app.test_client())
    sign_in(client, account)
    return client


def _upload(client: FormClient, data: bytes, status: int = 303, name: str = "survei.csv",
            service: str = SERVICE):  # noqa: ANN201
    client.get(f"/staf/admin/survei/unggah?unit={UNIT}")
    return client.post("/staf/admin/survei/unggah",
                       {"unit": UNIT, "layanan": service, "tanggal": DAY.isoformat()},
                       files={"berkas": (io.BytesIO(data), name)}, status=status)


def _stored(app, source: Source | None = None) -> int:  # noqa: ANN001
    with app.app_context():
        query = db.select(db.func.count(SurveyResponse.id))
        if source:
            query = query.where(SurveyResponse.source == source)
        return db.session.scalar(query)


def _uploads_audited(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(AuditEntry.id))
                                 .where(AuditEntry.aksi == "survei_kertas_diunggah"))


def _koma(value) -> str:  # noqa: ANN001
    return str(value).replace(".", ",")


def test_paper_and_online_answers_count_together_as_hitung_computes(app):
    _online(app, ONLINE, comment="Petugas <b>ramah</b>, antrean lama.")
    _online(app, [[1, 1, 1, 1, 1, 1, 1, 1, 1]], day=dt.date(YEAR, 4, 1))  # the next quarter: not counted
    admin = _client(app, Role.admin)
    _upload(admin, PAPER_CSV.encode("utf-8"))
    assert _stored(app, Source.kertas) == 2 and _uploads_audited(app) == 1
    with app.app_context():
        batch = {r.paper_batch for r in db.session.scalars(db.select(SurveyResponse)
                                                           .where(SurveyResponse.source == Source.kertas))}
        assert batch == {survey_report.file_hash(PAPER_CSV.encode("utf-8"))}
        summary = survey_report.summary(UNIT, reports.parse_period(PERIOD), SERVICE)
    expected = skm.hitung(ONLINE + PAPER)
    assert summary.result == expected
    assert (summary.online, summary.paper, summary.result.responden) == (3, 2, 5)
    assert expected.nrr[0] == Fraction(4 + 3 + 2 + 4 + 1, 5) and expected.jumlah_jawaban[3] == 4

    manager = _client(app, Role.pengelola_pengaduan)
    page = manager.get(f"/staf/survei/?unit={UNIT}&periode={PERIOD}&layanan={SERVICE}").get_data(as_text=True)
    assert re.search(r"Responden: <strong>5</strong> \(3 daring,\s+2 kertas\)", page)
    for unsur, value in zip(skm.UNSUR, expected.nrr, strict=True):
        assert f"{unsur.kode} {unsur.nama}" in page
        assert f">{_koma(skm.bulatkan(value, 3))}<" in page
    assert f"<dd>{_koma(skm.bulatkan(expected.ikm, 4))}</dd>" in page
    assert f"<dd>{_koma(expected.nilai_dibulatkan)}</dd>" in page
    assert f"<dd>{expected.mutu}</dd>" in page and f"<dd>{expected.kinerja}</dd>" in page
    assert "Petugas &lt;b&gt;ramah&lt;/b&gt;, antrean lama." in page  # the comment, escaped
    assert "Belum representatif" in page  # no service user recorded: N = 0
    # the trend: this quarter and the three before it, oldest first
    labels = re.findall(r"<th scope=\"row\">(Triwulan [IV]+ \d{4})</th>", page)
    assert labels == [f"Triwulan II {YEAR - 1}", f"Triwulan III {YEAR - 1}", f"Triwulan IV {YEAR - 1}",
                      f"Triwulan I {YEAR}"]


SVG = "{http://www.w3.org/2000/svg}"


def test_the_trend_is_drawn_as_an_svg_chart_beside_its_table(app):
    """Quarter I and the quarter before have an index, the two before that none: two bars, two "—"; each bar
    as long as its converted value on the 25–100 axis, with the value and grade the table holds."""
    _online(app, ONLINE)
    _online(app, [[1, 2, 1, 2, 1, 2, 1, 2, 1], [2, 2, 2, 2, 2, 2, 2, 2, 2]], day=dt.date(YEAR - 1, 11, 3))
    manager = _client(app, Role.pengelola_pengaduan)
    page = manager.get(f"/staf/survei/?unit={UNIT}&periode={PERIOD}").get_data(as_text=True)
    [svg] = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    chart = ET.fromstring(svg)
    name = f"Nilai konversi SKM, Triwulan II {YEAR - 1} sampai Triwulan I {YEAR}"
    assert chart.get("role") == "img" and chart.get("aria-label") == name and chart.find(f"{SVG}title").text == name
    assert chart.get("width") == "288" and chart.get("viewBox").startswith("0 0 288 ")  # fits 320 px unscaled
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    labels = [f"Triwulan {q} {YEAR - 1}" for q in ("II", "III", "IV")] + [f"Triwulan I {YEAR}"]
    assert [t for t in texts if t.startswith("Triwulan")] == labels
    results = [skm.hitung([[1, 2, 1, 2, 1, 2, 1, 2, 1], [2] * 9]), skm.hitung(ONLINE)]
    shown = [f"{_koma(r.nilai_dibulatkan)} ({r.mutu})" for r in results]
    assert texts.count("—") == 2 and all(value in texts for value in shown)
    bar_width = 288 - 68
    widths = [float(rect.get("width")) for rect in chart.iter(f"{SVG}rect")]
    assert widths == [round(float((r.nilai_dibulatkan - Decimal(25)) / 75) * bar_width, 1) for r in results]
    assert "<script" not in svg and "href" not in svg
    # the table under the chart holds the same figures, as text
    table = page[page.index('id="tren-judul"'):]
    assert page.index("<svg") < page.index('id="tren-judul"')
    for result in results:
        assert f">{_koma(result.nilai_dibulatkan)}<" in table and f"{result.mutu} ({result.kinerja})" in table
    assert table.count("belum dapat dihitung") == 2


def test_an_element_no_one_answered_gives_no_index_and_says_which(app):
    """A free service whose respondents all left U4 (Biaya/Tarif) blank: the regulation's IKM needs all nine
    elements, so the page names the element instead of showing a number; the answers still count."""
    _online(app, [[4, 3, 3, None, 4, 3, 4, 4, 3], [3, 3, 4, None, 3, 3, 3, 4, 4]])
    manager = _client(app, Role.pengelola_pengaduan)
    page = manager.text(manager.get(f"/staf/survei/?unit={UNIT}&periode={PERIOD}"))
    assert re.search(r"Responden: 2 \(2 daring,\s+0 kertas\)", page)
    assert "Indeks belum dapat dihitung: Unsur U4 (Biaya/Tarif) tidak dijawab satu responden pun." in page
    assert "Mutu pelayanan" not in page


def test_the_sample_size_against_the_periods_service_users(app):
    _online(app, ONLINE)
    now = dt.datetime(YEAR, 2, 1, 3, tzinfo=dt.UTC)
    with app.app_context():
        for number in range(4):
            db.session.add(Consultation(
                kode=f"KON-SAMP-ELNN-{number:04d}", unit_id=UNIT, layanan_id=SERVICE,
                status=Status.selesai if number < 3 else Status.diterima, identitas=Identity.biasa, dibuat=now,
                diperbarui=now, jam_mulai=now, saluran=Channel.online, kategori_pengguna="umum", topik="data",
                pertanyaan="Data?", saluran_balasan="email", kontak=Contact(nama=SECRET_NAME, email=SECRET_EMAIL)))
        db.session.commit()
        summary = survey_report.summary(UNIT, reports.parse_period(PERIOD), SERVICE)
        year = survey_report.summary(UNIT, reports.year(YEAR))
    assert (summary.population, summary.sample) == (3, skm.sample_size(3)) == (3, 3)
    assert summary.representative  # 3 respondents, 3 needed
    assert year.population == 3 and year.representative
    manager = _client(app, Role.pengelola_pengaduan)
    page = manager.get(f"/staf/survei/?unit={UNIT}&periode={PERIOD}").get_data(as_text=True)
    assert "Belum representatif" not in page and "sudah memenuhi sampel minimum" in page
    with app.app_context():
        db.session.execute(db.delete(SurveyResponse).where(SurveyResponse.id == db.select(
            db.func.min(SurveyResponse.id)).scalar_subquery()))
        db.session.commit()
    assert "Belum representatif" in manager.get(f"/staf/survei/?unit={UNIT}&periode={PERIOD}").get_data(as_text=True)


def test_a_malformed_file_stores_nothing_and_names_row_and_column(app):
    admin = _client(app, Role.admin)
    bad = "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,4,5,4,4,4,4,4\n3,3,3,3,3,3,3,3,tiga\n"
    page = admin.text(_upload(admin, bad.encode(), status=400))
    assert "Baris 3, kolom U4: &#39;5&#39; bukan jawaban 1–4" in page
    assert "Baris 4, kolom U9" in page and "File tidak disimpan" in page
    missing = admin.text(_upload(admin, b"U1,U2,U3\n4,4,4\n", status=400))
    assert "Kolom U4 (Biaya/Tarif)" in missing and "baris 1" in missing
    empty = admin.text(_upload(admin, b"", status=400))
    assert "file kosong" in empty.lower() or "Pilih file CSV" in empty
    assert _stored(app) == 0 and _uploads_audited(app) == 0


def test_the_same_file_is_refused_the_second_time(app):
    admin = _client(app, Role.admin)
    _upload(admin, PAPER_CSV.encode("utf-8"))
    page = admin.text(_upload(admin, PAPER_CSV.encode("utf-8"), status=400, name="salinan.csv"))
    assert "sudah pernah diunggah" in page
    assert _stored(app, Source.kertas) == 2 and _uploads_audited(app) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SurveyPaperBatch.id))) == 1
    _upload(admin, (PAPER_CSV + "3;4;4;4;4;4;4;4;4;4;\n").encode("utf-8"))  # another file: stored
    assert _stored(app, Source.kertas) == 5


def test_the_same_file_uploaded_twice_at_the_same_moment_is_stored_once(app, monkeypatch):
    """Two admins upload the same file through the page, each request in its own thread (its own app
    context, session and database connection). Both have read the whole file before either writes
    (the barrier), so only the database can tell them apart: one is stored, the other gets the refusal,
    not a 500."""
    clients = [_client(app, Role.admin, email=f"admin{i}@pst.contoh.id") for i in range(2)]
    for client in clients:
        client.get(f"/staf/admin/survei/unggah?unit={UNIT}")
    together = threading.Barrier(2, timeout=30)
    original = survey_report.read_survey

    def read_then_wait(text):  # noqa: ANN001, ANN202
        survey = original(text)
        together.wait()
        return survey

    monkeypatch.setattr(survey_report, "read_survey", read_then_wait)
    responses: list = [None, None]

    def upload(index: int) -> None:
        client = clients[index]
        try:
            responses[index] = client.client.post(
                "/staf/admin/survei/unggah", content_type="multipart/form-data",
                data={**client.hidden, "unit": UNIT, "layanan": SERVICE, "tanggal": DAY.isoformat(),
                      "berkas": (io.BytesIO(PAPER_CSV.encode("utf-8")), f"survei-{index}.csv")})
        except BaseException as error:  # noqa: BLE001 - reported by the test
            responses[index] = error
            together.abort()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(getattr(r, "status_code", r) for r in responses) == [303, 400], responses
    [refused] = [r for r in responses if r.status_code == 400]
    assert "sudah pernah diunggah" in refused.get_data(as_text=True)
    assert _stored(app, Source.kertas) == 2 and _uploads_audited(app) == 1
    with app.app_context():
        [batch] = db.session.scalars(db.select(SurveyPaperBatch)).all()
        assert batch.file_sha256 == survey_report.file_hash(PAPER_CSV.encode("utf-8")) and batch.unit_id == UNIT


def test_the_csv_export_escapes_formulas_and_holds_no_personal_data(app):
    now = dt.datetime(YEAR, 2, 1, 3, tzinfo=dt.UTC)
    with app.app_context():
        case = Consultation(kode=CODE, unit_id=UNIT, layanan_id=SERVICE, status=Status.selesai,
                            identitas=Identity.biasa, dibuat=now, diperbarui=now, jam_mulai=now,
                            saluran=Channel.online, kategori_pengguna="umum", topik="data", pertanyaan="Data?",
                            saluran_balasan="email", kontak=Contact(nama=SECRET_NAME, email=SECRET_EMAIL))
        db.session.add(case)
        db.session.flush()
        invitation = SurveyInvitation(token_hash="a" * 64, submission_id=case.id, unit_id=UNIT, service_id=SERVICE,
                                      kind=Kind.konsultasi, channel=Channel.online, created_at=now,
                                      expires_at=now + dt.timedelta(days=30), used_at=now)
        db.session.add(invitation)
        db.session.flush()
        db.session.add(SurveyResponse(invitation_id=invitation.id, source=Source.daring, unit_id=UNIT,
                                      service_id="=HYPERLINK(\"http://x\")", answered_on=DAY, gender="perempuan",
                                      comment=f"Saya {SECRET_NAME}, {SECRET_EMAIL}", u1=4, u2=3, u9=2))
        db.session.commit()
    _online(app, [[None, 2, 2, 2, 2, 2, 2, 2, 2]], unit=OTHER_UNIT)  # another unit's answer: not exported
    manager = _client(app, Role.pengelola_pengaduan)
    response = manager.get(f"/staf/survei.csv?unit={UNIT}&periode={PERIOD}")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert SECRET_NAME not in text and SECRET_EMAIL not in text and CODE not in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == list(survey_report.CSV_HEADER)
    assert rows[1:] == [["daring", DAY.isoformat(), "'=HYPERLINK(\"http://x\")", "4", "3", "", "", "", "", "", "",
                         "2", "perempuan", "", "", ""]]
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "ekspor_csv")).one()
        assert entry.unit_id == UNIT and entry.rincian["periode"] == PERIOD


@pytest.mark.parametrize("role", [Role.admin, Role.pengelola_pengaduan])
def test_another_unit_does_not_exist(app, role):
    client = _client(app, role)
    for url in (f"/staf/survei/?unit={OTHER_UNIT}", f"/staf/survei.csv?unit={OTHER_UNIT}&periode={PERIOD}"):
        assert client.client.get(url).status_code == 404, url
    if role is Role.admin:
        assert client.client.get(f"/staf/admin/survei/unggah?unit={OTHER_UNIT}").status_code == 404
        client.get(f"/staf/admin/survei/unggah?unit={UNIT}")
        client.post("/staf/admin/survei/unggah", {"unit": OTHER_UNIT, "tanggal": DAY.isoformat()},
                    files={"berkas": (io.BytesIO(PAPER_CSV.encode()), "s.csv")}, status=404)
        assert _stored(app) == 0


def test_roles(app):
    petugas = _client(app, Role.petugas)
    for url in ("/staf/survei/", f"/staf/survei.csv?unit={UNIT}&periode={PERIOD}", "/staf/admin/survei/unggah"):
        assert petugas.client.get(url).status_code == 403, url
    assert "/staf/survei/" not in petugas.get("/staf/").get_data(as_text=True)
    manager = _client(app, Role.pengelola_pengaduan)
    home = manager.get("/staf/").get_data(as_text=True)
    assert "/staf/survei/" in home
    page = manager.get("/staf/survei/").get_data(as_text=True)
    assert "Survei kepuasan masyarakat" in page and "/staf/admin/survei/unggah" not in page
    assert manager.client.get("/staf/admin/survei/unggah").status_code == 403
    token = manager.hidden.get("csrf_token", "")
    response = manager.client.post("/staf/admin/survei/unggah", data={"csrf_token": token, "unit": UNIT})
    assert response.status_code == 403 and _stored(app) == 0
    assert manager.client.get(f"/staf/survei/?unit={UNIT}&periode=bukan-periode").status_code == 400


# --- in Debian's Chromium: the pages pass the desk's checks (axe WCAG 2.2 AA, 320 px, this host only) ----------


@pytest.mark.browser
def test_the_survey_pages_in_the_browser(open_tab, served):
    from browser import PageChecks

    _online(served[1], ONLINE, comment="Ruang tunggu nyaman.")
    tab = open_tab(axe=True)
    page, pages = tab.page, PageChecks(tab)
    sign_in_browser(tab, new_account(served, BROWSER_ADMIN))
    tab.goto(f"/staf/survei/?unit={UNIT}&periode={PERIOD}")
    pages.here("survei kepuasan")
    assert "Ruang tunggu nyaman." in page.content()
    chart = page.get_by_role("img", name=f"Nilai konversi SKM, Triwulan II {YEAR - 1} sampai Triwulan I {YEAR}")
    box, main = chart.bounding_box(), page.locator("main").bounding_box()
    assert box is not None and main is not None and box["width"] == 288 and box["x"] + 288 <= tab.width
    # no label or value runs out of the chart (an SVG clips what leaves its viewBox)
    outside = page.evaluate("""() => [...document.querySelectorAll('main svg text')]
        .filter(t => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > 288; })
        .map(t => t.textContent)""")
    assert outside == []
    tab.goto(f"/staf/survei/?unit={UNIT}&periode=bukan", status=400)
    pages.here("survei kepuasan dengan galat")
    tab.goto(f"/staf/admin/survei/unggah?unit={UNIT}")
    pages.here("unggah survei kertas")
    tab.press("Periksa dan simpan", status=400)
    pages.here("unggah survei kertas dengan galat")


from test_desk_browser import ADMIN as BROWSER_ADMIN  # noqa: E402
from test_desk_browser import browser, new_account, open_tab, served  # noqa: E402, F401
from test_desk_browser import sign_in as sign_in_browser  # noqa: E402
