"""Survei Kepuasan Masyarakat (SKM) the way Permenpan RB 14/2017 computes it.

Nine elements (unsur) in the regulation's order, each answered 1 (worst) to 4 (best). For each element
NRR = sum of its answers / number of answers to it; a blank answer is left out of that element only.
IKM = Σ NRR × 1/9; the converted value is IKM × 25 (25–100); the grade comes from the converted value
rounded to two decimals, classified by the table's lower bounds.

Everything is exact (``Fraction``): an IKM is a sum of ratios, and a float would put a value such as
88,305 on the wrong side of a grade boundary.

Plain module: no Flask, no database, so the command, the staff desk and the export can all use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Rational


class SKMError(ValueError):
    """Input the regulation's index cannot be computed from; the message is Indonesian, for the user."""


@dataclass(frozen=True)
class Unsur:
    kode: str
    nama: str
    pertanyaan: str
    jawaban: tuple[str, str, str, str]  # label of answer 1, 2, 3, 4 (1 = worst)


UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan",
          "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("U2", "Sistem, Mekanisme, dan Prosedur",
          "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
          ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Unsur("U3", "Waktu Penyelesaian",
          "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
          ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Unsur("U4", "Biaya/Tarif",
          "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
          ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur("U5", "Produk Spesifikasi Jenis Pelayanan",
          "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
          "standar pelayanan dengan hasil yang diberikan?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("U6", "Kompetensi Pelaksana",
          "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
          ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Unsur("U7", "Perilaku Pelaksana",
          "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
          ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    Unsur("U8", "Penanganan Pengaduan, Saran dan Masukan",
          "Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan pengguna layanan?",
          ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    Unsur("U9", "Sarana dan Prasarana",
          "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
          ("Buruk", "Cukup", "Baik", "Sangat baik")),
)

JUMLAH_UNSUR = len(UNSUR)
BOBOT = Fraction(1, JUMLAH_UNSUR)
KONVERSI = 25


@dataclass(frozen=True)
class Mutu:
    batas_bawah: Decimal  # lowest converted value (rounded to two decimals) that earns this grade
    huruf: str
    kinerja: str


# Lower bounds of the table (converted values). The published table leaves gaps (64,99 → 65,00);
# classifying by lower bound on the two-decimal value closes them.
TABEL_MUTU: tuple[Mutu, ...] = (
    Mutu(Decimal("88.31"), "A", "Sangat Baik"),
    Mutu(Decimal("76.61"), "B", "Baik"),
    Mutu(Decimal("65.00"), "C", "Kurang Baik"),
    Mutu(Decimal("0"), "D", "Tidak Baik"),
)


Jawaban = int | None


@dataclass(frozen=True)
class Result:
    responden: int                      # responses with at least one answer
    jumlah_jawaban: tuple[int, ...]     # answers per element (a blank is not an answer)
    nrr: tuple[Fraction, ...]           # exact NRR per element, U1..U9
    ikm: Fraction                       # exact Σ NRR × 1/9, 1–4
    nilai_konversi: Fraction            # exact IKM × 25, 25–100
    nilai_dibulatkan: Decimal           # nilai_konversi rounded half-up to two decimals: what is published
    mutu: str                           # grade letter A–D
    kinerja: str                        # label: Sangat Baik, Baik, Kurang Baik, Tidak Baik


def bulatkan(value: Rational | Decimal | int, places: int = 2) -> Decimal:
    """Round a non-negative exact value half-up (88,305 → 88,31), as Excel's ROUND and a hand calculation do.

    Not Python's ``round()``: on floats 88.305 is stored as 88.30499… and comes out 88.3, and its
    half-to-even rule would round 88.305 to 88.30 even when exact. ``ROUND_HALF_UP`` on a Decimal is the
    rule offices use. A Fraction (1/3, 1/9) has no exact Decimal, so it is first cut (not rounded) to one
    more place: for half-up to n places, floor(10ⁿ⁺¹·x) gives the same result as x itself, so the
    rounding stays exact.
    """
    if isinstance(value, float):
        raise TypeError("bulatkan() takes exact values (Fraction, Decimal, int), not float")
    exact = Fraction(value)
    if exact < 0:
        raise ValueError("bulatkan() is for non-negative values")
    cut = math.floor(exact * 10 ** (places + 1))
    return (Decimal(cut).scaleb(-(places + 1))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def mutu(nilai_konversi: Rational | Decimal | int) -> Mutu:
    """The grade of a converted value, classified on its two-decimal half-up rounding by lower bound."""
    rounded = bulatkan(nilai_konversi, 2)
    for row in TABEL_MUTU:
        if rounded >= row.batas_bawah:
            return row
    raise AssertionError("the last row's bound is 0")  # pragma: no cover


def _checked(responses: Iterable[Sequence[Jawaban]]) -> list[Sequence[Jawaban]]:
    checked = []
    for number, response in enumerate(responses, start=1):
        if len(response) != JUMLAH_UNSUR:
            raise SKMError(f"Responden ke-{number}: ada {len(response)} jawaban, seharusnya {JUMLAH_UNSUR} "
                           f"(U1 … U9; kosong = None).")
        for unsur, answer in zip(UNSUR, response):
            if answer is None:
                continue
            if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 4:
                raise SKMError(f"Responden ke-{number}, {unsur.kode}: {answer!r} bukan jawaban 1–4.")
        checked.append(response)
    return checked


def nilai_rata_rata(responses: Iterable[Sequence[Jawaban]]) -> tuple[Fraction | None, ...]:
    """NRR per element, None for an element nobody answered (for showing what there is)."""
    checked = _checked(responses)
    result: list[Fraction | None] = []
    for index in range(JUMLAH_UNSUR):
        answers = [r[index] for r in checked if r[index] is not None]
        result.append(Fraction(sum(answers), len(answers)) if answers else None)
    return tuple(result)


def hitung(responses: Iterable[Sequence[Jawaban]]) -> Result:
    """The index of a set of responses: one sequence of nine answers (1–4, None = blank) per respondent.

    A response with no answer at all is not a respondent. An element no respondent answered makes the
    index impossible (the regulation's IKM weighs all nine elements at 1/9; leaving one out, or counting
    it as 0, would both give a number the regulation does not define), so it raises SKMError naming the
    element, as does a set with no respondent.
    """
    checked = [r for r in _checked(responses) if any(a is not None for a in r)]
    if not checked:
        raise SKMError("Tidak ada responden: tidak satu pun jawaban 1–4 diisi.")
    counts = tuple(sum(1 for r in checked if r[i] is not None) for i in range(JUMLAH_UNSUR))
    unanswered = [u for u, n in zip(UNSUR, counts) if n == 0]
    if unanswered:
        names = ", ".join(f"{u.kode} ({u.nama})" for u in unanswered)
        raise SKMError(f"Unsur {names} tidak dijawab satu responden pun. IKM menurut Permenpan RB 14/2017 "
                       f"memerlukan kesembilan unsur, jadi IKM tidak dihitung.")
    nrr = tuple(Fraction(sum(r[i] for r in checked if r[i] is not None), counts[i])  # type: ignore[misc]
                for i in range(JUMLAH_UNSUR))
    ikm = sum((value * BOBOT for value in nrr), Fraction(0))
    converted = ikm * KONVERSI
    grade = mutu(converted)
    return Result(
        responden=len(checked), jumlah_jawaban=counts, nrr=nrr, ikm=ikm, nilai_konversi=converted,
        nilai_dibulatkan=bulatkan(converted, 2), mutu=grade.huruf, kinerja=grade.kinerja,
    )


# Krejcie & Morgan (1970): s = X²·N·P(1−P) / (d²·(N−1) + X²·P(1−P)).
CHI_KUADRAT = Fraction("3.841")
PROPORSI = Fraction(1, 2)
GALAT = Fraction(5, 100)


def sample_size(population: int) -> int:
    """Krejcie–Morgan sample size for a population of N service users, rounded to the nearest (half up).

    N = 100 → 80, 1.000 → 278, 10.000 → 370, 1.000.000 → 384, the values of their published table.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError("population must be a whole number ≥ 0")
    if population == 0:
        return 0
    spread = CHI_KUADRAT * PROPORSI * (1 - PROPORSI)
    exact = spread * population / (GALAT ** 2 * (population - 1) + spread)
    return math.floor(exact + Fraction(1, 2))
