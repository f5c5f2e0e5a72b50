"""`layanan build`: standards → generated Markdown → static site, with MkDocs in strict mode."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config

from layanan import kinerja, posters, publish
from layanan.buildcache import Cache, code_stamp, folder_stamp
from layanan.builders import BUILDERS, BuildFailed, run_builder
from layanan.catalog import Catalog, load_or_raise
from layanan.model import TidakDiketahui
from layanan.parallel import map_chunks
from layanan.posters import LOCAL_SITE_URL
from layanan.problems import Problem
from layanan.render import GENERATED_DIR, Part, part_key, render_each, site_parts
from layanan.sitefiles import WriteReport, remove_others, write_files
from layanan.versions import record_published, today_in


@dataclass(frozen=True)
class Project:
    """Where a Layanan project keeps its parts; all paths from one root."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def standard(self) -> Path:
        return self.root / "standard"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def cache_dir(self) -> Path:
        """What the last build computed, to skip unchanged work (never committed)."""
        return self.root / publish.BUILDS_DIR / ".cache"

    def docs_dir(self) -> Path:
        return Path(load_config(str(self.mkdocs_config)).docs_dir)

    def site_url(self) -> str:
        """The site's public address (mkdocs.yml's site_url), as the posters' QR codes print it."""
        return load_config(str(self.mkdocs_config)).site_url or LOCAL_SITE_URL

    def generated_dir(self) -> Path:
        return self.docs_dir() / GENERATED_DIR

    def copy_to(self, target: Path, with_standards: bool = True) -> Project:
        """Copy what a build needs (not its output) to `target`, e.g. for tests and benchmarks."""
        target.mkdir(parents=True, exist_ok=True)
        generated = self.generated_dir().relative_to(self.root)
        shutil.copytree(self.docs_dir(), target / self.docs_dir().relative_to(self.root),
                        ignore=lambda folder, names: names if Path(folder) == self.generated_dir() else [])
        shutil.copytree(self.templates, target / "templates")
        shutil.copy2(self.mkdocs_config, target / "mkdocs.yml")
        if with_standards:
            shutil.copytree(self.standard, target / "standard")
        (target / generated).mkdir(parents=True, exist_ok=True)
        return Project(target)


STAGES = {
    "waiting": "Menunggu pembangunan lain selesai",
    "render": "Memeriksa standar dan menulis halaman",
    "pages": "Membangun situs dengan {builder} dan menggambar poster",
    "publish": "Menerbitkan situs baru",
}
"""What a build is doing, as `progress` hears it (and staff read it in the desk)."""
BUILDER_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}

SiteBuildFailed = BuildFailed
"""The site generator refused to build (in strict mode, any warning refuses); the message names it."""


@dataclass
class BuildResult:
    catalog: Catalog
    warnings: list[Problem]
    written: WriteReport
    published: Path | None = None  # the build folder `site` now points to
    recorded: list[str] = field(default_factory=list)  # versions published for the first time


def render(project: Project, today: dt.date | None = None, at: dt.datetime | None = None) -> BuildResult:
    """Validate the standards and write the generated Markdown; raises StandardsInvalid.

    `today` chooses the versions in force; without it, each unit's own date at `at` (now) does.
    Files and parts of the site unchanged since the last build are not read or rendered again
    (layanan/buildcache.py)."""
    cache_dir = project.cache_dir
    catalog, warnings = load_or_raise(project.standard, today, at, cache_dir)
    kinerja.check_or_raise(catalog)  # standard/kinerja/: published performance (layanan/kinerja.py)
    folder = project.generated_dir()
    folder.mkdir(parents=True, exist_ok=True)
    site_path = urlsplit(project.site_url()).path or "/"
    pages = Cache(cache_dir, "halaman", code_stamp() + folder_stamp(project.templates) + site_path)
    rendered_before = pages.read()
    keys = {part: part_key(catalog, part) for part in site_parts(catalog)}
    report = WriteReport()
    todo = []
    for part, key in keys.items():
        before = rendered_before.get(part)
        if before is not None and before[0] == key and all((folder / name).is_file() for name in before[1]):
            report.unchanged.extend(before[1])
        else:
            todo.append(part)

    def render_and_write(parts: list[Part]) -> tuple[WriteReport, dict[Part, list[str]]]:
        files = {}
        written = WriteReport()
        for part, output in render_each(catalog, project.templates, parts, site_path).items():
            files[part] = sorted(output)
            written = written.merge(write_files(folder, output))
        return written, files

    now_rendered = {}
    for written, files in map_chunks(render_and_write, todo):
        report = report.merge(written)
        now_rendered.update(files)
    report.removed = remove_others(folder, report.written + report.unchanged)
    if todo or len(rendered_before) != len(keys):
        pages.write({part: (key, now_rendered.get(part) or rendered_before[part][1]) for part, key in keys.items()})
    return BuildResult(catalog, warnings, report)


def build(project: Project, site_dir: Path | None = None, today: dt.date | None = None,
          builder: str = BUILDERS[0], progress: Callable[[str], None] | None = None) -> BuildResult:
    """Validate, render and build; publish the build by switching `site` over to it.

    Publishing records every version it put on the site in `standard/terbit.json`: from then
    on that version is immutable. `builder` is the site generator (layanan/builders.py: MkDocs by
    default, or Zensical). With `site_dir`, the builder writes there instead and nothing is
    published or recorded (tests, benchmarks). A failed build raises and leaves the published
    site as it was. `progress` is told each stage as it starts, in the staff's words.
    """
    say = progress or (lambda stage: None)
    if site_dir is not None:
        result = render(project, today)
        _build_pages_and_posters(project, result.catalog, site_dir, builder)
        return result
    say(STAGES["waiting"])
    with publish.build_lock(project.root):
        at = dt.datetime.now(dt.timezone.utc)
        say(STAGES["render"])
        result = render(project, today, at)
        folder = publish.new_build_folder(project.root)
        try:
            publish.snapshot_standards(_validated_files(result.catalog), project.standard,
                                       folder / publish.SNAPSHOT_DIR)
            publish.write_build_info(folder, today, at)
            say(STAGES["pages"].format(builder=BUILDER_NAMES.get(builder, builder)))
            _build_pages_and_posters(project, result.catalog, folder / publish.SERVED_DIR, builder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        say(STAGES["publish"])
        publish.publish(project.root, folder, project.site_dir)
        result.published = folder
        result.recorded = record_published(project.standard, _published_versions(project.standard, result.catalog),
                                           today or today_in(None, at))
    return result


def _build_pages_and_posters(project: Project, catalog: Catalog, site_dir: Path, builder: str) -> None:
    """The site generator builds the pages while the posters not yet drawn are drawn on the other core."""
    wanted = posters.posters_of(catalog, project.site_url())
    folder = project.cache_dir / "poster"
    try:
        with posters.drawn_meanwhile(wanted, folder):
            run_builder(builder, project.mkdocs_config, site_dir, build_epoch(catalog))
    except posters.PosterFailed as exc:
        raise SiteBuildFailed(str(exc)) from None
    posters.place(wanted, folder, site_dir)
    posters.prune(wanted, folder)


def _validated_files(catalog: Catalog) -> dict[Path, str]:
    return {version.path: version.sha256 for version in catalog.all_versions()}


def _published_versions(standard: Path, catalog: Catalog) -> dict[str, tuple[str, dict[str, str]]]:
    return {version.path.relative_to(standard).as_posix(): (version.content, version.components)
            for version in catalog.all_versions()}


def build_epoch(catalog: Catalog) -> int:
    """The newest date the standards carry, as the site's build date (for the sitemap)."""
    dates = []
    for version in catalog.all_versions():
        for value in (version.model.berlaku_sejak, version.model.sk.tanggal):
            if not isinstance(value, TidakDiketahui):
                dates.append(value)
    if not dates:
        return 0
    newest = max(dates)
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())
