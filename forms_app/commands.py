"""`flask` commands: deliver the outbox, and delete what must not be kept any longer."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError, ProgrammingError

from forms_app import mail, outbox, retention


def needs_database(command: Callable) -> Callable:
    """A database that is not migrated or not reachable is said in one line, not a traceback."""

    @functools.wraps(command)
    def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            return command(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise click.ClickException(
                f"basis data tidak dapat dipakai ({reason}) — bila belum disiapkan, jalankan "
                "`flask --app forms_app db upgrade`; bila ada di server lain, periksa DATABASE_URL") from None
    return run


def register(app: Flask) -> None:
    from forms_app import staff_commands  # here: it imports needs_database from this module
    staff_commands.register(app)

    @app.cli.group(name="outbox", help="Kotak keluar email.")
    def outbox_group() -> None:
        pass

    @outbox_group.command(name="kirim", help="Kirim email yang sudah waktunya; yang gagal dicoba lagi nanti.")
    @click.option("--terus", is_flag=True, help="Jangan berhenti: periksa kotak keluar setiap --jeda detik.")
    @click.option("--jeda", default=10.0, show_default=True, help="Detik antara dua pemeriksaan (dengan --terus).")
    @needs_database
    def send(terus: bool, jeda: float) -> None:
        transport = mail.transport_from_config(current_app.config)
        while True:
            report = outbox.deliver_due(transport)
            if report.sent or report.failed or report.given_up or not terus:
                click.echo(f"{report.sent} terkirim, {report.failed} gagal (dicoba lagi nanti), "
                           f"{report.given_up} tidak dicoba lagi, {report.pending} menunggu")
            if not terus:
                return
            time.sleep(jeda)

    @outbox_group.command(name="status", help="Jumlah email menunggu, terkirim, dan gagal; daftar yang gagal.")
    @needs_database
    def status() -> None:
        found = outbox.counts()
        click.echo(f"{found['menunggu']} menunggu, {found['terkirim']} terkirim, {found['gagal']} gagal")
        for message in outbox.given_up():
            code = message.pengajuan.kode if message.pengajuan else "—"
            click.echo(f"gagal: {code} «{message.subjek}» setelah {message.percobaan} percobaan: "
                       f"{message.galat_terakhir or '—'} — hubungi pengirimnya melalui saluran lain")

    @app.cli.group(name="data", help="Data pribadi dan draf.")
    def data_group() -> None:
        pass

    @data_group.command(name="bersihkan",
                        help="Hapus draf kedaluwarsa dan data kontak kasus yang sudah ditutup lebih lama "
                             "dari masa simpan.")
    @needs_database
    def purge() -> None:
        report = retention.purge()
        click.echo(f"{report.drafts} draf kedaluwarsa dihapus; data kontak {report.cases} pengajuan dihapus "
                   f"(masa simpan {current_app.config['DATA_RETENTION_DAYS']} hari sejak kasus ditutup); "
                   f"{report.staff_sessions} sesi staf lama dihapus")
