"""`layanan kinerja ekspor` (forms_app/performance_export.py, performance_commands.py): the published
performance written from a real database — exact figures on a small hand-made case across two quarters,
no personal value in the file, and a real site build rendering it.

The unit is the seed's (WITA, UTC+8); every case is written with the times the export reads. Only ended
periods are exported: the day of the export is given (`today`, `now`), or, for the command, the module's clock
(`performance_export.utcnow`) is set for the test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from forms_app import performance_export as export
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Status
from forms_app.models import Complaint, Consultation, Contact, Visit
from forms_app.performance_commands import kinerja_group
from forms_app.survey_models import Source, SurveyResponse
from forms_support import SERVICE, UNIT, make_app
from layanan import kinerja, skm
from layanan.site import build

UTC = dt.UTC
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)

# Personal values a real database holds; none may reach the data file.
PERSONAL = {
    "nama": "Zulkarnain Pelapor Unikwati",
    "email": "zulkarnain.unik@contoh-pribadi.id",
    "telepon": "+62 811 5555 0199",
    "kode": "QXZ-7731",
    "pertanyaan": "Pertanyaan pribadi Kalimantan Rahasiaku",
    "uraian": "Uraian aduan tentang tetangga Bapak Sutardjo Misterius",
    "penyelesaian": "Penyelesaian khusus nomor rekening 99887766",
    "keperluan": "Keperluan kunjungan Ibu Wiwik Tersembunyi",
    "hasil": "Hasil layanan berisi NIK 6407010101010001",
    "komentar": "Komentar responden sangat pribadi Gembira Loka",
    "rujukan": "Surat rujukan 12/RHS/Unik",
}

_serial = iter(range(1, 1000))


def _common(made: dt.datetime, status: Status, *, due: dt.datetime | None = None,
            response: dt.datetime | None = None, closed: dt.datetime | None = None,
            service: str | None = SERVICE, channel: Channel = Channel.online) -> dict:
    number = next(_serial)
    return {"kode": f"{PERSONAL['kode']}{number:03d}", "unit_id": UNIT, "layanan_id": service, "status": status,
            "identitas": Identity.biasa, "dibuat": made, "diperbarui": made, "jam_mulai": made, "jatuh_tempo": due,
            "saluran": channel, "tanggapan_pertama": response, "diselesaikan_pada": closed,
            "ditutup_pada": closed, "nomor_rujukan": f"{PERSONAL['rujukan']}{number}",
            "kontak": Contact(nama=PERSONAL["nama"], email=PERSONAL["email"], telepon=PERSONAL["telepon"])}


def consultation(made: dt.datetime, status: Status, **times) -> Consultation:
    return Consultation(**_common(made, status, **times), kategori_pengguna="umum", topik="data",
                        pertanyaan=PERSONAL["pertanyaan"], saluran_balasan="email")


def complaint(made: dt.datetime, aspect: str, status: Status, **times) -> Complaint:
    return Complaint(**_common(made, status, service=None, **times), jenis_aduan="pengaduan", aspek=aspect,
                     uraian=PERSONAL["uraian"], tanggal_kejadian=made.date(),
                     penyelesaian=PERSONAL["penyelesaian"] if status is Status.selesai else None)


def visit(made: dt.datetime, number: int, status: Status, *, called: dt.timedelta | None,
          closed: dt.timedelta | None) -> Visit:
    return Visit(**_common(made, status, due=made + 30 * M, closed=made + closed if closed else None,
                           channel=Channel.tatap_muka),
                 unit_antrean=UNIT, tanggal_antrean=made.date(), nomor_antrean=number,
                 keperluan=PERSONAL["keperluan"], dipanggil_pada=made + called if called else None,
                 hasil_layanan=PERSONAL["hasil"] if status is Status.selesai else None)


def response(day: dt.date, answers: list[int | None], source: Source = Source.daring,
             service: str | None = SERVICE) -> SurveyResponse:
    return SurveyResponse(source=source, unit_id=UNIT, service_id=service, answered_on=day,
                          comment=PERSONAL["komentar"], gender="perempuan", age_group="31_40",
                          education="d4_s1", occupation="swasta",
                          paper_batch="kertas-2026" if source is Source.kertas else None,
                          **{f"u{i + 1}": a for i, a in enumerate(answers)})


ALL = lambda value: [value] * 9  # noqa: E731
Q1_ANSWERS = [ALL(4), ALL(3), [4, 4, None, 4, 4, 4, 4, 4, 4], [2, 2, 2, 2, 2, 2, 2, 2, None], ALL(3), ALL(4)]


def fill(app) -> None:  # noqa: ANN001
    """Quarter 1 2026: three consultations, two complaints, two walk-in visits, six survey responses
    (two on paper, two with a missing answer). Quarter 2: one consultation, one complaint, two responses."""
    c1 = dt.datetime(2026, 2, 2, 1, tzinfo=UTC)
    c2 = dt.datetime(2026, 2, 3, 1, tzinfo=UTC)
    c3 = dt.datetime(2026, 2, 4, 1, tzinfo=UTC)
    a1 = dt.datetime(2026, 3, 5, 1, tzinfo=UTC)
    a2 = dt.datetime(2026, 3, 6, 1, tzinfo=UTC)
    v = dt.datetime(2026, 3, 4, 1, tzinfo=UTC)
    c4 = dt.datetime(2026, 4, 7, 1, tzinfo=UTC)
    a3 = dt.datetime(2026, 5, 11, 1, tzinfo=UTC)
    with app.app_context():
        db.session.add_all([
            consultation(c1, Status.selesai, due=c1 + 3 * D, response=c1 + 2 * H, closed=c1 + D),  # on time
            consultation(c2, Status.selesai, due=c2 + D, response=c2 + 30 * M, closed=c2 + 2 * D),  # late
            consultation(c3, Status.diproses, due=c3 + 300 * D),  # open, no response yet
            complaint(a1, "waktu", Status.selesai, due=a1 + 5 * D, response=a1 + H, closed=a1 + 4 * D),
            complaint(a2, "sarana", Status.diterima, due=a2 + 300 * D),
            visit(v, 1, Status.selesai, called=10 * M, closed=25 * M),
            visit(v + 5 * M, 2, Status.ditutup, called=None, closed=60 * M),  # left before being called
            # quarter 2 (the local date of 31 March 23.00 UTC is 1 April WITA)
            consultation(dt.datetime(2026, 3, 31, 23, tzinfo=UTC), Status.diterima),
            consultation(c4, Status.selesai, due=c4 + 2 * D, response=c4 + 90 * M, closed=c4 + D),
            complaint(a3, "perilaku", Status.selesai, due=a3 + D, response=a3 + 3 * H, closed=a3 + 3 * D),
        ])
        days = [dt.date(2026, 2, 9), dt.date(2026, 2, 10), dt.date(2026, 3, 1), dt.date(2026, 3, 2),
                dt.date(2026, 3, 31), dt.date(2026, 3, 20)]
        sources = [Source.daring, Source.daring, Source.daring, Source.kertas, Source.kertas, Source.daring]
        db.session.add_all([response(d, a, s) for d, a, s in zip(days, Q1_ANSWERS, sources)])
        db.session.add_all([response(dt.date(2026, 4, 2), ALL(4)), response(dt.date(2026, 6, 30), ALL(1))])
        db.session.commit()


@pytest.fixture
def filled(app):  # noqa: ANN001, ANN201
    fill(app)
    return app


AFTER_2026 = dt.date(2027, 1, 1)  # every period of the test data has ended


def exported(app, **options) -> kinerja.DataKinerja:  # noqa: ANN001, ANN003
    with app.app_context():
        return export.export(UNIT, **{"today": AFTER_2026, **options})


def by_label(data: kinerja.DataKinerja) -> dict[str, kinerja.Periode]:
    return {p.label: p for p in data.periode}


def test_figures_of_a_quarter_equal_the_hand_computed_ones(filled):
    data = exported(filled, minimum_respondents=2)  # the second quarter's two reach it: nothing is withheld
    assert [p.label for p in data.periode] == ["2026-T1", "2026-T2", "2026-S1", "2026"]
    raw = json.loads(export.as_json(data))
    q1 = next(p for p in raw["periode"] if p["label"] == "2026-T1")
    assert (q1["mulai"], q1["sampai"]) == ("2026-01-01", "2026-03-31")
    # c1 on time, c2 late, c3 open; a1 on time; v1 closed within 30 minutes, v2 left (not judged)
    assert q1["tepat_waktu"] == {"konsultasi": {"selesai": 2, "tepat_waktu": 1},
                                 "pengaduan": {"selesai": 1, "tepat_waktu": 1},
                                 "kunjungan": {"selesai": 1, "tepat_waktu": 1}}
    # consultations: 120 and 30 minutes → 75; complaint: 60; visit: waited 10 (the one who left was never called)
    assert q1["median_tanggapan_menit"] == {"konsultasi": 75, "pengaduan": 60, "kunjungan": 10}
    assert q1["pengaduan"] == {"per_aspek": {"waktu": 1, "sarana": 1}, "per_status": {"diterima": 1, "selesai": 1}}
    block = q1["skm"]
    assert block["responden"] == 6
    assert block["sebaran"]["U1"] == [0, 1, 2, 3]
    assert block["sebaran"]["U3"] == [0, 1, 2, 2]  # one blank
    assert block["sebaran"]["U9"] == [0, 0, 2, 3]  # one blank
    # NRR U1 = 20/6, U3 = 16/5, U9 = 18/5; IKM = (7·10/3 + 16/5 + 18/5)/9 = 452/135; ×25 = 83,70
    assert block["nrr"] == [3.333, 3.333, 3.2, 3.333, 3.333, 3.333, 3.333, 3.333, 3.6]
    assert block["ikm"] == 3.3481 and block["nilai_konversi"] == 83.7
    assert (block["mutu"], block["kinerja"]) == ("B", "Baik")
    # service users: c1, c2, a1, v1 finished
    assert block["populasi"] == 4 and block["sampel_minimum"] == skm.sample_size(4)
    # the service: its consultations, visits and answers (the complaints were to the unit, no service)
    service = q1["layanan"][SERVICE]
    assert service["skm"] == block | {"populasi": 3, "sampel_minimum": skm.sample_size(3)}
    assert service["tepat_waktu"] == {"konsultasi": {"selesai": 2, "tepat_waktu": 1},
                                      "kunjungan": {"selesai": 1, "tepat_waktu": 1}}
    assert service["median_tanggapan_menit"] == {"konsultasi": 75, "kunjungan": 10}


def test_small_groups_have_no_survey_block_and_periods_add_up(filled):
    periods = by_label(exported(filled))
    q2 = periods["2026-T2"]
    # two respondents: below the minimum of 5, what each answered is not published, nor how many they were;
    # only that there were some, fewer than the minimum
    assert q2.skm is None and q2.layanan[SERVICE].skm is None
    below = kinerja.TanpaIndeks(alasan="responden_di_bawah_minimum", minimum_responden=5)
    assert q2.skm_tanpa_indeks == below and q2.layanan[SERVICE].skm_tanpa_indeks == below
    written = next(p for p in json.loads(export.as_json(exported(filled)))["periode"] if p["label"] == "2026-T2")
    assert written["skm_tanpa_indeks"] == {"alasan": "responden_di_bawah_minimum", "minimum_responden": 5}
    assert "2" not in json.dumps([written["skm"], written["skm_tanpa_indeks"]]).replace("minimum_responden", "")
    assert q2.tepat_waktu["konsultasi"] == kinerja.Ketepatan(selesai=1, tepat_waktu=1)
    assert q2.tepat_waktu["pengaduan"] == kinerja.Ketepatan(selesai=1, tepat_waktu=0)
    assert q2.median_tanggapan_menit == {"konsultasi": 90, "pengaduan": 180}
    assert {k.value: n for k, n in q2.pengaduan.per_status.items()} == {"selesai": 1}
    # the semester counts both quarters' answers: 8 respondents
    s1 = periods["2026-S1"]
    assert s1.skm is not None and s1.skm.responden == 8 and s1.skm.populasi == 6
    assert s1.skm.sebaran["U1"] == [1, 1, 2, 4]
    # the first quarter's six reach the minimum, but the semester minus the first quarter would be the second
    # quarter's two: the first quarter is left out too (the semester and the year count for more)
    q1 = periods["2026-T1"]
    shielded = kinerja.TanpaIndeks(alasan="melindungi_kelompok_kecil", minimum_responden=5)
    assert q1.skm is None and q1.skm_tanpa_indeks == shielded and q1.layanan[SERVICE].skm_tanpa_indeks == shielded
    assert periods["2026"].skm is not None and periods["2026"].skm.responden == 8
    assert s1.pengaduan.jumlah == 3 and periods["2026"].pengaduan.jumlah == 3
    smaller = by_label(exported(filled, minimum_respondents=1))["2026-T2"]
    assert smaller.skm is not None and smaller.skm.responden == 2 and smaller.skm.sebaran["U1"] == [1, 0, 0, 1]


def test_an_element_no_one_answered_and_a_period_without_respondents_are_told_apart(filled):
    with filled.app_context():
        # quarter 3: five respondents, none answered U4 (a free service); quarter 4: a case, no answer
        db.session.add_all([response(dt.date(2026, 8, 3 + n), [4, 3, 3, None, 4, 3, 4, 4, 3]) for n in range(5)])
        db.session.add(consultation(dt.datetime(2026, 11, 2, 1, tzinfo=UTC), Status.diterima))
        db.session.commit()
    periods = by_label(exported(filled))
    q3, q4 = periods["2026-T3"], periods["2026-T4"]
    assert q3.skm is None and q3.skm_tanpa_indeks == kinerja.TanpaIndeks(alasan="unsur_tanpa_jawaban")
    assert q4.skm is None and q4.skm_tanpa_indeks is None
    written = {p["label"]: p for p in json.loads(export.as_json(exported(filled)))["periode"]}
    assert written["2026-T3"]["skm_tanpa_indeks"] == {"alasan": "unsur_tanpa_jawaban"}
    assert "skm_tanpa_indeks" not in written["2026-T4"] and written["2026-T4"]["skm"] is None
    # the semester and the year count every answer, with the first two quarters' U4: an index
    assert periods["2026-S2"].skm_tanpa_indeks == kinerja.TanpaIndeks(alasan="unsur_tanpa_jawaban")
    assert periods["2026"].skm is not None and periods["2026"].skm.responden == 13


@pytest.mark.parametrize("answers, shielded", [
    # quarter 2 below the minimum: its semester and year minus quarter 1 would give it; quarter 1 goes
    ({(1, SERVICE): 6, (2, SERVICE): 2}, {("2026-T1", None), ("2026-T1", SERVICE)}),
    # every quarter reaches the minimum (or has no answer): nothing to hide
    ({(1, SERVICE): 6, (2, SERVICE): 5, (4, SERVICE): 9}, set()),
    # the unit's quarter is its service's answers and two to no service: the service's quarter, semester and
    # year would give those two away, and are left out; the unit's stay
    ({(1, SERVICE): 6, (1, None): 2}, {("2026-T1", SERVICE), ("2026-S1", SERVICE), ("2026", SERVICE)}),
    # one quarter below the minimum and nothing else: the semester and year would be that quarter alone, and
    # are below the minimum themselves
    ({(3, SERVICE): 3}, set()),
])
def test_no_group_below_the_minimum_can_be_worked_out_by_subtraction(app, answers, shielded):
    with app.app_context():
        for (quarter, service), count in answers.items():
            day = dt.date(2026, 3 * quarter - 1, 10)
            db.session.add_all([response(day, ALL(3), service=service) for _ in range(count)])
        db.session.commit()
        found = export.shielded_surveys(UNIT, 2026, {SERVICE}, 5)
        data = export.export(UNIT, [2026], today=AFTER_2026)
    assert found == shielded
    for one in data.periode:
        for service, block in [(None, one), *one.layanan.items()]:
            if (one.label, service) in shielded:
                assert block.skm is None and block.skm_tanpa_indeks.alasan == "melindungi_kelompok_kecil"
    assert_nothing_below_the_minimum_by_subtraction(published_results(data), 5)


def test_the_test_datas_withheld_quarter_cannot_be_worked_out(filled):
    published = published_results(exported(filled))
    assert ("2026-S1", None, 8) in {(label, service, n) for label, _, service, n in published}
    assert_nothing_below_the_minimum_by_subtraction(published, 5)


def published_results(data: kinerja.DataKinerja) -> list[tuple[str, frozenset[int], str | None, int]]:
    """(label, its quarters, service or None for the unit, respondents) of each published survey result."""
    quarters = {"tahun": {1, 2, 3, 4}, "S1": {1, 2}, "S2": {3, 4}}
    found = []
    for one in data.periode:
        inside = frozenset(quarters.get("tahun" if one.jenis == "tahun" else one.label[-2:], {int(one.label[-1])}))
        for service, block in [(None, one), *one.layanan.items()]:
            if block.skm is not None:
                found.append((one.label, inside, service, block.skm.responden))
    return found


def assert_nothing_below_the_minimum_by_subtraction(published: list, minimum: int) -> None:
    """Brute force: no published result minus any set of disjoint published results inside it leaves
    between 1 and minimum − 1 respondents (the file's own counts, no knowledge of the database)."""

    def within(inner: tuple, outer: tuple) -> bool:
        return inner != outer and inner[1] <= outer[1] and (outer[2] is None or inner[2] == outer[2])

    def apart(one: tuple, other: tuple) -> bool:
        return not one[1] & other[1] or (one[2] is not None and other[2] is not None and one[2] != other[2])

    for outer in published:
        parts = [inner for inner in published if within(inner, outer)]
        for size in range(1, len(parts) + 1):
            for chosen in itertools.combinations(parts, size):
                if all(apart(a, b) for a, b in itertools.combinations(chosen, 2)):
                    left = outer[3] - sum(part[3] for part in chosen)
                    assert left == 0 or left >= minimum, (outer, chosen)


def test_only_the_chosen_kind_of_period_and_year(filled):
    assert [p.label for p in exported(filled, kinds=("triwulan",)).periode] == ["2026-T1", "2026-T2"]
    with filled.app_context(), pytest.raises(export.ExportError, match="belum punya kasus atau jawaban survei"):
        export.export(UNIT, [2025])
    with filled.app_context(), pytest.raises(export.ExportError, match="unit 'tidak-ada' tidak ada"):
        export.export("tidak-ada")


def labels(found: export.Exported) -> tuple[list[str], list[str]]:
    return [p.label for p in found.data.periode], [p.code for p in found.running]


def test_a_running_quarter_is_not_exported_and_an_ended_one_is(filled):
    with filled.app_context():
        # 30 June: the second quarter (two answers, a consultation, a complaint) is still running
        june = export.export_ended(UNIT, today=dt.date(2026, 6, 30))
        july = export.export_ended(UNIT, today=dt.date(2026, 7, 1))
    assert labels(june) == (["2026-T1"], ["2026-T2", "2026-S1", "2026"])
    q1 = june.data.periode[0]
    assert q1.skm is not None and q1.skm.responden == 6 and q1.pengaduan.jumlah == 2
    written = json.loads(export.as_json(june.data))
    assert [p["label"] for p in written["periode"]] == ["2026-T1"] and written["dibuat"] == "2026-06-30"
    # the day after, the quarter and the semester have ended; the third quarter, second semester and year run
    assert labels(july) == (["2026-T1", "2026-T2", "2026-S1"], ["2026-T3", "2026-S2", "2026"])
    assert july.data.periode[1].pengaduan.jumlah == 1
    # asked for explicitly, the running year gives its ended quarters and semester only
    with filled.app_context():
        explicit = export.export_ended(UNIT, [2026], today=dt.date(2026, 11, 26))
        quarters = export.export_ended(UNIT, [2026], ("triwulan",), today=dt.date(2026, 11, 26))
        with pytest.raises(export.ExportError, match=r"belum punya periode yang berakhir pada tahun 2027 \(hari "
                                                     r"ini 2027-02-01 WITA\) — periode berjalan diekspor"):
            export.export_ended(UNIT, [2027], today=dt.date(2027, 2, 1))
    assert labels(explicit) == (["2026-T1", "2026-T2", "2026-S1"], ["2026-T4", "2026-S2", "2026"])
    assert labels(quarters) == (["2026-T1", "2026-T2"], ["2026-T4"])


def test_the_year_ends_at_midnight_at_the_units_office(filled):
    """The seed's unit keeps WITA (UTC+8): at 16.30 UTC on 31 December it is still 23.30 in Jakarta, but 00.30
    on 1 January at the office, and its fourth quarter, second semester and year have ended; an hour earlier,
    23.30 at the office, they have not."""
    from forms_app import standards
    from layanan.model import ZonaWaktu
    from layanan.versions import today_in

    before = dt.datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 23.30 WITA, 31 December
    after = dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC)   # 00.30 WITA, 1 January; 23.30 WIB, 31 December
    assert today_in(ZonaWaktu.WIB, after) == dt.date(2026, 12, 31)
    with filled.app_context():
        assert standards.catalog().units[UNIT].unit.zona_waktu is ZonaWaktu.WITA
        # a consultation received at 23.00 WITA on the year's last evening
        db.session.add(consultation(dt.datetime(2026, 12, 31, 15, tzinfo=UTC), Status.diterima))
        db.session.commit()
        late = export.export_ended(UNIT, now=before)
        new_year = export.export_ended(UNIT, now=after)
    assert late.today == dt.date(2026, 12, 31) and late.zona == "WITA"
    assert labels(late) == (["2026-T1", "2026-T2", "2026-S1"], ["2026-T4", "2026-S2", "2026"])
    assert new_year.today == dt.date(2027, 1, 1)
    assert labels(new_year) == (["2026-T1", "2026-T2", "2026-T4", "2026-S1", "2026-S2", "2026"], [])
    q4 = by_label(new_year.data)["2026-T4"]
    assert q4.tepat_waktu == {"konsultasi": kinerja.Ketepatan(selesai=0, tepat_waktu=0)}
    assert by_label(new_year.data)["2026"].skm.responden == 8


def test_files_written_as_periods_end_give_no_small_group_away_together(filled):
    """On 30 June the first quarter (six respondents) is published alone; from 1 July the semester is known
    too, and semester minus first quarter would be the second quarter's two. A fresh export would leave the
    first quarter out and publish the semester; comparing it with the June file gives the two away. Told what
    the June file published, the export keeps the quarter and leaves the semester (and later the year) out."""
    with filled.app_context():
        june = export.export(UNIT, today=dt.date(2026, 6, 30))
        already = {(p.label, None) for p in june.periode if p.skm is not None}
        already |= {(p.label, s) for p in june.periode for s, b in p.layanan.items() if b.skm is not None}
        assert already == {("2026-T1", None), ("2026-T1", SERVICE)}
        fresh = export.export(UNIT, today=dt.date(2026, 7, 1))
        july = export.export(UNIT, today=dt.date(2026, 7, 1), published=already)
        year_end = export.export(UNIT, today=AFTER_2026, published=already)
    # what a fresh export does, and why it must not be used after the June file
    assert by_label(fresh)["2026-T1"].skm is None and by_label(fresh)["2026-S1"].skm.responden == 8
    with pytest.raises(AssertionError):
        assert_nothing_below_the_minimum_by_subtraction(published_results(june) + published_results(fresh), 5)
    assert by_label(july)["2026-T1"].skm.responden == 6 and by_label(july)["2026-S1"].skm is None
    assert by_label(july)["2026-S1"].skm_tanpa_indeks.alasan == "melindungi_kelompok_kecil"
    assert by_label(year_end)["2026"].skm is None and by_label(year_end)["2026-T1"].skm.responden == 6
    assert_nothing_below_the_minimum_by_subtraction(
        list(set(published_results(june) + published_results(july) + published_results(year_end))), 5)


def test_the_results_already_published_are_read_from_the_units_file(filled, tmp_path):
    standard = tmp_path / "standard"
    assert export.already_published(standard, UNIT) == frozenset()
    with filled.app_context():
        export.write(standard, export.export(UNIT, today=dt.date(2026, 6, 30)))
    assert export.already_published(standard, UNIT) == {("2026-T1", None), ("2026-T1", SERVICE)}
    # a file an older export wrote with a running period still tells what it published
    path = kinerja.data_path(standard, UNIT)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["dibuat"] = "2026-05-15"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert export.already_published(standard, UNIT) == {("2026-T1", None), ("2026-T1", SERVICE)}
    path.write_text('{"unit": "x", "periode": [', encoding="utf-8")
    with pytest.raises(export.ExportError, match="tidak terbaca .* pulihkan file itu dari git"):
        export.already_published(standard, UNIT)


def test_a_file_with_a_period_not_ended_when_written_is_refused(filled, tmp_path):
    with filled.app_context():
        path = export.write(tmp_path / "standard", export.export(UNIT, today=dt.date(2026, 7, 1)))
    assert kinerja._read(path)[1] == []
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["dibuat"] = "2026-06-30"  # as an export before this rule wrote it on the second quarter's last day
    path.write_text(json.dumps(raw), encoding="utf-8")
    problems = kinerja._read(path)[1]
    assert len(problems) == 1
    assert ("periode 2026-T2, 2026-S1 belum berakhir pada tanggal file ini dibuat (2026-06-30)"
            in problems[0].message), problems[0].message
    assert "layanan kinerja ekspor" in problems[0].message


def test_the_command_names_the_running_periods_it_left_out(tmp_path, project, monkeypatch):
    app, close = make_app(tmp_path, "sqlite")
    try:
        fill(app)
    finally:
        close()
    monkeypatch.setenv("LAYANAN_CONFIG", "test")
    monkeypatch.setenv("LAYANAN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'layanan.sqlite3'}"
    command = ["ekspor", "--project", str(project.root), "--database-url", url]
    path = project.standard / "kinerja" / f"{UNIT}.json"

    def at(moment: dt.datetime, *options: str) -> str:
        monkeypatch.setattr(export, "utcnow", lambda: moment)
        result = CliRunner().invoke(kinerja_group, [*command, *options], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    # 23.30 WITA on 30 June 2026, the running year asked for: its ended first quarter only
    output = at(dt.datetime(2026, 6, 30, 15, 30, tzinfo=UTC), "--tahun", "2026")
    assert f"ditulis: standard/kinerja/{UNIT}.json (1 periode)" in output
    assert ("periode berjalan Triwulan II 2026, Semester I 2026, Tahun 2026 belum diekspor; diekspor setelah "
            f"berakhir (hari ini 30 Juni 2026 WITA di unit {UNIT})") in output
    data = kinerja.read(project.standard, UNIT).data
    assert [p.label for p in data.periode] == ["2026-T1"] and by_label(data)["2026-T1"].skm.responden == 6

    # 23.30 WITA on 31 December: the second quarter and the first semester have ended, the year has not
    output = at(dt.datetime(2026, 12, 31, 15, 30, tzinfo=UTC))
    assert f"ditulis: standard/kinerja/{UNIT}.json (3 periode)" in output
    assert ("periode berjalan Triwulan IV 2026, Semester II 2026, Tahun 2026 belum diekspor; diekspor setelah "
            f"berakhir (hari ini 31 Desember 2026 WITA di unit {UNIT})") in output
    data = kinerja.read(project.standard, UNIT).data
    assert [p.label for p in data.periode] == ["2026-T1", "2026-T2", "2026-S1"] and data.dibuat.day == 31
    # the June file published the first quarter: it stays, and the semester (minus it: the second quarter's
    # two) is left out — a fresh export would do the opposite
    assert by_label(data)["2026-T1"].skm.responden == 6
    assert by_label(data)["2026-S1"].skm_tanpa_indeks.alasan == "melindungi_kelompok_kecil"

    # 00.30 WITA on 1 January 2027: the year has ended; it too is the first quarter and the second
    output = at(dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert "periode berjalan" not in output
    data = kinerja.read(project.standard, UNIT).data
    assert [p.label for p in data.periode] == ["2026-T1", "2026-T2", "2026-S1", "2026"]
    assert by_label(data)["2026"].skm is None and by_label(data)["2026-T1"].skm.responden == 6

    # a year that has not ended anywhere: said so, nothing written over the file
    before = path.read_bytes()
    result = CliRunner().invoke(kinerja_group, [*command, "--unit", UNIT, "--tahun", "2027"])
    assert result.exit_code == 1 and "belum punya periode yang berakhir pada tahun 2027" in result.output
    assert "Traceback" not in result.output and path.read_bytes() == before


def test_the_written_file_validates_and_holds_no_personal_value(filled, tmp_path):
    data = exported(filled, minimum_respondents=1)
    path = export.write(tmp_path / "standard", data)
    assert path == tmp_path / "standard" / "kinerja" / f"{UNIT}.json"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    text = path.read_text(encoding="utf-8")
    assert kinerja.DataKinerja.model_validate(json.loads(text, parse_float=Decimal)) == data
    assert kinerja._read(path)[1] == []  # as `layanan check` reads it
    # the database does hold them, so their absence from the file means something
    with filled.app_context():
        dump = "\n".join(str(row) for table in ("kontak", "pengajuan", "konsultasi", "pengaduan", "kunjungan",
                                                "survey_response")
                         for row in db.session.execute(db.text(f"SELECT * FROM {table}")).all())
    lowered = text.lower()
    for name, value in PERSONAL.items():
        assert value in dump, name
        assert value.lower() not in lowered, name
    for word in ("zulkarnain", "unikwati", "contoh-pribadi", "rahasiaku", "sutardjo", "misterius", "rekening",
                 "wiwik", "tersembunyi", "gembira", "loka", "rhs", "qxz"):
        assert word not in lowered, word
    for digits in ("5555", "0199", "99887766", "6407010101010001", "7731"):
        assert digits not in text
    for profile in ("perempuan", "31_40", "d4_s1", "swasta", "kertas", "daring"):
        assert profile not in text


def test_the_command_writes_the_file_that_the_site_renders(tmp_path, project, monkeypatch):
    app, close = make_app(tmp_path, "sqlite")
    try:
        fill(app)
    finally:
        close()
    monkeypatch.setattr(export, "utcnow", lambda: dt.datetime(2027, 1, 2, 1, tzinfo=UTC))  # 2026 has ended
    monkeypatch.setenv("LAYANAN_CONFIG", "test")
    monkeypatch.setenv("LAYANAN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'layanan.sqlite3'}"
    result = CliRunner().invoke(kinerja_group, ["ekspor", "--project", str(project.root), "--database-url", url],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = project.standard / "kinerja" / f"{UNIT}.json"
    assert f"ditulis: standard/kinerja/{UNIT}.json (4 periode)" in result.output
    assert "commit" in result.output and "layanan build" in result.output
    assert "periode berjalan" not in result.output  # 2027 has no data: nothing of it to speak of
    data = kinerja.read(project.standard, UNIT).data
    assert [p.label for p in data.periode] == ["2026-T1", "2026-T2", "2026-S1", "2026"]

    build(project, site_dir=project.root / "keluaran")  # strict: any warning refuses
    html = (project.root / "keluaran" / "standar" / UNIT / "kinerja" / "index.html").read_text(encoding="utf-8")
    expected = by_label(data)["2026"].skm
    assert expected is not None and expected.responden == 8
    text = " ".join(html.split())
    assert f"IKM {kinerja.angka(expected.ikm, 4)}" in text
    assert f"nilai {kinerja.angka(expected.nilai_konversi, 2)}" in text
    assert PERSONAL["komentar"] not in html and PERSONAL["nama"] not in html
    published = json.loads((project.root / "keluaran" / "standar" / UNIT / "kinerja.json").read_text())
    assert [p["label"] for p in published["periode"]] == ["2026-T1", "2026-T2", "2026-S1", "2026"]
    assert (project.root / "keluaran" / "standar" / UNIT / SERVICE / "kinerja" / "index.html").is_file()

    # again, for one unit and one kind of period: the file is replaced, not appended to
    again = CliRunner().invoke(kinerja_group, ["ekspor", "--project", str(project.root), "--database-url", url,
                                               "--unit", UNIT, "--periode", "triwulan", "--tahun", "2026"])
    assert again.exit_code == 0, again.output
    assert [p.label for p in kinerja.read(project.standard, UNIT).data.periode] == ["2026-T1", "2026-T2"]


def test_the_command_says_what_to_fix(tmp_path, project, monkeypatch):
    app, close = make_app(tmp_path, "sqlite")
    close()
    monkeypatch.setenv("LAYANAN_CONFIG", "test")
    monkeypatch.setenv("LAYANAN_INSTANCE", str(tmp_path / "instance"))
    url = f"sqlite:///{tmp_path / 'layanan.sqlite3'}"
    empty = CliRunner().invoke(kinerja_group, ["ekspor", "--project", str(project.root), "--database-url", url])
    assert empty.exit_code == 1 and "belum berisi kasus atau jawaban survei" in empty.output
    unknown = CliRunner().invoke(kinerja_group, ["ekspor", "--project", str(project.root), "--database-url", url,
                                                 "--unit", "tidak-ada"])
    assert unknown.exit_code == 1 and "unit 'tidak-ada' tidak ada di standar pelayanan" in unknown.output
    missing = CliRunner().invoke(kinerja_group, ["ekspor", "--project", str(project.root), "--database-url",
                                                 f"sqlite:///{tmp_path / 'belum.sqlite3'}"])
    assert missing.exit_code == 1 and "db upgrade" in missing.output
    assert "Traceback" not in empty.output + unknown.output + missing.output
    assert not (project.standard / "kinerja" / f"{UNIT}.json").exists()


def test_nothing_personal_is_selected(filled):
    """The export reads only counting columns: it never selects contact, case text, codes or comments."""
    statements: list[str] = []
    from sqlalchemy import event

    with filled.app_context():
        engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, …)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            export.export(UNIT, today=dt.date(2026, 7, 1))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    selected = " ".join(statements).lower()
    assert "pengajuan" in selected and "survey_response" in selected
    for column in ("nama", "email", "telepon", "kode", "pertanyaan", "uraian", "penyelesaian", "keperluan",
                   "hasil_layanan", "comment", "gender", "age_group", "education", "occupation", "nomor_rujukan",
                   "diteruskan_kepada", "alasan_tutup", "kontak"):
        assert f".{column}" not in selected and f" {column}," not in selected, column


def test_the_layanan_command_offers_the_export_without_loading_the_app_until_it_runs() -> None:
    import subprocess
    import sys

    from click.testing import CliRunner

    from layanan.cli import main

    result = CliRunner().invoke(main, ["kinerja", "ekspor", "--help"])
    assert result.exit_code == 0 and "--minimum-responden" in result.output
    listing = subprocess.run(
        [sys.executable, "-c", "import sys; from layanan.cli import main; "
         "print('forms_app' in sys.modules)"], capture_output=True, text=True, check=True)
    assert listing.stdout.strip() == "False"
