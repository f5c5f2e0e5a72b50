"""The A4 posters: the seed's standard and a richer one, read back as a reader and a phone would.

Text is extracted with pypdf, pages are rendered with PDFium and their QR codes decoded with
zxing-cpp, so each test checks what is printed, not how the PDF was made.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from reportlab.pdfbase import pdfmetrics

from layanan.model import PENYAMPAIAN, Layanan, Unit
from layanan.poster import poster_layanan, poster_maklumat
from layanan.poster.page import FONT, FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC, register_fonts
from layanan.yamlfile import read_yaml

REPO = Path(__file__).resolve().parent.parent
SITE = "https://standar.kubarkab.example.go.id/"
A4_POINTS = (595.28, 841.89)
INDONESIAN_PUNCTUATION = "–—“”‘’•…"


def seed_file(pattern: str) -> Path:
    found = sorted((REPO / "standard").glob(pattern))
    assert found, f"no seed file matches standard/{pattern}"
    return found[0]


def seed_data(pattern: str) -> dict:
    return read_yaml(seed_file(pattern)).data


SEED_UNIT = seed_data("unit/**/pst-bps-kutai-barat/versi-1.yaml")
SEED_SERVICE = seed_data("layanan/**/konsultasi-statistik/versi-1.yaml")

MAKLUMAT_TEXT = (
    "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai dengan standar pelayanan "
    "yang telah ditetapkan — dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai "
    "peraturan perundang-undangan yang berlaku.\n\n"
    "Kami melayani dengan “cepat, tepat, dan ramah” – tanpa pungutan di luar tarif resmi… "
    "Nilai kami: ‘melayani dengan hati’ • integritas • profesional."
)


def rich_unit_data() -> dict:
    data = copy.deepcopy(SEED_UNIT)
    data.update(
        email="pst6407@bps.go.id",
        jam_layanan=[
            {"hari": "Senin–Kamis", "buka": "08.00", "tutup": "15.30"},
            {"hari": "Jumat", "buka": "08.00", "tutup": "16.00"},
        ],
        maklumat={
            "teks": MAKLUMAT_TEXT,
            "penandatangan": {"nama": "Rini Wulandari, S.Si., M.Si.",
                              "jabatan": "Kepala BPS Kabupaten Kutai Barat"},
            "tanggal": dt.date(2025, 1, 2),
        },
        pengelola_pengaduan={"nama": "Petugas Pengaduan PST", "alamat": "Ruang PST, Jl. Sendawar Raya No. 4"},
        tenggat_pengaduan=[
            {"tahap": "Verifikasi pengaduan", "waktu": "3 hari kerja"},
            {"tahap": "Tanggapan kepada pengadu", "waktu": "5 hari kerja"},
        ],
    )
    return data


WALK_IN_STEPS = [
    "Pengguna layanan datang ke ruang PST dan mengambil nomor antrean pada mesin antrean di dekat pintu masuk",
    "Pengguna layanan mengisi buku tamu elektronik dengan nama, instansi, alamat email, dan keperluan data",
    "Petugas frontline menanyakan produk statistik yang dibutuhkan dan memeriksa ketersediaannya di katalog",
    "Petugas menyampaikan rincian tarif sesuai PP Nomor 7 Tahun 2015 serta perkiraan waktu penyiapan produk",
    "Pengguna layanan menyetujui rincian tarif dan menerima kode billing untuk pembayaran PNBP",
    "Pengguna layanan membayar melalui bank persepsi, kantor pos, atau kanal pembayaran elektronik yang sah",
    "Petugas memverifikasi bukti pembayaran pada sistem informasi PNBP online (SIMPONI)",
    "Petugas menyiapkan produk statistik dalam bentuk cetak atau berkas digital sesuai pesanan",
    "Pengguna layanan menerima produk statistik beserta kuitansi dan menandatangani tanda terima",
    "Pengguna layanan mengisi survei kebutuhan data dan memberikan penilaian terhadap kualitas pelayanan",
]
ONLINE_STEPS = [
    "Pengguna layanan membuka aplikasi Silastik dan masuk dengan akun yang telah diverifikasi melalui email",
    "Pengguna layanan memilih menu penjualan produk statistik dan mengisi formulir permintaan data",
    "Pengguna layanan mengunggah surat pengantar bila permintaan diajukan atas nama instansi",
    "Petugas menelaah permintaan dan menghubungi pengguna layanan bila spesifikasi data belum jelas",
    "Petugas menghitung tarif sesuai PP Nomor 7 Tahun 2015 dan mengirim rincian tarif melalui aplikasi",
    "Pengguna layanan menyetujui rincian tarif; aplikasi menerbitkan kode billing yang berlaku tujuh hari",
    "Pengguna layanan membayar melalui bank persepsi atau kanal pembayaran elektronik sebelum kode billing kedaluwarsa",
    "Petugas memverifikasi pembayaran pada SIMPONI dan mengubah status permintaan menjadi diproses",
    "Petugas menyiapkan berkas data dan memeriksa kerahasiaan data individu sebelum dikirim",
    "Pengguna layanan mengunduh berkas data dari aplikasi dan menerima kuitansi elektronik melalui email",
    "Pengguna layanan memberikan penilaian dan, bila perlu, pengaduan terhadap kualitas pelayanan",
    "Permintaan ditutup oleh petugas setelah pengguna layanan mengonfirmasi bahwa data telah diterima lengkap",
]
LETTER_STEPS = [
    "Pengguna layanan mengirim surat permintaan data yang ditandatangani pimpinan instansi ke alamat kantor",
    "Petugas tata usaha mencatat surat masuk dan meneruskannya kepada petugas PST pada hari kerja yang sama",
    "Petugas PST menelaah permintaan, menghitung tarif, dan mengirim surat balasan berisi rincian tarif",
    "Pengguna layanan membayar tarif dengan kode billing yang tercantum pada surat balasan",
    "Petugas mengirim produk statistik melalui pos tercatat atau email resmi instansi pengguna layanan",
]
TARIFFS = [
    {"uraian": "Publikasi cetak", "jumlah": 50000, "satuan": "per buku"},
    {"uraian": "Data mikro Susenas", "jumlah": 1250000, "satuan": "per set"},
    {"uraian": "Tabel khusus", "jumlah": 150000, "satuan": "per tabel"},
    {"uraian": "Peta wilayah kerja statistik", "jumlah": 75000, "satuan": "per lembar"},
    {"uraian": "Salinan berkas digital publikasi", "jumlah": 25000, "satuan": "per judul"},
]


def rich_service_data() -> dict:
    data = copy.deepcopy(SEED_SERVICE)
    data.update(
        nama="Penjualan Produk Statistik",
        sk={"nomor": "B-045/64070/HK.020/2025", "tanggal": dt.date(2025, 1, 2),
            "penandatangan": "Kepala BPS Kabupaten Kutai Barat"},
        berlaku_sejak=dt.date(2025, 1, 2),
        versi="2025",
        persyaratan={
            "kunjungan_langsung": ["Kartu identitas (KTP, SIM, atau paspor)", "Alamat email yang aktif"],
            "online": ["Akun pada aplikasi Silastik", "Alamat email yang aktif"],
            "surat": ["Surat permintaan data yang ditandatangani pimpinan instansi"],
        },
        prosedur={
            "kunjungan_langsung": {"langkah": WALK_IN_STEPS},
            "online": {"langkah": ONLINE_STEPS},
            "surat": {"langkah": LETTER_STEPS},
        },
        waktu_penyelesaian={
            "kunjungan_langsung": {"waktu": "30 menit", "keterangan": "setelah pembayaran terverifikasi"},
            "online": {"waktu": "3 hari kerja", "keterangan": "setelah pembayaran terverifikasi"},
            "surat": "10 hari kerja",
        },
        biaya={"gratis": False, "tarif": TARIFFS,
               "dasar_hukum": "PP Nomor 7 Tahun 2015 tentang Jenis dan Tarif atas Jenis PNBP pada BPS"},
        produk=["Publikasi statistik cetak dan digital", "Data mikro <format CSV & SPSS>"],
        pengaduan={"saluran": [
            {"jenis": "email", "alamat": "pst6407@bps.go.id"},
            {"jenis": "sp4n_lapor", "alamat": "https://www.lapor.go.id"},
            {"jenis": "telepon", "alamat": "(0545) 4046036"},
            {"jenis": "kotak_saran", "tertulis": "Kotak saran dan pengaduan"},
        ]},
    )
    return data


def urls(unit_id: str, service_id: str) -> dict[str, str]:
    return {
        "page_url": f"{SITE}standar/{unit_id}/{service_id}/",
        "complaint_url": f"{SITE}formulir/{unit_id}/pengaduan/?layanan={service_id}",
    }


def make_service_poster(unit_data: dict, service_data: dict, service_id: str, label: str) -> bytes:
    return poster_layanan(
        Unit.model_validate(unit_data), Layanan.model_validate(service_data),
        unit_id="pst-bps-kutai-barat", service_id=service_id, version_label=label,
        **urls("pst-bps-kutai-barat", service_id),
    )


def make_maklumat_poster(unit_data: dict) -> bytes:
    return poster_maklumat(Unit.model_validate(unit_data), unit_id="pst-bps-kutai-barat",
                           page_url=f"{SITE}standar/pst-bps-kutai-barat/")


@pytest.fixture(scope="module")
def seed_poster() -> bytes:
    return make_service_poster(SEED_UNIT, SEED_SERVICE, "konsultasi-statistik", "Versi 1")


@pytest.fixture(scope="module")
def rich_poster() -> bytes:
    return make_service_poster(rich_unit_data(), rich_service_data(), "penjualan-produk-statistik", "Versi 2 (2025)")


# --- reading a PDF back ---------------------------------------------------------

FOOTER_LINE = re.compile(r"^(Standar Pelayanan|Maklumat Pelayanan) · .*$|^Halaman \d+ dari \d+$", re.MULTILINE)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages]


def body_text(pdf: bytes) -> str:
    """All pages' text without the page footers, whitespace collapsed, so a paragraph that
    continues on the next page reads as one."""
    return " ".join(" ".join(FOOTER_LINE.sub("", text).split()) for text in page_texts(pdf))


def qr_contents(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=200 / 72).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    return sorted(found)


def assert_a4(pdf: bytes) -> None:
    pages = pypdf.PdfReader(BytesIO(pdf)).pages
    assert pages
    for page in pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=0.1), f"page is {size} points, not A4 portrait"


def assert_fonts_embedded(pdf: bytes) -> None:
    seen = []
    for page in pypdf.PdfReader(BytesIO(pdf)).pages:
        for name, reference in page["/Resources"]["/Font"].items():
            font = reference.get_object()
            seen.append(font["/BaseFont"])
            assert "/FontDescriptor" in font, f"font {name} ({font['/BaseFont']}) has no descriptor: not embedded"
            assert "/FontFile2" in font["/FontDescriptor"], f"font {font['/BaseFont']} is not embedded as TrueType"
            assert "/ToUnicode" in font, f"font {font['/BaseFont']} has no ToUnicode map: text cannot be copied"
    assert seen


# --- the seed ---------------------------------------------------------------


def test_seed_poster_is_one_a4_page_with_embedded_fonts(seed_poster: bytes) -> None:
    assert_a4(seed_poster)
    assert len(pypdf.PdfReader(BytesIO(seed_poster)).pages) == 1
    assert_fonts_embedded(seed_poster)


def test_seed_poster_holds_the_six_components_time_and_fee(seed_poster: bytes) -> None:
    text = body_text(seed_poster)
    for number, (_, heading) in enumerate(PENYAMPAIAN, start=1):
        assert f"{number}. {heading}" in text
    assert "10 menit" in text
    assert "Tidak dipungut biaya" in text
    assert "Pelayanan Konsultasi Statistik" in text
    assert "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat" in text
    for step in SEED_SERVICE["prosedur"]["kunjungan_langsung"]["langkah"]:
        assert " ".join(step.split()) in text


def test_seed_poster_says_what_is_not_published(seed_poster: bytes) -> None:
    text = body_text(seed_poster)
    assert "Maklumat Pelayanan belum dipublikasikan (Maklumat Pelayanan unit ini tidak tercantum" in text
    assert "Nomor SK: belum dipublikasikan" in text
    assert "Tanggal SK: belum dipublikasikan" in text
    assert "Ditetapkan oleh: belum dipublikasikan" in text
    assert "Versi: Versi 1" in text
    assert "Persyaratan\" kosong pada standar yang dipublikasikan" in text
    assert "Online: Belum dipublikasikan (sumber tidak menulis waktu penyelesaian" in text


def test_seed_poster_qr_codes_lead_to_the_page_and_the_complaint_form(seed_poster: bytes) -> None:
    expected = urls("pst-bps-kutai-barat", "konsultasi-statistik")
    assert qr_contents(seed_poster) == sorted(expected.values())
    printed = "".join(body_text(seed_poster).split())  # the URLs are printed too, broken over lines
    assert expected["page_url"] in printed
    assert expected["complaint_url"] in printed


def test_seed_poster_is_the_same_bytes_every_time(seed_poster: bytes) -> None:
    again = make_service_poster(SEED_UNIT, SEED_SERVICE, "konsultasi-statistik", "Versi 1")
    assert again == seed_poster
    other = make_service_poster(SEED_UNIT, SEED_SERVICE, "konsultasi-statistik", "Versi 2")
    assert other != seed_poster  # the comparison can fail: the version label is in the bytes


def test_another_process_makes_the_same_bytes(seed_poster: bytes) -> None:
    """A later `layanan build` is another process, with another hash seed and other object ids."""
    script = (
        "import hashlib, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "import test_poster as t\n"
        "print(hashlib.sha256(t.make_service_poster(t.SEED_UNIT, t.SEED_SERVICE, 'konsultasi-statistik',"
        " 'Versi 1')).hexdigest())\n"
        "print(hashlib.sha256(t.make_maklumat_poster(t.rich_unit_data())).hexdigest())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert result.stdout.split() == [
        hashlib.sha256(seed_poster).hexdigest(),
        hashlib.sha256(make_maklumat_poster(rich_unit_data())).hexdigest(),
    ]


# --- a richer standard: tariffs, long procedures on three channels, a known Maklumat -----------


def test_rich_poster_flows_onto_a_second_a4_page_without_losing_text(rich_poster: bytes) -> None:
    assert_a4(rich_poster)
    assert_fonts_embedded(rich_poster)
    pages = page_texts(rich_poster)
    assert len(pages) == 2
    assert "Halaman 1 dari 2" in pages[0] and "Halaman 2 dari 2" in pages[1]
    text = body_text(rich_poster)
    for steps in (WALK_IN_STEPS, ONLINE_STEPS, LETTER_STEPS):
        for number, step in enumerate(steps, start=1):
            assert f"{number}. {step}" in text
    for number, (_, heading) in enumerate(PENYAMPAIAN, start=1):
        assert f"{number}. {heading}" in text


def test_rich_poster_shows_times_tariffs_and_adoption(rich_poster: bytes) -> None:
    text = body_text(rich_poster)
    assert "30 menit" in text and "3 hari kerja" in text and "10 hari kerja" in text
    for amount in ("Rp50.000", "Rp1.250.000", "Rp150.000", "Rp75.000", "Rp25.000"):
        assert amount in text
    assert "Publikasi cetak: Rp50.000 per buku" in text  # component 4 lists every tariff
    assert "dan 1 tarif lain: lihat bagian 4" in text  # the fee box shows four
    assert "Dasar hukum tarif: PP Nomor 7 Tahun 2015" in text
    assert "Tidak dipungut biaya" not in text
    assert "Nomor SK: B-045/64070/HK.020/2025" in text
    assert "Tanggal SK: 2 Januari 2025" in text
    assert "Berlaku sejak: 2 Januari 2025" in text
    assert "Ditetapkan oleh: Kepala BPS Kabupaten Kutai Barat" in text
    assert "Jam layanan: Senin–Kamis 08.00–15.30; Jumat 08.00–16.00 WITA" in text
    assert "Pengelola pengaduan: Petugas Pengaduan PST, Ruang PST, Jl. Sendawar Raya No. 4" in text
    assert "Data mikro <format CSV & SPSS>" in text  # markup characters print as they are


def test_rich_poster_carries_the_maklumat_with_indonesian_punctuation(rich_poster: bytes) -> None:
    text = body_text(rich_poster)
    for paragraph in MAKLUMAT_TEXT.split("\n\n"):
        assert " ".join(paragraph.split()) in text
    assert "Rini Wulandari, S.Si., M.Si., Kepala BPS Kabupaten Kutai Barat; tanggal 2 Januari 2025" in text
    assert "belum dipublikasikan" not in text


def test_rich_poster_qr_codes_decode(rich_poster: bytes) -> None:
    assert qr_contents(rich_poster) == sorted(urls("pst-bps-kutai-barat", "penjualan-produk-statistik").values())


def test_rich_poster_is_the_same_bytes_every_time(rich_poster: bytes) -> None:
    again = make_service_poster(rich_unit_data(), rich_service_data(), "penjualan-produk-statistik",
                                "Versi 2 (2025)")
    assert again == rich_poster


# --- the Maklumat poster ------------------------------------------------------


def test_maklumat_poster_of_the_seed_says_it_is_not_published() -> None:
    pdf = make_maklumat_poster(SEED_UNIT)
    assert_a4(pdf)
    assert_fonts_embedded(pdf)
    text = body_text(pdf)
    assert "MAKLUMAT PELAYANAN" in text
    assert "Maklumat Pelayanan belum dipublikasikan." in text
    assert "Alasan: Maklumat Pelayanan unit ini tidak tercantum pada standar yang dipublikasikan." in text
    assert qr_contents(pdf) == [f"{SITE}standar/pst-bps-kutai-barat/"]
    assert make_maklumat_poster(SEED_UNIT) == pdf


def test_maklumat_poster_prints_the_text_signer_and_date() -> None:
    pdf = make_maklumat_poster(rich_unit_data())
    assert_a4(pdf)
    assert_fonts_embedded(pdf)
    assert len(page_texts(pdf)) == 1
    text = body_text(pdf)
    assert "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat" in text
    for paragraph in MAKLUMAT_TEXT.split("\n\n"):
        assert " ".join(paragraph.split()) in text
    assert "2 Januari 2025 Kepala BPS Kabupaten Kutai Barat Rini Wulandari, S.Si., M.Si." in text
    assert "belum dipublikasikan" not in text
    assert qr_contents(pdf) == [f"{SITE}standar/pst-bps-kutai-barat/"]
    assert make_maklumat_poster(rich_unit_data()) == pdf


def test_maklumat_poster_with_unknown_signer_and_date() -> None:
    data = rich_unit_data()
    data["maklumat"] = {**data["maklumat"], "penandatangan": {"tidak_diketahui": "tidak tercantum"},
                        "tanggal": {"tidak_diketahui": "tidak tercantum"}}
    text = body_text(make_maklumat_poster(data))
    assert "Tanggal: belum dipublikasikan" in text
    assert "Penandatangan: belum dipublikasikan" in text
    assert "Rini Wulandari" not in text


def test_the_fonts_carry_indonesian_text() -> None:
    """Every face has a glyph for the letters and punctuation Indonesian standards are written with."""
    register_fonts()
    needed = "".join(chr(c) for c in range(0x20, 0x7F)) + INDONESIAN_PUNCTUATION + "›·éÉ"
    for name in (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC):
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        assert [ch for ch in needed if ord(ch) not in glyphs] == [], name


def test_example_data_is_marked_on_the_poster() -> None:
    data = {**copy.deepcopy(SEED_SERVICE), "contoh": True}
    text = body_text(make_service_poster(SEED_UNIT, data, "konsultasi-statistik", "Versi 1"))
    assert "DATA CONTOH — bukan standar pelayanan yang ditetapkan oleh unit ini." in text
    assert "DATA CONTOH" not in body_text(make_service_poster(SEED_UNIT, SEED_SERVICE, "konsultasi-statistik",
                                                               "Versi 1"))
