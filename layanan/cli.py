"""The `layanan` command: check the standards, build the site, serve it locally."""

from __future__ import annotations

import sys
from collections.abc import Callable
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

from layanan import kinerja
from layanan.builders import BUILDERS
from layanan.catalog import LoadResult, load
from layanan.problems import Problem, StandardsInvalid
from layanan.publish import SERVED_DIR, PublishError
from layanan.site import Project, SiteBuildFailed, build
from layanan.files_cli import add_file_commands
from layanan.skm_cli import skm

project_option = click.option(
    "--project", "project_root", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Folder proyek (berisi standard/, templates/, mkdocs.yml).",
)


@click.group(help="Standar Pelayanan sebagai data: periksa, bangun situs, dan sajikan.")
def main() -> None:
    pass


@main.command(help="Periksa semua file di standard/ dan tulis setiap masalah ke keluaran standar. "
                   "Galat membuat perintah gagal.")
@project_option
@click.option("--strict", is_flag=True, help="Anggap peringatan sebagai galat.")
def check(project_root: Path, strict: bool) -> None:
    project = Project(project_root)
    result = load(project.standard)
    result.problems.extend(kinerja.problems(result.catalog))  # standard/kinerja/: the published performance
    _print_problems(result.problems, project.root)
    click.echo(check_summary(result))
    errors, warnings = len(result.errors), len(result.warnings)
    if errors or (strict and warnings):
        if strict and warnings and not errors:
            click.echo("--strict: peringatan dianggap galat.")
        sys.exit(1)


def check_summary(result: LoadResult) -> str:
    """What was checked and what was found, counted in files: nothing in error is left out."""
    units, services = len(result.unit_files), len(result.service_files)
    files = set(result.files)
    in_error = {p.path for p in result.errors}
    with_warnings = len({p.path for p in result.warnings})
    others = in_error - files
    return (f"{len(result.files)} file diperiksa ({units} unit, {services} layanan): "
            f"{len(in_error & files)} file bergalat ({len(result.errors)} galat), "
            f"{with_warnings} file dengan peringatan ({len(result.warnings)} peringatan)"
            + (f"; {len(others)} file/folder lain bergalat (di luar susunan standard/)" if others else ""))


@main.command(help="Periksa standar, tulis halaman ke site_src/standar/, bangun situs di folder baru "
                   "(.site-builds/), lalu terbitkan dengan memindahkan tautan site/ ke sana sekaligus.")
@project_option
@click.option("--strict", is_flag=True, help="Jangan bangun bila ada peringatan.")
@click.option("--pembangun", type=click.Choice(BUILDERS), default=BUILDERS[0], show_default=True,
              help="Pembangun situs statis: mkdocs (bawaan) atau zensical (penerus Material for MkDocs, "
                   "membaca mkdocs.yml dan site_src/ yang sama).")
@click.option("--kemajuan", is_flag=True, hidden=True,
              help="Tulis setiap tahap sebagai baris 'tahap: …' (dibaca meja staf saat membangun).")
def build_command(project_root: Path, strict: bool, pembangun: str, kemajuan: bool) -> None:
    project = Project(project_root)
    started = time.perf_counter()
    progress = (lambda stage: click.echo(f"{PROGRESS_PREFIX}{stage}")) if kemajuan else None
    result = _build_or_exit(project, strict, pembangun, progress)
    report = result.written
    click.echo(
        f"{len(result.catalog.units)} unit, {len(result.catalog.services)} layanan; "
        f"{len(report.written)} file ditulis, {len(report.unchanged)} tetap, {len(report.removed)} dihapus; "
        f"situs diterbitkan: {project.site_dir.name} → {_shown(result.published, project.root)} "
        f"({time.perf_counter() - started:.1f} detik)",
    )
    address = project.site_url()
    if urlsplit(address).hostname in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Poster (PDF): kode QR menunjuk ke {address}, alamat komputer ini — sebelum mencetak, isi "
                   "site_url di mkdocs.yml dengan alamat publik situs, lalu jalankan `layanan build` lagi.")


def _shown(path: Path | None, root: Path) -> str:
    if path is None:
        return "-"
    return (path / SERVED_DIR).relative_to(root).as_posix()


main.add_command(build_command, name="build")
main.add_command(skm)
add_file_commands(main)  # layanan baru unit|layanan, layanan versi-baru, layanan diff


class _KinerjaCommands(click.Group):
    """`layanan kinerja`: its command lives in forms_app (Flask, SQLAlchemy), imported only when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["ekspor"]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name != "ekspor":
            return None
        from forms_app.performance_commands import ekspor

        return ekspor


main.add_command(_KinerjaCommands(name="kinerja", help="Kinerja layanan yang dipublikasikan (standard/kinerja/)."))


@main.command(help="Bangun situs, lalu sajikan situs dan formulir di komputer ini (http://127.0.0.1:8000/).")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(project_root: Path, host: str, port: int) -> None:
    from forms_app.server import ServeError, serve_site_and_forms

    project = Project(project_root)
    _build_or_exit(project, strict=False)
    try:
        serve_site_and_forms(project.root, host, port, announce=lambda text: click.echo(text, err=True))
    except ServeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


PROGRESS_PREFIX = "tahap: "


def _build_or_exit(project: Project, strict: bool, builder: str = BUILDERS[0],
                   progress: Callable[[str], None] | None = None):
    if strict:
        warnings = load(project.standard).warnings
        if warnings:
            _print_problems(warnings, project.root)
            click.echo("--strict: ada peringatan, situs tidak dibangun.")
            sys.exit(1)
    try:
        result = build(project, builder=builder, progress=progress)
    except StandardsInvalid as exc:
        _print_problems(exc.problems, project.root)
        click.echo("Situs tidak dibangun: perbaiki galat di atas dulu. Situs yang sudah diterbitkan tidak berubah.")
        sys.exit(1)
    except SiteBuildFailed as exc:
        click.echo(str(exc))
        click.echo("Situs yang sudah diterbitkan tidak berubah.")
        sys.exit(1)
    except PublishError as exc:
        click.echo(f"Situs tidak diterbitkan: {exc}")
        sys.exit(1)
    if result.warnings:
        files = len({w.path for w in result.warnings})
        click.echo(f"{len(result.warnings)} peringatan di {files} file: ada komponen yang belum "
                   "dipublikasikan. Jalankan `layanan check` untuk rinciannya.")
    return result


def _print_problems(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        click.echo(problem.format(root))


if __name__ == "__main__":
    main()
