"""Synthetic standards for benchmarks: N units × 5 services, each made from the seed's files.

Written in the versioned layout: standard/unit/<unit>/versi-1.yaml and
standard/layanan/<unit>/<service>/versi-1.yaml, one version each, as a first build finds them."""

from __future__ import annotations

import shutil
from pathlib import Path

from layanan.site import Project

REPO = Path(__file__).resolve().parent.parent
SEED_UNIT = REPO / "standard" / "unit" / "pst-bps-kutai-barat" / "versi-1.yaml"
SEED_SERVICE = REPO / "standard" / "layanan" / "pst-bps-kutai-barat" / "konsultasi-statistik" / "versi-1.yaml"
PROVINCES = 34
SERVICES = (
    ("konsultasi-statistik", "Pelayanan Konsultasi Statistik"),
    ("perpustakaan", "Pelayanan Perpustakaan"),
    ("penjualan-produk", "Pelayanan Penjualan Produk Statistik"),
    ("rekomendasi", "Pelayanan Rekomendasi Kegiatan Statistik"),
    ("pengaduan-data", "Pelayanan Permintaan Data Mikro"),
)


def write_standards(target: Path, units: int, services_per_unit: int = 5) -> int:
    """Write `units` synthetic units with `services_per_unit` services each; return the service count."""
    if target.exists():
        shutil.rmtree(target)
    (target / "unit").mkdir(parents=True)
    unit_text = SEED_UNIT.read_text(encoding="utf-8")
    service_text = SEED_SERVICE.read_text(encoding="utf-8")
    count = 0
    for number in range(1, units + 1):
        unit_id = f"pst-sintetis-{number:04d}"
        province = f"BPS Provinsi Sintetis {(number - 1) % PROVINCES + 1:02d}"
        regency = f"BPS Kabupaten Sintetis {number:04d}"
        text = (unit_text
                .replace("BPS Provinsi Kalimantan Timur", province)
                .replace("BPS Kabupaten Kutai Barat", regency)
                .replace("versi-baru pst-bps-kutai-barat", f"versi-baru {unit_id}"))
        unit_folder = target / "unit" / unit_id
        unit_folder.mkdir()
        (unit_folder / "versi-1.yaml").write_text(text, encoding="utf-8")
        for service_id, name in SERVICES[:services_per_unit]:
            body = (service_text
                    .replace("unit: pst-bps-kutai-barat", f"unit: {unit_id}")
                    .replace("nama: Pelayanan Konsultasi Statistik", f"nama: {name}")
                    .replace("BPS Kabupaten Kutai Barat", regency)
                    .replace("pst-bps-kutai-barat/konsultasi-statistik", f"{unit_id}/{service_id}"))
            folder = target / "layanan" / unit_id / service_id
            folder.mkdir(parents=True)
            (folder / "versi-1.yaml").write_text(body, encoding="utf-8")
            count += 1
    return count


def make_project(target: Path, units: int, services_per_unit: int = 5) -> Project:
    """A full project folder (templates, mkdocs.yml, site_src) holding synthetic standards."""
    if target.exists():
        shutil.rmtree(target)
    project = Project(REPO).copy_to(target, with_standards=False)
    write_standards(project.standard, units, services_per_unit)
    return project
