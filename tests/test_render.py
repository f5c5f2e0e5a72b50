"""The renderer: values show literally, Indonesian formats, example data marked, navigation by hierarchy."""

from __future__ import annotations

import re

from layanan import formatting
from layanan.catalog import load
from layanan.render import render_site
from layanan.site import build

import datetime as dt

from conftest import SEED_SERVICE, SEED_UNIT, replace_in

PAID_FEE = """biaya:
  gratis: false
  tarif:
    - uraian: Publikasi cetak
      jumlah: 150000
      satuan: per buku
  dasar_hukum: Peraturan Pemerintah tentang tarif PNBP yang berlaku pada BPS
"""


def test_indonesian_formats() -> None:
    assert formatting.tanggal(dt.date(2026, 11, 23)) == "23 November 2026"
    assert formatting.rupiah(10000) == "Rp10.000"
    assert formatting.angka(1234.56) == "1.234,56"


def test_markup_in_a_standard_is_shown_as_text_not_run(project) -> None:
    replace_in(project.standard / SEED_SERVICE,
               "  - Jasa konsultasi informasi (data/metadata/klasifikasi/Rekomendasi) statistik",
               '  - "<script>alert(1)</script> *tebal* [tautan](http://contoh.invalid) # judul"')
    build(project)

    page = (project.root / "site/standar/pst-bps-kutai-barat/konsultasi-statistik/index.html").read_text(
        encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *tebal* [tautan](http://contoh.invalid) # judul" in page
    assert 'href="http://contoh.invalid"' not in page


def test_paid_service_shows_each_tariff_in_rupiah_with_its_legal_basis(project) -> None:
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    start, end = text.index("biaya:\n"), text.index("produk:\n")
    (project.standard / SEED_SERVICE).write_text(text[:start] + PAID_FEE + "\n" + text[end:], encoding="utf-8")

    files = render_site(load(project.standard).catalog, project.templates)

    page = files["pst-bps-kutai-barat/konsultasi-statistik.md"]
    assert "| Publikasi cetak | Rp150.000 per buku |" in page
    assert "Dasar hukum tarif: Peraturan Pemerintah tentang tarif PNBP" in page
    assert "**Biaya:** Publikasi cetak: **Rp150.000** per buku" in page


def test_example_data_is_marked_as_not_published_fact(project) -> None:
    replace_in(project.standard / SEED_SERVICE, "unit: pst-bps-kutai-barat\n",
               "unit: pst-bps-kutai-barat\ncontoh: true\n")

    files = render_site(load(project.standard).catalog, project.templates)

    assert '!!! warning "Data contoh"' in files["pst-bps-kutai-barat/konsultasi-statistik.md"]
    assert "Data contoh — bukan standar yang ditetapkan" in files["pst-bps-kutai-barat/index.md"]


def test_catalogue_groups_units_by_hierarchy_and_pages_lead_back_up(project) -> None:
    unit_text = (project.standard / SEED_UNIT).read_text(encoding="utf-8")
    samarinda_unit = project.standard / "unit/pst-bps-samarinda/versi-1.yaml"
    samarinda_unit.parent.mkdir()
    samarinda_unit.write_text(
        unit_text.replace("BPS Kabupaten Kutai Barat", "BPS Kota Samarinda"), encoding="utf-8")
    service_text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    samarinda_service = project.standard / "layanan/pst-bps-samarinda/samarinda/versi-1.yaml"
    samarinda_service.parent.mkdir(parents=True)
    samarinda_service.write_text(
        service_text.replace("unit: pst-bps-kutai-barat", "unit: pst-bps-samarinda"), encoding="utf-8")

    files = render_site(load(project.standard).catalog, project.templates)

    catalogue = files["index.md"]
    headings = re.findall(r"^(#+) (.+?) \{: #", catalogue, flags=re.MULTILINE)
    assert headings == [("##", "Badan Pusat Statistik"), ("###", "BPS Provinsi Kalimantan Timur"),
                        ("####", "BPS Kabupaten Kutai Barat"), ("####", "BPS Kota Samarinda")]
    samarinda = catalogue[catalogue.index("#### BPS Kota Samarinda"):]
    assert "- [Pelayanan Statistik Terpadu BPS Kota Samarinda](pst-bps-samarinda/index.md)" in samarinda
    crumbs = files["pst-bps-samarinda/samarinda.md"]
    assert ("[BPS Provinsi Kalimantan Timur](../index.md#h-badan-pusat-statistik--bps-provinsi-kalimantan-timur)"
            in crumbs)
    assert "› [PST BPS Kabupaten Kutai Barat](index.md)" not in crumbs
    assert "› [PST BPS Kota Samarinda](index.md)" in crumbs


def test_every_page_has_the_same_small_sidebar_however_many_units(project) -> None:
    """The sidebar is the four site pages; the hierarchy is reached through the pages."""
    build(project)
    page = (project.root / "site/standar/pst-bps-kutai-barat/konsultasi-statistik/index.html").read_text(
        encoding="utf-8")
    primary = page[page.index('md-nav--primary'):page.index('md-sidebar--secondary')]
    assert primary.count('class="md-nav__link') <= 6
    assert 'aria-label="Lokasi halaman"' in page
