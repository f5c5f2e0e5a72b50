"""A standard changed without taking the forms down (issue 7, item 4).

`layanan build` builds into a folder of its own and switches the `site` symlink atomically;
the app (every worker) reads its standards from the build that symlink points to. Database
tests run on SQLite, and on PostgreSQL when LAYANAN_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from forms_support import DATABASES, UNIT, make_app
from layanan import publish
from layanan.cli import main
from layanan.site import SiteBuildFailed, build

from conftest import SEED_SERVICE, replace_in

SERVICE_PAGE = f"/standar/{UNIT}/konsultasi-statistik/"
NEW_SERVICE = "konsultasi-kedua"
NEW_FORM = f"/formulir/{UNIT}/{NEW_SERVICE}/konsultasi/"


def _app(tmp_path: Path, database: str, project, name: str = "app"):  # noqa: ANN001, ANN202
    """An app on `project` that checks the published build on every request (no 1 s wait)."""
    return make_app(tmp_path / name, database, LAYANAN_PROJECT=str(project.root),
                    LAYANAN_STANDARDS_CHECK_SECONDS=0)


def _add_service(project) -> None:  # noqa: ANN001
    text = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
    text = text.replace("nama: Pelayanan Konsultasi Statistik", "nama: Pelayanan Konsultasi Statistik Kedua")
    path = project.standard / SEED_SERVICE.parent.with_name(NEW_SERVICE) / "versi-1.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("database", DATABASES)
def test_the_app_offers_a_new_service_after_a_rebuild_without_restart(tmp_path, project, database):
    build(project)
    app, close = _app(tmp_path, database, project)
    try:
        client = app.test_client()
        assert client.get(NEW_FORM).status_code == 404
        assert "Kedua" not in client.get("/formulir/").get_data(as_text=True)

        _add_service(project)
        build(project)

        assert client.get(NEW_FORM).status_code == 200
        assert "Pelayanan Konsultasi Statistik Kedua" in client.get("/formulir/").get_data(as_text=True)
        assert client.get(f"/standar/{UNIT}/{NEW_SERVICE}/").status_code == 200
    finally:
        close()


@pytest.mark.parametrize("database", DATABASES)
def test_two_workers_on_one_project_serve_the_same_version(tmp_path, project, database):
    build(project)
    first, close_first = _app(tmp_path, database, project, "satu")
    second, close_second = _app(tmp_path, database, project, "dua")
    try:
        for app in (first, second):
            assert app.test_client().get(NEW_FORM).status_code == 404

        _add_service(project)
        build(project)

        for app in (first, second):
            assert app.test_client().get(NEW_FORM).status_code == 200
        sources = {app.extensions["layanan_catalog"].source for app in (first, second)}
        assert sources == {str(publish.published_build(project.site_dir))}
    finally:
        close_first()
        close_second()


@pytest.mark.parametrize("database", DATABASES)
def test_broken_files_and_a_rebuild_keep_the_last_valid_version_serving(tmp_path, project, database):
    build(project)
    published = os.readlink(project.site_dir)
    app, close = _app(tmp_path, database, project)
    try:
        client = app.test_client()
        _add_service(project)
        replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

        result = CliRunner().invoke(main, ["build", "--project", str(project.root)])

        assert result.exit_code == 1
        assert "Situs yang sudah diterbitkan tidak berubah" in result.output
        assert os.readlink(project.site_dir) == published
        assert client.get(f"/formulir/{UNIT}/konsultasi-statistik/konsultasi/").status_code == 200
        assert client.get(NEW_FORM).status_code == 404  # the invalid files never reached the app
        page = client.get(SERVICE_PAGE)
        assert page.status_code == 200 and "10 menit" in page.get_data(as_text=True)
    finally:
        close()


@pytest.mark.parametrize("database", DATABASES)
def test_an_app_started_on_invalid_files_without_a_build_answers_503_on_forms(tmp_path, project, database):
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

    app, close = _app(tmp_path, database, project)  # before: StandardsInvalid at start-up
    try:
        client = app.test_client()
        for url in ("/formulir/", f"/formulir/{UNIT}/konsultasi-statistik/konsultasi/",
                    f"/formulir/{UNIT}/pengaduan/"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert "Standar pelayanan belum dapat dibaca" in response.get_data(as_text=True)
            assert response.headers["Retry-After"]

        replace_in(project.standard / SEED_SERVICE, "    waktu: 10\n", "    waktu: 10 menit\n")
        build(project)
        assert client.get(f"/formulir/{UNIT}/konsultasi-statistik/konsultasi/").status_code == 200
    finally:
        close()


def test_a_reader_never_sees_a_half_built_site(tmp_path, project):
    build(project)
    app, close = _app(tmp_path, "sqlite", project)
    seen: list[tuple[int, str]] = []
    stop = threading.Event()

    def read() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get(SERVICE_PAGE)
            body = response.get_data(as_text=True)
            seen.append((response.status_code, "Langkah versi" in body and body.rstrip().endswith("</html>")))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        seed = (project.standard / SEED_SERVICE).read_text(encoding="utf-8")
        for version in range(2, 5):  # each build publishes a new version, in force at once
            text = (seed.replace("Pengguna layanan selesai mengakses layanan konsultasi kunjungan langsung",
                                 f"Langkah versi {version} selesai")
                    .replace("berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak tercantum pada standar yang "
                             "dipublikasikan\n",
                             f"berlaku_sejak: 2025-0{version}-01\nringkasan_perubahan: Langkah terakhir diubah.\n"))
            (project.standard / SEED_SERVICE).with_name(f"versi-{version}.yaml").write_text(text, encoding="utf-8")
            assert build(project).recorded == [(SEED_SERVICE.parent / f"versi-{version}.yaml").as_posix()]
            time.sleep(0.05)
    finally:
        stop.set()
        reader.join()
        close()
    assert seen
    assert {status for status, _ in seen} == {200}
    assert any(complete for _, complete in seen)


def test_a_failed_build_leaves_the_published_site_and_no_folder_behind(project, monkeypatch):
    build(project)
    published = os.readlink(project.site_dir)
    builds = set(publish.builds_dir(project.root).iterdir())
    (project.docs_dir() / "privasi.md").write_text("# Privasi\n\n[hilang](tidak-ada.md)\n", encoding="utf-8")

    with pytest.raises(SiteBuildFailed):
        build(project)

    assert os.readlink(project.site_dir) == published
    assert set(publish.builds_dir(project.root).iterdir()) == builds
    assert (project.site_dir / "index.html").is_file()


def test_a_real_site_folder_from_before_is_migrated_once(project):
    old = project.site_dir
    old.mkdir()
    (old / "index.html").write_text("<html>lama</html>", encoding="utf-8")

    build(project)

    assert old.is_symlink()
    assert (old / "index.html").read_text(encoding="utf-8") != "<html>lama</html>"
    kept = [p for p in publish.builds_dir(project.root).glob("*/html/index.html")
            if p.read_text(encoding="utf-8") == "<html>lama</html>"]
    assert kept, "the old site is kept as a previous build"


def test_the_build_keeps_a_snapshot_of_the_standards_it_published(project):
    build(project)

    snapshot = publish.published_build(project.site_dir) / publish.SNAPSHOT_DIR
    assert (snapshot / SEED_SERVICE).read_bytes() == (project.standard / SEED_SERVICE).read_bytes()


def _build_folders(project) -> list[Path]:  # noqa: ANN001
    """The builds in .site-builds/: folders holding a site (not the build cache beside them)."""
    return sorted(p for p in publish.builds_dir(project.root).iterdir() if (p / publish.SERVED_DIR).is_dir())


def test_old_builds_are_pruned_but_recent_ones_kept(project):
    for _ in range(5):
        build(project)
    builds = _build_folders(project)
    assert len(builds) == 5  # all younger than MIN_AGE_SECONDS

    removed = publish.prune(project.root, now=time.time() + publish.MIN_AGE_SECONDS + 1)

    left = _build_folders(project)
    assert left == builds[-publish.KEEP_BUILDS:]  # the published build and the two before it
    assert sorted(removed) == builds[:-publish.KEEP_BUILDS]
    assert publish.published_build(project.site_dir) in left
    assert project.cache_dir.is_dir()  # the build cache is not a build: never pruned as one


@pytest.mark.parametrize("path", ["/" + "a" * 256, f"/standar/{'b' * 300}/", f"/standar/{'c' * 256}.html"])
def test_a_path_segment_too_long_for_the_filesystem_is_the_sites_404(built_seed_site, tmp_path, path):
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(built_seed_site.root))
    try:
        response = app.test_client().get(path)
        assert response.status_code == 404
        assert "404" in response.get_data(as_text=True)
    finally:
        close()
