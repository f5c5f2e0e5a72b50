"""The readable difference between two versions: a table of changes to the seed standard.

Each row starts from the seed's service (or unit) file, optionally prepares it (`dasar`, applied to
both versions), changes it (`ubah`, the new version only), and names the component, the kind of
change and fragments of the Indonesian sentences the history page and `layanan diff` must show.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any, Callable, NamedTuple

import pytest

from layanan.model import PENGELOLAAN, PENYAMPAIAN, Layanan, Unit
from layanan.perbedaan import Perubahan, bandingkan_layanan, bandingkan_unit, ringkas
from layanan.yamlfile import read_yaml

STANDARD = Path(__file__).resolve().parent.parent / "standard"
Ubah = Callable[[dict], None]


def _seed(folder: str, nama: str) -> dict:
    """The seed file: its first version (new layout) or the single file (old layout)."""
    calon = [*sorted(STANDARD.glob(f"{folder}/**/{nama}/versi-1.yaml")),
             *sorted(STANDARD.glob(f"{folder}/**/{nama}.yaml"))]
    assert calon, f"berkas contoh {nama} tidak ditemukan di {STANDARD / folder}"
    return read_yaml(calon[0]).data


TIDAK_DIKETAHUI = {"tidak_diketahui": "tidak tercantum pada standar yang dipublikasikan"}
METADATA_VERSI = {
    "versi": {"tidak_diketahui": "versi tidak tercantum pada standar yang dipublikasikan"},
    "sk": {"nomor": TIDAK_DIKETAHUI, "tanggal": TIDAK_DIKETAHUI, "penandatangan": TIDAK_DIKETAHUI},
    "berlaku_sejak": TIDAK_DIKETAHUI,
    "ringkasan_perubahan": "Versi pertama: standar seperti dipublikasikan di situs kantor.",
}


def _lengkapi(data: dict, model: type) -> dict:
    """Version metadata the model may require, added only where the model has it and the file not."""
    for nama, nilai in METADATA_VERSI.items():
        if nama in model.model_fields and nama not in data:
            data[nama] = copy.deepcopy(nilai)
    return data


SEED_LAYANAN = _lengkapi(_seed("layanan", "konsultasi-statistik"), Layanan)
SEED_UNIT = _lengkapi(_seed("unit", "pst-bps-kutai-barat"), Unit)


# --- mutations of the data ---------------------------------------------------------------


def _jalur(jalur: str) -> list[Any]:
    return [int(bagian) if bagian.isdigit() else bagian for bagian in jalur.split(".")]


def _induk(data: Any, jalur: str) -> tuple[Any, Any]:
    *awal, akhir = _jalur(jalur)
    for bagian in awal:
        data = data[bagian]
    return data, akhir


def isi(jalur: str, nilai: Any) -> Ubah:
    def ubah(data: dict) -> None:
        induk, kunci = _induk(data, jalur)
        induk[kunci] = copy.deepcopy(nilai)
    return ubah


def sisipkan(jalur: str, indeks: int, nilai: Any) -> Ubah:
    def ubah(data: dict) -> None:
        induk, kunci = _induk(data, jalur)
        induk[kunci].insert(indeks, copy.deepcopy(nilai))
    return ubah


def buang(jalur: str) -> Ubah:
    def ubah(data: dict) -> None:
        induk, kunci = _induk(data, jalur)
        del induk[kunci]
    return ubah


def tukar(jalur: str, i: int, j: int) -> Ubah:
    def ubah(data: dict) -> None:
        induk, kunci = _induk(data, jalur)
        daftar = induk[kunci]
        daftar[i], daftar[j] = daftar[j], daftar[i]
    return ubah


def pindah(jalur: str, dari: int, ke: int) -> Ubah:
    def ubah(data: dict) -> None:
        induk, kunci = _induk(data, jalur)
        induk[kunci].insert(ke, induk[kunci].pop(dari))
    return ubah


def semua(*langkah: Ubah) -> Ubah:
    def ubah(data: dict) -> None:
        for satu in langkah:
            satu(data)
    return ubah


class Kasus(NamedTuple):
    uraian: str
    ubah: Ubah
    komponen: str
    jenis: str
    kalimat: tuple[str, ...]
    dasar: Ubah | None = None
    bukan: tuple[str, ...] = ()  # fragments that must not appear in the component's sentences


def _versi(seed: dict, model: type, *langkah: Ubah | None) -> Any:
    data = copy.deepcopy(seed)
    for satu in langkah:
        if satu is not None:
            satu(data)
    return model.model_validate(data)


# --- realistic data -----------------------------------------------------------------------

KL = "prosedur.kunjungan_langsung.langkah"
ONLINE = "prosedur.online.langkah"
LANGKAH_KL = SEED_LAYANAN["prosedur"]["kunjungan_langsung"]["langkah"]
PERSYARATAN = {
    "kunjungan_langsung": ["Mengisi buku tamu elektronik"],
    "online": ["Alamat email yang aktif", "Akun aplikasi PST (pst.bps.go.id)"],
}
BERTARIF = isi("biaya", {
    "gratis": False,
    "tarif": [{"uraian": "Publikasi cetak", "jumlah": 50000, "satuan": "per buku"},
              {"uraian": "Tabel data khusus", "jumlah": 25000, "satuan": "per tabel"}],
    "dasar_hukum": "Peraturan Pemerintah Nomor 7 Tahun 2015 tentang Jenis dan Tarif atas Jenis PNBP pada BPS",
})
TELEPON = {"langkah": ["Pengguna layanan menelepon PST BPS Kabupaten Kutai Barat",
                       "Petugas menjawab pertanyaan pengguna layanan",
                       "Pengguna layanan memberikan penilaian terhadap kualitas pelayanan"]}
EMAIL = {"jenis": "email", "alamat": "pst6407@bps.go.id"}

DAFTAR = {  # three realistic items per list component, and a rewording of the first
    "produk": (["Jasa konsultasi informasi (data/metadata/klasifikasi/Rekomendasi) statistik",
                "Rekomendasi tabel statistik yang sesuai kebutuhan pengguna",
                "Informasi jadwal rilis data statistik"],
               "Jasa konsultasi informasi (data/metadata/klasifikasi/rekomendasi) statistik"),
    "dasar_hukum": (["Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
                     "Undang-Undang Nomor 16 Tahun 1997 tentang Statistik",
                     "Peraturan Pemerintah Nomor 51 Tahun 1999 tentang Penyelenggaraan Statistik"],
                    "Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik"),
    "sarana_prasarana": (["Ruang layanan PST", "Komputer untuk pengunjung", "Jaringan internet"],
                         "Ruang layanan PST yang nyaman"),
    "kompetensi_pelaksana": (["Memahami data dan metadata statistik", "Mampu berkomunikasi dengan baik",
                              "Menguasai aplikasi layanan PST"],
                             "Memahami data, metadata, dan klasifikasi statistik"),
    "pengawasan_internal": (["Supervisi oleh atasan langsung", "Pengawasan oleh Satuan Pengawasan Internal",
                             "Evaluasi layanan setiap bulan"],
                            "Supervisi berkala oleh atasan langsung"),
    "jumlah_pelaksana": (["2 orang petugas PST", "1 orang petugas frontline", "1 orang koordinator PST"],
                         "3 orang petugas PST"),
    "jaminan_pelayanan": (["Layanan diberikan sesuai standar pelayanan", "Petugas melayani dengan ramah dan sopan",
                           "Layanan tidak dipungut biaya"],
                          "Layanan diberikan sesuai standar pelayanan yang ditetapkan"),
    "jaminan_keamanan_keselamatan": (["Data pribadi pengguna layanan dijaga kerahasiaannya",
                                      "Ruang layanan dilengkapi alat pemadam api ringan",
                                      "Tersedia jalur evakuasi"],
                                     "Data pribadi pengguna layanan dijaga kerahasiaan dan keamanannya"),
    "evaluasi_kinerja": (["Survei kepuasan masyarakat setiap tahun", "Evaluasi kinerja petugas setiap semester",
                          "Rapat evaluasi layanan setiap triwulan"],
                         "Survei kepuasan masyarakat setiap semester"),
}
JUDUL = dict(PENYAMPAIAN + PENGELOLAAN)


def _kasus_daftar(komponen: str) -> list[Kasus]:
    """Each kind of change to one list-of-text component."""
    butir, diubah = DAFTAR[komponen]
    judul = JUDUL[komponen]
    terbit = isi(komponen, butir)
    return [
        Kasus(f"{komponen}: belum diketahui menjadi dipublikasikan", terbit, komponen, "ditambahkan",
              (f"{judul} kini dipublikasikan.", f"Butir “{butir[0]}” ditambahkan.", f"Butir “{butir[2]}” ditambahkan."),
              dasar=isi(komponen, TIDAK_DIKETAHUI)),
        Kasus(f"{komponen}: dipublikasikan menjadi belum diketahui", isi(komponen, TIDAK_DIKETAHUI), komponen,
              "dihapus", (f"{judul} tidak lagi dipublikasikan: “tidak tercantum",), dasar=terbit),
        Kasus(f"{komponen}: butir ditambahkan", sisipkan(komponen, 2, butir[2]), komponen, "diubah",
              (f"Butir “{butir[2]}” ditambahkan.",), dasar=isi(komponen, butir[:2])),
        Kasus(f"{komponen}: butir dihapus", buang(f"{komponen}.1"), komponen, "diubah",
              (f"Butir “{butir[1]}” dihapus.",), dasar=terbit, bukan=("ditambahkan",)),
        Kasus(f"{komponen}: butir diubah kata-katanya", isi(f"{komponen}.0", diubah), komponen, "diubah",
              (f"Butir “{butir[0]}” diubah menjadi “{diubah}”.",), dasar=terbit, bukan=("dihapus", "ditambahkan")),
        Kasus(f"{komponen}: urutan butir diubah", tukar(komponen, 0, 2), komponen, "diubah",
              (f"Butir “{butir[2]}” dan “{butir[0]}” bertukar urutan.",), dasar=terbit),
    ]


KASUS_LAYANAN = [
    Kasus("nama layanan", isi("nama", "Layanan Konsultasi Statistik"), "nama", "diubah",
          ("Nama layanan berubah dari “Pelayanan Konsultasi Statistik” menjadi “Layanan Konsultasi Statistik”.",)),
    Kasus("unit layanan", isi("unit", "pst-bps-kalimantan-timur"), "unit", "diubah",
          ("Unit layanan berubah dari “pst-bps-kutai-barat” menjadi “pst-bps-kalimantan-timur”.",)),

    # Persyaratan, per channel.
    Kasus("persyaratan: belum diketahui menjadi dipublikasikan", isi("persyaratan", PERSYARATAN),
          "persyaratan", "ditambahkan",
          ("Persyaratan kini dipublikasikan.",
           "Saluran kunjungan langsung ditambahkan dengan 1 butir: “Mengisi buku tamu elektronik”.",
           "Saluran online ditambahkan dengan 2 butir: “Alamat email yang aktif” dan “Akun aplikasi PST")),
    Kasus("persyaratan: dipublikasikan menjadi belum diketahui",
          isi("persyaratan", {"tidak_diketahui": "persyaratan sedang ditinjau ulang"}), "persyaratan", "dihapus",
          ("Persyaratan tidak lagi dipublikasikan: “persyaratan sedang ditinjau ulang”.",),
          dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: butir ditambahkan pada satu saluran",
          sisipkan("persyaratan.kunjungan_langsung", 1, "Kartu identitas (KTP/SIM/kartu pelajar)"),
          "persyaratan", "diubah",
          ("Butir “Kartu identitas (KTP/SIM/kartu pelajar)” pada saluran kunjungan langsung ditambahkan.",),
          dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: butir dihapus", buang("persyaratan.online.1"), "persyaratan", "diubah",
          ("Butir “Akun aplikasi PST (pst.bps.go.id)” pada saluran online dihapus.",),
          dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: butir diubah kata-katanya", isi("persyaratan.online.0", "Alamat email aktif"),
          "persyaratan", "diubah",
          ("Butir “Alamat email yang aktif” pada saluran online diubah menjadi “Alamat email aktif”.",),
          dasar=isi("persyaratan", PERSYARATAN), bukan=("dihapus", "ditambahkan")),
    Kasus("persyaratan: urutan butir diubah", tukar("persyaratan.online", 0, 1), "persyaratan", "diubah",
          ("Butir “Akun aplikasi PST (pst.bps.go.id)” dan “Alamat email yang aktif” pada saluran online "
           "bertukar urutan.",), dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: urutan saluran diubah",
          isi("persyaratan", dict(reversed(PERSYARATAN.items()))),
          "persyaratan", "diubah", ("Urutan saluran diubah menjadi: online, kunjungan langsung.",),
          dasar=isi("persyaratan", PERSYARATAN), bukan=("dihapus", "ditambahkan")),
    Kasus("persyaratan: saluran dihapus", buang("persyaratan.kunjungan_langsung"), "persyaratan", "diubah",
          ("Saluran kunjungan langsung dihapus.",), dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: satu saluran belum diketahui lagi",
          isi("persyaratan.online", {"tidak_diketahui": "persyaratan online sedang ditinjau"}),
          "persyaratan", "diubah",
          ("Saluran online tidak lagi dipublikasikan: “persyaratan online sedang ditinjau”.",),
          dasar=isi("persyaratan", PERSYARATAN)),
    Kasus("persyaratan: satu saluran kini dipublikasikan", isi("persyaratan.online", PERSYARATAN["online"]),
          "persyaratan", "diubah",
          ("Saluran online kini dipublikasikan dengan 2 butir: “Alamat email yang aktif”",),
          dasar=isi("persyaratan", {**PERSYARATAN, "online": TIDAK_DIKETAHUI})),

    # Prosedur, per channel.
    Kasus("prosedur: langkah ditambahkan dengan nomornya",
          sisipkan(ONLINE, 3, "Pengguna layanan mengisi Survei Kebutuhan Data (SKD)"), "prosedur", "diubah",
          ("Langkah 4 pada saluran online ditambahkan: “Pengguna layanan mengisi Survei Kebutuhan Data (SKD)”.",)),
    Kasus("prosedur: langkah dihapus", buang(f"{KL}.5"), "prosedur", "diubah",
          (f"Langkah 6 pada saluran kunjungan langsung dihapus: “{LANGKAH_KL[5]}”.",), bukan=("ditambahkan",)),
    Kasus("prosedur: langkah diubah kata-katanya",
          isi(f"{KL}.1", "Pengguna layanan menemui petugas frontline unit PST BPS Kabupaten Kutai Barat"),
          "prosedur", "diubah",
          ("Langkah 2 pada saluran kunjungan langsung diubah dari “Pengguna layanan menemui petugas frontline unit "
           "PST BPS KABUPATEN KUTAI BARAT” menjadi “Pengguna layanan menemui petugas frontline unit PST BPS "
           "Kabupaten Kutai Barat”.",), bukan=("dihapus", "ditambahkan")),
    Kasus("prosedur: langkah diganti dengan langkah lain, bukan diubah",
          isi(f"{KL}.5", "Pengguna layanan mengisi Survei Kebutuhan Data (SKD)"), "prosedur", "diubah",
          (f"Langkah 6 pada saluran kunjungan langsung dihapus: “{LANGKAH_KL[5]}”.",
           "Langkah 6 pada saluran kunjungan langsung ditambahkan: “Pengguna layanan mengisi Survei Kebutuhan "
           "Data (SKD)”."), bukan=("diubah dari",)),
    Kasus("prosedur: dua langkah bertukar urutan", tukar(KL, 2, 3), "prosedur", "diubah",
          ("Langkah 3 dan 4 pada saluran kunjungan langsung bertukar urutan.",),
          bukan=("dihapus", "ditambahkan")),
    Kasus("prosedur: satu langkah dipindahkan", pindah(KL, 6, 4), "prosedur", "diubah",
          (f"Urutan langkah pada saluran kunjungan langsung diubah: “{LANGKAH_KL[6]}” kini langkah 5 "
           "(sebelumnya langkah 7).",), bukan=("dihapus", "ditambahkan", "bertukar")),
    Kasus("prosedur: saluran ditambahkan",
          semua(isi("prosedur.telepon", TELEPON), isi("waktu_penyelesaian.telepon", "15 menit")),
          "prosedur", "diubah", ("Saluran telepon ditambahkan dengan 3 langkah.",)),
    Kasus("prosedur: saluran dihapus", semua(buang("prosedur.online"), buang("waktu_penyelesaian.online")),
          "prosedur", "diubah", ("Saluran online dihapus.",)),
    Kasus("prosedur: belum diketahui menjadi dipublikasikan", isi("prosedur", SEED_LAYANAN["prosedur"]),
          "prosedur", "ditambahkan",
          ("Sistem, mekanisme, dan prosedur kini dipublikasikan.",
           "Saluran kunjungan langsung ditambahkan dengan 8 langkah.",
           "Saluran online ditambahkan dengan 6 langkah."),
          dasar=isi("prosedur", TIDAK_DIKETAHUI)),
    Kasus("prosedur: dipublikasikan menjadi belum diketahui", isi("prosedur", TIDAK_DIKETAHUI), "prosedur",
          "dihapus", ("Sistem, mekanisme, dan prosedur tidak lagi dipublikasikan: “tidak tercantum",)),

    # Jangka waktu penyelesaian, per channel.
    Kasus("waktu: jangka waktu berubah", isi("waktu_penyelesaian.kunjungan_langsung.waktu", "15 menit"),
          "waktu_penyelesaian", "diubah",
          ("Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit.",)),
    Kasus("waktu: satuan berubah", isi("waktu_penyelesaian.kunjungan_langsung.waktu", "1 hari kerja"),
          "waktu_penyelesaian", "diubah",
          ("Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 1 hari kerja.",)),
    Kasus("waktu: saluran kini dipublikasikan",
          isi("waktu_penyelesaian.online", {"waktu": "3 hari kerja",
                                            "keterangan": "setelah permintaan jelas dan lengkap"}),
          "waktu_penyelesaian", "diubah",
          ("Saluran online kini dipublikasikan dengan jangka waktu 3 hari kerja, “setelah permintaan jelas dan "
           "lengkap”.",)),
    Kasus("waktu: saluran tidak lagi dipublikasikan",
          isi("waktu_penyelesaian.kunjungan_langsung", {"tidak_diketahui": "sedang ditinjau"}),
          "waktu_penyelesaian", "diubah",
          ("Saluran kunjungan langsung tidak lagi dipublikasikan: “sedang ditinjau”.",)),
    Kasus("waktu: keterangan ditambahkan",
          isi("waktu_penyelesaian.kunjungan_langsung.keterangan",
              "setelah pengunjung sebelumnya selesai dilayani"), "waktu_penyelesaian", "diubah",
          ("Keterangan jangka waktu kunjungan langsung ditambahkan: “setelah pengunjung sebelumnya selesai "
           "dilayani”.",)),
    Kasus("waktu: tertulis dan tafsiran dihapus setelah SK baru menulis satuannya",
          semua(buang("waktu_penyelesaian.kunjungan_langsung.tertulis"),
                buang("waktu_penyelesaian.kunjungan_langsung.tafsiran")), "waktu_penyelesaian", "diubah",
          ("Teks asli jangka waktu kunjungan langsung dihapus (sebelumnya “10”).",
           "Tafsiran jangka waktu kunjungan langsung dihapus (sebelumnya “Sumber hanya menulis angka 10")),
    Kasus("waktu: tafsiran diubah",
          isi("waktu_penyelesaian.kunjungan_langsung.tafsiran", "Dibaca sebagai 10 menit untuk kunjungan langsung."),
          "waktu_penyelesaian", "diubah",
          ("Tafsiran jangka waktu kunjungan langsung berubah dari “Sumber hanya menulis",
           "menjadi “Dibaca sebagai 10 menit untuk kunjungan langsung.”.")),
    Kasus("waktu: saluran ditambahkan",
          semua(isi("prosedur.telepon", TELEPON), isi("waktu_penyelesaian.telepon", "15 menit")),
          "waktu_penyelesaian", "diubah", ("Saluran telepon ditambahkan dengan jangka waktu 15 menit.",)),
    Kasus("waktu: saluran dihapus", semua(buang("prosedur.online"), buang("waktu_penyelesaian.online")),
          "waktu_penyelesaian", "diubah", ("Saluran online dihapus.",)),

    # Biaya.
    Kasus("biaya: gratis menjadi bertarif", BERTARIF, "biaya", "diubah",
          ("Layanan kini dipungut biaya.", "Tarif “Publikasi cetak” ditambahkan: Rp50.000 per buku.",
           "Tarif “Tabel data khusus” ditambahkan: Rp25.000 per tabel.",
           "Dasar hukum tarif ditambahkan: “Peraturan Pemerintah Nomor 7 Tahun 2015")),
    Kasus("biaya: bertarif menjadi gratis", isi("biaya", {"gratis": True}), "biaya", "diubah",
          ("Layanan kini tidak dipungut biaya (gratis).",
           "Tarif “Publikasi cetak” dihapus (sebelumnya Rp50.000 per buku).",
           "Dasar hukum tarif dihapus (sebelumnya “Peraturan Pemerintah Nomor 7 Tahun 2015"), dasar=BERTARIF),
    Kasus("biaya: tarif ditambahkan",
          sisipkan("biaya.tarif", 2, {"uraian": "Data mikro", "jumlah": 1000000, "satuan": "per set data"}),
          "biaya", "diubah", ("Tarif “Data mikro” ditambahkan: Rp1.000.000 per set data.",),
          dasar=BERTARIF, bukan=("Layanan kini",)),
    Kasus("biaya: tarif dihapus", buang("biaya.tarif.1"), "biaya", "diubah",
          ("Tarif “Tabel data khusus” dihapus (sebelumnya Rp25.000 per tabel).",), dasar=BERTARIF),
    Kasus("biaya: jumlah tarif berubah", isi("biaya.tarif.0.jumlah", 75000), "biaya", "diubah",
          ("Tarif “Publikasi cetak” berubah dari Rp50.000 menjadi Rp75.000.",), dasar=BERTARIF,
          bukan=("dihapus", "ditambahkan")),
    Kasus("biaya: satuan tarif berubah", isi("biaya.tarif.0.satuan", "per eksemplar"), "biaya", "diubah",
          ("Satuan tarif “Publikasi cetak” berubah dari “per buku” menjadi “per eksemplar”.",), dasar=BERTARIF),
    Kasus("biaya: uraian tarif diubah", isi("biaya.tarif.0.uraian", "Publikasi cetak berwarna"), "biaya",
          "diubah", ("Uraian tarif “Publikasi cetak” diubah menjadi “Publikasi cetak berwarna”.",),
          dasar=BERTARIF, bukan=("dihapus",)),
    Kasus("biaya: dasar hukum tarif berubah",
          isi("biaya.dasar_hukum", "Peraturan Pemerintah Nomor 20 Tahun 2024 tentang Jenis dan Tarif atas Jenis "
                                   "PNBP pada BPS"), "biaya", "diubah",
          ("Dasar hukum tarif berubah dari “Peraturan Pemerintah Nomor 7 Tahun 2015",
           "menjadi “Peraturan Pemerintah Nomor 20 Tahun 2024"), dasar=BERTARIF),
    Kasus("biaya: belum diketahui menjadi dipublikasikan", isi("biaya", {"gratis": True}), "biaya", "ditambahkan",
          ("Biaya/tarif kini dipublikasikan.", "Layanan tidak dipungut biaya (gratis)."),
          dasar=isi("biaya", TIDAK_DIKETAHUI)),
    Kasus("biaya: dipublikasikan menjadi belum diketahui", isi("biaya", TIDAK_DIKETAHUI), "biaya", "dihapus",
          ("Biaya/tarif tidak lagi dipublikasikan: “tidak tercantum",)),

    # Pengaduan: channels by kind.
    Kasus("pengaduan: saluran ditambahkan", sisipkan("pengaduan.saluran", 1, EMAIL), "pengaduan", "diubah",
          ("Saluran pengaduan email ditambahkan: “pst6407@bps.go.id”.",)),
    Kasus("pengaduan: SP4N-LAPOR! ditambahkan",
          sisipkan("pengaduan.saluran", 1, {"jenis": "sp4n_lapor", "alamat": "https://www.lapor.go.id"}),
          "pengaduan", "diubah", ("Saluran pengaduan SP4N-LAPOR! ditambahkan: “https://www.lapor.go.id”.",)),
    Kasus("pengaduan: saluran dihapus", buang("pengaduan.saluran.0"), "pengaduan", "diubah",
          ("Saluran pengaduan kotak saran dan pengaduan dihapus.",),
          dasar=sisipkan("pengaduan.saluran", 1, EMAIL)),
    Kasus("pengaduan: alamat berubah", isi("pengaduan.saluran.1.alamat", "pengaduan6407@bps.go.id"),
          "pengaduan", "diubah",
          ("Alamat saluran pengaduan email berubah dari “pst6407@bps.go.id” menjadi “pengaduan6407@bps.go.id”.",),
          dasar=sisipkan("pengaduan.saluran", 1, EMAIL), bukan=("dihapus", "ditambahkan")),
    Kasus("pengaduan: letak kotak saran ditambahkan", isi("pengaduan.saluran.0.alamat", "Ruang tunggu PST"),
          "pengaduan", "diubah",
          ("Alamat saluran pengaduan kotak saran dan pengaduan ditambahkan: “Ruang tunggu PST”.",)),
    Kasus("pengaduan: belum diketahui menjadi dipublikasikan", isi("pengaduan", SEED_LAYANAN["pengaduan"]),
          "pengaduan", "ditambahkan",
          ("Penanganan pengaduan, saran, dan masukan kini dipublikasikan.",
           "Saluran pengaduan kotak saran dan pengaduan ditambahkan."), dasar=isi("pengaduan", TIDAK_DIKETAHUI)),
    Kasus("pengaduan: dipublikasikan menjadi belum diketahui", isi("pengaduan", TIDAK_DIKETAHUI), "pengaduan",
          "dihapus", ("Penanganan pengaduan, saran, dan masukan tidak lagi dipublikasikan",)),

    # Produk and the eight management components: every kind of change to each list.
    *[kasus for komponen in DAFTAR for kasus in _kasus_daftar(komponen)],
]

JAM = [{"hari": "Senin–Kamis", "buka": "08.00", "tutup": "15.30"},
       {"hari": "Jumat", "buka": "08.00", "tutup": "16.00"}]
MAKLUMAT = {
    "teks": "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang "
            "telah ditetapkan.",
    "penandatangan": {"nama": "Nama Kepala", "jabatan": "Kepala BPS Kabupaten Kutai Barat"},
    "tanggal": dt.date(2024, 1, 2),
}
PENGELOLA = {"nama": "Petugas Pengaduan PST",
             "alamat": "Ruang PST, Jl. Sendawar Raya (Jalur II) No. 4 Kompleks Perkantoran Sendawar"}
TENGGAT = [{"tahap": "Verifikasi pengaduan", "waktu": "3 hari kerja"},
           {"tahap": "Tanggapan kepada pengadu", "waktu": "5 hari kerja"},
           {"tahap": "Penyelesaian pengaduan", "waktu": "14 hari kerja"}]

KASUS_UNIT = [
    Kasus("nama unit", isi("nama", "Pelayanan Statistik Terpadu (PST) BPS Kabupaten Kutai Barat"), "nama",
          "diubah", ("Nama unit berubah dari “Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat” menjadi "
                     "“Pelayanan Statistik Terpadu (PST) BPS Kabupaten Kutai Barat”.",)),
    Kasus("singkatan dihapus", buang("singkatan"), "singkatan", "dihapus",
          ("Nama singkat unit dihapus (sebelumnya “PST BPS Kabupaten Kutai Barat”).",)),
    Kasus("hierarki: instansi diubah", isi("hierarki.1", "BPS Provinsi Kalimantan Timur (Kaltim)"), "hierarki",
          "diubah", ("Instansi “BPS Provinsi Kalimantan Timur” diubah menjadi "
                     "“BPS Provinsi Kalimantan Timur (Kaltim)”.",)),
    Kasus("jalur organisasi: butir dihapus", buang("jalur_organisasi.1"), "jalur_organisasi", "diubah",
          ("Butir “Sekretariat Utama” dihapus.",)),
    Kasus("alamat berubah", isi("alamat.jalan", "Jl. Sendawar Raya No. 4, Barong Tongkok"), "alamat", "diubah",
          ("Alamat berubah dari “Jl. Sendawar Raya (Jalur II) No. 4 Kompleks Perkantoran Sendawar, Kabupaten "
           "Kutai Barat, Kalimantan Timur 75776” menjadi “Jl. Sendawar Raya No. 4, Barong Tongkok, ",)),
    Kasus("telepon: nomor ditambahkan", sisipkan("telepon", 1, "+62 811 5555 6407"), "telepon", "diubah",
          ("Nomor telepon “+62 811 5555 6407” ditambahkan.",)),
    Kasus("telepon: nomor diubah", isi("telepon.0", "(0545) 4046037"), "telepon", "diubah",
          ("Nomor telepon “(0545) 4046036” diubah menjadi “(0545) 4046037”.",)),
    Kasus("email kini dipublikasikan", isi("email", "pst6407@bps.go.id"), "email", "ditambahkan",
          ("Email kini dipublikasikan: “pst6407@bps.go.id”.",)),
    Kasus("email berubah", isi("email", "bps6407@bps.go.id"), "email", "diubah",
          ("Email berubah dari “pst6407@bps.go.id” menjadi “bps6407@bps.go.id”.",),
          dasar=isi("email", "pst6407@bps.go.id")),
    Kasus("situs web berubah", isi("situs_web", "https://kubarkab.bps.go.id"), "situs_web", "diubah",
          ("Situs web berubah dari “http://kubarkab.bps.go.id” menjadi “https://kubarkab.bps.go.id”.",)),
    Kasus("jam layanan kini dipublikasikan", isi("jam_layanan", JAM), "jam_layanan", "ditambahkan",
          ("Jam layanan kini dipublikasikan.", "Jam layanan Senin–Kamis ditambahkan: 08.00–15.30.",
           "Jam layanan Jumat ditambahkan: 08.00–16.00.")),
    Kasus("jam layanan berubah", isi("jam_layanan.1.tutup", "16.30"), "jam_layanan", "diubah",
          ("Jam layanan Jumat berubah dari 08.00–16.00 menjadi 08.00–16.30.",), dasar=isi("jam_layanan", JAM)),
    Kasus("jam layanan: istirahat Jumat", semua(isi("jam_layanan.1.tutup", "11.30"),
                                               sisipkan("jam_layanan", 2, {"hari": "Jumat", "buka": "13.30",
                                                                           "tutup": "16.00"})),
          "jam_layanan", "diubah",
          ("Jam layanan Jumat berubah dari 08.00–16.00 menjadi 08.00–11.30 dan 13.30–16.00.",),
          dasar=isi("jam_layanan", JAM)),
    Kasus("jam layanan: hari ditambahkan", sisipkan("jam_layanan", 2, {"hari": "Sabtu", "buka": "08.00",
                                                                       "tutup": "12.00"}),
          "jam_layanan", "diubah", ("Jam layanan Sabtu ditambahkan: 08.00–12.00.",), dasar=isi("jam_layanan", JAM)),
    Kasus("jam layanan: hari dihapus", buang("jam_layanan.1"), "jam_layanan", "diubah",
          ("Jam layanan Jumat (08.00–16.00) dihapus.",), dasar=isi("jam_layanan", JAM)),
    Kasus("zona waktu", isi("zona_waktu", "WIB"), "zona_waktu", "diubah",
          ("Zona waktu berubah dari WITA menjadi WIB.",)),
    Kasus("maklumat kini dipublikasikan", isi("maklumat", MAKLUMAT), "maklumat", "ditambahkan",
          ("Maklumat Pelayanan kini dipublikasikan.", "Maklumat berbunyi: “Dengan ini, kami menyatakan sanggup",
           "Penandatangan maklumat ditambahkan: “Nama Kepala, Kepala BPS Kabupaten Kutai Barat”.",
           "Tanggal maklumat ditambahkan: 2 Januari 2024.")),
    Kasus("maklumat: teks diubah",
          isi("maklumat.teks", "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar "
                               "pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap "
                               "menerima sanksi sesuai peraturan perundang-undangan yang berlaku."),
          "maklumat", "diubah", ("Teks maklumat diubah menjadi: “Dengan ini",
                                 "kami siap menerima sanksi sesuai peraturan perundang-undangan yang berlaku.”."),
          dasar=isi("maklumat", MAKLUMAT)),
    Kasus("maklumat: penandatangan berubah",
          isi("maklumat.penandatangan.jabatan", "Plt. Kepala BPS Kabupaten Kutai Barat"), "maklumat", "diubah",
          ("Penandatangan maklumat berubah dari “Nama Kepala, Kepala BPS Kabupaten Kutai Barat” menjadi "
           "“Nama Kepala, Plt. Kepala BPS Kabupaten Kutai Barat”.",), dasar=isi("maklumat", MAKLUMAT)),
    Kasus("maklumat: penandatangan kini dipublikasikan",
          isi("maklumat.penandatangan", MAKLUMAT["penandatangan"]), "maklumat", "diubah",
          ("Penandatangan maklumat kini dipublikasikan: “Nama Kepala, Kepala BPS Kabupaten Kutai Barat”.",),
          dasar=semua(isi("maklumat", MAKLUMAT), isi("maklumat.penandatangan", TIDAK_DIKETAHUI))),
    Kasus("maklumat: tanggal berubah", isi("maklumat.tanggal", dt.date(2025, 1, 6)), "maklumat", "diubah",
          ("Tanggal maklumat berubah dari 2 Januari 2024 menjadi 6 Januari 2025.",), dasar=isi("maklumat", MAKLUMAT)),
    Kasus("maklumat tidak lagi dipublikasikan", isi("maklumat", TIDAK_DIKETAHUI), "maklumat", "dihapus",
          ("Maklumat Pelayanan tidak lagi dipublikasikan: “tidak tercantum",), dasar=isi("maklumat", MAKLUMAT)),
    Kasus("pengelola pengaduan kini dipublikasikan", isi("pengelola_pengaduan", PENGELOLA), "pengelola_pengaduan",
          "ditambahkan", ("Pengelola pengaduan kini dipublikasikan.",
                          "Nama pengelola pengaduan ditambahkan: “Petugas Pengaduan PST”.",
                          "Alamat pengelola pengaduan ditambahkan: “Ruang PST, Jl. Sendawar Raya")),
    Kasus("pengelola pengaduan: nama dan alamat berubah",
          semua(isi("pengelola_pengaduan.nama", "Subbagian Umum BPS Kabupaten Kutai Barat"),
                isi("pengelola_pengaduan.alamat", "Ruang Subbagian Umum, Jl. Sendawar Raya (Jalur II) No. 4")),
          "pengelola_pengaduan", "diubah",
          ("Nama pengelola pengaduan berubah dari “Petugas Pengaduan PST” menjadi “Subbagian Umum BPS Kabupaten "
           "Kutai Barat”.", "Alamat pengelola pengaduan berubah dari “Ruang PST,"),
          dasar=isi("pengelola_pengaduan", PENGELOLA)),
    Kasus("tenggat pengaduan kini dipublikasikan", isi("tenggat_pengaduan", TENGGAT), "tenggat_pengaduan",
          "ditambahkan",
          ("Tahap dan jangka waktu penanganan pengaduan kini dipublikasikan.",
           "Tahap “Verifikasi pengaduan” ditambahkan dengan jangka waktu 3 hari kerja.",
           "Tahap “Penyelesaian pengaduan” ditambahkan dengan jangka waktu 14 hari kerja.")),
    Kasus("tenggat: waktu tahap berubah", isi("tenggat_pengaduan.2.waktu", "10 hari kerja"), "tenggat_pengaduan",
          "diubah", ("Jangka waktu tahap “Penyelesaian pengaduan” berubah dari 14 hari kerja menjadi "
                     "10 hari kerja.",), dasar=isi("tenggat_pengaduan", TENGGAT)),
    Kasus("tenggat: tahap ditambahkan",
          sisipkan("tenggat_pengaduan", 3, {"tahap": "Penyelesaian pengaduan yang memerlukan pemeriksaan",
                                            "waktu": "60 hari"}), "tenggat_pengaduan", "diubah",
          ("Tahap “Penyelesaian pengaduan yang memerlukan pemeriksaan” ditambahkan dengan jangka waktu 60 hari.",),
          dasar=isi("tenggat_pengaduan", TENGGAT), bukan=("diubah menjadi",)),
    Kasus("tenggat: tahap dihapus", buang("tenggat_pengaduan.1"), "tenggat_pengaduan", "diubah",
          ("Tahap “Tanggapan kepada pengadu” dihapus.",), dasar=isi("tenggat_pengaduan", TENGGAT)),
    Kasus("tenggat: tahap diubah namanya", isi("tenggat_pengaduan.0.tahap", "Verifikasi dan registrasi pengaduan"),
          "tenggat_pengaduan", "diubah",
          ("Tahap “Verifikasi pengaduan” diubah menjadi “Verifikasi dan registrasi pengaduan”.",),
          dasar=isi("tenggat_pengaduan", TENGGAT), bukan=("dihapus", "ditambahkan")),
    Kasus("tenggat: tahap bertukar urutan", tukar("tenggat_pengaduan", 0, 1), "tenggat_pengaduan", "diubah",
          ("Tahap “Tanggapan kepada pengadu” dan “Verifikasi pengaduan” bertukar urutan.",),
          dasar=isi("tenggat_pengaduan", TENGGAT)),
    Kasus("tenggat tidak lagi dipublikasikan", isi("tenggat_pengaduan", TIDAK_DIKETAHUI), "tenggat_pengaduan",
          "dihapus", ("Tahap dan jangka waktu penanganan pengaduan tidak lagi dipublikasikan",),
          dasar=isi("tenggat_pengaduan", TENGGAT)),
]


def _periksa(kasus: Kasus, perubahan: list[Perubahan]) -> None:
    terkait = [p for p in perubahan if p.komponen == kasus.komponen]
    assert len(terkait) == 1, ringkas(perubahan)
    [p] = terkait
    teks = "\n".join(p.kalimat)
    assert p.jenis == kasus.jenis, teks
    for potongan in kasus.kalimat:
        assert potongan in teks, f"{potongan!r} tidak ada dalam:\n{teks}"
    for potongan in kasus.bukan:
        assert potongan not in teks, f"{potongan!r} tidak boleh ada dalam:\n{teks}"
    for kalimat in p.kalimat:
        assert kalimat[:1].isupper() and kalimat.endswith("."), kalimat


@pytest.mark.parametrize("kasus", KASUS_LAYANAN, ids=[k.uraian for k in KASUS_LAYANAN])
def test_perubahan_layanan(kasus: Kasus) -> None:
    lama = _versi(SEED_LAYANAN, Layanan, kasus.dasar)
    baru = _versi(SEED_LAYANAN, Layanan, kasus.dasar, kasus.ubah)
    _periksa(kasus, bandingkan_layanan(lama, baru))


@pytest.mark.parametrize("kasus", KASUS_UNIT, ids=[k.uraian for k in KASUS_UNIT])
def test_perubahan_unit(kasus: Kasus) -> None:
    lama = _versi(SEED_UNIT, Unit, kasus.dasar)
    baru = _versi(SEED_UNIT, Unit, kasus.dasar, kasus.ubah)
    _periksa(kasus, bandingkan_unit(lama, baru))


def test_every_component_of_both_models_has_a_case() -> None:
    """The table covers every content field, so a new component cannot slip by untested."""
    from layanan.perbedaan import METADATA

    diuji_layanan = {k.komponen for k in KASUS_LAYANAN}
    diuji_unit = {k.komponen for k in KASUS_UNIT}
    assert set(Layanan.model_fields) - METADATA <= diuji_layanan
    assert set(Unit.model_fields) - METADATA <= diuji_unit


def test_identical_versions_have_no_difference() -> None:
    layanan = _versi(SEED_LAYANAN, Layanan)
    assert bandingkan_layanan(layanan, _versi(SEED_LAYANAN, Layanan)) == []
    unit = _versi(SEED_UNIT, Unit)
    assert bandingkan_unit(unit, _versi(SEED_UNIT, Unit)) == []
    assert ringkas([]) == "Tidak ada perubahan isi standar.\n"


def _metadata_baru(model: type) -> Ubah:
    def ubah(data: dict) -> None:
        baru = {
            "versi": "2025",
            "sk": {"nomor": "B-12/64070/HK.020/2025", "tanggal": dt.date(2025, 1, 6),
                   "penandatangan": "Kepala BPS Kabupaten Kutai Barat"},
            "berlaku_sejak": dt.date(2025, 2, 1),
            "ringkasan_perubahan": "Nomor SK dan tanggal berlaku kini dicantumkan.",
            "sumber": "https://kubarkab.bps.go.id/id/standar-pelayanan",
            "contoh": True,
        }
        data.update({nama: nilai for nama, nilai in baru.items() if nama in model.model_fields})
    return ubah


def test_version_metadata_is_not_a_change_of_content() -> None:
    layanan = _versi(SEED_LAYANAN, Layanan)
    assert bandingkan_layanan(layanan, _versi(SEED_LAYANAN, Layanan, _metadata_baru(Layanan))) == []
    unit = _versi(SEED_UNIT, Unit)
    assert bandingkan_unit(unit, _versi(SEED_UNIT, Unit, _metadata_baru(Unit))) == []


def test_changes_follow_the_regulations_order_of_components() -> None:
    ubah = semua(
        isi("evaluasi_kinerja", DAFTAR["evaluasi_kinerja"][0]),
        isi("dasar_hukum", DAFTAR["dasar_hukum"][0]),
        sisipkan("pengaduan.saluran", 1, EMAIL),
        BERTARIF,
        isi("waktu_penyelesaian.kunjungan_langsung.waktu", "15 menit"),
        tukar(KL, 0, 1),
        isi("persyaratan", PERSYARATAN),
        isi("nama", "Layanan Konsultasi Statistik"),
    )
    perubahan = bandingkan_layanan(_versi(SEED_LAYANAN, Layanan), _versi(SEED_LAYANAN, Layanan, ubah))

    komponen = [p.komponen for p in perubahan]
    assert komponen == ["nama", "persyaratan", "prosedur", "waktu_penyelesaian", "biaya", "pengaduan",
                        "dasar_hukum", "evaluasi_kinerja"]
    urutan_peraturan = [nama for nama, _ in PENYAMPAIAN + PENGELOLAAN]
    assert komponen[1:] == [nama for nama in urutan_peraturan if nama in komponen]
    assert [p.judul for p in perubahan][:3] == ["Nama layanan", "Persyaratan", "Sistem, mekanisme, dan prosedur"]


def test_several_changes_in_one_component_give_one_sentence_each() -> None:
    ubah = semua(
        isi(f"{KL}.1", "Pengguna layanan menemui petugas frontline unit PST BPS Kabupaten Kutai Barat"),
        buang(f"{KL}.7"),
        tukar(KL, 2, 3),
        sisipkan(ONLINE, 1, "Pengguna layanan mengisi Survei Kebutuhan Data (SKD)"),
    )
    [perubahan] = bandingkan_layanan(_versi(SEED_LAYANAN, Layanan), _versi(SEED_LAYANAN, Layanan, ubah))

    assert perubahan.komponen == "prosedur" and perubahan.jenis == "diubah"
    assert perubahan.kalimat == (
        f"Langkah 8 pada saluran kunjungan langsung dihapus: “{LANGKAH_KL[7]}”.",
        "Langkah 2 pada saluran kunjungan langsung diubah dari “Pengguna layanan menemui petugas frontline unit "
        "PST BPS KABUPATEN KUTAI BARAT” menjadi “Pengguna layanan menemui petugas frontline unit PST BPS "
        "Kabupaten Kutai Barat”.",
        "Langkah 3 dan 4 pada saluran kunjungan langsung bertukar urutan.",
        "Langkah 2 pada saluran online ditambahkan: “Pengguna layanan mengisi Survei Kebutuhan Data (SKD)”.",
    )


def test_a_field_added_to_the_model_later_is_compared_too() -> None:
    class LayananBaru(Layanan):
        loket: str | None = None

    lama = LayananBaru.model_validate(SEED_LAYANAN)
    baru = LayananBaru.model_validate({**SEED_LAYANAN, "loket": "Loket 2, lantai 1"})

    assert bandingkan_layanan(lama, baru) == [
        Perubahan("loket", "Loket", "ditambahkan", ("Loket ditambahkan: “Loket 2, lantai 1”.",))
    ]


def test_ringkas_prints_a_heading_per_component_and_its_sentences() -> None:
    ubah = semua(isi("waktu_penyelesaian.kunjungan_langsung.waktu", "15 menit"), isi("persyaratan", PERSYARATAN))
    teks = ringkas(bandingkan_layanan(_versi(SEED_LAYANAN, Layanan), _versi(SEED_LAYANAN, Layanan, ubah)))

    assert teks == (
        "Persyaratan (ditambahkan)\n"
        "- Persyaratan kini dipublikasikan.\n"
        "- Saluran kunjungan langsung ditambahkan dengan 1 butir: “Mengisi buku tamu elektronik”.\n"
        "- Saluran online ditambahkan dengan 2 butir: “Alamat email yang aktif” dan "
        "“Akun aplikasi PST (pst.bps.go.id)”.\n"
        "\n"
        "Jangka waktu penyelesaian (diubah)\n"
        "- Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit.\n"
    )
