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

from pydantic import (
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


class InconsistentValue(ValueError):
    """A check across fields that names the field to fix (relative to the model)."""

    def __init__(self, message: str, location: tuple[str | int, ...]):
        super().__init__(message)
        self.location = location


class TidakDiketahui(Model):
    """A component or value the office has not (yet) published."""

    tidak_diketahui: Teks = Field(
        description="Mengapa nilai ini tidak diketahui, misalnya 'kosong pada standar yang dipublikasikan'."
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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")
_PHONE = re.compile(r"\+?[0-9 ()\-]{6,}")


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"'{value}' bukan alamat email — tulis misalnya 'pst6502@bps.go.id'")
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


Email = Annotated[Teks, BeforeValidator(lambda v: _check_email(v) if isinstance(v, str) else v)]
Url = Annotated[Teks, BeforeValidator(lambda v: _check_url(v) if isinstance(v, str) else v)]
Telepon = Annotated[Teks, BeforeValidator(_check_phone)]
KodePos = Annotated[Teks, BeforeValidator(_check_postal_code)]
Jam = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3])[.:][0-5][0-9]$")]


# --- the unit (office) ------------------------------------------------------


class Alamat(Model):
    jalan: Teks
    kabupaten_kota: Teks
    provinsi: Teks
    kode_pos: KodePos


class JamLayanan(Model):
    hari: Teks = Field(description="Misalnya 'Senin–Kamis' atau 'Jumat'.")
    buka: Jam
    tutup: Jam


class Penandatangan(Model):
    nama: Teks
    jabatan: Teks


class Maklumat(Model):
    """Maklumat Pelayanan: the unit's signed public declaration (UU 25/2009 Pasal 15)."""

    teks: Teks
    penandatangan: BolehTidakDiketahui(Penandatangan)
    tanggal: BolehTidakDiketahui(dt.date)


class PengelolaPengaduan(Model):
    """Who handles complaints, with an address (UU 25/2009 Pasal 36)."""

    nama: Teks
    alamat: Teks


class TahapPengaduan(Model):
    tahap: Teks
    waktu: Durasi


class ZonaWaktu(str, Enum):
    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def utc_offset_hours(self) -> int:
        return {"WIB": 7, "WITA": 8, "WIT": 9}[self.value]


class Unit(Model):
    """A service unit (an office, or a unit inside one) that publishes standards."""

    nama: Teks
    singkatan: Teks | None = None
    hierarki: DaftarTeks = Field(
        description="Instansi di atas unit ini, dari yang tertinggi, misalnya "
        "[Badan Pusat Statistik, BPS Provinsi Kalimantan Timur, BPS Kabupaten Kutai Barat]."
    )
    jalur_organisasi: list[Teks] = Field(
        default_factory=list,
        description="Jalur organisasi seperti tertulis pada standar yang dipublikasikan.",
    )
    alamat: Alamat
    telepon: list[Telepon] = Field(default_factory=list)
    email: BolehTidakDiketahui(Email)
    situs_web: Url | None = None
    jam_layanan: BolehTidakDiketahui(Annotated[list[JamLayanan], Field(min_length=1)])
    zona_waktu: ZonaWaktu
    maklumat: BolehTidakDiketahui(Maklumat)
    pengelola_pengaduan: BolehTidakDiketahui(PengelolaPengaduan)
    tenggat_pengaduan: BolehTidakDiketahui(Annotated[list[TahapPengaduan], Field(min_length=1)])
    sumber: Teks | None = Field(
        default=None, description="Dari mana data ini diambil (alamat halaman atau dokumen)."
    )


# --- a service --------------------------------------------------------------


class SK(Model):
    """The decree (Surat Keputusan) that adopted the standard."""

    nomor: BolehTidakDiketahui(Teks)
    tanggal: BolehTidakDiketahui(dt.date)
    penandatangan: BolehTidakDiketahui(Teks)


class Prosedur(Model):
    langkah: DaftarTeks


class WaktuSaluran(Model):
    """Completion time for one channel."""

    waktu: Durasi
    keterangan: Teks | None = Field(
        default=None,
        description="Kapan waktu mulai dihitung, misalnya 'setelah permintaan jelas dan lengkap'.",
    )
    tertulis: Teks | None = Field(
        default=None, description="Teks asli pada standar yang dipublikasikan, bila berbeda."
    )
    tafsiran: Teks | None = Field(
        default=None, description="Alasan tafsiran, bila teks asli perlu ditafsirkan."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return {"waktu": value}
        return value


class Tarif(Model):
    uraian: Teks
    jumlah: Annotated[int, Field(gt=0, description="Dalam rupiah, tanpa titik: 50000.")]
    satuan: Teks | None = Field(default=None, description="Misalnya 'per buku'.")


class Biaya(Model):
    gratis: bool
    tarif: list[Tarif] = Field(default_factory=list)
    dasar_hukum: Teks | None = None
    tertulis: Teks | None = Field(
        default=None, description="Teks asli pada standar yang dipublikasikan."
    )

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
    jenis: JenisSaluranPengaduan
    alamat: Teks | None = Field(
        default=None,
        description="Alamat email, nomor telepon, alamat web, atau letak kotak saran.",
    )
    tertulis: Teks | None = None

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
    saluran: Annotated[list[SaluranPengaduan], Field(min_length=1)]


class Layanan(Model):
    """One service's standard: identity, adoption, and the 14 components."""

    nama: Teks
    unit: Teks = Field(description="Nama file unit (tanpa .yaml) di standard/unit/.")
    contoh: bool = Field(
        default=False,
        description="true untuk data contoh yang bukan standar yang ditetapkan; "
        "halamannya diberi tanda CONTOH.",
    )
    sk: SK
    berlaku_sejak: BolehTidakDiketahui(dt.date)
    versi: BolehTidakDiketahui(Teks)
    sumber: Teks | None = None

    # Service delivery (komponen penyampaian), in the order of Permenpan RB 15/2014.
    persyaratan: BolehTidakDiketahui(dict[Saluran, DaftarTeks])
    prosedur: Annotated[dict[Saluran, Prosedur], Field(min_length=1)]
    waktu_penyelesaian: dict[Saluran, BolehTidakDiketahui(WaktuSaluran)]
    biaya: Biaya
    produk: DaftarTeks
    pengaduan: Pengaduan

    # Management (komponen pengelolaan).
    dasar_hukum: BolehTidakDiketahui(DaftarTeks)
    sarana_prasarana: BolehTidakDiketahui(DaftarTeks)
    kompetensi_pelaksana: BolehTidakDiketahui(DaftarTeks)
    pengawasan_internal: BolehTidakDiketahui(DaftarTeks)
    jumlah_pelaksana: BolehTidakDiketahui(DaftarTeks)
    jaminan_pelayanan: BolehTidakDiketahui(DaftarTeks)
    jaminan_keamanan_keselamatan: BolehTidakDiketahui(DaftarTeks)
    evaluasi_kinerja: BolehTidakDiketahui(DaftarTeks)

    @model_validator(mode="after")
    def _channels_agree(self) -> Layanan:
        procedures = set(self.prosedur)
        for channel in self.waktu_penyelesaian:
            if channel not in procedures:
                raise InconsistentValue(
                    f"waktu_penyelesaian menyebut saluran '{channel.value}' yang tidak punya prosedur — "
                    f"tambahkan prosedur.{channel.value} atau hapus saluran ini",
                    ("waktu_penyelesaian", channel.value),
                )
        missing = [c.value for c in self.prosedur if c not in self.waktu_penyelesaian]
        if missing:
            raise InconsistentValue(
                "setiap saluran prosedur perlu waktu penyelesaian; belum ada untuk: "
                + ", ".join(missing)
                + " — tambahkan, atau tulis {tidak_diketahui: \"...\"} bila belum dipublikasikan",
                ("waktu_penyelesaian",),
            )
        if isinstance(self.persyaratan, dict):
            for channel in self.persyaratan:
                if channel not in procedures:
                    raise InconsistentValue(
                        f"persyaratan menyebut saluran '{channel.value}' yang tidak punya prosedur — "
                        f"tambahkan prosedur.{channel.value} atau hapus saluran ini",
                        ("persyaratan", channel.value),
                    )
        return self


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
