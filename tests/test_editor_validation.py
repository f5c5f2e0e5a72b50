"""The same rules everywhere (issue 10, item 2): what the editor refuses, it refuses with the words
`layanan check` uses for the same value written in the file, at the same field.

1. Every bad-input case of tests/test_check.py that breaks the seed unit's or service's content is
   put into an editor's draft (the broken file read as the draft's document) and checked with
   `standard_drafts.check`: same message, same field as `layanan check` on the broken file.
2. A handful of bad inputs typed into the section forms: the page shows exactly the message
   `layanan check` gives for the same value written into a copy of the file, in the error summary
   (linked to the field) and beside the field.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import current_app
from markupsafe import escape

from conftest import SEED_SERVICE, SEED_UNIT, replace_in
from editor_support import editor_app, editor_project, make_editor, signed_in_editor  # noqa: F401
from forms_app import standard_drafts
from forms_app.editor_models import StandardDraft
from forms_app.extensions import db
from forms_app.staff_models import Staff
from forms_support import REPO, SERVICE, UNIT
from layanan.catalog import load
from layanan.problems import Problem
from layanan.site import Project
from layanan.yamlfile import read_yaml
from test_check import CASES, BadInput
from test_editor_forms import form_on, section_url, start_draft, submit

# Cases of test_check.py about the file itself, not about a standard's content: what the editor
# cannot produce (it writes YAML itself, in the right folder, as a new version).
NOT_CONTENT = {
    "broken YAML: unclosed quote", "broken YAML: bad indentation", "tab used for indentation", "duplicate key",
    "file that is not UTF-8", "empty file", "file whose top level is a list", "folder name that cannot be a web address",
    "two services of one unit with the same folder name", "file outside unit/ and layanan/",
}
CONTENT_CASES = [case for case in CASES if case.name not in NOT_CONTENT and case.file in (SEED_SERVICE, SEED_UNIT)]
# A draft is the standard's next version: for this case `layanan check` says first, of a next version
# written so, that a service stays with its unit (the editor has no field for the unit at all).
AS_NEXT_VERSION = {"service pointing at a unit that does not exist"}


def test_the_content_cases_are_the_ones_of_test_check() -> None:
    """Every case of test_check.py is either a content case here or named above as a file case."""
    assert {case.name for case in CASES} == {case.name for case in CONTENT_CASES} | NOT_CONTENT
    assert len(CONTENT_CASES) >= 14


def _file_problem(tmp_path: Path, case: BadInput) -> Problem:
    """What `layanan check` says about the broken file, in a copy of the project of its own (as the
    standard's next version, versi-2.yaml beside versi-1, for the cases in AS_NEXT_VERSION)."""
    copied = Project(REPO).copy_to(tmp_path / "rusak")
    (copied.standard / standard_drafts.PUBLISHED_RECORD).unlink(missing_ok=True)
    target = copied.standard / case.file
    if case.name in AS_NEXT_VERSION:
        original = target.read_text(encoding="utf-8")
        case.breaks(copied.standard)
        target.with_name("versi-2.yaml").write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
        target.write_text(original, encoding="utf-8")
        target = target.with_name("versi-2.yaml")
        found = [p for p in load(copied.standard).errors if p.path == target and p.field == case.field]
    else:
        case.breaks(copied.standard)
        found = [p for p in load(copied.standard).errors if p.path == target and case.says in p.message]
    assert found, case.name
    return found[0]


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[case.name for case in CONTENT_CASES])
def test_a_broken_file_put_in_a_draft_gets_the_same_message_at_the_same_field(editor_app, editor_project, tmp_path,
                                                                              case: BadInput) -> None:
    expected = _file_problem(tmp_path, case)
    broken_root = tmp_path / "berkas"
    for relative in (SEED_SERVICE, SEED_UNIT):
        (broken_root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(editor_project.standard / relative, broken_root / relative)
    case.breaks(broken_root)
    broken = standard_drafts.plain(read_yaml(broken_root / case.file).data)
    account = make_editor(editor_app)

    with editor_app.app_context():
        project = Project(current_app.config["LAYANAN_PROJECT"])
        editor = db.session.get(Staff, account["id"])
        address = UNIT if case.file == SEED_UNIT else f"{UNIT}/{SERVICE}"
        standard = standard_drafts.find(standard_drafts.working_standards(project), editor.unit_ids, address)
        draft = standard_drafts.start(editor, standard, project)
        standard_drafts.save(draft, broken)
        db.session.commit()
        draft_id = draft.id
    with editor_app.app_context():  # read back from the database: the JSON column keeps it as it was
        draft = db.session.get(StandardDraft, draft_id)
        assert standard_drafts.document(draft) == broken
        checked = standard_drafts.check(draft, draft.staf, Project(current_app.config["LAYANAN_PROJECT"]))

    same = [p for p in checked.errors if p.message == expected.message]
    assert same, (expected.format(), [p.format() for p in checked.errors])
    assert same[0].field == case.field == expected.field


# --- typed into the forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    name: str
    kind: str                      # "unit" or "layanan": which draft
    section: str
    steps: tuple[tuple[dict, str], ...]   # (fields changed, button pressed), in order
    field: str                     # the problem's field, as layanan check names it
    element: str                   # the id of what it is shown beside
    file: Path
    old: str                       # the same value written into the file: old text -> new text
    new: str


TYPED = [
    Typed("completion time without a unit", "layanan", "waktu",
          (({"waktu_penyelesaian.kunjungan_langsung.waktu~jumlah": "10",
             "waktu_penyelesaian.kunjungan_langsung.waktu~satuan": ""}, "simpan"),),
          "waktu_penyelesaian.kunjungan_langsung.waktu", "f-waktu_penyelesaian-kunjungan_langsung-waktu",
          SEED_SERVICE, "    waktu: 10 menit\n", '    waktu: "10"\n'),
    Typed("unknown unit of time", "layanan", "waktu",
          (({"waktu_penyelesaian.kunjungan_langsung.waktu~jumlah": "2",
             "waktu_penyelesaian.kunjungan_langsung.waktu~satuan": "minggu"}, "simpan"),),
          "waktu_penyelesaian.kunjungan_langsung.waktu", "f-waktu_penyelesaian-kunjungan_langsung-waktu",
          SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 2 minggu\n"),
    Typed("empty required step", "layanan", "prosedur",
          (({"prosedur.kunjungan_langsung.langkah[3]": "  "}, "simpan"),),
          "prosedur.kunjungan_langsung.langkah[3]", "f-prosedur-kunjungan_langsung-langkah-3",
          SEED_SERVICE, "      - Pengguna layanan mengisi buku tamu elektronik dan mengantri\n", '      - ""\n'),
    Typed("tariff without its legal basis", "layanan", "biaya",
          (({"biaya.gratis": "tidak"}, "tambah:biaya.tarif"),
           ({"biaya.tarif[1].uraian": "Publikasi cetak", "biaya.tarif[1].jumlah": "50000",
             "biaya.dasar_hukum": ""}, "simpan")),
          "biaya", "f-biaya", SEED_SERVICE, "  gratis: true\n",
          "  gratis: false\n  tarif:\n    - uraian: Publikasi cetak\n      jumlah: 50000\n"),
    Typed("email complaint channel with a bad address", "layanan", "pengaduan",
          (({}, "tambah:pengaduan.saluran"),
           ({"pengaduan.saluran[2].jenis": "email", "pengaduan.saluran[2].alamat": "pst6407@bps"}, "simpan")),
          "pengaduan.saluran[2]", "f-pengaduan-saluran-2", SEED_SERVICE,
          "      tertulis: Kotak saran dan pengaduan\n",
          "      tertulis: Kotak saran dan pengaduan\n    - jenis: email\n      alamat: pst6407@bps\n"),
    Typed("bad email of the unit", "unit", "alamat",
          (({"email~status": "diketahui", "email": "pst6407@bps,go.id"}, "simpan"),),
          "email", "f-email", SEED_UNIT,
          "email:\n  tidak_diketahui: alamat email unit tidak tercantum pada standar yang dipublikasikan\n",
          'email: "pst6407@bps,go.id"\n'),
    Typed("bad phone number", "unit", "alamat",
          (({"telepon[1]": "telepon kantor"}, "simpan"),),
          "telepon[1]", "f-telepon-1", SEED_UNIT, '  - "(0545) 4046036"\n', '  - "telepon kantor"\n'),
    Typed("postal code of four digits", "unit", "alamat",
          (({"alamat.kode_pos": "7577"}, "simpan"),),
          "alamat.kode_pos", "f-alamat-kode_pos", SEED_UNIT, 'kode_pos: "75776"', 'kode_pos: "7577"'),
    Typed("closing hour before opening", "unit", "jam",
          (({"jam_layanan~status": "diketahui", "jam_layanan[1].hari": "Senin–Jumat", "jam_layanan[1].buka": "15.30",
             "jam_layanan[1].tutup": "08.00"}, "simpan"),),
          "jam_layanan[1]", "f-jam_layanan-1", SEED_UNIT,
          "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan\n",
          'jam_layanan:\n  - hari: Senin–Jumat\n    buka: "15.30"\n    tutup: "08.00"\n'),
    Typed("hour that is not a time", "unit", "jam",
          (({"jam_layanan~status": "diketahui", "jam_layanan[1].hari": "Senin", "jam_layanan[1].buka": "8 pagi",
             "jam_layanan[1].tutup": "15.30"}, "simpan"),),
          "jam_layanan[1].buka", "f-jam_layanan-1-buka", SEED_UNIT,
          "jam_layanan:\n  tidak_diketahui: jam layanan tidak tercantum pada standar yang dipublikasikan\n",
          'jam_layanan:\n  - hari: Senin\n    buka: "8 pagi"\n    tutup: "15.30"\n'),
    Typed("SK date in the wrong format", "layanan", "identitas",
          (({"sk.tanggal~status": "diketahui", "sk.tanggal": "17 Mei 2024"}, "simpan"),),
          "sk.tanggal", "f-sk-tanggal", SEED_SERVICE,
          "  tanggal:\n    tidak_diketahui: tanggal SK tidak tercantum pada standar yang dipublikasikan\n",
          "  tanggal: 17 Mei 2024\n"),
    Typed("unknown with an empty reason", "layanan", "produk",
          (({"produk~status": "tidak_diketahui", "produk.tidak_diketahui": ""}, "simpan"),),
          "produk", "f-produk-tidak_diketahui", SEED_SERVICE,
          "produk:\n  - Jasa konsultasi informasi (data/metadata/klasifikasi/Rekomendasi) statistik\n",
          'produk:\n  tidak_diketahui: ""\n'),
]


def _message_in_file(tmp_path: Path, typed: Typed) -> str:
    """The message `layanan check` gives for the same value written into a copy of the file."""
    project = Project(REPO).copy_to(tmp_path / "tertulis")
    (project.standard / standard_drafts.PUBLISHED_RECORD).unlink(missing_ok=True)
    replace_in(project.standard / typed.file, typed.old, typed.new)
    found = [p for p in load(project.standard).errors if p.field == typed.field]
    assert len(found) == 1, [p.format() for p in load(project.standard).errors]
    return found[0].message


@pytest.mark.parametrize("typed", TYPED, ids=[t.name for t in TYPED])
def test_bad_input_typed_in_a_form_gets_layanan_checks_message_in_the_summary_and_beside_the_field(
        editor_app, tmp_path, typed: Typed) -> None:
    message = _message_in_file(tmp_path, typed)
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, UNIT if typed.kind == "unit" else f"{UNIT}/{SERVICE}", typed.kind)
    url = section_url(draft_id, typed.section)

    for changes, button in typed.steps:
        response = submit(client, url, changes, aksi=button)
    assert response.headers["Location"].endswith(f"{url}#ringkasan-galat")  # the last press was Simpan: stays
    page = client.get(url).get_data(as_text=True)

    summary = page[page.index('<div class="ringkasan-galat"'):page.index("</div>", page.index('class="ringkasan-galat"'))]
    assert f'<a href="#{typed.element}">' in summary
    assert str(escape(message)) in summary
    beside = page[page.index(f'id="{typed.element}-galat"'):]
    assert beside[:beside.index("</p>")].endswith(str(escape(message)))
    assert f'id="{typed.element}"' in page  # the link leads somewhere
    assert "<title>Galat: " in page
    # what was typed is kept in the draft, as typed
    form = dict(form_on(page, url).fields)
    for changes, _ in typed.steps:
        for name, value in changes.items():
            if not name.endswith("~status") and value.strip() and name in form:
                assert form[name] == " ".join(value.split()), name
