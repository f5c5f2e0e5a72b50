"""Staff entry on a citizen's behalf: every channel stored with who entered it and a due time,
consent as the channel allows, the public forms' rules, the printable slip without personal
data, and another unit's entries and slips out of reach."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import deadlines, staff_entry, standards
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import Complaint, Consultation, OutboxMessage, Submission
from forms_app.staff_models import AuditEntry, Role, Staff
from forms_support import REPO, SERVICE, UNIT, FormClient, make_app

NAME, EMAIL, PHONE = "Wahyu Lestari", "wahyu.lestari@contoh.id", "0812 7777 5151"


def _question(**changes) -> staff_entry.ConsultationContent:  # noqa: ANN003
    values = {"topik": "data", "kategori_pengguna": "swasta", "saluran_balasan": "email",
              "pertanyaan": "Berapa produksi karet Kabupaten Kutai Barat tahun 2025?"}
    return staff_entry.ConsultationContent(**{**values, **changes})


def _complaint(**changes) -> staff_entry.ComplaintContent:  # noqa: ANN003
    values = {"jenis_aduan": "saran", "aspek": "sarana", "identitas": Identity.biasa, "penyelesaian": None,
              "uraian": "Ruang tunggu PST perlu kursi tambahan dan kipas angin.",
              "tanggal_kejadian": dt.date.today()}
    return staff_entry.ComplaintContent(**{**values, **changes})


SENDER = staff_entry.Sender(nama=NAME, email=EMAIL, telepon=PHONE, consent=True)


def _enter(app, account: dict, channel: Channel, content, sender=SENDER) -> int:  # noqa: ANN001
    with app.app_context():
        me = db.session.get(Staff, account["id"])
        return staff_entry.enter(me, UNIT, SERVICE, channel, content, sender, address="192.0.2.1").id


@pytest.mark.parametrize(("kind", "channel"), [(kind, channel) for kind, channels in staff_entry.CHANNELS.items()
                                                for channel in channels])
def test_every_channel_is_stored_with_who_entered_it_and_a_due_time(app, kind, channel):
    account = make_staff(app)
    content = _question() if kind is Kind.konsultasi else _complaint()
    case_id = _enter(app, account, channel, content)
    with app.app_context():
        case = db.session.get(Submission, case_id)
        assert (case.jenis, case.saluran, case.dicatat_oleh_id, case.status) == (kind, channel, account["id"],
                                                                                Status.diterima)
        # The due time is what the standard promises for this channel (H3's rules, not asserted here),
        # counted from when it was entered: a time, or the flag that the office's default applies.
        promised = deadlines.promised(kind, standards.catalog().units[UNIT], standards.find_service(UNIT, SERVICE),
                                      case.jam_mulai, channel=channel)
        assert (case.jatuh_tempo, case.tenggat_bawaan) == (promised.final_due, promised.from_office_default)
        assert len(case.tenggat) == len(promised.stages) >= 1 and case.jam_mulai == case.dibuat
        assert case.kode.startswith("KON-" if kind is Kind.konsultasi else "ADU-")
        assert (case.nama, case.email, case.telepon) == (NAME, EMAIL, PHONE)
        how = "lisan" if channel in (Channel.telepon, Channel.tatap_muka) else "tertulis"
        assert case.persetujuan_waktu is not None and case.persetujuan_versi.startswith(how + ":")
        [entry] = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "pengajuan_dicatat")).all()
        assert (entry.staf_id, entry.sasaran, entry.unit_id) == (account["id"], f"pengajuan:{case.kode}", UNIT)
        assert entry.rincian["saluran"] == channel.value
        assert not any(text in repr(entry.rincian) for text in (NAME, EMAIL, PHONE))
        # The citizen who gave an email gets the acknowledgement, as from the web form.
        assert [m.kepada for m in db.session.scalars(db.select(OutboxMessage))] == [EMAIL]


def test_an_unsigned_suggestion_box_slip_stores_no_one(app):
    account = make_staff(app)
    case_id = _enter(app, account, Channel.kotak_saran, _complaint(identitas=Identity.anonim),
                     staff_entry.Sender(nama="ditulis tapi anonim", consent=False))
    with app.app_context():
        case = db.session.get(Complaint, case_id)
        assert case.identitas is Identity.anonim and case.kontak is None
        assert (case.persetujuan_waktu, case.persetujuan_versi) == (None, None)
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize(("kind", "channel", "content", "sender", "message"), [
    (Kind.konsultasi, Channel.kotak_saran, _question(), SENDER, "bukan Kotak saran"),
    (Kind.konsultasi, Channel.telepon, _question(), staff_entry.Sender(nama=NAME, email=EMAIL), "persetujuan"),
    (Kind.konsultasi, Channel.telepon, _question(saluran_balasan="telepon"),
     staff_entry.Sender(nama=NAME, email=EMAIL, consent=True), "nomor telepon"),
    (Kind.pengaduan, Channel.kotak_saran, _complaint(), staff_entry.Sender(consent=True), "nama pengirim"),
    (Kind.pengaduan, Channel.surat, _complaint(aspek="lain"), SENDER, "bagian pelayanan"),
])
def test_entries_that_break_a_rule_are_refused_and_store_nothing(sqlite_app, kind, channel, content, sender,
                                                                 message):
    account = make_staff(sqlite_app)
    with pytest.raises(staff_entry.EntryRefused, match=message):
        _enter(sqlite_app, account, channel, content, sender)
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0


def test_an_entry_for_a_unit_the_staff_member_does_not_work_for_is_refused(sqlite_app):
    account = make_staff(sqlite_app, units=(OTHER_UNIT,))
    with pytest.raises(staff_entry.EntryRefused, match="unit tempat Anda bertugas"):
        _enter(sqlite_app, account, Channel.telepon, _question())


def test_a_clash_of_tracking_codes_is_retried_with_a_new_code(sqlite_app, monkeypatch):
    account = make_staff(sqlite_app)
    first = _enter(sqlite_app, account, Channel.telepon, _question())
    with sqlite_app.app_context():
        taken = db.session.get(Submission, first).kode
    codes = iter([taken, "KON-0000-0000-0001"])
    monkeypatch.setattr(staff_entry.tracking, "new_code", lambda kind: next(codes))
    second = _enter(sqlite_app, account, Channel.tatap_muka, _question())
    with sqlite_app.app_context():
        assert db.session.get(Submission, second).kode == "KON-0000-0000-0001"
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.aksi == "pengajuan_dicatat")) == 2


# --- the pages ----------------------------------------------------------------------------------


def _signed_in(app, **staff) -> tuple[FormClient, dict]:  # noqa: ANN001, ANN003
    account = make_staff(app, **staff)
    client = FormClient(app.test_client())
    sign_in(client, account)
    return client, account


def _choose(client: FormClient, kind: str) -> str:
    client.get("/staf/catat/")
    response = client.post("/staf/catat/", {"jenis": kind, "unit": UNIT})
    url = response.headers["Location"]
    assert url.endswith(f"/staf/catat/{kind}/{UNIT}/")
    client.get(url)
    return url


CONSULTATION_FIELDS = {"saluran": "telepon", "layanan": SERVICE, "topik": "data", "kategori_pengguna": "swasta",
                       "pertanyaan": "Berapa produksi karet Kabupaten Kutai Barat tahun 2025?", "nama": NAME,
                       "saluran_balasan": "telepon", "email": EMAIL, "telepon": PHONE, "persetujuan": "y"}
COMPLAINT_FIELDS = {"saluran": "kotak_saran", "layanan": SERVICE, "jenis_aduan": "pengaduan", "aspek": "waktu",
                    "uraian": "Menunggu satu jam di PST tanpa dilayani petugas.",
                    "tanggal_kejadian": dt.date.today().isoformat(),
                    "penyelesaian": "Penjelasan dan jadwal ulang.", "identitas": "rahasia", "nama": NAME,
                    "email": EMAIL, "telepon": PHONE, "persetujuan": "y"}


def test_a_phone_consultation_entered_on_the_pages_gives_a_slip_without_personal_data(app):
    client, account = _signed_in(app)
    url = _choose(client, "konsultasi")
    response = client.post(url, CONSULTATION_FIELDS)
    slip_url = response.headers["Location"]
    assert re.search(r"/staf/catat/\d+/slip$", slip_url)
    slip = client.get(slip_url)
    html = slip.get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(db.select(Consultation))
        assert (case.saluran, case.dicatat_oleh_id, case.telepon) == (Channel.telepon, account["id"], PHONE)
        code = case.kode
    assert f"<strong>{code}</strong>" in html and 'class="slip__kode"' in html
    assert "Pelayanan Statistik Terpadu" in html and "/lacak/" in html
    assert "Paling lambat" in html or "belum menetapkan" in html
    for personal in (NAME, EMAIL, PHONE, "Wahyu"):
        assert personal not in html
    assert "Ctrl" in html and "<script" not in html and "onclick" not in html
    assert slip.headers["Cache-Control"] == "no-store"


def test_a_second_click_on_save_stores_nothing_new(app):
    client, _ = _signed_in(app)
    url = _choose(client, "konsultasi")
    first = client.post(url, CONSULTATION_FIELDS)
    second = client.post(url, CONSULTATION_FIELDS)  # the same page's one-time key, posted again
    assert first.headers["Location"] == second.headers["Location"]
    client.get(url)  # a new page: a new key, a new case
    third = client.post(url, CONSULTATION_FIELDS)
    assert third.headers["Location"] != first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.aksi == "pengajuan_dicatat")) == 2
    missing = client.post(url, {**CONSULTATION_FIELDS, "sekali": ""}, status=400)
    assert "buka lagi halamannya" in client.text(missing)


def test_a_double_click_racing_on_the_database_gets_the_case_the_first_click_stored(sqlite_app, monkeypatch):
    """Both clicks passed the look-up before either was stored: the unique key refuses the second."""
    account = make_staff(sqlite_app)
    first = _enter_once(sqlite_app, account, "kunci-sekali-pakai-0001")
    real, calls = staff_entry._stored, []

    def stored(origin: str | None):  # noqa: ANN202
        calls.append(origin)
        return None if len(calls) == 1 else real(origin)  # the race: the first look-up finds nothing
    monkeypatch.setattr(staff_entry, "_stored", stored)
    assert _enter_once(sqlite_app, account, "kunci-sekali-pakai-0001") == first
    assert len(calls) == 2  # found after the unique key refused the insert
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 1


def _enter_once(app, account: dict, key: str) -> int:  # noqa: ANN001
    with app.app_context():
        me = db.session.get(Staff, account["id"])
        return staff_entry.enter(me, UNIT, SERVICE, Channel.telepon, _question(), SENDER, once=key).id


def test_a_petugas_may_enter_a_confidential_complaint_but_the_slip_does_not_show_who(app):
    client, account = _signed_in(app)  # a petugas: does not see rahasia identities
    url = _choose(client, "pengaduan")
    slip = client.get(client.post(url, COMPLAINT_FIELDS).headers["Location"])
    html = slip.get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(db.select(Complaint))
        assert (case.identitas, case.saluran, case.nama) == (Identity.rahasia, Channel.kotak_saran, NAME)
    assert case.kode in html and NAME not in html and EMAIL not in html


def test_the_slip_gives_the_public_address_of_the_status_page(tmp_path):
    app, close = make_app(tmp_path, "sqlite", PUBLIC_BASE_URL="https://pst.kubar.example/")
    try:
        client, account = _signed_in(app)
        case_id = _enter(app, account, Channel.surat, _question())
        page = client.text(client.get(f"/staf/catat/{case_id}/slip"))
        assert "https://pst.kubar.example/lacak/" in page
    finally:
        close()


def test_another_units_entry_form_and_slip_do_not_exist(app):
    stranger, _ = _signed_in(app, email="lain@pst.contoh.id", units=(OTHER_UNIT,))
    owner = make_staff(app, email="pemilik@pst.contoh.id")
    case_id = _enter(app, owner, Channel.telepon, _question())
    stranger.get(f"/staf/catat/{case_id}/slip", status=404)
    stranger.get(f"/staf/catat/konsultasi/{UNIT}/", status=404)
    stranger.get("/staf/catat/")
    stranger.post("/staf/catat/", {"jenis": "konsultasi", "unit": UNIT}, status=400)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 1


def test_the_entry_pages_require_sign_in(sqlite_app):
    client = FormClient(sqlite_app.test_client())
    for url in ("/staf/catat/", f"/staf/catat/pengaduan/{UNIT}/", "/staf/catat/1/slip"):
        response = client.client.get(url)
        assert response.status_code == 302
        assert "/staf/masuk" in response.headers["Location"]


def test_the_public_forms_rules_hold_on_the_staff_form(sqlite_app):
    client, _ = _signed_in(sqlite_app, role=Role.pengelola_pengaduan, email="pp@pst.contoh.id")
    url = _choose(client, "pengaduan")
    old = (dt.date.today() - dt.timedelta(days=45)).isoformat()
    response = client.post(url, {**COMPLAINT_FIELDS, "tanggal_kejadian": old, "email": "bukan-email",
                                 "persetujuan": ""}, status=400)
    html = response.get_data(as_text=True)
    assert "<title>Galat: " in html
    page = client.text(response)
    assert "paling lambat 30 hari" in page and "Format alamat email tidak benar" in page
    assert "Centang persetujuan pengirim" in page
    response = client.post(url, {**COMPLAINT_FIELDS, "saluran": "online"}, status=400)
    assert "Pilihan ini tidak ada pada formulir" in client.text(response)
    # An unsigned slip: anonymous needs no name and no consent; what was typed is not kept.
    response = client.post(url, {**COMPLAINT_FIELDS, "identitas": "anonim", "nama": "", "persetujuan": ""})
    assert "/slip" in response.headers["Location"]
    with sqlite_app.app_context():
        case = db.session.scalar(db.select(Complaint))
        assert case.kontak is None and case.identitas is Identity.anonim


def test_the_choice_page_needs_a_kind_and_one_of_the_staff_members_units(sqlite_app):
    client, _ = _signed_in(sqlite_app, units=(UNIT, OTHER_UNIT))
    page = client.get("/staf/catat/").get_data(as_text=True)
    assert UNIT in page and OTHER_UNIT not in page  # a unit without a published standard is not offered
    response = client.post("/staf/catat/", {"unit": UNIT}, status=400)
    assert "Pilih apa yang dicatat" in client.text(response)


def test_the_slip_prints_without_the_desk_around_it():
    css = (REPO / "forms_app" / "static" / "meja.css").read_text()
    printed = css[css.index("/* staff entry and its printable slip"):]
    assert "@media print" in printed and ".meja .kepala" in printed and ".tanpa-cetak" in printed
    assert "@media print and (max-width: 90mm)" in printed  # a receipt printer's paper
    template = Path(REPO / "forms_app/desk/templates/desk/slip.html").read_text()
    assert "tanpa-cetak" in template
