"""Commands for those who work with the files of standard/: `baru`, `versi-baru`, `diff`.

    layanan baru unit <unit>                      a new unit: standard/unit/<unit>/versi-1.yaml
    layanan baru layanan <unit> <layanan>         a new service: standard/layanan/<unit>/<layanan>/versi-1.yaml
    layanan versi-baru <unit>[/<layanan>]         the next version, from the newest published one
    layanan diff [--tanggal TTTT-BB-HH]           what the versions not yet published will change on the site

Each refuses with an Indonesian message and exit status 1, writing nothing, when it cannot do
what was asked.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from layanan.model import ZonaWaktu
from layanan.scaffold import ScaffoldError, Written, new_service, new_unit

_project_option = click.option(
    "--project", "project_root", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Folder proyek (berisi standard/, templates/, mkdocs.yml).",
)


def add_file_commands(group: click.Group) -> None:
    """Register `baru`, `versi-baru` and `diff` on the `layanan` command."""
    group.add_command(baru)
    group.add_command(versi_baru)
    group.add_command(diff)


def _project(project_root: Path):
    from layanan.site import Project

    return Project(project_root)


def _refuse(message: str) -> None:
    click.echo(f"Tidak ada yang ditulis: {message}", err=True)
    sys.exit(1)


# --- baru ---------------------------------------------------------------------


@click.group(short_help="Tulis file unit atau layanan baru.", help="Tulis file standar baru yang lengkap, dengan petunjuk singkat untuk setiap komponen.")
def baru() -> None:
    pass


@baru.command("unit", short_help="Tulis unit baru (profil dan Maklumat).", help="Tulis profil dan Maklumat unit baru: standard/unit/<UNIT>/versi-1.yaml.")
@click.argument("unit_id", metavar="UNIT")
@click.option("--nama", help="Nama lengkap unit, misalnya \"Pelayanan Statistik Terpadu BPS Kabupaten Kutai Timur\".")
@click.option("--zona-waktu", type=click.Choice([z.value for z in ZonaWaktu]),
              help="Zona waktu unit (bawaan: WIB).")
@_project_option
def baru_unit(unit_id: str, nama: str | None, zona_waktu: str | None, project_root: Path) -> None:
    project = _project(project_root)
    try:
        written = new_unit(project.standard, unit_id, _text_or_none(nama),
                           ZonaWaktu(zona_waktu) if zona_waktu else None)
    except ScaffoldError as exc:
        _refuse(str(exc))
    _report(written, project.root, [
        f"Tambahkan layanannya: `layanan baru layanan {unit_id} <layanan> --nama \"…\"`.",
    ])


@baru.command("layanan", short_help="Tulis standar layanan baru.", help="Tulis standar layanan baru: standard/layanan/<UNIT>/<LAYANAN>/versi-1.yaml.")
@click.argument("unit_id", metavar="UNIT")
@click.argument("service_id", metavar="LAYANAN")
@click.option("--nama", help="Nama layanan, misalnya \"Pelayanan Perpustakaan\".")
@_project_option
def baru_layanan(unit_id: str, service_id: str, nama: str | None, project_root: Path) -> None:
    project = _project(project_root)
    try:
        written = new_service(project.standard, unit_id, service_id, _text_or_none(nama))
    except ScaffoldError as exc:
        _refuse(str(exc))
    _report(written, project.root, [])


def _text_or_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _report(written: Written, root: Path, more: list[str]) -> None:
    click.echo(f"Ditulis: {_relative(written.path, root)}")
    steps = ["Isi komponen yang sudah ditetapkan unit; yang belum, biarkan {tidak_diketahui: \"…\"}."]
    if written.to_fill:
        steps.insert(0, "Ganti teks \"ISI: …\" pada: " + ", ".join(written.to_fill) + ".")
    steps += more
    steps.append("Periksa dengan `layanan check` (peringatan untuk yang belum diisi boleh; galat tidak), "
                 "lalu `layanan build`. Sesudah terbit, versi ini tidak dapat diubah lagi.")
    click.echo("Langkah berikutnya:")
    for number, step in enumerate(steps, start=1):
        click.echo(f"  {number}. {step}")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- versi-baru -------------------------------------------------------------------


@click.command("versi-baru", short_help="Mulai versi berikutnya sebuah unit atau layanan.", help="Mulai versi berikutnya dari versi terbaru yang sudah terbit (yang berlaku, atau "
                                  "yang akan berlaku bila ada), dengan komentarnya. ALAMAT: <unit> atau "
                                  "<unit>/<layanan>.")
@click.argument("address", metavar="ALAMAT")
@_project_option
def versi_baru(address: str, project_root: Path) -> None:
    from layanan.new_version import NewVersionError, describe, start

    project = _project(project_root)
    try:
        started = start(project.standard, address)
    except NewVersionError as exc:
        _refuse(str(exc))
    for line in describe(started, project.root):
        click.echo(line)


# --- diff -------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        click.echo(f"--tanggal '{value}' bukan tanggal — tulis TTTT-BB-HH, misalnya 2027-01-01", err=True)
        sys.exit(1)


@click.command(short_help="Apa yang akan berubah di situs oleh versi yang belum terbit.", help="Tunjukkan, komponen demi komponen, apa yang akan berubah di situs oleh versi yang belum "
                    "terbit — tanpa membangun situs. Galat bila ada versi terbit yang diubah.")
@click.option("--tanggal", "day", metavar="TTTT-BB-HH",
              help="Tentukan versi yang berlaku pada tanggal ini (bawaan: hari ini di zona waktu unit).")
@_project_option
def diff(day: str | None, project_root: Path) -> None:
    from layanan.catalog import load
    from layanan.pending import describe, pending_changes

    project = _project(project_root)
    result = load(project.standard, today=_date(day))
    pending = pending_changes(result, project.standard)
    for line in describe(pending, project.root):
        click.echo(line)
    if pending.has_errors:
        sys.exit(1)
