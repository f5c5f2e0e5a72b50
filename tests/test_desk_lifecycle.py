"""The case page: every lifecycle change through the desk, with its status-page entry, its mail
(or none), its history and its audit entry; replies, canned replies, internal notes, assignment."""

from __future__ import annotations

import io

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import cases, standards
from forms_app.extensions import db
from forms_app.lifecycle import Status
from forms_app.models import OutboxMessage, Submission
from forms_app.staff_models import AuditEntry, CannedReply, Role, Staff
from forms_support import PNG, UNIT, FormClient, submit_complaint, submit_consultation

QUESTION = "Berapa jumlah penduduk Kabupaten Kutai Barat menurut kecamatan tahun 2025?"


def _case(app, code: str) -> Submission:  # noqa: ANN001
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def _case_id(app, code: str) -> int:  # noqa: ANN001
    with app.app_context():
        return _case(app, code).id


def _mails(app, code: str) -> list[OutboxMessage]:  # noqa: ANN001
    with app.app_context():
        case = _case(app, code)
        rows = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.pengajuan_id == case.id)
                                  .order_by(OutboxMessage.id)).all()
        return [(m.kepada, m.subjek, m.isi) for m in rows]


def _audit(app, action: str) -> list[AuditEntry]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == action)
                                       .order_by(AuditEntry.id)))


def _status_page(app, code: str) -> str:  # noqa: ANN001
    citizen = FormClient(app.test_client())
    citizen.get("/lacak/")
    return citizen.text(citizen.post("/lacak/", {"kode": code}, status=200))


def _desk(app, **kwargs) -> tuple[FormClient, dict]:  # noqa: ANN001, ANN003
    client = FormClient(app.test_client())
    account = make_staff(app, **kwargs)
    sign_in(client, account)
    return client, account


def _change(client: FormClient, case_id: int, status: Status, status_code: int = 303, **fields):  # noqa: ANN003, ANN202
    client.get(f"/staf/kasus/{case_id}")
    data = {"ubah-status": status.value, "ubah-tampil": fields.pop("tampil", "internal")}
    data.update({f"ubah-{name}": value for name, value in fields.items()})
    return client.post(f"/staf/kasus/{case_id}/status", data, status=status_code)


STEPS = [
    (Status.diverifikasi, {"catatan": "Pertanyaan Anda sudah jelas.", "tampil": "publik"}),
    (Status.diproses, {"catatan": "Tanya bidang sosial dulu", "tampil": "internal"}),
    (Status.menunggu_pemohon, {"catatan": "Mohon sebutkan kecamatannya.", "tampil": "publik"}),
    (Status.diproses, {}),
    (Status.selesai, {"catatan": "Data dikirim lewat email.", "tampil": "publik"}),
    (Status.ditutup, {"alasan_tutup": "spam"}),
    (Status.diproses, {}),
    (Status.bukan_wewenang, {"diteruskan_kepada": "SP4N-LAPOR!", "nomor_rujukan": "LAPOR-123456"}),
]


def test_every_lifecycle_change_through_the_desk_with_status_page_history_mail_and_audit(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, account = _desk(app, name="Rina Petugas")
    for number, (status, fields) in enumerate(STEPS, start=1):
        response = _change(desk, case_id, status, **fields)
        assert response.headers["Location"].endswith(f"/staf/kasus/{case_id}")
        page = desk.text(desk.get(f"/staf/kasus/{case_id}"))
        assert f"Status diubah menjadi: {status.desk_label}." in page
        mails = _mails(app, code)
        assert len(mails) == 1 + number  # the acknowledgement, then one per change
        to, subject, body = mails[-1]
        assert to == "budi@contoh.id" and f"Status sekarang: {status.label}" in body
        assert "Budi" not in body and QUESTION not in body and "Rina" not in body
        public = _status_page(app, code)
        assert status.label in public
        assert "Rina" not in public  # the office answers, not a named person

    public = _status_page(app, code)
    assert "Pertanyaan Anda sudah jelas." in public and "Mohon sebutkan kecamatannya." in public
    assert "Tanya bidang sosial dulu" not in public  # the internal note
    assert "Diteruskan kepada SP4N-LAPOR! Nomor rujukan LAPOR-123456" in public
    assert "Spam" not in public  # why it was closed stays in the desk
    assert "SP4N-LAPOR!" in _mails(app, code)[-1][2] and "LAPOR-123456" in _mails(app, code)[-1][2]
    assert not any("Tanya bidang sosial" in body or "sudah jelas" in body for _, _, body in _mails(app, code))

    with app.app_context():
        case = _case(app, code)
        assert case.status is Status.bukan_wewenang
        assert (case.diteruskan_kepada, case.nomor_rujukan, case.alasan_tutup) == (
            "SP4N-LAPOR!", "LAPOR-123456", "Spam atau iklan")
        events = case.riwayat[1:]
        assert [e.status for e in events] == [s for s, _ in STEPS]
        assert all(e.pelaku == "Rina Petugas" and e.staf_id == account["id"] for e in events)
        assert events[0].catatan_publik and not events[1].catatan_publik
        assert case.tanggapan_pertama == events[0].waktu
        assert case.diselesaikan_pada == events[4].waktu
    entries = _audit(app, "status_diubah")
    assert [(e.rincian["dari"], e.rincian["ke"]) for e in entries] == [
        (before.value, after.value) for before, after in zip([Status.diterima] + [s for s, _ in STEPS[:-1]],
                                                               [s for s, _ in STEPS])]
    assert all(e.staf_id == account["id"] and e.sasaran == f"pengajuan:{code}" and e.unit_id == UNIT
               for e in entries)
    assert entries[-1].rincian["kepada"] == "SP4N-LAPOR!"


def test_forwarding_without_a_recipient_is_refused_in_indonesian_and_nothing_changes(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    response = _change(desk, case_id, Status.bukan_wewenang, status_code=400, nomor_rujukan="123")
    html = response.get_data(as_text=True)
    assert "Isi kepada siapa pengajuan ini diteruskan (misalnya SP4N-LAPOR! atau kantor lain)" in desk.text(response)
    assert "<title>Galat: " in html
    with app.app_context():
        case = _case(app, code)
        assert case.status is Status.diterima and len(case.riwayat) == 1
        with pytest.raises(cases.CaseRefused, match="Isi kepada siapa pengajuan ini diteruskan"):
            cases.change_status(case, Status.bukan_wewenang, "sistem", note=None, note_public=False,
                                unit=standards.catalog().units[UNIT], forwarded_to="   ")
        db.session.rollback()
    assert len(_mails(app, code)) == 1 and _audit(app, "status_diubah") == []


def test_closing_without_a_reason_is_refused_and_a_duplicate_needs_its_code(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    refused = _change(desk, case_id, Status.ditutup, status_code=400)
    assert "Pilih alasan penutupan: spam, duplikat, atau alasan lain" in desk.text(refused)
    refused = _change(desk, case_id, Status.ditutup, status_code=400, alasan_tutup="duplikat")
    assert "Isi kode pengajuan yang diduplikasi" in desk.text(refused)
    refused = _change(desk, case_id, Status.ditutup, status_code=400, alasan_tutup="lainnya")
    assert "Tulis alasan penutupan" in desk.text(refused)
    with app.app_context():
        assert _case(app, code).status is Status.diterima
        with pytest.raises(cases.CaseRefused, match="Isi alasan penutupan"):
            cases.change_status(_case(app, code), Status.ditutup, "sistem", note=None, note_public=False,
                                unit=standards.catalog().units[UNIT])
        db.session.rollback()
    _change(desk, case_id, Status.ditutup, alasan_tutup="duplikat", kode_duplikat="kon-aaaa-bbbb-cccc")
    with app.app_context():
        case = _case(app, code)
        assert (case.status, case.alasan_tutup) == (Status.ditutup, "Duplikat dari KON-AAAA-BBBB-CCCC")
    assert "KON-AAAA" not in _status_page(app, code)  # another case's code is never shown to this citizen
    assert "Alasan penutupan: Duplikat dari KON-AAAA-BBBB-CCCC" in desk.text(desk.get(f"/staf/kasus/{case_id}"))


def test_only_the_transitions_allowed_now_are_offered_and_another_is_refused(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    _change(desk, case_id, Status.selesai)
    html = desk.get(f"/staf/kasus/{case_id}").get_data(as_text=True)
    form = html[html.index('id="ubah-status"'):]
    form = form[:form.index("</select>")]
    assert 'value="ditutup"' in form and 'value="diproses"' in form
    assert 'value="diverifikasi"' not in form and 'value="bukan_wewenang"' not in form
    refused = _change(desk, case_id, Status.diverifikasi, status_code=400)
    assert "Pilihan ini tidak ada pada formulir" in desk.text(refused)
    with app.app_context():
        assert _case(app, code).status is Status.selesai


def test_a_public_reply_reaches_the_status_page_and_one_mail_with_the_status_it_brought(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, account = _desk(app, name="Rina Petugas")
    desk.get(f"/staf/kasus/{case_id}")
    answer = "Jumlah penduduk per kecamatan ada pada tabel 3.1 publikasi Kutai Barat Dalam Angka 2026."
    desk.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": answer, "balas-status": "selesai"})
    page = desk.text(desk.get(f"/staf/kasus/{case_id}"))
    assert "Tanggapan disimpan, tampil pada halaman status dan dikirim ke email pemohon" in page
    assert "Tanggapan publik — Rina Petugas" in page
    public = _status_page(app, code)
    assert answer in public and "Petugas PST BPS Kabupaten Kutai Barat" in public and "Rina" not in public
    assert "Selesai" in public
    mails = _mails(app, code)
    assert len(mails) == 2  # the acknowledgement, then the reply with its status (not a second mail)
    to, subject, body = mails[-1]
    assert to == "budi@contoh.id" and subject.startswith(f"Tanggapan atas {code}")
    assert answer in body and "Status sekarang: Selesai" in body
    assert "Budi" not in body and QUESTION not in body and "Rina" not in body
    with app.app_context():
        case = _case(app, code)
        assert case.tanggapan_pertama is not None and case.diselesaikan_pada is not None
        assert case.riwayat[-1].pelaku == "Rina Petugas"
    assert [e.staf_id for e in _audit(app, "balasan_dikirim")] == [account["id"]]
    assert _audit(app, "status_diubah")[0].rincian["ke"] == "selesai"


def test_a_reply_to_a_citizen_without_email_sends_no_mail(app, client):
    code = submit_complaint(client, identitas="anonim", nama=None, email=None, telepon=None)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    desk.get(f"/staf/kasus/{case_id}")
    desk.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": "Terima kasih, sudah kami tindak lanjuti."})
    assert "Tanggapan disimpan, tampil pada halaman status." in desk.text(desk.get(f"/staf/kasus/{case_id}"))
    _change(desk, case_id, Status.diproses)
    assert _mails(app, code) == []
    assert "Terima kasih, sudah kami tindak lanjuti." in _status_page(app, code)


def test_an_empty_reply_is_refused_with_a_message(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    desk.get(f"/staf/kasus/{case_id}")
    refused = desk.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": "   "}, status=400)
    assert "Isi tanggapan" in desk.text(refused)
    assert len(_mails(app, code)) == 1


def test_an_internal_note_never_reaches_the_status_page_or_mail(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, account = _desk(app)
    desk.get(f"/staf/kasus/{case_id}")
    note = "Pemohon pernah menelepon, nomornya 0812 9999 0000"
    desk.post(f"/staf/kasus/{case_id}/catatan", {"catat-catatan_internal": note})
    page = desk.text(desk.get(f"/staf/kasus/{case_id}"))
    assert "Catatan internal disimpan" in page and note in page and "Catatan internal — Rina Petugas" in page
    _change(desk, case_id, Status.diproses, catatan="internal juga", tampil="internal")
    assert note not in _status_page(app, code) and "internal juga" not in _status_page(app, code)
    assert not any(note in body or "internal juga" in body for _, _, body in _mails(app, code))
    with app.app_context():
        assert _case(app, code).tanggapan_pertama is not None  # the status change, not the note
    [entry] = _audit(app, "catatan_ditambah")
    assert entry.staf_id == account["id"] and entry.rincian is None


def test_a_note_alone_is_not_a_first_response(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    desk.get(f"/staf/kasus/{case_id}")
    desk.post(f"/staf/kasus/{case_id}/catatan", {"catat-catatan_internal": "Cek dulu"})
    with app.app_context():
        assert _case(app, code).tanggapan_pertama is None
    assert len(_mails(app, code)) == 1


def test_admin_manages_canned_replies_and_staff_start_a_reply_from_one(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    petugas, _ = _desk(app)
    petugas.get("/staf/admin/balasan-siap/", status=403)
    admin, admin_account = _desk(app, email="admin@pst.contoh.id", role=Role.admin, name="Admin Kantor")
    admin.get("/staf/admin/balasan-siap/baru")
    refused = admin.post("/staf/admin/balasan-siap/baru", {"judul": "", "teks": "x", "unit": ""}, status=400)
    assert "Isi judul" in admin.text(refused)
    admin.post("/staf/admin/balasan-siap/baru", {"judul": "Data tersedia", "teks": "Data yang Anda minta tersedia di "
                                                "https://kubarkab.bps.go.id.", "unit": ""})
    admin.get("/staf/admin/balasan-siap/baru")
    admin.post("/staf/admin/balasan-siap/baru", {"judul": "Bukan unit kami", "teks": "x", "unit": OTHER_UNIT},
               status=400)
    admin.post("/staf/admin/balasan-siap/baru", {"judul": "Jadwal PST", "teks": "PST buka Senin sampai Jumat.",
                                                "unit": UNIT})
    with app.app_context():
        first, second = db.session.scalars(db.select(CannedReply).order_by(CannedReply.id)).all()
        ids = first.id, second.id
        assert (first.unit_id, second.unit_id) == (None, UNIT)
    listing = admin.text(admin.get("/staf/admin/balasan-siap/"))
    assert "Data tersedia" in listing and "Semua unit" in listing and "Jadwal PST" in listing

    admin.get(f"/staf/admin/balasan-siap/{ids[1]}/ubah")
    admin.post(f"/staf/admin/balasan-siap/{ids[1]}/ubah", {"judul": "Jadwal layanan PST",
                                                          "teks": "PST buka Senin sampai Jumat, 08.00–15.30.",
                                                          "unit": UNIT})
    admin.get("/staf/admin/balasan-siap/")
    admin.post(f"/staf/admin/balasan-siap/{ids[0]}/aktif", {})
    assert "Nonaktif" in admin.text(admin.get("/staf/admin/balasan-siap/"))
    assert [e.aksi for e in _audit(app, "balasan_siap_ditambah") + _audit(app, "balasan_siap_diubah")] == [
        "balasan_siap_ditambah", "balasan_siap_ditambah", "balasan_siap_diubah", "balasan_siap_diubah"]
    assert all(e.staf_id == admin_account["id"] for e in _audit(app, "balasan_siap_diubah"))

    page = petugas.get(f"/staf/kasus/{case_id}").get_data(as_text=True)
    assert "Jadwal layanan PST" in page and "Data tersedia" not in page  # deactivated: not offered
    filled = petugas.get(f"/staf/kasus/{case_id}?balasan_siap={ids[1]}").get_data(as_text=True)
    assert "PST buka Senin sampai Jumat, 08.00–15.30.</textarea>" in filled
    unused = petugas.get(f"/staf/kasus/{case_id}?balasan_siap={ids[0]}").get_data(as_text=True)
    assert "https://kubarkab.bps.go.id" not in unused
    petugas.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": "PST buka Senin sampai Jumat, 08.00–15.30. Silakan datang."})
    assert "Silakan datang." in _status_page(app, code)


def test_claim_assign_and_hand_over_with_a_note(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    rina, rina_account = _desk(app, name="Rina Petugas")
    make_staff(app, email="dewi@pst.contoh.id", name="Dewi Pengelola", role=Role.pengelola_pengaduan)
    outsider = make_staff(app, email="luar@contoh.id", name="Orang Luar", units=(OTHER_UNIT,))
    with app.app_context():
        dewi_id = db.session.scalar(db.select(Staff.id).where(Staff.nama == "Dewi Pengelola"))

    rina.get(f"/staf/kasus/{case_id}")
    rina.post(f"/staf/kasus/{case_id}/ambil", {})
    page = rina.text(rina.get(f"/staf/kasus/{case_id}"))
    assert "Anda sekarang menangani pengajuan ini." in page and "Ambil pengajuan ini" not in page
    assert code in rina.text(rina.get("/staf/?petugas=saya"))

    rina.get(f"/staf/kasus/{case_id}")
    refused = rina.post(f"/staf/kasus/{case_id}/tugaskan", {"tugas-petugas": str(outsider["id"])}, status=400)
    assert "Pilihan ini tidak ada pada formulir" in rina.text(refused)
    rina.post(f"/staf/kasus/{case_id}/tugaskan", {"tugas-petugas": str(dewi_id),
                                                  "tugas-pesan_alih": "Tolong lanjutkan, saya cuti besok."})
    page = rina.text(rina.get(f"/staf/kasus/{case_id}"))
    assert "Pengajuan dialihkan kepada Dewi Pengelola." in page
    assert "Dialihkan kepada Dewi Pengelola: Tolong lanjutkan, saya cuti besok." in page
    assert code not in rina.text(rina.get("/staf/?petugas=saya"))
    assert code in rina.text(rina.get(f"/staf/?petugas={dewi_id}"))
    assert "cuti besok" not in _status_page(app, code)

    with app.app_context():
        assert _case(app, code).petugas_id == dewi_id
    assert [(e.aksi, e.rincian["ke_staf"]) for e in _audit(app, "kasus_diambil") + _audit(app, "kasus_dialihkan")] == [
        ("kasus_diambil", rina_account["id"]), ("kasus_dialihkan", dewi_id)]


def test_an_attachment_downloads_only_as_a_file_of_this_case(app, client):
    code = submit_complaint(client, files={"lampiran": [(io.BytesIO(PNG), "bukti.png")]})
    other = submit_consultation(client)
    case_id, other_id = _case_id(app, code), _case_id(app, other)
    with app.app_context():
        [attachment] = _case(app, code).lampiran
        attachment_id = attachment.id
    desk, account = _desk(app)
    assert "bukti.png" in desk.text(desk.get(f"/staf/kasus/{case_id}"))
    response = desk.get(f"/staf/kasus/{case_id}/lampiran/{attachment_id}")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "bukti.png" in response.headers["Content-Disposition"]
    assert response.mimetype == "image/png" and len(response.get_data()) > 0
    desk.get(f"/staf/kasus/{other_id}/lampiran/{attachment_id}", status=404)
    [entry] = _audit(app, "lampiran_diunduh")
    assert entry.staf_id == account["id"] and entry.sasaran == f"pengajuan:{code}"
    outsider = FormClient(app.test_client())
    sign_in(outsider, make_staff(app, email="luar@contoh.id", units=(OTHER_UNIT,)))
    outsider.get(f"/staf/kasus/{case_id}/lampiran/{attachment_id}", status=404)
    outsider.get(f"/staf/kasus/{case_id}", status=404)


def test_a_walk_in_visit_has_its_own_details_on_the_case_page_and_a_status_page(app):
    from forms_app import queue

    with app.app_context():
        unit = standards.catalog().units[UNIT]
        service = standards.catalog().services_of(UNIT)[0]
        visit = queue.join(unit, service, "Andi Pengunjung", "Minta data kemiskinan 2025", consent_version="uji")
        case_id, code, label = visit.id, visit.kode, visit.nomor_label
    desk, _ = _desk(app)
    page = desk.text(desk.get(f"/staf/kasus/{case_id}"))
    assert f"Nomor antrean {label}" in page and "Minta data kemiskinan 2025" in page and "Andi Pengunjung" in page
    assert "Kunjungan langsung" in desk.text(desk.get("/staf/?jenis=kunjungan"))
    public = _status_page(app, code)
    assert "Kunjungan langsung" in public and "Andi" not in public


def test_each_form_posts_its_own_csrf_token_as_a_browser_does_and_none_is_refused(app, client):
    code = submit_consultation(client)
    case_id = _case_id(app, code)
    desk, _ = _desk(app)
    desk.get(f"/staf/kasus/{case_id}")
    token = desk.hidden["catat-csrf_token"]
    desk.post(f"/staf/kasus/{case_id}/catatan", {"catat-csrf_token": token, "catat-catatan_internal": "Cek tabel"},
              hidden=False)
    refused = desk.post(f"/staf/kasus/{case_id}/catatan", {"catat-catatan_internal": "Tanpa token"}, status=400,
                        hidden=False)
    assert "Tanpa token" not in refused.get_data(as_text=True)
    with app.app_context():
        assert [reply.isi for reply in _case(app, code).balasan] == ["Cek tabel"]
