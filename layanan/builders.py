"""The static-site builders of `layanan build`: MkDocs (the default) and Zensical.

Both read the same `mkdocs.yml` and `site_src/`, build in strict mode (any warning refuses the
build) and write the whole site into the folder they are given, nothing else of the project.

Zensical has no option for the output folder, and refuses one outside the project folder; its
cache (`<project>/.cache`, kept by Zensical itself) is valid only while the configuration stays
the same, output folder included. So it always builds into one fixed folder of the project,
`.zensical/situs`, through a small configuration written for that build beside `mkdocs.yml`
(`INHERIT: mkdocs.yml` plus that `site_dir`), and the finished site is then moved into the
folder asked for. Its cache stays warm from one build to the next although every published
build goes into a new folder.
"""

from __future__ import annotations

import fcntl
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

BUILDERS = ("mkdocs", "zensical")
"""The builders `layanan build --pembangun` accepts; the first is the default."""

ZENSICAL_WORK_DIR = ".zensical"
"""Zensical's fixed output folder (`situs/`) and lock, in the project folder."""
ZENSICAL_CACHE_DIR = ".cache"
"""Where Zensical keeps its cache, in the project folder (its own choice, not configurable)."""
ZENSICAL_REQUIREMENT = "zensical==0.0.73"
"""The release whose output our site's tests pass on (0.1.x needs `zensical-ui`, not on PyPI)."""


class BuildFailed(Exception):
    """A builder refused to build the site; the message says why, in Indonesian."""


def run_builder(name: str, config_file: Path, site_dir: Path, epoch: int) -> None:
    """Build the site of `config_file` with builder `name` into `site_dir`, in strict mode.

    `epoch` is the build date (SOURCE_DATE_EPOCH, unless already set), so that two builds of
    the same standards are identical. What `site_dir` held is replaced; it must not be a
    symlink (the published `site` is one, and is switched, never written into). A refused
    build leaves no half-built site there: MkDocs' part is removed, Zensical's never gets there.
    """
    if name not in BUILDERS:
        raise BuildFailed(f"Pembangun situs '{name}' tidak dikenal. Pilih salah satu: {', '.join(BUILDERS)}.")
    config_file, site_dir = Path(config_file).resolve(), Path(site_dir).absolute()
    if site_dir.is_symlink():
        raise BuildFailed(f"Folder keluaran {site_dir} adalah tautan (symlink), misalnya situs yang sedang "
                          "diterbitkan; pembangun tidak menulis ke dalamnya. Berikan folder biasa.")
    if name == "mkdocs":
        run_mkdocs(config_file, site_dir, epoch)
    else:
        run_zensical(config_file, site_dir, epoch)


# --- MkDocs -------------------------------------------------------------------------------


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int) -> None:
    """MkDocs, in this process: strict, with a fixed date so that two builds are identical."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build
    with _source_date_epoch(epoch), _quiet_mkdocs():
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
            mkdocs_build(config)
        except MkDocsException as exc:
            shutil.rmtree(site_dir, ignore_errors=True)  # MkDocs has written part of the site
            raise BuildFailed(f"MkDocs menolak membangun situs: {exc}") from None


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


@contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """Show MkDocs' warnings, not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


# --- Zensical -----------------------------------------------------------------------------


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def run_zensical(config_file: Path, site_dir: Path, epoch: int) -> None:
    """Zensical, in a process of its own, into its fixed folder; then the site moves to `site_dir`."""
    if not zensical_installed():
        raise BuildFailed(
            "Zensical belum terpasang di lingkungan ini. Pasang dengan "
            f"`{Path(sys.executable).parent / 'pip'} install \"{ZENSICAL_REQUIREMENT}\"`, "
            "atau bangun dengan MkDocs: `layanan build --pembangun mkdocs`.")
    root = config_file.parent
    work = root / ZENSICAL_WORK_DIR
    work.mkdir(exist_ok=True)
    with _locked(work / ".lock"):
        output = work / "situs"
        if output.exists():
            shutil.rmtree(output)
        config = _zensical_config(config_file, output.relative_to(root))
        env = dict(os.environ)
        env.setdefault("SOURCE_DATE_EPOCH", str(epoch))
        try:
            done = subprocess.run(
                [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)],
                cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
        finally:
            config.unlink(missing_ok=True)
        if done.returncode != 0 or not (output / "index.html").is_file():
            shutil.rmtree(output, ignore_errors=True)
            raise BuildFailed(zensical_refusal(done.stdout + "\n" + done.stderr))
        _replace(site_dir, output)


def _zensical_config(config_file: Path, output: Path) -> Path:
    """A configuration for one build, beside `config_file` (Zensical wants docs_dir and site_dir
    inside the folder of its configuration): all of `config_file`, with our output folder."""
    handle, name = tempfile.mkstemp(prefix=".zensical-", suffix=".yml", dir=config_file.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write("# Ditulis oleh `layanan build --pembangun zensical` untuk satu pembangunan; "
                   "jangan disunting.\n"
                   f"INHERIT: {config_file.name}\n"
                   f"site_dir: {output.as_posix()}\n")
    return Path(name)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOCATION = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")
_REPORT = re.compile(r"^(Warning|Error)\b|issues? found", re.IGNORECASE)


def zensical_refusal(output: str) -> str:
    """An Indonesian message from what Zensical printed: each problem with its file and line."""
    lines = [_ANSI.sub("", line).rstrip() for line in output.splitlines()]
    found: list[str] = []
    for line in lines:
        text = line.strip()
        if text.startswith(("Traceback", "File ")):
            continue
        location = _LOCATION.search(text)
        if location and found and " — " not in found[-1]:
            found[-1] += f" — {location.group(1)}"
        elif _REPORT.search(text):
            found.append(text.replace("RuntimeError: ", ""))
    detail = "\n".join(f"  {line}" for line in found) or "\n".join(f"  {line}" for line in lines[-15:])
    return ("Zensical menolak membangun situs (mode ketat: setiap peringatan menggagalkan). "
            "Perbaiki yang disebut di bawah pada site_src/ atau mkdocs.yml, lalu bangun lagi:\n" + detail)


def _replace(site_dir: Path, built: Path) -> None:
    """Put the finished site at `site_dir`, replacing what was there (as MkDocs' clean build does)."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)  # a rename on the same file system, else a copy


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One Zensical build at a time per project: they share its fixed folder and its cache."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
