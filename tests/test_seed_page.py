"""Every fact of the published seed appears on the built service page (real MkDocs build)."""

from __future__ import annotations

import html
import re

import pytest

SERVICE_PAGE = "site/standar/pst-bps-kutai-barat/konsultasi-statistik/index.html"

SEED_FACTS = [
    # the unit and where it sits
    "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat",
    "Jl. Sendawar Raya (Jalur II) No. 4 Kompleks Perkantoran Sendawar",
    "(0545) 4046036",
    "75776",
    "http://kubarkab.bps.go.id",
    "Badan Pusat Statistik",
    "Sekretariat Utama",
    "Pelayanan Statistik Terpadu BPS Provinsi Kalimantan Timur",
    "BPS Provinsi Kalimantan Timur",
    # the service
    "Pelayanan Konsultasi Statistik",
    "Nomor SK:",
    "Persyaratan",
    # walk-in procedure, 8 steps
    "Pengguna layanan datang langsung ke unit PST BPS Kabupaten Kutai Barat",
    "Pengguna layanan menemui petugas frontline unit PST BPS KABUPATEN KUTAI BARAT",
    "Pengguna layanan mengisi buku tamu elektronik dan mengantri",
    "Pengguna layanan melakukan konsultasi dengan petugas layanan",
    "Pengguna layanan menerima informasi statistik yang dikonsultasikan",
    "Pengguna layanan dapat lanjut pada layanan penjualan produk statistik jika akan melakukan "
    "pembelian secara langsung maupun online",
    "Pengguna layanan memberikan penilaian/rating/ pengaduan terhadap kualitas pelayanan konsultasi statistic",
    "Pengguna layanan selesai mengakses layanan konsultasi kunjungan langsung",
    # online procedure, 6 steps
    "Pengguna layanan mengakses layanan konsultasi statistik melalui aplikasi pst.bps.go.id, webchat atau email.",
    "Pengguna layanan melakukan konsultasi statistik melalui aplikasi yang digunakan",
    "Petugas memberikan informasi berkaitan dengan materi yang dikonsultasikan pengguna layanan.",
    "Petugas layanan menutup percakapan online jika layanan konsultasi telah selesai",
    "Pengguna layanan memberikan penilaian/rating/pengaduan terhadap kualitas pelayanan konsultasi statistik",
    "Pengguna layanan selesai mengakses layanan konsultasi statistik online",
    # completion time, fee, product, complaints
    "10 menit",
    "“10”",
    "Tidak dipungut biaya",
    "Jasa konsultasi informasi (data/metadata/klasifikasi/Rekomendasi) statistik",
    "Kotak saran dan pengaduan",
]


@pytest.fixture(scope="module")
def page_text(built_seed_site) -> str:
    raw = (built_seed_site.root / SERVICE_PAGE).read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_fact_of_the_seed_is_on_the_service_page(page_text: str, fact: str) -> None:
    assert " ".join(fact.split()) in page_text


def test_procedures_are_numbered_steps_per_channel(built_seed_site) -> None:
    raw = (built_seed_site.root / SERVICE_PAGE).read_text(encoding="utf-8")
    walk_in = raw[raw.index('id="prosedur-kunjungan-langsung"'):raw.index('id="prosedur-online"')]
    online = raw[raw.index('id="prosedur-online"'):raw.index("3. Jangka waktu penyelesaian</h2>")]
    assert walk_in.count("<li>") == 8 and "<ol>" in walk_in
    assert online.count("<li>") == 6 and "<ol>" in online


def test_delivery_components_come_first_in_the_regulations_order(page_text: str) -> None:
    order = ["1. Persyaratan", "2. Sistem, mekanisme, dan prosedur", "3. Jangka waktu penyelesaian",
             "4. Biaya/tarif", "5. Produk pelayanan", "6. Penanganan pengaduan, saran, dan masukan",
             "Komponen pengelolaan pelayanan", "Dasar hukum", "Evaluasi kinerja pelaksana"]
    positions = [page_text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_what_the_seed_leaves_out_is_said_to_be_unpublished(page_text: str) -> None:
    summary = page_text[page_text.index("Ringkasan"):page_text.index("1. Persyaratan")]
    assert "Kunjungan langsung: 10 menit" in summary
    assert "Online: belum dipublikasikan" in summary
    assert "Gratis" in summary
    assert "bagian \"Persyaratan\" kosong pada standar yang dipublikasikan" in page_text
    assert "nomor SK tidak tercantum" in page_text
