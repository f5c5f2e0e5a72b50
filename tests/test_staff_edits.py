"""What a staff member editing the standard hit (issue 7, item 7), each through `layanan check`,
the loader or the rendered pages."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from layanan.catalog import load
from layanan.cli import main
from layanan.model import PENGELOLAAN, PENYAMPAIAN, Layanan, Unit
from layanan.reference import field_docs
from layanan.render import render_site
from layanan.site import build

from conftest import SEED_SERVICE, SEED_UNIT, replace_in

UNIT_PAGE = "pst-bps-kutai-barat/index.md"
SERVICE_PAGE = "pst-bps-kutai-barat/konsultasi-statistik.md"
HOURS = ("jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
         "jam_layanan:\n  - hari: Senin–Kamis\n    buka: {open}\n    tutup: 15.30")


def _component_block(text: str, name: str) -> str:
    """The whole top-level block `name:` of a service file."""
    match = re.search(rf"^{name}:.*?(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, name
    return match.group(0)


def _hours(project, opening: str) -> None:  # noqa: ANN001
    replace_in(project.standard / SEED_UNIT, HOURS[0], HOURS[1].format(open=opening))


# --- the unknown form, everywhere ---------------------------------------------------------------


def test_a_procedure_per_channel_can_be_unknown_and_is_shown_unpublished(project):
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    online = re.search(r"^  online:\n    langkah:\n(?:      - .*\n)+", text, re.MULTILINE).group(0)
    (project.standard / SEED_SERVICE).write_text(
        text.replace(online, "  online:\n    tidak_diketahui: langkah online belum ditetapkan\n"), encoding="utf-8")

    result = load(project.standard)

    assert result.errors == []
    assert ("prosedur.online", "langkah online belum ditetapkan") in {
        (p.field, p.message.split("(")[1].split(")")[0]) for p in result.warnings if p.field == "prosedur.online"}
    page = render_site(result.catalog, project.templates)[SERVICE_PAGE]
    section = page.split("## 2. Sistem, mekanisme, dan prosedur")[1].split("## 3.")[0]
    assert "### Online" in section and "langkah online belum ditetapkan" in section
    assert "Belum dipublikasikan" in section
    # Beside the online form's button too, where a reader in a hurry looks.
    top = page.split("## 1. Persyaratan")[0]
    assert "Ajukan permintaan konsultasi secara online" in top
    assert "Prosedur online layanan ini belum dipublikasikan (langkah online belum ditetapkan)" in top


@pytest.mark.parametrize("component", [name for name, _ in PENYAMPAIAN + PENGELOLAAN])
def test_every_component_accepts_the_unknown_form(project, component):
    path = project.standard / SEED_SERVICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(_component_block(text, component),
                                 f"{component}:\n  tidak_diketahui: belum ditetapkan oleh unit\n\n"),
                    encoding="utf-8")

    result = load(project.standard)

    assert result.errors == [], [p.format() for p in result.errors]
    assert any(p.field and p.field.startswith(component) and "belum ditetapkan oleh unit" in p.message
               for p in result.warnings)
    page = render_site(result.catalog, project.templates)[SERVICE_PAGE]
    assert "belum ditetapkan oleh unit" in page


def test_every_component_unknown_at_once_builds_a_site(project):
    path = project.standard / SEED_SERVICE
    text = path.read_text(encoding="utf-8")
    for component, _ in PENYAMPAIAN + PENGELOLAAN:
        text = text.replace(_component_block(text, component),
                            f"{component}:\n  tidak_diketahui: belum ditetapkan\n\n")
    path.write_text(text, encoding="utf-8")

    build(project)  # strict MkDocs: the pages of a wholly unpublished service still render

    assert (project.site_dir / "standar/pst-bps-kutai-barat/konsultasi-statistik/index.html").is_file()


# --- errors reported once, truthfully, all of them ----------------------------------------------


def test_an_error_in_a_unit_file_does_not_claim_its_unit_is_missing(project):
    replace_in(project.standard / SEED_UNIT, "zona_waktu: WITA", "zona_waktu: WITAA")
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

    result = load(project.standard)

    messages = [p.format(project.root) for p in result.problems]
    assert not any("tidak ada" in m for m in messages), messages
    # Both files' own errors in the same run: the service is checked even while its unit has errors.
    errors = [p.format(project.root) for p in result.errors]
    assert errors == [
        f"standard/{SEED_SERVICE.as_posix()}:53: galat: waktu_penyelesaian.kunjungan_langsung.waktu: "
        "'10' tidak punya satuan — tulis misalnya '10 menit', '10 jam', '10 hari', atau '10 hari kerja'",
        f"standard/{SEED_UNIT.as_posix()}:47: galat: zona_waktu: 'WITAA' tidak dikenal — pilih salah satu: "
        "'WIB', 'WITA' atau 'WIT'",
    ]


def test_an_impossible_date_does_not_hide_the_other_errors_of_its_file(project):
    replace_in(project.standard / SEED_SERVICE,
               "berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang dipublikasikan",
               "berlaku_sejak: 2026-02-30")
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

    errors = load(project.standard).errors

    found = {(e.field, e.line) for e in errors}
    assert ("berlaku_sejak", 20) in found
    assert ("waktu_penyelesaian.kunjungan_langsung.waktu", 52) in found
    assert any("'2026-02-30' bukan tanggal yang ada" in e.message for e in errors)


def test_check_prints_to_stdout_and_counts_files_honestly(project):
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

    result = CliRunner().invoke(main, ["check", "--project", str(project.root)])

    assert result.exit_code == 1
    assert result.stderr == ""
    assert "konsultasi-statistik/versi-1.yaml:53: galat:" in result.stdout
    # The unit's 11 warnings: 6 components it does not publish, and its version, SK (number, date,
    # signer) and effective date, none of which its source gives.
    assert ("2 file diperiksa (1 unit, 1 layanan): 1 file bergalat (1 galat), "
            "1 file dengan peringatan (11 peringatan)") in result.stdout


# --- values staff write -------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "kept"), [("08.00", "08.00"), ("08.30", "08.30"), ("8.30", "08.30"),
                                               ('"08.00"', "08.00"), ("08:00", "08.00"), ("8:00", "08.00")])
def test_opening_hours_accept_the_indonesian_form(project, written, kept):
    _hours(project, written)

    result = load(project.standard)

    assert result.errors == [], [p.format() for p in result.errors]
    assert result.catalog.units["pst-bps-kutai-barat"].unit.jam_layanan[0].buka == kept


def test_an_hour_that_cannot_be_read_is_advised_in_the_form_that_is_accepted(project):
    _hours(project, "8.0")

    errors = load(project.standard).errors

    assert [(e.field, e.line) for e in errors] == [("jam_layanan[1].buka", 47)]
    assert "'8.0' bukan jam" in errors[0].message and "08.00" in errors[0].message
    assert '"8.0"' not in errors[0].message


def test_an_email_with_a_comma_is_refused(project):
    replace_in(project.standard / SEED_UNIT,
               "email:\n  tidak_diketahui: alamat email unit tidak tercantum pada standar yang dipublikasikan",
               "email: pst6407@bps,go.id")

    errors = load(project.standard).errors

    assert [(e.field, e.line) for e in errors] == [("email", 42)]
    assert "'pst6407@bps,go.id' bukan alamat email yang sah (ada koma" in errors[0].message


def test_two_services_of_one_unit_with_the_same_name_are_an_error(project):
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    second = project.standard / SEED_SERVICE.parent.with_name("konsultasi-kedua") / "versi-1.yaml"
    second.parent.mkdir()
    second.write_text(text, encoding="utf-8")

    errors = load(project.standard).errors

    assert len(errors) == 1
    assert errors[0].field == "nama" and errors[0].line == 5
    assert "sudah punya layanan bernama 'Pelayanan Konsultasi Statistik'" in errors[0].message


def test_a_changed_completion_time_with_its_old_interpretation_warns(project):
    assert not [p for p in load(project.standard).warnings if "tafsiran" in (p.field or "")]
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 15 menit\n")

    warnings = [p for p in load(project.standard).warnings if p.field and "tafsiran" in p.field]

    assert [(w.field, w.line) for w in warnings] == [("waktu_penyelesaian.kunjungan_langsung.tafsiran", 55)]
    assert "tidak menyebut waktu yang ditetapkan (15 menit)" in warnings[0].message


def test_an_old_original_text_without_interpretation_warns(project):
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    tafsiran = re.search(r"^    tafsiran: >-\n(?:      .*\n)+", text, re.MULTILINE).group(0)
    text = text.replace(tafsiran, "").replace("    waktu: 10 menit\n", "    waktu: 20 menit\n")
    (project.standard / SEED_SERVICE).write_text(text, encoding="utf-8")

    warnings = [p for p in load(project.standard).warnings if p.field and "tertulis" in p.field]

    assert len(warnings) == 1 and "tidak memuat angka 20" in warnings[0].message


# --- messages that show what to write -----------------------------------------------------------


def test_a_missing_component_message_shows_its_shape(project):
    path = project.standard / SEED_SERVICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(_component_block(text, "prosedur"), ""), encoding="utf-8")

    errors = [e for e in load(project.standard).errors if e.field == "prosedur"]

    assert len(errors) == 1
    assert "tambahkan, misalnya: prosedur: {online: {langkah: [" in errors[0].message
    assert "tidak_diketahui" in errors[0].message


def test_opening_hours_errors_name_their_keys(project):
    replace_in(project.standard / SEED_UNIT, HOURS[0], "jam_layanan: Senin-Jumat 08.00-16.00")

    errors = load(project.standard).errors

    assert len(errors) == 1 and errors[0].field == "jam_layanan"
    for key in ("hari:", "buka:", "tutup:"):
        assert key in errors[0].message


def test_opening_hours_missing_a_key_show_what_to_write(project):
    replace_in(project.standard / SEED_UNIT, HOURS[0], "jam_layanan:\n  - hari: Senin–Kamis\n    buka: 08.00")

    errors = load(project.standard).errors

    assert [(e.field, e.line) for e in errors] == [("jam_layanan[1].tutup", 46)]
    assert "tambahkan, misalnya: tutup: '15.30'" in errors[0].message


# --- the field reference ------------------------------------------------------------------------


def _all_models(model, seen=None):  # noqa: ANN001, ANN202
    from layanan.reference import _inner_models

    seen = seen if seen is not None else {model}
    for info in model.model_fields.values():
        for inner, _ in _inner_models(info.annotation):
            if inner not in seen:
                seen.add(inner)
                _all_models(inner, seen)
    return seen


def test_every_field_of_the_model_is_in_the_published_reference(project):
    from layanan.model import TidakDiketahui

    page = render_site(load(project.standard).catalog, project.templates)["skema/index.md"]

    for root in (Unit, Layanan, TidakDiketahui):
        for model in _all_models(root):
            for name, info in model.model_fields.items():
                assert info.description, f"{model.__name__}.{name} has no description"
                assert re.search(rf"^### \S*{re.escape(name.replace('_', chr(92) + '_'))} \{{", page,
                                 re.MULTILINE), f"{model.__name__}.{name} missing from the reference"
    for doc in field_docs(Unit) + field_docs(Layanan):
        assert doc.example and doc.description


def test_the_schema_address_is_a_page_that_links_the_schemas_and_the_reference(built_seed_site):
    page = (built_seed_site.site_dir / "standar/skema/index.html").read_text(encoding="utf-8")

    assert "<title>Referensi kolom standar pelayanan" in page
    assert 'href="unit.schema.json"' in page and 'href="layanan.schema.json"' in page
    assert "jam_layanan[].buka" in page


# --- pages a citizen reads ----------------------------------------------------------------------


def test_opening_hours_are_on_the_service_page(project):
    _hours(project, "08.00")

    build(project)

    html = (project.site_dir / "standar/pst-bps-kutai-barat/konsultasi-statistik/index.html").read_text(
        encoding="utf-8")
    summary = html.split('class="admonition abstract"')[1].split("</div>")[0]
    assert "<strong>Jam layanan:</strong> Senin–Kamis 08.00–15.30 WITA" in summary


def test_every_generated_page_has_its_real_title(built_seed_site):
    site = built_seed_site.site_dir / "standar"
    titles = {
        "pst-bps-kutai-barat/index.html": "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat",
        "pst-bps-kutai-barat/konsultasi-statistik/index.html": "Pelayanan Konsultasi Statistik",
    }
    for page, title in titles.items():
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(rf"<title>{re.escape(title)} - Standar Pelayanan</title>", html), page


@pytest.mark.parametrize("page", ["index.html", "standar/index.html"])
def test_home_page_and_catalogue_link_the_forms_and_tracking(built_seed_site, page):
    html = (built_seed_site.site_dir / page).read_text(encoding="utf-8")
    prefix = "" if page == "index.html" else "../"

    assert f'href="{prefix}formulir/"' in html
    assert f'href="{prefix}lacak/"' in html


def test_the_forms_cope_with_components_that_are_wholly_unknown(tmp_path, project):
    from forms_support import make_app

    path = project.standard / SEED_SERVICE
    text = path.read_text(encoding="utf-8")
    for component in ("biaya", "waktu_penyelesaian"):
        text = text.replace(_component_block(text, component), f"{component}:\n  tidak_diketahui: belum ditetapkan\n\n")
    path.write_text(text, encoding="utf-8")
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(project.root))
    try:
        response = app.test_client().get("/formulir/pst-bps-kutai-barat/konsultasi-statistik/konsultasi/")
        assert response.status_code == 200
        assert "biayanya belum dipublikasikan" in response.get_data(as_text=True)
    finally:
        close()


def test_every_channel_disagreement_is_reported_in_one_run(project):
    replace_in(project.standard / SEED_SERVICE, "  online:\n    tidak_diketahui: >-",
               "  telepon: 5 menit\n  surat: 3 hari kerja\n  online:\n    tidak_diketahui: >-")
    replace_in(project.standard / SEED_SERVICE, "persyaratan:\n  tidak_diketahui: bagian \"Persyaratan\" kosong pada standar yang dipublikasikan",
               "persyaratan:\n  telepon:\n    - Nomor telepon yang aktif")

    errors = load(project.standard).errors

    assert sorted(e.field for e in errors) == ["persyaratan.telepon", "waktu_penyelesaian.surat",
                                                "waktu_penyelesaian.telepon"]


def test_a_key_written_twice_does_not_hide_the_other_errors_of_its_file(project):
    replace_in(project.standard / SEED_UNIT, "zona_waktu: WITA", "zona_waktu: WITA\nzona_waktu: WIB")
    replace_in(project.standard / SEED_UNIT, 'kode_pos: "75776"', 'kode_pos: "7577"')

    errors = load(project.standard).errors

    assert [(e.line, e.field) for e in errors] == [(37, "alamat.kode_pos"), (48, None)]
    assert "ditulis dua kali (pertama di baris 47)" in errors[1].message


@pytest.mark.parametrize("days, opens, closes, message", [
    ("Setiap hari kerja", "08.00", "15.30", "'Setiap hari kerja' tidak dapat dibaca sebagai hari"),
    ("Senin–Kamis", "15.30", "08.00", "jam tutup 08.00 harus sesudah jam buka 15.30"),
])
def test_opening_hours_that_cannot_count_due_times_are_refused(project, days, opens, closes, message):
    """Due times count the unit's opening hours: days that cannot be read, or a closing time before
    the opening, would silently drop them."""
    replace_in(project.standard / SEED_UNIT,
               "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan",
               f"jam_layanan:\n  - hari: {days}\n    buka: {opens}\n    tutup: {closes}")
    problems = [p for p in load(project.standard).errors if p.field and p.field.startswith("jam_layanan")]
    assert len(problems) == 1 and message in problems[0].message, problems


@pytest.mark.parametrize("written", ["pst6407@bps.go.id, bps6407@bps.go.id", "pst6407@bps.go.id; bps6407@bps.go.id",
                                     "\n  - pst6407@bps.go.id\n  - bps6407@bps.go.id"])
def test_two_email_addresses_are_told_to_keep_one(project, written):
    replace_in(project.standard / SEED_UNIT,
               "email:\n  tidak_diketahui: alamat email unit tidak tercantum pada standar yang dipublikasikan",
               f"email: {written}")

    errors = load(project.standard).errors

    assert [e.field for e in errors] == ["email"], [e.format() for e in errors]
    message = errors[0].message
    assert "2 alamat email" in message and "hanya satu alamat" in message and "'pst6407@bps.go.id'" in message
    assert "koma" not in message and "bukan daftar" not in message
