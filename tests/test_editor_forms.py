"""The standards editor's forms (issue 10, item 1), through the app's pages on SQLite and PostgreSQL,
on a copy of the project: the list of standards, starting a draft, every kind of section (per-channel
lists with the buttons that work without JavaScript, completion times, unknown-with-reason, tariffs,
complaint channels, the unit's hours and Maklumat), what the draft keeps, who may open what, and
that editing never writes into the project's standard/ folder."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from desk_support import OTHER_UNIT, make_staff, sign_in
from editor_support import editor_app, editor_project, make_editor, signed_in_editor  # noqa: F401
from forms_app import standard_drafts
from forms_app.editor_models import StandardDraft
from forms_app.extensions import db
from forms_app.staff_models import Role
from forms_support import SERVICE, UNIT, FormClient, check_page

SERVICE_ADDRESS = f"{UNIT}/{SERVICE}"
EDITOR = "/staf/standar/"


class _Form(HTMLParser):
    """The fields a browser would send from the form whose action is `action` (no button)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[tuple[str, str, str]] = []  # (name, value, accessible text)
        self._textarea: list | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "button" and a.get("name") == "aksi":
            self._button = [a.get("name"), a.get("value", ""), ""]

    def handle_data(self, data):  # noqa: ANN001
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option["text"] += data
        if self._button is not None:
            self._button[2] += data

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "form":
            self.inside = False
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"] if self._option["value"] is not None else self._option["text"]
            if self._select["first"] is None:
                self._select["first"] = value
            if self._option["selected"]:
                self._select["chosen"] = value
            self._option = None
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self.fields.append((self._select["name"], chosen or ""))
            self._select = None
        if tag == "button" and self._button is not None:
            self.buttons.append((self._button[0], self._button[1], " ".join(self._button[2].split())))
            self._button = None


def form_on(html: str, action: str) -> _Form:
    parser = _Form(action)
    parser.feed(html)
    assert parser.fields, f"no form posting to {action}"
    return parser


def section_url(draft_id: int, slug: str) -> str:
    return f"{EDITOR}draf/{draft_id}/{slug}/"


def submit(client: FormClient, url: str, changes: dict | None = None, aksi: str = "simpan",
           status: int = 303, drop: tuple[str, ...] = (), opened: str | None = None):  # noqa: ANN201
    """Open the section (at `opened`, when it has a query), change some fields as a person would,
    press the button `aksi`."""
    page = client.get(opened or url)
    form = form_on(page.get_data(as_text=True), url)
    changes = dict(changes or {})
    pairs = []
    for name, value in form.fields:
        if name in drop:
            continue
        if name in changes:
            if name.endswith("~status") or name not in [n for n, _ in pairs]:
                pairs.append((name, changes.pop(name)))
            continue
        pairs.append((name, value))
    pairs.extend(changes.items())  # radios or boxes not checked before, new choices
    pairs.append(("aksi", aksi))
    response = client.client.post(url, data=MultiDict(pairs))
    assert response.status_code == status, (response.status_code, client.text(response)[:2000])
    return response


def start_draft(client: FormClient, address: str, kind: str) -> int:
    client.get(EDITOR)
    response = client.post(f"{EDITOR}mulai", {"alamat": address, "jenis": kind})
    found = re.search(r"/staf/standar/draf/([0-9]+)/$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found[1])


def document_of(app, draft_id: int) -> dict:  # noqa: ANN001
    with app.app_context():
        draft = db.session.get(StandardDraft, draft_id)
        return standard_drafts.document(draft)


def plain_text(client: FormClient, response) -> str:  # noqa: ANN001
    return client.text(response).replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')


def files_of(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --- the list of standards, starting a draft -----------------------------------------------------------


def test_index_lists_the_units_standards_and_a_draft_is_started_then_resumed(editor_app) -> None:
    client = signed_in_editor(editor_app)

    page = plain_text(client, client.get(EDITOR))

    assert "Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat" in page
    assert "Pelayanan Konsultasi Statistik" in page
    assert "Versi 1, tanggal berlaku belum diketahui" in page
    assert "Buat layanan baru dari layanan ini" in page
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    overview = plain_text(client, client.get(f"{EDITOR}draf/{draft_id}/"))
    for title in ("Identitas dan penetapan", "Persyaratan", "Sistem, mekanisme, dan prosedur",
                  "Jangka waktu penyelesaian", "Biaya/tarif", "Produk pelayanan",
                  "Penanganan pengaduan, saran, dan masukan", "Komponen pengelolaan"):
        assert f"Ubah {title.lower()}" in overview
    assert "Kunjungan langsung: Langkah: 8 langkah" in overview
    assert "versi-2.yaml" in overview
    # the index now offers to continue it; starting again resumes the same draft
    index = plain_text(client, client.get(EDITOR))
    assert "Lanjutkan draf" in index
    assert start_draft(client, SERVICE_ADDRESS, "layanan") == draft_id


def test_walk_in_completion_time_and_a_step_changed_and_kept_in_the_draft(editor_app, editor_project) -> None:
    client = signed_in_editor(editor_app)
    before = files_of(editor_project.standard)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")

    response = submit(client, section_url(draft_id, "waktu"), {
        "waktu_penyelesaian.kunjungan_langsung.waktu~jumlah": "15",
        "waktu_penyelesaian.kunjungan_langsung.waktu~satuan": "menit",
        "waktu_penyelesaian.kunjungan_langsung.keterangan": "setelah pengunjung sebelumnya selesai dilayani",
        "waktu_penyelesaian.kunjungan_langsung.tafsiran": "Dibaca sebagai 15 menit untuk kunjungan langsung.",
    })
    assert response.headers["Location"].endswith(f"{EDITOR}draf/{draft_id}/")
    submit(client, section_url(draft_id, "prosedur"), {
        "prosedur.kunjungan_langsung.langkah[2]": "Pengguna layanan menemui petugas di meja depan PST",
    })

    document = document_of(editor_app, draft_id)
    walk_in = document["waktu_penyelesaian"]["kunjungan_langsung"]
    assert walk_in == {"waktu": "15 menit", "keterangan": "setelah pengunjung sebelumnya selesai dilayani",
                       "tertulis": "10", "tafsiran": "Dibaca sebagai 15 menit untuk kunjungan langsung."}
    steps = document["prosedur"]["kunjungan_langsung"]["langkah"]
    assert steps[1] == "Pengguna layanan menemui petugas di meja depan PST"
    assert len(steps) == 8
    # the online time (unknown) and the online steps are as they were
    assert "tidak_diketahui" in document["waktu_penyelesaian"]["online"]
    assert len(document["prosedur"]["online"]["langkah"]) == 6
    # reopened, the section shows what was saved
    page = client.get(section_url(draft_id, "waktu")).get_data(as_text=True)
    assert 'name="waktu_penyelesaian.kunjungan_langsung.waktu~jumlah" value="15"' in page
    checked = standard_drafts_check(editor_app, draft_id)
    assert checked.errors == [] or all(p.field != "waktu_penyelesaian.kunjungan_langsung.waktu"
                                       for p in checked.errors)
    # nothing is written into the project's standard/ by editing
    assert files_of(editor_project.standard) == before


def test_original_wording_and_interpretation_are_shown_when_asked_for(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "waktu")
    online = "waktu_penyelesaian.online"

    page = client.get(url).get_data(as_text=True)
    assert f'name="{online}.tertulis"' not in page  # empty: out of the way, with a button to show them
    assert f'value="tampilkan:{online}.tertulis"' in page
    assert 'name="waktu_penyelesaian.kunjungan_langsung.tertulis"' in page  # present: shown

    response = submit(client, url, {f"{online}~status": "diketahui", f"{online}.waktu~jumlah": "3",
                                    f"{online}.waktu~satuan": "hari kerja"}, aksi=f"tampilkan:{online}.tertulis")
    assert response.headers["Location"].endswith(
        f"{url}?tampilkan={online}.tertulis#f-waktu_penyelesaian-online-tertulis")
    assert document_of(editor_app, draft_id)["waktu_penyelesaian"]["online"] == {"waktu": "3 hari kerja"}
    shown = response.headers["Location"].split("#")[0].replace("http://localhost", "")
    submit(client, url, opened=shown, changes={f"{online}.tertulis": "paling lama 3 hari kerja",
                           f"{online}.tafsiran": "Dibaca sebagai 3 hari kerja setelah permintaan lengkap."})
    assert document_of(editor_app, draft_id)["waktu_penyelesaian"]["online"] == {
        "waktu": "3 hari kerja", "tertulis": "paling lama 3 hari kerja",
        "tafsiran": "Dibaca sebagai 3 hari kerja setelah permintaan lengkap."}


def test_a_date_that_a_date_field_cannot_show_is_kept_in_a_text_field(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "identitas")

    submit(client, url, {"sk.tanggal~status": "diketahui", "sk.tanggal": "2025-01-02"})
    assert 'type="date" id="f-sk-tanggal" name="sk.tanggal" value="2025-01-02"' in client.get(url).get_data(as_text=True)
    submit(client, url, {"sk.tanggal": "2 Januari 2025"})

    assert document_of(editor_app, draft_id)["sk"]["tanggal"] == "2 Januari 2025"
    page = client.get(url).get_data(as_text=True)
    assert 'type="text" id="f-sk-tanggal" name="sk.tanggal" value="2 Januari 2025"' in page  # not lost on the next save
    assert 'id="f-sk-tanggal-galat"' in page


def standard_drafts_check(app, draft_id: int):  # noqa: ANN001, ANN201
    from flask import current_app

    from layanan.site import Project

    with app.app_context():
        draft = db.session.get(StandardDraft, draft_id)
        return standard_drafts.check(draft, draft.staf, Project(current_app.config["LAYANAN_PROJECT"]))


def test_steps_are_added_removed_and_reordered_with_buttons_that_keep_what_was_typed(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "prosedur")
    field = "prosedur.kunjungan_langsung.langkah"

    page = client.get(url)
    buttons = {text: value for _, value, text in form_on(page.get_data(as_text=True), url).buttons}
    assert buttons["Hapus langkah 3 (kunjungan langsung)"] == f"hapus:{field}[3]"
    assert buttons["Naikkan langkah 3 (kunjungan langsung)"] == f"naik:{field}[3]"
    assert buttons["Turunkan langkah 3 (kunjungan langsung)"] == f"turun:{field}[3]"
    assert buttons["Tambah langkah (kunjungan langsung)"] == f"tambah:{field}"
    assert "Naikkan langkah 1 (kunjungan langsung)" not in buttons  # the first cannot go up
    assert "Turunkan langkah 8 (kunjungan langsung)" not in buttons

    # adding keeps what was typed in the same form, then adds an empty step at the end
    response = submit(client, url, {f"{field}[1]": "Pengguna layanan datang ke ruang PST"}, aksi=f"tambah:{field}")
    assert response.headers["Location"].endswith(f"{url}#f-prosedur-kunjungan_langsung-langkah-9")
    steps = document_of(editor_app, draft_id)["prosedur"]["kunjungan_langsung"]["langkah"]
    assert len(steps) == 9 and steps[0] == "Pengguna layanan datang ke ruang PST" and steps[8] == ""

    response = submit(client, url, {f"{field}[9]": "Pengguna layanan mengisi survei kepuasan"},
                      aksi=f"naik:{field}[9]")
    assert response.headers["Location"].endswith(f"{url}#f-prosedur-kunjungan_langsung-langkah-8")  # at the item
    steps = document_of(editor_app, draft_id)["prosedur"]["kunjungan_langsung"]["langkah"]
    assert steps[7] == "Pengguna layanan mengisi survei kepuasan"
    assert steps[8] == "Pengguna layanan selesai mengakses layanan konsultasi kunjungan langsung"

    submit(client, url, aksi=f"turun:{field}[1]")
    steps = document_of(editor_app, draft_id)["prosedur"]["kunjungan_langsung"]["langkah"]
    assert steps[:2] == ["Pengguna layanan menemui petugas frontline unit PST BPS KABUPATEN KUTAI BARAT",
                         "Pengguna layanan datang ke ruang PST"]

    response = submit(client, url, aksi=f"hapus:{field}[2]")
    assert response.headers["Location"].endswith(f"{url}#f-prosedur-kunjungan_langsung-langkah")
    steps = document_of(editor_app, draft_id)["prosedur"]["kunjungan_langsung"]["langkah"]
    assert "Pengguna layanan datang ke ruang PST" not in steps and len(steps) == 8
    assert document_of(editor_app, draft_id)["prosedur"]["online"]["langkah"][0].startswith(
        "Pengguna layanan mengakses")

    # an empty step is refused with layanan check's words, beside the step, and the page stays
    submit(client, url, aksi=f"tambah:{field}")
    response = submit(client, url)
    assert response.headers["Location"].endswith(f"{url}#ringkasan-galat")
    page = client.get(url).get_data(as_text=True)
    assert 'href="#f-prosedur-kunjungan_langsung-langkah-9"' in page
    assert 'id="f-prosedur-kunjungan_langsung-langkah-9-galat"' in page
    assert "tidak boleh kosong" in page


def test_channels_are_added_and_removed_and_unknown_takes_a_reason(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "persyaratan")

    # requirements were unknown: made known, a channel added, an item typed
    submit(client, url, {"persyaratan~status": "diketahui", "persyaratan~baru": "online"}, aksi="tambah:persyaratan")
    assert document_of(editor_app, draft_id)["persyaratan"] == {"online": [""]}
    submit(client, url, {"persyaratan.online[1]": "Alamat email yang aktif"}, aksi="tambah:persyaratan.online")
    submit(client, url, {"persyaratan.online[2]": "Akun pada aplikasi pst.bps.go.id"})
    assert document_of(editor_app, draft_id)["persyaratan"] == {
        "online": ["Alamat email yang aktif", "Akun pada aplikasi pst.bps.go.id"]}
    # a channel unknown with its reason, another removed
    submit(client, url, {"persyaratan~baru": "kunjungan_langsung"}, aksi="tambah:persyaratan")
    submit(client, url, {"persyaratan.kunjungan_langsung~status": "tidak_diketahui",
                         "persyaratan.kunjungan_langsung.tidak_diketahui": "belum ditetapkan kepala kantor"})
    assert document_of(editor_app, draft_id)["persyaratan"]["kunjungan_langsung"] == {
        "tidak_diketahui": "belum ditetapkan kepala kantor"}
    submit(client, url, aksi="hapus:persyaratan.online")
    assert list(document_of(editor_app, draft_id)["persyaratan"]) == ["kunjungan_langsung"]
    for unknown in ("hapus:persyaratan.online", "hapus:persyaratan.__class__", "naik:persyaratan.surat"):
        response = submit(client, url, aksi=unknown)  # no such channel (any more): said so, nothing lost
        assert response.headers["Location"].endswith(url)
        assert "Tombol itu tidak dikenal" in client.text(client.get(url))
    assert list(document_of(editor_app, draft_id)["persyaratan"]) == ["kunjungan_langsung"]

    # a whole component unknown, with its reason; an empty reason gets check's message beside it
    products = section_url(draft_id, "produk")
    submit(client, products, {"produk~status": "tidak_diketahui", "produk.tidak_diketahui": "sedang disusun"})
    assert document_of(editor_app, draft_id)["produk"] == {"tidak_diketahui": "sedang disusun"}
    submit(client, products, {"produk.tidak_diketahui": ""}, status=303)
    page = client.get(products).get_data(as_text=True)
    assert 'id="f-produk-tidak_diketahui-galat"' in page and "tidak boleh kosong" in page
    # back to known: the reason goes, the list is there to fill
    submit(client, products, {"produk~status": "diketahui", "produk[1]": "Jasa konsultasi statistik"})
    assert document_of(editor_app, draft_id)["produk"] == ["Jasa konsultasi statistik"]


def test_tariffs_with_their_legal_basis_and_an_amount_kept_as_typed(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "biaya")

    submit(client, url, {"biaya.gratis": "tidak"}, aksi="tambah:biaya.tarif")
    submit(client, url, {"biaya.tarif[1].uraian": "Publikasi cetak", "biaya.tarif[1].jumlah": "50000",
                         "biaya.tarif[1].satuan": "per buku",
                         "biaya.dasar_hukum": "PP Nomor 7 Tahun 2015 tentang PNBP pada BPS",
                         "biaya.tertulis": ""})
    assert document_of(editor_app, draft_id)["biaya"] == {
        "gratis": False, "tarif": [{"uraian": "Publikasi cetak", "jumlah": 50000, "satuan": "per buku"}],
        "dasar_hukum": "PP Nomor 7 Tahun 2015 tentang PNBP pada BPS"}
    assert not [p for p in standard_drafts_check(editor_app, draft_id).errors if p.field.startswith("biaya")]

    # an amount that is not digits stays text: check names it, the page shows it beside the amount
    response = submit(client, url, {"biaya.tarif[1].jumlah": "Rp50000"})
    assert response.headers["Location"].endswith("#ringkasan-galat")
    assert document_of(editor_app, draft_id)["biaya"]["tarif"][0]["jumlah"] == "Rp50000"
    page = client.get(url).get_data(as_text=True)
    assert 'id="f-biaya-tarif-1-jumlah-galat"' in page
    assert "&#39;Rp50000&#39; bukan jumlah rupiah yang dapat dibaca — tulis angka saja, tanpa titik, koma, atau" in page
    assert 'value="Rp50000"' in page
    assert '<a href="#f-biaya-tarif-1-jumlah">' in page


def test_complaint_channels_by_kind_with_their_addresses(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    url = section_url(draft_id, "pengaduan")

    submit(client, url, aksi="tambah:pengaduan.saluran")
    submit(client, url, {"pengaduan.saluran[2].jenis": "email", "pengaduan.saluran[2].alamat": "pst6407@bps.go.id"},
           aksi="tambah:pengaduan.saluran")
    submit(client, url, {"pengaduan.saluran[3].jenis": "sp4n_lapor",
                         "pengaduan.saluran[3].alamat": "https://www.lapor.go.id"}, aksi="naik:pengaduan.saluran[3]")

    assert document_of(editor_app, draft_id)["pengaduan"] == {"saluran": [
        {"jenis": "kotak_saran", "tertulis": "Kotak saran dan pengaduan"},
        {"jenis": "sp4n_lapor", "alamat": "https://www.lapor.go.id"},
        {"jenis": "email", "alamat": "pst6407@bps.go.id"},
    ]}
    assert not [p for p in standard_drafts_check(editor_app, draft_id).errors if p.field.startswith("pengaduan")]


def test_unit_hours_rows_and_maklumat(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, UNIT, "unit")
    hours = section_url(draft_id, "jam")

    submit(client, hours, {"jam_layanan~status": "diketahui", "jam_layanan[1].hari": "Senin–Kamis",
                           "jam_layanan[1].buka": "08.00", "jam_layanan[1].tutup": "15.30"},
           aksi="tambah:jam_layanan")
    submit(client, hours, {"jam_layanan[2].hari": "Jumat", "jam_layanan[2].buka": "08.00",
                           "jam_layanan[2].tutup": "16.00"}, aksi="naik:jam_layanan[2]")
    assert document_of(editor_app, draft_id)["jam_layanan"] == [
        {"hari": "Jumat", "buka": "08.00", "tutup": "16.00"},
        {"hari": "Senin–Kamis", "buka": "08.00", "tutup": "15.30"}]

    maklumat = section_url(draft_id, "maklumat")
    submit(client, maklumat, {
        "maklumat~status": "diketahui",
        "maklumat.teks": "Dengan ini kami menyatakan sanggup melayani sesuai standar.\r\n\r\nApabila tidak, "
                         "kami siap menerima sanksi.",
        "maklumat.penandatangan~status": "diketahui", "maklumat.penandatangan.nama": "Nama Kepala",
        "maklumat.penandatangan.jabatan": "Kepala BPS Kabupaten Kutai Barat",
        "maklumat.tanggal~status": "tidak_diketahui", "maklumat.tanggal.tidak_diketahui": "belum ditandatangani",
    })
    assert document_of(editor_app, draft_id)["maklumat"] == {
        "teks": "Dengan ini kami menyatakan sanggup melayani sesuai standar.\n\nApabila tidak, kami siap "
                "menerima sanksi.",
        "penandatangan": {"nama": "Nama Kepala", "jabatan": "Kepala BPS Kabupaten Kutai Barat"},
        "tanggal": {"tidak_diketahui": "belum ditandatangani"}}
    errors = standard_drafts_check(editor_app, draft_id).errors
    assert not [p for p in errors if p.field and p.field.split(".")[0].split("[")[0] in ("jam_layanan", "maklumat")]

    # the complaint handler and its stages, the contacts
    submit(client, section_url(draft_id, "pengaduan"), {
        "pengelola_pengaduan~status": "diketahui", "pengelola_pengaduan.nama": "Petugas Pengaduan PST",
        "pengelola_pengaduan.alamat": "Ruang PST, Jl. Sendawar Raya No. 4", "tenggat_pengaduan~status": "diketahui",
        "tenggat_pengaduan[1].tahap": "Verifikasi", "tenggat_pengaduan[1].waktu~jumlah": "3",
        "tenggat_pengaduan[1].waktu~satuan": "hari kerja"})
    submit(client, section_url(draft_id, "alamat"), {"email~status": "diketahui", "email": "pst6407@bps.go.id",
                                                     "telepon[1]": "(0545) 4046036", "zona_waktu": "WITA"})
    document = document_of(editor_app, draft_id)
    assert document["tenggat_pengaduan"] == [{"tahap": "Verifikasi", "waktu": "3 hari kerja"}]
    assert document["pengelola_pengaduan"]["nama"] == "Petugas Pengaduan PST"
    assert document["email"] == "pst6407@bps.go.id"
    assert document["alamat"]["kode_pos"] == "75776"


def test_a_new_service_from_an_existing_one_asks_for_its_name_and_folder(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan_baru")
    url = section_url(draft_id, "identitas")

    page = client.get(url).get_data(as_text=True)
    assert 'name="folder_baru"' in page
    submit(client, url, {"nama": "Pelayanan Rekomendasi Kegiatan Statistik", "folder_baru": "Rekomendasi Statistik"})
    page = plain_text(client, client.get(url))
    assert "nama folder 'Rekomendasi Statistik' hanya boleh berisi huruf kecil" in page
    submit(client, url, {"folder_baru": "rekomendasi-statistik",
                         "ringkasan_perubahan": ""})
    with editor_app.app_context():
        draft = db.session.get(StandardDraft, draft_id)
        assert standard_drafts.new_folder(draft) == "rekomendasi-statistik"
        assert standard_drafts.document(draft)["nama"] == "Pelayanan Rekomendasi Kegiatan Statistik"
    assert not [p for p in standard_drafts_check(editor_app, draft_id).errors if p.field == "folder_baru"]


def test_discarding_a_draft_leaves_the_standard_as_it_was(editor_app) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    client.get(f"{EDITOR}draf/{draft_id}/")

    client.post(f"{EDITOR}draf/{draft_id}/buang", {})

    with editor_app.app_context():
        assert db.session.get(StandardDraft, draft_id) is None
    client.get(f"{EDITOR}draf/{draft_id}/", status=404)


# --- who may open what ---------------------------------------------------------------------------------


def test_a_petugas_gets_403_and_another_units_standard_or_draft_is_404(editor_app) -> None:
    officer = FormClient(editor_app.test_client())
    sign_in(officer, make_staff(editor_app))
    officer.get(EDITOR, status=403)

    outsider = signed_in_editor(editor_app, email="penyunting-lain@contoh.id", units=(OTHER_UNIT,))
    outsider.get(EDITOR)
    outsider.post(f"{EDITOR}mulai", {"alamat": SERVICE_ADDRESS, "jenis": "layanan"}, status=404)

    editor = signed_in_editor(editor_app)
    draft_id = start_draft(editor, SERVICE_ADDRESS, "layanan")
    outsider.get(f"{EDITOR}draf/{draft_id}/", status=404)
    outsider.get(section_url(draft_id, "prosedur"), status=404)
    # a colleague of the same unit does not see another editor's draft either
    colleague = signed_in_editor(editor_app, email="penyunting-kedua@pst.contoh.id")
    colleague.get(section_url(draft_id, "prosedur"), status=404)
    editor.get(section_url(draft_id, "tidak-ada"), status=404)
    for number in (2**31, 2**63, 10**30):  # beyond the database's integers: no such draft, not an error
        editor.get(f"{EDITOR}draf/{number}/", status=404)
        editor.get(section_url(number, "prosedur"), status=404)


def test_an_admin_may_edit_and_a_broken_file_keeps_its_standard_out_of_the_editor(editor_app, editor_project) -> None:
    (editor_project.standard / "layanan" / UNIT / SERVICE / "versi-2.yaml").write_text(
        "nama: Pelayanan Konsultasi Statistik\nunit: pst-bps-kutai-barat\nproduk: Jasa\n", encoding="utf-8")
    admin = signed_in_editor(editor_app, email="admin@pst.contoh.id", role=Role.admin)

    page = plain_text(admin, admin.get(EDITOR))

    assert "File standar yang belum dapat dibaca" in page
    assert f"standard/layanan/{UNIT}/{SERVICE}/versi-2.yaml, baris 3, produk : harus berupa daftar" in page
    assert "Buat layanan baru dari layanan ini" not in page  # the service cannot be opened
    admin.post(f"{EDITOR}mulai", {"alamat": SERVICE_ADDRESS, "jenis": "layanan"}, status=404)
    draft_id = start_draft(admin, UNIT, "unit")  # the unit's own profile is fine
    assert draft_id
    with editor_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StandardDraft)) == 1


@pytest.mark.parametrize("slug", ["identitas", "alamat", "jam", "maklumat", "pengaduan"])
def test_every_unit_section_opens_and_saves_unchanged(editor_app, slug) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, UNIT, "unit")
    before = document_of(editor_app, draft_id)

    submit(client, section_url(draft_id, slug))

    assert document_of(editor_app, draft_id) == before
    check_page(client.get(f"{EDITOR}draf/{draft_id}/").get_data(as_text=True))


@pytest.mark.parametrize("slug", ["identitas", "persyaratan", "prosedur", "waktu", "biaya", "produk", "pengaduan",
                                  "pengelolaan"])
def test_every_service_section_opens_and_saves_unchanged(editor_app, slug) -> None:
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client, SERVICE_ADDRESS, "layanan")
    before = document_of(editor_app, draft_id)

    submit(client, section_url(draft_id, slug))

    assert document_of(editor_app, draft_id) == before


# --- in Debian's Chromium: every form page, and the list buttons without JavaScript ------------------------


@pytest.fixture(scope="module")
def browser():
    from browser import launched_chromium

    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served(tmp_path_factory):  # noqa: ANN001, ANN201
    from browser import served_app
    from editor_support import published_project
    from forms_support import make_app

    folder = tmp_path_factory.mktemp("editor-browser")
    app, close = make_app(folder, "sqlite", LAYANAN_PROJECT=str(published_project(folder / "proyek").root))
    try:
        with served_app(app) as url:
            yield url, app
    finally:
        close()


_browser_accounts = iter(range(1, 1000))


@pytest.mark.browser
def test_every_form_page_in_chromium_is_accessible_and_the_list_buttons_work_by_keyboard(
        browser, served, width, javascript) -> None:
    from browser import PageChecks, tabs
    from desk_support import totp_now

    account = make_editor(served[1], email=f"penyunting{next(_browser_accounts)}@pst.contoh.id")
    for open_tab in tabs(browser, served[0], width, javascript):
        tab = open_tab(axe=True)
        pages = PageChecks(tab)
        page = tab.page
        tab.goto("/staf/masuk")
        page.get_by_label("Email").fill(account["email"])
        page.get_by_label("Kata sandi").fill(account["password"])
        tab.press("Masuk")
        page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(totp_now(account["secret"]))
        tab.press("Masuk")
        assert tab.path() == EDITOR  # an editor's desk is the editor
        pages.here("daftar standar")
        tab.press("Ubah Pelayanan Konsultasi Statistik")
        pages.here("ringkasan draf")
        draft = tab.path()
        for slug in ("identitas", "persyaratan", "prosedur", "waktu", "biaya", "produk", "pengaduan", "pengelolaan"):
            tab.goto(f"{draft}{slug}/")
            pages.here(f"layanan: {slug}")

        # the list buttons: add a step, type it, move it up; the typed text goes with it
        tab.goto(f"{draft}prosedur/")
        tab.press("Tambah langkah (kunjungan langsung)")
        assert page.url.endswith("#f-prosedur-kunjungan_langsung-langkah-9")
        page.get_by_label("Langkah 9", exact=True).fill("Pengguna layanan mengisi survei kepuasan")
        tab.press("Naikkan langkah 9 (kunjungan langsung)")
        assert page.get_by_label("Langkah 8", exact=True).first.input_value() == \
            "Pengguna layanan mengisi survei kepuasan"
        # Enter in a field saves (it does not press the first list button on the page)
        page.get_by_label("Langkah 2", exact=True).first.fill("Pengguna layanan menemui petugas di meja depan")
        with page.expect_navigation():
            page.get_by_label("Langkah 2", exact=True).first.press("Enter")
        assert tab.path() == draft
        steps = document_of(served[1], int(draft.rstrip("/").rsplit("/", 1)[1]))["prosedur"]["kunjungan_langsung"]
        assert steps["langkah"][1] == "Pengguna layanan menemui petugas di meja depan"
        assert steps["langkah"][7] == "Pengguna layanan mengisi survei kepuasan" and len(steps["langkah"]) == 9

        # an error: the summary and the message beside the field, checked too
        tab.goto(f"{draft}prosedur/")
        page.get_by_label("Langkah 3", exact=True).first.fill("")
        tab.press("Simpan dan kembali ke ringkasan")
        assert page.get_by_role("alert").get_by_role("link").first.get_attribute("href") == \
            "#f-prosedur-kunjungan_langsung-langkah-3"
        pages.here("layanan: prosedur dengan galat")

        tab.goto(EDITOR)
        tab.press("Ubah Pelayanan Statistik Terpadu BPS Kabupaten Kutai Barat")
        unit_draft = tab.path()
        for slug in ("identitas", "alamat", "jam", "maklumat", "pengaduan"):
            tab.goto(f"{unit_draft}{slug}/")
            pages.here(f"unit: {slug}")
        assert not pages.problems, "\n".join(pages.problems)
