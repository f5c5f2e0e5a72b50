"""`layanan kinerja ekspor`: write the published performance of units from the forms app's database.

It runs inside the forms app's configuration — the one `layanan serve` (`make run`) uses: the
development configuration unless LAYANAN_CONFIG says another, the database of DATABASE_URL or of
the instance folder (LAYANAN_INSTANCE, else `<project>/instance`) — or on `--database-url`. What is
counted and left out is in `forms_app.performance_export`.

Only periods that have ended at the unit's office are written (a running period, exported twice, would give
away the answers between the two files); the command says which running periods it left out. `--tahun` of
the running year writes the quarters (and the semester) of it that have ended. Before writing, it reads the
unit's current file: the survey results published there stay published (see `already_published`).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

PERIODS = ("triwulan", "semester", "tahun")


@click.group(name="kinerja", help="Kinerja layanan yang dipublikasikan (standard/kinerja/).")
def kinerja_group() -> None:
    pass


@kinerja_group.command(
    name="ekspor",
    help="Tulis standard/kinerja/<unit>.json dari basis data formulir: IKM (SKM), pengaduan per aspek dan "
         "status, ketepatan waktu, dan median waktu tanggapan, per unit, layanan, dan periode. Hanya angka "
         "agregat; tidak ada data pribadi. Hanya periode yang sudah berakhir menurut tanggal di kantor unit "
         "(WIB/WITA/WIT): periode berjalan diekspor setelah berakhir.")
@click.option("--project", "project_root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder proyek (berisi standard/).")
@click.option("--unit", "unit_ids", multiple=True, help="Id unit (boleh diulang). Tanpa ini: setiap unit yang "
                                                       "punya data di basis data.")
@click.option("--periode", type=click.Choice(PERIODS), default=None,
              help="Hanya satu jenis periode. Tanpa ini: triwulan, semester, dan tahun.")
@click.option("--tahun", type=click.IntRange(2000, 2100), default=None,
              help="Hanya tahun ini (tahun berjalan: triwulan dan semester yang sudah berakhir). Tanpa ini: "
                   "setiap tahun yang punya data.")
@click.option("--minimum-responden", type=click.IntRange(1), default=5, show_default=True,
              help="Hasil survei suatu unit atau layanan dalam suatu periode hanya ditulis bila respondennya "
                   "sekurang-kurangnya sebanyak ini (kelompok kecil mengungkap jawaban orangnya).")
@click.option("--database-url", default=None, help="Basis data lain dari yang dipakai aplikasi formulir.")
def ekspor(project_root: Path, unit_ids: tuple[str, ...], periode: str | None, tahun: int | None,
           minimum_responden: int, database_url: str | None) -> None:
    from forms_app import create_app
    from forms_app import performance_export as export
    from forms_app.commands import needs_database
    from forms_app.config import ConfigError, database_url as normalised
    from forms_app.published import StandardsUnavailable
    from layanan.formatting import tanggal
    from layanan.problems import StandardsInvalid
    from layanan.site import Project

    project = Project(project_root)
    if not project.standard.is_dir():
        raise click.ClickException(f"folder {project.standard} tidak ada — jalankan dari folder proyek atau "
                                   "beri --project")
    overrides: dict[str, object] = {"LAYANAN_PROJECT": str(project.root)}
    if database_url:
        overrides["SQLALCHEMY_DATABASE_URI"] = normalised(database_url)
    try:
        app = create_app(os.environ.get("LAYANAN_CONFIG") or "development", overrides)
    except (ConfigError, StandardsInvalid) as exc:
        raise click.ClickException(f"aplikasi formulir tidak dapat dijalankan: {exc}") from None

    @needs_database
    def run() -> list[tuple[Path, export.Exported]]:
        kinds = (periode,) if periode else PERIODS
        units = list(unit_ids) or export.units_with_data()
        if not units:
            raise click.ClickException("basis data belum berisi kasus atau jawaban survei — tidak ada yang "
                                       "diekspor")
        written = []
        for unit_id in units:
            try:
                done = export.export_ended(unit_id, None if tahun is None else [tahun], kinds,
                                           minimum_respondents=minimum_responden,
                                           published=export.already_published(project.standard, unit_id))
            except export.ExportError as exc:
                if unit_ids:
                    raise click.ClickException(str(exc)) from None
                click.echo(f"dilewati: {exc}", err=True)
                continue
            written.append((export.write(project.standard, done.data), done))
        return written

    with app.app_context():
        try:
            written = run()
        except StandardsUnavailable as exc:
            raise click.ClickException(f"standar pelayanan tidak dapat dibaca ({exc}) — jalankan `layanan check` "
                                       "dan perbaiki galatnya") from None
    if not written:
        raise click.ClickException("tidak ada file yang ditulis")
    for path, done in written:
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        click.echo(f"ditulis: {shown} ({len(done.data.periode)} periode)")
        if done.running:
            names = ", ".join(period.label for period in done.running)
            click.echo(f"  periode berjalan {names} belum diekspor; diekspor setelah berakhir (hari ini "
                       f"{tanggal(done.today)} {done.zona} di unit {done.data.unit}) — angka periode berjalan "
                       "yang dibandingkan dengan ekspor berikutnya akan mengungkap jawaban di antaranya")
    click.echo("Periksa isinya, commit file itu seperti standar lainnya (git add standard/kinerja/), lalu jalankan "
               "`layanan build` untuk halaman Kinerja Layanan.")
