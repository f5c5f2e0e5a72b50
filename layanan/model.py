"""The typed model of a service standard (Standar Pelayanan).

One file per unit (`standard/unit/<id>.yaml`, model `Unit`) and one per
service (`standard/layanan/**/<id>.yaml`, model `Layanan`). Field names are the
Indonesian terms of UU 25/2009 and Permenpan RB 15/2014, so that the files
read like the standard they encode.

A value the office has not published is written as
``{tidak_diketahui: "<why>"}`` instead of being left out or guessed: the
site then says it is not published, and ``layanan check`` warns about it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Union

from email_validator import EmailNotValidError, validate_email
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from layanan.durasi import Durasi
from layanan.hari import DAY_NAMES, parse_days
from layanan.yamlfile import SourceFloat


def Info(description: str, example: Any = None, **kwargs: Any) -> Any:  # noqa: N802 - reads like Field
    """A field's meaning and an example of what to write: shown in messages and the field reference."""
    if example is not None:
        kwargs["examples"] = [example]
    return Field(description=description, **kwargs)


class Model(BaseModel):
    """Base: unknown keys are errors, text is trimmed, instances are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        use_enum_values=False,
    )


Teks = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
DaftarTeks = Annotated[list[Teks], Field(min_length=1)]


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError(f"'{value}' memuat tanda < atau > — nama ini menjadi judul halaman dan menu situs; "
                         "tulis tanpa tanda itu (misalnya 'kurang dari')")
    return value


Nama = Annotated[Teks, AfterValidator(_no_markup)]
"""A name that the site shows as a page's title and in its menus: text only, no markup signs."""


class TidakDiketahui(Model):
    """A component or value the office has not (yet) published."""

    tidak_diketahui: Teks = Info(
        "Mengapa nilai ini belum diketahui; halaman menulis 'belum dipublikasikan' beserta alasan ini.",
        "tidak tercantum pada standar yang dipublikasikan",
    )


def _known_or_unknown(value: Any) -> str:
    if isinstance(value, TidakDiketahui):
        return "tidak_diketahui"
    if isinstance(value, dict) and "tidak_diketahui" in value:
        return "tidak_diketahui"
    return "diketahui"


def BolehTidakDiketahui(tp: Any) -> Any:  # noqa: N802 - reads like a type
    """`tp`, or ``{tidak_diketahui: ...}`` when the office has not published it."""
    return Annotated[
        Union[
            Annotated[tp, Tag("diketahui")],
            Annotated[TidakDiketahui, Tag("tidak_diketahui")],
        ],
        Discriminator(_known_or_unknown),
    ]


UNION_TAGS = {"diketahui", "tidak_diketahui"}


class Saluran(str, Enum):
    """Channels through which a service is delivered."""

    kunjungan_langsung = "kunjungan_langsung"
    online = "online"
    telepon = "telepon"
    surat = "surat"

    @property
    def label(self) -> str:
        return {
            "kunjungan_langsung": "Kunjungan langsung",
            "online": "Online",
            "telepon": "Telepon",
            "surat": "Surat",
        }[self.value]


class JenisSaluranPengaduan(str, Enum):
    """Kinds of complaint channel (UU 25/2009 Pasal 36)."""

    kotak_saran = "kotak_saran"
    email = "email"
    telepon = "telepon"
    formulir_web = "formulir_web"
    sp4n_lapor = "sp4n_lapor"
    surat = "surat"
    tatap_muka = "tatap_muka"

    @property
    def label(self) -> str:
        return {
            "kotak_saran": "Kotak saran dan pengaduan",
            "email": "Email",
            "telepon": "Telepon",
            "formulir_web": "Formulir web",
            "sp4n_lapor": "SP4N-LAPOR!",
            "surat": "Surat",
            "tatap_muka": "Tatap muka",
        }[self.value]

    @property
    def needs_address(self) -> bool:
        return self not in (JenisSaluranPengaduan.kotak_saran, JenisSaluranPengaduan.tatap_muka)


_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")
_PHONE = re.compile(r"\+?[0-9 ()\-]{6,}")


def _is_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _one_address_only(addresses: list[str]) -> ValueError:
    return ValueError(
        f"tertulis {len(addresses)} alamat email ({', '.join(addresses)}); di sini hanya satu alamat yang "
        f"dipublikasikan — simpan alamat yang dibaca warga, misalnya '{addresses[0]}', dan hapus yang lain"
    )


def _check_email(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) and _is_email(v) for v in value):
        raise _one_address_only(value)
    if not isinstance(value, str):
        return value
    parts = [part for part in re.split(r"[,;\s]+", value.strip()) if part]
    if len(parts) > 1 and all(_is_email(part) for part in parts):
        raise _one_address_only(parts)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        hint = " (ada koma: mungkin maksudnya titik)" if "," in value else ""
        raise ValueError(
            f"'{value}' bukan alamat email yang sah{hint} — tulis misalnya 'pst6407@bps.go.id'"
        ) from None
    return value


def _check_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise ValueError(
            f"'{value}' bukan alamat web lengkap — tulis dengan awalan, misalnya 'https://kubarkab.bps.go.id'"
        )
    return value


def _check_phone(value: Any) -> Any:
    if isinstance(value, int):
        raise ValueError(
            f"nomor telepon {value} ditulis sebagai angka — apit dengan tanda kutip dan sertakan "
            "kode wilayah, misalnya \"(0545) 4046036\""
        )
    if isinstance(value, str) and not _PHONE.fullmatch(value.strip()):
        raise ValueError(
            f"'{value}' bukan nomor telepon — tulis dengan kode wilayah, misalnya '(0545) 4046036'"
        )
    return value


def _check_postal_code(value: Any) -> Any:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(text, str) and not re.fullmatch(r"[0-9]{5}", text.strip()):
        raise ValueError(f"kode pos '{text}' harus lima angka, misalnya '75776'")
    return text


Email = Annotated[Teks, BeforeValidator(_check_email)]
Url = Annotated[Teks, BeforeValidator(lambda v: _check_url(v) if isinstance(v, str) else v)]
Telepon = Annotated[Teks, BeforeValidator(_check_phone)]
KodePos = Annotated[Teks, BeforeValidator(_check_postal_code)]
_JAM = re.compile(r"([01]?[0-9]|2[0-3])([.:])([0-5][0-9])")


def _read_jam(value: Any) -> Any:
    """A time as HH.MM (08.00), from 08.00, 8.00, 8:00 or 08:00 (YAML reads a bare 08.00 as the
    number 8.0; we read its source text)."""
    if isinstance(value, SourceFloat):
        value = value.source
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{value} bukan jam — tulis JJ.MM, misalnya 08.00 atau 15.30")
    if isinstance(value, str):
        match = _JAM.fullmatch(value.strip())
        if match is None:
            raise ValueError(
                f"'{value}' bukan jam — tulis jam dan menit dengan dua angka, JJ.MM, misalnya 08.00 atau 15.30"
            )
        return f"{int(match[1]):02d}.{match[3]}"  # the Indonesian form, whatever was written
    return value


Jam = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3])[.:][0-5][0-9]$"),
    BeforeValidator(_read_jam),
]


# --- the unit (office) ------------------------------------------------------


class Alamat(Model):
    jalan: Teks = Info("Nama jalan, nomor, dan gedung atau kompleks.", "Jl. Sendawar Raya No. 4")
    kabupaten_kota: Teks = Info("Kabupaten atau kota.", "Kabupaten Kutai Barat")
    provinsi: Teks = Info("Provinsi.", "Kalimantan Timur")
    kode_pos: KodePos = Info("Kode pos, lima angka, diapit tanda kutip.", "75776")


def _check_days(value: Any) -> Any:
    if isinstance(value, str) and parse_days(value) is None:
        raise ValueError(
            f"'{value}' tidak dapat dibaca sebagai hari — tulis nama hari, misalnya 'Senin–Kamis', "
            "'Senin s.d. Jumat', 'Senin, Rabu, Jumat', atau 'Sabtu' (jatuh tempo dihitung dari jam layanan)"
        )
    return value


Hari = Annotated[Teks, AfterValidator(_check_days)]


class JamLayanan(Model):
    hari: Hari = Info("Hari-hari dengan jam yang sama.", "Senin–Kamis")
    buka: Jam = Info("Jam buka, JJ.MM, pada zona waktu unit.", "08.00")
    tutup: Jam = Info("Jam tutup, JJ.MM, pada zona waktu unit.", "15.30")

    @model_validator(mode="after")
    def _closes_after_opening(self) -> JamLayanan:
        if self.tutup.replace(":", ".") <= self.buka.replace(":", "."):
            raise ValueError(f"jam tutup {self.tutup} harus sesudah jam buka {self.buka} pada hari yang sama")
        return self


def _hhmm(clock: str) -> str:
    return clock.replace(":", ".")


def _no_overlaps(hours: list[JamLayanan]) -> list[JamLayanan]:
    """A day's periods must not overlap: due times would count the overlap twice."""
    seen: dict[int, list[JamLayanan]] = {}
    for entry in hours:
        for day in sorted(parse_days(entry.hari) or ()):
            for other in seen.get(day, []):
                if _hhmm(entry.buka) < _hhmm(other.tutup) and _hhmm(other.buka) < _hhmm(entry.tutup):
                    raise ValueError(
                        f"hari {DAY_NAMES[day].capitalize()} punya jam yang tumpang tindih: "
                        f"'{other.hari} {other.buka}–{other.tutup}' dan '{entry.hari} {entry.buka}–{entry.tutup}' "
                        "— tulis setiap hari sekali dengan jam yang tidak bertumpuk, misalnya "
                        "'Senin–Kamis 08.00–16.00' dan 'Jumat 08.00–11.30', 'Jumat 13.30–16.00'"
                    )
            seen.setdefault(day, []).append(entry)
    return hours


class Penandatangan(Model):
    nama: Teks = Info("Nama penandatangan.", "Nama Kepala")
    jabatan: Teks = Info("Jabatan penandatangan.", "Kepala BPS Kabupaten Kutai Barat")


class Maklumat(Model):
    """Maklumat Pelayanan: the unit's signed public declaration (UU 25/2009 Pasal 15)."""

    teks: Teks = Info("Teks maklumat; paragraf dipisahkan baris kosong.",
                      "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan.")
    penandatangan: BolehTidakDiketahui(Penandatangan) = Info("Siapa yang menandatangani maklumat.")
    tanggal: BolehTidakDiketahui(dt.date) = Info("Tanggal maklumat, TTTT-BB-HH.", "2024-01-02")


class PengelolaPengaduan(Model):
    """Who handles complaints, with an address (UU 25/2009 Pasal 36)."""

    nama: Teks = Info("Nama petugas atau bagian pengelola pengaduan.", "Petugas Pengaduan PST")
    alamat: Teks = Info("Alamat tempat pengaduan diterima.", "Ruang PST, Jl. Sendawar Raya No. 4")


class TahapPengaduan(Model):
    tahap: Teks = Info("Nama tahap penanganan pengaduan.", "Verifikasi pengaduan")
    waktu: Durasi = Info("Jangka waktu tahap ini: angka dan satuan (menit, jam, hari, hari kerja).",
                         "3 hari kerja")


class ZonaWaktu(str, Enum):
    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def utc_offset_hours(self) -> int:
        return {"WIB": 7, "WITA": 8, "WIT": 9}[self.value]


class SK(Model):
    """The decree (Surat Keputusan) that adopted the standard."""

    nomor: BolehTidakDiketahui(Teks) = Info("Nomor SK penetapan standar.", "B-123/64070/HK.020/2024")
    tanggal: BolehTidakDiketahui(dt.date) = Info("Tanggal SK, TTTT-BB-HH.", "2024-01-02")
    penandatangan: BolehTidakDiketahui(Teks) = Info("Jabatan yang menandatangani SK.",
                                                    "Kepala BPS Kabupaten Kutai Barat")


RINGKASAN = (
    "Ringkasan perubahan dari versi sebelumnya, satu atau dua kalimat; wajib mulai versi 2."
)


class Unit(Model):
    """A service unit (an office, or a unit inside one) that publishes standards."""

    nama: Nama = Info("Nama lengkap unit layanan.", "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat")
    singkatan: Nama | None = Info("Nama pendek, dipakai pada jejak halaman.", "PST BPS Kabupaten Kutai Barat",
                                  default=None)
    versi: BolehTidakDiketahui(Teks) = Info("Label versi profil dan Maklumat ini.", "2025")
    sk: SK = Info("Surat Keputusan yang menetapkan profil dan Maklumat versi ini.")
    berlaku_sejak: BolehTidakDiketahui(dt.date) = Info(
        "Tanggal versi ini mulai berlaku, TTTT-BB-HH; sebelum tanggal itu situs mengumumkannya sebagai "
        "versi yang akan berlaku.", "2025-01-02")
    ringkasan_perubahan: Teks | None = Info(RINGKASAN, "Jam layanan hari Jumat diperpanjang sampai 16.00.",
                                            default=None)
    hierarki: Annotated[list[Nama], Field(min_length=1)] = Info(
        "Instansi di atas unit ini, dari yang tertinggi; katalog mengelompokkan unit menurut daftar ini.",
        ["Badan Pusat Statistik", "BPS Provinsi Kalimantan Timur", "BPS Kabupaten Kutai Barat"],
    )
    jalur_organisasi: list[Nama] = Info(
        "Jalur organisasi seperti tertulis pada standar yang dipublikasikan.",
        ["Badan Pusat Statistik", "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat"],
        default_factory=list,
    )
    alamat: Alamat = Info("Alamat kantor tempat layanan diberikan.")
    telepon: list[Telepon] = Info("Nomor telepon dengan kode wilayah, diapit tanda kutip.",
                                  ["(0545) 4046036"], default_factory=list)
    email: BolehTidakDiketahui(Email) = Info("Alamat email unit.", "pst6407@bps.go.id")
    situs_web: Url | None = Info("Alamat situs web unit, dengan https://.", "https://kubarkab.bps.go.id",
                                 default=None)
    jam_layanan: BolehTidakDiketahui(
        Annotated[list[JamLayanan], Field(min_length=1), AfterValidator(_no_overlaps)]
    ) = Info(
        "Jam layanan untuk pengunjung; ditampilkan pada halaman unit dan setiap layanannya."
    )
    zona_waktu: ZonaWaktu = Info("Zona waktu unit: WIB, WITA, atau WIT.", "WITA")
    maklumat: BolehTidakDiketahui(Maklumat) = Info("Maklumat Pelayanan unit (UU 25/2009 Pasal 15).")
    pengelola_pengaduan: BolehTidakDiketahui(PengelolaPengaduan) = Info(
        "Nama dan alamat pengelola pengaduan (UU 25/2009 Pasal 36)."
    )
    tenggat_pengaduan: BolehTidakDiketahui(Annotated[list[TahapPengaduan], Field(min_length=1)]) = Info(
        "Tahap penanganan pengaduan dan jangka waktu masing-masing; formulir pengaduan menjanjikan ini."
    )
    sumber: Teks | None = Info("Dari mana data ini diambil (alamat halaman atau dokumen).",
                               "https://kubarkab.bps.go.id", default=None)


# --- a service --------------------------------------------------------------


class Prosedur(Model):
    langkah: DaftarTeks = Info("Langkah-langkah, berurutan, satu butir per langkah.",
                               ["Pengguna layanan datang ke ruang PST", "Pengguna layanan mengisi buku tamu"])


class WaktuSaluran(Model):
    """Completion time for one channel."""

    waktu: Durasi = Info("Jangka waktu: angka dan satuan (menit, jam, hari, hari kerja).", "3 hari kerja")
    keterangan: Teks | None = Info("Kapan waktu mulai dihitung.", "setelah permintaan jelas dan lengkap",
                                   default=None)
    tertulis: Teks | None = Info(
        "Teks asli pada standar yang dipublikasikan, bila berbeda dari 'waktu'.", "10", default=None
    )
    tafsiran: Teks | None = Info(
        "Bagaimana teks asli dibaca; sebutkan hasilnya (angka dan satuan 'waktu'), agar tafsiran "
        "yang tertinggal setelah 'waktu' diubah terlihat oleh `layanan check`.",
        "Sumber hanya menulis angka 10; dibaca sebagai 10 menit untuk kunjungan langsung.",
        default=None,
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return {"waktu": value}
        return value


def _read_rupiah(value: Any) -> Any:
    """Rupiah as a whole number: 50000. '50.000' is fifty thousand the Indonesian way, but a number
    50.0 to any reader of numbers: refused, never read as 50."""
    if isinstance(value, bool):
        return value
    written = value.source if isinstance(value, SourceFloat) else value
    if isinstance(written, float) or (isinstance(written, str) and not written.strip().isdigit()):
        raise ValueError(f"'{written}' bukan jumlah rupiah yang dapat dibaca — tulis angka saja, tanpa titik, koma, "
                         "atau 'Rp', misalnya 50000")
    return int(written.strip()) if isinstance(written, str) else written


class Tarif(Model):
    uraian: Teks = Info("Apa yang dibayar.", "Publikasi cetak")
    jumlah: Annotated[int, Field(gt=0), BeforeValidator(_read_rupiah)] = Info(
        "Jumlah dalam rupiah, tanpa titik atau koma.", 50000)
    satuan: Teks | None = Info("Satuan tarif.", "per buku", default=None)


class Biaya(Model):
    gratis: bool = Info("true bila layanan tidak dipungut biaya, false bila bertarif.", True)
    tarif: list[Tarif] = Info("Daftar tarif; wajib bila gratis: false.", default_factory=list)
    dasar_hukum: Teks | None = Info("Peraturan yang menetapkan tarif; wajib bila bertarif.",
                                    "PP Nomor 7 Tahun 2015 tentang PNBP pada BPS", default=None)
    tertulis: Teks | None = Info("Teks asli pada standar yang dipublikasikan.", "Tidak dipungut biaya",
                                 default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Biaya:
        if self.gratis and self.tarif:
            raise ValueError(
                "layanan ditulis gratis tetapi punya tarif — hapus 'tarif' atau tulis 'gratis: false'"
            )
        if not self.gratis and not self.tarif:
            raise ValueError(
                "layanan tidak gratis tetapi tidak ada 'tarif' — tambahkan daftar tarif "
                "(uraian, jumlah dalam rupiah) atau tulis 'gratis: true'"
            )
        if not self.gratis and not self.dasar_hukum:
            raise ValueError(
                "tarif harus punya dasar hukum — tambahkan 'dasar_hukum', misalnya peraturan PNBP yang berlaku"
            )
        return self


class SaluranPengaduan(Model):
    jenis: JenisSaluranPengaduan = Info(
        "Jenis saluran: kotak_saran, email, telepon, formulir_web, sp4n_lapor, surat, atau tatap_muka.",
        "email",
    )
    alamat: Teks | None = Info(
        "Alamat email, nomor telepon, alamat web, atau letak kotak saran; wajib kecuali untuk "
        "kotak_saran dan tatap_muka.",
        "pst6407@bps.go.id",
        default=None,
    )
    tertulis: Teks | None = Info("Nama saluran seperti tertulis pada standar.", "Kotak saran dan pengaduan",
                                 default=None)

    @model_validator(mode="after")
    def _address_fits_kind(self) -> SaluranPengaduan:
        kind = self.jenis
        if kind.needs_address and not self.alamat:
            raise ValueError(
                f"saluran '{kind.value}' perlu 'alamat' — tulis ke mana pengaduan dikirim"
            )
        if self.alamat:
            if kind is JenisSaluranPengaduan.email:
                _check_email(self.alamat)
            elif kind in (JenisSaluranPengaduan.formulir_web, JenisSaluranPengaduan.sp4n_lapor):
                _check_url(self.alamat)
            elif kind is JenisSaluranPengaduan.telepon:
                _check_phone(self.alamat)
        return self


class Pengaduan(Model):
    saluran: Annotated[list[SaluranPengaduan], Field(min_length=1)] = Info(
        "Saluran tempat pengaduan, saran, dan masukan diterima."
    )


class Layanan(Model):
    """One service's standard: identity, adoption, and the 14 components."""

    nama: Nama = Info("Nama layanan; dua layanan satu unit tidak boleh bernama sama.",
                      "Pelayanan Konsultasi Statistik")
    unit: Teks = Info("Nama file unit (tanpa .yaml) di standard/unit/.", "pst-bps-kutai-barat")
    contoh: bool = Info(
        "true untuk data contoh yang bukan standar yang ditetapkan; halamannya diberi tanda CONTOH.",
        False, default=False,
    )
    sk: SK = Info("Surat Keputusan yang menetapkan standar ini.")
    berlaku_sejak: BolehTidakDiketahui(dt.date) = Info(
        "Tanggal standar versi ini mulai berlaku, TTTT-BB-HH; sebelum tanggal itu situs mengumumkannya "
        "sebagai versi yang akan berlaku.", "2024-01-02")
    versi: BolehTidakDiketahui(Teks) = Info("Label versi atau tahun standar.", "2024")
    ringkasan_perubahan: Teks | None = Info(RINGKASAN, "Waktu penyelesaian kunjungan langsung menjadi 15 menit.",
                                            default=None)
    sumber: Teks | None = Info("Dari mana data ini diambil (alamat halaman atau dokumen).",
                               "https://kubarkab.bps.go.id", default=None)

    # Service delivery (komponen penyampaian), in the order of Permenpan RB 15/2014.
    persyaratan: BolehTidakDiketahui(dict[Saluran, BolehTidakDiketahui(DaftarTeks)]) = Info(
        "Persyaratan per saluran (kunjungan_langsung, online, telepon, surat).",
        {"online": ["Alamat email yang aktif"]},
    )
    prosedur: BolehTidakDiketahui(
        Annotated[dict[Saluran, BolehTidakDiketahui(Prosedur)], Field(min_length=1)]
    ) = Info("Sistem, mekanisme, dan prosedur per saluran; saluran online membuka formulir konsultasi.")
    waktu_penyelesaian: BolehTidakDiketahui(dict[Saluran, BolehTidakDiketahui(WaktuSaluran)]) = Info(
        "Jangka waktu penyelesaian per saluran; setiap saluran prosedur perlu waktunya. "
        "Bentuk singkat: 'online: 3 hari kerja'."
    )
    biaya: BolehTidakDiketahui(Biaya) = Info("Biaya/tarif layanan.")
    produk: BolehTidakDiketahui(DaftarTeks) = Info("Produk pelayanan.", ["Jasa konsultasi statistik"])
    pengaduan: BolehTidakDiketahui(Pengaduan) = Info("Penanganan pengaduan, saran, dan masukan.")

    # Management (komponen pengelolaan).
    dasar_hukum: BolehTidakDiketahui(DaftarTeks) = Info(
        "Peraturan yang menjadi dasar layanan.", ["Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"])
    sarana_prasarana: BolehTidakDiketahui(DaftarTeks) = Info(
        "Sarana, prasarana, dan/atau fasilitas.", ["Ruang layanan PST", "Komputer untuk pengunjung"])
    kompetensi_pelaksana: BolehTidakDiketahui(DaftarTeks) = Info(
        "Kompetensi yang harus dimiliki pelaksana.", ["Memahami data dan metadata statistik"])
    pengawasan_internal: BolehTidakDiketahui(DaftarTeks) = Info(
        "Bagaimana layanan diawasi di dalam unit.", ["Supervisi oleh atasan langsung"])
    jumlah_pelaksana: BolehTidakDiketahui(DaftarTeks) = Info(
        "Jumlah pelaksana layanan.", ["2 orang petugas PST"])
    jaminan_pelayanan: BolehTidakDiketahui(DaftarTeks) = Info(
        "Jaminan bahwa layanan diberikan sesuai standar.", ["Layanan diberikan sesuai standar pelayanan"])
    jaminan_keamanan_keselamatan: BolehTidakDiketahui(DaftarTeks) = Info(
        "Jaminan keamanan dan keselamatan pelayanan.", ["Data pribadi pengguna layanan dijaga kerahasiaannya"])
    evaluasi_kinerja: BolehTidakDiketahui(DaftarTeks) = Info(
        "Bagaimana kinerja pelaksana dievaluasi.", ["Survei kepuasan masyarakat setiap tahun"])

    def saluran(self) -> list[Saluran]:
        """The channels the service is delivered through (none known when `prosedur` is unknown)."""
        return [] if isinstance(self.prosedur, TidakDiketahui) else list(self.prosedur)

    @model_validator(mode="before")
    @classmethod
    def _unknown_times_per_channel(cls, data: Any) -> Any:
        """A whole `waktu_penyelesaian: {tidak_diketahui: …}` applies to each channel of the procedures."""
        if not isinstance(data, dict):
            return data
        times, procedures = data.get("waktu_penyelesaian"), data.get("prosedur")
        if (isinstance(times, dict) and set(times) == {"tidak_diketahui"}
                and isinstance(procedures, dict) and "tidak_diketahui" not in procedures
                and procedures and all(isinstance(k, str) for k in procedures)):
            return {**data, "waktu_penyelesaian": {channel: dict(times) for channel in procedures}}
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _channels_agree(cls, data: Any, handler: Any) -> Layanan:
        """Every channel named by requirements and times has a procedure, and every procedure a time.

        All disagreements are reported at once, each at the field to fix.
        """
        layanan = handler(data)
        problems = layanan._channel_disagreements()
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, [
                InitErrorDetails(type=PydanticCustomError("inconsistent", message), loc=location, input=data)
                for message, location in problems
            ])
        return layanan

    def _channel_disagreements(self) -> list[tuple[str, tuple[str, ...]]]:
        if isinstance(self.prosedur, TidakDiketahui) or isinstance(self.waktu_penyelesaian, TidakDiketahui):
            return []
        procedures = set(self.prosedur)
        problems = []
        for channel in self.waktu_penyelesaian:
            if channel not in procedures:
                problems.append((
                    f"waktu_penyelesaian menyebut saluran '{channel.value}' yang tidak punya prosedur — "
                    f"tambahkan prosedur.{channel.value} atau hapus saluran ini",
                    ("waktu_penyelesaian", channel.value),
                ))
        missing = [c.value for c in self.prosedur if c not in self.waktu_penyelesaian]
        if missing:
            problems.append((
                "setiap saluran prosedur perlu waktu penyelesaian; belum ada untuk: "
                + ", ".join(missing)
                + " — tambahkan, atau tulis {tidak_diketahui: \"...\"} bila belum dipublikasikan",
                ("waktu_penyelesaian",),
            ))
        if isinstance(self.persyaratan, dict):
            for channel in self.persyaratan:
                if channel not in procedures:
                    problems.append((
                        f"persyaratan menyebut saluran '{channel.value}' yang tidak punya prosedur — "
                        f"tambahkan prosedur.{channel.value} atau hapus saluran ini",
                        ("persyaratan", channel.value),
                    ))
        return problems


PENYAMPAIAN: tuple[tuple[str, str], ...] = (
    ("persyaratan", "Persyaratan"),
    ("prosedur", "Sistem, mekanisme, dan prosedur"),
    ("waktu_penyelesaian", "Jangka waktu penyelesaian"),
    ("biaya", "Biaya/tarif"),
    ("produk", "Produk pelayanan"),
    ("pengaduan", "Penanganan pengaduan, saran, dan masukan"),
)
"""The six service-delivery components, in the regulation's order."""

PENGELOLAAN: tuple[tuple[str, str], ...] = (
    ("dasar_hukum", "Dasar hukum"),
    ("sarana_prasarana", "Sarana, prasarana, dan/atau fasilitas"),
    ("kompetensi_pelaksana", "Kompetensi pelaksana"),
    ("pengawasan_internal", "Pengawasan internal"),
    ("jumlah_pelaksana", "Jumlah pelaksana"),
    ("jaminan_pelayanan", "Jaminan pelayanan"),
    ("jaminan_keamanan_keselamatan", "Jaminan keamanan dan keselamatan pelayanan"),
    ("evaluasi_kinerja", "Evaluasi kinerja pelaksana"),
)
"""The eight management components."""
