"""Site builds requested by publishing: one at a time, in a process of their own, the previous
site serving until the new one is complete, a failure kept with its message (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time

import pytest

from editor_support import editor_app, editor_project  # noqa: F401 - fixtures
from forms_app import create_app, site_builds
from forms_app.editor_models import BuildStatus, SiteBuild
from forms_app.extensions import db
from forms_support import make_app
from layanan.site import STAGES

from conftest import replace_in


def _published(project) -> str:  # noqa: ANN001
    return os.readlink(project.site_dir)


def _run(app, project) -> bool:  # noqa: ANN001
    return site_builds.run_next(project.root, app.config["SITE_BUILDER"], 600)


def test_a_request_is_built_and_published_with_its_stages(editor_app, editor_project):  # noqa: F811
    before = _published(editor_project)
    stages = []
    with editor_app.app_context():
        first = site_builds.request(None, "Uji: versi 2", "/standar/x/")
        second = site_builds.request(None, "Uji: versi 3", "/standar/y/")
        db.session.commit()
        original = site_builds._stage
        site_builds._stage = lambda ids, stage: (stages.append(stage), original(ids, stage))
        try:
            assert _run(editor_app, editor_project)
        finally:
            site_builds._stage = original
        assert not _run(editor_app, editor_project)  # both requests were served by the one build
        for build_id in (first.id, second.id):
            build = db.session.get(SiteBuild, build_id)
            db.session.refresh(build)
            assert build.status is BuildStatus.berhasil, build.pesan
            assert build.mulai <= build.selesai and build.tahap is None and build.pesan is None
    assert _published(editor_project) != before
    assert (editor_project.site_dir / "standar" / "pst-bps-kutai-barat" / "konsultasi-statistik" / "index.html").is_file()
    assert stages == [STAGES["waiting"], STAGES["render"], STAGES["pages"].format(builder="MkDocs"), STAGES["publish"]]


def test_a_failed_build_keeps_its_message_and_the_previous_site(editor_app, editor_project):  # noqa: F811
    before = _published(editor_project)
    page = editor_project.site_dir / "standar" / "pst-bps-kutai-barat" / "konsultasi-statistik" / "index.html"
    text_before = page.read_text(encoding="utf-8")
    service = editor_project.standard / "layanan" / "pst-bps-kutai-barat" / "konsultasi-statistik"
    (service / "versi-2.yaml").write_text((service / "versi-1.yaml").read_text(encoding="utf-8").replace(
        "    waktu: 10 menit\n", "    waktu: 10 minggu\n"), encoding="utf-8")
    with editor_app.app_context():
        build = site_builds.request(None, "Uji: rusak")
        db.session.commit()
        assert _run(editor_app, editor_project)
        db.session.refresh(build)
        assert build.status is BuildStatus.gagal
        assert "versi-2.yaml" in build.pesan and "'10 minggu' bukan jangka waktu" in build.pesan
        assert "Situs tidak dibangun" in build.pesan
    assert _published(editor_project) == before
    assert page.read_text(encoding="utf-8") == text_before


def test_mkdocs_refusing_is_a_failure_with_mkdocs_words(editor_app, editor_project):  # noqa: F811
    before = _published(editor_project)
    replace_in(editor_project.mkdocs_config, "theme:", "nav:\n  - Tidak ada: tidak-ada.md\ntheme:")
    with editor_app.app_context():
        build = site_builds.request(None, "Uji: mkdocs")
        db.session.commit()
        assert _run(editor_app, editor_project)
        db.session.refresh(build)
        assert build.status is BuildStatus.gagal
        assert "MkDocs menolak membangun situs" in build.pesan and "tidak-ada.md" in build.pesan
    assert _published(editor_project) == before


def test_two_processes_never_claim_the_same_request(editor_app, tmp_path):  # noqa: F811
    with editor_app.app_context():
        ids = [site_builds.request(None, f"Uji {n}").id for n in range(6)]
        db.session.commit()
    # a second app on the same database: another server process
    other = create_app("test", {key: editor_app.config[key] for key in (
        "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "LAYANAN_PROJECT") if key in editor_app.config},
        instance_path=str(tmp_path / "lain"))
    claimed: list[list[int]] = []
    start = threading.Barrier(2)

    def claim(app) -> None:  # noqa: ANN001
        with app.app_context():
            start.wait()
            claimed.append(site_builds.claim())
            db.session.remove()

    try:
        threads = [threading.Thread(target=claim, args=(app,)) for app in (editor_app, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        with other.app_context():
            db.engine.dispose()
    together = sorted(claimed[0] + claimed[1])
    assert together == ids  # every request claimed once, by one of the two
    with editor_app.app_context():
        assert {b.status for b in db.session.scalars(db.select(SiteBuild))} == {BuildStatus.berjalan}


def test_a_build_left_running_by_a_dead_process_is_marked_failed(editor_app):  # noqa: F811
    now = dt.datetime.now(dt.timezone.utc)
    with editor_app.app_context():
        old = site_builds.request(None, "Uji lama")
        fresh = site_builds.request(None, "Uji baru")
        old.status = fresh.status = BuildStatus.berjalan
        old.mulai, fresh.mulai = now - dt.timedelta(hours=2), now - dt.timedelta(minutes=1)
        db.session.commit()
        assert site_builds.end_abandoned(3600, now) == 1
        db.session.refresh(old)
        db.session.refresh(fresh)
        assert old.status is BuildStatus.gagal and "server dimulai ulang" in old.pesan
        assert fresh.status is BuildStatus.berjalan


def test_wake_builds_in_the_background(editor_app, editor_project):  # noqa: F811
    before = _published(editor_project)
    with editor_app.app_context():
        build_id = site_builds.request(None, "Uji latar").id
        db.session.commit()
    site_builds.wake(editor_app)
    deadline = time.monotonic() + 120
    while True:
        with editor_app.app_context():
            status = db.session.get(SiteBuild, build_id).status
            db.session.remove()
        if status.finished or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status is BuildStatus.berhasil
    assert _published(editor_project) != before


def test_an_unknown_site_builder_is_refused_at_start(tmp_path):
    from forms_app.config import ConfigError

    with pytest.raises(ConfigError, match="SITE_BUILDER='hugo' tidak dikenal"):
        make_app(tmp_path, "sqlite", SITE_BUILDER="hugo")


def test_the_builder_thread_ends_when_the_app_stops(editor_app):  # noqa: F811
    site_builds.wake(editor_app)
    thread = editor_app.extensions[site_builds.EXTENSION].thread
    assert thread.is_alive()
    site_builds.stop(editor_app)
    assert not thread.is_alive() and site_builds.EXTENSION not in editor_app.extensions
