"""SKM (Permenpan RB 14/2017): NRR, IKM, converted value and grade, exactly; Krejcie–Morgan; `layanan skm hitung`."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from layanan.cli import main
from layanan.skm import UNSUR, SKMError, bulatkan, hitung, mutu, nilai_rata_rata, sample_size

WORKED = [
    [4, 4, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 3, 4, 3, 3, 4, 3, 2],
    [3, 4, 2, 4, 3, 4, 4, 3, 3],
    [4, 3, 3, 4, 3, 4, 4, 2, 3],
]


def test_worked_example() -> None:
    """Four respondents.

    Sums per element: 14, 14, 11, 16, 12, 14, 16, 11, 11 → NRR = sum / 4:
    3,5  3,5  2,75  4  3  3,5  4  2,75  2,75; Σ NRR = 29,75.
    IKM = 29,75 × 1/9 = 119/36 = 3,30555…; converted = 119/36 × 25 = 2975/36 = 82,63888… → 82,64 → B, Baik.
    """
    result = hitung(WORKED)
    assert result.responden == 4
    assert result.jumlah_jawaban == (4,) * 9
    assert result.nrr == tuple(Fraction(s, 4) for s in (14, 14, 11, 16, 12, 14, 16, 11, 11))
    assert result.ikm == Fraction(119, 36)
    assert result.nilai_konversi == Fraction(2975, 36)
    assert result.nilai_dibulatkan == Decimal("82.64")
    assert (result.mutu, result.kinerja) == ("B", "Baik")


def test_missing_answer_leaves_out_that_element_only() -> None:
    """Three respondents, all 4s, except U9: the second left it blank, the third answered 1.

    NRR U9 = (4 + 1) / 2 = 2,5 (not 5/3: a blank is not a 0). Σ NRR = 8 × 4 + 2,5 = 34,5;
    IKM = 34,5 / 9 = 23/6 = 3,8333…; converted = 575/6 = 95,8333… → 95,83 → A, Sangat Baik.
    """
    responses = [[4] * 9, [4] * 8 + [None], [4] * 8 + [1]]
    result = hitung(responses)
    assert result.responden == 3
    assert result.jumlah_jawaban == (3,) * 8 + (2,)
    assert result.nrr == (Fraction(4),) * 8 + (Fraction(5, 2),)
    assert result.ikm == Fraction(23, 6)
    assert result.nilai_konversi == Fraction(575, 6)
    assert result.nilai_dibulatkan == Decimal("95.83")
    assert (result.mutu, result.kinerja) == ("A", "Sangat Baik")


def test_a_response_without_any_answer_is_not_a_respondent() -> None:
    assert hitung(WORKED + [[None] * 9]) == hitung(WORKED)


def test_an_element_nobody_answered_refuses_the_index_and_names_it() -> None:
    responses = [[4, 4, 4, None, 4, 4, 4, 4, 4], [3, 3, 3, None, 3, 3, 3, 3, 3]]
    with pytest.raises(SKMError, match=r"U4 \(Biaya/Tarif\) tidak dijawab satu responden pun"):
        hitung(responses)
    assert nilai_rata_rata(responses) == (Fraction(7, 2),) * 3 + (None,) + (Fraction(7, 2),) * 5


def test_no_respondents() -> None:
    with pytest.raises(SKMError, match="Tidak ada responden"):
        hitung([])
    with pytest.raises(SKMError, match="Tidak ada responden"):
        hitung([[None] * 9])


@pytest.mark.parametrize("response, says", [
    ([4] * 8, "ada 8 jawaban, seharusnya 9"),
    ([4] * 8 + [5], "U9: 5 bukan jawaban 1–4"),
    ([0] + [4] * 8, "U1: 0 bukan jawaban 1–4"),
    ([4, "3"] + [4] * 7, "U2: '3' bukan jawaban 1–4"),
    ([4, 4, True] + [4] * 6, "U3: True bukan jawaban 1–4"),
])
def test_answers_outside_the_scale_are_refused(response: list, says: str) -> None:
    with pytest.raises(SKMError, match="Responden ke-2") as raised:
        hitung([[4] * 9, response])
    assert says in str(raised.value)


@pytest.mark.parametrize("value, letter", [
    # A from 88,31: 88,305 rounds half-up to 88,31.
    ("100", "A"), ("88.31", "A"), ("88.305", "A"), ("88.3049", "B"), ("88.30", "B"),
    # B from 76,61.
    ("76.61", "B"), ("76.605", "B"), ("76.6049", "C"), ("76.60", "C"),
    # C from 65,00: 64,995 rounds to 65,00, and the table's gap 64,99 → 65,00 is closed.
    ("65.00", "C"), ("64.995", "C"), ("64.9949", "D"), ("64.99", "D"), ("25", "D"),
])
def test_grade_on_each_side_of_every_boundary(value: str, letter: str) -> None:
    assert mutu(Decimal(value)).huruf == letter
    assert mutu(Fraction(value)).huruf == letter


def test_grade_labels() -> None:
    assert [(mutu(Decimal(v)).huruf, mutu(Decimal(v)).kinerja) for v in ("90", "80", "70", "50")] == [
        ("A", "Sangat Baik"), ("B", "Baik"), ("C", "Kurang Baik"), ("D", "Tidak Baik")]


def _responses_with_total(total: int, respondents: int) -> list[list[int]]:
    """`respondents` full responses whose answers add up to `total`: converted = 25·total / (9·respondents)."""
    cells = 9 * respondents
    base, extra = divmod(total, cells)
    values = [base + 1] * extra + [base] * (cells - extra)
    return [values[i * 9:(i + 1) * 9] for i in range(respondents)]


@pytest.mark.parametrize("boundary, above, below", [
    (Decimal("88.305"), "A", "B"),
    (Decimal("76.605"), "B", "C"),
    (Decimal("64.995"), "C", "D"),
])
def test_computed_index_exactly_on_the_rounding_half(boundary: Decimal, above: str, below: str) -> None:
    """5.000 respondents whose answers total T with 25·T / 45.000 exactly on ...,xx5 (T = boundary × 1.800).

    Python's round(88.305, 2) on a float gives 88.3 (grade B); the exact value rounds half-up to 88,31 → A.
    One point less is 0,00056 lower and rounds down to the grade below.
    """
    total = int(boundary * 1800)
    on = hitung(_responses_with_total(total, 5000))
    assert on.nilai_konversi == Fraction(boundary)
    assert on.mutu == above
    assert on.nilai_dibulatkan == bulatkan(boundary)
    under = hitung(_responses_with_total(total - 1, 5000))
    assert under.mutu == below


def test_rounding_is_half_up_and_exact() -> None:
    assert bulatkan(Decimal("88.305")) == Decimal("88.31")
    assert bulatkan(Decimal("88.3049999")) == Decimal("88.30")
    assert bulatkan(Fraction(1, 3), 4) == Decimal("0.3333")
    assert bulatkan(Fraction(2, 3), 3) == Decimal("0.667")
    assert bulatkan(Fraction(88305, 1000) - Fraction(1, 10 ** 30)) == Decimal("88.30")
    with pytest.raises(TypeError):
        bulatkan(88.305)  # type: ignore[arg-type]


@pytest.mark.parametrize("population, sample", [
    (0, 0), (1, 1), (10, 10), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278), (5000, 357),
    (10000, 370), (20000, 377), (50000, 381), (75000, 382), (1000000, 384),
])
def test_krejcie_morgan(population: int, sample: int) -> None:
    assert sample_size(population) == sample


def test_krejcie_morgan_refuses_nonsense() -> None:
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError):
            sample_size(bad)  # type: ignore[arg-type]


def test_elements_in_the_regulations_order_with_four_labels_each() -> None:
    assert [u.kode for u in UNSUR] == [f"U{i}" for i in range(1, 10)]
    assert [u.nama for u in UNSUR] == [
        "Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana"]
    assert UNSUR[0].jawaban == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert UNSUR[2].jawaban == ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")
    assert UNSUR[3].jawaban == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert all(len(set(u.jawaban)) == 4 and u.pertanyaan.endswith("?") for u in UNSUR)


# --- the command ---------------------------------------------------------------------------------------

HEADER = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]


def _csv(rows: list[list[object]], delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join("" if c is None else str(c) for c in row) for row in rows) + "\r\n"


def _run(tmp_path: Path, content: str | bytes, *args: str):
    file = tmp_path / "survei.csv"
    file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return CliRunner().invoke(main, ["skm", "hitung", str(file), *args])


WORKED_TEXT = """\
Jumlah responden: 4
Nilai rata-rata (NRR) per unsur:
  U1 Persyaratan                              3,500
  U2 Sistem, Mekanisme, dan Prosedur          3,500
  U3 Waktu Penyelesaian                       2,750
  U4 Biaya/Tarif                              4,000
  U5 Produk Spesifikasi Jenis Pelayanan       3,000
  U6 Kompetensi Pelaksana                     3,500
  U7 Perilaku Pelaksana                       4,000
  U8 Penanganan Pengaduan, Saran dan Masukan  2,750
  U9 Sarana dan Prasarana                     2,750
IKM: 3,3056
Nilai konversi (IKM × 25): 82,64
Mutu pelayanan: B
Kinerja unit pelayanan: Baik
"""


@pytest.mark.parametrize("delimiter, bom", [(",", False), (";", False), (";", True), (",", True)])
def test_command_text_output(tmp_path: Path, delimiter: str, bom: bool) -> None:
    content = ("\ufeff" if bom else "") + _csv([HEADER, *WORKED], delimiter)
    result = _run(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert result.stdout == WORKED_TEXT


def test_command_json_output(tmp_path: Path) -> None:
    result = _run(tmp_path, "\ufeff" + _csv([HEADER, *WORKED], ";"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["responden", "nrr", "ikm", "nilai_konversi", "mutu", "kinerja"]
    assert data["responden"] == 4
    assert data["nrr"] == [3.5, 3.5, 2.75, 4.0, 3.0, 3.5, 4.0, 2.75, 2.75]
    assert data["ikm"] == pytest.approx(119 / 36, abs=1e-12)
    assert data["nilai_konversi"] == 82.64
    assert (data["mutu"], data["kinerja"]) == ("B", "Baik")


def test_command_other_columns_any_order_case_and_blanks(tmp_path: Path) -> None:
    """Columns shuffled, lower case, padded, with name/comment columns; blanks; an empty row; a quoted comma.

    Same answers as the missing-answer example: NRR U9 = 2,5 from two answers, converted 95,83 → A.
    """
    header = ["No", " u9 ", "Nama", "u1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "Saran"]

    def row(number: int, answers: list[object], comment: str) -> list[object]:
        return [number, answers[8], "Responden", *answers[:8], comment]

    rows = [header, row(1, [4] * 9, '"Cepat, ramah"'), row(2, [4] * 8 + [None], ""),
            [""] * len(header), row(3, [4] * 8 + [1], "")]
    text = _run(tmp_path, _csv(rows))
    assert text.exit_code == 0, text.output
    assert "Jumlah responden: 3\n" in text.stdout
    assert "  U9 Sarana dan Prasarana                     2,500  (2 jawaban)\n" in text.stdout
    assert "  U1 Persyaratan                              4,000\n" in text.stdout
    assert "IKM: 3,8333\nNilai konversi (IKM × 25): 95,83\nMutu pelayanan: A\nKinerja unit pelayanan: Sangat Baik\n" \
        in text.stdout
    data = json.loads(_run(tmp_path, _csv(rows), "--json").stdout)
    assert data == {"responden": 3, "nrr": [4.0] * 8 + [2.5], "ikm": pytest.approx(23 / 6), "nilai_konversi": 95.83,
                    "mutu": "A", "kinerja": "Sangat Baik"}


def test_command_row_without_answers_is_not_a_respondent(tmp_path: Path) -> None:
    rows = [["Nama", *HEADER], ["Ani", *WORKED[0]], ["Budi", *[None] * 9], ["Citra", *WORKED[1]]]
    result = _run(tmp_path, _csv(rows))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Jumlah responden: 2\n(1 baris tanpa satu pun jawaban tidak dihitung)\n")


def _bad(rows_or_text: list[list[object]] | str, delimiter: str = ",") -> str:
    return rows_or_text if isinstance(rows_or_text, str) else _csv(rows_or_text, delimiter)


GOOD = [4, 3, 3, 4, 3, 3, 4, 3, 3]


@pytest.mark.parametrize("content, says", [
    pytest.param(_bad([["Nama", *HEADER], ["Ani", *GOOD], ["Budi", *GOOD[:3], "lima", *GOOD[4:]]]),
                 "Baris 3, kolom U4: 'lima' bukan jawaban 1–4", id="letter"),
    pytest.param(_bad([HEADER, GOOD, GOOD, GOOD, GOOD[:8] + [5]], ";"),
                 "Baris 5, kolom U9: '5' bukan jawaban 1–4", id="five"),
    pytest.param(_bad([HEADER, [0] + GOOD[1:]]), "Baris 2, kolom U1: '0' bukan jawaban 1–4", id="zero"),
    pytest.param(_bad([HEADER, GOOD[:4] + ["3,5"] + GOOD[5:]], ";"), "Baris 2, kolom U5: '3,5' bukan jawaban 1–4",
                 id="decimal"),
    pytest.param(_bad([HEADER, GOOD, GOOD[:6]]),
                 "Baris 3, kolom U7: baris ini hanya berisi 6 sel, kolom U7 adalah sel ke-7 (G)", id="too-few-cells"),
    pytest.param(_bad([HEADER, GOOD + ["x"]]), "Baris 2: berisi 10 sel, lebih banyak dari 9 judul kolom",
                 id="too-many-cells"),
    pytest.param(_bad([HEADER[:3] + HEADER[4:], GOOD[:8]]), "kolom U4 (Biaya/Tarif) tidak ada di baris judul (baris 1)",
                 id="missing-column"),
    pytest.param(_bad([HEADER + ["u2"], GOOD + [4]]), "kolom U2 ada 2 kali di baris judul (kolom B, J)",
                 id="duplicate-column"),
    pytest.param("", "file kosong", id="empty"),
    pytest.param("\ufeff\r\n \r\n", "file kosong", id="only-bom-and-blank-lines"),
    pytest.param(_bad([HEADER]), "tidak ada responden: file hanya berisi baris judul", id="header-only"),
    pytest.param(_bad([["Nama", *HEADER], ["Ani", *[None] * 9]]),
                 "tidak ada responden: 1 baris tanpa satu pun jawaban", id="no-answers"),
    pytest.param(_bad([HEADER, GOOD[:3] + [None] + GOOD[4:], GOOD[:3] + [None] + GOOD[4:]]),
                 "Unsur U4 (Biaya/Tarif) tidak dijawab satu responden pun", id="element-unanswered"),
    pytest.param(_bad([[], HEADER, GOOD]), "baris 1 kosong", id="header-not-in-row-1"),
])
def test_command_malformed_file(tmp_path: Path, content: str, says: str) -> None:
    for args in ((), ("--json",)):
        result = _run(tmp_path, content, *args)
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)  # a message, not a traceback
        assert says in result.stderr
        assert result.stdout == ""


def test_command_lists_every_problem_with_its_row(tmp_path: Path) -> None:
    rows = [HEADER] + [GOOD] * 3 + [["x"] + GOOD[1:]] + [GOOD[:8] + ["9"]]
    result = _run(tmp_path, _csv(rows))
    assert result.exit_code == 1
    assert "2 masalah di file; tidak ada yang dihitung." in result.stderr
    assert "Baris 5, kolom U1: 'x'" in result.stderr
    assert "Baris 6, kolom U9: '9'" in result.stderr


def test_command_windows_code_page_file(tmp_path: Path) -> None:
    """Excel's plain CSV is cp1252: a name with 'é' in another column must not stop the count."""
    content = _csv([["Nama", *HEADER], ["Andé", *WORKED[0]], ["Budi", *WORKED[1]]], ";").encode("cp1252")
    result = _run(tmp_path, content, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["responden"] == 2


def test_command_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["skm", "hitung", str(tmp_path / "tidak-ada.csv")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "tidak-ada.csv tidak dapat dibaca" in result.stderr


def test_command_is_listed_in_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "skm" in result.output
    result = CliRunner().invoke(main, ["skm", "--help"])
    assert "hitung" in result.output
