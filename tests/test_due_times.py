"""Due times: the published standard of the case's service for its channel, the office's default
where the standard publishes none, counted in working days without weekends, national holidays,
cuti bersama and the office's leave days, and in the unit's opening hours where it publishes them.

The table calls `deadlines.promised` directly (defaults and leave days passed in, no database);
the app tests go through the public form and the admin's settings page.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from dataclasses import replace
from functools import lru_cache

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import deadlines, office
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Kind
from forms_app.models import Submission
from forms_app.office import Defaults, Stage
from forms_app.staff_models import AuditEntry, LeaveDay, OfficeSetting, Role
from forms_support import REPO, SERVICE, UNIT, FormClient, submit_complaint, submit_consultation
from layanan.catalog import load_or_raise
from layanan.durasi import DurasiModel
from layanan.kalender import due, is_working_day
from layanan.model import JamLayanan, Saluran, TahapPengaduan, WaktuSaluran, ZonaWaktu

WITA = dt.timezone(dt.timedelta(hours=8))
SETTINGS_URL = "/staf/admin/pengaturan/"


def _wita(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=WITA)


def _durasi(text: str) -> DurasiModel:
    return office.parse_duration(text)


# The office's defaults in the table: chosen apart from the built-in ones, so a test shows which applied.
DEFAULTS = Defaults(consultation=_durasi("5 hari kerja"), visit=_durasi("60 menit"),
                    complaint=(Stage("Verifikasi pengaduan", _durasi("3 hari kerja")),
                               Stage("Penyelesaian pengaduan", _durasi("10 hari kerja"))))


# --- the standards the table uses: the seed, and the seed changed ------------------------------

def _shown_as(entry, model):  # noqa: ANN001, ANN202
    """`entry` (a unit or a service of the catalog) with `model` as the content of the version it shows."""
    shown = entry.shown
    return replace(entry, versions=tuple(replace(v, model=model) if v is shown else v for v in entry.versions))


@lru_cache(maxsize=1)
def _seed():  # noqa: ANN202
    catalog, _ = load_or_raise(REPO / "standard")
    service = next(entry for entry in catalog.services if entry.unit_id == UNIT and entry.id == SERVICE)
    return catalog.units[UNIT], service


def _unit(hours: bool = False, stages: list[tuple[str, str]] | None = None):  # noqa: ANN202
    """The seed unit (no published hours, no complaint deadlines), or with hours with a lunch
    break (Mon–Thu 08.00–12.00 and 13.00–16.00, Fri 08.00–11.00 and 13.30–16.30) or stages."""
    entry, _ = _seed()
    changes: dict = {}
    if hours:
        changes["jam_layanan"] = [JamLayanan.model_validate(period) for period in (
            {"hari": "Senin–Kamis", "buka": "08.00", "tutup": "12.00"},
            {"hari": "Senin–Kamis", "buka": "13.00", "tutup": "16.00"},
            {"hari": "Jumat", "buka": "08.00", "tutup": "11.00"},
            {"hari": "Jumat", "buka": "13.30", "tutup": "16.30"})]
    if stages:
        changes["tenggat_pengaduan"] = [TahapPengaduan.model_validate({"tahap": name, "waktu": time})
                                        for name, time in stages]
    return _shown_as(entry, entry.unit.model_copy(update=changes))


def _service(**times: str):  # noqa: ANN003, ANN202
    """The seed service (walk-in 10 menit, online unknown) with these channels' times published."""
    _, entry = _seed()
    published = dict(entry.layanan.waktu_penyelesaian)
    published.update({Saluran(channel): WaktuSaluran.model_validate({"waktu": time})
                      for channel, time in times.items()})
    return _shown_as(entry, entry.layanan.model_copy(update={"waktu_penyelesaian": published}))


SEED = "seed"
PUBLISHED = {"online": "3 hari kerja", "telepon": "2 hari kerja", "surat": "14 hari"}
WALK_IN_HOUR = {"kunjungan_langsung": "60 menit"}
DEC_1 = {dt.date(2026, 12, 1)}  # a Tuesday the office closes (leave day)

# (name, kind, channel, unit, service times, start, leave days, due of the last stage, office default?)
CASES = [
    # working days: weekends, national holidays, cuti bersama, leave days
    ("week", Kind.konsultasi, Channel.online, {}, PUBLISHED, _wita(2026, 11, 23, 9, 0), (),
     _wita(2026, 11, 26, 23, 59), False),
    ("weekend", Kind.konsultasi, Channel.online, {}, PUBLISHED, _wita(2026, 11, 27, 16, 0), (),
     _wita(2026, 12, 2, 23, 59), False),
    ("independence-day", Kind.konsultasi, Channel.telepon, {}, {"telepon": "1 hari kerja"},
     _wita(2026, 8, 14, 9, 0), (), _wita(2026, 8, 18, 23, 59), False),
    ("cuti-bersama-and-christmas-2026", Kind.konsultasi, Channel.online, {}, PUBLISHED,
     _wita(2026, 12, 23, 9, 0), (), _wita(2026, 12, 30, 23, 59), False),
    ("cuti-bersama-2027", Kind.konsultasi, Channel.telepon, {}, {"telepon": "1 hari kerja"},
     _wita(2027, 12, 23, 9, 0), (), _wita(2027, 12, 27, 23, 59), False),
    ("leave-day", Kind.konsultasi, Channel.online, {}, PUBLISHED, _wita(2026, 11, 30, 9, 0), DEC_1,
     _wita(2026, 12, 4, 23, 59), False),
    ("utc-start-is-already-saturday-in-wita", Kind.konsultasi, Channel.online, {}, PUBLISHED,
     dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC), (), _wita(2026, 12, 2, 23, 59), False),
    # each channel: the standard's time for that channel
    ("email-is-online", Kind.konsultasi, Channel.surel, {}, PUBLISHED, _wita(2026, 11, 23, 9, 0), (),
     _wita(2026, 11, 26, 23, 59), False),
    ("telepon", Kind.konsultasi, Channel.telepon, {}, PUBLISHED, _wita(2026, 11, 23, 9, 0), (),
     _wita(2026, 11, 25, 23, 59), False),
    ("surat-calendar-days", Kind.konsultasi, Channel.surat, {}, PUBLISHED, _wita(2026, 12, 2, 10, 0), (),
     _wita(2026, 12, 16, 23, 59), False),
    ("suggestion-box-slip-is-surat", Kind.konsultasi, Channel.kotak_saran, {}, PUBLISHED,
     _wita(2026, 12, 2, 10, 0), (), _wita(2026, 12, 16, 23, 59), False),
    ("at-the-desk-is-walk-in", Kind.konsultasi, Channel.tatap_muka, {}, SEED, _wita(2026, 12, 2, 10, 0), (),
     _wita(2026, 12, 2, 10, 10), False),
    ("walk-in-visit", Kind.kunjungan, Channel.tatap_muka, {}, SEED, _wita(2026, 12, 2, 10, 0), (),
     _wita(2026, 12, 2, 10, 10), False),
    # the standard publishes no time: the office's default
    ("seed-online-default", Kind.konsultasi, Channel.online, {}, SEED, _wita(2026, 12, 2, 10, 0), (),
     _wita(2026, 12, 9, 23, 59), True),
    ("seed-telepon-default-and-leave-day", Kind.konsultasi, Channel.telepon, {}, SEED,
     _wita(2026, 11, 30, 10, 0), DEC_1, _wita(2026, 12, 8, 23, 59), True),
    ("desk-without-walk-in-time-gets-visit-default", Kind.konsultasi, Channel.tatap_muka, {},
     {"kunjungan_langsung": None}, _wita(2026, 12, 2, 10, 0), (), _wita(2026, 12, 2, 11, 0), True),
    ("seed-complaint-default-stages-across-new-year", Kind.pengaduan, Channel.online, {}, SEED,
     _wita(2026, 12, 16, 9, 0), (), _wita(2027, 1, 4, 23, 59), True),
    ("seed-complaint-any-channel", Kind.pengaduan, Channel.kotak_saran, {}, SEED,
     _wita(2026, 12, 16, 9, 0), (), _wita(2027, 1, 4, 23, 59), True),
    ("published-complaint-stages", Kind.pengaduan, Channel.surel,
     {"stages": [("Verifikasi", "2 hari kerja"), ("Selesai", "5 hari kerja")]}, SEED,
     _wita(2026, 11, 30, 10, 0), DEC_1, _wita(2026, 12, 8, 23, 59), False),
    # opening hours: minutes count only while the unit is open; working days end at closing time
    ("hours-lunch-break", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, WALK_IN_HOUR,
     _wita(2026, 12, 1, 11, 30), (), _wita(2026, 12, 1, 13, 30), False),
    ("hours-closing-time", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, WALK_IN_HOUR,
     _wita(2026, 12, 1, 15, 40), (), _wita(2026, 12, 2, 8, 40), False),
    ("hours-before-opening", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, WALK_IN_HOUR,
     _wita(2026, 11, 30, 7, 0), (), _wita(2026, 11, 30, 9, 0), False),
    ("hours-friday-lunch", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, WALK_IN_HOUR,
     _wita(2026, 12, 4, 10, 30), (), _wita(2026, 12, 4, 14, 0), False),
    ("hours-closing-then-cuti-bersama-and-christmas", Kind.kunjungan, Channel.tatap_muka, {"hours": True},
     WALK_IN_HOUR, _wita(2026, 12, 23, 15, 30), (), _wita(2026, 12, 28, 8, 30), False),
    ("hours-closing-then-leave-day", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, WALK_IN_HOUR,
     _wita(2026, 11, 30, 15, 30), DEC_1, _wita(2026, 12, 2, 8, 30), False),
    ("hours-visit-default", Kind.kunjungan, Channel.tatap_muka, {"hours": True}, {"kunjungan_langsung": None},
     _wita(2026, 12, 1, 11, 30), (), _wita(2026, 12, 1, 13, 30), True),
    ("hours-working-days-end-at-closing", Kind.konsultasi, Channel.telepon, {"hours": True}, PUBLISHED,
     _wita(2026, 12, 3, 10, 0), (), _wita(2026, 12, 7, 16, 0), False),
    ("hours-friday-closes-later", Kind.konsultasi, Channel.telepon, {"hours": True}, {"telepon": "1 hari kerja"},
     _wita(2026, 12, 3, 10, 0), (), _wita(2026, 12, 4, 16, 30), False),
]


def _service_for(times):  # noqa: ANN001, ANN202
    if times == SEED:
        return _service()
    if times.get("kunjungan_langsung", "") is None:  # the walk-in time taken away
        entry = _service(**{k: v for k, v in times.items() if v})
        published = {k: v for k, v in entry.layanan.waktu_penyelesaian.items() if k is not Saluran.kunjungan_langsung}
        return _shown_as(entry, entry.layanan.model_copy(update={"waktu_penyelesaian": published}))
    return _service(**times)


@pytest.mark.parametrize("name, kind, channel, unit, times, start, closed, expected, from_default", CASES,
                         ids=[case[0] for case in CASES])
def test_due_times(name, kind, channel, unit, times, start, closed, expected, from_default):  # noqa: ANN001
    promised = deadlines.promised(kind, _unit(**unit), _service_for(times), start, channel,
                                  defaults=DEFAULTS, closed=set(closed))
    assert promised.final_due == expected
    assert promised.final_due.utcoffset() == dt.timedelta(hours=8)  # in the unit's zone, WITA
    assert promised.from_office_default is from_default
    for stage in promised.stages:
        assert stage.durasi is not None and stage.due is not None
        assert stage.from_office_default is from_default
        # a default stage still says why the standard has none; a standard's stage has no such reason
        assert bool(stage.unknown_reason) is from_default


def test_a_default_complaint_keeps_each_stage_and_the_standards_reason():
    promised = deadlines.promised(Kind.pengaduan, _unit(), _service(), _wita(2026, 12, 16, 9, 0),
                                  defaults=DEFAULTS, closed=())
    assert [(s.label, str(s.durasi), s.due) for s in promised.stages] == [
        ("Verifikasi pengaduan", "3 hari kerja", _wita(2026, 12, 21, 23, 59)),
        ("Penyelesaian pengaduan", "10 hari kerja", _wita(2027, 1, 4, 23, 59))]
    assert all("tidak tercantum" in s.unknown_reason for s in promised.stages)
    assert promised.standard_sha256 == _unit().sha256


def test_a_service_gone_from_the_standard_gets_the_default():
    promised = deadlines.promised(Kind.konsultasi, _unit(), None, _wita(2026, 12, 2, 10, 0), defaults=DEFAULTS,
                                  closed=())
    [stage] = promised.stages
    assert (stage.due, stage.from_office_default, stage.unknown_reason) == (
        _wita(2026, 12, 9, 23, 59), True, "layanannya tidak ada lagi pada standar")
    assert promised.standard_sha256 is None


def test_the_standard_wins_over_the_default():
    """A channel the standard publishes never takes the office's default, however short."""
    short = Defaults(consultation=_durasi("1 menit"), visit=_durasi("1 menit"), complaint=DEFAULTS.complaint)
    promised = deadlines.promised(Kind.kunjungan, _unit(), _service(), _wita(2026, 12, 2, 10, 0),
                                  defaults=short, closed=())
    assert promised.final_due == _wita(2026, 12, 2, 10, 10) and not promised.from_office_default


def test_recount_honours_leave_days():
    start = _wita(2026, 11, 30, 9, 0)
    assert deadlines.recount("3 hari kerja", _unit(), start, closed=()) == _wita(2026, 12, 3, 23, 59)
    assert deadlines.recount("3 hari kerja", _unit(), start, closed=DEC_1) == _wita(2026, 12, 4, 23, 59)
    assert deadlines.recount("60 menit", _unit(hours=True), _wita(2026, 11, 30, 15, 30), closed=DEC_1) == \
        _wita(2026, 12, 2, 8, 30)
    assert deadlines.recount(None, _unit(), start, closed=()) is None


def test_outside_an_app_the_built_in_defaults_apply_without_leave_days():
    promised = deadlines.promised(Kind.konsultasi, _unit(), _service(), _wita(2026, 12, 2, 10, 0))
    assert [str(s.durasi) for s in promised.stages] == [office.CONSULTATION.default]
    assert promised.final_due == _wita(2026, 12, 7, 23, 59)  # 3 hari kerja


# --- the office's settings: checked with layanan's duration parser, in Indonesian ---------------

@pytest.mark.parametrize("text, message", [
    ("10", "'10' tidak punya satuan"),
    ("lima hari", "bukan jangka waktu"),
    ("0 hari kerja", "angka lebih dari 0"),
    ("300 hari kerja", "terlalu lama — paling lama 250 hari kerja"),
    ("2000 menit", "paling lama 1440 menit"),
])
def test_a_bad_duration_is_refused_in_indonesian(text, message):  # noqa: ANN001
    with pytest.raises(office.SettingRefused, match=re.escape(message)):
        office.parse_duration(text)


@pytest.mark.parametrize("text, message", [
    ("", "Isi paling sedikit satu tahap"),
    ("10 hari kerja", "Baris 1 ('10 hari kerja'): tulis nama tahap, titik dua"),
    ("Verifikasi: 3 hari kerja\nSelesai: sepuluh", "Baris 2 ('Selesai'): 'sepuluh' bukan jangka waktu"),
    ("Verifikasi: 5 hari kerja\nSelesai: 3 hari kerja", "lebih singkat dari tahap sebelumnya (5 hari kerja)"),
    ("\n".join(f"Tahap {n}: {n} hari kerja" for n in range(1, 7)), "Paling banyak 5 tahap"),
])
def test_bad_complaint_stages_are_refused_in_indonesian(text, message):  # noqa: ANN001
    with pytest.raises(office.SettingRefused, match=re.escape(message)):
        office.parse_stages(text)


def test_the_built_in_defaults():
    assert office.BUILT_IN == Defaults(
        consultation=_durasi("3 hari kerja"), visit=_durasi("10 menit"),
        complaint=(Stage("Verifikasi pengaduan", _durasi("3 hari kerja")),
                   Stage("Tindak lanjut", _durasi("5 hari kerja")),
                   Stage("Penyelesaian pengaduan", _durasi("10 hari kerja"))))


# --- through the app ---------------------------------------------------------------------------

def _case(code: str) -> Submission:
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def test_a_complaint_from_the_public_form_gets_the_office_default(app, client):  # noqa: ANN001
    code = submit_complaint(client)  # the seed publishes no complaint deadlines
    with app.app_context():
        case = _case(code)
        assert case.tenggat_bawaan is True
        assert [(d.tahap, d.janji) for d in case.tenggat] == [
            ("Verifikasi pengaduan", "3 hari kerja"), ("Tindak lanjut", "5 hari kerja"),
            ("Penyelesaian pengaduan", "10 hari kerja")]
        assert all("tidak tercantum pada standar" in d.alasan_tidak_diketahui for d in case.tenggat)
        expected = due(case.jam_mulai, _durasi("10 hari kerja"), ZonaWaktu.WITA)
        assert case.jatuh_tempo == case.tenggat[-1].jatuh_tempo == expected
        assert expected.astimezone(WITA).time() == dt.time(23, 59)


def _next_working_day(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_a_new_default_and_a_leave_day_count_for_new_cases_only(app, client):  # noqa: ANN001
    """The admin changes the consultation default and adds a leave day for the unit: a consultation
    sent before keeps its due time; one sent after gets the new default, without the leave day.
    Another unit's leave day does not count."""
    before = submit_consultation(client)
    with app.app_context():
        kept = _case(before).jatuh_tempo
    admin = make_staff(app, email="admin@pst.contoh.id", role=Role.admin, name="Ani Admin")
    desk = FormClient(app.test_client())
    sign_in(desk, admin)
    desk.get(SETTINGS_URL)
    desk.post(SETTINGS_URL, {"konsultasi": "4 hari kerja", "kunjungan": "10 menit",
                             "pengaduan": office.COMPLAINT.default})
    today = dt.datetime.now(WITA).date()
    closed = _next_working_day(today)
    other = _next_working_day(closed)
    desk.get(SETTINGS_URL)
    desk.post(SETTINGS_URL + "hari-cuti", {"cuti-tanggal": closed.isoformat(), "cuti-berlaku": UNIT,
                                            "cuti-keterangan": "Hari jadi kantor"})
    with app.app_context():
        db.session.add(LeaveDay(tanggal=other, unit_id=OTHER_UNIT, keterangan="Unit lain"))
        db.session.commit()
    after = submit_consultation(client)
    with app.app_context():
        assert _case(before).jatuh_tempo == kept
        case = _case(after)
        [stage] = case.tenggat
        assert (stage.janji, case.tenggat_bawaan) == ("4 hari kerja", True)
        without = due(case.jam_mulai, _durasi("4 hari kerja"), ZonaWaktu.WITA)
        assert case.jatuh_tempo == due(case.jam_mulai, _durasi("4 hari kerja"), ZonaWaktu.WITA,
                                       extra_closed={closed}) > without


def test_leave_days_of_a_unit_are_its_own_and_all_units(app):  # noqa: ANN001
    with app.app_context():
        db.session.add_all([LeaveDay(tanggal=dt.date(2026, 12, 1), unit_id=UNIT, keterangan="Unit ini"),
                            LeaveDay(tanggal=dt.date(2026, 12, 2), unit_id=None, keterangan="Semua unit"),
                            LeaveDay(tanggal=dt.date(2026, 12, 3), unit_id=OTHER_UNIT, keterangan="Unit lain"),
                            LeaveDay(tanggal=dt.date(2026, 11, 20), unit_id=None, keterangan="Sudah lewat")])
        db.session.commit()
        assert office.closed_days(UNIT, dt.date(2026, 11, 30)) == {dt.date(2026, 12, 1), dt.date(2026, 12, 2)}
        # promised() inside the app reads them: Mon 30 Nov + 3 working days skips Tue 1 and Wed 2 Dec
        promised = deadlines.promised(Kind.konsultasi, _unit(), _service(**PUBLISHED), _wita(2026, 11, 30, 9, 0))
        assert promised.final_due == _wita(2026, 12, 7, 23, 59)
        assert deadlines.recount("3 hari kerja", _unit(), _wita(2026, 11, 30, 9, 0)) == _wita(2026, 12, 7, 23, 59)


# --- the settings page ---------------------------------------------------------------------------

def _admin_desk(app) -> FormClient:  # noqa: ANN001
    desk = FormClient(app.test_client())
    sign_in(desk, make_staff(app, email="admin@pst.contoh.id", role=Role.admin, name="Ani Admin"))
    return desk


def test_admin_changes_a_default_and_it_is_audited(app):  # noqa: ANN001
    desk = _admin_desk(app)
    page = desk.text(desk.get(SETTINGS_URL))
    assert "Hanya untuk kasus baru" in page and "Jatuh tempo yang sudah tersimpan pada kasus tidak berubah" in page
    assert "hanya bila standar pelayanan tidak menetapkan jangka waktu" in page
    response = desk.post(SETTINGS_URL, {"konsultasi": " 5  Hari Kerja ", "kunjungan": "10 menit",
                                        "pengaduan": "Penyelesaian pengaduan: 14 hari kerja"})
    assert response.headers["Location"].endswith(SETTINGS_URL)
    assert "Disimpan: waktu penyelesaian konsultasi, tahap penanganan pengaduan" in desk.text(desk.get(SETTINGS_URL))
    with app.app_context():
        assert office.values()[office.CONSULTATION.key] == "5 hari kerja"
        assert office.defaults().consultation == _durasi("5 hari kerja")
        assert office.defaults().complaint == (Stage("Penyelesaian pengaduan", _durasi("14 hari kerja")),)
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "pengaturan_diubah")
                                     .order_by(AuditEntry.id)).all()
        assert [(e.sasaran, e.rincian["dari"], e.rincian["menjadi"]) for e in entries] == [
            ("pengaturan:tenggat_bawaan.konsultasi", "3 hari kerja", "5 hari kerja"),
            ("pengaturan:tenggat_bawaan.pengaduan", office.COMPLAINT.default, "Penyelesaian pengaduan: 14 hari kerja")]
        assert entries[0].staf_email == "admin@pst.contoh.id"
    desk.post(SETTINGS_URL, {"konsultasi": "5 Hari Kerja ", "kunjungan": "10 menit",
                             "pengaduan": "Penyelesaian pengaduan: 14 hari kerja"})
    assert "Tidak ada yang berubah" in desk.text(desk.get(SETTINGS_URL))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficeSetting)) == 2


def test_a_bad_duration_is_told_beside_its_field(app):  # noqa: ANN001
    desk = _admin_desk(app)
    desk.get(SETTINGS_URL)
    response = desk.post(SETTINGS_URL, {"konsultasi": "10", "kunjungan": "10 menit",
                                        "pengaduan": "Selesai 10 hari kerja"}, status=400)
    html = unescape(response.get_data(as_text=True))
    assert re.search(r"<title>Galat: ", html)
    beside = re.search(r'<p class="galat" id="konsultasi-galat">(.*?)</p>', html, re.DOTALL).group(1)
    assert "'10' tidak punya satuan — tulis misalnya '10 menit'" in beside
    assert 'aria-invalid="true"' in html and 'href="#konsultasi"' in html
    beside = re.search(r'<p class="galat" id="pengaduan-galat">(.*?)</p>', html, re.DOTALL).group(1)
    assert "Baris 1" in beside and "titik dua" in beside
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficeSetting)) == 0
        assert office.defaults() == office.BUILT_IN


def test_petugas_and_pengelola_may_not_open_the_settings(app):  # noqa: ANN001
    for role in (Role.petugas, Role.pengelola_pengaduan):
        desk = FormClient(app.test_client())
        sign_in(desk, make_staff(app, email=f"{role.value}@pst.contoh.id", role=role))
        desk.get(SETTINGS_URL, status=403)
        desk.get("/staf/")
        desk.post(SETTINGS_URL, {"konsultasi": "1 menit", "kunjungan": "1 menit", "pengaduan": "A: 1 menit"},
                  status=403)
        desk.get("/staf/")  # a CSRF token again: the 403 page has no form
        desk.post(SETTINGS_URL + "hari-cuti", {"cuti-tanggal": "2026-12-31", "cuti-berlaku": "semua",
                                                "cuti-keterangan": "x"}, status=403)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficeSetting)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(LeaveDay)) == 0


def test_visitor_is_sent_to_sign_in(sqlite_app):  # noqa: ANN001
    response = sqlite_app.test_client().get(SETTINGS_URL)
    assert response.status_code == 302 and "/staf/masuk" in response.headers["Location"]


def test_leave_days_added_listed_and_removed(app):  # noqa: ANN001
    desk = _admin_desk(app)
    today = dt.datetime.now(WITA).date()
    soon = today + dt.timedelta(days=7)
    desk.get(SETTINGS_URL)
    desk.post(SETTINGS_URL + "hari-cuti", {"cuti-tanggal": soon.isoformat(), "cuti-berlaku": "semua",
                                            "cuti-keterangan": "Hari jadi Kabupaten Kutai Barat"})
    desk.post(SETTINGS_URL + "hari-cuti", {"cuti-tanggal": soon.isoformat(), "cuti-berlaku": UNIT,
                                            "cuti-keterangan": "Lagi"}, status=400)  # already, for all units
    page = desk.text(desk.get(SETTINGS_URL))
    assert "Hari jadi Kabupaten Kutai Barat" in page and "Semua unit" in page
    for bad, message in ((today - dt.timedelta(days=1), "sudah lewat"),
                         (dt.date(today.year + 2, 1, 2), f"paling jauh 31 Desember {today.year + 1}"),
                         ("31-02-2027", "Tulis tanggal yang benar")):
        response = desk.post(SETTINGS_URL + "hari-cuti", {"cuti-tanggal": str(bad), "cuti-berlaku": UNIT,
                                                           "cuti-keterangan": "Acara kantor"}, status=400)
        html = response.get_data(as_text=True)
        assert message in re.search(r'id="cuti-tanggal-galat">(.*?)</p>', html, re.DOTALL).group(1)
        assert "<title>Galat: " in html
    with app.app_context():
        yesterday = today - dt.timedelta(days=1)
        past = LeaveDay(tanggal=yesterday, unit_id=UNIT, keterangan="Kemarin")
        elsewhere = LeaveDay(tanggal=soon, unit_id=OTHER_UNIT, keterangan="Unit lain")
        db.session.add_all([past, elsewhere])
        db.session.commit()
        [upcoming] = db.session.scalars(db.select(LeaveDay).where(LeaveDay.unit_id.is_(None))).all()
        ids = {"upcoming": upcoming.id, "past": past.id, "elsewhere": elsewhere.id}
    page = desk.text(desk.get(SETTINGS_URL))
    assert "Unit lain" not in page  # another unit's leave day does not exist for this admin
    if yesterday.year == today.year:
        assert "Kemarin" in page
    desk.post(f"{SETTINGS_URL}hari-cuti/{ids['elsewhere']}/hapus", {}, status=404)
    desk.get(SETTINGS_URL)
    desk.post(f"{SETTINGS_URL}hari-cuti/{ids['past']}/hapus", {})
    assert "tidak dapat dihapus" in desk.text(desk.get(SETTINGS_URL))
    desk.post(f"{SETTINGS_URL}hari-cuti/{ids['upcoming']}/hapus", {})
    assert "dihapus" in desk.text(desk.get(SETTINGS_URL))
    with app.app_context():
        left = db.session.scalars(db.select(LeaveDay.keterangan).order_by(LeaveDay.id)).all()
        assert left == ["Kemarin", "Unit lain"]
        actions = db.session.scalars(db.select(AuditEntry.aksi).where(AuditEntry.aksi.like("hari_cuti%"))
                                     .order_by(AuditEntry.id)).all()
        assert actions == ["hari_cuti_ditambah", "hari_cuti_dihapus"]


def test_the_page_says_where_each_default_applies_today(sqlite_app):  # noqa: ANN001
    """The seed publishes no online, phone or letter time and no complaint deadlines; it does
    publish the walk-in time."""
    found = deadlines.defaults_in_use([_unit()], [_service()])
    assert found == {Kind.konsultasi: ["Pelayanan Konsultasi Statistik (online, telepon, surat)"],
                     Kind.kunjungan: [], Kind.pengaduan: ["PST BPS Kabupaten Kutai Barat"]}
    assert deadlines.defaults_in_use([_unit(stages=[("Selesai", "5 hari kerja")])],
                                     [_service(**PUBLISHED)]) == {Kind.konsultasi: [], Kind.kunjungan: [],
                                                                  Kind.pengaduan: []}
    desk = _admin_desk(sqlite_app)
    page = desk.text(desk.get(SETTINGS_URL))
    assert "Dipakai sekarang untuk: Pelayanan Konsultasi Statistik (online, telepon, surat)." in page
    assert "Dipakai sekarang untuk: PST BPS Kabupaten Kutai Barat." in page
    assert "Tidak dipakai sekarang: standar unit Anda menetapkan waktunya." in page  # the walk-in time


def test_another_app_process_follows_a_changed_default_within_its_cache_time(tmp_path, monkeypatch):
    """Two app processes on one database (two gunicorn workers): the one that saves a default
    uses it at once; the other keeps what it read until CACHE_SECONDS have passed."""
    from forms_support import make_app

    from forms_app import create_app
    from forms_app.staff_models import Staff

    writer, close = make_app(tmp_path, "sqlite")
    reader = create_app("test", {"LAYANAN_PROJECT": str(REPO), "SQLALCHEMY_DATABASE_URI": writer.config[
        "SQLALCHEMY_DATABASE_URI"]}, instance_path=str(tmp_path / "instance"))
    try:
        admin = make_staff(writer, email="admin@pst.contoh.id", role=Role.admin, name="Ani Admin")
        with reader.app_context():
            assert str(office.defaults().consultation) == "3 hari kerja"
        with writer.app_context():
            assert str(office.defaults().consultation) == "3 hari kerja"
            office.change({office.CONSULTATION.key: "2 hari kerja"}, db.session.get(Staff, admin["id"]))
            assert str(office.defaults().consultation) == "2 hari kerja"  # at once where it was saved
        with reader.app_context():
            assert str(office.defaults().consultation) == "3 hari kerja"  # still what it read
            monkeypatch.setattr(office, "CACHE_SECONDS", 0.0)
            assert str(office.defaults().consultation) == "2 hari kerja"  # once its time is up
    finally:
        with reader.app_context():
            db.session.remove()
        close()
