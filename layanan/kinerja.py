"""Published performance ("Kinerja Layanan"): the data file of a unit and the office's follow-up text.

Two files per unit in `standard/kinerja/`, committed like the standards:

* `<unit>.json` — anonymous aggregates per period (quarter, semester, year), written by a machine (the
  export from the case database): the SKM survey per unit and per service (answers per element and
  grade, with the index recomputed here by `layanan.skm.hitung` and refused when the file says
  otherwise), complaints by aspect and status, the share of cases handled within the standard's time
  and median response times. Every key is known (`extra="forbid"`) and no value is free text, so
  nothing personal — a name, an address, a comment — can be in it. Every period in it has ended before
  the day the file was written (`dibuat`): a running period, published twice, gives away the answers
  between the two files, so such a file is refused.
* `<unit>.tindak-lanjut.md` — written by staff by hand: what the office does about the elements
  that scored lowest, the regulation's "tindak lanjut". Markdown, because it is prose: a heading
  `# <periode>` (the label in the data file, e.g. 2026-T3), under it `## U3` (an element, optionally
  followed by its name) and the text in paragraphs. No indentation, no quoting.

`problems()` validates both against the catalog (errors name file, line and field, in Indonesian);
`layanan build` refuses to build when there are any.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from layanan import skm
from layanan.problems import Problem, StandardsInvalid
from layanan.yamlfile import YamlFileError, read_yaml

KINERJA_DIR = "kinerja"
DATA_SUFFIX = ".json"
FOLLOW_UP_SUFFIX = ".tindak-lanjut.md"
KODE_UNSUR = tuple(u.kode for u in skm.UNSUR)
NAMA_UNSUR = {u.kode: u.nama for u in skm.UNSUR}

# Complaint aspects and case statuses as the forms app records them (forms_app/forms/complaint.py ASPECTS,
# forms_app/lifecycle.py Status): this package has no Flask, so the keys are repeated here.
ASPEK = {
    "persyaratan": "Persyaratan",
    "prosedur": "Sistem, mekanisme, dan prosedur",
    "waktu": "Jangka waktu penyelesaian",
    "biaya": "Biaya/tarif",
    "produk": "Produk pelayanan",
    "pengaduan": "Penanganan pengaduan, saran, dan masukan",
    "perilaku": "Perilaku petugas",
    "sarana": "Sarana dan prasarana",
}
STATUS = {
    "diterima": "Diterima",
    "diverifikasi": "Diverifikasi",
    "diproses": "Sedang diproses",
    "menunggu_pemohon": "Menunggu keterangan pengadu",
    "selesai": "Selesai",
    "bukan_wewenang": "Bukan wewenang unit",
    "ditutup": "Ditutup",
}
JENIS_KASUS = {
    "konsultasi": "Permintaan konsultasi",
    "pengaduan": "Pengaduan, saran, atau apresiasi",
    "kunjungan": "Kunjungan langsung",
}
MEDIAN_LABEL = {
    "konsultasi": "sampai jawaban pertama",
    "pengaduan": "sampai tanggapan pertama",
    "kunjungan": "waktu tunggu sampai dilayani",
}

Aspek = Enum("Aspek", {key: key for key in ASPEK}, type=str)  # type: ignore[misc]
StatusKasus = Enum("StatusKasus", {key: key for key in STATUS}, type=str)  # type: ignore[misc]
JenisKasus = Literal["konsultasi", "pengaduan", "kunjungan"]
Cacah = Annotated[int, Field(ge=0, strict=True)]


class _Tertutup(BaseModel):
    """Every key known, nothing else accepted: the data file can hold only what is declared here."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Ketepatan(_Tertutup):
    selesai: Cacah = Field(description="Kasus yang selesai dalam periode.")
    tepat_waktu: Cacah = Field(description="Yang selesai dalam jangka waktu standar pelayanan.")

    @model_validator(mode="after")
    def _within(self) -> Ketepatan:
        if self.tepat_waktu > self.selesai:
            raise ValueError(f"tepat_waktu ({self.tepat_waktu}) lebih besar dari selesai ({self.selesai})")
        return self

    @property
    def persen(self) -> Decimal | None:
        return skm.bulatkan(Decimal(self.tepat_waktu * 100) / self.selesai, 1) if self.selesai else None


class SKM(_Tertutup):
    """One survey result: answers per element as counted, and the index as published."""

    responden: Cacah = Field(description="Responden dengan sedikitnya satu jawaban.")
    populasi: Cacah | None = Field(None, description="Pengguna layanan dalam periode (N untuk Krejcie–Morgan).")
    sampel_minimum: Cacah | None = Field(None, description="Ukuran sampel Krejcie–Morgan untuk populasi.")
    sebaran: dict[str, Annotated[list[Cacah], Field(min_length=4, max_length=4)]] = Field(
        description="Per unsur U1–U9: banyak jawaban 1, 2, 3, 4.")
    nrr: Annotated[list[Decimal], Field(min_length=9, max_length=9)] = Field(
        description="NRR per unsur, dibulatkan tiga desimal.")
    ikm: Decimal = Field(description="Σ NRR × 1/9, dibulatkan empat desimal.")
    nilai_konversi: Decimal = Field(description="IKM × 25, dibulatkan dua desimal.")
    mutu: Literal["A", "B", "C", "D"]
    kinerja: Literal["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]

    @model_validator(mode="after")
    def _as_the_regulation_computes(self) -> SKM:
        keys = list(self.sebaran)
        if keys != list(KODE_UNSUR):
            missing = [k for k in KODE_UNSUR if k not in self.sebaran]
            extra = [k for k in keys if k not in KODE_UNSUR]
            raise ValueError("sebaran harus memuat U1 … U9 berurutan"
                             + (f"; tidak ada: {', '.join(missing)}" if missing else "")
                             + (f"; tidak dikenal: {', '.join(extra)}" if extra else ""))
        counts = [sum(self.sebaran[k]) for k in KODE_UNSUR]
        if max(counts) > self.responden:
            raise ValueError(f"responden ({self.responden}) lebih sedikit dari jawaban satu unsur ({max(counts)})")
        if self.populasi is not None and self.sampel_minimum != skm.sample_size(self.populasi):
            raise ValueError(f"sampel_minimum untuk populasi {self.populasi} menurut Krejcie–Morgan adalah "
                             f"{skm.sample_size(self.populasi)}, bukan {self.sampel_minimum}")
        if self.populasi is None and self.sampel_minimum is not None:
            raise ValueError("sampel_minimum tanpa populasi — tulis populasi (pengguna layanan dalam periode)")
        result = self.hasil()
        expected = {
            "nrr": [skm.bulatkan(v, 3) for v in result.nrr], "ikm": skm.bulatkan(result.ikm, 4),
            "nilai_konversi": result.nilai_dibulatkan, "mutu": result.mutu, "kinerja": result.kinerja,
        }
        for name, value in expected.items():
            written = getattr(self, name)
            if written != value:
                shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
                raise ValueError(f"{name} tidak sesuai dengan sebaran jawaban: dihitung menurut Permenpan RB "
                                 f"14/2017 hasilnya {shown} — tulis ulang file ini dengan `layanan kinerja ekspor`")
        return self

    def hasil(self) -> skm.Result:
        """The index of these answers, by `layanan.skm.hitung` (raises SKMError as it does).

        NRR, IKM and the grade depend only on each element's answers, so the answers are laid out as
        rows (the k-th answer of every element in row k); the respondents are counted from the file."""
        columns = [[score for score, n in zip((1, 2, 3, 4), self.sebaran[k]) for _ in range(n)] for k in KODE_UNSUR]
        rows = [[column[i] if i < len(column) else None for column in columns]
                for i in range(max(len(c) for c in columns))]
        return skm.hitung(rows)

    @property
    def representatif(self) -> bool | None:
        return None if self.sampel_minimum is None else self.responden >= self.sampel_minimum

    def terendah(self, jumlah: int = 3) -> list[str]:
        """The element codes with the lowest NRR (ties in the regulation's order)."""
        order = sorted(range(len(KODE_UNSUR)), key=lambda i: (self.nrr[i], i))
        return [KODE_UNSUR[i] for i in order[:jumlah]]


BERMINIMUM = ("responden_di_bawah_minimum", "melindungi_kelompok_kecil")


class TanpaIndeks(_Tertutup):
    """Why a group that had respondents has no published index: fewer respondents than the export's
    minimum (their answers would be recognisable, so neither they nor their number are written); enough,
    but together with the other published results it would give away a group below the minimum by
    subtraction (`forms_app.performance_export.shielded_surveys`); or an element answered by no one (the
    regulation's IKM needs all nine)."""

    alasan: Literal["responden_di_bawah_minimum", "melindungi_kelompok_kecil", "unsur_tanpa_jawaban"]
    minimum_responden: Annotated[int, Field(ge=2, strict=True)] | None = Field(
        None, description="Minimum responden ekspor; hanya untuk responden_di_bawah_minimum dan "
                          "melindungi_kelompok_kecil.")

    @model_validator(mode="after")
    def _minimum_with_its_reason(self) -> TanpaIndeks:
        if self.alasan in BERMINIMUM and self.minimum_responden is None:
            raise ValueError(f"{self.alasan} memerlukan minimum_responden (minimum ekspor)")
        if self.alasan not in BERMINIMUM and self.minimum_responden is not None:
            raise ValueError(f"minimum_responden hanya untuk {' dan '.join(BERMINIMUM)}, bukan {self.alasan}")
        return self


class Kinerja(_Tertutup):
    """What a unit or one of its services achieved in a period, apart from complaints."""

    skm: SKM | None = Field(None, description="Survei kepuasan; null bila tidak ada indeks yang diterbitkan.")
    skm_tanpa_indeks: TanpaIndeks | None = Field(
        None, description="Ada responden tetapi indeks tidak diterbitkan, dan alasannya; tidak ada bila tanpa "
                          "responden.")
    tepat_waktu: dict[JenisKasus, Ketepatan] = Field(default_factory=dict)
    median_tanggapan_menit: dict[JenisKasus, Cacah | None] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _index_or_why_not(self) -> Kinerja:
        if self.skm is not None and self.skm_tanpa_indeks is not None:
            raise ValueError("skm dan skm_tanpa_indeks tidak boleh keduanya ada — indeks terbit atau tidak")
        return self

    def tanpa_skm(self, kelompok: str) -> str:
        """Why there is no index of this group (`kelompok`: "unit ini", "layanan ini"), for a page."""
        why = self.skm_tanpa_indeks
        if why is None:
            return "Belum ada responden survei dalam periode ini."
        if why.alasan == "responden_di_bawah_minimum":
            return (f"Ada responden survei dalam periode ini, tetapi kurang dari {why.minimum_responden} orang. "
                    f"Agar jawaban setiap responden tidak dapat dikenali, jumlah responden dan indeks kepuasan "
                    f"{kelompok} tidak dipublikasikan untuk periode ini.")
        if why.alasan == "melindungi_kelompok_kecil":
            return (f"Ada responden survei dalam periode ini, tetapi indeks kepuasan {kelompok} tidak "
                    f"dipublikasikan: bersama angka lain yang dipublikasikan, angkanya akan mengungkap jawaban "
                    f"kelompok responden lain yang kurang dari {why.minimum_responden} orang.")
        return ("Ada responden survei dalam periode ini, tetapi sedikitnya satu unsur tidak dijawab seorang pun. "
                "IKM menurut Permenpan RB 14/2017 memerlukan kesembilan unsur, jadi indeksnya tidak dihitung.")

    def tanpa_skm_singkat(self) -> str:
        """The same in a table cell of earlier periods."""
        why = self.skm_tanpa_indeks
        if why is None:
            return "belum ada responden survei"
        if why.alasan == "responden_di_bawah_minimum":
            return f"responden kurang dari {why.minimum_responden}; indeks tidak dipublikasikan"
        if why.alasan == "melindungi_kelompok_kecil":
            return "indeks tidak dipublikasikan untuk melindungi kelompok responden yang kecil"
        return "ada unsur yang tidak dijawab; IKM tidak dihitung"


class Pengaduan(_Tertutup):
    per_aspek: dict[Aspek, Cacah] = Field(default_factory=dict)  # type: ignore[valid-type]
    per_status: dict[StatusKasus, Cacah] = Field(default_factory=dict)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _same_total(self) -> Pengaduan:
        if sum(self.per_aspek.values()) != sum(self.per_status.values()):
            raise ValueError(f"jumlah per_aspek ({sum(self.per_aspek.values())}) tidak sama dengan jumlah "
                             f"per_status ({sum(self.per_status.values())}) — keduanya menghitung pengaduan "
                             "yang sama")
        return self

    @property
    def jumlah(self) -> int:
        return sum(self.per_aspek.values())


_LABEL = re.compile(r"(?P<tahun>\d{4})(?:-(?P<bagian>[TS])(?P<ke>\d))?")


class Periode(Kinerja):
    jenis: Literal["triwulan", "semester", "tahun"]
    label: str = Field(description="2026-T3 (triwulan), 2026-S2 (semester), 2026 (tahun).")
    mulai: dt.date
    sampai: dt.date
    pengaduan: Pengaduan = Field(default_factory=Pengaduan)
    layanan: dict[str, Kinerja] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _calendar(self) -> Periode:
        expected = period_bounds(self.jenis, self.label)
        if expected is None:
            example = {"triwulan": "2026-T3", "semester": "2026-S2", "tahun": "2026"}[self.jenis]
            raise ValueError(f"label '{self.label}' tidak cocok dengan jenis {self.jenis} — tulis misalnya {example}")
        if (self.mulai, self.sampai) != expected:
            raise ValueError(f"periode {self.label} berlangsung {expected[0].isoformat()} sampai "
                             f"{expected[1].isoformat()}; file menulis {self.mulai.isoformat()} sampai "
                             f"{self.sampai.isoformat()}")
        handled = self.tepat_waktu.get("pengaduan")
        if handled is not None and handled.selesai > self.pengaduan.jumlah:
            raise ValueError(f"tepat_waktu.pengaduan.selesai ({handled.selesai}) lebih besar dari jumlah "
                             f"pengaduan ({self.pengaduan.jumlah})")
        return self

    @property
    def nama(self) -> str:
        if self.jenis == "tahun":
            return f"Tahun {self.label}"
        year, part = self.label.split("-")
        roman = ("I", "II", "III", "IV")[int(part[1]) - 1]
        return f"{'Triwulan' if self.jenis == 'triwulan' else 'Semester'} {roman} {year}"


def period_bounds(jenis: str, label: str) -> tuple[dt.date, dt.date] | None:
    match = _LABEL.fullmatch(label)
    if match is None:
        return None
    year = int(match["tahun"])
    part, number = match["bagian"], int(match["ke"] or 0)
    if jenis == "tahun" and part is None:
        first, last = 1, 12
    elif jenis == "triwulan" and part == "T" and 1 <= number <= 4:
        first, last = 3 * number - 2, 3 * number
    elif jenis == "semester" and part == "S" and 1 <= number <= 2:
        first, last = 6 * number - 5, 6 * number
    else:
        return None
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


class DataKinerja(_Tertutup):
    """`standard/kinerja/<unit>.json`."""

    unit: str
    dibuat: dt.date = Field(description="Tanggal file ini ditulis oleh ekspor.")
    periode: list[Periode]

    @model_validator(mode="after")
    def _unique(self) -> DataKinerja:
        seen = set()
        for one in self.periode:
            if one.label in seen:
                raise ValueError(f"periode {one.label} ditulis dua kali")
            seen.add(one.label)
        return self

    @model_validator(mode="after")
    def _ended(self) -> DataKinerja:
        """Only ended periods are published: a running one, exported again later, gives away by difference
        the answers in between (forms_app.performance_export)."""
        running = [one.label for one in self.periode if one.sampai >= self.dibuat]
        if running:
            raise ValueError(f"periode {', '.join(running)} belum berakhir pada tanggal file ini dibuat "
                             f"({self.dibuat.isoformat()}) — periode berjalan tidak dipublikasikan (dua ekspor "
                             "yang dibandingkan mengungkap jawaban responden di antaranya); jalankan "
                             "`layanan kinerja ekspor` lagi, yang hanya menulis periode yang sudah berakhir")
        return self

    def terbaru_dulu(self) -> list[Periode]:
        order = {"tahun": 0, "semester": 1, "triwulan": 2}
        return sorted(self.periode, key=lambda p: (p.sampai, -order[p.jenis], p.mulai), reverse=True)


@dataclass(frozen=True)
class TindakLanjut:
    """The office's follow-up text: period label → element code → paragraphs."""

    path: Path | None = None
    teks: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def untuk(self, label: str, kode: str) -> tuple[str, ...]:
        return self.teks.get(label, {}).get(kode, ())


@dataclass(frozen=True)
class UnitKinerja:
    unit_id: str
    data: DataKinerja
    tindak_lanjut: TindakLanjut


# ---------------------------------------------------------------- files


def folder(standard: Path) -> Path:
    return standard / KINERJA_DIR


def data_path(standard: Path, unit_id: str) -> Path:
    return folder(standard) / f"{unit_id}{DATA_SUFFIX}"


def follow_up_path(standard: Path, unit_id: str) -> Path:
    return folder(standard) / f"{unit_id}{FOLLOW_UP_SUFFIX}"


def units_with_data(catalog: Any) -> list[str]:
    """The units (in force or announced) that have a data file, in the catalog's order."""
    return [u for u in [*catalog.units, *catalog.announced_units] if data_path(catalog.root, u).is_file()]


def has_data(catalog: Any, unit_id: str, service_id: str | None = None) -> bool:
    """Whether a unit (or one of its services) has published performance: its pages link it only then."""
    if not data_path(catalog.root, unit_id).is_file():
        return False
    if service_id is None:
        return True
    return any(service_id in p.layanan for p in cached(catalog.root, unit_id).data.periode)


def link_digest(catalog: Any, unit_id: str) -> str:
    """What decides whether a unit's and its services' pages link a performance page: the data file."""
    path = data_path(catalog.root, unit_id)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def input_digest(catalog: Any, unit_id: str) -> str:
    """A hash of the bytes the unit's performance pages are rendered from (with the service names)."""
    digest = hashlib.sha256()
    for path in (data_path(catalog.root, unit_id), follow_up_path(catalog.root, unit_id)):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    for service in [*catalog.services_of(unit_id), *catalog.announced_services_of(unit_id)]:
        digest.update(f"{service.id}:{service.layanan.nama}".encode())
    entry = catalog.units.get(unit_id) or catalog.announced_units.get(unit_id)
    if entry is not None:
        digest.update(f"{entry.unit.nama}:{entry.unit.singkatan}".encode())
    return digest.hexdigest()


def read(standard: Path, unit_id: str) -> UnitKinerja:
    """A unit's validated files; raises StandardsInvalid naming what is wrong."""
    found, problems = _read(data_path(standard, unit_id))
    if found is None or problems:
        raise StandardsInvalid(problems)
    follow_up, problems = _read_follow_up(follow_up_path(standard, unit_id), found)
    if problems:
        raise StandardsInvalid(problems)
    return UnitKinerja(unit_id, found, follow_up)


def problems(catalog: Any) -> list[Problem]:
    """Every problem of standard/kinerja/ against the catalog (no files, no problems)."""
    root = folder(catalog.root)
    if not root.is_dir():
        return []
    units = {*catalog.units, *catalog.announced_units}
    found: list[Problem] = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.name.endswith(FOLLOW_UP_SUFFIX):
            unit_id = path.name.removesuffix(FOLLOW_UP_SUFFIX)
            if not data_path(catalog.root, unit_id).is_file():
                found.append(Problem(path, None, None,
                                     f"tidak ada data kinerja {unit_id}{DATA_SUFFIX} di samping file ini — tindak "
                                     "lanjut ditulis untuk periode yang datanya sudah diekspor"))
            continue
        if not path.name.endswith(DATA_SUFFIX):
            found.append(Problem(path, None, None,
                                 f"file ini tidak dibaca — di standard/{KINERJA_DIR}/ hanya <unit>{DATA_SUFFIX} "
                                 f"(ditulis `layanan kinerja ekspor`) dan <unit>{FOLLOW_UP_SUFFIX} (tindak lanjut)"))
            continue
        unit_id = path.name.removesuffix(DATA_SUFFIX)
        if unit_id not in units:
            known = ", ".join(sorted(units)) or "belum ada"
            found.append(Problem(path, None, None,
                                 f"unit '{unit_id}' tidak ada di standard/unit/ — nama file adalah id unit "
                                 f"(unit yang ada: {known})"))
            continue
        data, file_problems = _read(path)
        found.extend(file_problems)
        if data is None or file_problems:
            continue
        services = {s.id for s in [*catalog.services_of(unit_id), *catalog.announced_services_of(unit_id)]}
        lines = _lines(path)
        for index, one in enumerate(data.periode):
            for service_id in one.layanan:
                if service_id not in services:
                    location = ("periode", index, "layanan", service_id)
                    found.append(Problem(
                        path, lines.get(location), f"periode[{index + 1}].layanan.{service_id}",
                        f"unit '{unit_id}' tidak punya layanan '{service_id}' — layanan yang ada: "
                        f"{', '.join(sorted(services)) or 'belum ada'}"))
        found.extend(_read_follow_up(follow_up_path(catalog.root, unit_id), data)[1])
    return found


def check_or_raise(catalog: Any) -> None:
    """For `layanan build`: refuse to render when standard/kinerja/ has problems."""
    found = problems(catalog)
    if found:
        raise StandardsInvalid(found)


def _read(path: Path) -> tuple[DataKinerja | None, list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(path, None, None, "file bukan teks UTF-8 — tulis ulang dengan `layanan kinerja ekspor`")]
    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        return None, [Problem(path, exc.lineno, None,
                              f"JSON tidak sah (kolom {exc.colno}: {exc.msg}) — tulis ulang dengan "
                              "`layanan kinerja ekspor`")]
    except _Duplicate as exc:
        return None, [Problem(path, None, None, f"kunci '{exc.args[0]}' ditulis dua kali — hapus salah satunya")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, None, "isi file harus berupa objek JSON {\"unit\": …, \"periode\": […]}")]
    try:
        model = DataKinerja.model_validate(data)
    except ValidationError as exc:
        lines = _lines(path)
        return None, [_problem(path, error, lines) for error in exc.errors(include_url=False)]
    if model.unit != path.name.removesuffix(DATA_SUFFIX):
        return None, [Problem(path, _lines(path).get(("unit",)), "unit",
                              f"file ini untuk unit '{path.name.removesuffix(DATA_SUFFIX)}' tetapi menulis "
                              f"'{model.unit}' — nama file dan isi harus sama")]
    return model, []


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _lines(path: Path) -> dict[tuple[Any, ...], int]:
    """Where each value starts: JSON is YAML, so our YAML reader knows (empty when it cannot tell)."""
    try:
        return dict(read_yaml(path).lines)
    except (YamlFileError, OSError):
        return {}


_MESSAGES = {
    "extra_forbidden": "kunci ini tidak dikenal — data kinerja hanya memuat angka agregat yang didefinisikan; "
                       "data pribadi (nama, kontak, komentar) tidak boleh ada di sini",
    "missing": "wajib ada",
    "int_type": "harus bilangan bulat",
    "greater_than_equal": "tidak boleh negatif",
    "literal_error": "nilai tidak dikenal",
    "enum": "nilai tidak dikenal",
    "date_from_datetime_parsing": "harus tanggal TTTT-BB-HH",
    "date_parsing": "harus tanggal TTTT-BB-HH",
    "date_type": "harus tanggal TTTT-BB-HH",
    "too_short": "terlalu sedikit butir",
    "too_long": "terlalu banyak butir",
    "decimal_type": "harus angka",
    "decimal_parsing": "harus angka",
    "list_type": "harus daftar […]",
    "dict_type": "harus objek {…}",
    "model_type": "harus objek {…}",
    "string_type": "harus teks",
}


_UNION_TAGS = ("int", "none", "Ketepatan", "SKM", "TanpaIndeks")  # pydantic's names of a union's members


def _problem(path: Path, error: dict[str, Any], lines: dict[tuple[Any, ...], int]) -> Problem:
    location = tuple(part for part in error["loc"] if part not in ("[key]",) and not (
        isinstance(part, str) and (part.startswith("function-") or part in _UNION_TAGS)))
    kind = error["type"]
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        message = _MESSAGES.get(kind, error["msg"])
        if kind in ("literal_error", "enum") and error.get("ctx", {}).get("expected"):
            message += f" — pilih salah satu: {error['ctx']['expected']}"
        if kind not in ("missing", "extra_forbidden"):
            message += f"; tertulis {json.dumps(error.get('input'), ensure_ascii=False, default=str)}"
    line = None
    probe = location
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    label = ""
    for part in location:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return Problem(path, line, label or None, message)


# ---------------------------------------------------------------- follow-up text

_HEADING_PERIOD = re.compile(r"#\s+(?P<label>\S+)\s*")
_HEADING_ELEMENT = re.compile(r"##\s+(?P<kode>U\d+)\b.*")


def _read_follow_up(path: Path, data: DataKinerja) -> tuple[TindakLanjut, list[Problem]]:
    if not path.is_file():
        return TindakLanjut(), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return TindakLanjut(), [Problem(path, None, None, "file bukan teks UTF-8 — simpan ulang sebagai UTF-8")]
    labels = {p.label for p in data.periode}
    problems: list[Problem] = []
    teks: dict[str, dict[str, list[str]]] = {}
    label: str | None = None
    kode: str | None = None
    skip = False  # after a heading in error, its text is not reported again
    where: dict[tuple[str, str], int] = {}

    def problem(number: int, message: str) -> None:
        nonlocal skip, kode
        problems.append(Problem(path, number, None, message))
        skip, kode = True, None

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if match := _HEADING_PERIOD.fullmatch(stripped):
            label, kode, skip = match["label"], None, False
            if label not in labels:
                problem(number, f"periode '{label}' tidak ada di {data.unit}{DATA_SUFFIX} — periode yang ada: "
                                f"{', '.join(p.label for p in data.terbaru_dulu())}")
                label = None
            continue
        if match := _HEADING_ELEMENT.fullmatch(stripped):
            if label is None:
                if not skip:
                    problem(number, "unsur ditulis di bawah judul periode — tulis dulu '# <periode>', "
                                    "misalnya '# 2026-T3'")
                continue
            kode, skip = match["kode"], False
            if kode not in KODE_UNSUR:
                problem(number, f"unsur '{kode}' tidak dikenal — tulis U1 sampai U9")
            elif (label, kode) in where:
                problem(number, f"{kode} untuk periode {label} sudah ditulis di baris {where[(label, kode)]} "
                                "— gabungkan keduanya")
            else:
                where[(label, kode)] = number
                teks.setdefault(label, {})[kode] = []
            continue
        if stripped.startswith("#"):
            problem(number, "judul tidak dikenal — '# <periode>' (misalnya '# 2026-T3') atau '## U1' … '## U9'")
            continue
        if not stripped:
            if label is not None and kode is not None and teks[label][kode] and teks[label][kode][-1]:
                teks[label][kode].append("")
            continue
        if label is None or kode is None:
            if not skip:
                problem(number, "teks di luar unsur — tulis teks tindak lanjut di bawah '## U<nomor>' "
                                "dalam '# <periode>'")
            continue
        paragraphs = teks[label][kode]
        if paragraphs and paragraphs[-1]:
            paragraphs[-1] += " " + stripped
        else:
            if paragraphs:
                paragraphs.pop()
            paragraphs.append(stripped)
    result = {label: {kode: tuple(p for p in paragraphs if p) for kode, paragraphs in by_element.items()}
              for label, by_element in teks.items()}
    for (label, kode), number in where.items():
        if not result[label][kode]:
            problems.append(Problem(path, number, None, f"{kode} untuk periode {label} belum berisi teks"))
    return TindakLanjut(path, result), problems


@lru_cache(maxsize=64)
def _cached(standard: str, unit_id: str, stamp: str) -> UnitKinerja:
    return read(Path(standard), unit_id)


def cached(standard: Path, unit_id: str) -> UnitKinerja:
    """`read`, once per content of the files (templates ask for it on several pages)."""
    stamp = "".join(hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "-"
                    for p in (data_path(standard, unit_id), follow_up_path(standard, unit_id)))
    return _cached(str(standard), unit_id, stamp)


# ---------------------------------------------------------------- pages

PAGE = "kinerja"


def unit_page(unit_id: str) -> str:
    return f"{unit_id}/{PAGE}.md"


def service_page(unit_id: str, service_id: str) -> str:
    return f"{unit_id}/{service_id}/{PAGE}.md"


def angka(value: Decimal | int, places: int = 0) -> str:
    """'3,250', '88,31', '1.234': Indonesian separators, a fixed number of decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(Decimal(value), format=pattern, locale="id_ID", decimal_quantization=True)


def lama(menit: int) -> str:
    """A median duration in words: '45 menit', '2 jam 15 menit', '3 hari 4 jam'."""
    days, rest = divmod(menit, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} hari" + (f" {hours} jam" if hours else "")
    if hours:
        return f"{hours} jam" + (f" {minutes} menit" if minutes else "")
    return f"{minutes} menit"


@dataclass(frozen=True)
class Baris:
    """One row of a table the page shows beside a chart."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class Diperbaiki:
    kode: str
    nama: str
    nrr: str
    tindak_lanjut: tuple[str, ...]


@dataclass(frozen=True)
class TampilanSKM:
    ikm: str
    nilai: str
    mutu: str
    kinerja: str
    responden: str
    sampel_minimum: str | None
    populasi: str | None
    representatif: bool | None
    grafik: Any  # Markup: the SVG figure
    tabel: tuple[Baris, ...]
    diperbaiki: tuple[Diperbaiki, ...]
    lainnya: tuple[Diperbaiki, ...]  # follow-up the office wrote for other elements


@dataclass(frozen=True)
class TampilanPeriode:
    periode: Periode
    nama: str
    skm: TampilanSKM | None
    tepat_waktu: tuple[Baris, ...]
    tanpa_skm: str  # why there is no index, when skm is None
    grafik_tepat_waktu: Any  # Markup or ""
    median: tuple[Baris, ...]
    aspek: tuple[Baris, ...]
    status: tuple[Baris, ...]
    jumlah_pengaduan: int


def _skm_view(result: SKM, ident: str, title: str, follow_up: TindakLanjut | None, label: str) -> TampilanSKM:
    from markupsafe import Markup

    from layanan import charts

    counts = [sum(result.sebaran[k]) for k in KODE_UNSUR]
    bars = [charts.Bar(f"{k} {NAMA_UNSUR[k]}", value, angka(value, 3)) for k, value in zip(KODE_UNSUR, result.nrr)]
    ticks = [(Decimal(v), str(v)) for v in (1, 2, 3, 4)]
    svg = charts.bar_chart(ident, title, bars, Decimal(1), Decimal(4), ticks)
    caption = "NRR per unsur, skala 1–4. Angkanya ada di tabel di bawah grafik."
    return TampilanSKM(
        ikm=angka(result.ikm, 4), nilai=angka(result.nilai_konversi, 2), mutu=result.mutu, kinerja=result.kinerja,
        responden=angka(result.responden),
        sampel_minimum=None if result.sampel_minimum is None else angka(result.sampel_minimum),
        populasi=None if result.populasi is None else angka(result.populasi),
        representatif=result.representatif,
        grafik=Markup(charts.figure(svg, caption)),
        tabel=tuple(Baris((f"{k} {NAMA_UNSUR[k]}", f"{angka(v, 3)} dari {angka(n)} jawaban"))
                    for k, v, n in zip(KODE_UNSUR, result.nrr, counts)),
        diperbaiki=tuple(
            Diperbaiki(k, NAMA_UNSUR[k], angka(result.nrr[KODE_UNSUR.index(k)], 3),
                       follow_up.untuk(label, k) if follow_up else ())
            for k in result.terendah()),
        lainnya=tuple(
            Diperbaiki(k, NAMA_UNSUR[k], angka(result.nrr[KODE_UNSUR.index(k)], 3), follow_up.untuk(label, k))
            for k in KODE_UNSUR if follow_up and k not in result.terendah() and follow_up.untuk(label, k)),
    )


def _timeliness(block: Kinerja, ident: str, title: str) -> tuple[tuple[Baris, ...], Any, tuple[Baris, ...]]:
    from markupsafe import Markup

    from layanan import charts

    rows, bars = [], []
    for jenis, label in JENIS_KASUS.items():
        counted = block.tepat_waktu.get(jenis)
        if counted is None:
            continue
        share = counted.persen
        shown = "—" if share is None else f"{angka(share, 1)} %"
        rows.append(Baris((label, f"{angka(counted.tepat_waktu)} dari {angka(counted.selesai)} selesai"
                                  + ("" if share is None else f" ({shown})"))))
        bars.append(charts.Bar(label, share, shown))
    chart = ""
    if bars:
        ticks = [(Decimal(v), f"{v} %") for v in (0, 50, 100)]
        chart = Markup(charts.figure(charts.bar_chart(ident, title, bars, Decimal(0), Decimal(100), ticks),
                                     "Bagian yang selesai dalam jangka waktu standar pelayanan. Angkanya ada di "
                                     "tabel di bawah grafik."))
    medians = tuple(Baris((f"{JENIS_KASUS[j]}: {MEDIAN_LABEL[j]}", "—" if m is None else lama(m)))
                    for j, m in block.median_tanggapan_menit.items())
    return tuple(rows), chart, medians


def _period_view(one: Periode, block: Kinerja, prefix: str, follow_up: TindakLanjut | None,
                 kelompok: str) -> TampilanPeriode:
    ident = f"{prefix}-{one.label}".lower()
    result = block.skm
    tables = _timeliness(block, f"{ident}-tepat", f"Bagian yang selesai tepat waktu, {one.nama}")
    aspects = tuple(Baris((ASPEK[a.value], angka(n))) for a, n in one.pengaduan.per_aspek.items()) \
        if block is one else ()
    statuses = tuple(Baris((STATUS[s.value], angka(n))) for s, n in one.pengaduan.per_status.items()) \
        if block is one else ()
    return TampilanPeriode(
        periode=one, nama=one.nama,
        skm=None if result is None else _skm_view(result, f"{ident}-nrr", f"NRR per unsur, {one.nama}",
                                                  follow_up, one.label),
        tanpa_skm=block.tanpa_skm(kelompok),
        tepat_waktu=tables[0], grafik_tepat_waktu=tables[1], median=tables[2],
        aspek=aspects, status=statuses, jumlah_pengaduan=one.pengaduan.jumlah if block is one else 0,
    )


def _summary(one: Periode, block: Kinerja) -> Baris:
    result = block.skm
    if result is None:
        return Baris((one.nama, block.tanpa_skm_singkat()))
    return Baris((one.nama, f"mutu {result.mutu} ({result.kinerja}), nilai {angka(result.nilai_konversi, 2)}, "
                            f"IKM {angka(result.ikm, 4)}, {angka(result.responden)} responden"))


def _public_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=_number) + "\n"


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def render_pages(env: Any, catalog: Any, unit_id: str) -> dict[str, str]:
    """The unit's performance page and one per service with data, each with its JSON (render.py's part)."""
    from markupsafe import Markup

    from layanan.navigation import breadcrumb
    from layanan.render import BANNER, front_matter

    found = cached(catalog.root, unit_id)
    entry = catalog.units.get(unit_id) or catalog.announced_units[unit_id]
    unit = entry.unit
    names = {s.id: s.layanan.nama for s in [*catalog.services_of(unit_id), *catalog.announced_services_of(unit_id)]}
    periods = found.data.terbaru_dulu()
    source = f"{catalog.root.name}/{KINERJA_DIR}/{unit_id}{DATA_SUFFIX}"
    banner = Markup(BANNER.format(source=source))
    common = {"unit": unit, "unit_id": unit_id, "breadcrumb": breadcrumb(entry), "banner": banner,
              "dibuat": found.data.dibuat, "ASPEK": ASPEK}
    services = [(service_id, names[service_id]) for service_id in sorted(names)
                if any(service_id in p.layanan for p in periods)]
    out = {unit_page(unit_id): env.get_template("kinerja_unit.md.j2").render(
        front_matter=front_matter(f"Kinerja Layanan: {unit.nama}"),
        terbaru=_period_view(periods[0], periods[0], f"unit-{unit_id}", found.tindak_lanjut, "unit ini"),
        sebelumnya=[_summary(p, p) for p in periods[1:]],
        layanan=services, **common)}
    raw = json.loads(data_path(catalog.root, unit_id).read_text(encoding="utf-8-sig"), parse_float=Decimal)
    out[f"{unit_id}/{PAGE}.json"] = _public_json(raw)
    for service_id, name in services:
        with_service = [p for p in periods if service_id in p.layanan]
        latest = with_service[0]
        out[service_page(unit_id, service_id)] = env.get_template("kinerja_layanan.md.j2").render(
            front_matter=front_matter(f"Kinerja Layanan: {name}"),
            service_id=service_id, nama_layanan=name,
            terbaru=_period_view(latest, latest.layanan[service_id], f"layanan-{service_id}", None,
                                 "layanan ini"),
            sebelumnya=[_summary(p, p.layanan[service_id]) for p in with_service[1:]],
            **common)
        out[f"{unit_id}/{service_id}/{PAGE}.json"] = _public_json({
            "unit": raw["unit"], "layanan": service_id, "dibuat": raw["dibuat"],
            "periode": [{**{k: p[k] for k in ("jenis", "label", "mulai", "sampai")}, **p["layanan"][service_id]}
                        for p in raw["periode"] if service_id in p.get("layanan", {})],
        })
    return out
