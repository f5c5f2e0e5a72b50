"""Versions of a standard (issue 9): what a build publishes stays as it was, versions follow one
another by number and date, the version in force is chosen by its effective date, and
`layanan check` reports every problem of every file in one run."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from layanan.catalog import load
from layanan.cli import main
from layanan.site import Project, build
from layanan.versions import PUBLISHED_RECORD, read_record, today_in

from conftest import SEED_SERVICE, SEED_UNIT, replace_in

UNIT_ID = "pst-bps-kutai-barat"
SERVICE_ID = "konsultasi-statistik"
SERVICE_FOLDER = SEED_SERVICE.parent
UNIT_FOLDER = SEED_UNIT.parent
UNKNOWN_EFFECTIVE = ("berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang "
                     "dipublikasikan\n")
RINGKASAN = "Waktu penyelesaian kunjungan langsung menjadi 15 menit."


def _check(project: Project, *options: str):  # noqa: ANN202
    return CliRunner().invoke(main, ["check", *options, "--project", str(project.root)])


def _galat_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": galat: " in line]


def _write_version(project: Project, source: Path, target: Path, effective: str | None,
                   summary: str | None = RINGKASAN, edits: tuple[tuple[str, str], ...] = ()) -> Path:
    """A version made from `source` (relative to standard/) the way staff make one: the same file
    with a new effective date, a summary of changes and the changes themselves."""
    text = (project.standard / source).read_text(encoding="utf-8")
    assert UNKNOWN_EFFECTIVE in text
    head = UNKNOWN_EFFECTIVE if effective is None else f"berlaku_sejak: {effective}\n"
    if summary is not None:
        head += f"ringkasan_perubahan: {summary}\n"
    text = text.replace(UNKNOWN_EFFECTIVE, head)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = project.standard / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


FIFTEEN_MINUTES = (("    waktu: 10 menit\n", "    waktu: 15 menit\n"),
                   ('    tertulis: "10"\n', '    tertulis: "15"\n'),
                   ("menulis angka 10 tanpa", "menulis angka 15 tanpa"))


# --- published versions are immutable -----------------------------------------------------------


@pytest.fixture(scope="module")
def published_record(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The record a real `layanan build` (published, not to a side folder) writes for the seed."""
    project = Project(Path(__file__).resolve().parent.parent).copy_to(tmp_path_factory.mktemp("terbit") / "proyek")
    (project.standard / PUBLISHED_RECORD).unlink()
    before = dt.datetime.now(dt.timezone.utc)
    result = build(project)
    after = dt.datetime.now(dt.timezone.utc)

    assert result.published is not None and project.site_dir.resolve() == (result.published / "html").resolve()
    assert result.recorded == [SEED_SERVICE.as_posix(), SEED_UNIT.as_posix()]
    record = read_record(project.standard)
    assert sorted(record) == [SEED_SERVICE.as_posix(), SEED_UNIT.as_posix()]
    assert {entry.published for entry in record.values()} <= {today_in(None, before), today_in(None, after)}
    assert "waktu_penyelesaian" in record[SEED_SERVICE.as_posix()].components
    assert "maklumat" in record[SEED_UNIT.as_posix()].components
    # A second build publishes nothing new and leaves the record as it was.
    written = (project.standard / PUBLISHED_RECORD).read_bytes()
    assert build(project).recorded == []
    assert (project.standard / PUBLISHED_RECORD).read_bytes() == written
    return written


@pytest.fixture
def published(project: Project, published_record: bytes) -> Project:
    """The seed as it stands after its first build: both versi-1 files recorded as published."""
    (project.standard / PUBLISHED_RECORD).write_bytes(published_record)
    return project


def _published_on(project: Project) -> str:
    return read_record(project.standard)[SEED_SERVICE.as_posix()].published.strftime("%d-%m-%Y")


def test_after_a_build_an_edited_version_is_refused_by_check_and_by_build(project) -> None:
    assert not (project.standard / PUBLISHED_RECORD).exists()
    build(project)
    published_site = os.readlink(project.site_dir)
    assert SEED_SERVICE.as_posix() in read_record(project.standard)
    replace_in(project.standard / SEED_SERVICE, "  tertulis: Tidak dipungut biaya", "  tertulis: Gratis")

    checked = _check(project)
    built = CliRunner().invoke(main, ["build", "--project", str(project.root)])

    for result in (checked, built):
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        [line] = _galat_lines(result.output)
        assert line.startswith(f"standard/{SEED_SERVICE.as_posix()}:")
        assert ": galat: biaya: versi ini sudah terbit pada " in line
        assert "(berubah: biaya)" in line and f"`layanan versi-baru {UNIT_ID}/{SERVICE_ID}`" in line
    assert os.readlink(project.site_dir) == published_site  # the published site stays as it was


def test_a_build_on_a_side_folder_publishes_and_records_nothing(project, tmp_path) -> None:
    build(project, site_dir=tmp_path / "situs")

    assert (tmp_path / "situs/index.html").is_file()
    assert not (project.standard / PUBLISHED_RECORD).exists()


def test_the_published_seed_passes_check(published) -> None:
    result = _check(published)

    assert result.exit_code == 0, result.output
    assert _galat_lines(result.output) == []


def test_a_changed_published_service_fails_check_naming_its_components(published) -> None:
    path = published.standard / SEED_SERVICE
    replace_in(path, "    waktu: 10 menit\n", "    waktu: 15 menit\n")
    replace_in(path, "      - Pengguna layanan melakukan konsultasi dengan petugas layanan\n", "")

    result = _check(published)

    assert result.exit_code == 1
    assert _galat_lines(result.output) == [
        f"standard/{SEED_SERVICE.as_posix()}:{_line_of(path, 'prosedur:')}: galat: "
        f"prosedur, waktu_penyelesaian: versi ini sudah terbit pada {_published_on(published)} dan isinya "
        "tidak boleh diubah (berubah: prosedur, waktu_penyelesaian) — kembalikan isinya, lalu buat versi "
        f"berikutnya dengan `layanan versi-baru {UNIT_ID}/{SERVICE_ID}` dan ubah di sana",
    ]
    loaded = load(published.standard)
    assert [(e.path, e.field) for e in loaded.errors] == [(path, "prosedur, waktu_penyelesaian")]
    assert loaded.catalog.services == []  # a changed published version is never put on the site


def test_a_changed_published_unit_fails_check_and_names_the_unit_for_versi_baru(published) -> None:
    path = published.standard / SEED_UNIT
    replace_in(path, "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
               "jam_layanan:\n  - hari: Senin–Jumat\n    buka: 08.00\n    tutup: 15.30")

    result = _check(published)

    assert result.exit_code == 1
    [line] = _galat_lines(result.output)
    assert line.startswith(f"standard/{SEED_UNIT.as_posix()}:{_line_of(path, 'jam_layanan:')}: galat: jam_layanan: ")
    assert "(berubah: jam_layanan)" in line
    assert f"`layanan versi-baru {UNIT_ID}`" in line


def test_a_changed_version_label_of_a_published_version_is_a_change_too(published) -> None:
    path = published.standard / SEED_SERVICE
    replace_in(path, "versi:\n  tidak_diketahui: versi tidak tercantum pada standar yang dipublikasikan", "versi: '2024'")

    errors = load(published.standard).errors

    assert [(e.line, e.field) for e in errors] == [(_line_of(path, "versi:"), "versi")]


def test_comments_and_layout_of_a_published_version_may_change(published) -> None:
    path = published.standard / SEED_SERVICE
    replace_in(path, "# Standar Pelayanan Konsultasi Statistik", "# Standar Pelayanan (salinan kantor) Konsultasi Statistik")
    replace_in(path, "waktu_penyelesaian:\n", "\n\n# Waktu dihitung sejak pengguna dilayani petugas.\nwaktu_penyelesaian:\n")
    replace_in(path, "    waktu: 10 menit\n", "    waktu: 10 menit   # sama dengan standar provinsi\n")
    replace_in(path, 'tertulis: "10"', "tertulis: '10'")  # the same text, quoted otherwise
    replace_in(published.standard / SEED_UNIT, "zona_waktu: WITA   # Kalimantan Timur memakai WITA (UTC+8)",
               "zona_waktu: WITA")

    result = _check(published)

    assert result.exit_code == 0, result.output
    assert _galat_lines(result.output) == []


def test_a_deleted_published_version_is_an_error(published) -> None:
    (published.standard / SEED_SERVICE).unlink()
    (published.standard / SERVICE_FOLDER).rmdir()

    result = _check(published)

    assert result.exit_code == 1
    assert _galat_lines(result.output) == [
        f"standard/{SEED_SERVICE.as_posix()}: galat: versi ini sudah terbit pada {_published_on(published)} lalu "
        "dihapus atau dipindah — kembalikan file ini (dari riwayat git atau cadangan): alamatnya di situs harus "
        "tetap ada",
    ]


def test_a_published_service_moved_to_another_folder_is_an_error(published) -> None:
    moved = published.standard / SERVICE_FOLDER.with_name("konsultasi")
    (published.standard / SERVICE_FOLDER).rename(moved)

    errors = load(published.standard).errors

    assert [e.path for e in errors] == [published.standard / SEED_SERVICE]
    assert "lalu dihapus atau dipindah" in errors[0].message


def test_the_way_to_change_a_published_version_is_the_next_version(published) -> None:
    _write_version(published, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", "2026-01-02", edits=FIFTEEN_MINUTES)

    result = _check(published)

    assert result.exit_code == 0, result.output
    service = load(published.standard, today=dt.date(2026, 1, 2)).catalog.services[0]
    assert service.in_force.number == 2
    assert service.in_force.published is None and service.versions[0].published is not None


def test_a_published_record_that_cannot_be_read_says_what_to_do(project) -> None:
    (project.standard / PUBLISHED_RECORD).write_text('{"versi": ', encoding="utf-8")

    errors = load(project.standard).errors

    assert [e.path for e in errors] == [project.standard / PUBLISHED_RECORD]
    assert "kembalikan file ini dari riwayat git" in errors[0].message


def test_the_repositorys_record_matches_the_seed_it_publishes() -> None:
    """standard/terbit.json is committed with the standards: the seed as committed passes it."""
    repo = Path(__file__).resolve().parent.parent
    record = json.loads((repo / "standard" / PUBLISHED_RECORD).read_text(encoding="utf-8"))

    assert sorted(record["versi"]) == [SEED_SERVICE.as_posix(), SEED_UNIT.as_posix()]
    assert load(repo / "standard").errors == []


# --- versions follow one another ----------------------------------------------------------------


def test_a_gap_in_the_version_numbers_is_an_error(project) -> None:
    path = _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-3.yaml", "2026-01-02",
                          edits=FIFTEEN_MINUTES)

    result = load(project.standard)

    assert [(e.path, e.line, e.field, e.message) for e in result.errors] == [
        (path, None, None, "versi 2 tidak ada di folder ini — versi diberi nomor berurutan mulai 1; "
                           "ganti nama file ini menjadi versi-2.yaml"),
    ]
    assert result.catalog.services == []


def test_versi_2_needs_a_summary_of_changes(project) -> None:
    path = _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", "2026-01-02", summary=None,
                          edits=FIFTEEN_MINUTES)

    errors = load(project.standard).errors

    assert [(e.path, e.line, e.field) for e in errors] == [(path, _line_of(path, "versi:"), "ringkasan_perubahan")]
    assert errors[0].message == ("versi 2 perlu 'ringkasan_perubahan': satu atau dua kalimat tentang apa yang "
                                 "berubah dari versi 1")


def test_versi_2_needs_an_effective_date(project) -> None:
    path = _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", None, edits=FIFTEEN_MINUTES)

    errors = load(project.standard).errors

    assert [(e.path, e.line, e.field) for e in errors] == [(path, _line_of(path, "berlaku_sejak:"), "berlaku_sejak")]
    assert errors[0].message.startswith("versi 2 perlu tanggal berlaku (TTTT-BB-HH)")


@pytest.mark.parametrize("second", ["2025-07-01", "2025-06-30"], ids=["same day", "earlier"])
def test_the_next_version_takes_effect_after_the_one_before(project, second) -> None:
    path = _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", second, edits=FIFTEEN_MINUTES)
    replace_in(project.standard / SEED_SERVICE, UNKNOWN_EFFECTIVE, "berlaku_sejak: 2025-07-01\n")

    errors = load(project.standard).errors

    assert [(e.path, e.line, e.field) for e in errors] == [(path, _line_of(path, "berlaku_sejak:"), "berlaku_sejak")]
    day = dt.date.fromisoformat(second)
    assert errors[0].message == (f"versi 2 berlaku sejak {day:%d-%m-%Y}, tidak sesudah versi 1 (01-07-2025) — "
                                 "tanggal berlaku versi berikutnya harus lebih akhir")


def test_the_version_rules_hold_for_a_unit_too(project) -> None:
    path = _write_version(project, SEED_UNIT, UNIT_FOLDER / "versi-2.yaml", None, summary=None,
                          edits=(("zona_waktu: WITA", "zona_waktu: WIB"),))

    errors = load(project.standard).errors

    assert [(e.path, e.field) for e in errors] == [(path, "ringkasan_perubahan"), (path, "berlaku_sejak")]


def _second_unit(project: Project, unit_id: str = "pst-bps-samarinda", effective: str | None = None) -> Path:
    text = (project.standard / SEED_UNIT).read_text(encoding="utf-8").replace("BPS Kabupaten Kutai Barat",
                                                                              "BPS Kota Samarinda")
    if effective is not None:
        text = text.replace(UNKNOWN_EFFECTIVE, f"berlaku_sejak: {effective}\n")
    path = project.standard / "unit" / unit_id / "versi-1.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_service_keeps_its_unit_across_versions(project) -> None:
    _second_unit(project)
    path = _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", "2026-01-02",
                          edits=(("unit: pst-bps-kutai-barat", "unit: pst-bps-samarinda"),))

    errors = load(project.standard).errors

    assert [(e.path, e.line, e.field, e.message) for e in errors] == [
        (path, 6, "unit", "versi ini memakai unit 'pst-bps-samarinda', versi sebelumnya 'pst-bps-kutai-barat' — "
                          "satu layanan tetap pada satu unit; untuk unit lain, buat layanan baru "
                          "(`layanan baru layanan`)"),
    ]


# --- the version in force and the upcoming ones --------------------------------------------------


@pytest.fixture
def with_versi_2(project: Project) -> Project:
    """The seed service with a versi-2 adopted for 1 January 2027: 15 minutes instead of 10."""
    _write_version(project, SEED_SERVICE, SERVICE_FOLDER / "versi-2.yaml", "2027-01-01", edits=FIFTEEN_MINUTES)
    return project


def _minutes(service) -> str:  # noqa: ANN001
    return str(service.layanan.waktu_penyelesaian["kunjungan_langsung"].waktu)


@pytest.mark.parametrize(("today", "in_force", "upcoming"), [
    (dt.date(2026, 12, 31), 1, [2]),
    (dt.date(2027, 1, 1), 2, []),
    (dt.date(2027, 6, 1), 2, []),
], ids=["day before", "effective date", "after"])
def test_the_version_in_force_is_chosen_by_its_effective_date(with_versi_2, today, in_force, upcoming) -> None:
    result = load(with_versi_2.standard, today=today)

    assert result.errors == []
    [service] = result.catalog.services
    assert service.in_force.number == in_force
    assert service.shown.number == in_force
    assert [v.number for v in service.upcoming] == upcoming
    assert [v.number for v in service.earlier] == list(range(in_force - 1, 0, -1))
    assert _minutes(service) == ("10 menit" if in_force == 1 else "15 menit")
    assert result.catalog.announced_services == []


@pytest.mark.parametrize(("moment", "in_force"), [
    (dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.timezone.utc), 1),
    (dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.timezone.utc), 2),
], ids=["23.59 WITA", "00.00 WITA"])
def test_without_a_given_day_the_units_own_clock_decides(with_versi_2, moment, in_force) -> None:
    """The seed unit is in WITA (UTC+8): its 1 January begins at 16.00 UTC on 31 December."""
    [service] = load(with_versi_2.standard, at=moment).catalog.services

    assert service.in_force.number == in_force


def _new_service(project: Project, effective: str, unit_id: str = UNIT_ID) -> Path:
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    text = (text.replace(UNKNOWN_EFFECTIVE, f"berlaku_sejak: {effective}\n")
            .replace("nama: Pelayanan Konsultasi Statistik", "nama: Pelayanan Perpustakaan Statistik")
            .replace(f"unit: {UNIT_ID}", f"unit: {unit_id}"))
    path = project.standard / "layanan" / unit_id / "perpustakaan" / "versi-1.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_service_whose_only_version_is_upcoming_is_announced_not_in_force(project) -> None:
    _new_service(project, "2027-01-01")

    before = load(project.standard, today=dt.date(2026, 12, 31))
    on = load(project.standard, today=dt.date(2027, 1, 1))

    assert before.errors == [] and on.errors == []
    assert [s.id for s in before.catalog.services] == [SERVICE_ID]
    [announced] = before.catalog.announced_services
    assert (announced.id, announced.in_force, announced.shown.number) == ("perpustakaan", None, 1)
    assert [v.number for v in announced.upcoming] == [1]
    assert [s.id for s in before.catalog.services_of(UNIT_ID)] == [SERVICE_ID]
    assert [s.id for s in before.catalog.announced_services_of(UNIT_ID)] == ["perpustakaan"]
    assert [s.id for s in on.catalog.services] == [SERVICE_ID, "perpustakaan"]
    assert on.catalog.announced_services == []


def test_a_unit_not_yet_in_force_is_announced_with_its_services(project) -> None:
    _second_unit(project, effective="2027-01-01")
    _new_service(project, "2026-01-01", unit_id="pst-bps-samarinda")

    before = load(project.standard, today=dt.date(2026, 12, 31))
    on = load(project.standard, today=dt.date(2027, 1, 1))

    assert before.errors == [] and on.errors == []
    assert list(before.catalog.units) == [UNIT_ID]
    assert list(before.catalog.announced_units) == ["pst-bps-samarinda"]
    # The service's own date has come, but its unit's has not: it waits for its unit.
    assert [(s.unit_id, s.id) for s in before.catalog.announced_services] == [("pst-bps-samarinda", "perpustakaan")]
    assert [(s.unit_id, s.id) for s in before.catalog.services] == [(UNIT_ID, SERVICE_ID)]
    assert sorted(on.catalog.units) == [UNIT_ID, "pst-bps-samarinda"]
    assert [(s.unit_id, s.id) for s in on.catalog.services] == [("pst-bps-kutai-barat", SERVICE_ID),
                                                               ("pst-bps-samarinda", "perpustakaan")]


def test_an_upcoming_version_is_published_and_immutable_from_its_first_build(with_versi_2) -> None:
    result = build(with_versi_2, today=dt.date(2026, 12, 31))

    assert (SERVICE_FOLDER / "versi-2.yaml").as_posix() in result.recorded
    assert result.catalog.services[0].in_force.number == 1
    replace_in(with_versi_2.standard / SERVICE_FOLDER / "versi-2.yaml", "    waktu: 15 menit\n", "    waktu: 20 menit\n")
    errors = load(with_versi_2.standard).errors
    assert [(e.path.name, e.field) for e in errors] == [("versi-2.yaml", "waktu_penyelesaian")]


# --- every problem of every file in one run ------------------------------------------------------


def test_check_reports_every_problem_of_every_file_in_one_run(project) -> None:
    standard = project.standard
    seed_text = (standard / SEED_SERVICE).read_text(encoding="utf-8")
    # A service naming a unit that does not exist, with errors of its own.
    orphan = standard / "layanan/pst-bps-samarinda/penjualan-produk/versi-1.yaml"
    orphan.parent.mkdir(parents=True)
    orphan.write_text(seed_text.replace(f"unit: {UNIT_ID}", "unit: pst-bps-samarinda")
                      .replace("nama: Pelayanan Konsultasi Statistik", "nama: Pelayanan Penjualan Produk Statistik")
                      .replace("    waktu: 10 menit\n", "    waktu: 10\n")
                      .replace("  gratis: true", "  gratis: ya"), encoding="utf-8")
    # The seed unit with an error.
    replace_in(standard / SEED_UNIT, 'kode_pos: "75776"', 'kode_pos: "7577"')
    # A file that is not YAML.
    broken = standard / f"layanan/{UNIT_ID}/perpustakaan/versi-1.yaml"
    broken.parent.mkdir()
    broken.write_text("nama: Pelayanan Perpustakaan\nunit: pst-bps-kutai-barat\nsumber: \"http://kubarkab\n",
                      encoding="utf-8")
    # A file left in the old layout.
    stray = standard / f"layanan/{UNIT_ID}/rekomendasi.yaml"
    stray.write_text(seed_text, encoding="utf-8")
    # A second service with the seed's folder name and name, for the same unit.
    duplicate = standard / f"layanan/salinan/{SERVICE_ID}/versi-1.yaml"
    duplicate.parent.mkdir(parents=True)
    duplicate.write_text(seed_text, encoding="utf-8")

    result = _check(project)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    service = f"standard/{SEED_SERVICE.as_posix()}"
    assert _galat_lines(result.output) == [
        f"standard/layanan/pst-bps-kutai-barat/perpustakaan/versi-1.yaml:3: galat: "
        "YAML tidak sah: tanda kutip tidak ditutup",
        f"standard/layanan/pst-bps-kutai-barat/rekomendasi.yaml: galat: file ini tidak dibaca — standar layanan "
        "ditulis per versi: pindahkan ke standard/layanan/pst-bps-kutai-barat/rekomendasi/versi-1.yaml "
        "(versi berikutnya: versi-2.yaml, …)",
        "standard/layanan/pst-bps-samarinda/penjualan-produk/versi-1.yaml:6: galat: unit: unit 'pst-bps-samarinda' "
        "tidak ada — buat standard/unit/pst-bps-samarinda/versi-1.yaml atau perbaiki namanya "
        "(unit yang ada: pst-bps-kutai-barat)",
        "standard/layanan/pst-bps-samarinda/penjualan-produk/versi-1.yaml:53: galat: "
        "waktu_penyelesaian.kunjungan_langsung.waktu: '10' tidak punya satuan — tulis misalnya '10 menit', "
        "'10 jam', '10 hari', atau '10 hari kerja'",
        "standard/layanan/pst-bps-samarinda/penjualan-produk/versi-1.yaml:66: galat: biaya.gratis: "
        "harus 'true' atau 'false'; tertulis 'ya'",
        f"standard/layanan/salinan/{SERVICE_ID}/versi-1.yaml:1: galat: unit 'pst-bps-kutai-barat' sudah punya "
        f"layanan bernama '{SERVICE_ID}' di standard/{SERVICE_FOLDER.as_posix()} — beri folder layanan ini nama lain",
        f"standard/layanan/salinan/{SERVICE_ID}/versi-1.yaml:5: galat: nama: unit 'pst-bps-kutai-barat' sudah punya "
        f"layanan bernama 'Pelayanan Konsultasi Statistik' di standard/{SERVICE_FOLDER.as_posix()} — pembaca tidak "
        "dapat membedakan keduanya; beri layanan ini nama lain",
        f"standard/{SEED_UNIT.as_posix()}:37: galat: alamat.kode_pos: kode pos '7577' harus lima angka, misalnya '75776'",
    ]
    assert service not in "\n".join(_galat_lines(result.output))  # the seed service itself is sound
    # The stray file is counted apart: it is not a version file, and the seed service is not in error.
    assert result.output.splitlines()[-1] == (
        "5 file diperiksa (1 unit, 4 layanan): 4 file bergalat (8 galat), 2 file dengan peringatan "
        "(30 peringatan); 1 file/folder lain bergalat (di luar susunan standard/)")


# --- files outside the layout --------------------------------------------------------------------


@pytest.mark.parametrize(("relative", "says"), [
    ("unit/pst-bps-samarinda.yaml",
     "profil unit ditulis per versi — pindahkan file ini ke standard/unit/pst-bps-samarinda/versi-1.yaml"),
    (f"layanan/{UNIT_ID}/perpustakaan.yaml",
     f"file ini tidak dibaca — standar layanan ditulis per versi: pindahkan ke "
     f"standard/layanan/{UNIT_ID}/perpustakaan/versi-1.yaml (versi berikutnya: versi-2.yaml, …)"),
    ("layanan/perpustakaan.yml",
     "file ini tidak dibaca — standar layanan ditulis per versi: pindahkan ke "
     "standard/layanan/perpustakaan/versi-1.yaml (versi berikutnya: versi-2.yaml, …)"),
    ("layanan/versi-1.yaml",
     "file ini tidak dibaca — versi sebuah layanan disimpan di folder layanannya, misalnya "
     "standard/layanan/<unit>/<layanan>/versi-1.yaml"),
    (f"unit/{UNIT_ID}/maklumat.yaml",
     "file ini tidak dibaca — versi profil unit ditulis sebagai standard/unit/<unit>/versi-1.yaml, versi-2.yaml, …"),
    ("konsultasi.yaml",
     "file ini tidak dibaca — pindahkan ke standard/unit/<unit>/ (unit) atau standard/layanan/<unit>/<layanan>/ "
     "(layanan)"),
    (f"{SERVICE_FOLDER.as_posix()}/versi-02.yaml",
     "nama file versi ditulis versi-<nomor>.yaml tanpa nol di depan — ganti nama file ini menjadi versi-2.yaml"),
    (f"{UNIT_FOLDER.as_posix()}/Versi_2.yaml",
     "nama file versi ditulis versi-<nomor>.yaml tanpa nol di depan — ganti nama file ini menjadi versi-2.yaml"),
    (f"{SERVICE_FOLDER.as_posix()}/versi-0.yaml", "versi dimulai dari versi-1.yaml — ganti nama file ini"),
], ids=["unit file", "service file", "service file at the top", "version outside a service folder",
        "other file in a unit folder", "file outside unit/ and layanan/", "version number with a leading zero",
        "version written otherwise", "version zero"])
def test_a_file_outside_the_layout_is_told_where_to_go(project, relative, says) -> None:
    seed = project.standard / (SEED_UNIT if relative.startswith("unit/") else SEED_SERVICE)
    shutil.copyfile(seed, project.standard / relative)

    result = _check(project)

    assert result.exit_code == 1
    assert _galat_lines(result.output) == [f"standard/{relative}: galat: {says}"]


def test_a_folder_name_is_checked_even_when_its_files_have_errors(project) -> None:
    unit = project.standard / "unit/PST Lama/versi-1.yaml"
    unit.parent.mkdir()
    unit.write_text((project.standard / SEED_UNIT).read_text(encoding="utf-8")
                    .replace("zona_waktu: WITA", "zona_waktu: WITAA"), encoding="utf-8")
    service = project.standard / f"layanan/{UNIT_ID}/Layanan Baru/versi-1.yaml"
    service.parent.mkdir()
    service.write_text("nama: Pelayanan Perpustakaan\n", encoding="utf-8")  # no unit: yet, nothing else

    errors = load(project.standard).errors

    folders = [(e.path, e.message) for e in errors if e.path in (unit.parent, service.parent)]
    assert folders == [
        (service.parent, "nama folder 'Layanan Baru' menjadi alamat halaman, jadi hanya boleh huruf kecil, angka, "
                         "dan tanda hubung — ganti nama folder menjadi 'layanan-baru'"),
        (unit.parent, "nama folder 'PST Lama' menjadi alamat halaman, jadi hanya boleh huruf kecil, angka, "
                      "dan tanda hubung — ganti nama folder menjadi 'pst-lama'"),
    ]
    assert (unit, "zona_waktu") in {(e.path, e.field) for e in errors}
    assert (service, "unit") in {(e.path, e.field) for e in errors}
