"""The tools for those who work with the files: `layanan baru`, `layanan versi-baru`, `layanan diff`.

Every test runs the real commands (click's CliRunner) on a copy of this repository's project;
`layanan check` judges what they write. Where a version must be published first, the real
build publishes it (layanan.site.build writes standard/terbit.json).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from layanan.files_cli import add_file_commands
from layanan.model import Layanan, Unit
from layanan.scaffold import placeholder_warnings
from layanan.site import Project, build
from layanan.yamlfile import read_yaml
from conftest import SEED_SERVICE, SEED_UNIT, replace_in

SERVICE = "pst-bps-kutai-barat/konsultasi-statistik"
BEFORE_THE_NEW_VERSION = "2026-12-01"


@pytest.fixture
def layanan() -> click.Group:
    """The `layanan` command with the file tools (whether or not cli.py registers them yet)."""
    from layanan.cli import main

    group = click.Group("layanan", commands=dict(main.commands))
    add_file_commands(group)
    return group


def run(group: click.Group, project: Project, *args: str):
    return CliRunner().invoke(group, [*args, "--project", str(project.root)], catch_exceptions=False)


def files_of(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.standard).as_posix(): p.read_bytes()
            for p in sorted(project.standard.rglob("*")) if p.is_file()}


def check_lines(result) -> tuple[list[str], list[str]]:
    lines = result.output.splitlines()
    return [line for line in lines if ": galat: " in line], [line for line in lines if ": peringatan: " in line]


# --- layanan baru ---------------------------------------------------------------------------------


def test_new_unit_and_service_are_complete_and_accepted_by_check_with_warnings(layanan, project):
    unit = run(layanan, project, "baru", "unit", "pst-bps-kutai-timur", "--nama",
               "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Timur", "--zona-waktu", "WITA")
    assert unit.exit_code == 0, unit.output
    assert "Ditulis: standard/unit/pst-bps-kutai-timur/versi-1.yaml" in unit.output
    assert "Ganti teks \"ISI: …\" pada: hierarki, alamat.jalan, alamat.kabupaten_kota, alamat.provinsi, " \
           "alamat.kode_pos." in unit.output
    assert "`layanan baru layanan pst-bps-kutai-timur <layanan>" in unit.output

    service = run(layanan, project, "baru", "layanan", "pst-bps-kutai-timur", "perpustakaan",
                  "--nama", "Pelayanan Perpustakaan")
    assert service.exit_code == 0, service.output
    assert "Ditulis: standard/layanan/pst-bps-kutai-timur/perpustakaan/versi-1.yaml" in service.output
    assert "ISI:" not in service.output  # the name was given: nothing but the unknowns is left to fill

    unit_file = project.standard / "unit/pst-bps-kutai-timur/versi-1.yaml"
    service_file = project.standard / "layanan/pst-bps-kutai-timur/perpustakaan/versi-1.yaml"
    # Every field of the model, in the model's order.
    assert list(read_yaml(unit_file).data) == list(Unit.model_fields)
    assert list(read_yaml(service_file).data) == list(Layanan.model_fields)
    assert list(read_yaml(unit_file).data["sk"]) == ["nomor", "tanggal", "penandatangan"]

    unit_text = unit_file.read_text(encoding="utf-8")
    assert "# Nama lengkap unit layanan.\n# Contoh: nama: Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat\n" \
           "nama: Pelayanan Statistik Terpadu BPS Kabupaten Kutai Timur\n" in unit_text
    assert "  # Kode pos, lima angka, diapit tanda kutip.\n  # Contoh: kode_pos: '75776'\n  kode_pos: \"00000\"\n" \
           in unit_text
    assert "# Zona waktu unit: WIB, WITA, atau WIT.\n# Contoh: zona_waktu: WITA\nzona_waktu: WITA\n" in unit_text
    assert "email:\n  tidak_diketahui: belum diisi\n" in unit_text
    service_text = service_file.read_text(encoding="utf-8")
    assert ("# Jangka waktu penyelesaian per saluran; setiap saluran prosedur perlu waktunya. Bentuk singkat:\n"
            "# 'online: 3 hari kerja'.\n# Contoh: waktu_penyelesaian: {online: {waktu: 3 hari kerja}}\n"
            "waktu_penyelesaian:\n  tidak_diketahui: belum diisi\n") in service_text
    assert "# Dasar hukum: Peraturan yang menjadi dasar layanan.\n" in service_text
    assert "# --- A. Komponen penyampaian pelayanan" in service_text
    assert "unit: pst-bps-kutai-timur\n" in service_text
    # Every line is a comment, blank, or data; every data key at the top level has a hint right above it.
    lines = service_text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[a-z_]+:", line):
            assert lines[number - 1].startswith("# "), f"no hint above {line!r}"

    check = run(layanan, project, "check")
    assert check.exit_code == 0, check.output
    errors, warnings = check_lines(check)
    assert errors == []
    assert any(line.startswith("standard/unit/pst-bps-kutai-timur/versi-1.yaml:") and "jam_layanan: belum "
               "dipublikasikan (belum diisi)" in line for line in warnings)
    new_service_warnings = [line for line in warnings
                            if line.startswith("standard/layanan/pst-bps-kutai-timur/perpustakaan/versi-1.yaml:")]
    assert {line.split(": peringatan: ")[1].split(":")[0] for line in new_service_warnings} == {
        "sk.nomor", "sk.tanggal", "sk.penandatangan", "berlaku_sejak", "versi", "persyaratan", "prosedur",
        "waktu_penyelesaian", "biaya", "produk", "pengaduan", "dasar_hukum", "sarana_prasarana",
        "kompetensi_pelaksana", "pengawasan_internal", "jumlah_pelaksana", "jaminan_pelayanan",
        "jaminan_keamanan_keselamatan", "evaluasi_kinerja",
    }
    assert "4 file diperiksa (2 unit, 2 layanan): 0 file bergalat (0 galat)" in check.output


def test_a_service_without_a_name_is_accepted_and_its_placeholder_is_named(layanan, project):
    result = run(layanan, project, "baru", "layanan", "pst-bps-kutai-barat", "perpustakaan")
    assert result.exit_code == 0, result.output
    assert "Ganti teks \"ISI: …\" pada: nama." in result.output
    path = project.standard / "layanan/pst-bps-kutai-barat/perpustakaan/versi-1.yaml"
    assert 'nama: "ISI: nama layanan perpustakaan"\n' in path.read_text(encoding="utf-8")
    [warning] = placeholder_warnings(read_yaml(path))
    assert (warning.field, warning.line) == ("nama", 9)
    assert warning.message.startswith("belum diisi ('ISI: nama layanan perpustakaan') — ganti dengan nilai")
    check = run(layanan, project, "check")
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(("args", "message"), [
    (["baru", "unit", "PST_Kutai"],
     "'PST_Kutai' tidak dapat menjadi nama unit: nama ini menjadi alamat halaman, jadi hanya boleh huruf kecil, "
     "angka, dan tanda hubung di antaranya, misalnya 'pst-kutai'"),
    (["baru", "unit", "pst-bps-kutai-barat"],
     "unit 'pst-bps-kutai-barat' sudah ada (standard/unit/pst-bps-kutai-barat) — untuk mengubahnya buat versi "
     "berikutnya dengan `layanan versi-baru pst-bps-kutai-barat`"),
    (["baru", "layanan", "pst-bps-kutai-timur", "perpustakaan"],
     "unit 'pst-bps-kutai-timur' tidak ada (unit yang ada: pst-bps-kutai-barat) — periksa namanya, atau buat "
     "unitnya dulu dengan `layanan baru unit pst-bps-kutai-timur`"),
    (["baru", "layanan", "pst-bps-kutai-barat", "Perpustakaan Umum"],
     "'Perpustakaan Umum' tidak dapat menjadi nama layanan"),
    (["baru", "layanan", "pst-bps-kutai-barat", "konsultasi-statistik"],
     "layanan 'konsultasi-statistik' unit 'pst-bps-kutai-barat' sudah ada "
     "(standard/layanan/pst-bps-kutai-barat/konsultasi-statistik) — untuk mengubahnya buat versi berikutnya "
     "dengan `layanan versi-baru pst-bps-kutai-barat/konsultasi-statistik`"),
])
def test_refusals_write_nothing(layanan, project, args, message):
    before = files_of(project)
    result = run(layanan, project, *args)
    assert result.exit_code == 1
    assert "Tidak ada yang ditulis: " in result.output
    assert message in result.output
    assert files_of(project) == before
    assert not (project.standard / "unit/pst-bps-kutai-timur").exists()


def test_a_service_id_already_used_by_the_unit_in_another_folder_is_refused(layanan, project):
    moved = project.standard / "layanan/kantor/pst-bps-kutai-barat"
    moved.parent.mkdir()
    (project.standard / "layanan/pst-bps-kutai-barat").rename(moved)
    before = files_of(project)
    result = run(layanan, project, "baru", "layanan", "pst-bps-kutai-barat", "konsultasi-statistik")
    assert result.exit_code == 1
    assert "sudah ada (standard/layanan/kantor/pst-bps-kutai-barat/konsultasi-statistik)" in result.output
    assert files_of(project) == before


# --- layanan versi-baru ------------------------------------------------------------------------


def fill_new_version(path: Path, berlaku_sejak: str = "2027-01-01") -> None:
    """What the staff do with a new version: its date and summary, then the changes themselves."""
    replace_in(path, "berlaku_sejak:\n  tidak_diketahui: isi tanggal mulai berlaku versi ini, TTTT-BB-HH\n",
               f"berlaku_sejak: {berlaku_sejak}\n")
    replace_in(path, "ringkasan_perubahan:\n",
               "ringkasan_perubahan: Waktu penyelesaian kunjungan langsung menjadi 15 menit; langkah mengambil "
               "nomor antrean ditambahkan.\n")


def change_walk_in(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"    waktu: 10 menit\n    tertulis: \"10\"\n    tafsiran: >-\n(      .*\n)+",
                  "    waktu: 15 menit\n", text, count=1)
    assert "waktu: 15 menit" in text
    path.write_text(text, encoding="utf-8")
    replace_in(path, "      - Pengguna layanan mengisi buku tamu elektronik dan mengantri\n",
               "      - Pengguna layanan mengisi buku tamu elektronik dan mengantri\n"
               "      - Pengguna layanan mengambil nomor antrean\n")


def test_new_version_keeps_comments_and_fails_check_until_filled(layanan, project):
    build(project)  # publishes the seed's versi-1
    seed = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")

    result = run(layanan, project, "versi-baru", SERVICE)
    assert result.exit_code == 0, result.output
    new = project.standard / SEED_SERVICE.parent / "versi-2.yaml"
    assert f"Ditulis: standard/{SEED_SERVICE.parent.as_posix()}/versi-2.yaml (versi 2 Pelayanan Konsultasi " \
           "Statistik)" in result.output
    assert "Dimulai dari versi-1.yaml, versi yang berlaku" in result.output

    text = new.read_text(encoding="utf-8")
    for comment in ("# Disalin dari standar yang dipublikasikan di situs kantor. Nilai yang tidak ada pada\n",
                    "# --- B. Komponen pengelolaan pelayanan --------------------------------------\n",
                    "# Tidak satu pun dari delapan komponen ini tercantum pada standar yang dipublikasikan.\n"):
        assert comment in seed and comment in text
    # The components are the seed's, to the letter (the long walk-in step stays on one line, the
    # folded interpretation stays folded).
    assert seed[seed.index("# --- A. Komponen"):] == text[text.index("# --- A. Komponen"):]
    assert "versi:\n  tidak_diketahui: isi label versi baru, misalnya tahun SK\n" in text
    assert "  nomor:\n    tidak_diketahui: isi nomor SK yang menetapkan versi ini\n" in text
    assert "# Wajib: apa yang berubah dari versi 1, satu atau dua kalimat.\nringkasan_perubahan:\n" in text

    check = run(layanan, project, "check")
    assert check.exit_code == 1
    errors, _ = check_lines(check)
    assert [line.split(": galat: ")[1] for line in errors] == [
        "berlaku_sejak: versi 2 perlu tanggal berlaku (TTTT-BB-HH) — tanpa tanggal, situs tidak dapat menentukan "
        "kapan versi ini menggantikan versi sebelumnya",
        "ringkasan_perubahan: versi 2 perlu 'ringkasan_perubahan': satu atau dua kalimat tentang apa yang "
        "berubah dari versi 1",
    ]
    assert all(line.startswith(f"standard/{SEED_SERVICE.parent.as_posix()}/versi-2.yaml:") for line in errors)

    fill_new_version(new)
    check = run(layanan, project, "check")
    assert check.exit_code == 0, check.output

    again = run(layanan, project, "versi-baru", SERVICE)
    assert again.exit_code == 1
    assert "sudah ada versi-2.yaml yang belum terbit — lanjutkan di sana" in again.output
    assert not (project.standard / SEED_SERVICE.parent / "versi-3.yaml").exists()


def test_new_unit_version_inserts_the_summary_where_the_model_has_it(layanan, project):
    build(project)
    result = run(layanan, project, "versi-baru", "pst-bps-kutai-barat")
    assert result.exit_code == 0, result.output
    new = project.standard / SEED_UNIT.parent / "versi-2.yaml"
    data = read_yaml(new).data
    assert list(data)[:6] == ["nama", "singkatan", "versi", "sk", "berlaku_sejak", "ringkasan_perubahan"]
    text = new.read_text(encoding="utf-8")
    assert "zona_waktu: WITA   # Kalimantan Timur memakai WITA (UTC+8)\n" in text
    assert "  # Sumber mencetak nomor ini dua kali: \"Telp. (0545) 4046036\" dan, menempel pada\n" in text
    # The blank line that closed the version block still closes it, after the new summary.
    assert "ringkasan_perubahan:\n\nhierarki:\n" in text


def test_new_version_starts_from_the_upcoming_one_and_says_so(layanan, project):
    build(project)
    run(layanan, project, "versi-baru", SERVICE)
    second = project.standard / SEED_SERVICE.parent / "versi-2.yaml"
    fill_new_version(second, berlaku_sejak="2090-01-01")
    change_walk_in(second)
    build(project, today=dt.date(2026, 12, 1))  # publishes versi-2, announced as upcoming

    result = run(layanan, project, "versi-baru", SERVICE)
    assert result.exit_code == 0, result.output
    assert ("Dimulai dari versi-2.yaml, versi terbaru yang akan berlaku mulai 1 Januari 2090 — bukan dari "
            "versi-1.yaml yang berlaku sekarang: perubahan versi 2 ikut terbawa.") in result.output
    third = (project.standard / SEED_SERVICE.parent / "versi-3.yaml").read_text(encoding="utf-8")
    assert "    waktu: 15 menit\n" in third and "Pengguna layanan mengambil nomor antrean" in third
    assert "# Wajib: apa yang berubah dari versi 2, satu atau dua kalimat.\nringkasan_perubahan:\n" in third
    assert third.count("dimulai dari versi-") == 1  # the header of versi-2 is replaced, not repeated
    assert third.count("# Wajib:") == 1


@pytest.mark.parametrize(("address", "message"), [
    (SERVICE, "versi-1.yaml belum terbit — ubah langsung file itu; versi berikutnya dimulai sesudah versi ini "
              "terbit dengan `layanan build`"),
    ("pst-bps-kutai-barat/perpustakaan",
     "layanan 'pst-bps-kutai-barat/perpustakaan' tidak ada (layanan unit ini: "
     "pst-bps-kutai-barat/konsultasi-statistik)"),
    ("pst-bps-kutai-timur", "unit 'pst-bps-kutai-timur' tidak ada (unit yang ada: pst-bps-kutai-barat)"),
])
def test_new_version_refusals_write_nothing(layanan, project, address, message):
    before = files_of(project)  # the fixture's project has published nothing yet
    result = run(layanan, project, "versi-baru", address)
    assert result.exit_code == 1
    assert message in result.output
    assert files_of(project) == before


# --- layanan diff --------------------------------------------------------------------------------


def test_diff_says_what_a_pending_version_will_change_on_the_site(layanan, project):
    build(project)
    run(layanan, project, "versi-baru", SERVICE)
    second = project.standard / SEED_SERVICE.parent / "versi-2.yaml"
    fill_new_version(second)
    change_walk_in(second)

    result = run(layanan, project, "diff", "--tanggal", BEFORE_THE_NEW_VERSION)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:8] == [
        "Layanan Pelayanan Konsultasi Statistik (pst-bps-kutai-barat/konsultasi-statistik): versi 2 "
        "(berlaku mulai 1 Januari 2027, akan diumumkan sebagai versi yang akan berlaku)",
        "  Ringkasan perubahan: Waktu penyelesaian kunjungan langsung menjadi 15 menit; langkah mengambil nomor "
        "antrean ditambahkan.",
        "  Dibandingkan dengan versi 1:",
        "    Sistem, mekanisme, dan prosedur (diubah)",
        "    - Langkah 4 pada saluran kunjungan langsung ditambahkan: “Pengguna layanan mengambil nomor antrean”.",
        "",
        "    Jangka waktu penyelesaian (diubah)",
        "    - Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit.",
    ]
    assert "Unit " not in result.output  # the unit has nothing pending
    assert result.output.rstrip().endswith(
        "1 versi menunggu terbit; `layanan build` berikutnya menerbitkannya, dan sesudah itu isinya tidak dapat "
        "diubah lagi.")

    on_the_day = run(layanan, project, "diff", "--tanggal", "2027-01-01")
    assert on_the_day.exit_code == 0
    assert on_the_day.output.startswith(
        "Layanan Pelayanan Konsultasi Statistik (pst-bps-kutai-barat/konsultasi-statistik): versi 2 "
        "(berlaku sejak 1 Januari 2027, akan ditampilkan sebagai versi yang berlaku)\n")


def test_diff_lists_new_services_and_unfinished_versions(layanan, project):
    build(project)
    run(layanan, project, "baru", "layanan", "pst-bps-kutai-barat", "perpustakaan", "--nama", "Pelayanan Perpustakaan")
    run(layanan, project, "versi-baru", "pst-bps-kutai-barat")
    result = run(layanan, project, "diff", "--tanggal", BEFORE_THE_NEW_VERSION)
    assert result.exit_code == 1  # the unit's new version cannot be published as it is
    lines = result.output.splitlines()
    assert ("Unit Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat (pst-bps-kutai-barat): versi 2 "
            "(tanggal berlaku belum diisi)") in lines
    assert ("  Galat, belum dapat terbit: berlaku_sejak: versi 2 perlu tanggal berlaku (TTTT-BB-HH) — tanpa "
            "tanggal, situs tidak dapat menentukan kapan versi ini menggantikan versi sebelumnya") in lines
    assert ("Layanan baru: Pelayanan Perpustakaan (pst-bps-kutai-barat/perpustakaan): versi 1 (tanpa tanggal "
            "berlaku: berlaku sejak terbit, akan ditampilkan sebagai versi yang berlaku)") in lines


def test_diff_with_nothing_pending(layanan, project):
    build(project)
    result = run(layanan, project, "diff")
    assert result.exit_code == 0
    assert result.output == "Tidak ada perubahan yang menunggu terbit: semua versi yang terbaca sudah terbit.\n"


def test_diff_shows_a_published_version_edited_in_place_as_an_error(layanan, project):
    build(project, today=dt.date(2026, 11, 20))
    change_walk_in(project.standard / SEED_SERVICE)
    result = run(layanan, project, "diff")
    assert result.exit_code == 1
    assert (f"Galat: standard/{SEED_SERVICE.as_posix()} sudah terbit pada 20 November 2026, tetapi isinya diubah "
            "(berubah: prosedur, waktu_penyelesaian) — versi yang sudah terbit tidak boleh diubah; jalankan "
            "`layanan check` untuk cara memperbaikinya") in result.output.splitlines()
    assert "punya galat dan tidak dibandingkan" not in result.output  # named once, as edited


def test_diff_refuses_a_date_it_cannot_read(layanan, project):
    result = run(layanan, project, "diff", "--tanggal", "1-1-2027")
    assert result.exit_code == 1
    assert "--tanggal '1-1-2027' bukan tanggal — tulis TTTT-BB-HH, misalnya 2027-01-01" in result.output


def test_new_version_of_a_standard_with_errors_points_at_check(layanan, project):
    build(project)
    change_walk_in(project.standard / SEED_SERVICE)  # a published version edited in place
    before = files_of(project)
    result = run(layanan, project, "versi-baru", SERVICE)
    assert result.exit_code == 1
    assert ("layanan 'pst-bps-kutai-barat/konsultasi-statistik' punya galat (1) sehingga versinya tidak dapat "
            "dibaca — jalankan `layanan check`, perbaiki galatnya, lalu ulangi") in result.output
    assert files_of(project) == before


def test_diff_names_a_published_version_that_was_deleted(layanan, project):
    build(project, today=dt.date(2026, 11, 20))
    (project.standard / SEED_SERVICE).unlink()
    result = run(layanan, project, "diff")
    assert result.exit_code == 1
    assert (f"Galat: standard/{SEED_SERVICE.as_posix()}: versi ini sudah terbit pada 20-11-2026 lalu dihapus atau "
            "dipindah — kembalikan file ini (dari riwayat git atau cadangan): alamatnya di situs harus tetap ada"
            ) in result.output.splitlines()


def test_new_version_copies_values_as_written(layanan, project):
    hours = ("jam_layanan:\n"
             "  - hari: Senin–Kamis\n"
             "    buka: 08.00   # jam buka ditulis cara Indonesia\n"
             "    tutup: 15.30\n"
             "  - hari: Jumat\n"
             "    buka: 08:00\n"
             "    tutup: '16.00'\n")
    replace_in(project.standard / SEED_UNIT,
               "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan\n", hours)
    build(project)
    assert run(layanan, project, "versi-baru", "pst-bps-kutai-barat").exit_code == 0
    new = project.standard / SEED_UNIT.parent / "versi-2.yaml"
    assert hours in new.read_text(encoding="utf-8")
    replace_in(new, "berlaku_sejak:\n  tidak_diketahui: isi tanggal mulai berlaku versi ini, TTTT-BB-HH\n",
               "berlaku_sejak: 2027-01-01\n")
    replace_in(new, "ringkasan_perubahan:\n", "ringkasan_perubahan: Jam layanan hari Jumat sampai 16.30.\n")
    replace_in(new, "    tutup: '16.00'\n", "    tutup: '16.30'\n")
    assert run(layanan, project, "check").exit_code == 0
    diff = run(layanan, project, "diff", "--tanggal", BEFORE_THE_NEW_VERSION)
    assert diff.exit_code == 0, diff.output
    assert ("Unit Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat (pst-bps-kutai-barat): versi 2 (berlaku mulai "
            "1 Januari 2027, akan diumumkan sebagai versi yang akan berlaku)") in diff.output
    assert "Jam layanan (diubah)" in diff.output
