"""The preview of a draft (layanan/preview.py and editor.preview): the page built by the site's own
templates, mkdocs.yml and theme with the draft's text in place of the version it would write, a
notice that it is not published, served with its assets to the draft's owner only, never with a
path outside the preview. Real files, a real MkDocs build, a real database."""

from __future__ import annotations

import copy
import datetime as dt
import html
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desk_support import make_staff, sign_in
from editor_support import editor_project, make_editor  # noqa: F401 - fixtures
from forms_app import standard_drafts as drafts
from forms_app.editor import publish_views  # noqa: F401 - registers the routes before any app is made
from forms_app.editor_models import StandardDraft
from forms_app.extensions import db
from forms_app.security import SITE_POLICY
from forms_app.staff_models import Role, Staff
from forms_support import FormClient, make_app
from layanan import preview
from layanan.catalog import load
from layanan.site import Project

UNIT = "pst-bps-kutai-barat"
SERVICE_ID = "konsultasi-statistik"
SERVICE = f"{UNIT}/{SERVICE_ID}"
TODAY = dt.date.today()
BACK = "/staf/standar/draf/7/"

try:  # the editor's other pages (editor.index is linked from every editor page)
    from forms_app.editor import section_views  # noqa: F401
except ImportError:  # pragma: no cover - until the forms land
    pass


# --- the candidate ----------------------------------------------------------------------------


def _service_folder(project: Project) -> Path:
    return project.standard / "layanan" / UNIT / SERVICE_ID


def _candidate(project: Project, time: str = "15 menit", effective: dt.date | None = None) -> tuple[Path, str]:
    """Version 2 of the service as publishing would write it (here from version 1's text)."""
    text = (_service_folder(project) / "versi-1.yaml").read_text(encoding="utf-8")
    text = text.replace("    waktu: 10 menit\n", f"    waktu: {time}\n")
    assert f"waktu: {time}" in text
    text = re.sub(r"berlaku_sejak:\n  tidak_diketahui: [^\n]*\n", "", text)
    text = re.sub(r"versi:\n  tidak_diketahui: [^\n]*\n",
                  f"versi: '2026'\nringkasan_perubahan: Waktu kunjungan langsung menjadi {time}.\n", text)
    if effective is not None:
        text += f"berlaku_sejak: {effective.isoformat()}\n"
    return _service_folder(project) / "versi-2.yaml", text


class _Structure(HTMLParser):
    """The classes of the theme's frame of a page: header, navigation, footer, main container."""

    FRAME = ("header", "nav", "footer", "main")

    def __init__(self) -> None:
        super().__init__()
        self.frame: list[tuple[str, str]] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        attributes = dict(attrs)
        if tag in self.FRAME:
            self.frame.append((tag, attributes.get("class") or ""))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


def _structure(html: str) -> _Structure:
    parsed = _Structure()
    parsed.feed(html)
    return parsed


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- layanan/preview.py -----------------------------------------------------------------------


def test_the_preview_is_the_site_s_page_with_the_draft_s_text_and_a_notice(editor_project):  # noqa: F811
    project = editor_project
    path, text = _candidate(project)
    site_before = os.readlink(project.site_dir)
    started = time.perf_counter()
    built = preview.build(project, "7", path, text, TODAY, BACK)
    first_seconds = time.perf_counter() - started
    assert built.built and built.day == TODAY
    assert built.page == f"standar/{UNIT}/{SERVICE_ID}/"
    assert built.folder.parent == project.root / ".site-builds" / ".pratinjau"
    assert built.folder.name == f"7-{built.key}"
    page = (built.folder / built.page / "index.html").read_text(encoding="utf-8")
    shown = _visible(page)
    assert "Kunjungan langsung: 15 menit" in shown
    assert "Versi 2 (2026) · berlaku sejak" in shown  # today's date in the preview copy only
    assert preview.NOTICE_TITLE in shown and f'href="{BACK}"' in page and "Kembali ke draf" in shown
    # the same theme and frame as the page the site serves now
    published = (project.site_dir / built.page / "index.html").read_text(encoding="utf-8")
    assert "Kunjungan langsung: 10 menit" in _visible(published) and preview.NOTICE_TITLE not in published
    assert _structure(page).frame == _structure(published).frame
    assert _structure(page).frame[0][0] == "header" and "md-header" in _structure(page).frame[0][1]
    assert _structure(page).stylesheets == _structure(published).stylesheets
    for asset in _structure(page).stylesheets + _structure(page).scripts:
        assert (built.folder / built.page / asset).resolve().is_file(), asset
    # the history and the version page of the preview know version 2
    history = _visible((built.folder / built.page / "riwayat" / "index.html").read_text(encoding="utf-8"))
    assert "Versi 2" in history
    # nothing of the project changed: no version file, the same published site
    assert not path.exists() and os.readlink(project.site_dir) == site_before
    assert not load(project.standard).errors
    # the same text previews instantly the second time
    started = time.perf_counter()
    again = preview.build(project, "7", path, text, TODAY, BACK)
    assert not again.built and again.folder == built.folder and again.page == built.page and again.day == built.day
    assert time.perf_counter() - started < first_seconds / 2
    # a change elsewhere in standard/ (the unit's page is part of the preview) is built again
    unit_file = project.standard / "unit" / UNIT / "versi-1.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8") + "# catatan\n", encoding="utf-8")
    assert preview.build(project, "7", path, text, TODAY, BACK).built


def test_an_upcoming_version_is_previewed_as_it_will_be_once_in_force(editor_project):  # noqa: F811
    later = TODAY + dt.timedelta(days=30)
    path, text = _candidate(editor_project, "20 menit", effective=later)
    built = preview.build(editor_project, "8", path, text, TODAY, BACK)
    assert built.day == later
    shown = _visible((built.folder / built.page / "index.html").read_text(encoding="utf-8"))
    assert "Kunjungan langsung: 20 menit" in shown
    assert "Versi baru berlaku mulai" not in shown  # it is the version in force on its own date


def test_an_invalid_candidate_is_not_previewed_and_says_what_layanan_check_says(editor_project):  # noqa: F811
    path, text = _candidate(editor_project, "10 minggu")
    with pytest.raises(preview.PreviewInvalid) as refused:
        preview.build(editor_project, "9", path, text, TODAY, BACK)
    overlay = load(editor_project.standard, overlay={path: preview.with_effective_date(text, path, TODAY)})
    expected = [(p.field, p.message) for p in overlay.errors if p.path == path]
    assert expected and [(p.field, p.message) for p in refused.value.problems] == expected
    assert "'10 minggu' bukan jangka waktu" in refused.value.problems[0].message
    assert not (editor_project.root / ".site-builds" / ".pratinjau").exists() or not any(
        (editor_project.root / ".site-builds" / ".pratinjau").glob("9-*"))


def test_a_new_preview_replaces_the_owner_s_older_one_and_day_old_previews_go(editor_project):  # noqa: F811
    path, text = _candidate(editor_project, "15 menit")
    first = preview.build(editor_project, "7", path, text, TODAY, BACK)
    other = preview.build(editor_project, "11", path, text, TODAY, "/staf/standar/draf/11/")
    assert other.key != first.key  # the notice links to its own draft
    day_old = time.time() - preview.KEEP_SECONDS - 60
    os.utime(other.folder, (day_old, day_old))
    path, changed = _candidate(editor_project, "25 menit")
    second = preview.build(editor_project, "7", path, changed, TODAY, BACK)
    assert second.key != first.key
    remaining = sorted(p.name for p in (editor_project.root / ".site-builds" / ".pratinjau").iterdir())
    assert remaining == [second.folder.name]
    assert preview.folder_of(editor_project, "7", first.key) is None
    assert preview.folder_of(editor_project, "7", second.key) == second.folder
    assert preview.folder_of(editor_project, "7", "../../site") is None


def test_a_mkdocs_failure_is_a_preview_failure_with_mkdocs_words(editor_project):  # noqa: F811
    config = editor_project.mkdocs_config
    original = config.read_text(encoding="utf-8")
    path, text = _candidate(editor_project)
    # MkDocs stops in the middle of the build (a hook that fails): its words, nothing left behind
    (editor_project.docs_dir() / "rusak.py").write_text(
        "def on_pre_build(config):\n    raise RuntimeError('kait uji sengaja gagal')\n", encoding="utf-8")
    config.write_text(original + "hooks:\n  - site_src/rusak.py\n", encoding="utf-8")
    with pytest.raises(preview.PreviewFailed) as failed:
        preview.build(editor_project, "7", path, text, TODAY, BACK)
    assert "MkDocs gagal membangun pratinjau" in str(failed.value)
    assert "kait uji sengaja gagal" in str(failed.value)
    folder = editor_project.root / ".site-builds" / ".pratinjau"
    assert [p.name for p in folder.iterdir()] == []  # its work folder is gone too
    # mkdocs.yml that cannot be read at all: said so, before any work
    config.write_text(original.replace("theme:\n  name: material", "theme:\n  name: tema-yang-tidak-ada"),
                      encoding="utf-8")
    with pytest.raises(preview.PreviewFailed, match="mkdocs.yml tidak dapat dibaca"):
        preview.build(editor_project, "7", path, text, TODAY, BACK)
    assert [p.name for p in folder.iterdir()] == []


# --- editor.preview and editor.preview_file ---------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, editor_project):  # noqa: ANN001, ANN201, F811
    app, close = make_app(tmp_path, request.param, LAYANAN_PROJECT=str(editor_project.root))
    yield app
    close()


def _draft_with_change(app, account: dict, project: Project, time: str = "15 menit") -> int:  # noqa: ANN001
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        standard = drafts.find(drafts.working_standards(project), [UNIT], SERVICE)
        draft = drafts.start(staff, standard, project)
        document = copy.deepcopy(drafts.document(draft))  # a changed copy: the JSON column is then written
        document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = time
        document["ringkasan_perubahan"] = f"Waktu penyelesaian kunjungan langsung menjadi {time}."
        drafts.save(draft, document)
        db.session.commit()
        return draft.id


def _signed_in(app, account: dict) -> FormClient:  # noqa: ANN001
    client = FormClient(app.test_client())
    sign_in(client, account)
    return client


def test_the_owner_previews_the_draft_with_its_assets(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft_with_change(app, account, editor_project)
    client = _signed_in(app, account)
    response = client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/")
    assert response.status_code == 303
    address = response.headers["Location"]
    match = re.fullmatch(rf"/staf/standar/draf/{draft_id}/pratinjau/([0-9a-f]{{16}})/standar/{UNIT}/{SERVICE_ID}/",
                         address)
    assert match, address
    page = client.client.get(address)
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    shown = _visible(body)
    assert "Kunjungan langsung: 15 menit" in shown and preview.NOTICE_TITLE in shown
    assert f'href="/staf/standar/draf/{draft_id}/' in body  # back to the draft
    assert page.headers["Content-Security-Policy"] == SITE_POLICY
    assert page.headers["Cache-Control"] == "no-store"
    for asset in _structure(body).stylesheets + _structure(body).scripts:
        served = client.client.get(address + asset)
        assert served.status_code == 200, asset
        assert served.mimetype in ("text/css", "text/javascript", "application/javascript"), (asset, served.mimetype)
    # the same draft again: the same preview, without building it again
    started = time.perf_counter()
    assert client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").headers["Location"] == address
    assert time.perf_counter() - started < 1.0
    # a folder without its slash is sent to it
    folder = client.client.get(address.rstrip("/"))
    assert folder.status_code == 308 and folder.headers["Location"].endswith(address)
    root = address[:-len(f"/standar/{UNIT}/{SERVICE_ID}/")]
    assert root.endswith(match[1])
    assert client.client.get(root).status_code == 308 and client.client.get(root).headers["Location"].endswith(root + "/")
    assert preview.NOTICE_TITLE in client.client.get(root + "/").get_data(as_text=True)  # the site's home page too
    # an address of a preview replaced since leads to the draft's preview now; an old asset is gone
    stale = f"/staf/standar/draf/{draft_id}/pratinjau/{'0' * 16}/standar/{UNIT}/"
    assert client.client.get(stale).headers["Location"].endswith(f"/staf/standar/draf/{draft_id}/pratinjau/")
    assert client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/{'0' * 16}/assets/layanan.css").status_code == 404


def test_no_path_leaves_the_preview(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft_with_change(app, account, editor_project)
    client = _signed_in(app, account)
    address = client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").headers["Location"]
    key = address.split("/pratinjau/", 1)[1].split("/", 1)[0]
    base = f"/staf/standar/draf/{draft_id}/pratinjau/{key}/"
    secret = editor_project.standard / "terbit.json"
    assert secret.is_file()
    for attempt in ["../../../standard/terbit.json", "..%2f..%2f..%2fstandard%2fterbit.json",
                    "%2e%2e/%2e%2e/%2e%2e/standard/terbit.json", f"..%2f{key}%2findex.html",
                    "/etc/passwd", "%2fetc%2fpasswd", "standar/../../../../mkdocs.yml", "..\\..\\mkdocs.yml"]:
        response = client.client.get(base + attempt)
        assert response.status_code in (404, 308), (attempt, response.status_code)
        if response.status_code == 308:  # werkzeug normalised it to an address inside the preview
            assert response.headers["Location"].startswith(f"/staf/standar/draf/{draft_id}/pratinjau/")
        assert b'"versi"' not in response.data and b"site_name" not in response.data and b"root:" not in response.data
    for attempt in ["..", "../..", "..%2f..", key + "%2f..%2f..%2f..%2fmkdocs.yml"]:
        response = client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/{attempt}")
        assert response.status_code in (303, 404), (attempt, response.status_code)
        assert b"site_name" not in response.data


def test_only_the_draft_s_owner_sees_its_preview(app, editor_project):  # noqa: F811
    owner = make_editor(app)
    draft_id = _draft_with_change(app, owner, editor_project)
    address = _signed_in(app, owner).client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").headers["Location"]
    other = _signed_in(app, make_editor(app, email="lain@pst.contoh.id", name="Budi Lain"))
    assert other.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").status_code == 404
    assert other.client.get(address).status_code == 404
    assert other.client.get(address + "../../../assets/layanan.css").status_code == 404
    clerk = _signed_in(app, make_staff(app, email="petugas@pst.contoh.id", role=Role.petugas, two_factor=True))
    assert clerk.client.get(address).status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(address).status_code in (302, 303)


def test_a_draft_with_errors_is_not_previewed_and_its_errors_are_named(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft_with_change(app, account, editor_project, "10 minggu")
    client = _signed_in(app, account)
    page = client.get(f"/staf/standar/draf/{draft_id}/pratinjau/")
    text = html.unescape(client.text(page))
    assert "Draf masih bergalat" in text and "'10 minggu' bukan jangka waktu" in text
    assert "waktu_penyelesaian.kunjungan_langsung.waktu" in text
    assert not (editor_project.root / ".site-builds" / ".pratinjau").exists() or not any(
        (editor_project.root / ".site-builds" / ".pratinjau").iterdir())


def test_a_preview_mkdocs_cannot_build_is_a_page_that_says_so(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft_with_change(app, account, editor_project)
    (editor_project.docs_dir() / "rusak.py").write_text(
        "def on_pre_build(config):\n    raise RuntimeError('kait uji sengaja gagal')\n", encoding="utf-8")
    config = editor_project.mkdocs_config
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - site_src/rusak.py\n", encoding="utf-8")
    client = _signed_in(app, account)
    page = client.get(f"/staf/standar/draf/{draft_id}/pratinjau/", status=503)
    text = html.unescape(client.text(page))
    assert "belum dapat dibuat" in text and "situs yang tayang tidak terpengaruh" in text
    assert "kait uji sengaja gagal" in text and "Draf Anda tetap tersimpan" in text
    with app.app_context():
        assert db.session.get(StandardDraft, draft_id) is not None
