"""The readable difference between two versions of a standard, component by component.

Each changed component becomes one `Perubahan` with Indonesian sentences ("Langkah 3 pada
saluran online ditambahkan: “…”.", "Jangka waktu penyelesaian kunjungan langsung berubah dari
10 menit menjadi 15 menit."), for the history page and `layanan diff`. Version metadata (versi,
SK, effective date, summary, source, example flag) is not content and is left out: the callers
show it themselves. Every other field of the model is compared, so a new component is covered
without a change here; its sentences are generic until it gets words of its own.

Pure functions over the models of `layanan.model`: no files, no web.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

from layanan import formatting
from layanan.durasi import DurasiModel
from layanan.model import (
    PENGELOLAAN,
    PENYAMPAIAN,
    Alamat,
    Biaya,
    JamLayanan,
    JenisSaluranPengaduan,
    Layanan,
    Maklumat,
    Pengaduan,
    PengelolaPengaduan,
    Penandatangan,
    Prosedur,
    Saluran,
    SaluranPengaduan,
    TahapPengaduan,
    Tarif,
    TidakDiketahui,
    Unit,
    WaktuSaluran,
)

METADATA = frozenset({"versi", "sk", "berlaku_sejak", "ringkasan_perubahan", "sumber", "contoh"})
"""Fields that describe a version rather than the service: never reported as changes."""

JUDUL_LAYANAN: dict[str, str] = {
    "nama": "Nama layanan",
    "unit": "Unit layanan",
    **dict(PENYAMPAIAN),
    **dict(PENGELOLAAN),
}
JUDUL_UNIT: dict[str, str] = {
    "nama": "Nama unit",
    "singkatan": "Nama singkat unit",
    "hierarki": "Hierarki instansi",
    "jalur_organisasi": "Jalur organisasi",
    "alamat": "Alamat",
    "telepon": "Telepon",
    "email": "Email",
    "situs_web": "Situs web",
    "jam_layanan": "Jam layanan",
    "zona_waktu": "Zona waktu",
    "maklumat": "Maklumat Pelayanan",
    "pengelola_pengaduan": "Pengelola pengaduan",
    "tenggat_pengaduan": "Tahap dan jangka waktu penanganan pengaduan",
}

MIRIP = 0.6
"""difflib ratio from which a removed and an added item are read as one item reworded."""


@dataclass(frozen=True)
class Perubahan:
    """What changed in one component between two versions."""

    komponen: str  # the model's field name, e.g. "prosedur"
    judul: str  # its label, e.g. "Sistem, mekanisme, dan prosedur"
    jenis: str  # "ditambahkan" | "dihapus" | "diubah"
    kalimat: tuple[str, ...]  # complete Indonesian sentences, each ending with '.'


def bandingkan_layanan(lama: Layanan, baru: Layanan) -> list[Perubahan]:
    """The changed components of a service standard, in the regulation's order."""
    return _bandingkan(lama, baru, JUDUL_LAYANAN)


def bandingkan_unit(lama: Unit, baru: Unit) -> list[Perubahan]:
    """The changed parts of a unit's profile and Maklumat, in the model's order."""
    return _bandingkan(lama, baru, JUDUL_UNIT)


def ringkas(perubahan: list[Perubahan]) -> str:
    """Plain text for the terminal: a heading per component, then its sentences."""
    if not perubahan:
        return "Tidak ada perubahan isi standar.\n"
    blok = [
        f"{p.judul} ({p.jenis})\n" + "".join(f"- {kalimat}\n" for kalimat in p.kalimat)
        for p in perubahan
    ]
    return "\n".join(blok)


# --- components --------------------------------------------------------------


def _bandingkan(lama: BaseModel, baru: BaseModel, judul: dict[str, str]) -> list[Perubahan]:
    nilai_lama = dict(lama)
    hasil = []
    for komponen, nilai in baru:
        if komponen in METADATA or _sama(nilai_lama[komponen], nilai):
            continue
        label = judul.get(komponen) or komponen.replace("_", " ").capitalize()
        sebelum = nilai_lama[komponen]
        hasil.append(Perubahan(
            komponen=komponen,
            judul=label,
            jenis=_jenis(sebelum, nilai),
            kalimat=tuple(_komponen(komponen, label, sebelum, nilai)),
        ))
    return hasil


def _sama(lama: Any, baru: Any) -> bool:
    """Equal, and for channels also in the same order (the page shows them in file order)."""
    if isinstance(lama, dict) and isinstance(baru, dict):
        return lama == baru and list(lama) == list(baru)
    return lama == baru


def _diketahui(nilai: Any) -> bool:
    return nilai is not None and not isinstance(nilai, TidakDiketahui)


def _jenis(lama: Any, baru: Any) -> str:
    if _diketahui(baru) and not _diketahui(lama):
        return "ditambahkan"
    if _diketahui(lama) and not _diketahui(baru):
        return "dihapus"
    return "diubah"


def _komponen(komponen: str, judul: str, lama: Any, baru: Any) -> list[str]:
    if _diketahui(lama) and _diketahui(baru):
        return _ubah(komponen, judul, lama, baru)
    if _diketahui(baru) and _terstruktur(baru):
        awal = "kini dipublikasikan" if isinstance(lama, TidakDiketahui) else "ditambahkan"
        return [f"{judul} {awal}.", *_ubah(komponen, judul, None, baru)]
    return _nilai(judul, lama, baru)


def _terstruktur(nilai: Any) -> bool:
    return isinstance(nilai, (list, dict, Biaya, Pengaduan, Maklumat, PengelolaPengaduan))


def _ubah(komponen: str, judul: str, lama: Any, baru: Any) -> list[str]:
    """Sentences for a known value that changed; `lama` None means nothing was published before."""
    if isinstance(baru, dict):
        return _per_saluran(lama or {}, baru)
    if isinstance(baru, list):
        return _daftar_apa(komponen, lama or [], baru)
    if isinstance(baru, Biaya):
        return _biaya(lama, baru)
    if isinstance(baru, Pengaduan):
        return _saluran_pengaduan(lama.saluran if lama else [], baru.saluran)
    if isinstance(baru, Maklumat):
        return _maklumat(lama, baru)
    if isinstance(baru, PengelolaPengaduan):
        return [
            *_nilai("Nama pengelola pengaduan", lama and lama.nama, baru.nama),
            *_nilai("Alamat pengelola pengaduan", lama and lama.alamat, baru.alamat),
        ]
    return _nilai(judul, lama, baru)


def _daftar_apa(komponen: str, lama: list[Any], baru: list[Any]) -> list[str]:
    contoh = (baru or lama)[0]
    if isinstance(contoh, JamLayanan):
        return _jam_layanan(lama, baru)
    if isinstance(contoh, TahapPengaduan):
        return _tahap_pengaduan(lama, baru)
    if isinstance(contoh, str):
        return _daftar(lama, baru, _BENDA.get(komponen, BUTIR))
    return _nilai("Isi", lama, baru)


# --- one value: unknown, absent, or known -------------------------------------


def _nilai(subjek: str, lama: Any, baru: Any) -> list[str]:
    """One value (text, date, duration, address…) that may be absent or not yet published."""
    if _sama(lama, baru):
        return []
    if lama is None:
        if isinstance(baru, TidakDiketahui):
            return [f"{subjek} ditambahkan, belum dipublikasikan: {_kutip(baru.tidak_diketahui)}."]
        return [f"{subjek} ditambahkan: {_teks(baru)}."]
    if baru is None:
        return [f"{subjek} dihapus (sebelumnya {_teks(lama)})."]
    if isinstance(baru, TidakDiketahui):
        if isinstance(lama, TidakDiketahui):
            return [f"{subjek} masih belum dipublikasikan; alasannya kini {_kutip(baru.tidak_diketahui)}."]
        return [f"{subjek} tidak lagi dipublikasikan: {_kutip(baru.tidak_diketahui)}."]
    if isinstance(lama, TidakDiketahui):
        return [f"{subjek} kini dipublikasikan: {_teks(baru)}."]
    return [f"{subjek} berubah dari {_teks(lama)} menjadi {_teks(baru)}."]


# --- lists of text and steps ---------------------------------------------------


@dataclass(frozen=True)
class _Kata:
    """How the items of one list are named: by their text ("butir “…”") or by number ("langkah 3")."""

    benda: str
    bernomor: bool = False

    def sebut(self, indeks: int, teks: str) -> str:
        return f"{self.benda} {indeks + 1}" if self.bernomor else f"{self.benda} {_kutip(teks)}"


BUTIR = _Kata("butir")
LANGKAH = _Kata("langkah", bernomor=True)
TAHAP = _Kata("tahap")
TARIF = _Kata("tarif")
_BENDA = {"hierarki": _Kata("instansi"), "telepon": _Kata("nomor telepon")}


@dataclass(frozen=True)
class _Cocok:
    """Which old item became which new one (the same text, or reworded), and what is left over."""

    pasangan: tuple[tuple[int, int], ...]  # (old index, new index), in old order
    dihapus: tuple[int, ...]
    ditambahkan: tuple[int, ...]


def _cocokkan(lama: list[str], baru: list[str]) -> _Cocok:
    """Pair equal items first, then the most similar of the rest (ratio ≥ MIRIP)."""
    bebas = list(range(len(baru)))
    pasangan, sisa = [], []
    for i, teks in enumerate(lama):
        j = next((j for j in bebas if baru[j] == teks), None)
        if j is None:
            sisa.append(i)
        else:
            pasangan.append((i, j))
            bebas.remove(j)
    calon = sorted(
        (-mirip, i, j) for i in sisa for j in bebas if (mirip := _kemiripan(lama[i], baru[j])) >= MIRIP
    )
    for _, i, j in calon:
        if i in sisa and j in bebas:
            pasangan.append((i, j))
            sisa.remove(i)
            bebas.remove(j)
    return _Cocok(tuple(sorted(pasangan)), tuple(sisa), tuple(bebas))


def _kemiripan(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.lower().split()), " ".join(b.lower().split())).ratio()


def _daftar(lama: list[str], baru: list[str], kata: _Kata, tempat: str = "") -> list[str]:
    """Items removed, reworded, added and moved; `tempat` names the channel (" pada saluran online")."""
    cocok = _cocokkan(lama, baru)
    isi = (lambda teks: f": {_kutip(teks)}") if kata.bernomor else (lambda teks: "")
    kalimat = [_awal(f"{kata.sebut(i, lama[i])}{tempat} dihapus{isi(lama[i])}.") for i in cocok.dihapus]
    for i, j in cocok.pasangan:
        if lama[i] == baru[j]:
            continue
        if kata.bernomor:
            kalimat.append(_awal(
                f"{kata.sebut(j, baru[j])}{tempat} diubah dari {_kutip(lama[i])} menjadi {_kutip(baru[j])}."))
        else:
            kalimat.append(_awal(f"{kata.sebut(i, lama[i])}{tempat} diubah menjadi {_kutip(baru[j])}."))
    kalimat += [_awal(f"{kata.sebut(j, baru[j])}{tempat} ditambahkan{isi(baru[j])}.") for j in cocok.ditambahkan]
    return kalimat + _urutan(cocok, baru, kata, tempat)


def _urutan(cocok: _Cocok, baru: list[str], kata: _Kata, tempat: str) -> list[str]:
    """'Langkah 3 dan 4 bertukar urutan.' for a swap, else each item moved out of the kept order."""
    urutan_baru = [j for _, j in cocok.pasangan]
    if urutan_baru == sorted(urutan_baru):
        return []
    beda = [k for k, j in enumerate(urutan_baru) if j != sorted(urutan_baru)[k]]
    if len(beda) == 2:
        j1, j2 = sorted(urutan_baru[k] for k in beda)
        if kata.bernomor:
            return [_awal(f"{kata.benda} {j1 + 1} dan {j2 + 1}{tempat} bertukar urutan.")]
        return [_awal(f"{kata.benda} {_kutip(baru[j1])} dan {_kutip(baru[j2])}{tempat} bertukar urutan.")]
    tetap = set(_naik_terpanjang(urutan_baru))
    kalimat = []
    for i, j in cocok.pasangan:
        if j in tetap:
            continue
        if kata.bernomor:
            posisi = f"kini {kata.benda} {j + 1} (sebelumnya {kata.benda} {i + 1})"
        else:
            posisi = f"kini urutan ke-{j + 1} (sebelumnya ke-{i + 1})"
        kalimat.append(f"Urutan {kata.benda}{tempat} diubah: {_kutip(baru[j])} {posisi}.")
    return kalimat


def _naik_terpanjang(angka: list[int]) -> list[int]:
    """The longest increasing subsequence: the items that kept their relative order."""
    terbaik: list[list[int]] = []
    for k, nilai in enumerate(angka):
        sebelum = [terbaik[m] for m in range(k) if angka[m] < nilai]
        terbaik.append(max(sebelum, key=len, default=[]) + [nilai])
    return max(terbaik, key=len, default=[])


# --- per channel: requirements, procedures, completion times ------------------


def _per_saluran(lama: dict[Saluran, Any], baru: dict[Saluran, Any]) -> list[str]:
    kalimat = []
    for saluran in [*baru, *(s for s in lama if s not in baru)]:
        a, b, label = lama.get(saluran), baru.get(saluran), _kecil(saluran.label)
        if a == b:
            continue
        if a is None:
            kalimat.append(f"Saluran {label} ditambahkan{_dengan(b)}.")
        elif b is None:
            kalimat.append(f"Saluran {label} dihapus.")
        elif _diketahui(a) and _diketahui(b):
            kalimat += _isi_saluran(label, a, b)
        elif isinstance(a, TidakDiketahui) and _diketahui(b):
            kalimat.append(f"Saluran {label} kini dipublikasikan{_dengan(b)}.")
        else:
            kalimat += _nilai(f"Saluran {label}", a, b)
    bersama = [s for s in baru if s in lama]
    if bersama != [s for s in lama if s in baru]:
        kalimat.append("Urutan saluran diubah menjadi: " + ", ".join(_kecil(s.label) for s in baru) + ".")
    return kalimat


def _dengan(nilai: Any) -> str:
    if isinstance(nilai, TidakDiketahui):
        return f", belum dipublikasikan: {_kutip(nilai.tidak_diketahui)}"
    if isinstance(nilai, list):
        return f" dengan {len(nilai)} butir: {_teks(nilai)}"
    return f" dengan {_teks(nilai)}"


def _isi_saluran(label: str, lama: Any, baru: Any) -> list[str]:
    tempat = f" pada saluran {label}"
    if isinstance(baru, Prosedur):
        return _daftar(lama.langkah, baru.langkah, LANGKAH, tempat)
    if isinstance(baru, WaktuSaluran):
        return _waktu(label, lama, baru)
    if isinstance(baru, list):
        return _daftar(lama, baru, BUTIR, tempat)
    return _nilai(f"Saluran {label}", lama, baru)


def _waktu(label: str, lama: WaktuSaluran, baru: WaktuSaluran) -> list[str]:
    return [
        *_nilai(f"Jangka waktu penyelesaian {label}", lama.waktu, baru.waktu),
        *_nilai(f"Keterangan jangka waktu {label}", lama.keterangan, baru.keterangan),
        *_nilai(f"Teks asli jangka waktu {label}", lama.tertulis, baru.tertulis),
        *_nilai(f"Tafsiran jangka waktu {label}", lama.tafsiran, baru.tafsiran),
    ]


# --- fee -------------------------------------------------------------------------


def _biaya(lama: Biaya | None, baru: Biaya) -> list[str]:
    kalimat = []
    if lama is None or lama.gratis != baru.gratis:
        kini = "" if lama is None else "kini "
        kalimat.append(f"Layanan {kini}tidak dipungut biaya (gratis)." if baru.gratis
                       else f"Layanan {kini}dipungut biaya.")
    return [
        *kalimat,
        *_tarif(lama.tarif if lama else [], baru.tarif),
        *_nilai("Dasar hukum tarif", lama and lama.dasar_hukum, baru.dasar_hukum),
        *_nilai("Teks asli biaya", lama and lama.tertulis, baru.tertulis),
    ]


def _tarif(lama: list[Tarif], baru: list[Tarif]) -> list[str]:
    cocok = _cocokkan([t.uraian for t in lama], [t.uraian for t in baru])
    kalimat = [f"Tarif {_kutip(lama[i].uraian)} dihapus (sebelumnya {_harga(lama[i])})." for i in cocok.dihapus]
    for i, j in cocok.pasangan:
        a, b = lama[i], baru[j]
        if a.uraian != b.uraian:
            kalimat.append(f"Uraian tarif {_kutip(a.uraian)} diubah menjadi {_kutip(b.uraian)}.")
        if a.jumlah != b.jumlah:
            kalimat.append(f"Tarif {_kutip(b.uraian)} berubah dari {formatting.rupiah(a.jumlah)} "
                           f"menjadi {formatting.rupiah(b.jumlah)}.")
        kalimat += _nilai(f"Satuan tarif {_kutip(b.uraian)}", a.satuan, b.satuan)
    kalimat += [f"Tarif {_kutip(baru[j].uraian)} ditambahkan: {_harga(baru[j])}." for j in cocok.ditambahkan]
    return kalimat + _urutan(cocok, [t.uraian for t in baru], TARIF, "")


def _harga(tarif: Tarif) -> str:
    return formatting.rupiah(tarif.jumlah) + (f" {tarif.satuan}" if tarif.satuan else "")


# --- complaints ------------------------------------------------------------------


def _saluran_pengaduan(lama: list[SaluranPengaduan], baru: list[SaluranPengaduan]) -> list[str]:
    """Channels by kind: the unchanged ones of a kind set aside, the rest paired in order."""
    kalimat = []
    for jenis in dict.fromkeys([s.jenis for s in baru] + [s.jenis for s in lama]):
        a = [s for s in lama if s.jenis is jenis]
        b = [s for s in baru if s.jenis is jenis]
        a, b = [s for s in a if s not in b], [s for s in b if s not in a]
        label = f"saluran pengaduan {_kecil(jenis.label)}"
        for sebelum, sesudah in zip(a, b):
            kalimat += _nilai(_awal(f"alamat {label}"), sebelum.alamat, sesudah.alamat)
            kalimat += _nilai(_awal(f"nama tertulis {label}"), sebelum.tertulis, sesudah.tertulis)
        kalimat += [_awal(f"{label}{_alamat_pengaduan(s)} dihapus.") for s in a[len(b):]]
        kalimat += [_awal(f"{label} ditambahkan{_alamat_pengaduan(s, ': ')}.") for s in b[len(a):]]
    return kalimat


def _alamat_pengaduan(saluran: SaluranPengaduan, awalan: str = " ") -> str:
    return f"{awalan}{_kutip(saluran.alamat)}" if saluran.alamat else ""


# --- the unit: hours, Maklumat, complaint deadlines ---------------------------------


def _jam_layanan(lama: list[JamLayanan], baru: list[JamLayanan]) -> list[str]:
    """Opening hours by the days they cover."""
    a, b = _jam_per_hari(lama), _jam_per_hari(baru)
    kalimat = []
    for hari in [*b, *(h for h in a if h not in b)]:
        if hari not in a:
            kalimat.append(f"Jam layanan {hari} ditambahkan: {b[hari]}.")
        elif hari not in b:
            kalimat.append(f"Jam layanan {hari} ({a[hari]}) dihapus.")
        elif a[hari] != b[hari]:
            kalimat.append(f"Jam layanan {hari} berubah dari {a[hari]} menjadi {b[hari]}.")
    return kalimat


def _jam_per_hari(jam: list[JamLayanan]) -> dict[str, str]:
    hari: dict[str, list[str]] = {}
    for entri in jam:
        hari.setdefault(entri.hari, []).append(f"{entri.buka}–{entri.tutup}")
    return {h: " dan ".join(periode) for h, periode in hari.items()}


def _maklumat(lama: Maklumat | None, baru: Maklumat) -> list[str]:
    kalimat = []
    if lama is None:
        kalimat.append(f"Maklumat berbunyi: {_kutip(baru.teks)}.")
    elif lama.teks != baru.teks:
        kalimat.append(f"Teks maklumat diubah menjadi: {_kutip(baru.teks)}.")
    return [
        *kalimat,
        *_nilai("Penandatangan maklumat", lama and lama.penandatangan, baru.penandatangan),
        *_nilai("Tanggal maklumat", lama and lama.tanggal, baru.tanggal),
    ]


def _tahap_pengaduan(lama: list[TahapPengaduan], baru: list[TahapPengaduan]) -> list[str]:
    cocok = _cocokkan([t.tahap for t in lama], [t.tahap for t in baru])
    kalimat = [f"Tahap {_kutip(lama[i].tahap)} dihapus." for i in cocok.dihapus]
    for i, j in cocok.pasangan:
        a, b = lama[i], baru[j]
        if a.tahap != b.tahap:
            kalimat.append(f"Tahap {_kutip(a.tahap)} diubah menjadi {_kutip(b.tahap)}.")
        kalimat += _nilai(f"Jangka waktu tahap {_kutip(b.tahap)}", a.waktu, b.waktu)
    kalimat += [
        f"Tahap {_kutip(baru[j].tahap)} ditambahkan dengan jangka waktu {formatting.durasi(baru[j].waktu)}."
        for j in cocok.ditambahkan
    ]
    return kalimat + _urutan(cocok, [t.tahap for t in baru], TAHAP, "")


# --- words -------------------------------------------------------------------------


def _kutip(teks: str) -> str:
    return f"“{' '.join(str(teks).split())}”"


def _awal(kalimat: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower 'PST' in quoted text)."""
    return kalimat[:1].upper() + kalimat[1:]


def _kecil(label: str) -> str:
    """A label inside a sentence: 'Kunjungan langsung' → 'kunjungan langsung', 'SP4N-LAPOR!' stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _teks(nilai: Any) -> str:
    """A value as it reads inside a sentence; text from the file is quoted."""
    if isinstance(nilai, TidakDiketahui):
        return f"belum dipublikasikan ({_kutip(nilai.tidak_diketahui)})"
    if isinstance(nilai, DurasiModel):
        return formatting.durasi(nilai)
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, date):
        return formatting.tanggal(nilai)
    if isinstance(nilai, (Saluran, JenisSaluranPengaduan)):
        return _kecil(nilai.label)
    if isinstance(nilai, Enum):
        return str(nilai.value)
    if isinstance(nilai, int):
        return formatting.angka(nilai)
    if isinstance(nilai, Alamat):
        return _kutip(f"{nilai.jalan}, {nilai.kabupaten_kota}, {nilai.provinsi} {nilai.kode_pos}")
    if isinstance(nilai, Penandatangan):
        return _kutip(f"{nilai.nama}, {nilai.jabatan}")
    if isinstance(nilai, Prosedur):
        return f"{len(nilai.langkah)} langkah"
    if isinstance(nilai, WaktuSaluran):
        keterangan = f", {_kutip(nilai.keterangan)}" if nilai.keterangan else ""
        return f"jangka waktu {formatting.durasi(nilai.waktu)}{keterangan}"
    if isinstance(nilai, list):
        bagian = [_teks(x) for x in nilai]
        return ", ".join(bagian[:-1]) + " dan " + bagian[-1] if len(bagian) > 1 else "".join(bagian)
    if isinstance(nilai, BaseModel):
        return "; ".join(_teks(x) for _, x in nilai if x is not None)
    return _kutip(nilai)
