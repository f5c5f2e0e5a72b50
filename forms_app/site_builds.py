"""Rebuilding the public site after an editor publishes: one build at a time, in the background.

Plain domain logic (no request). Publishing adds a `SiteBuild` request (`request`) in the same
transaction as the new version's audit entry; after the commit the view calls `wake`, and this
process's builder thread starts at once.

- The builder thread claims every waiting request in one UPDATE … WHERE status = 'menunggu': a
  build reads every standard on disk when it starts, so one build serves all the requests made
  before it. Two app processes never claim the same request; `layanan build` itself holds the
  project's build lock (layanan/publish.py), so builds on one machine never overlap.
- The build runs as its own process (`python -m layanan build --kemajuan`): MkDocs changes the
  process's environment and globals, which a web server's threads must not share. Each stage it
  reports is stored in `tahap`, for staff to follow.
- `layanan build` publishes by switching the `site` symlink to a complete new build: a reader
  never sees a half-written site, and a failed build leaves the previous site serving. Its
  message (the problems found, or MkDocs' refusal) is kept in `pesan`.
- A build still marked running when its process is gone (the server restarted mid-build) is
  marked failed when a builder thread starts, once it is older than SITE_BUILD_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import select, update

from forms_app.editor_models import BuildStatus, SiteBuild
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import Staff

log = logging.getLogger(__name__)

PROGRESS_PREFIX = "tahap: "  # layanan/cli.py's --kemajuan lines
MESSAGE_LIMIT = 20_000
EXTENSION = "site_builds"


def request(requested_by: Staff | None, reason: str, page: str | None = None,
            now: dt.datetime | None = None) -> SiteBuild:
    """Ask for a build (added, not committed)."""
    build = SiteBuild(status=BuildStatus.menunggu, diminta=now or utcnow(), diminta_oleh_id=(
        requested_by.id if requested_by is not None else None), alasan=reason[:300], halaman=page)
    db.session.add(build)
    db.session.flush()
    return build


def retry(requested_by: Staff | None, now: dt.datetime | None = None) -> SiteBuild:
    """A new build of whatever is on disk now (after a failed one was mended)."""
    return request(requested_by, "Bangun ulang situs", None, now)


def get(build_id: int) -> SiteBuild | None:
    if not 0 < build_id <= 2**31 - 1:  # beyond the database's integers: no such build
        return None
    return db.session.get(SiteBuild, build_id)


def recent(limit: int = 10) -> list[SiteBuild]:
    return list(db.session.scalars(select(SiteBuild).order_by(SiteBuild.id.desc()).limit(limit)))


def waiting_before(build: SiteBuild) -> int:
    """How many builds run or wait ahead of `build`."""
    return db.session.scalar(select(db.func.count()).select_from(SiteBuild).where(
        SiteBuild.id < build.id, SiteBuild.status.in_([BuildStatus.menunggu, BuildStatus.berjalan]))) or 0


def wake(app: Flask) -> None:
    """Start building now (this process's builder thread, started the first time)."""
    builder = app.extensions.get(EXTENSION)
    if builder is None or not builder.thread.is_alive():
        builder = Builder(app)
        app.extensions[EXTENSION] = builder
        builder.thread.start()
    builder.wanted.set()


def stop(app: Flask, timeout: float = 60) -> None:
    """Let this process's builder thread end, after the build it is running (an app shutting down)."""
    builder = app.extensions.pop(EXTENSION, None)
    if builder is not None:
        builder.stopping.set()
        builder.wanted.set()
        builder.thread.join(timeout)


# --- the builder thread ----------------------------------------------------------------------


@dataclass
class Builder:
    app: Flask
    wanted: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True, name="bangun-situs")

    def _run(self) -> None:
        with self.app.app_context():
            end_abandoned(self.app.config["SITE_BUILD_TIMEOUT_SECONDS"])
        while not self.stopping.is_set():
            self.wanted.wait(timeout=self.app.config["SITE_BUILD_POLL_SECONDS"])
            self.wanted.clear()
            if self.stopping.is_set():
                return
            with self.app.app_context():
                try:
                    while run_next(Path(self.app.config["LAYANAN_PROJECT"]), self.app.config["SITE_BUILDER"],
                                   self.app.config["SITE_BUILD_TIMEOUT_SECONDS"]):
                        pass
                except Exception:  # noqa: BLE001 - the thread must live on; the request stays to be retried
                    log.exception("pembangunan situs gagal dijalankan")
                    db.session.rollback()
                finally:
                    db.session.remove()


def end_abandoned(timeout_seconds: int, now: dt.datetime | None = None) -> int:
    """Builds marked running for longer than a build may take: their process is gone."""
    now = now or utcnow()
    result = db.session.execute(update(SiteBuild).where(
        SiteBuild.status == BuildStatus.berjalan, SiteBuild.mulai < now - dt.timedelta(seconds=timeout_seconds)
    ).values(status=BuildStatus.gagal, selesai=now, tahap=None,
             pesan="Pembangunan terhenti di tengah jalan (server dimulai ulang). Situs yang lama tetap tayang; "
                   "bangun ulang situs."))
    db.session.commit()
    return result.rowcount or 0


def run_next(project_root: Path, builder: str, timeout_seconds: int) -> bool:
    """Claim every waiting request and build once for all of them; False when none waited."""
    claimed = claim()
    if not claimed:
        return False
    status, message = build_site(project_root, builder, timeout_seconds, lambda stage: _stage(claimed, stage))
    db.session.execute(update(SiteBuild).where(SiteBuild.id.in_(claimed)).values(
        status=status, selesai=utcnow(), tahap=None, pesan=message))
    db.session.commit()
    return True


def claim(now: dt.datetime | None = None) -> list[int]:
    """The ids of the waiting requests, now marked running by this process (and no other)."""
    waiting = list(db.session.scalars(select(SiteBuild.id).where(SiteBuild.status == BuildStatus.menunggu)
                                      .order_by(SiteBuild.id)))
    if not waiting:
        db.session.rollback()
        return []
    result = db.session.execute(update(SiteBuild).where(
        SiteBuild.id.in_(waiting), SiteBuild.status == BuildStatus.menunggu
    ).values(status=BuildStatus.berjalan, mulai=now or utcnow(), tahap="Memulai").returning(SiteBuild.id))
    ids = sorted(row[0] for row in result)
    db.session.commit()
    return ids


def _stage(ids: list[int], stage: str) -> None:
    db.session.execute(update(SiteBuild).where(SiteBuild.id.in_(ids)).values(tahap=stage[:100]))
    db.session.commit()


def build_site(project_root: Path, builder: str, timeout_seconds: int,
               progress=lambda stage: None) -> tuple[BuildStatus, str | None]:  # noqa: ANN001
    """Run `layanan build` for the project in a process of its own; its status and, when it failed,
    why (what the command printed, in Indonesian)."""
    command = [sys.executable, "-m", "layanan", "build", "--project", str(project_root), "--pembangun", builder,
               "--kemajuan"]
    try:
        process = subprocess.Popen(command, cwd=project_root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        return BuildStatus.gagal, f"Pembangun situs tidak dapat dijalankan: {exc.strerror}."
    timer = threading.Timer(timeout_seconds, process.kill)
    timer.start()
    output = []
    try:
        for line in process.stdout:
            if line.startswith(PROGRESS_PREFIX):
                progress(line[len(PROGRESS_PREFIX):].strip())
            else:
                output.append(line)
        code = process.wait()
    finally:
        timer.cancel()
    if code == 0:
        return BuildStatus.berhasil, None
    text = "".join(output).strip()
    if code < 0:
        text = (f"Pembangunan dihentikan setelah {timeout_seconds} detik (SITE_BUILD_TIMEOUT_SECONDS).\n" + text).strip()
    return BuildStatus.gagal, (text or f"layanan build berhenti dengan kode {code}.")[-MESSAGE_LIMIT:]
