"""`layanan skm hitung FILE.csv`: the index of a paper survey typed into a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import click

from layanan.skm import UNSUR, Jawaban, Result, SKMError, bulatkan, hitung

MAX_SHOWN = 20
ANSWERS = {"1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Survey:
    responses: list[list[Jawaban]]
    blank_rows: int  # rows with no answer at all (left out)


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def decode_csv(data: bytes) -> str:
    """The text of a survey file's bytes: UTF-8 (with or without BOM), else the Windows code page."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" is saved in the Windows code page; the columns we read are ASCII either way.
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    """Semicolon (Indonesian Excel) or comma: whichever splits the header into more columns."""
    by_semicolon = len(next(csv.reader([header_line], delimiter=";")))
    by_comma = len(next(csv.reader([header_line], delimiter=",")))
    return ";" if by_semicolon > by_comma else ","


def read_survey(text: str) -> Survey:
    """Parse the CSV text; every problem becomes one Indonesian line naming the row and column."""
    if not text.strip():
        raise click.ClickException(
            "file kosong. Baris 1 harus berisi judul kolom U1 … U9, lalu satu baris per responden.")
    first = next(line for line in text.splitlines() if line.strip())
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    header_number, header = next((n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row))
    if header_number != 1:
        raise click.ClickException(f"baris 1 kosong; judul kolom U1 … U9 harus di baris 1 "
                                   f"(yang pertama berisi ada di baris {header_number}).")
    names = [cell.strip().upper() for cell in header]
    positions: list[int] = []
    problems: list[str] = []
    missing = [f"{u.kode} ({u.nama})" for u in UNSUR if u.kode not in names]
    if missing:
        problems.append(f"kolom {', '.join(missing)} tidak ada di baris judul (baris 1)")
    for unsur in UNSUR:
        found = [i for i, name in enumerate(names) if name == unsur.kode]
        if len(found) > 1:
            where = ", ".join(column_letter(i) for i in found)
            problems.append(f"kolom {unsur.kode} ada {len(found)} kali di baris judul (kolom {where})")
        positions.append(found[0] if found else -1)
    if problems:
        shown = ", ".join(repr(c.strip()) for c in header if c.strip())
        raise click.ClickException("; ".join(problems) + f". Judul kolom yang ada: {shown}.")

    responses: list[list[Jawaban]] = []
    blank_rows = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # an empty spreadsheet row
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problems.append(f"Baris {number}: berisi {len(row)} sel, lebih banyak dari {len(header)} judul kolom "
                            f"(sel {column_letter(len(header))} dan seterusnya tanpa judul); mungkin ada "
                            f"pemisah yang berlebih sehingga jawaban bergeser")
            continue
        answers: list[Jawaban] = []
        for unsur, position in zip(UNSUR, positions):
            if position >= len(row):
                problems.append(f"Baris {number}, kolom {unsur.kode}: baris ini hanya berisi {len(row)} sel, "
                                f"kolom {unsur.kode} adalah sel ke-{position + 1} ({column_letter(position)}); "
                                f"mungkin ada pemisah yang hilang")
                break
            cell = row[position].strip()
            if not cell:
                answers.append(None)
            elif cell in ANSWERS:
                answers.append(ANSWERS[cell])
            else:
                problems.append(f"Baris {number}, kolom {unsur.kode}: '{cell}' bukan jawaban 1–4 "
                                f"(isi 1, 2, 3 atau 4, atau kosongkan bila tidak dijawab)")
        else:
            if any(a is not None for a in answers):
                responses.append(answers)
            else:
                blank_rows += 1
    if problems:
        listed = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            listed.append(f"… dan {len(problems) - MAX_SHOWN} masalah lain")
        raise click.ClickException(f"{len(problems)} masalah di file; tidak ada yang dihitung.\n"
                                   + "\n".join(listed))
    if not responses:
        if blank_rows:
            raise click.ClickException(f"tidak ada responden: {blank_rows} baris tanpa satu pun jawaban U1 … U9.")
        raise click.ClickException("tidak ada responden: file hanya berisi baris judul.")
    return Survey(responses, blank_rows)


def koma(value: Decimal) -> str:
    """Indonesian decimal comma: 3.250 → '3,250' (values here stay below 1.000)."""
    return str(value).replace(".", ",")


def as_json(result: Result) -> dict[str, object]:
    return {
        "responden": result.responden,
        "nrr": [float(value) for value in result.nrr],
        "ikm": float(result.ikm),
        "nilai_konversi": float(result.nilai_dibulatkan),
        "mutu": result.mutu,
        "kinerja": result.kinerja,
    }


def as_text(result: Result, blank_rows: int) -> str:
    width = max(len(u.nama) for u in UNSUR)
    lines = [f"Jumlah responden: {result.responden}"]
    if blank_rows:
        lines.append(f"({blank_rows} baris tanpa satu pun jawaban tidak dihitung)")
    lines.append("Nilai rata-rata (NRR) per unsur:")
    for unsur, value, count in zip(UNSUR, result.nrr, result.jumlah_jawaban):
        note = f"  ({count} jawaban)" if count != result.responden else ""
        lines.append(f"  {unsur.kode} {unsur.nama:<{width}}  {koma(bulatkan(value, 3))}{note}")
    lines += [
        f"IKM: {koma(bulatkan(result.ikm, 4))}",
        f"Nilai konversi (IKM × 25): {koma(result.nilai_dibulatkan)}",
        f"Mutu pelayanan: {result.mutu}",
        f"Kinerja unit pelayanan: {result.kinerja}",
    ]
    return "\n".join(lines)


@click.group(help="Survei Kepuasan Masyarakat (Permenpan RB 14/2017).")
def skm() -> None:
    pass


@skm.command(help="Hitung NRR per unsur, IKM, nilai konversi, mutu dan kinerja dari survei kertas: file CSV "
                  "dengan baris judul dan satu responden per baris, jawaban 1–4 di kolom U1 … U9 (kolom lain "
                  "diabaikan, sel kosong = tidak dijawab). Pemisah koma atau titik koma.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json_output", is_flag=True, help="Tulis hasil sebagai satu objek JSON.")
def hitung_command(file: Path, as_json_output: bool) -> None:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file} tidak dapat dibaca: {exc.strerror or exc}") from None
    survey = read_survey(decode_csv(data))
    try:
        result = hitung(survey.responses)
    except SKMError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json_output:
        click.echo(json.dumps(as_json(result), ensure_ascii=False))
    else:
        click.echo(as_text(result, survey.blank_rows))


skm.add_command(hitung_command, name="hitung")
