"""The citizen's journeys through the real app and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from forms_app.extensions import db
from forms_app.models import Attachment, Complaint, Consultation, Draft, Kind, OutboxMessage, Submission
from forms_files import png_photo
from forms_support import (
    COMPLAINT_URL,
    CONSULTATION_URL,
    complaint_answers,
    confirmation_code,
    submit_complaint,
    submit_consultation,
)

PNG = png_photo(2 * 1024 * 1024)  # a screenshot's size, of random data behind a real PNG structure


def test_consultation_is_stored_with_its_acknowledgement_and_found_by_its_code(app, client):
    code = submit_consultation(client)
    assert code.startswith("KON-")
    with app.app_context():
        stored = db.session.scalar(db.select(Consultation).where(Consultation.kode == code))
        assert stored.nama == "Budi Santoso" and stored.topik == "data"
        assert stored.persetujuan_waktu is not None and stored.persetujuan_versi
        outbox = db.session.scalars(db.select(OutboxMessage)).all()
        assert [m.kepada for m in outbox] == ["budi@contoh.id"]
        assert code in outbox[0].isi and outbox[0].terkirim is None

    client.get("/lacak/")
    status = client.post("/lacak/", {"kode": code.lower().replace("-", " ")}, status=200)
    text = client.text(status)
    assert code in text and "Diterima" in text
    assert "budi@contoh.id" not in status.get_data(as_text=True)
    assert "Budi" not in status.get_data(as_text=True)


def test_anonymous_complaint_with_attachment_keeps_no_identity(app, client):
    code = submit_complaint(client, files={"lampiran": [(io.BytesIO(PNG), "bukti.png")]},
                            identitas="anonim", nama="Tidak Disimpan", email="x@contoh.id")
    assert code.startswith("ADU-")
    with app.app_context():
        stored = db.session.scalar(db.select(Complaint).where(Complaint.kode == code))
        assert (stored.nama, stored.email, stored.telepon) == (None, None, None)
        assert stored.persetujuan_waktu is None
        [attachment] = stored.lampiran
        assert attachment.jenis_media == "image/png" and attachment.nama_asli == "bukti.png"
        stored_file = app.config["UPLOAD_FOLDER"] + "/" + attachment.nama_simpan
        with open(stored_file, "rb") as handle:
            assert handle.read() == PNG
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_confirmation_says_what_happens_next_from_the_standard(client):
    submit_consultation(client)
    page = client.get("/formulir/terkirim/")
    text = client.text(page)
    assert "Apa yang terjadi selanjutnya" in text
    # The seed publishes no online completion time: the office's default applies, and the page says so.
    assert "paling lama 3 hari kerja" in text and "batas waktu kantor: standar pelayanan belum menetapkannya" in text


def test_check_page_change_link_brings_the_form_back_filled_in(client):
    client.get(CONSULTATION_URL)
    client.post(CONSULTATION_URL, {
        "topik": "klasifikasi", "pertanyaan": "Kode KBLI untuk usaha rumah makan?", "nama": "Ani",
        "email": "ani@contoh.id", "kategori_pengguna": "wiraswasta", "saluran_balasan": "email",
        "persetujuan": "y"})
    form = client.get(CONSULTATION_URL)
    html = form.get_data(as_text=True)
    assert "Kode KBLI untuk usaha rumah makan?" in html
    assert 'value="ani@contoh.id"' in html
    assert re.search(r'<input type="radio" id="topik-2" name="topik" value="klasifikasi" checked', html)
    assert re.search(r'value="wiraswasta" checked', html)
    assert html.count(" checked") == 4  # three radio groups and the consent


def test_each_kind_of_submission_has_its_prefix_and_its_own_code(app, client):
    consultations = {submit_consultation(client) for _ in range(3)}
    complaints = {submit_complaint(client) for _ in range(3)}
    assert len(consultations | complaints) == 6
    assert all(code.startswith("KON-") for code in consultations)
    assert all(code.startswith("ADU-") for code in complaints)
    with app.app_context():
        stored = dict(db.session.execute(db.select(Submission.kode, Submission.jenis)).all())
        assert stored == {**{c: Kind.konsultasi for c in consultations}, **{c: Kind.pengaduan for c in complaints}}
        assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_forms_index_lists_each_form(client):
    text = client.text(client.get("/formulir/"))
    assert "Permintaan konsultasi: Pelayanan Konsultasi Statistik" in text
    assert "Pengaduan, saran, atau apresiasi" in text
    client.get(COMPLAINT_URL + "?layanan=konsultasi-statistik")


def test_changing_a_complaint_keeps_removes_and_adds_files_under_a_new_token(app, client):
    from forms_files import jpeg_photo, pdf_document

    first, second, third = jpeg_photo(900 * 1024), pdf_document(300 * 1024), png_photo(600 * 1024)
    client.get(COMPLAINT_URL)
    client.post(COMPLAINT_URL, complaint_answers(),
                files={"lampiran": [(io.BytesIO(first), "antrean.jpg"), (io.BytesIO(second), "surat.pdf")]})
    with client.client.session_transaction() as session:
        token_before = session["draf"]["pengaduan"]
    with app.app_context():
        removed = db.session.scalar(db.select(Attachment).where(Attachment.nama_asli == "surat.pdf"))
        removed_id, removed_file = removed.id, removed.nama_simpan
    form = client.get(COMPLAINT_URL)  # "Ubah" on the check page
    assert "antrean.jpg" in client.text(form) and "surat.pdf" in client.text(form)
    client.post(COMPLAINT_URL, {**complaint_answers(), "hapus_lampiran": str(removed_id)},
                files={"lampiran": [(io.BytesIO(third), "layar.png")]})
    with client.client.session_transaction() as session:
        assert session["draf"]["pengaduan"] != token_before  # every save issues a new token
    check = client.text(client.get(COMPLAINT_URL + "periksa/"))
    assert "antrean.jpg" in check and "layar.png" in check and "surat.pdf" not in check
    code = confirmation_code(client, client.post(COMPLAINT_URL + "periksa/", {}))
    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint).where(Complaint.kode == code))
        assert [(a.nama_asli, (folder / a.nama_simpan).read_bytes()) for a in complaint.lampiran] == [
            ("antrean.jpg", first), ("layar.png", third)]
        assert db.session.scalar(db.select(db.func.count()).select_from(Draft)) == 0
    assert not (folder / removed_file).exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(a.nama_simpan for a in complaint.lampiran)


def withdraw(monkeypatch, service_id: str) -> None:  # noqa: ANN001
    """The published standard no longer lists `service_id` (as after a rebuild without its file)."""
    from layanan.catalog import Catalog

    listed = Catalog.services_of
    monkeypatch.setattr(Catalog, "services_of",
                        lambda self, unit_id: [s for s in listed(self, unit_id) if s.id != service_id])


def test_a_complaint_about_a_service_withdrawn_before_kirim_sends_the_citizen_back_to_choose(app, client,
                                                                                              monkeypatch):
    from forms_checks import stored
    from forms_support import COMPLAINT_URL, SERVICE, complaint_answers

    client.get(COMPLAINT_URL)
    client.post(COMPLAINT_URL, complaint_answers(), files={"lampiran": [(io.BytesIO(b""), "")]})
    withdraw(monkeypatch, SERVICE)
    check = client.get(COMPLAINT_URL + "periksa/", status=409)
    text = client.text(check)
    assert "Layanan yang Anda pilih tidak lagi dipublikasikan" in text and "Pilih layanan lagi" in text
    assert "Kirim" not in re.sub(r"Kiriman|dikirim", "", text)
    assert f'href="{COMPLAINT_URL}#layanan"' in check.get_data(as_text=True)
    client.post(COMPLAINT_URL + "periksa/", {}, status=409)  # a Kirim posted anyway stores nothing
    assert stored(app)["pengajuan"] == 0 and stored(app)["draf"] == 1


def test_a_consultation_for_a_service_no_longer_offered_gets_a_clear_page(app, client, monkeypatch):
    from forms_checks import stored
    from forms_support import CONSULTATION_URL, SERVICE, consultation_answers

    client.get(CONSULTATION_URL)
    client.post(CONSULTATION_URL, consultation_answers())
    client.get(CONSULTATION_URL + "periksa/")  # the check page, then the service goes before Kirim
    withdraw(monkeypatch, SERVICE)
    for response in (client.post(CONSULTATION_URL + "periksa/", {}, status=404),
                     client.get(CONSULTATION_URL + "periksa/", status=404),
                     client.get(CONSULTATION_URL, status=404)):
        text = client.text(response)
        assert "Layanan ini tidak tersedia secara daring" in text and "daftar formulir" in text
        assert 'href="/formulir/"' in response.get_data(as_text=True)
    assert stored(app)["pengajuan"] == 0
