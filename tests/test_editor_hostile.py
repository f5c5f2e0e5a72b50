"""The standards editor against an attacker and a careless editor, through the app's pages on SQLite
and PostgreSQL, on a copy of the project: bodies that are not the form's, missing or foreign CSRF
tokens, other editors' drafts and other units' standards, unknown sections and buttons, values far
too large, YAML-special text, a new service's folder that tries to leave its unit's folder, path
traversal in the preview's files, publishing twice, and an editor who loses their unit or their
account mid-session. Each answer: no 500, Indonesian words, nothing written into standard/ unless
publishing succeeded, nothing of the draft lost."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path

import os
import time

import pytest
from werkzeug.datastructures import MultiDict

from desk_support import OTHER_UNIT
from editor_support import editor_app, editor_project, signed_in_editor  # noqa: F401
from forms_app import accounts
from forms_app.editor_models import SiteBuild, StandardDraft
from forms_app.extensions import db
from forms_app.staff_models import Staff, StaffUnit
from forms_support import SERVICE, UNIT, FormClient, make_app
from layanan import preview as previews
from layanan.yamlfile import read_yaml
from test_editor_forms import form_on

SERVICE_ADDRESS = f"{UNIT}/{SERVICE}"
EDITOR = "/staf/standar/"
STEPS = "prosedur.kunjungan_langsung.langkah"
CSRF_WORDS = "Formulir kedaluwarsa"
BUILD_SECONDS = 180


@pytest.fixture(params=["sqlite", "postgresql"])
def publish_app(request, tmp_path, editor_project):  # noqa: ANN001, ANN201, F811
    """An app whose site builder builds when woken only (publishing wakes it)."""
    app, close = make_app(tmp_path, request.param, LAYANAN_PROJECT=str(editor_project.root),
                          SITE_BUILD_POLL_SECONDS=3600.0)
    yield app
    close()


@pytest.fixture
def sqlite_app(tmp_path, editor_project):  # noqa: ANN001, ANN201, F811
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(editor_project.root), SITE_BUILD_POLL_SECONDS=3600.0)
    yield app
    close()


# --- helpers ------------------------------------------------------------------------------------


def files_of(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def words(response) -> str:  # noqa: ANN001
    body = response.get_data(as_text=True)
    found = re.search(r"<main.*?</main>", body, re.DOTALL)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0) if found else body))).strip()


def start_draft(client: FormClient, address: str = SERVICE_ADDRESS, kind: str = "layanan") -> int:
    client.get(EDITOR)
    response = client.post(f"{EDITOR}mulai", {"alamat": address, "jenis": kind})
    found = re.search(r"/staf/standar/draf/([0-9]+)/$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found[1])


def ready_draft(client: FormClient) -> int:
    """A draft of the service that can be previewed and published: it says what changes."""
    draft_id = start_draft(client)
    response = fill(client, section_url(draft_id, "identitas"),
                    {"ringkasan_perubahan": "Waktu penyelesaian kunjungan langsung menjadi 15 menit."})
    assert response.status_code == 303
    return draft_id


def section_url(draft_id: int, slug: str) -> str:
    return f"{EDITOR}draf/{draft_id}/{slug}/"


def draft_data(app, draft_id: int) -> dict | None:  # noqa: ANN001
    with app.app_context():
        draft = db.session.get(StandardDraft, draft_id)
        return None if draft is None else json.loads(json.dumps(draft.data))


def token_of(client: FormClient, url: str = EDITOR) -> str:
    client.get(url)
    return client.hidden["csrf_token"]


def builds(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.query(SiteBuild).count()


def refused_plainly(response, *statuses: int) -> str:  # noqa: ANN001
    """An error page in Indonesian with one of `statuses`, never a traceback."""
    assert response.status_code in statuses, (response.status_code, words(response)[:500])
    text = words(response)
    assert "Traceback" not in text and "Internal Server Error" not in text
    assert '<html lang="id"' in response.get_data(as_text=True)  # the app's page, or the site's own 404
    return text


def post_form(client: FormClient, url: str, pairs, token: str | None):  # noqa: ANN001, ANN201
    data = MultiDict(pairs)
    if token is not None:
        data.add("csrf_token", token)
    return client.client.post(url, data=data)


# --- bodies and tokens that are not the form's ---------------------------------------------------


def editor_posts(client: FormClient, draft_id: int) -> dict[str, list[tuple[str, str]]]:
    """Every POST of the editor, with the fields its own form sends."""
    return {
        section_url(draft_id, "prosedur"): [(f"{STEPS}~daftar", "1"), (f"{STEPS}[1]", "Langkah yang disisipkan"),
                                            ("aksi", "simpan")],
        f"{EDITOR}mulai": [("alamat", SERVICE_ADDRESS), ("jenis", "layanan_baru")],
        f"{EDITOR}draf/{draft_id}/buang": [],
        f"{EDITOR}draf/{draft_id}/terbitkan/": [("berlaku_sejak", dt.date.today().isoformat()), ("yakin", "y")],
        f"{EDITOR}draf/{draft_id}/mulai-lagi": [],
        f"{EDITOR}bangun-ulang": [],
    }


def test_every_editor_post_without_its_own_session_s_token_is_refused_and_changes_nothing(
        editor_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    stranger = signed_in_editor(editor_app, email="penyunting.lain@pst.contoh.id", name="Budi Penyunting")
    foreign = token_of(stranger)
    draft_id = start_draft(client)
    own = token_of(client)
    standard_before = files_of(editor_project.standard)
    data_before = draft_data(editor_app, draft_id)
    builds_before = builds(editor_app)
    with editor_app.app_context():
        drafts_before = db.session.query(StandardDraft).count()

    for url, pairs in editor_posts(client, draft_id).items():
        attempts = {
            "no token": post_form(client, url, pairs, None),
            "another session's token": post_form(client, url, pairs, foreign),
            "a forged token": post_form(client, url, pairs, own[:-4] + "AAAA"),
            "JSON without a token": client.client.post(url, data=json.dumps(dict(pairs)),
                                                       content_type="application/json"),
        }
        for what, response in attempts.items():
            text = refused_plainly(response, 400, 415)
            if response.status_code == 400:
                assert CSRF_WORDS in text and "Muat ulang halaman formulir" in text, (url, what, text)
        assert files_of(editor_project.standard) == standard_before, url
        assert draft_data(editor_app, draft_id) == data_before, url
        assert builds(editor_app) == builds_before, url
        with editor_app.app_context():
            assert db.session.query(StandardDraft).count() == drafts_before, url
    # the draft still opens, and the editor's own token still works
    assert client.get(f"{EDITOR}draf/{draft_id}/").status_code == 200


def test_a_body_that_is_not_a_form_is_refused_even_with_a_valid_token_header(editor_app) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    token = token_of(client)
    before = draft_data(editor_app, draft_id)
    url = section_url(draft_id, "prosedur")
    for content_type, body in (("application/json", json.dumps({"aksi": "simpan"})),
                               ("text/plain", "aksi=simpan"),
                               ("application/xml", "<aksi>simpan</aksi>")):
        response = client.client.post(url, data=body, content_type=content_type, headers={"X-CSRFToken": token})
        assert draft_data(editor_app, draft_id) == before
        text = refused_plainly(response, 415)
        assert "hanya menerima kiriman dari halaman formulirnya" in text


# --- what is not the editor's ----------------------------------------------------------------------


def test_another_editor_s_draft_answers_404_everywhere_and_stays_as_it_was(editor_app, editor_project) -> None:  # noqa: F811
    owner = signed_in_editor(editor_app)
    draft_id = start_draft(owner)
    before = draft_data(editor_app, draft_id)
    standard_before = files_of(editor_project.standard)
    other = signed_in_editor(editor_app, email="penyunting.lain@pst.contoh.id", name="Budi Penyunting")
    own_draft = start_draft(other)
    token = token_of(other)
    base = f"{EDITOR}draf/{draft_id}/"
    for url in (base, base + "identitas/", base + "prosedur/", base + "pratinjau/", base + "perbedaan/",
                base + "terbitkan/", base + "pratinjau/0123456789abcdef/index.html"):
        refused_plainly(other.client.get(url), 404)
    for url, pairs in editor_posts(other, draft_id).items():
        if url.startswith(base):
            refused_plainly(post_form(other, url, pairs, token), 404)
    assert draft_data(editor_app, draft_id) == before
    assert files_of(editor_project.standard) == standard_before
    # ids that exist for no one
    for missing in (own_draft + 1000, 0, 2**31 - 1):
        refused_plainly(other.client.get(f"{EDITOR}draf/{missing}/"), 404)
    for shape in ("-1", "1.0", "1e3", "%31", "0x1"):
        refused_plainly(other.client.get(f"{EDITOR}draf/{shape}/"), 404)


def test_an_id_beyond_the_database_s_integers_answers_404(editor_app) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    token = token_of(client)
    for number in (2**31, 2**63, 10**30):
        for url in (f"{EDITOR}draf/{number}/", f"{EDITOR}draf/{number}/prosedur/",
                    f"{EDITOR}draf/{number}/pratinjau/", f"{EDITOR}draf/{number}/perbedaan/",
                    f"{EDITOR}draf/{number}/terbitkan/", f"{EDITOR}terbit/{number}/"):
            refused_plainly(client.client.get(url), 404)
        for url in (f"{EDITOR}draf/{number}/buang", f"{EDITOR}draf/{number}/mulai-lagi"):
            refused_plainly(post_form(client, url, [], token), 404)


def test_another_unit_s_standard_and_addresses_that_are_no_standard_cannot_be_started(editor_app) -> None:  # noqa: F811
    client = signed_in_editor(editor_app, email="penyunting.luar@pst.contoh.id", units=(OTHER_UNIT,))
    token = token_of(client)
    for address in (SERVICE_ADDRESS, UNIT, f"{UNIT}/../{UNIT}", "../../etc/passwd", f"{OTHER_UNIT}/../{UNIT}",
                    "", "/", f"{UNIT}/{SERVICE}/versi-1.yaml", "\x00"):
        for kind in ("unit", "layanan", "layanan_baru", "lain"):
            response = post_form(client, f"{EDITOR}mulai", [("alamat", address), ("jenis", kind)], token)
            refused_plainly(response, 404)
    with editor_app.app_context():
        assert db.session.query(StandardDraft).count() == 0


@pytest.mark.parametrize("slug", ["tidak-ada", "__init__", "IDENTITAS", "identitas.", "%2e%2e", "..%2Fprosedur",
                                  "parse", "widgets", "folder_baru"])
def test_an_unknown_section_answers_404_to_get_and_post(editor_app, slug) -> None:  # noqa: ANN001, F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    token = token_of(client)
    before = draft_data(editor_app, draft_id)
    url = f"{EDITOR}draf/{draft_id}/{slug}/"
    refused_plainly(client.client.get(url), 404)
    # a slash in it leaves the editor's routes: the site's pages answer, and they take no POST (405)
    refused_plainly(post_form(client, url, [("nama", "Disisipkan"), ("aksi", "simpan")], token), 404, 405)
    assert draft_data(editor_app, draft_id) == before


def fill(client: FormClient, url: str, changes: dict[str, str], aksi: str = "simpan"):  # noqa: ANN201
    """Open the section, change the fields `changes` names as a person would, press `aksi`."""
    page = client.get(url)
    form = form_on(page.get_data(as_text=True), url)
    names = {name for name, _ in form.fields}
    assert set(changes) <= names, set(changes) - names
    pairs = [(name, changes.get(name, value)) for name, value in form.fields] + [("aksi", aksi)]
    return client.client.post(url, data=MultiDict(pairs))


def steps_of(app, draft_id: int, channel: str = "kunjungan_langsung") -> list:  # noqa: ANN001
    return draft_data(app, draft_id)["dokumen"]["prosedur"][channel]["langkah"]


def finished(client: FormClient, response) -> str:  # noqa: ANN001
    """Follow a publish's build page until its build has finished (so no build outlives the test)."""
    found = re.fullmatch(r"/staf/standar/terbit/([0-9]+)/", response.headers["Location"])
    assert found, response.headers["Location"]
    deadline = time.monotonic() + BUILD_SECONDS
    while True:
        page = client.client.get(response.headers["Location"])
        if '<meta http-equiv="refresh"' not in page.get_data(as_text=True):
            return words(page)
        assert time.monotonic() < deadline, words(page)
        time.sleep(0.5)


def publish_form(client: FormClient, draft_id: int) -> list[tuple[str, str]]:
    """The publish form as the browser would send it, the box ticked."""
    url = f"{EDITOR}draf/{draft_id}/terbitkan/"
    page = client.get(url)
    form = form_on(page.get_data(as_text=True), url)
    return [(name, value) for name, value in form.fields if name != "yakin"] + [("yakin", "y")]


# --- too much --------------------------------------------------------------------------------------


def test_values_of_several_megabytes_are_refused_with_413_and_the_draft_is_kept(editor_app) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    token = token_of(client)
    before = draft_data(editor_app, draft_id)
    url = section_url(draft_id, "prosedur")
    huge = "Langkah " + "x" * (5 * 1024 * 1024)
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.client.post(url, content_type=content_type, data={
            "csrf_token": token, f"{STEPS}~daftar": "1", f"{STEPS}[1]": huge, "aksi": "simpan"})
        text = refused_plainly(response, 413)
        assert "Kiriman terlalu besar" in text and "persingkat" in text
        assert draft_data(editor_app, draft_id) == before
    # thousands of parts in one multipart post
    parts = {f"{STEPS}[{n}]": "x" for n in range(1, 5001)}
    response = client.client.post(url, content_type="multipart/form-data",
                                  data={"csrf_token": token, f"{STEPS}~daftar": "1", **parts, "aksi": "simpan"})
    refused_plainly(response, 413)
    assert draft_data(editor_app, draft_id) == before


def test_a_thousand_steps_are_kept_and_shown_in_reasonable_time(editor_app) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    online = steps_of(editor_app, draft_id, "online")
    token = token_of(client)
    url = section_url(draft_id, "prosedur")
    pairs = [("csrf_token", token), ("prosedur~status", "diketahui"), ("prosedur~daftar", "1"),
             ("prosedur.kunjungan_langsung~status", "diketahui"), (f"{STEPS}~daftar", "1")]
    pairs += [(f"{STEPS}[{n}]", f"L{n}") for n in range(1, 1001)] + [("aksi", "simpan")]
    started = time.monotonic()
    response = client.client.post(url, data=MultiDict(pairs))
    assert response.status_code == 303, words(response)[:500]
    assert steps_of(editor_app, draft_id) == [f"L{n}" for n in range(1, 1001)]
    assert steps_of(editor_app, draft_id, "online") == online  # the channel not posted is as it was
    page = client.get(url)
    assert page.get_data(as_text=True).count(f'name="{STEPS}[') == 1000
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("action", [
    "hapus:prosedur.online.99999", f"hapus:{STEPS}[99999]", f"hapus:{STEPS}[0]", f"hapus:{STEPS}[-1]",
    f"hapus:{STEPS}[abc]", f"naik:{STEPS}[999999999999999999999]", f"turun:{STEPS}[1].x", "tambah:__class__",
    "tambah:prosedur.__class__", "tambah:prosedur.kunjungan_langsung.langkah[1]", "tambah:persyaratan",
    "tampilkan:__init__", "tampilkan:../../etc", "hapus:", ":", "hapus", "hapus:prosedur", f"hapus:{STEPS}",
    "simpan:prosedur", "HAPUS:" + STEPS + "[1]", "hapus:nama", "naik:prosedur.online", "hapus:..[1]",
])
def test_a_list_button_that_does_not_exist_changes_nothing_but_keeps_what_was_typed(
        sqlite_app, action) -> None:  # noqa: ANN001
    app = sqlite_app
    client = signed_in_editor(app)
    draft_id = start_draft(client)
    steps = steps_of(app, draft_id)
    online = steps_of(app, draft_id, "online")
    url = section_url(draft_id, "prosedur")
    response = fill(client, url, {f"{STEPS}[2]": "Langkah kedua yang diketik"}, aksi=action)
    assert response.status_code == 303, words(response)[:300]
    assert response.headers["Location"].split("#")[0] == url
    page = words(client.client.get(response.headers["Location"]))
    assert "Tombol itu tidak dikenal di bagian ini; isian Anda tetap disimpan." in page
    assert steps_of(app, draft_id) == [steps[0], "Langkah kedua yang diketik", *steps[2:]]
    assert steps_of(app, draft_id, "online") == online


@pytest.mark.parametrize("action", ["hapus:prosedur.__class__", "hapus:prosedur.tidak_ada"])
def test_removing_a_channel_that_is_no_channel_says_the_button_is_unknown(sqlite_app, action) -> None:  # noqa: ANN001
    client = signed_in_editor(sqlite_app)
    draft_id = start_draft(client)
    before = draft_data(sqlite_app, draft_id)
    response = fill(client, section_url(draft_id, "prosedur"), {}, aksi=action)
    assert draft_data(sqlite_app, draft_id)["dokumen"] == before["dokumen"]
    assert "Tombol itu tidak dikenal" in words(client.client.get(response.headers["Location"]))


# --- a new service's folder ------------------------------------------------------------------------


@pytest.mark.parametrize("folder, message", [
    ("../../etc", "hanya boleh berisi huruf kecil, angka, dan tanda hubung — misalnya 'etc'"),
    ("x/../../y", "hanya boleh berisi huruf kecil, angka, dan tanda hubung — misalnya 'x-y'"),
    ("Ä", "hanya boleh berisi huruf kecil, angka, dan tanda hubung — misalnya 'nama-layanan'"),
    ("..", "hanya boleh berisi huruf kecil, angka, dan tanda hubung"),
    ("a\\..\\..\\b", "hanya boleh berisi huruf kecil, angka, dan tanda hubung — misalnya 'a-b'"),
    ("nul\x00byte", "hanya boleh berisi huruf kecil, angka, dan tanda hubung"),
    ("konsultasi-statistik", "folder 'konsultasi-statistik' sudah dipakai layanan lain unit ini"),
    ("   ", "nama folder layanan baru wajib diisi"),
])
def test_a_planted_new_service_folder_is_refused_and_nothing_is_created(sqlite_app, editor_project, folder,  # noqa: F811
                                                                         message) -> None:  # noqa: ANN001
    app = sqlite_app
    client = signed_in_editor(app)
    draft_id = start_draft(client, kind="layanan_baru")
    everything = files_of(editor_project.root.parent)
    standard_before = files_of(editor_project.standard)
    folders_before = sorted(p for p in editor_project.standard.rglob("*") if p.is_dir())
    response = fill(client, section_url(draft_id, "identitas"),
                    {"folder_baru": folder, "nama": "Rekomendasi Kegiatan Statistik"})
    assert response.status_code == 303
    assert "1 galat" in words(client.client.get(f"{EDITOR}draf/{draft_id}/"))
    shown = words(client.client.get(section_url(draft_id, "identitas")))
    assert message in shown, shown[:1500]
    # the preview, the difference and publishing all refuse it; nothing is written anywhere
    preview = client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/")
    assert message in refused_plainly(preview, 200)
    refused_plainly(client.client.get(f"{EDITOR}draf/{draft_id}/perbedaan/"), 200)
    publish_page = client.client.get(f"{EDITOR}draf/{draft_id}/terbitkan/")
    assert publish_page.status_code == 303 and publish_page.headers["Location"].endswith(f"/draf/{draft_id}/")
    token = token_of(client)
    response = post_form(client, f"{EDITOR}draf/{draft_id}/terbitkan/",
                         [("berlaku_sejak", dt.date.today().isoformat()), ("yakin", "y")], token)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/draf/{draft_id}/")
    assert files_of(editor_project.standard) == standard_before
    assert sorted(p for p in editor_project.standard.rglob("*") if p.is_dir()) == folders_before
    changed = {name for name, digest in files_of(editor_project.root.parent).items()
               if everything.get(name) != digest}
    assert all(name.startswith(("proyek/.bangun/", "layanan.sqlite3", "instance/")) for name in changed), changed
    assert not (editor_project.root.parent / "etc").exists() and not (editor_project.root.parent / "y").exists()
    assert draft_data(app, draft_id)["folder_baru"] == " ".join(folder.split())  # kept, to be corrected


@pytest.mark.parametrize("folder", ["/tmp/layanan", "//layanan"])
def test_an_absolute_new_service_folder_is_refused_with_the_folder_message(sqlite_app, editor_project,  # noqa: F811
                                                                          folder) -> None:  # noqa: ANN001
    client = signed_in_editor(sqlite_app)
    draft_id = start_draft(client, kind="layanan_baru")
    standard_before = files_of(editor_project.standard)
    response = fill(client, section_url(draft_id, "identitas"), {"folder_baru": folder})
    assert draft_data(sqlite_app, draft_id)["folder_baru"] == folder  # kept, to be corrected
    assert response.status_code == 303
    for url in (f"{EDITOR}draf/{draft_id}/", section_url(draft_id, "identitas")):
        refused_plainly(client.client.get(url), 200)
    shown = words(client.client.get(section_url(draft_id, "identitas")))
    assert "hanya boleh berisi huruf kecil, angka, dan tanda hubung" in shown
    assert files_of(editor_project.standard) == standard_before
    assert not Path(folder).joinpath("versi-1.yaml").exists()


# --- YAML-special text -----------------------------------------------------------------------------

NAMED = {
    "nama": "!!python/object/apply:os.system ['touch /tmp/editor-pwned']\nnama: x\n- y",
    "ringkasan_perubahan": "# komentar\n&a jangkar\n*a\n{tidak_diketahui: x}\n  spasi di depan\n- y\n---\n...",
}
STEP_TEXTS = ["&a", "*a", "{tidak_diketahui: x}", "# komentar", "  spasi\tdan tab  ",
              "teks \u200fكلمة\u200f RTL \u202e terbalik \u2066isolasi\u2069", "x" * 5000, "nol\x00byte"]
ONLINE_TEXTS = ["null", "yes", "~", "2024-02-30", "08.00", "!!binary aGFsbw== %YAML 1.1 | > ? 'kutip \"dua"]


def test_yaml_special_text_is_saved_previewed_and_published_as_typed(publish_app, editor_project) -> None:  # noqa: F811
    app = publish_app
    client = signed_in_editor(app)
    draft_id = start_draft(client)
    assert fill(client, section_url(draft_id, "identitas"), NAMED).status_code == 303
    steps = {f"{STEPS}[{n}]": text for n, text in enumerate(STEP_TEXTS, 1)}
    steps.update({f"prosedur.online.langkah[{n}]": text for n, text in enumerate(ONLINE_TEXTS, 1)})
    assert fill(client, section_url(draft_id, "prosedur"), steps).status_code == 303

    # kept as typed (a one-line field's spaces and tabs collapse to one space, as the form says)
    document = draft_data(app, draft_id)["dokumen"]
    assert document["nama"] == "!!python/object/apply:os.system ['touch /tmp/editor-pwned'] nama: x - y"
    assert document["ringkasan_perubahan"] == NAMED["ringkasan_perubahan"]
    assert document["prosedur"]["kunjungan_langsung"]["langkah"] == [" ".join(t.split()) for t in STEP_TEXTS]
    assert document["prosedur"]["online"]["langkah"] == ONLINE_TEXTS
    # the section shows it back as typed
    url = section_url(draft_id, "prosedur")
    shown_fields = dict(form_on(client.get(url).get_data(as_text=True), url).fields)
    assert shown_fields[f"{STEPS}[7]"] == "x" * 5000 and shown_fields[f"{STEPS}[3]"] == "{tidak_diketahui: x}"
    assert [shown_fields[f"prosedur.online.langkah[{n}]"] for n in range(1, 7)] == ONLINE_TEXTS

    preview = client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/")
    assert preview.status_code == 303, words(preview)[:1000]
    shown = words(client.client.get(preview.headers["Location"]))
    assert document["nama"] in shown and "{tidak_diketahui: x}" in shown and "x" * 5000 in shown

    response = client.client.post(f"{EDITOR}draf/{draft_id}/terbitkan/", data=MultiDict(publish_form(client, draft_id)))
    assert response.status_code == 303, words(response)[:1000]
    built = finished(client, response)
    assert "Sudah tayang" in built, built
    path = editor_project.standard / "layanan" / UNIT / SERVICE / "versi-2.yaml"
    data = read_yaml(path).data
    assert data["nama"] == document["nama"]
    # a text of several lines is written as a block, which ends with its line break
    assert data["ringkasan_perubahan"] == document["ringkasan_perubahan"] + "\n"
    assert data["prosedur"]["kunjungan_langsung"]["langkah"] == document["prosedur"]["kunjungan_langsung"]["langkah"]
    assert data["prosedur"]["online"]["langkah"] == ONLINE_TEXTS
    assert all(isinstance(step, str) for step in data["prosedur"]["online"]["langkah"])
    assert not os.path.exists("/tmp/editor-pwned")
    assert "!!python" not in path.read_text(encoding="utf-8").replace(document["nama"], "")


def test_a_source_that_is_a_document_s_name_is_published_and_the_site_is_built(sqlite_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    source = "Keputusan Kepala BPS Kabupaten Kutai Barat Nomor 5 Tahun 2024"
    assert fill(client, section_url(draft_id, "identitas"), {"sumber": source}).status_code == 303
    assert client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/").status_code == 303  # the preview is fine
    response = client.client.post(f"{EDITOR}draf/{draft_id}/terbitkan/",
                                  data=MultiDict(publish_form(client, draft_id)))
    assert response.status_code == 303, words(response)[:1000]
    built = finished(client, response)
    assert read_yaml(editor_project.standard / "layanan" / UNIT / SERVICE / "versi-2.yaml").data["sumber"] == source
    assert "Sudah tayang" in built, built


@pytest.mark.parametrize("slug, field, text", [
    ("identitas", "ringkasan_perubahan", "Perubahan:\n\t1. jam layanan\n\t2. biaya"),
])
def test_a_pasted_line_that_starts_with_a_tab_is_published(sqlite_app, editor_project, slug, field,  # noqa: F811
                                                          text) -> None:  # noqa: ANN001
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    assert fill(client, section_url(draft_id, slug), {field: text}).status_code == 303
    assert draft_data(sqlite_app, draft_id)["dokumen"][field] == text
    shown = words(client.client.get(f"{EDITOR}draf/{draft_id}/"))
    assert "tidak dapat dibaca (indentasi memakai karakter tab" not in shown  # the reason it failed before
    assert "galat harus diperbaiki" not in words(client.client.get(f"{EDITOR}draf/{draft_id}/"))
    response = client.client.post(f"{EDITOR}draf/{draft_id}/terbitkan/",
                                  data=MultiDict(publish_form(client, draft_id)))
    assert response.status_code == 303, words(response)[:1000]
    finished(client, response)
    path = editor_project.standard / "layanan" / UNIT / SERVICE / "versi-2.yaml"
    assert read_yaml(path).data[field].rstrip("\n") == text


def test_a_next_line_character_in_a_text_of_several_lines_is_published(sqlite_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(sqlite_app)
    draft_id = start_draft(client)
    text = "Baris satu\x85masih baris satu\nbaris dua"
    assert fill(client, section_url(draft_id, "identitas"), {"ringkasan_perubahan": text}).status_code == 303
    assert "galat harus diperbaiki" not in words(client.client.get(f"{EDITOR}draf/{draft_id}/"))


# --- the preview's files -----------------------------------------------------------------------------


def test_the_preview_serves_nothing_outside_its_own_folder(sqlite_app, editor_project, tmp_path) -> None:  # noqa: F811
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    other = signed_in_editor(sqlite_app, email="penyunting.lain@pst.contoh.id", name="Budi Penyunting")
    others_draft = ready_draft(other)
    others_key = other.client.get(f"{EDITOR}draf/{others_draft}/pratinjau/").headers["Location"].split(
        "/pratinjau/", 1)[1].split("/", 1)[0]
    address = client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/").headers["Location"]
    base, rest = address.split("/pratinjau/", 1)
    key = rest.split("/", 1)[0]
    assert client.client.get(address).status_code == 200
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi basis data", encoding="utf-8")
    (editor_project.root / "rahasia.txt").write_text("kata sandi proyek", encoding="utf-8")
    depth = "../" * 12
    for name in (f"{key}/{depth}etc/passwd", f"{key}/..%2f..%2f..%2f..%2fetc%2fpasswd",
                 f"{key}/%2e%2e/%2e%2e/%2e%2e/rahasia.txt", f"{key}/%252e%252e/rahasia.txt",
                 f"{key}//etc/passwd", f"{key}/{secret}", f"{key}/..\\..\\rahasia.txt", f"{key}/%00",
                 f"{key}/index.html%00.css", f"../{key}/index.html", f"{others_key}/index.html",
                 f"{others_key}/", "0123456789abcdef/etc/passwd", f"{key}/../../../../mkdocs.yml",
                 f"{key}/.%2e/.%2e/.%2e/.%2e/rahasia.txt"):
        response = client.client.get(f"{base}/pratinjau/{name}")
        body = response.get_data(as_text=True)
        assert "kata sandi" not in body and "root:" not in body and "site_name" not in body, name
        if response.status_code == 303:  # a key that is not this draft's: its own preview is built again
            assert response.headers["Location"] == f"{base}/pratinjau/", name
        else:
            refused_plainly(response, 404)


def test_a_symbolic_link_inside_a_preview_is_not_followed(sqlite_app, editor_project, tmp_path) -> None:  # noqa: F811
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    address = client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/").headers["Location"]
    base, rest = address.split("/pratinjau/", 1)
    key = rest.split("/", 1)[0]
    folder = previews.folder_of(editor_project, str(draft_id), key)
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi basis data", encoding="utf-8")
    (folder / "tautan.txt").symlink_to(secret)
    (folder / "folder-tautan").symlink_to(tmp_path, target_is_directory=True)
    for name in ("tautan.txt", "folder-tautan/rahasia.txt"):
        response = client.client.get(f"{base}/pratinjau/{key}/{name}")
        assert "kata sandi" not in response.get_data(as_text=True), name
        refused_plainly(response, 404)


# --- publishing twice ----------------------------------------------------------------------------------


def test_a_double_click_on_publish_writes_one_version(publish_app, editor_project) -> None:  # noqa: F811
    app = publish_app
    client = signed_in_editor(app)
    draft_id = ready_draft(client)
    assert fill(client, section_url(draft_id, "waktu"), {
        "waktu_penyelesaian.kunjungan_langsung.waktu~jumlah": "15",
        "waktu_penyelesaian.kunjungan_langsung.waktu~satuan": "menit"}).status_code == 303
    form = MultiDict(publish_form(client, draft_id))
    url = f"{EDITOR}draf/{draft_id}/terbitkan/"
    first = client.client.post(url, data=form)
    second = client.client.post(url, data=form)
    assert first.status_code == 303, words(first)[:500]
    assert "Sudah tayang" in finished(client, first)
    # the second press is told the draft was published, on the same build's page
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    folder = editor_project.standard / "layanan" / UNIT / SERVICE
    assert sorted(p.name for p in folder.glob("versi-*.yaml")) == ["versi-1.yaml", "versi-2.yaml"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no file left aside
    assert read_yaml(folder / "versi-2.yaml").data["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] == "15 menit"
    with app.app_context():
        assert db.session.query(SiteBuild).count() == 1


def test_the_second_click_on_publish_says_the_version_was_published(sqlite_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    assert fill(client, section_url(draft_id, "waktu"), {
        "waktu_penyelesaian.kunjungan_langsung.waktu~jumlah": "15",
        "waktu_penyelesaian.kunjungan_langsung.waktu~satuan": "menit"}).status_code == 303
    form = MultiDict(publish_form(client, draft_id))
    url = f"{EDITOR}draf/{draft_id}/terbitkan/"
    first = client.client.post(url, data=form)
    second = client.client.post(url, data=form)
    finished(client, first)
    answer = second.headers.get("Location") if second.status_code == 303 else words(second)
    assert answer == first.headers["Location"] or "sudah diterbitkan" in answer, answer


# --- an editor who loses their unit or their account ----------------------------------------------------


def test_a_draft_of_a_unit_taken_away_answers_404_and_comes_back_with_the_unit(editor_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    assert fill(client, section_url(draft_id, "prosedur"), {f"{STEPS}[1]": "Langkah sebelum unit dicabut"}
                ).status_code == 303
    before = draft_data(editor_app, draft_id)
    token = token_of(client)
    standard_before = files_of(editor_project.standard)
    with editor_app.app_context():
        staff = db.session.scalar(db.select(Staff).where(Staff.email == "penyunting@pst.contoh.id"))
        db.session.delete(db.session.get(StaffUnit, (staff.id, UNIT)))
        db.session.commit()
    base = f"{EDITOR}draf/{draft_id}/"
    for url in (base, base + "prosedur/", base + "pratinjau/", base + "perbedaan/", base + "terbitkan/"):
        refused_plainly(client.client.get(url), 404)
    for url, pairs in editor_posts(client, draft_id).items():
        if url.startswith(base) or url.endswith("/mulai"):
            refused_plainly(post_form(client, url, pairs, token), 404)
    index = client.client.get(EDITOR)
    assert index.status_code == 200 and "Pelayanan Konsultasi Statistik" not in words(index)
    assert draft_data(editor_app, draft_id) == before
    assert files_of(editor_project.standard) == standard_before
    with editor_app.app_context():
        staff = db.session.scalar(db.select(Staff).where(Staff.email == "penyunting@pst.contoh.id"))
        db.session.add(StaffUnit(staf_id=staff.id, unit_id=UNIT))
        db.session.commit()
    assert steps_of(editor_app, draft_id)[0] == "Langkah sebelum unit dicabut"
    assert "Langkah sebelum unit dicabut" in client.client.get(base + "prosedur/").get_data(as_text=True)


def test_an_editor_deactivated_mid_session_is_signed_out_and_their_draft_kept(editor_app, editor_project) -> None:  # noqa: F811
    client = signed_in_editor(editor_app)
    draft_id = start_draft(client)
    url = section_url(draft_id, "prosedur")
    page = client.get(url)
    form = form_on(page.get_data(as_text=True), url)
    before = draft_data(editor_app, draft_id)
    standard_before = files_of(editor_project.standard)
    with editor_app.app_context():
        staff = db.session.scalar(db.select(Staff).where(Staff.email == "penyunting@pst.contoh.id"))
        accounts.deactivate(staff)
        db.session.commit()
    pairs = [(n, "Disisipkan setelah dinonaktifkan" if n == f"{STEPS}[1]" else v) for n, v in form.fields]
    response = client.client.post(url, data=MultiDict([*pairs, ("aksi", "simpan")]))
    assert response.status_code in (302, 303) and "/staf/masuk" in response.headers["Location"], response.status_code
    for address in (EDITOR, f"{EDITOR}draf/{draft_id}/", f"{EDITOR}draf/{draft_id}/pratinjau/"):
        response = client.client.get(address)
        assert response.status_code in (302, 303) and "/staf/masuk" in response.headers["Location"], address
    assert draft_data(editor_app, draft_id) == before
    assert files_of(editor_project.standard) == standard_before


# --- every field of every section, filled with junk --------------------------------------------------

JUNK = ["", "NaN", "1e309", "-1", "99999999999999999999999", "2024-02-30", "<script>alert(1)</script>",
        "tidak_diketahui", "{{ config }}", "x" * 3000]
SECTIONS = {"layanan": ["identitas", "persyaratan", "prosedur", "waktu", "biaya", "produk", "pengaduan",
                        "pengelolaan"],
            "unit": ["identitas", "alamat", "jam", "maklumat", "pengaduan"]}


@pytest.mark.parametrize("kind", ["layanan", "unit"])
def test_junk_in_every_field_and_control_of_every_section_is_kept_without_a_500(sqlite_app, editor_project,  # noqa: F811
                                                                                 kind) -> None:  # noqa: ANN001
    app = sqlite_app
    client = signed_in_editor(app)
    draft_id = start_draft(client, SERVICE_ADDRESS if kind == "layanan" else UNIT, kind)
    standard_before = files_of(editor_project.standard)
    for slug in SECTIONS[kind]:
        url = section_url(draft_id, slug)
        for junk in JUNK:
            page = client.get(url)
            form = form_on(page.get_data(as_text=True), url)
            pairs = [(name, value if name == "csrf_token" else junk) for name, value in form.fields]
            response = client.client.post(url, data=MultiDict([*pairs, ("aksi", "simpan")]))
            if len(junk) * len(pairs) > 64 * 1024:  # a form body is held to 64 KiB (MAX_FORM_MEMORY_SIZE)
                refused_plainly(response, 413)
                continue
            assert response.status_code == 303, (slug, junk, response.status_code, words(response)[:300])
            # the page, the overview and the preview still answer (the preview may list galat)
            assert client.client.get(url).status_code == 200, (slug, junk)
            assert client.client.get(f"{EDITOR}draf/{draft_id}/").status_code == 200, (slug, junk)
            assert client.client.get(f"{EDITOR}draf/{draft_id}/perbedaan/").status_code == 200, (slug, junk)
        assert "<script>alert(1)</script>" not in client.client.get(url).get_data(as_text=True)
    assert client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/").status_code in (200, 303, 503)
    assert client.client.get(f"{EDITOR}draf/{draft_id}/terbitkan/").status_code in (200, 303)
    assert files_of(editor_project.standard) == standard_before


def test_two_publish_posts_at_the_same_moment_write_one_version(publish_app, editor_project) -> None:  # noqa: F811
    """Two tabs (or a double click the browser sends twice at once): both POSTs run together."""
    import threading

    app = publish_app
    client = signed_in_editor(app)
    draft_id = ready_draft(client)
    form = MultiDict(publish_form(client, draft_id))
    url = f"{EDITOR}draf/{draft_id}/terbitkan/"
    twin = app.test_client()  # the same browser: the same session's cookies
    for name in (app.config["SESSION_COOKIE_NAME"],):
        cookie = client.client.get_cookie(name)
        assert cookie is not None, name
        twin.set_cookie(name, cookie.value)
    answers: list = [None, None]
    start = threading.Barrier(2)

    def press(index: int, browser) -> None:  # noqa: ANN001
        start.wait()
        answers[index] = browser.post(url, data=MultiDict(form))

    threads = [threading.Thread(target=press, args=(0, client.client)), threading.Thread(target=press, args=(1, twin))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    statuses = sorted(answer.status_code for answer in answers)
    assert 500 not in statuses, [words(answer)[:300] for answer in answers]
    # one publishes; the other is sent to the same build (or, had it lost the race otherwise, a page of its own)
    published = [answer for answer in answers if answer.status_code == 303
                 and "/staf/standar/terbit/" in answer.headers["Location"]]
    assert published and len({answer.headers["Location"] for answer in published}) == 1, (
        statuses, [answer.headers.get("Location") for answer in answers])
    for answer in answers:
        if answer not in published:
            refused_plainly(answer, 404, 409, 422)
    assert "Sudah tayang" in finished(client, published[0])
    folder = editor_project.standard / "layanan" / UNIT / SERVICE
    assert sorted(p.name for p in folder.glob("versi-*.yaml")) == ["versi-1.yaml", "versi-2.yaml"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    with app.app_context():
        assert db.session.query(SiteBuild).count() == 1
        assert db.session.get(StandardDraft, draft_id) is None


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "besok", "-1", "2026-1-1 OR 1=1",
                                 "x" * 2000, ""])
def test_an_absurd_effective_date_is_refused_with_a_message_and_nothing_is_written(sqlite_app, editor_project,  # noqa: F811
                                                                                   day) -> None:  # noqa: ANN001
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    before = draft_data(sqlite_app, draft_id)
    standard_before = files_of(editor_project.standard)
    pairs = [(name, day if name == "berlaku_sejak" else value) for name, value in publish_form(client, draft_id)]
    response = client.client.post(f"{EDITOR}draf/{draft_id}/terbitkan/", data=MultiDict(pairs))
    text = refused_plainly(response, 422)
    assert 'class="ringkasan-galat"' in response.get_data(as_text=True)
    assert "Ada yang perlu diperbaiki" in text and "anggal berlaku" in text.split("Ada yang perlu diperbaiki", 1)[1]
    assert files_of(editor_project.standard) == standard_before
    assert draft_data(sqlite_app, draft_id) == before
    with sqlite_app.app_context():
        assert db.session.query(SiteBuild).count() == 0


def test_twenty_rebuild_requests_in_a_row_build_the_site_only_a_few_times(sqlite_app) -> None:
    app = sqlite_app
    client = signed_in_editor(app)
    token = token_of(client)
    answers = [post_form(client, f"{EDITOR}bangun-ulang", [], token) for _ in range(20)]
    assert all(answer.status_code == 303 for answer in answers)
    last = answers[-1]
    assert "Sudah tayang" in finished(client, last)
    with app.app_context():
        builds_made = db.session.query(SiteBuild).all()
        assert len(builds_made) == 20
        deadline = time.monotonic() + BUILD_SECONDS
        while any(not build.status.finished for build in builds_made) and time.monotonic() < deadline:
            time.sleep(0.5)
            db.session.expire_all()
        assert all(build.status.finished for build in builds_made)
        # one build serves every request waiting when it starts
        assert len({build.mulai for build in builds_made}) <= 3


MARKUP = ["<script>alert('langkah')</script>", "[klik di sini](javascript:alert(1))", "<img src=x onerror=alert(2)>",
          "{{ 7 * 7 }} {% raw %}", "**tebal** _miring_ `kode` # judul", "<!-- komentar --> &lt;b&gt;"]


def test_markup_typed_into_fields_is_shown_as_text_in_the_preview(sqlite_app) -> None:
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    steps = {f"{STEPS}[{n}]": text for n, text in enumerate(MARKUP, 1)}
    assert fill(client, section_url(draft_id, "prosedur"), steps).status_code == 303
    for url in (f"{EDITOR}draf/{draft_id}/", section_url(draft_id, "prosedur"), f"{EDITOR}draf/{draft_id}/perbedaan/"):
        body = client.client.get(url).get_data(as_text=True)
        assert "<script>alert(" not in body and "<img src=x" not in body, url
    preview = client.client.get(f"{EDITOR}draf/{draft_id}/pratinjau/")
    assert preview.status_code == 303, words(preview)[:500]
    body = client.client.get(preview.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(" not in body and "<img src=x" not in body and 'href="javascript:' not in body
    assert " 49 " not in words_of(body)
    shown = words_of(body)
    assert "{{ 7 * 7 }}" in shown and "**tebal** _miring_ `kode` # judul" in shown
    assert "<script>alert('langkah')</script>" in shown


def test_a_name_with_markup_is_refused_and_never_becomes_markup(sqlite_app, editor_project) -> None:  # noqa: F811
    """It once reached the site page's <title> and menus raw (MkDocs takes the title from the H1's text)."""
    client = signed_in_editor(sqlite_app)
    draft_id = ready_draft(client)
    standard_before = files_of(editor_project.standard)
    name = "Konsultasi </title><script>alert(1)</script><b>Statistik</b>"
    assert fill(client, section_url(draft_id, "identitas"), {"nama": name}).status_code == 303
    assert draft_data(sqlite_app, draft_id)["dokumen"]["nama"] == name  # kept, to be corrected
    for url in (f"{EDITOR}draf/{draft_id}/", section_url(draft_id, "identitas"), f"{EDITOR}draf/{draft_id}/pratinjau/"):
        response = client.client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "<script>alert(1)" not in body and "<b>Statistik</b>" not in body, url
        if not url.endswith(f"/draf/{draft_id}/"):  # the overview counts the galat; these pages say it
            assert "memuat tanda < atau >" in words(response), url
    response = client.client.post(f"{EDITOR}draf/{draft_id}/terbitkan/", data=MultiDict(
        [("csrf_token", token_of(client)), ("berlaku_sejak", dt.date.today().isoformat()), ("yakin", "y")]))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/draf/{draft_id}/")
    assert files_of(editor_project.standard) == standard_before


def words_of(body: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
