"""Each form's answers checked through the real app and a real database (SQLite and PostgreSQL).

For every mistake a citizen can make: status 400, the Indonesian message in the error summary
(a link to the field) and beside the field, and nothing stored — no submission, no draft, no
file in the upload folder. For every accepted answer: exactly what is stored.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from forms_checks import NOTHING, errors_of, no_file, stored
from forms_files import png_photo
from forms_support import (
    COMPLAINT_URL,
    CONSULTATION_URL,
    JPEG,
    PDF,
    PNG,
    FormClient,
    complaint_answers,
    consultation_answers,
    submit_complaint,
    submit_consultation,
)

from forms_app.extensions import db
from forms_app.models import (
    Complaint,
    Consultation,
    Submission,
)

MEGABYTE = 1024 * 1024
RADIOS = {"topik", "kategori_pengguna", "saluran_balasan", "jenis_aduan", "aspek", "identitas"}


def assert_only_error(response, field: str, message: str) -> None:  # noqa: ANN001
    """400, and `message` is the one error: in the summary, linking to the field, and beside it."""
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r"<title>\s*Galat: ", html), "the title says the page has an error"
    page = errors_of(response)
    # A group of radio buttons is reached through its first option.
    target = f"{field}-0" if field in RADIOS else field
    assert page.links == [(f"#{target}", message)]
    assert target in page.ids, f"the summary links to #{target}, which is not on the page"
    assert page.beside == {field: message}


# --- answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaysAgo:
    """A date relative to the day the test runs (negative: in the future)."""

    days: int

    def iso(self) -> str:
        return (unit_today() - dt.timedelta(days=self.days)).isoformat()


def unit_today() -> dt.date:
    """Today in the unit's zone (WITA, UTC+8), as the complaint form counts days."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def _resolve(changes: dict) -> dict:
    return {name: value.iso() if isinstance(value, DaysAgo) else value for name, value in changes.items()}


def post_complaint(client: FormClient, changes: dict, files: list | None = None, status: int = 303):  # noqa: ANN201
    client.get(COMPLAINT_URL)
    return client.post(COMPLAINT_URL, complaint_answers(**_resolve(changes)),
                       files={"lampiran": files or [no_file()]}, status=status)


# --- consultation -----------------------------------------------------------------------------

PHONE_MESSAGE = "Format nomor telepon tidak benar — tulis dengan kode wilayah, misalnya 0812 3456 7890"
EMAIL_MESSAGE = "Format alamat email tidak benar — tulis seperti nama@contoh.id"
QUESTION_LENGTH = "Pertanyaan paling sedikit 10 dan paling banyak 4.000 karakter"

CONSULTATION_ERRORS = [
    pytest.param({"topik": None}, "topik", "Pilih topik konsultasi", id="topik-tidak-dipilih"),
    pytest.param({"pertanyaan": ""}, "pertanyaan", "Isi pertanyaan Anda", id="pertanyaan-kosong"),
    pytest.param({"pertanyaan": "  \n\t "}, "pertanyaan", "Isi pertanyaan Anda", id="pertanyaan-hanya-spasi"),
    pytest.param({"pertanyaan": "Berapa?"}, "pertanyaan", QUESTION_LENGTH, id="pertanyaan-terlalu-pendek"),
    pytest.param({"pertanyaan": "a" * 4001}, "pertanyaan", QUESTION_LENGTH, id="pertanyaan-terlalu-panjang"),
    pytest.param({"nama": ""}, "nama", "Isi nama lengkap Anda", id="nama-kosong"),
    pytest.param({"nama": "A" * 101}, "nama", "Nama paling banyak 100 karakter", id="nama-terlalu-panjang"),
    pytest.param({"email": ""}, "email", "Isi alamat email Anda, atau pilih jawaban melalui telepon atau WhatsApp",
                 id="email-kosong-bila-dijawab-lewat-email"),
    pytest.param({"saluran_balasan": "telepon", "telepon": "0812 3456 7890", "email": "budi@"}, "email",
                 EMAIL_MESSAGE, id="email-tidak-wajib-tetapi-diperiksa"),
    pytest.param({"email": "budi@"}, "email", EMAIL_MESSAGE, id="email-tanpa-domain"),
    pytest.param({"email": "budi.contoh.id"}, "email", EMAIL_MESSAGE, id="email-tanpa-at"),
    pytest.param({"email": "budi@contoh"}, "email", EMAIL_MESSAGE, id="email-domain-tanpa-titik"),
    pytest.param({"saluran_balasan": "telepon", "telepon": ""}, "telepon",
                 "Isi nomor telepon, karena Anda memilih jawaban melalui telepon atau WhatsApp",
                 id="telepon-wajib-bila-dijawab-lewat-telepon"),
    pytest.param({"telepon": "nomor saya"}, "telepon", PHONE_MESSAGE, id="telepon-bukan-nomor"),
    pytest.param({"telepon": "12345"}, "telepon", PHONE_MESSAGE, id="telepon-terlalu-pendek"),
    pytest.param({"telepon": "0" * 21}, "telepon", "Nomor telepon paling banyak 20 karakter",
                 id="telepon-terlalu-panjang"),
    pytest.param({"kategori_pengguna": None}, "kategori_pengguna", "Pilih pekerjaan atau instansi Anda",
                 id="pekerjaan-tidak-dipilih"),
    pytest.param({"saluran_balasan": None}, "saluran_balasan", "Pilih cara jawaban dikirim",
                 id="saluran-tidak-dipilih"),
    pytest.param({"persetujuan": None}, "persetujuan",
                 "Centang persetujuan Anda — tanpa persetujuan, permintaan tidak dapat diproses; "
                 "Anda juga dapat datang langsung", id="tanpa-persetujuan"),
]


@pytest.mark.parametrize(("changes", "field", "message"), CONSULTATION_ERRORS)
def test_consultation_mistake_is_explained_and_nothing_is_stored(app, client, changes, field, message):
    client.get(CONSULTATION_URL)
    response = client.post(CONSULTATION_URL, consultation_answers(**changes), status=400)
    assert_only_error(response, field, message)
    assert stored(app) == NOTHING
    # Nothing waits to be confirmed either: the check page sends the citizen back to the form.
    check = client.client.get(CONSULTATION_URL + "periksa/")
    assert (check.status_code, check.headers["Location"]) == (303, CONSULTATION_URL)


CONSULTATION_ACCEPTED = [
    pytest.param({}, id="jawaban-lewat-email"),
    pytest.param({"saluran_balasan": "telepon", "telepon": "0812 3456 7890"}, id="jawaban-lewat-telepon"),
    pytest.param({"saluran_balasan": "telepon", "telepon": "0812 3456 7890", "email": ""},
                 id="jawaban-lewat-telepon-tanpa-email"),
    pytest.param({"telepon": "+62 (541) 123-456"}, id="telepon-internasional"),
    pytest.param({"pertanyaan": "a" * 4000, "nama": "N" * 100}, id="panjang-maksimum"),
    pytest.param({"pertanyaan": "  Kode KBLI usaha kopi?  "}, id="spasi-di-tepi-dibuang"),
]


@pytest.mark.parametrize("changes", CONSULTATION_ACCEPTED)
def test_consultation_is_stored_as_answered(app, client, changes):
    code = submit_consultation(client, **changes)
    answers = consultation_answers(**changes)
    with app.app_context():
        stored_row = db.session.scalar(db.select(Consultation).where(Consultation.kode == code))
        for name in ("topik", "pertanyaan", "nama", "kategori_pengguna", "saluran_balasan"):
            assert getattr(stored_row, name) == answers[name].strip()
        assert stored_row.email == (answers["email"] or None)
        assert stored_row.telepon == (answers["telepon"] or None)
        assert stored_row.persetujuan_waktu is not None
    mailed = 1 if answers["email"] else 0  # the receipt goes by email only to an address given
    assert stored(app) == {**NOTHING, "pengajuan": 1, "kotak_keluar": mailed}


def test_a_consultation_answered_by_phone_shows_no_email_on_the_check_page(app, client):
    client.get(CONSULTATION_URL)
    client.post(CONSULTATION_URL, consultation_answers(saluran_balasan="telepon", telepon="0812 3456 7890",
                                                       email=""))
    page = client.text(client.get(CONSULTATION_URL + "periksa/"))
    assert "Email Tidak diisi" in page and "Telepon 0812 3456 7890" in page


# --- complaint --------------------------------------------------------------------------------

DESCRIPTION_LENGTH = "Uraian kejadian paling sedikit 20 dan paling banyak 5.000 karakter"
DATE_MESSAGE = "Isi tanggal kejadian dengan tanggal yang benar, misalnya 23/11/2026"
TOO_LATE = ("Pengaduan disampaikan paling lambat 30 hari setelah pelayanan (UU 25/2009 Pasal 42) — untuk "
            "kejadian yang lebih lama, pilih 'Saran atau masukan'")

COMPLAINT_ERRORS = [
    pytest.param({"jenis_aduan": None}, "jenis_aduan", "Pilih apa yang ingin Anda sampaikan", id="jenis-tidak-dipilih"),
    pytest.param({"layanan": ""}, "layanan", "Pilih layanan yang Anda maksud", id="layanan-tidak-dipilih"),
    pytest.param({"aspek": None}, "aspek", "Pilih bagian pelayanan yang Anda maksud", id="aspek-tidak-dipilih"),
    pytest.param({"uraian": ""}, "uraian", "Isi apa yang terjadi", id="uraian-kosong"),
    pytest.param({"uraian": "Lama sekali."}, "uraian", DESCRIPTION_LENGTH, id="uraian-terlalu-pendek"),
    pytest.param({"uraian": "a" * 5001}, "uraian", DESCRIPTION_LENGTH, id="uraian-terlalu-panjang"),
    pytest.param({"tanggal_kejadian": ""}, "tanggal_kejadian", DATE_MESSAGE, id="tanggal-kosong"),
    pytest.param({"tanggal_kejadian": "2026-02-30"}, "tanggal_kejadian", DATE_MESSAGE, id="tanggal-tidak-ada"),
    pytest.param({"tanggal_kejadian": "kemarin"}, "tanggal_kejadian", DATE_MESSAGE, id="tanggal-bukan-tanggal"),
    pytest.param({"tanggal_kejadian": DaysAgo(-1)}, "tanggal_kejadian",
                 "Tanggal kejadian tidak boleh setelah hari ini", id="tanggal-besok"),
    pytest.param({"tanggal_kejadian": DaysAgo(31)}, "tanggal_kejadian", TOO_LATE, id="pengaduan-lewat-30-hari"),
    pytest.param({"penyelesaian": ""}, "penyelesaian", "Isi penyelesaian yang Anda harapkan dari pengaduan ini",
                 id="pengaduan-tanpa-penyelesaian"),
    pytest.param({"penyelesaian": "a" * 5001}, "penyelesaian",
                 "Penyelesaian yang Anda harapkan paling banyak 5.000 karakter", id="penyelesaian-terlalu-panjang"),
    pytest.param({"nama": ""}, "nama", "Isi nama lengkap Anda, atau pilih identitas anonim", id="biasa-tanpa-nama"),
    pytest.param({"identitas": "rahasia", "nama": ""}, "nama", "Isi nama lengkap Anda, atau pilih identitas anonim",
                 id="rahasia-tanpa-nama"),
    pytest.param({"email": ""}, "email",
                 "Isi alamat email Anda untuk menerima tanggapan, atau pilih identitas anonim", id="biasa-tanpa-email"),
    pytest.param({"email": "siti@"}, "email", EMAIL_MESSAGE, id="email-salah"),
    pytest.param({"persetujuan": None}, "persetujuan",
                 "Centang persetujuan agar data Anda dapat diproses, atau pilih identitas anonim",
                 id="biasa-tanpa-persetujuan"),
    pytest.param({"telepon": "nomor saya"}, "telepon", PHONE_MESSAGE, id="telepon-bukan-nomor"),
    pytest.param({"identitas": None}, "identitas", "Pilih bagaimana identitas Anda diperlakukan",
                 id="identitas-tidak-dipilih"),
]


@pytest.mark.parametrize(("changes", "field", "message"), COMPLAINT_ERRORS)
def test_complaint_mistake_is_explained_and_nothing_is_stored(app, client, changes, field, message):
    response = post_complaint(client, changes, files=[(io.BytesIO(PNG), "bukti.png")], status=400)
    assert_only_error(response, field, message)
    # The photo chosen with the mistaken answers is not kept either.
    assert stored(app) == NOTHING
    check = client.client.get(COMPLAINT_URL + "periksa/")
    assert (check.status_code, check.headers["Location"]) == (303, COMPLAINT_URL)


def _big_png(size: int) -> bytes:
    return png_photo(size)


TEXT_FILE = "Catatan kejadian, diketik di Notepad.\n".encode()
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

ATTACHMENT_ERRORS = [
    pytest.param([(PNG, f"foto-{i}.png") for i in range(4)],
                 "Lampirkan paling banyak 3 berkas secara keseluruhan", id="empat-berkas"),
    pytest.param([(_big_png(5 * MEGABYTE + 1), "besar.png")],
                 "Berkas 'besar.png' lebih dari 5 MB — perkecil atau pilih berkas lain", id="lebih-dari-5MB"),
    pytest.param([(PNG, "kecil.png"), (_big_png(5 * MEGABYTE + 1), "besar.png")],
                 "Berkas 'besar.png' lebih dari 5 MB — perkecil atau pilih berkas lain",
                 id="berkas-baik-lalu-terlalu-besar"),
    pytest.param([(TEXT_FILE, "catatan.txt")],
                 "Berkas 'catatan.txt' bukan JPEG, PNG, atau PDF menurut isinya — lampirkan foto (JPEG/PNG) atau PDF",
                 id="berkas-teks"),
    pytest.param([(GIF, "animasi.gif")],
                 "Berkas 'animasi.gif' bukan JPEG, PNG, atau PDF menurut isinya — lampirkan foto (JPEG/PNG) atau PDF",
                 id="gambar-gif"),
    pytest.param([(b"", "kosong.png")],
                 "Berkas 'kosong.png' kosong — pilih berkas yang berisi dokumen atau foto", id="berkas-kosong"),
    pytest.param([(PDF, "surat.pdf"), (b"", "kosong.jpg")],
                 "Berkas 'kosong.jpg' kosong — pilih berkas yang berisi dokumen atau foto",
                 id="berkas-baik-lalu-kosong"),
]


@pytest.mark.parametrize(("files", "message"), ATTACHMENT_ERRORS)
def test_refused_attachment_is_explained_and_no_file_is_kept(app, client, files, message):
    response = post_complaint(client, {}, files=[(io.BytesIO(content), name) for content, name in files],
                              status=400)
    assert_only_error(response, "lampiran", message)
    assert stored(app) == NOTHING


COMPLAINT_ACCEPTED = [
    pytest.param({}, [], id="pengaduan-biasa"),
    pytest.param({"identitas": "rahasia"}, [], id="pengaduan-rahasia"),
    pytest.param({"identitas": "anonim", "nama": "", "email": "", "telepon": "", "persetujuan": None}, [],
                 id="anonim-tanpa-nama-email-persetujuan"),
    pytest.param({"tanggal_kejadian": DaysAgo(30)}, [], id="pengaduan-tepat-30-hari"),
    pytest.param({"jenis_aduan": "saran", "tanggal_kejadian": DaysAgo(90), "penyelesaian": ""}, [],
                 id="saran-lebih-dari-30-hari"),
    pytest.param({"jenis_aduan": "apresiasi", "tanggal_kejadian": DaysAgo(400), "penyelesaian": ""}, [],
                 id="apresiasi-lama"),
    pytest.param({}, [(PNG, "foto.png", "image/png")], id="lampiran-png"),
    pytest.param({}, [(JPEG, "foto.JPG", "image/jpeg")], id="lampiran-jpeg-huruf-besar"),
    pytest.param({}, [(PDF, "surat.pdf", "application/pdf")], id="lampiran-pdf"),
    pytest.param({}, [(PNG, "a.png", "image/png"), (JPEG, "b.jpeg", "image/jpeg"), (PDF, "c.pdf", "application/pdf")],
                 id="tiga-lampiran"),
    pytest.param({}, [(_big_png(5 * MEGABYTE), "tepat-5MB.png", "image/png")], id="lampiran-tepat-5MB"),
]


@pytest.mark.parametrize("style", ["%d/%m/%Y", "{d}/{m}/%Y", "%d-%m-%Y", "%Y-%m-%d"],
                         ids=["dd/mm/yyyy-seperti-contoh", "d/m/yyyy", "dd-mm-yyyy", "iso"])
def test_incident_date_is_accepted_as_the_hint_shows_it(app, client, style):
    """A browser without a date picker shows a text box; the hint's own example must be accepted."""
    day = unit_today() - dt.timedelta(days=3)
    typed = day.strftime(style.replace("{d}", str(day.day)).replace("{m}", str(day.month)))
    code = submit_complaint(client, tanggal_kejadian=typed)
    with app.app_context():
        row = db.session.scalar(db.select(Complaint).where(Complaint.kode == code))
        assert row.tanggal_kejadian == day


def test_an_impossible_typed_date_is_still_refused(app, client):
    assert_only_error(post_complaint(client, {"tanggal_kejadian": "30/02/2026"}, status=400),
                      "tanggal_kejadian", DATE_MESSAGE)
    assert stored(app) == NOTHING


@pytest.mark.parametrize(("changes", "files"), COMPLAINT_ACCEPTED)
def test_complaint_is_stored_as_answered(app, client, changes, files):
    uploads = [(io.BytesIO(content), name) for content, name, _ in files] or [no_file()]
    code = submit_complaint(client, files={"lampiran": uploads}, **_resolve(changes))
    answers = complaint_answers(**_resolve(changes))
    anonymous = answers["identitas"] == "anonim"
    with app.app_context():
        row = db.session.scalar(db.select(Complaint).where(Complaint.kode == code))
        assert (row.jenis_aduan, row.aspek, row.uraian, row.identitas) == (
            answers["jenis_aduan"], answers["aspek"], answers["uraian"], answers["identitas"])
        assert row.tanggal_kejadian.isoformat() == answers["tanggal_kejadian"]
        assert row.penyelesaian == (answers["penyelesaian"] or None)
        if anonymous:
            assert (row.nama, row.email, row.telepon, row.persetujuan_waktu) == (None, None, None, None)
        else:
            assert (row.nama, row.email) == (answers["nama"], answers["email"])
            assert row.persetujuan_waktu is not None
        assert [(a.nama_asli, a.jenis_media) for a in row.lampiran] == [(name, kind) for _, name, kind in files]
        for attachment, (content, _, _) in zip(row.lampiran, files):
            assert (attachment.ukuran, attachment.draf_token) == (len(content), None)
            assert (Path(app.config["UPLOAD_FOLDER"]) / attachment.nama_simpan).read_bytes() == content
        names = sorted(a.nama_simpan for a in row.lampiran)
    assert stored(app) == {**NOTHING, "pengajuan": 1, "lampiran": len(files),
                           "kotak_keluar": 0 if anonymous else 1, "berkas": names}


# --- the tracking-code lookup -----------------------------------------------------------------

MALFORMED = ("Kode pelacakan tidak sesuai bentuknya — tulis seperti pada tanda terima, "
             "misalnya ADU-7KQ4-M9XT-2HBR")

LOOKUP_ERRORS = [
    pytest.param("", "Isi kode pelacakan", id="kosong"),
    pytest.param("ABC", MALFORMED, id="terlalu-pendek"),
    pytest.param("KON-0123-4567-89A", MALFORMED, id="kurang-satu-huruf"),
    pytest.param("KON-0123-4567-89ABC", MALFORMED, id="lebih-satu-huruf"),
    pytest.param("XYZ-0123-4567-89AB", MALFORMED, id="awalan-tidak-dikenal"),
    pytest.param("KON-0123-4567-89AU", MALFORMED, id="huruf-di-luar-abjad"),
    pytest.param("K" * 41, "Kode pelacakan paling banyak 40 karakter", id="terlalu-panjang"),
]


@pytest.mark.parametrize(("typed", "message"), LOOKUP_ERRORS)
def test_malformed_tracking_code_is_explained(client, typed, message):
    client.get("/lacak/")
    response = client.post("/lacak/", {"kode": typed}, status=400)
    page = errors_of(response)
    assert page.links[0] == ("#kode", message)
    assert page.beside == {"kode": message}
    assert "kode" in page.ids


@pytest.mark.parametrize("typed", ["KON-7KQ4-M9XT-2HBR", "ADU-0000-0000-0000"])
def test_unknown_tracking_code_is_not_found(app, client, typed):
    submit_consultation(client)  # another submission exists; its code is not this one
    client.get("/lacak/")
    response = client.post("/lacak/", {"kode": typed}, status=404)
    message = (f"Tidak ada pengajuan dengan kode {typed} — periksa kembali kodenya pada tanda terima "
               "atau email Anda")
    page = errors_of(response)
    assert page.links == [("#kode", message)]
    assert page.beside == {"kode": message}


KNOWN_CODE = "KON-0123-4567-89AB"


@pytest.mark.parametrize("typed", [
    pytest.param(KNOWN_CODE, id="persis"),
    pytest.param("kon-0123-4567-89ab", id="huruf-kecil"),
    pytest.param("KON 0123 4567 89AB", id="spasi"),
    pytest.param("  KON0123456789AB  ", id="tanpa-tanda-hubung"),
    pytest.param("KON-O123-4567-89AB", id="huruf-O-untuk-nol"),
    pytest.param("kon-0i23-4567-89ab", id="huruf-i-untuk-satu"),
    pytest.param("KON-0L23-4567-89AB", id="huruf-L-untuk-satu"),
    pytest.param("kon_0123.4567–89ab", id="tanda-baca-lain"),
])
def test_tracking_code_is_found_however_it_is_typed(app, client, typed):
    code = submit_consultation(client)
    with app.app_context():
        row = db.session.scalar(db.select(Submission).where(Submission.kode == code))
        row.kode = KNOWN_CODE
        db.session.commit()
    client.get("/lacak/")
    response = client.post("/lacak/", {"kode": typed}, status=200)
    text = client.text(response)
    assert f"Status {KNOWN_CODE}" in text and "Diterima" in text


# --- "today" is the unit's day (WITA for Kutai Barat, UTC+8), not the server's ---------------

# 16:30 UTC on 25 November is 00:30 WITA on 26 November; 15:59 UTC on 26 November is 23:59 WITA.
JUST_AFTER_MIDNIGHT_WITA = dt.datetime(2026, 11, 25, 16, 30, tzinfo=dt.timezone.utc)
JUST_BEFORE_MIDNIGHT_WITA = dt.datetime(2026, 11, 26, 15, 59, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("now", "changes", "error"), [
    pytest.param(JUST_AFTER_MIDNIGHT_WITA, {"tanggal_kejadian": "2026-11-26"}, None,
                 id="hari-ini-di-WITA-sudah-tanggal-26"),
    pytest.param(JUST_AFTER_MIDNIGHT_WITA, {"tanggal_kejadian": "2026-10-27"}, None,
                 id="tepat-30-hari-di-WITA"),
    pytest.param(JUST_AFTER_MIDNIGHT_WITA, {"tanggal_kejadian": "2026-10-26"}, TOO_LATE,
                 id="31-hari-di-WITA-walau-30-hari-di-UTC"),
    pytest.param(JUST_BEFORE_MIDNIGHT_WITA, {"tanggal_kejadian": "2026-11-27"},
                 "Tanggal kejadian tidak boleh setelah hari ini", id="besok-semenit-sebelum-tengah-malam-WITA"),
])
def test_incident_date_is_judged_by_the_units_own_day(app, client, monkeypatch, now, changes, error):
    from forms_app.views import complaint

    monkeypatch.setattr(complaint, "_now", lambda: now)  # the clock the complaint form reads
    if error is None:
        post_complaint(client, changes)
        assert stored(app)["draf"] == 1
    else:
        assert_only_error(post_complaint(client, changes, status=400), "tanggal_kejadian", error)
        assert stored(app) == NOTHING
