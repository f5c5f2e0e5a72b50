"""The published site of versioned standards: what is in force, what is announced, history, posters.

Every test builds a real copy of the project with the real generator and a strict MkDocs build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import SEED_SERVICE, SEED_UNIT, replace_in
from forms_app.published import PublishedCatalog
from layanan.formatting import durasi
from layanan.model import Saluran
from layanan.site import Project, build
from layanan.versions import PUBLISHED_RECORD

SERVICE_DIR = Path("standar/pst-bps-kutai-barat/konsultasi-statistik")
UNIT_DIR = Path("standar/pst-bps-kutai-barat")
BEFORE, ON, AFTER = dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 6, 1)


def add_second_version(project: Project) -> Path:
    """versi-2 of the seed service from 1 January 2027: the walk-in time 15 minutes and one more step."""
    first = project.standard / SEED_SERVICE
    second = first.with_name("versi-2.yaml")
    text = first.read_text(encoding="utf-8")
    text = text.replace("    waktu: 10 menit\n", "    waktu: 15 menit\n", 1)
    text = text.replace(
        "      - Pengguna layanan selesai mengakses layanan konsultasi kunjungan langsung\n",
        "      - Pengguna layanan selesai mengakses layanan konsultasi kunjungan langsung\n"
        "      - Petugas mencatat kunjungan pada buku tamu elektronik\n", 1)
    text = text.replace(
        "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan\n"
        "versi:\n  tidak_diketahui: versi tidak tercantum pada standar yang dipublikasikan\n",
        'berlaku_sejak: 2027-01-01\nversi: "2027"\n'
        "ringkasan_perubahan: Konsultasi kunjungan langsung diselesaikan paling lama 15 menit.\n", 1)
    assert "15 menit" in text and "2027-01-01" in text
    second.write_text(text, encoding="utf-8")
    return second


def page(site: Path, folder: Path) -> str:
    return (site / folder / "index.html").read_text(encoding="utf-8")


def test_an_upcoming_version_is_announced_not_in_force_until_its_date(project, tmp_path) -> None:
    add_second_version(project)

    build(project, site_dir=tmp_path / "sebelum", today=BEFORE)
    main = page(tmp_path / "sebelum", SERVICE_DIR)
    assert "10 menit" in main and "15 menit" not in main.split("Versi baru berlaku mulai")[0]
    assert "Versi baru berlaku mulai 1 Januari 2027" in main
    assert "Petugas mencatat kunjungan" not in main
    upcoming = page(tmp_path / "sebelum", SERVICE_DIR / "versi-2")
    assert "Akan berlaku mulai 1 Januari 2027" in upcoming
    assert "Versi ini belum berlaku" in upcoming
    assert "Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit." in upcoming
    assert "Langkah 9 pada saluran kunjungan langsung ditambahkan" in upcoming

    build(project, site_dir=tmp_path / "pada", today=ON)
    main = page(tmp_path / "pada", SERVICE_DIR)
    assert "15 menit" in main and "Petugas mencatat kunjungan pada buku tamu elektronik" in main
    assert "Versi baru berlaku mulai" not in main
    assert "Versi 2 (2027) · berlaku sejak 1 Januari 2027" in main
    old = page(tmp_path / "pada", SERVICE_DIR / "versi-1")
    assert "Tidak berlaku lagi" in old and "digantikan oleh versi 2 sejak 1 Januari 2027" in old
    assert 'href="../"' in old  # "Lihat standar yang berlaku sekarang" leads to the service's page
    history = page(tmp_path / "pada", SERVICE_DIR / "riwayat")
    assert history.index('href="../versi-2/"') < history.index('href="../versi-1/"')  # newest first
    assert "tidak berlaku lagi" in history and "<strong>berlaku</strong>" in history


def test_the_app_offers_the_version_the_published_site_shows(project) -> None:
    add_second_version(project)
    catalog = PublishedCatalog(project.root, check_every=0)

    build(project, today=BEFORE)
    service = catalog.catalog().services[0]
    assert service.in_force.number == 1 and [v.number for v in service.upcoming] == [2]

    build(project, today=ON)
    service = catalog.catalog().services[0]
    assert service.in_force.number == 2 and service.upcoming == ()
    assert durasi(service.layanan.waktu_penyelesaian[Saluran.kunjungan_langsung].waktu) == "15 menit"


def test_a_service_whose_first_version_is_ahead_is_announced_and_not_offered(project, tmp_path) -> None:
    folder = project.standard / "layanan/pst-bps-kutai-barat/perpustakaan"
    folder.mkdir(parents=True)
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    text = text.replace("nama: Pelayanan Konsultasi Statistik", "nama: Pelayanan Perpustakaan Statistik")
    text = text.replace(
        "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan\n",
        "berlaku_sejak: 2027-01-01\n", 1)
    (folder / "versi-1.yaml").write_text(text, encoding="utf-8")

    result = build(project, site_dir=tmp_path / "situs", today=BEFORE)
    assert [s.id for s in result.catalog.services] == ["konsultasi-statistik"]
    assert [s.id for s in result.catalog.announced_services] == ["perpustakaan"]
    announced = page(tmp_path / "situs", UNIT_DIR / "perpustakaan")
    assert "Akan berlaku mulai 1 Januari 2027" in announced
    assert "belum dapat diajukan" in announced
    assert "formulir/pst-bps-kutai-barat/perpustakaan/konsultasi/" not in announced
    unit = page(tmp_path / "situs", UNIT_DIR)
    assert "Pelayanan Perpustakaan Statistik" in unit and "berlaku mulai 1 Januari 2027" in unit

    result = build(project, site_dir=tmp_path / "kemudian", today=ON)
    assert [s.id for s in result.catalog.services] == ["konsultasi-statistik", "perpustakaan"]


def test_publishing_records_each_version_once_and_check_then_guards_it(project) -> None:
    record = project.standard / PUBLISHED_RECORD
    assert not record.exists()
    result = build(project, today=BEFORE)
    assert sorted(result.recorded) == [SEED_SERVICE.as_posix(), SEED_UNIT.as_posix()]
    first = json.loads(record.read_text(encoding="utf-8"))
    assert first["versi"][SEED_SERVICE.as_posix()]["terbit"] == "2026-12-31"

    again = build(project, today=AFTER)
    assert again.recorded == []
    assert json.loads(record.read_text(encoding="utf-8")) == first  # not rewritten

    add_second_version(project)
    third = build(project, today=AFTER)
    assert third.recorded == [SEED_SERVICE.with_name("versi-2.yaml").as_posix()]


def test_every_service_has_its_poster_and_every_unit_its_maklumat_linked_from_the_pages(project, tmp_path) -> None:
    result = build(project, site_dir=tmp_path / "situs")
    for service in result.catalog.services:
        poster = tmp_path / "situs/standar" / service.unit_id / service.id / f"standar-pelayanan-{service.id}.pdf"
        assert poster.read_bytes().startswith(b"%PDF-")
        assert f'href="/standar/{service.unit_id}/{service.id}/standar-pelayanan-{service.id}.pdf"' in page(
            tmp_path / "situs", Path("standar") / service.unit_id / service.id)
    for unit_id in result.catalog.units:
        maklumat = tmp_path / "situs/standar" / unit_id / "maklumat-pelayanan.pdf"
        assert maklumat.read_bytes().startswith(b"%PDF-")
        assert f'href="/standar/{unit_id}/maklumat-pelayanan.pdf"' in page(tmp_path / "situs", Path("standar") / unit_id)


def test_two_builds_give_identical_posters(project, tmp_path) -> None:
    build(project, site_dir=tmp_path / "pertama")
    shutil.rmtree(project.cache_dir)  # the second build renders everything again
    shutil.rmtree(project.generated_dir())
    build(project, site_dir=tmp_path / "kedua")
    pdfs = sorted((tmp_path / "pertama").rglob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        twin = tmp_path / "kedua" / pdf.relative_to(tmp_path / "pertama")
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == hashlib.sha256(twin.read_bytes()).hexdigest()


def test_the_cache_never_serves_a_page_whose_standard_or_template_changed(project, tmp_path) -> None:
    build(project, site_dir=tmp_path / "a")
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 12 menit\n")
    result = build(project, site_dir=tmp_path / "b")
    assert "pst-bps-kutai-barat/konsultasi-statistik.md" in result.written.written
    assert "12 menit" in page(tmp_path / "b", SERVICE_DIR)
    assert "pst-bps-kutai-barat/profil/versi-1.md" in result.written.unchanged

    replace_in(project.templates / "layanan_riwayat.md.j2", "Setiap versi standar ini", "Semua versi standar ini")
    result = build(project, site_dir=tmp_path / "c")
    assert "Semua versi standar ini" in page(tmp_path / "c", SERVICE_DIR / "riwayat")


@pytest.mark.parametrize("broken", ["kosong", "sampah"])
def test_a_damaged_cache_is_ignored(project, tmp_path, broken) -> None:
    build(project, site_dir=tmp_path / "a")
    for cached in project.cache_dir.glob("*.pickle"):
        cached.write_bytes(b"" if broken == "kosong" else b"\x80\x05bukan pickle")
    result = build(project, site_dir=tmp_path / "b")
    assert "10 menit" in page(tmp_path / "b", SERVICE_DIR)
    assert result.catalog.services[0].id == "konsultasi-statistik"
