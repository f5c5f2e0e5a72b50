"""One person's data (UU 27/2022): found by email or a phone number however written, exported
with nothing of anyone else, erased from every table and file while the cases stay; each step
audited without the address searched for. And retention covering the desk's data: walk-in
visits, staff-entered cases, old staff sessions."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest
import sqlalchemy

from desk_support import make_staff, sign_in
from forms_app import attachments, cases, outbox, personal_data, queue, retention, staff_entry, standards
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Status
from forms_app.mail import FolderTransport
from forms_app.models import Attachment, Contact, Draft, OutboxMessage, Submission, Visit
from forms_app.staff_models import AuditEntry, Role, Staff, StaffSession
from forms_support import (
    COMPLAINT_URL,
    SERVICE,
    UNIT,
    FormClient,
    complaint_answers,
    make_app,
    submit_complaint,
    submit_consultation,
)

PHOTO = b"\x89PNG\r\n\x1a\n" + os.urandom(256 * 1024)
SITI = ["Siti Aminah", "siti@contoh.id", "0812 3456 7890", "KTP_Siti_Aminah", "siti.lain@contoh.id",
        "+62 812 3456 7890"]


def _admin(app, **changes) -> dict:  # noqa: ANN001, ANN003
    return make_staff(app, **{"email": "admin@pst.contoh.id", "role": Role.admin, "name": "Adi Admin", **changes})


def _signed_in_admin(app) -> tuple[FormClient, dict]:  # noqa: ANN001
    account = _admin(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    return client, account


def _staff(app, account: dict) -> Staff:  # noqa: ANN001
    return db.session.get(Staff, account["id"])


def _codes(found: list[Submission]) -> list[str]:
    return [case.kode for case in found]


# --- finding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("Budi@Contoh.ID ", personal_data.Key("email", "budi@contoh.id")),
    ("0812 3456 7890", personal_data.Key("telepon", "81234567890")),
    ("+62 812-3456-7890", personal_data.Key("telepon", "81234567890")),
    ("62(812)34567890", personal_data.Key("telepon", "81234567890")),
    ("(0545) 4046036", personal_data.Key("telepon", "5454046036")),
])
def test_a_key_is_read_however_the_address_is_written(typed, expected):
    assert personal_data.key(typed) == expected


@pytest.mark.parametrize("typed", ["", "Budi Santoso", "12345", "budi@", "0812 abc 7890"])
def test_what_is_neither_an_email_nor_a_phone_number_is_refused(typed):
    with pytest.raises(personal_data.NotAnAddress):
        personal_data.key(typed)


def test_one_person_is_found_by_email_in_any_case_and_by_a_phone_number_written_differently(app):
    client = FormClient(app.test_client())
    budi = submit_consultation(client)
    siti = submit_complaint(client)  # phone "0812 3456 7890"
    budi_again = submit_consultation(client, email="BUDI@contoh.id", telepon="+62 811 000 111")
    anonymous = submit_complaint(client, identitas="anonim", nama="", email="", telepon="", persetujuan="")
    with app.app_context():
        find = personal_data.find
        assert _codes(find(personal_data.key("budi@CONTOH.id"), [UNIT])) == [budi, budi_again]
        assert _codes(find(personal_data.key("+62 812-3456-7890"), [UNIT])) == [siti]
        assert _codes(find(personal_data.key("62 812 34567890"), [UNIT])) == [siti]
        assert _codes(find(personal_data.key("0811000111"), [UNIT])) == [budi_again]
        assert _codes(find(personal_data.key("0812 3456 789"), [UNIT])) == []  # a digit short: someone else
        assert _codes(find(personal_data.key("budi@contoh.id"), ["unit-lain"])) == []  # not the admin's unit
        assert anonymous not in _codes(find(personal_data.key("siti@contoh.id"), [UNIT]))


# --- the pages ----------------------------------------------------------------------------------


def test_only_admins_reach_the_personal_data_pages(sqlite_app):
    for role in (Role.petugas, Role.pengelola_pengaduan):
        account = make_staff(sqlite_app, email=f"{role.value}@pst.contoh.id", role=role)
        client = FormClient(sqlite_app.test_client())
        sign_in(client, account)
        assert client.client.get("/staf/admin/data-pribadi/").status_code == 403
        client.get("/staf/")  # a valid form token (the sign-out button's)
        for url in ("/staf/admin/data-pribadi/", "/staf/admin/data-pribadi/unduh", "/staf/admin/data-pribadi/hapus"):
            assert client.client.post(url, data={**client.hidden, "cari": "budi@contoh.id",
                                                 "konfirmasi": "HAPUS"}).status_code == 403
    visitor = FormClient(sqlite_app.test_client())
    assert visitor.client.get("/staf/admin/data-pribadi/").status_code == 302


def test_search_export_and_erase_through_the_pages_audited_without_the_address(app):
    public = FormClient(app.test_client())
    budi = submit_consultation(public)
    siti = submit_complaint(public)
    client, account = _signed_in_admin(app)
    with app.app_context():  # a phone call from Budi, entered by staff
        by_phone = staff_entry.enter(_staff(app, account), UNIT, SERVICE, Channel.telepon,
                                     staff_entry.ConsultationContent("metadata", "peneliti_dosen",
                                                                     "Apa definisi rumah tangga pertanian?",
                                                                     "email"),
                                     staff_entry.Sender("Budi Santoso", "Budi@Contoh.id", None, True)).kode
    page = client.get("/staf/admin/data-pribadi/")
    assert page.request.url.endswith("/staf/admin/data-pribadi/")
    found = client.post("/staf/admin/data-pribadi/", {"cari": "budi@contoh.id"}, status=200)
    text = client.text(found)
    assert budi in text and by_phone in text and siti not in text and "2 pengajuan" in text

    export = client.post("/staf/admin/data-pribadi/unduh", {}, status=200)
    assert export.mimetype == "application/json" and "attachment" in export.headers["Content-Disposition"]
    data = json.loads(export.get_data(as_text=True))
    assert [item["kode"] for item in data["pengajuan"]] == [budi, by_phone]
    assert data["pengajuan"][0]["kontak"]["nama"] == "Budi Santoso"
    assert data["pengajuan"][0]["isi"]["pertanyaan"].startswith("Berapa jumlah penduduk")
    assert data["pengajuan"][1]["saluran"] == "telepon"
    assert data["pengajuan"][0]["email_kepada_anda"][0]["kepada"] == "budi@contoh.id"
    assert not any(text in export.get_data(as_text=True) for text in [*SITI, siti])  # no one else

    client.get("/staf/admin/data-pribadi/")
    found = client.post("/staf/admin/data-pribadi/", {"cari": "budi@contoh.id"}, status=200)
    refused = client.post("/staf/admin/data-pribadi/hapus", {"konfirmasi": "hapus saja"}, status=400)
    assert "Ketik HAPUS" in client.text(refused) and "<title>Galat: " in refused.get_data(as_text=True)
    done = client.post("/staf/admin/data-pribadi/hapus", {"konfirmasi": "HAPUS"})
    assert done.headers["Location"].endswith("/staf/admin/data-pribadi/")
    assert "sudah dihapus" in client.text(client.get(done.headers["Location"]))
    with app.app_context():
        stored = {case.kode: case for case in db.session.scalars(db.select(Submission))}
        assert set(stored) == {budi, siti, by_phone}  # the cases stay
        assert stored[budi].kontak is None and stored[by_phone].kontak is None
        assert stored[siti].nama == "Siti Aminah"
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi.like("data_pribadi_%"))
                                     .order_by(AuditEntry.id)).all()
        assert [e.aksi for e in entries] == ["data_pribadi_dicari", "data_pribadi_diekspor", "data_pribadi_dicari",
                                             "data_pribadi_dihapus"]
        assert entries[-1].rincian == {"dicari_dengan": "email", "jumlah": 2, "kode": [budi, by_phone],
                                       "isian_belum_dikirim": 0, "berkas": 0}
        assert all(e.staf_id == account["id"] and e.unit_id == UNIT for e in entries)
        every_audit_row = "\n".join(str(tuple(row)) for row in db.session.execute(
            db.select(AuditEntry.__table__)))
        assert "budi@contoh.id" not in every_audit_row.lower() and "Budi Santoso" not in every_audit_row
    # The address never went into a URL.
    assert all("budi" not in url.lower() for url in (page.request.url, found.request.url, done.headers["Location"]))


def test_a_search_that_finds_no_one_says_so_and_is_audited(sqlite_app):
    client, _ = _signed_in_admin(sqlite_app)
    client.get("/staf/admin/data-pribadi/")
    page = client.post("/staf/admin/data-pribadi/", {"cari": "tidak.ada@contoh.id"}, status=200)
    assert "Tidak ada pengajuan" in client.text(page) and "Hapus data pribadi" not in client.text(page)
    wrong = client.post("/staf/admin/data-pribadi/", {"cari": "Budi Santoso"}, status=400)
    assert "Tulis alamat email atau nomor telepon" in client.text(wrong)
    with sqlite_app.app_context():
        [entry] = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "data_pribadi_dicari")).all()
        assert entry.rincian == {"dicari_dengan": "email", "jumlah": 0, "kode": []} and entry.unit_id is None


# --- erasing leaves nothing ---------------------------------------------------------------------


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_erasure_removes_the_person_from_every_table_and_file_while_the_cases_remain(tmp_path, database):
    mail_folder = tmp_path / "instance" / "surat-keluar"
    app, close = make_app(tmp_path, database, MAIL_TRANSPORT="folder", MAIL_FOLDER=str(mail_folder))
    try:
        public = FormClient(app.test_client())
        budi = submit_consultation(public)
        siti = submit_complaint(public, identitas="rahasia",
                                files={"lampiran": [(io.BytesIO(PHOTO), "KTP_Siti_Aminah.png")]})
        # Siti started another complaint, with a file, and never sent it: her draft holds her answers.
        unsent = FormClient(app.test_client())
        unsent.get(COMPLAINT_URL)
        unsent.post(COMPLAINT_URL, complaint_answers(nama="Siti Aminah", email="siti.lain@contoh.id",
                                                      telepon="+62 812 3456 7890"),
                    files={"lampiran": [(io.BytesIO(PHOTO), "KTP_Siti_Aminah_lagi.png")]})
        account = _admin(app)
        with app.app_context():
            uploads = attachments.upload_folder()
            assert len(list(uploads.iterdir())) == 2
            by_desk = staff_entry.enter(_staff(app, account), UNIT, SERVICE, Channel.tatap_muka,
                                        staff_entry.ComplaintContent("saran", "sarana",
                                                                     "Ruang tunggu perlu kursi tambahan.",
                                                                     dt.date.today(), None, Identity.biasa),
                                        staff_entry.Sender("Siti Aminah", "SITI@contoh.id", "+62 812-3456-7890",
                                                           True)).kode
            assert outbox.deliver_due(FolderTransport(mail_folder)).sent == 3
            erased = personal_data.erase(personal_data.key("62 812 3456 7890"), [UNIT], _staff(app, account))
            assert sorted(erased) == sorted([siti, by_desk])
            stored = {case.kode: case for case in db.session.scalars(db.select(Submission))}
            assert set(stored) == {budi, siti, by_desk}
            assert stored[siti].kontak is None and stored[siti].identitas is Identity.rahasia
            assert stored[siti].uraian.startswith("Saya menunggu")  # the content stays
            assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0
            assert db.session.scalar(db.select(db.func.count()).select_from(Draft)) == 0
            assert list(uploads.iterdir()) == []  # the draft's file and the sent photo of her ID card
            [entry] = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "data_pribadi_dihapus"))
            assert entry.rincian["isian_belum_dikirim"] == 1 and entry.rincian["dicari_dengan"] == "telepon"
            assert entry.rincian["berkas"] == 1
            dumped = _every_row()
            if database == "sqlite":  # the raw files, write-ahead log included, while the app still has them open
                dumped = b"".join(path.read_bytes() for path in tmp_path.glob("layanan.sqlite3*")).decode("latin-1")
    finally:
        close()
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    for text in SITI:
        assert text not in dumped and text.lower() not in dumped.lower(), f"{text!r} is still in the database"
    assert "Budi Santoso" in dumped and "budi@contoh.id" in dumped  # the check can see a name that is there
    leftovers = [(path.name, text) for path in files if "layanan.sqlite3" not in path.name
                 for text in SITI if text.encode() in path.read_bytes()]
    assert leftovers == []
    assert len(list(mail_folder.glob("*.eml"))) == 1  # Budi's receipt only


def _every_row() -> str:
    return "\n".join(str(tuple(row)) for table in db.metadata.sorted_tables
                     for row in db.session.execute(db.select(table)))


# --- retention of the desk's data ---------------------------------------------------------------


def _visit(unit, name: str, now: dt.datetime) -> Visit:  # noqa: ANN001
    """A visitor signs the guestbook as the office tablet does (forms_app.queue)."""
    return queue.join(unit, standards.find_service(UNIT, SERVICE), name, "Mencari data kemiskinan",
                      phone="0813 1111 2222", consent_version="2026-11-26", now=now)


def test_retention_covers_visits_staff_entered_cases_and_old_staff_sessions(app):
    days = app.config["DATA_RETENTION_DAYS"]
    now = dt.datetime.now(dt.UTC)
    long_ago = now - dt.timedelta(days=days + 5)
    account = make_staff(app)
    with app.app_context():
        me = _staff(app, account)
        unit = standards.catalog().units[UNIT]
        served = _visit(unit, "Pengunjung Dilayani", long_ago)
        assert queue.call_next(me, UNIT, "Loket 1", now=long_ago).id == served.id
        queue.finish(served, me, "Dijelaskan cara mengunduh tabel kemiskinan.", now=long_ago)
        left = _visit(unit, "Pengunjung Pergi", long_ago)  # never called, never closed: the visitor left
        today = _visit(unit, "Pengunjung Hari Ini", now)
        entered = staff_entry.enter(me, UNIT, SERVICE, Channel.surat,
                                    staff_entry.ConsultationContent("data", "swasta", "Data inflasi 2025?", "email"),
                                    staff_entry.Sender("Penulis Surat", "surat@contoh.id", None, True), now=long_ago)
        cases.change_status(entered, Status.selesai, me, note=None, note_public=False, unit=unit, now=long_ago)
        entered_open = staff_entry.enter(me, UNIT, SERVICE, Channel.telepon,
                                         staff_entry.ConsultationContent("data", "swasta", "Data IPM 2025?", "email"),
                                         staff_entry.Sender("Penelepon", "telp@contoh.id", None, True), now=long_ago)
        db.session.add_all([
            StaffSession(token_sha256="a" * 64, staf_id=me.id, dibuat=long_ago, terakhir_aktif=long_ago,
                         berakhir=long_ago, alamat="192.0.2.10"),
            StaffSession(token_sha256="b" * 64, staf_id=me.id, dibuat=long_ago, terakhir_aktif=long_ago,
                         berakhir=None, alamat="192.0.2.11"),  # the browser was closed: never ended
            StaffSession(token_sha256="c" * 64, staf_id=me.id, dibuat=now - dt.timedelta(days=2),
                         terakhir_aktif=now - dt.timedelta(days=2), berakhir=now - dt.timedelta(days=2),
                         alamat="192.0.2.12"),
            StaffSession(token_sha256="d" * 64, staf_id=me.id, dibuat=now, terakhir_aktif=now, alamat="192.0.2.13"),
        ])
        db.session.commit()
        audit_rows = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
        ids = {name: case.id for name, case in [("served", served), ("left", left), ("today", today),
                                                ("entered", entered), ("entered_open", entered_open)]}

        report = retention.purge(now=now)
        assert (report.cases, report.staff_sessions) == (3, 2)
        contacts = {name: db.session.get(Submission, case_id).nama for name, case_id in ids.items()}
        assert contacts == {"served": None, "left": None, "today": "Pengunjung Hari Ini", "entered": None,
                            "entered_open": "Penelepon"}
        assert db.session.get(Visit, ids["served"]).hasil_layanan.startswith("Dijelaskan")  # the record stays
        assert sorted(db.session.scalars(db.select(StaffSession.alamat))) == ["192.0.2.12", "192.0.2.13"]
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 5
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == audit_rows
        assert all(m.kepada is None for m in db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.pengajuan_id == ids["entered"])))


def test_many_expired_cases_are_erased_in_batches(sqlite_app, monkeypatch):
    """PostgreSQL takes at most 65,535 parameters in a statement: the first run at an office with
    years of cases must not build one IN (...) of them all."""
    monkeypatch.setattr(retention, "ERASE_BATCH", 2)
    account = make_staff(sqlite_app)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=sqlite_app.config["DATA_RETENTION_DAYS"] + 1)
    with sqlite_app.app_context():
        me, unit = _staff(sqlite_app, account), standards.catalog().units[UNIT]
        for number in range(5):
            case = staff_entry.enter(me, UNIT, SERVICE, Channel.surel,
                                     staff_entry.ConsultationContent("data", "swasta", "Data inflasi 2025?", "email"),
                                     staff_entry.Sender(f"Warga {number}", f"warga{number}@contoh.id", None, True),
                                     now=long_ago)
            cases.change_status(case, Status.selesai, me, note=None, note_public=False, unit=unit, now=long_ago)
        statements = []
        sqlalchemy.event.listen(db.engine, "before_cursor_execute",
                                lambda *args: statements.append(args[2]) if "DELETE FROM kontak" in args[2] else None)
        assert retention.erase_expired_contacts() == 5
        assert len(statements) == 3  # 2 + 2 + 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Contact)) == 0


def test_the_purge_command_still_reports_its_counts(sqlite_app):
    result = sqlite_app.test_cli_runner().invoke(args=["data", "bersihkan"], env={})
    assert result.exit_code == 0, result.output
    assert "data kontak 0 pengajuan dihapus" in result.output and "0 sesi staf lama dihapus" in result.output


def test_the_domain_modules_do_not_depend_on_the_request():
    for module in (personal_data, staff_entry):
        source = Path(module.__file__).read_text()
        assert not re.search(r"^(from flask import|import flask)", source, re.MULTILINE), module.__name__
