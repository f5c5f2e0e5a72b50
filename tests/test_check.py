"""`layanan check`: every kind of bad input gets its own message naming file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from layanan.catalog import load
from layanan.cli import main
from layanan.problems import Severity

from conftest import SEED_SERVICE, SEED_UNIT, replace_in


@dataclass(frozen=True)
class BadInput:
    name: str
    breaks: Callable[[Path], None]
    file: Path
    line: int | None
    field: str | None
    says: str


def _write(relative: Path, data: bytes) -> Callable[[Path], None]:
    def breaks(standard: Path) -> None:
        target = standard / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return breaks


def _edit(relative: Path, old: str, new: str) -> Callable[[Path], None]:
    return lambda standard: replace_in(standard / relative, old, new)


CASES = [
    BadInput("bare number as completion time",
             _edit(SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n"),
             SEED_SERVICE, 53, "waktu_penyelesaian.kunjungan_langsung.waktu",
             "'10' tidak punya satuan — tulis misalnya '10 menit'"),
    BadInput("bare number as completion time shorthand",
             _edit(SEED_SERVICE, "  kunjungan_langsung:\n    waktu: 10 menit\n",
                   "  kunjungan_langsung: 10\n  x_unused:\n    waktu: 10 menit\n"),
             SEED_SERVICE, 52, "waktu_penyelesaian.kunjungan_langsung",
             "'10' tidak punya satuan"),
    BadInput("unknown unit of time",
             _edit(SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10 minggu\n"),
             SEED_SERVICE, 53, "waktu_penyelesaian.kunjungan_langsung.waktu",
             "'10 minggu' bukan jangka waktu"),
    BadInput("unknown key (a typo)",
             _edit(SEED_SERVICE, "produk:\n", "produkk:\n"),
             SEED_SERVICE, 69, "produkk", "kunci 'produkk' tidak dikenal — mungkin maksudnya 'produk'?"),
    BadInput("missing required field",
             _edit(SEED_SERVICE, "produk:\n  - Jasa", "xproduk_dihapus: 1\nproduk_lama:\n  - Jasa"),
             SEED_SERVICE, 5, "produk", "'produk' wajib diisi"),
    BadInput("unknown channel",
             _edit(SEED_SERVICE, "prosedur:\n  kunjungan_langsung:", "prosedur:\n  kunjungan:"),
             SEED_SERVICE, 32, "prosedur.kunjungan", "saluran 'kunjungan' tidak dikenal"),
    BadInput("wrong type: text where a list is expected",
             _edit(SEED_SERVICE, "produk:\n  - Jasa", "produk: Jasa"),
             SEED_SERVICE, 69, "produk", "harus berupa daftar"),
    BadInput("wrong type: number where text is expected",
             _edit(SEED_UNIT, "singkatan: PST BPS Kabupaten Kutai Barat", "singkatan: 6407"),
             SEED_UNIT, 6, "singkatan", "harus berupa teks, bukan angka 6407"),
    BadInput("wrong type: yes/no instead of true/false",
             _edit(SEED_SERVICE, "  gratis: true", "  gratis: ya"),
             SEED_SERVICE, 66, "biaya.gratis", "harus 'true' atau 'false'; tertulis 'ya'"),
    BadInput("tariff written with a thousands dot (50.000 is not fifty)",
             _edit(SEED_SERVICE, "  gratis: true\n", "  gratis: false\n  dasar_hukum: PP Nomor 7 Tahun 2015\n"
                   "  tarif:\n    - uraian: Publikasi cetak\n      jumlah: 50.000\n"),
             SEED_SERVICE, 70, "biaya.tarif[1].jumlah", "'50.000' bukan jumlah rupiah yang dapat dibaca"),
    BadInput("tariff written in quotes with 'Rp'",
             _edit(SEED_SERVICE, "  gratis: true\n", "  gratis: false\n  dasar_hukum: PP Nomor 7 Tahun 2015\n"
                   "  tarif:\n    - uraian: Publikasi cetak\n      jumlah: \"Rp50.000\"\n"),
             SEED_SERVICE, 70, "biaya.tarif[1].jumlah", "'Rp50.000' bukan jumlah rupiah yang dapat dibaca"),
    BadInput("paid service without a tariff",
             _edit(SEED_SERVICE, "  gratis: true", "  gratis: false"),
             SEED_SERVICE, 65, "biaya", "tidak gratis tetapi tidak ada 'tarif'"),
    BadInput("date in the wrong format",
             _edit(SEED_SERVICE, "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan",
                   "berlaku_sejak: 17 Mei 2024"),
             SEED_SERVICE, 20, "berlaku_sejak", "format TTTT-BB-HH"),
    BadInput("impossible date",
             _edit(SEED_SERVICE, "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan",
                   "berlaku_sejak: 2024-02-30"),
             SEED_SERVICE, 20, "berlaku_sejak", "'2024-02-30' bukan tanggal yang ada"),
    BadInput("a name with markup signs (it becomes the page's title)",
             _edit(SEED_SERVICE, "nama: Pelayanan Konsultasi Statistik", "nama: Konsultasi </title><script>x</script>"),
             SEED_SERVICE, 5, "nama", "memuat tanda < atau > — nama ini menjadi judul halaman"),
    BadInput("impossible date in quotes",
             _edit(SEED_SERVICE, "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan",
                   "berlaku_sejak: '2024-02-30'"),
             SEED_SERVICE, 20, "berlaku_sejak", "'2024-02-30' bukan tanggal yang ada"),
    BadInput("postal code that is not five digits",
             _edit(SEED_UNIT, 'kode_pos: "75776"', 'kode_pos: "7577"'),
             SEED_UNIT, 37, "alamat.kode_pos", "kode pos '7577' harus lima angka"),
    BadInput("broken YAML: unclosed quote",
             _edit(SEED_UNIT, 'kode_pos: "75776"', 'kode_pos: "75776'),
             SEED_UNIT, 37, None, "tanda kutip yang dibuka di baris 37 tidak ditutup"),
    BadInput("broken YAML: bad indentation",
             _edit(SEED_UNIT, "  provinsi: Kalimantan Timur", "   provinsi: Kalimantan Timur"),
             SEED_UNIT, 36, None, "YAML tidak sah: titik dua di tempat yang tidak diharapkan — periksa indentasi"),
    BadInput("tab used for indentation",
             _edit(SEED_UNIT, "  provinsi: Kalimantan Timur", "\tprovinsi: Kalimantan Timur"),
             SEED_UNIT, 36, None, "indentasi memakai karakter tab"),
    BadInput("duplicate key",
             _edit(SEED_UNIT, "zona_waktu: WITA", "zona_waktu: WITA\nzona_waktu: WIB"),
             SEED_UNIT, 48, None, "kunci 'zona_waktu' ditulis dua kali (pertama di baris 47)"),
    BadInput("file that is not UTF-8",
             _write(Path("unit/lain/versi-1.yaml"), "nama: Kantor Cabang\nkota: Sendawar \xe9\n".encode("latin-1")),
             Path("unit/lain/versi-1.yaml"), 2, None, "bukan teks UTF-8"),
    BadInput("empty file",
             _write(Path("unit/kosong/versi-1.yaml"), b"# belum diisi\n\n"),
             Path("unit/kosong/versi-1.yaml"), 1, None, "file kosong"),
    BadInput("file whose top level is a list",
             _write(Path("unit/daftar/versi-1.yaml"), b"- nama: a\n- nama: b\n"),
             Path("unit/daftar/versi-1.yaml"), 1, None, "harus berupa kumpulan 'kunci: nilai'"),
    BadInput("service pointing at a unit that does not exist",
             _edit(SEED_SERVICE, "unit: pst-bps-kutai-barat", "unit: pst-bps-kutai-barta"),
             SEED_SERVICE, 6, "unit", "unit 'pst-bps-kutai-barta' tidak ada"),
    BadInput("completion time for a channel without a procedure",
             _edit(SEED_SERVICE, "  online:\n    tidak_diketahui: >-", "  telepon: 5 menit\n  online:\n    tidak_diketahui: >-"),
             SEED_SERVICE, 60, "waktu_penyelesaian.telepon", "saluran 'telepon' yang tidak punya prosedur"),
    BadInput("email complaint channel without a valid address",
             _edit(SEED_SERVICE, "    - jenis: kotak_saran\n", "    - jenis: email\n      alamat: pst-kubar\n"),
             SEED_SERVICE, 74, "pengaduan.saluran[1]", "'pst-kubar' bukan alamat email"),
    BadInput("folder name that cannot be a web address",
             _write(Path("layanan/Konsultasi Baru/versi-1.yaml"),
                    (Path(__file__).parent.parent / "standard" / SEED_SERVICE).read_bytes()),
             Path("layanan/Konsultasi Baru"), None, None,
             "nama folder 'Konsultasi Baru' menjadi alamat halaman, jadi hanya boleh huruf kecil, angka, dan "
             "tanda hubung — ganti nama folder menjadi 'konsultasi-baru'"),
    BadInput("two services of one unit with the same folder name",
             _write(Path("layanan/salinan/konsultasi-statistik/versi-1.yaml"),
                    (Path(__file__).parent.parent / "standard" / SEED_SERVICE).read_bytes()),
             Path("layanan/salinan/konsultasi-statistik/versi-1.yaml"), 1, None,
             "unit 'pst-bps-kutai-barat' sudah punya layanan bernama 'konsultasi-statistik' di "),

    BadInput("file outside unit/ and layanan/",
             _write(Path("konsultasi.yaml"), b"nama: x\n"),
             Path("konsultasi.yaml"), None, None, "file ini tidak dibaca"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_input_gets_its_own_message(project, case: BadInput) -> None:
    case.breaks(project.standard)

    errors = load(project.standard).errors

    matching = [e for e in errors if e.path == project.standard / case.file and case.says in e.message]
    assert matching, "\n".join(e.format(project.root) for e in errors)
    problem = matching[0]
    if case.line is not None:
        assert problem.line == case.line, problem.format(project.root)
    assert problem.field == case.field, problem.format(project.root)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_command_fails_cleanly_on_bad_input(project, case: BadInput) -> None:
    case.breaks(project.standard)

    result = CliRunner().invoke(main, ["check", "--project", str(project.root)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{(Path('standard') / case.file).as_posix()}" in result.output
    assert ": galat: " in result.output


def test_seed_has_no_errors_but_warns_about_what_it_does_not_publish(project) -> None:
    result = load(project.standard)

    assert result.errors == []
    warned = {(p.path.relative_to(project.standard), p.field) for p in result.warnings}
    assert (SEED_SERVICE, "sk.nomor") in warned
    assert (SEED_SERVICE, "persyaratan") in warned
    assert (SEED_SERVICE, "waktu_penyelesaian.online") in warned
    assert (SEED_UNIT, "maklumat") in warned
    assert (SEED_UNIT, "berlaku_sejak") in warned
    assert all(p.severity is Severity.WARNING for p in result.warnings)


def test_check_passes_on_seed_and_strict_turns_warnings_into_failure(project) -> None:
    runner = CliRunner()
    relaxed = runner.invoke(main, ["check", "--project", str(project.root)])
    strict = runner.invoke(main, ["check", "--strict", "--project", str(project.root)])

    assert relaxed.exit_code == 0, relaxed.output
    assert "0 galat" in relaxed.output
    assert "standard/layanan/pst-bps-kutai-barat/konsultasi-statistik/versi-1.yaml:12: peringatan: sk.nomor:" in relaxed.output
    assert strict.exit_code == 1
    assert "--strict" in strict.output


def test_unquoted_clock_times_stay_text(project) -> None:
    replace_in(project.standard / SEED_UNIT,
               "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
               "jam_layanan:\n  - hari: Senin–Kamis\n    buka: 08:00\n    tutup: 15:30")

    result = load(project.standard)

    assert result.errors == []
    hours = result.catalog.units["pst-bps-kutai-barat"].unit.jam_layanan
    assert (hours[0].buka, hours[0].tutup) == ("08.00", "15.30")  # normalised to the Indonesian form


def test_a_day_whose_opening_periods_overlap_is_refused(project) -> None:
    replace_in(project.standard / SEED_UNIT,
               "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
               "jam_layanan:\n  - hari: Senin–Jumat\n    buka: 08.00\n    tutup: 16.00\n"
               "  - hari: Jumat\n    buka: 13.30\n    tutup: 16.00")

    errors = load(project.standard).errors

    assert [e.field for e in errors] == ["jam_layanan"], [e.format() for e in errors]
    message = errors[0].message
    assert "Jumat" in message and "'Senin–Jumat 08.00–16.00'" in message and "'Jumat 13.30–16.00'" in message
    assert "tumpang tindih" in message


def test_a_value_both_known_and_unknown_says_to_remove_one(project) -> None:
    replace_in(project.standard / SEED_SERVICE, "  online:\n    langkah:\n",
               "  online:\n    tidak_diketahui: belum ditetapkan\n    langkah:\n")

    errors = load(project.standard).errors

    assert len(errors) == 1, [e.format() for e in errors]
    message = errors[0].message
    assert "mungkin maksudnya 'langkah'" not in message
    assert "tidak keduanya" in message and "hapus 'tidak_diketahui'" in message and "hapus 'langkah'" in message


def test_times_written_with_a_colon_are_shown_as_hh_mm_on_the_page_and_in_json(project) -> None:
    from layanan.render import render_site

    replace_in(project.standard / SEED_UNIT,
               "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
               "jam_layanan:\n  - hari: Senin–Jumat\n    buka: 8:00\n    tutup: 16:30")

    result = load(project.standard)
    pages = render_site(result.catalog, project.templates)

    assert "Senin–Jumat: 08\\.00–16\\.30 WITA" in pages["pst-bps-kutai-barat/index.md"]  # dots escaped for Markdown
    assert '"buka":"08.00"' in pages["pst-bps-kutai-barat/unit.json"].replace(" ", "")
