"""Publishing a build: every build in a folder of its own, `site` a symlink switched atomically.

Layout in the project folder::

    site -> .site-builds/<build>/html      what the web server (and the app) serves
    .site-builds/<build>/html/             MkDocs' output for that build
    .site-builds/<build>/standard/         the validated standards that build published
    .site-builds/<build>/build.json        the day it chose the versions in force for
    .site-builds/.lock                     held while a build runs (one build at a time)

A build is written into a new folder; only when it is complete does `site` change, by
renaming a new symlink over the old one (rename(2) is atomic: a reader sees the old site or
the new one, never a half-built one). A build that fails is removed and `site` is left as it
was. The previous builds are kept for a while, so a reader in the middle of a request on one
of them is safe, then pruned. The app reads its standards from the `standard/` snapshot of
the published build, so the symlink is the single switch point for the site and the forms.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILDS_DIR = ".site-builds"
SERVED_DIR = "html"
SNAPSHOT_DIR = "standard"
BUILD_INFO = "build.json"
KEEP_BUILDS = 3
"""The published build and the two before it are always kept."""
MIN_AGE_SECONDS = 300
"""An older build is pruned only after this long, so that no request still reads it."""


class PublishError(Exception):
    """The build could not be published; the message says why, in Indonesian."""


def builds_dir(project_root: Path) -> Path:
    return project_root / BUILDS_DIR


@contextmanager
def build_lock(project_root: Path) -> Iterator[None]:
    """One build at a time in a project (a second waits for the first to finish)."""
    folder = builds_dir(project_root)
    folder.mkdir(exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_build_folder(project_root: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    folder = builds_dir(project_root) / f"{stamp}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    return folder


def snapshot_standards(files: dict[Path, str], standard_root: Path, target: Path) -> None:
    """Copy the validated files (path → SHA-256 of what was validated) into `target`.

    A file that changed since it was validated is refused, so the snapshot is exactly
    what `layanan check` accepted.
    """
    for path, sha256 in sorted(files.items()):
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise PublishError(f"{path} berubah selama build — jalankan `layanan build` lagi")
        destination = target / path.relative_to(standard_root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)


def write_build_info(folder: Path, today: dt.date | None, at: dt.datetime) -> None:
    """What the app needs to agree with the site: the day (or the moment) versions in force were chosen for."""
    info = {"tanggal": today.isoformat() if today else None, "waktu": at.isoformat()}
    (folder / BUILD_INFO).write_text(json.dumps(info) + "\n", encoding="utf-8")


def build_moment(folder: Path) -> tuple[dt.date | None, dt.datetime | None]:
    """The day a build chose its versions in force for, or the moment it did so per unit's own date."""
    try:
        info = json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
        day = dt.date.fromisoformat(info["tanggal"]) if info.get("tanggal") else None
        return day, dt.datetime.fromisoformat(info["waktu"]) if info.get("waktu") else None
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return None, None


def publish(project_root: Path, folder: Path, site: Path | None = None) -> None:
    """Make `folder` (a complete build) the published one, atomically; then prune old builds."""
    site = site or project_root / "site"
    target = os.path.relpath(folder / SERVED_DIR, site.parent)
    link = site.with_name(f".{site.name}.{secrets.token_hex(4)}.baru")
    os.symlink(target, link, target_is_directory=True)
    try:
        if site.is_dir() and not site.is_symlink():
            _migrate_real_folder(project_root, site)
        os.replace(link, site)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    prune(project_root, keep=folder)


def _migrate_real_folder(project_root: Path, site: Path) -> None:
    """Once: a `site/` folder from before builds were switched becomes a kept build.

    A symlink cannot be renamed over a folder, so for this one switch `site` is absent
    for the moment between two renames.
    """
    legacy = new_build_folder(project_root)
    site.rename(legacy / SERVED_DIR)


def published_build(site: Path) -> Path | None:
    """The build folder `site` points to, or None when no switched build is published."""
    try:
        target = os.readlink(site)
    except OSError:
        return None
    return (site.parent / target).parent


def prune(project_root: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Delete builds beyond the newest KEEP_BUILDS that are older than MIN_AGE_SECONDS."""
    folder = builds_dir(project_root)
    now = time.time() if now is None else now
    builds = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                    key=lambda p: p.name, reverse=True)
    current = published_build(project_root / "site")
    removed = []
    for build in builds[KEEP_BUILDS:]:
        if build in (keep, current) or now - build.stat().st_mtime < MIN_AGE_SECONDS:
            continue
        shutil.rmtree(build, ignore_errors=True)
        removed.append(build)
    return removed
