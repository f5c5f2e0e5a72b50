"""Reports (forms_app/reports.py, /staf/laporan/): exact figures on a small hand-made dataset.

The unit is the seed's (WITA, UTC+8); its walk-in completion time for the consultation service is
10 minutes. Every case is written with the times the report reads, so each figure below is known
exactly: counts, medians, the share within the due time, the walk-in wait.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import reports
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import Complaint, Consultation, Contact, Visit
from forms_app.staff_models import AuditEntry, Role
from forms_support import SERVICE, UNIT, FormClient

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 15, tzinfo=UTC)
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
D = dt.timedelta(days=1)
SECRET_NAME = "Siti Rahasia Pelapor"
SECRET_EMAIL = "siti.pelapor@contoh.id"

_serial = iter(range(1, 1000))


def _common(unit: str, made: dt.datetime, status: Status, channel: Channel, *, due: dt.datetime | None = None,
            office_default: bool = False, response: dt.datetime | None = None,
            resolved: dt.datetime | None = None, closed: dt.datetime | None = None) -> dict:
    return {"kode": f"TES-{next(_serial):06d}", "unit_id": unit, "layanan_id": SERVICE, "status": status,
            "identitas": Identity.biasa, "dibuat": made, "diperbarui": made, "jam_mulai": made, "jatuh_tempo": due,
            "tenggat_bawaan": office_default, "saluran": channel, "tanggapan_pertama": response,
            "diselesaikan_pada": resolved, "ditutup_pada": closed}


def consultation(made: dt.datetime, status: Status = Status.diterima, channel: Channel = Channel.online,
                 unit: str = UNIT, **times) -> Consultation:
    return Consultation(**_common(unit, made, status, channel, **times), kategori_pengguna="umum", topik="data",
                        pertanyaan="Berapa jumlah penduduk?", saluran_balasan="email",
                        kontak=Contact(nama=SECRET_NAME, email=SECRET_EMAIL))


def complaint(made: dt.datetime, aspect: str, status: Status = Status.diterima, channel: Channel = Channel.online,
              **times) -> Complaint:
    return Complaint(**_common(UNIT, made, status, channel, **times), jenis_aduan="pengaduan", aspek=aspect,
                     uraian="Petugas terlambat membalas.", tanggal_kejadian=made.date(),
                     kontak=Contact(nama=SECRET_NAME, email=SECRET_EMAIL))


def visit(made: dt.datetime, number: int, status: Status, *, called: dt.timedelta | None,
          closed: dt.timedelta | None) -> Visit:
    return Visit(**_common(UNIT, made, status, Channel.tatap_muka, due=made + 30 * M,
                           closed=made + closed if closed else None,
                           resolved=made + closed if closed and status is Status.selesai else None),
                 unit_antrean=UNIT, tanggal_antrean=made.date(), nomor_antrean=number, keperluan="Data inflasi",
                 dipanggil_pada=made + called if called else None,
                 kontak=Contact(nama=SECRET_NAME, email=SECRET_EMAIL))


def fill(app) -> None:  # noqa: ANN001
    k1 = dt.datetime(2026, 3, 2, 1, tzinfo=UTC)
    k2 = dt.datetime(2026, 3, 3, 1, tzinfo=UTC)
    a1 = dt.datetime(2026, 3, 5, 1, tzinfo=UTC)
    a2 = dt.datetime(2026, 3, 6, 1, tzinfo=UTC)
    a3 = dt.datetime(2026, 12, 14, 1, tzinfo=UTC)
    v = dt.datetime(2026, 3, 4, 1, tzinfo=UTC)
    with app.app_context():
        db.session.add_all([
            # 1 January 2026 00.00 WITA: the year's first minute, in; no response, no due time.
            consultation(dt.datetime(2025, 12, 31, 16, tzinfo=UTC)),
            # Answered in 2 h, resolved in 27 h, closed before its due time (3 days).
            consultation(k1, Status.selesai, due=k1 + 3 * D, response=k1 + 2 * H, resolved=k1 + 27 * H,
                         closed=k1 + 27 * H),
            # Answered in 4 h, resolved in 5 days, closed after its due time (3 days).
            consultation(k2, Status.selesai, Channel.telepon, due=k2 + 3 * D, response=k2 + 4 * H,
                         resolved=k2 + 5 * D, closed=k2 + 5 * D),
            # No due time (the standard sets none and none was stored), no response.
            consultation(dt.datetime(2026, 6, 1, 1, tzinfo=UTC), channel=Channel.surel),
            # Office default due time; answered in a day; still open past its due time at NOW.
            complaint(a1, "waktu", Status.diproses, due=a1 + 5 * D, office_default=True, response=a1 + D),
            # Office default due time; answered in 3 h, resolved in 2 days, within.
            complaint(a2, "perilaku", Status.selesai, Channel.kotak_saran, due=a2 + 5 * D, office_default=True,
                      response=a2 + 3 * H, resolved=a2 + 2 * D, closed=a2 + 2 * D),
            # Office default due time, not due yet at NOW: not judged.
            complaint(a3, "waktu", due=a3 + 3 * D, office_default=True),
            # Walk-ins (due 30 min after arrival): waited 7 min, served 20 (within); waited 15, served 20
            # (finished at 35 min: late); left before being called (not judged).
            visit(v, 1, Status.selesai, called=7 * M, closed=27 * M),
            visit(v + H, 2, Status.selesai, called=15 * M, closed=35 * M),
            visit(v + 2 * H, 3, Status.ditutup, called=None, closed=40 * M),
            # Outside the period or the unit.
            consultation(dt.datetime(2025, 12, 31, 15, 59, tzinfo=UTC)),
            consultation(dt.datetime(2026, 12, 31, 16, tzinfo=UTC)),
            consultation(k1, unit=OTHER_UNIT),
        ])
        db.session.commit()


def counts(entries: list[reports.Count]) -> dict[str, int]:
    return {entry.key: entry.count for entry in entries if entry.count}


def test_year_report_figures(app):  # noqa: ANN001
    fill(app)
    with app.app_context():
        report = reports.build([UNIT], reports.year(2026), now=NOW)
    assert report.total == 10
    assert counts(report.by_kind) == {"konsultasi": 4, "pengaduan": 3, "kunjungan": 3}
    assert counts(report.by_channel) == {"online": 4, "telepon": 1, "surel": 1, "kotak_saran": 1, "tatap_muka": 3}
    assert counts(report.by_status) == {"diterima": 3, "diproses": 1, "selesai": 5, "ditutup": 1}
    assert counts(report.by_aspect) == {"waktu": 2, "perilaku": 1}
    assert [entry.key for entry in report.by_aspect][:2] == ["persyaratan", "prosedur"]  # every aspect listed

    first = {d.label: d for d in report.first_response}
    assert (first[Kind.konsultasi.label].median, first[Kind.konsultasi.label].measured,
            first[Kind.konsultasi.label].without) == (3 * H, 2, 2)
    assert (first[Kind.pengaduan.label].median, first[Kind.pengaduan.label].without) == (dt.timedelta(hours=13.5), 1)
    assert first["Konsultasi dan pengaduan"].median == dt.timedelta(hours=3.5)
    resolved = {d.label: d for d in report.resolution}
    assert resolved[Kind.konsultasi.label].median == dt.timedelta(hours=73.5)
    assert resolved[Kind.pengaduan.label].median == 2 * D
    assert resolved["Konsultasi dan pengaduan"].median == 2 * D
    assert resolved["Konsultasi dan pengaduan"].without == 7 - 3

    timely = {(t.kind, t.office_default): t for t in report.timeliness}
    standard = timely[(Kind.konsultasi, False)]
    assert (standard.within, standard.late, standard.overdue, standard.running, standard.share) == (1, 1, 0, 0, 0.5)
    default = timely[(Kind.pengaduan, True)]
    assert (default.within, default.late, default.overdue, default.running) == (1, 0, 1, 1)
    assert default.share == 0.5
    assert timely[(Kind.pengaduan, False)].judged == 0 and timely[(Kind.pengaduan, False)].share is None
    walk = timely[(Kind.kunjungan, False)]
    assert (walk.within, walk.late, walk.dismissed, walk.share) == (1, 1, 1, 0.5)
    assert counts(report.without_due_time) == {"konsultasi": 2}

    [row] = report.walk_in
    assert (row.visits, row.called, row.median_wait, row.called_within, row.served, row.median_service) == (
        3, 2, 11 * M, 1, 2, 20 * M)
    assert str(row.standard) == "10 menit" and row.share_within == 0.5


def test_month_and_range_periods(app):  # noqa: ANN001
    fill(app)
    with app.app_context():
        march = reports.build([UNIT], reports.parse_period("2026-03"), now=NOW)
        first_day = reports.build([UNIT], reports.parse_period("2026-01-01..2026-01-01"), now=NOW)
        quarter = reports.build([UNIT], reports.parse_period("2026-T4"), now=NOW)
        both = reports.build([UNIT, OTHER_UNIT], reports.parse_period("2026-S1"), now=NOW)
    assert march.total == 7 and counts(march.by_kind) == {"konsultasi": 2, "pengaduan": 2, "kunjungan": 3}
    assert first_day.total == 1
    assert quarter.total == 1 and counts(quarter.by_aspect) == {"waktu": 1}
    assert both.total == 10  # the first half-year of both units: all but the complaint of December
    assert counts(both.by_unit) == {UNIT: 9, OTHER_UNIT: 1}


@pytest.mark.parametrize(("code", "label", "first", "last"), [
    ("2026", "Tahun 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("2026-S2", "Semester II 2026", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ("2024-T1", "Triwulan I 2024", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ("2024-02", "Februari 2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2026-12", "Desember 2026", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ("2026-03-01..2026-03-05", "1 Maret 2026 – 5 Maret 2026", dt.date(2026, 3, 1), dt.date(2026, 3, 5)),
])
def test_periods(code, label, first, last):  # noqa: ANN001
    period = reports.parse_period(code)
    assert (period.code, period.label, period.first, period.last) == (code, label, first, last)


def test_period_bounds_in_the_units_zone():
    from layanan.model import ZonaWaktu

    start, end = reports.year(2026).bounds(ZonaWaktu.WITA)
    assert start == dt.datetime(2025, 12, 31, 16, tzinfo=UTC) and end == dt.datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert reports.year(2026).bounds(ZonaWaktu.WIT)[0] == dt.datetime(2025, 12, 31, 15, tzinfo=UTC)


@pytest.mark.parametrize("code", ["2026-13", "2026-T5", "2026-S3", "26", "2026-03-05..2026-03-01", "x"])
def test_bad_period_codes(code):  # noqa: ANN001
    with pytest.raises(ValueError):
        reports.parse_period(code)


@pytest.mark.parametrize(("value", "words"), [
    (None, "—"),
    (dt.timedelta(seconds=59), "kurang dari 1 menit"),
    (11 * M, "11 menit"),
    (3 * H + 30 * M, "3 jam 30 menit"),
    (dt.timedelta(hours=13.5), "13 jam 30 menit"),
    (2 * D, "2 hari"),
    (2 * D + 3 * H + 10 * M, "2 hari 3 jam"),
    (2 * D + 10 * M, "2 hari"),
    (dt.timedelta(hours=73.5), "3 hari 1 jam"),
])
def test_duration_words(value, words):  # noqa: ANN001
    assert reports.duration_words(value) == words


def test_percent():
    assert reports.percent(0.5) == "50,0%"
    assert reports.percent(2 / 3) == "66,7%"
    assert reports.percent(None) == "—"


# --- the page and the CSV -----------------------------------------------------------------------


def _signed_in(app, role: Role = Role.petugas, units: tuple[str, ...] = (UNIT,)) -> FormClient:  # noqa: ANN001
    client = FormClient(app.test_client())
    sign_in(client, make_staff(app, email=f"{role.value}@pst.contoh.id", role=role, units=units))
    return client


def _csv(response) -> list[list[str]]:  # noqa: ANN001
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", [role for role in Role if role.handles_cases])
def test_page_shows_the_figures_to_every_role(app, role):  # noqa: ANN001
    fill(app)
    client = _signed_in(app, role)
    page = client.get(f"/staf/laporan/?unit={UNIT}&periode=2026").get_data(as_text=True)
    assert "Tahun 2026" in page
    assert '<caption id="jumlah-jenis-judul">Menurut jenis</caption>' in page
    assert '<th scope="row">Jumlah</th><td class="angka">10</td>' in page
    # The first-response median of consultations (2 h and 4 h) and the walk-in wait (7 and 15 min).
    assert "<td>3 jam</td>" in page and "<td>11 menit</td>" in page and "<td>10 menit</td>" in page
    assert "1 (50,0%)" in page  # called within the standard's 10 minutes
    assert SECRET_NAME not in page and SECRET_EMAIL not in page


def test_an_editor_of_standards_does_not_see_the_reports(app):  # noqa: ANN001
    fill(app)
    client = _signed_in(app, Role.penyunting_standar)
    response = client.client.get(f"/staf/laporan/?unit={UNIT}&periode=2026")
    assert response.status_code == 403 and SECRET_NAME not in response.get_data(as_text=True)


def test_csv_has_the_same_figures_and_no_personal_data(app):  # noqa: ANN001
    fill(app)
    client = _signed_in(app, Role.pengelola_pengaduan)
    response = client.get(f"/staf/laporan.csv?unit={UNIT}&periode=2026")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = _csv(response)
    assert table[0] == list(reports.CSV_HEADER)
    by_key = {(row[0], row[1], row[2]): row[3:] for row in table[1:]}
    assert by_key[("Jumlah", "Semua kasus", "jumlah")] == ["10", "10"]
    assert by_key[("Menurut jenis", Kind.konsultasi.label, "jumlah")] == ["4", "4"]
    assert by_key[("Pengaduan menurut aspek", "Jangka waktu penyelesaian", "jumlah")] == ["2", "2"]
    assert by_key[("Waktu sampai tanggapan pertama", Kind.konsultasi.label, "median")] == ["3 jam", "180.0"]
    assert by_key[("Waktu sampai selesai", Kind.konsultasi.label, "median")] == ["3 hari 1 jam", "4410.0"]
    timely = "Permintaan konsultasi (waktu standar pelayanan)"
    assert by_key[("Ketepatan waktu", timely, "persentase tepat waktu")] == ["50,0%", "50.0"]
    office = "Pengaduan, saran, atau apresiasi (tenggat bawaan kantor)"
    assert by_key[("Ketepatan waktu", office, "lewat tenggat, masih terbuka")] == ["1", "1"]
    service = "Pelayanan Konsultasi Statistik"
    assert by_key[("Kunjungan langsung", service, "median waktu tunggu")] == ["11 menit", "11.0"]
    assert by_key[("Kunjungan langsung", service, "waktu standar")] == ["10 menit", "10.0"]
    text = response.get_data(as_text=True)
    assert SECRET_NAME not in text and SECRET_EMAIL not in text and "@" not in text
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "laporan_diunduh")).one()
        assert entry.unit_id == UNIT and entry.rincian == {"unit": [UNIT], "periode": "2026"}


def test_another_units_report_does_not_exist(app):  # noqa: ANN001
    fill(app)
    client = _signed_in(app)
    client.get(f"/staf/laporan/?unit={OTHER_UNIT}&periode=2026", status=404)
    client.get(f"/staf/laporan.csv?unit={OTHER_UNIT}&periode=2026", status=404)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.aksi == "laporan_diunduh")) == 0


def test_all_my_units_is_the_default_for_several(app):  # noqa: ANN001
    fill(app)
    client = _signed_in(app, units=(UNIT, OTHER_UNIT))
    page = client.get("/staf/laporan/?periode=2026-S1").get_data(as_text=True)
    assert "Menurut unit" in page and '<th scope="row">Jumlah</th><td class="angka">10</td>' in page
    assert _csv(client.get("/staf/laporan.csv?periode=2026-S1"))[1][3].count(",") == 1  # both units named


def test_default_is_this_year(sqlite_app):  # noqa: ANN001
    client = _signed_in(sqlite_app)
    page = client.text(client.get("/staf/laporan/"))
    assert f"Tahun {dt.datetime.now(UTC).year}" in page or f"Tahun {dt.datetime.now(UTC).year + 1}" in page


@pytest.mark.parametrize(("query", "message"), [
    ("periode=2026&dari=2026-03-05", "Isi tanggal akhir rentang"),
    ("periode=2026&sampai=2026-03-05", "Isi tanggal awal rentang"),
    ("periode=2026&dari=2026-03-05&sampai=2026-03-01", "Tanggal akhir harus sama dengan atau sesudah"),
    ("periode=2026&dari=kemarin&sampai=2026-03-01", "Tulis tanggal yang benar"),
    ("periode=1999", "Pilihan ini tidak ada pada formulir"),
    ("periode=2026&dari=0001-01-01&sampai=9999-12-31", "Dari tanggal harus antara tahun 2000 dan 2100"),
    ("periode=2026&dari=2026-01-01&sampai=9999-12-31", "Sampai tanggal harus antara tahun 2000 dan 2100"),
])
def test_bad_requests_say_what_to_fix(sqlite_app, query, message):  # noqa: ANN001
    client = _signed_in(sqlite_app)
    for url in (f"/staf/laporan/?{query}", f"/staf/laporan.csv?{query}"):
        response = client.get(url, status=400)
        assert message in client.text(response)
        assert "<title>Galat: " in response.get_data(as_text=True)


def test_a_date_range_overrides_the_period(sqlite_app):  # noqa: ANN001
    fill(sqlite_app)
    client = _signed_in(sqlite_app)
    page = client.get(f"/staf/laporan/?unit={UNIT}&periode=2025&dari=2026-03-01&sampai=2026-03-31").get_data(
        as_text=True)
    assert "1 Maret 2026 – 31 Maret 2026" in page and "<strong>7</strong>" in page


def test_visitor_is_sent_to_sign_in(sqlite_app):  # noqa: ANN001
    response = sqlite_app.test_client().get("/staf/laporan.csv?periode=2026")
    assert response.status_code == 302 and "/staf/masuk" in response.headers["Location"]
