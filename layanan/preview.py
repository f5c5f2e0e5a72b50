"""The preview of a version not yet written: its pages built the way the site will show them.

The web editor shows a draft "exactly as the site will show it" before it is published. The
candidate text (what publishing would write at `path`) is read over the project's standards
(layanan.catalog.load with an overlay, the same reading as `layanan check`), rendered by the
site's own templates (layanan.render) and built by MkDocs with the project's own mkdocs.yml and
theme. Only the part of the site that the page needs is read and built: the unit's own standards
(its profile and its services' folders), rendered as the catalogue, the field reference, and the
unit with all its services (and its performance pages); links to other units' pages go nowhere
in a preview.

- The day the preview is built for is the candidate's effective date when that is later than
  today (an upcoming version shows as it will be once in force), else today. A candidate with no
  effective date yet gets today's date in the preview copy only (from version 2 a version needs
  one; the editor asks for it only when publishing).
- Every page of a preview carries a notice, "Pratinjau — belum terbit", with a link back to the
  draft, as an admonition at the top of its Markdown.
- MkDocs runs in a process of its own (it sets environment variables and module globals, which
  a web server's threads must not share), non-strict: links to pages outside the small site are
  expected.
- The output is `<project>/.site-builds/.pratinjau/<owner>-<key>/`, where `key` is a hash of
  everything the build reads (the candidate's text and day, the code and templates, mkdocs.yml,
  the site's own source files, and the size and time of every file in standard/), computed before
  any of the work: the same draft previews instantly the second time. A new preview of an owner replaces its older
  ones; previews older than a day are removed. A preview is built aside and renamed into place
  when complete, so a reader never sees a half-built one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from layanan.buildcache import code_stamp, folder_stamp
from layanan.catalog import Catalog, LoadResult, ServiceEntry, UnitEntry, load
from layanan.posters import LOCAL_SITE_URL
from layanan.problems import Problem, Severity
from layanan.publish import BUILDS_DIR
from layanan.render import GENERATED_DIR, PROFILE_DIR, render_each, service_page, site_parts, unit_page
from layanan.site import Project
from layanan.yamlfile import YamlFileError, read_yaml

PREVIEW_DIR = ".pratinjau"
"""Where previews are built, under the project's .site-builds/ (never in site/)."""
NOTICE_TITLE = "Pratinjau — belum terbit"
KEEP_SECONDS = 24 * 3600
"""A preview no one asked for again within a day is removed."""
WORK_PREFIX = ".kerja-"
MKDOCS_SECONDS = 300
"""How long MkDocs may take for the small site of one unit before the preview is given up."""
_OWNER = re.compile(r"[0-9A-Za-z_]+")
_FOLDER = re.compile(r"(?P<owner>[0-9A-Za-z_]+)-(?P<key>[0-9a-f]{16})")


class PreviewInvalid(Exception):
    """The candidate does not pass `layanan check`; nothing was built."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} galat")
        self.problems = problems


class PreviewFailed(Exception):
    """MkDocs could not build the preview; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Preview:
    folder: Path  # the built site of the preview
    key: str      # names the folder, with its owner
    page: str     # the candidate's page inside that site, e.g. "standar/<unit>/<service>/"
    day: dt.date  # the day the versions in force were chosen for
    built: bool   # False when an earlier identical preview was served


def previews_root(project: Project) -> Path:
    return project.root / BUILDS_DIR / PREVIEW_DIR


def with_effective_date(text: str, path: Path, day: dt.date) -> str:
    """`text`, with `berlaku_sejak: <day>` added when it has no effective date at all."""
    try:
        data = read_yaml(path, text.encode("utf-8")).data
    except YamlFileError:
        return text  # the check names what is wrong with it
    if not isinstance(data, dict) or "berlaku_sejak" in data:
        return text
    return text.rstrip("\n") + f"\n\n# Hanya di pratinjau: tanggal berlaku belum diisi.\nberlaku_sejak: {day.isoformat()}\n"


def preview_day(text: str, path: Path, today: dt.date) -> dt.date:
    """The candidate's effective date when it is later than `today`, else `today`."""
    try:
        data = read_yaml(path, text.encode("utf-8")).data
    except YamlFileError:
        return today
    value = data.get("berlaku_sejak") if isinstance(data, dict) else None
    if isinstance(value, dt.date) and value > today:
        return value
    return today


def notice(back: str) -> str:
    """The admonition at the top of every page of a preview (`back`: the draft's address)."""
    return (f'!!! warning "{NOTICE_TITLE}"\n'
            "    Halaman ini pratinjau draf Anda: tampilannya sama dengan situs, tetapi belum terbit dan belum "
            f'dapat dilihat pembaca. <a href="{escape(back)}">Kembali ke draf</a>.\n\n')


def with_notice(markdown: str, back: str) -> str:
    """`markdown` with the notice after its front matter (MkDocs reads the front matter first)."""
    match = re.match(r"---\n.*?\n---\n", markdown, re.DOTALL)
    at = match.end() if match else 0
    return markdown[:at] + notice(back) + markdown[at:]


@dataclass(frozen=True)
class _Site:
    """What a preview needs of mkdocs.yml, read once."""

    docs: Path       # docs_dir
    site_path: str   # the path of site_url


def _site(project: Project) -> _Site:
    """mkdocs.yml, read once (each reading costs a tenth of a second); PreviewFailed when unusable."""
    try:
        config = load_config(str(project.mkdocs_config))
    except MkDocsException as exc:
        raise PreviewFailed(f"mkdocs.yml tidak dapat dibaca ({exc}); situs yang tayang tidak terpengaruh. Beri tahu "
                            "pengelola situs.") from None
    return _Site(Path(config.docs_dir), urlsplit(config.site_url or LOCAL_SITE_URL).path or "/")


def render_pages(project: Project, path: Path, text: str, today: dt.date, back: str,
                 loaded: LoadResult | None = None, site: _Site | None = None) -> tuple[dict[str, str], str, dt.date]:
    """The generated files of the preview (relative to the generated folder), the candidate's page
    (relative to the site) and the day; raises PreviewInvalid when the candidate has errors.

    `loaded`: the standards already read with `text` over them, for each unit's own today (what
    standard_drafts.check read); used when the preview is for today and `text` needs no date."""
    path = Path(path)
    dated = with_effective_date(text, path, today)
    day = preview_day(dated, path, today)
    if loaded is not None and dated == text and day == today:
        result = loaded
    else:  # for today, each unit's own today, as the site's build chooses; else the candidate's date
        result = load(project.standard, workers=1, today=None if day == today else day, overlay={path: dated},
                      scope=scope_of(project, path, dated))
    errors = [p for p in result.problems
              if p.severity is Severity.ERROR and (p.path == path or p.path == path.parent)]
    entry = _entry_of(result.catalog, path) if result.catalog is not None else None
    if errors or entry is None:
        raise PreviewInvalid(errors or [Problem(path, None, None, "draf tidak dapat dibaca sebagai standar")])
    catalog = result.catalog
    unit_id = entry.id if isinstance(entry, UnitEntry) else entry.unit_id
    parts = [part for part in site_parts(catalog)
             if part[0] in ("katalog", "skema") or part[1] == unit_id or part[1].startswith(unit_id + "/")]
    site = site or _site(project)
    files: dict[str, str] = {}
    for output in render_each(catalog, project.templates, parts, site.site_path).values():
        files.update(output)
    shown = {name: (with_notice(body, back) if name.endswith(".md") else body) for name, body in files.items()}
    return shown, _page_of(entry, path), day


def scope_of(project: Project, path: Path, text: str) -> list[Path]:
    """The folders the candidate's unit keeps its standards in (its profile, its services): the
    preview reads only these (a large site's other standards would cost seconds and show nowhere)."""
    parts = path.relative_to(project.standard).parts
    unit_id = parts[1]
    if parts[0] != "unit":
        try:
            data = read_yaml(path, text.encode("utf-8")).data
        except YamlFileError:
            data = {}
        named = data.get("unit") if isinstance(data, dict) else None
        unit_id = named if isinstance(named, str) and named else unit_id
    return [project.standard / "unit" / unit_id, project.standard / "layanan" / unit_id]


def _entry_of(catalog: Catalog, path: Path) -> UnitEntry | ServiceEntry | None:
    for entry in [*catalog.units.values(), *catalog.announced_units.values(), *catalog.services,
                  *catalog.announced_services]:
        if any(version.path == path for version in entry.versions):
            return entry
    return None


def _page_of(entry: UnitEntry | ServiceEntry, path: Path) -> str:
    """The candidate's page: the standard's own page when the candidate is what it shows, else
    the candidate's version page (a version shown only in the history)."""
    shown = entry.shown.path == path
    if isinstance(entry, UnitEntry):
        name = unit_page(entry.id) if shown else f"{entry.id}/{PROFILE_DIR}/versi-{_number(path)}.md"
    else:
        name = service_page(entry) if shown else f"{entry.unit_id}/{entry.id}/versi-{_number(path)}.md"
    return f"{GENERATED_DIR}/{_url_of(name)}"


def _number(path: Path) -> int:
    return int(re.fullmatch(r"versi-([0-9]+)\.ya?ml", path.name)[1])


def _url_of(markdown_name: str) -> str:
    """The address MkDocs gives a Markdown file with use_directory_urls."""
    stem = markdown_name[:-len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def _key(project: Project, site: _Site, path: Path, text: str, day: dt.date, back: str) -> str:
    """A hash of everything a preview is built from, cheap enough to ask before any work: the
    candidate, its day and notice, the code and templates, mkdocs.yml and the site's own source
    files, and the name, size and modification time of every file in standard/."""
    digest = hashlib.sha256()
    for part in (str(path), text, day.isoformat(), back, code_stamp(), folder_stamp(project.templates)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(project.mkdocs_config.read_bytes())
    for source in _own_sources(site.docs):
        digest.update(source.relative_to(site.docs).as_posix().encode() + b"\0" + source.read_bytes())
    for folder, folders, names in sorted(os.walk(project.standard)):
        folders.sort()
        for name in sorted(names):
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def _own_sources(docs: Path) -> list[Path]:
    """The site's own source files: docs_dir without the generated folder (thousands of pages on a
    large site, never walked)."""
    found = []
    for folder, folders, names in os.walk(docs):
        if Path(folder) == docs:
            folders[:] = [name for name in folders if name != GENERATED_DIR]
        folders.sort()
        found.extend(Path(folder) / name for name in sorted(names))
    return found


def _page_from(project: Project, path: Path, text: str) -> str:
    """The candidate's page from its place and its `unit:` (what _page_of finds in the catalog)."""
    parts = path.relative_to(project.standard).parts
    if parts[0] == "unit":
        return f"{GENERATED_DIR}/{parts[1]}/"
    return f"{GENERATED_DIR}/{read_yaml(path, text.encode('utf-8')).data['unit']}/{path.parent.name}/"


def build(project: Project, owner: str, path: Path, text: str, today: dt.date, back: str,
          loaded: LoadResult | None = None) -> Preview:
    """The preview of `text` (the version publishing would write at `path`), for `owner` (the
    draft's id), built unless the same preview exists. `today`: the date at the unit's office;
    `back`: the draft's address; `loaded`: see render_pages. Raises PreviewInvalid or PreviewFailed."""
    if not _OWNER.fullmatch(owner):
        raise ValueError(f"owner {owner!r}")
    path = Path(path)
    site = _site(project)  # mkdocs.yml readable, or PreviewFailed before any work
    dated = with_effective_date(text, path, today)
    day = preview_day(dated, path, today)
    key = _key(project, site, path, dated, day, back)
    root = previews_root(project)
    folder = root / f"{owner}-{key}"
    if (folder / "index.html").is_file():  # built from all the same: only a valid candidate is
        os.utime(folder)  # still in use: pruned a day after the last look
        return Preview(folder, key, _page_from(project, path, dated), day, built=False)
    files, page, day = render_pages(project, path, text, today, back, loaded, site)
    root.mkdir(parents=True, exist_ok=True)
    work = root / f"{WORK_PREFIX}{secrets.token_hex(6)}"
    try:
        config = _small_project(project, site, work / "proyek", files, back)
        output = work / "situs"
        _run_mkdocs(config, output)
        try:
            output.rename(folder)
        except OSError:
            if not (folder / "index.html").is_file():  # not another request's identical preview
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    prune(project, owner, keep=folder)
    return Preview(folder, key, page, day, built=True)


def _small_project(project: Project, site: _Site, target: Path, files: dict[str, str], back: str) -> Path:
    """A project folder for MkDocs alone: mkdocs.yml, the site's own pages (with the notice) and the
    preview's generated pages; returns its mkdocs.yml."""
    docs = target / site.docs.relative_to(project.root)
    for source in _own_sources(site.docs):
        copy = docs / source.relative_to(site.docs)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":  # every page of a preview says it is one
            copy.write_text(with_notice(source.read_text(encoding="utf-8"), back), encoding="utf-8")
        else:
            shutil.copy2(source, copy)
    for name, body in files.items():
        copy = docs / GENERATED_DIR / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(body, encoding="utf-8")
    shutil.copy2(project.mkdocs_config, target / project.mkdocs_config.name)
    return target / project.mkdocs_config.name


def _run_mkdocs(config: Path, output: Path) -> None:
    """MkDocs, in a process of its own, non-strict (the small site links to pages it lacks)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--quiet", "--config-file", str(config),
             "--site-dir", str(output)],
            cwd=config.parent, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=MKDOCS_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PreviewFailed(f"MkDocs tidak selesai membangun pratinjau dalam {MKDOCS_SECONDS} detik. "
                            "Coba lagi sebentar lagi; bila terus terjadi, beri tahu pengelola situs.") from None
    if done.returncode != 0 or not (output / "index.html").is_file():
        lines = [line for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
        detail = "\n".join(lines[-10:]) or f"kode keluar {done.returncode}"
        raise PreviewFailed("MkDocs gagal membangun pratinjau; situs yang tayang tidak terpengaruh. Beri tahu "
                            f"pengelola situs pesan ini:\n{detail}")


def prune(project: Project, owner: str | None = None, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove `owner`'s previews other than `keep`, and every preview (or unfinished work)
    untouched for KEEP_SECONDS. Returns what was removed."""
    root = previews_root(project)
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for folder in root.iterdir():
        if folder == keep or not folder.is_dir():
            continue
        match = _FOLDER.fullmatch(folder.name)
        try:
            old = now - folder.stat().st_mtime > KEEP_SECONDS
        except OSError:
            continue
        if old or (match is not None and owner is not None and match["owner"] == owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def folder_of(project: Project, owner: str, key: str) -> Path | None:
    """The built preview `key` of `owner`, when it exists."""
    if not _OWNER.fullmatch(owner) or not re.fullmatch(r"[0-9a-f]{16}", key):
        return None
    folder = previews_root(project) / f"{owner}-{key}"
    return folder if (folder / "index.html").is_file() else None
