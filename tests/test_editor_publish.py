"""Publishing from the editor's pages (forms_app/editor/publish_views.py): the difference in the
site's words, the publish form, the new version file, the site rebuilt in the background and the
new page served; an upcoming version; the stale-edit refusal (another editor, a file changed on
disk) with the way to start again; a date before today; a failed build and a new one; drafts
that are someone else's. Real files, real builds (MkDocs), SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
import time

import pytest

from desk_support import make_staff, sign_in
from editor_support import editor_project, make_editor  # noqa: F401 - fixtures
from forms_app import site_builds
from forms_app import standard_drafts as drafts
from forms_app.editor import publish_views  # noqa: F401 - registers the routes before any app is made
from forms_app.editor_models import BuildStatus, SiteBuild, StandardDraft
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import AuditEntry, Role, Staff
from forms_support import FormClient, make_app
from layanan.catalog import load
from layanan.model import Layanan
from layanan.perbedaan import bandingkan_unit
from layanan.site import Project
from layanan.yamlfile import read_yaml

try:  # the editor's other pages (editor.index is linked from every editor page)
    from forms_app.editor import section_views  # noqa: F401
except ImportError:  # pragma: no cover - until the forms land
    pass

UNIT = "pst-bps-kutai-barat"
SERVICE_ID = "konsultasi-statistik"
SERVICE = f"{UNIT}/{SERVICE_ID}"
PAGE = f"/standar/{UNIT}/{SERVICE_ID}/"
BUILD_SECONDS = 180


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, editor_project):  # noqa: ANN001, ANN201, F811
    # the builder thread builds at once when woken; it need not poll again during a test
    app, close = make_app(tmp_path, request.param, LAYANAN_PROJECT=str(editor_project.root),
                          SITE_BUILD_POLL_SECONDS=3600.0)
    yield app
    close()


@pytest.fixture
def sqlite_app(tmp_path, editor_project):  # noqa: ANN001, ANN201, F811
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(editor_project.root), SITE_BUILD_POLL_SECONDS=3600.0)
    yield app
    close()


# --- helpers ----------------------------------------------------------------------------------


def _today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # WITA: Kutai Barat's office


def _folder(project: Project):  # noqa: ANN202
    return project.standard / "layanan" / UNIT / SERVICE_ID


def _draft(app, account: dict, project: Project, time_text: str = "15 menit") -> int:  # noqa: ANN001
    """The editor's draft of the service with the walk-in completion time changed."""
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        standard = drafts.find(drafts.working_standards(project), [UNIT], SERVICE)
        draft = drafts.start(staff, standard, project)
        document = copy.deepcopy(drafts.document(draft))
        document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = time_text
        document["ringkasan_perubahan"] = f"Waktu penyelesaian kunjungan langsung menjadi {time_text}."
        drafts.save(draft, document)
        db.session.commit()
        return draft.id


def _signed_in(app, account: dict) -> FormClient:  # noqa: ANN001
    client = FormClient(app.test_client())
    sign_in(client, account)
    return client


def _text(client: FormClient, response) -> str:  # noqa: ANN001
    return html.unescape(client.text(response))


def _publish(client: FormClient, draft_id: int, day: dt.date, status: int = 303):  # noqa: ANN202
    client.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    return client.post(f"/staf/standar/draf/{draft_id}/terbitkan/",
                       {"berlaku_sejak": day.isoformat(), "yakin": "y"}, status=status)


def _build_id(response) -> int:  # noqa: ANN001
    found = re.fullmatch(r"/staf/standar/terbit/([0-9]+)/", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found[1])


def _finished(client: FormClient, build_id: int) -> str:
    """The build page once the build has finished (it refreshes itself until then)."""
    deadline = time.monotonic() + BUILD_SECONDS
    while True:
        page = client.get(f"/staf/standar/terbit/{build_id}/")
        body = page.get_data(as_text=True)
        if '<meta http-equiv="refresh"' not in body:
            return _text(client, page)
        assert "Situs besar perlu beberapa menit; halaman lama tetap tayang" in _text(client, page)
        assert time.monotonic() < deadline, _text(client, page)
        time.sleep(0.5)


def _site_page(app, path: str = PAGE) -> str:  # noqa: ANN001
    response = app.test_client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# --- publish, build, the new page -------------------------------------------------------------


def test_publish_writes_the_version_rebuilds_and_the_new_page_is_served(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project)
    client = _signed_in(app, account)
    assert "Kunjungan langsung: 10 menit" in _site_page(app)

    difference = _text(client, client.get(f"/staf/standar/draf/{draft_id}/perbedaan/"))
    assert "Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 15 menit." in difference
    assert "Dibandingkan dengan versi 1" in difference
    assert "belum dipublikasikan" in difference  # the unknown values are named

    form = client.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    body = form.get_data(as_text=True)
    assert f'value="{_today().isoformat()}"' in body  # today at the unit's office, by default
    assert "berubah dari 10 menit menjadi 15 menit" in _text(client, form)
    assert f'href="/staf/standar/draf/{draft_id}/identitas/">Ubah label versi, ringkasan perubahan, atau SK' in body
    assert "Waktu penyelesaian kunjungan langsung menjadi 15 menit." in _text(client, form)  # the summary, read-only
    client.get(f"/staf/standar/draf/{draft_id}/identitas/")  # the link leads to the form that changes them
    response = _publish(client, draft_id, _today())
    build_id = _build_id(response)

    # the file: the next version, the change, the starting version's comments, the documented key order
    path = _folder(editor_project) / "versi-2.yaml"
    data = read_yaml(path).data
    assert data["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] == "15 menit"
    assert data["berlaku_sejak"] == _today()
    text = path.read_text(encoding="utf-8")
    assert "# --- A. Komponen penyampaian pelayanan" in text
    assert "diterbitkan dari editor standar oleh Sari Penyunting" in text
    keys = list(data)
    assert keys == [key for key in Layanan.model_fields if key in keys]
    assert not load(editor_project.standard).errors  # `layanan check` finds nothing wrong
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.aksi == "standar_diterbitkan"))
        assert entry.staf_id == account["id"] and entry.rincian["versi"] == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(StandardDraft)) == 0

    done = _finished(client, build_id)
    assert "Sudah tayang" in done and "Situs baru sudah tayang" in done
    page = client.get(f"/staf/standar/terbit/{build_id}/").get_data(as_text=True)
    assert f'href="{PAGE}"' in page and f'href="{PAGE}riwayat/"' in page
    shown = _site_page(app)
    assert "Kunjungan langsung: 15 menit" in shown and "Versi 2 (" in shown
    history = _site_page(app, PAGE + "riwayat/")
    assert "Versi 2" in history and "berlaku" in history
    with app.app_context():
        build = db.session.get(SiteBuild, build_id)
        assert build.status is BuildStatus.berhasil and build.halaman == PAGE


def test_an_upcoming_version_is_published_ahead_and_announced(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project, "20 menit")
    client = _signed_in(app, account)
    later = _today() + dt.timedelta(days=30)
    build_id = _build_id(_publish(client, draft_id, later))
    assert "Sudah tayang" in _finished(client, build_id)
    shown = _site_page(app)
    assert "Kunjungan langsung: 10 menit" in shown  # version 1 is still in force
    assert "Versi baru berlaku mulai" in shown and "menjadi 20 menit" in shown
    upcoming = _site_page(app, PAGE + "versi-2/")
    assert "Jangka waktu penyelesaian kunjungan langsung berubah dari 10 menit menjadi 20 menit." in upcoming


def test_a_date_before_today_is_refused_and_nothing_is_written(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project)
    client = _signed_in(app, account)
    yesterday = _today() - dt.timedelta(days=1)
    refused = _publish(client, draft_id, yesterday, status=422)
    text = _text(client, refused)
    assert "Ada yang perlu diperbaiki" in text and "Tanggal berlaku paling awal hari ini" in text
    assert not (_folder(editor_project) / "versi-2.yaml").exists()
    unticked = client.post(f"/staf/standar/draf/{draft_id}/terbitkan/", {"berlaku_sejak": _today().isoformat()},
                           status=422)
    assert "Centang kotak persetujuan" in _text(client, unticked)
    assert not (_folder(editor_project) / "versi-2.yaml").exists()
    with app.app_context():
        assert db.session.get(StandardDraft, draft_id) is not None
        assert not db.session.scalar(db.select(db.func.count()).select_from(SiteBuild))


def test_a_failed_record_removes_the_written_file_again(sqlite_app, editor_project, monkeypatch):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project)
    client = _signed_in(app, account)
    client.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    real_commit = db.session.commit
    written = []

    def failing_commit() -> None:
        written.append((_folder(editor_project) / "versi-2.yaml").exists())
        from sqlalchemy.exc import OperationalError
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", failing_commit)
    response = client.post(f"/staf/standar/draf/{draft_id}/terbitkan/",
                           {"berlaku_sejak": _today().isoformat(), "yakin": "y"}, status=422)
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert written == [True]  # it was written, then withdrawn
    assert "tidak dapat dicatat di basis data" in _text(client, response)
    assert not (_folder(editor_project) / "versi-2.yaml").exists()
    with app.app_context():
        assert db.session.get(StandardDraft, draft_id) is not None
        assert not db.session.scalar(db.select(db.func.count()).select_from(SiteBuild))


# --- no silent overwrite ----------------------------------------------------------------------


def test_the_second_editor_is_refused_with_the_first_one_s_change_and_starts_again(app, editor_project):  # noqa: F811
    first = make_editor(app)
    second = make_editor(app, email="kedua@pst.contoh.id", name="Budi Kedua")
    mine = _draft(app, first, editor_project, "15 menit")
    theirs = _draft(app, second, editor_project, "20 menit")
    second_client = _signed_in(app, second)
    second_client.get(f"/staf/standar/draf/{theirs}/terbitkan/")  # the form, before the first one publishes
    # the first publishes (its build not yet run: its version is written, not yet on the site)
    with app.app_context():
        draft = db.session.get(StandardDraft, mine)
        drafts.publish(draft, db.session.get(Staff, first["id"]), editor_project, _today())
        db.session.commit()
    refused = second_client.post(f"/staf/standar/draf/{theirs}/terbitkan/",
                                 {"berlaku_sejak": _today().isoformat(), "yakin": "y"}, status=409)
    text = _text(second_client, refused)
    assert "sudah berubah sejak draf Anda dimulai" in text
    assert "Sari Penyunting menerbitkan versi-2.yaml pada" in text and "WITA" in text
    assert "berubah dari 10 menit menjadi 15 menit" in text  # their change
    assert "berubah dari 10 menit menjadi 20 menit" in text  # and what this editor had changed
    assert not (_folder(editor_project) / "versi-3.yaml").exists()
    assert (_folder(editor_project) / "versi-2.yaml").read_text(encoding="utf-8").count("15 menit") >= 1
    assert second_client.get(f"/staf/standar/draf/{theirs}/terbitkan/", status=409)
    # starting again waits for the newest version to be on the site; the draft is kept meanwhile
    waiting = second_client.post(f"/staf/standar/draf/{theirs}/mulai-lagi", {})
    assert waiting.headers["Location"].endswith(f"/staf/standar/draf/{theirs}/terbitkan/")
    assert "belum terbit" in _text(second_client, second_client.get(waiting.headers["Location"], status=409))
    with app.app_context():
        assert db.session.get(StandardDraft, theirs) is not None
        assert site_builds.run_next(editor_project.root, app.config["SITE_BUILDER"], 600)
    restarted = second_client.post(f"/staf/standar/draf/{theirs}/mulai-lagi", {})
    with app.app_context():
        assert db.session.get(StandardDraft, theirs) is None
        fresh = db.session.scalar(db.select(StandardDraft).where(StandardDraft.staf_id == second["id"]))
        assert fresh.asal_berkas.endswith(f"{SERVICE_ID}/versi-2.yaml")
        assert drafts.document(fresh)["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] == "15 menit"
    assert f"/staf/standar/draf/{fresh.id}/" in restarted.headers["Location"]


def test_a_file_changed_on_disk_while_the_draft_was_open_refuses_it(app, editor_project):  # noqa: F811
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project)
    client = _signed_in(app, account)
    client.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    source = _folder(editor_project) / "versi-1.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# catatan yang ditambahkan langsung pada file\n",
                      encoding="utf-8")
    refused = client.post(f"/staf/standar/draf/{draft_id}/terbitkan/",
                          {"berlaku_sejak": _today().isoformat(), "yakin": "y"}, status=409)
    text = _text(client, refused)
    assert "File versi-1.yaml diubah langsung di server" in text
    assert "Isi standar tidak berubah" in text  # a comment is no change of content
    assert "berubah dari 10 menit menjadi 15 menit" in text  # what this editor had changed
    assert not (_folder(editor_project) / "versi-2.yaml").exists()
    with app.app_context():
        assert db.session.get(StandardDraft, draft_id) is not None  # never lost silently


# --- builds -----------------------------------------------------------------------------------


def test_a_failed_build_keeps_the_old_site_and_a_new_build_mends_it(app, editor_project):  # noqa: F811
    config = editor_project.mkdocs_config
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("theme:", "nav:\n  - Tidak ada: tidak-ada.md\ntheme:", 1), encoding="utf-8")
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project)
    client = _signed_in(app, account)
    build_id = _build_id(_publish(client, draft_id, _today()))
    failed = _finished(client, build_id)
    assert "Pembangunan gagal; situs yang lama tetap tayang" in failed
    assert "MkDocs" in failed and "tidak-ada.md" in failed
    assert "Kunjungan langsung: 10 menit" in _site_page(app)  # the previous site still serves
    config.write_text(original, encoding="utf-8")
    client.get(f"/staf/standar/terbit/{build_id}/")
    again = client.post("/staf/standar/bangun-ulang", {})
    new_id = _build_id(again)
    assert new_id != build_id
    assert "Sudah tayang" in _finished(client, new_id)
    assert "Kunjungan langsung: 15 menit" in _site_page(app)
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.aksi == "situs_dibangun_ulang"))
        assert entry is not None and entry.staf_id == account["id"] and entry.sasaran == f"bangun_situs:{new_id}"


def test_the_build_page_follows_each_status_without_javascript(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    with app.app_context():
        build = site_builds.request(None, "Pelayanan Konsultasi Statistik: versi 2, berlaku 01-12-2026", PAGE)
        db.session.commit()
        build_id = build.id
    other = make_editor(app, email="lain@pst.contoh.id", name="Budi Lain")  # builds are site-wide
    client = _signed_in(app, other)
    address = f"/staf/standar/terbit/{build_id}/"

    def page() -> tuple[str, str]:
        response = client.get(address)
        return response.get_data(as_text=True), _text(client, response)

    body, text = page()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert "Menunggu giliran" in text and "versi 2, berlaku 01-12-2026" in text
    assert "Situs besar perlu beberapa menit; halaman lama tetap tayang sampai yang baru selesai" in text
    # the refreshing can be turned off (WCAG 2.2.1) and on again
    assert f'href="{address}?berhenti=1"' in body
    still = client.get(address + "?berhenti=1").get_data(as_text=True)
    assert '<meta http-equiv="refresh"' not in still and "Menunggu giliran" in still
    assert f'href="{address}">Muat ulang sekarang</a>' in still
    with app.app_context():
        found = db.session.get(SiteBuild, build_id)
        found.status, found.mulai, found.tahap = BuildStatus.berjalan, utcnow() - dt.timedelta(seconds=42), \
            "Membangun situs dengan MkDocs dan menggambar poster"
        db.session.commit()
    body, text = page()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert "Sedang dibangun — Membangun situs dengan MkDocs" in text
    seconds = int(re.search(r"Sudah berjalan ([0-9]+) detik", text)[1])
    assert 42 <= seconds < 100
    with app.app_context():
        found = db.session.get(SiteBuild, build_id)
        found.status, found.selesai, found.tahap = BuildStatus.gagal, utcnow(), None
        found.pesan = "MkDocs menolak membangun situs: <contoh> pesan"
        db.session.commit()
    body, text = page()
    assert '<meta http-equiv="refresh"' not in body
    assert "Gagal" in text and "situs yang lama tetap tayang" in text
    assert "MkDocs menolak membangun situs: <contoh> pesan" in text and "&lt;contoh&gt;" in body
    assert 'action="/staf/standar/bangun-ulang"' in body and "Bangun ulang" in text
    assert client.get("/staf/standar/terbit/999999/", status=404)


# --- whose drafts -----------------------------------------------------------------------------


def test_someone_else_s_draft_is_not_found_and_other_roles_are_refused(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    owner = make_editor(app)
    draft_id = _draft(app, owner, editor_project)
    other = _signed_in(app, make_editor(app, email="lain@pst.contoh.id", name="Budi Lain"))
    for address in ("perbedaan/", "terbitkan/", "pratinjau/"):
        other.get(f"/staf/standar/draf/{draft_id}/{address}", status=404)
    other.get("/staf/standar/draf/999999/perbedaan/", status=404)
    other.get("/staf/standar/terbit/1/", status=404)
    other.get("/staf/akun")  # a page with a form: the posts below carry a valid CSRF token
    other.post(f"/staf/standar/draf/{draft_id}/mulai-lagi", {}, status=404)
    other.get("/staf/akun")
    other.post(f"/staf/standar/draf/{draft_id}/terbitkan/", {"berlaku_sejak": _today().isoformat(), "yakin": "y"},
               status=404)
    assert not (_folder(editor_project) / "versi-2.yaml").exists()
    clerk = _signed_in(app, make_staff(app, email="petugas@pst.contoh.id", role=Role.petugas, two_factor=True))
    assert clerk.client.get(f"/staf/standar/draf/{draft_id}/perbedaan/").status_code == 403
    assert clerk.client.post("/staf/standar/bangun-ulang").status_code in (400, 403)
    with app.app_context():
        assert db.session.get(StandardDraft, draft_id) is not None
        assert not db.session.scalar(db.select(db.func.count()).select_from(SiteBuild))


def test_a_draft_with_errors_has_no_difference_and_cannot_be_published(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    draft_id = _draft(app, account, editor_project, "10 minggu")
    client = _signed_in(app, account)
    text = _text(client, client.get(f"/staf/standar/draf/{draft_id}/perbedaan/"))
    assert "Draf masih bergalat" in text and "'10 minggu' bukan jangka waktu" in text
    refused = client.client.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    assert refused.status_code == 303 and f"/draf/{draft_id}/" in refused.headers["Location"]
    assert not (_folder(editor_project) / "versi-2.yaml").exists()


# --- a unit's profile, a new service ----------------------------------------------------------


def test_a_unit_profile_is_compared_previewed_and_published(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        standard = drafts.find(drafts.working_standards(editor_project), [UNIT], UNIT)
        draft = drafts.start(staff, standard, editor_project)
        document = copy.deepcopy(drafts.document(draft))
        document["email"] = "pst6407@bps.go.id"
        document["ringkasan_perubahan"] = "Alamat email unit dicantumkan."
        drafts.save(draft, document)
        db.session.commit()
        draft_id = draft.id
        checked = drafts.check(draft, staff, editor_project)
        expected = [s for change in bandingkan_unit(drafts.starting_model(draft), checked.candidate.model)
                    for s in change.kalimat]
    assert expected and any("pst6407@bps.go.id" in sentence for sentence in expected)
    client = _signed_in(app, account)
    difference = _text(client, client.get(f"/staf/standar/draf/{draft_id}/perbedaan/"))
    assert all(sentence in difference for sentence in expected), (expected, difference)
    preview_address = client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").headers["Location"]
    assert preview_address.endswith(f"/standar/{UNIT}/")
    assert "pst6407@bps.go.id" in client.client.get(preview_address).get_data(as_text=True)
    build_id = _build_id(_publish(client, draft_id, _today()))
    assert read_yaml(editor_project.standard / "unit" / UNIT / "versi-2.yaml").data["email"] == "pst6407@bps.go.id"
    assert "Sudah tayang" in _finished(client, build_id)
    page = client.get(f"/staf/standar/terbit/{build_id}/").get_data(as_text=True)
    assert f'href="/standar/{UNIT}/"' in page and f'href="/standar/{UNIT}/profil/riwayat/"' in page
    assert "pst6407@bps.go.id" in _site_page(app, f"/standar/{UNIT}/")
    assert "Versi 2" in _site_page(app, f"/standar/{UNIT}/profil/riwayat/")


def test_a_new_service_is_shown_as_new_and_published_in_its_own_folder(sqlite_app, editor_project):  # noqa: F811
    app = sqlite_app
    account = make_editor(app)
    folder = "rekomendasi-kegiatan-statistik"
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        standard = drafts.find(drafts.working_standards(editor_project), [UNIT], SERVICE)
        draft = drafts.start(staff, standard, editor_project, new_service=True)
        document = copy.deepcopy(drafts.document(draft))
        document["nama"] = "Rekomendasi Kegiatan Statistik"
        document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = "30 hari kerja"
        drafts.save(draft, document, folder=folder)
        db.session.commit()
        draft_id = draft.id
    client = _signed_in(app, account)
    difference = _text(client, client.get(f"/staf/standar/draf/{draft_id}/perbedaan/"))
    assert "Layanan baru." in difference and "dimulai dari salinan Pelayanan Konsultasi Statistik" in difference
    assert "Persyaratan: belum dipublikasikan" in difference  # its components, each given or not
    assert "Sistem, mekanisme, dan prosedur: diisi" in difference
    assert "Jangka waktu penyelesaian: sebagian belum dipublikasikan" in difference  # online is still unknown
    assert "berubah dari 10 menit menjadi 30 hari kerja" in difference  # and how it differs from its origin
    preview_address = client.client.get(f"/staf/standar/draf/{draft_id}/pratinjau/").headers["Location"]
    assert preview_address.endswith(f"/standar/{UNIT}/{folder}/")
    assert "Rekomendasi Kegiatan Statistik" in client.client.get(preview_address).get_data(as_text=True)
    response = _publish(client, draft_id, _today())
    path = editor_project.standard / "layanan" / UNIT / folder / "versi-1.yaml"
    assert read_yaml(path).data["nama"] == "Rekomendasi Kegiatan Statistik"
    assert not load(editor_project.standard).errors
    assert "Sudah tayang" in _finished(client, _build_id(response))
    assert "Kunjungan langsung: 30 hari kerja" in _site_page(app, f"/standar/{UNIT}/{folder}/")


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():  # noqa: ANN201
    from browser import launched_chromium

    with launched_chromium() as launched:
        yield launched


@pytest.mark.browser
def test_the_refusal_the_errors_and_the_failed_build_in_the_browser(chromium, tmp_path, width, javascript):  # noqa: ANN001
    """The publish flow's pages that the journey does not reach (the 409 conflict, a draft with
    errors, a failed build) in Debian's Chromium, at 1280 and 320 px, with and without JavaScript:
    axe-core (WCAG 2.2 AA) finds nothing, no page is wider than the screen or asks another host;
    "Mulai lagi dari versi terbaru" works by keyboard."""
    from browser import PageChecks, served_app, tabs
    from desk_support import totp_now
    from editor_support import published_project

    project = published_project(tmp_path / "proyek")
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(project.root), SITE_BUILD_POLL_SECONDS=3600.0)
    try:
        first = make_editor(app)
        second = make_editor(app, email="kedua@pst.contoh.id", name="Budi Kedua")
        mine = _draft(app, first, project, "15 menit")
        theirs = _draft(app, second, project, "20 menit")
        with app.app_context():
            drafts.publish(db.session.get(StandardDraft, mine), db.session.get(Staff, first["id"]), project, _today())
            db.session.commit()
            assert site_builds.run_next(project.root, app.config["SITE_BUILDER"], 600)
            failed = site_builds.request(None, "Pelayanan Konsultasi Statistik: versi 3, berlaku 01-12-2026", PAGE)
            failed.status, failed.mulai, failed.selesai = BuildStatus.gagal, utcnow(), utcnow()
            failed.pesan = ("Situs tidak dibangun: perbaiki galat di atas dulu.\nstandard/layanan/pst-bps-kutai-barat/"
                            "konsultasi-statistik/versi-3.yaml:40: waktu_penyelesaian.kunjungan_langsung.waktu: "
                            "'10 minggu' bukan jangka waktu")
            db.session.commit()
            failed_id = failed.id
        with served_app(app) as url:
            for open_tab in tabs(chromium, url, width, javascript):
                tab = open_tab(axe=True)
                page, pages = tab.page, PageChecks(tab)
                tab.goto("/staf/masuk")
                page.get_by_label("Email").fill(second["email"])
                page.get_by_label("Kata sandi").fill(second["password"])
                tab.press("Masuk")
                page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(totp_now(second["secret"]))
                tab.press("Masuk")

                tab.goto(f"/staf/standar/draf/{theirs}/terbitkan/", status=409)
                assert "Sari Penyunting menerbitkan versi-2.yaml" in tab.main_text()
                pages.here("konflik")
                tab.goto(f"/staf/standar/terbit/{failed_id}/")
                assert "situs yang lama tetap tayang" in tab.main_text()
                pages.here("pembangunan gagal")
                restart = page.get_by_role("button", name="Mulai lagi dari versi terbaru", exact=True)
                tab.goto(f"/staf/standar/draf/{theirs}/terbitkan/", status=409)
                restart.focus()
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                fresh = re.fullmatch(r"/staf/standar/draf/([0-9]+)/(perbedaan/)?", tab.path())
                assert fresh, tab.path()
                with app.app_context():
                    draft = db.session.get(StandardDraft, int(fresh[1]))
                    document = copy.deepcopy(drafts.document(draft))
                    document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = "10 minggu"
                    drafts.save(draft, document)
                    db.session.commit()
                tab.goto(f"/staf/standar/draf/{fresh[1]}/perbedaan/")
                assert "'10 minggu' bukan jangka waktu" in tab.main_text()
                pages.here("draf bergalat")
                pages.assert_none(["konflik", "pembangunan gagal", "draf bergalat"])
    finally:
        close()
