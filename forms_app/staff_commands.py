"""`flask --app forms_app staf …`: staff accounts from the command line.

How the first admin is made on a server (or the first-run page at /staf/pasang on the machine
itself). Passwords are typed at a hidden prompt, twice, never given as an option or argument:
a command line lands in the shell's history and in `ps` for every user of the machine. Every
action is written to the audit log as the system's (no staff actor), saying it came from here.
"""

from __future__ import annotations

import click
from flask import Flask

from forms_app import accounts, audit, standards
from forms_app.commands import needs_database
from forms_app.extensions import db
from forms_app.published import StandardsUnavailable
from forms_app.staff_models import Role, Staff

FROM_HERE = {"melalui": "baris perintah"}
ROLES = {role.value: role for role in Role}


def _known_units() -> dict[str, str]:
    """unit id → name, from the catalog of standards the app serves."""
    try:
        catalog = standards.catalog()
    except StandardsUnavailable:
        raise click.ClickException("standar pelayanan tidak dapat dibaca, jadi unit staf tidak dapat "
                                   "diperiksa — jalankan `layanan check` dan perbaiki galatnya") from None
    return {unit_id: entry.unit.nama for unit_id, entry in catalog.units.items()}


def _check_units(units: tuple[str, ...]) -> None:
    known = _known_units()
    unknown = accounts.unknown_units(list(units), set(known))
    if unknown:
        raise click.ClickException(f"unit tidak dikenal: {', '.join(unknown)} — unit yang ada: "
                                   f"{', '.join(sorted(known))}")


def _staff(email: str) -> Staff:
    found = accounts.find(email)
    if found is None:
        raise click.ClickException(f"tidak ada staf dengan email {accounts.normalise_email(email)} — lihat "
                                   "`flask --app forms_app staf daftar`")
    return found


def _prompt_password(staff_email: str, name: str) -> str:
    """The password, typed twice at a hidden prompt, until it is the same twice and allowed."""
    for _attempt in range(3):
        password = click.prompt("Kata sandi", hide_input=True, default="", show_default=False)
        again = click.prompt("Ulangi kata sandi", hide_input=True, default="", show_default=False)
        if password != again:
            click.echo("Kedua kata sandi tidak sama; ketik lagi.", err=True)
            continue
        problem = accounts.password_problem(password, staff_email, name)
        if problem:
            click.echo(problem, err=True)
            continue
        return password
    raise click.ClickException("tiga kali kata sandi tidak dapat dipakai; tidak ada yang diubah")


def _commit(action: str, staff: Staff, message: str, **details: object) -> None:
    audit.record(None, action, target=f"staf:{staff.id}", details={**FROM_HERE, "email": staff.email, **details})
    db.session.commit()
    click.echo(message)


def register(app: Flask) -> None:
    @app.cli.group(name="staf",
                   help="Akun staf meja layanan: tambah, ubah, daftar, nonaktifkan, aktifkan, atur ulang.")
    def staff_group() -> None:
        pass

    @staff_group.command(name="tambah", short_help="Tambah staf (kata sandi pada prompt).",
                         help="Tambah staf. Kata sandi diketik pada prompt tersembunyi.")
    @click.option("--email", required=True, help="Email staf (dipakai untuk masuk).")
    @click.option("--nama", required=True, help="Nama staf.")
    @click.option("--peran", required=True, type=click.Choice(list(ROLES)),
                  help="admin, pengelola_pengaduan (melihat identitas rahasia), atau petugas.")
    @click.option("--unit", "units", multiple=True, required=True,
                  help="ID unit tempat staf bekerja; ulangi untuk beberapa unit.")
    @needs_database
    def add(email: str, nama: str, peran: str, units: tuple[str, ...]) -> None:
        _check_units(units)
        try:
            email = accounts.check_new_email(email)
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        password = _prompt_password(email, nama)
        try:
            staff = accounts.create(email, nama, ROLES[peran], list(units), password)
            db.session.flush()
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        note = (" Saat masuk pertama kali, admin memasang aplikasi autentikator (masuk dua langkah)."
                if staff.peran.requires_two_factor else "")
        _commit("staf_ditambah", staff, f"Staf {staff.email} ({staff.peran.label}) ditambahkan.{note}",
                peran=staff.peran.value, unit=staff.unit_ids)

    @staff_group.command(name="ubah", short_help="Ubah peran dan/atau unit staf.",
                         help="Ubah peran dan/atau unit staf (--unit menggantikan semua unitnya).")
    @click.argument("email")
    @click.option("--peran", type=click.Choice(list(ROLES)), help="Peran baru.")
    @click.option("--unit", "units", multiple=True,
                  help="ID unit; ulangi untuk beberapa unit. Menggantikan semua unitnya.")
    @needs_database
    def change(email: str, peran: str | None, units: tuple[str, ...]) -> None:
        if not peran and not units:
            raise click.UsageError("sebutkan --peran, --unit, atau keduanya")
        staff = _staff(email)
        before = {"peran_lama": staff.peran.value, "unit_lama": staff.unit_ids}
        if units:
            _check_units(units)
        try:
            if peran:
                accounts.change_role(staff, ROLES[peran])
            if units:
                accounts.set_units(staff, list(units))
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        _commit("staf_diubah", staff, f"{staff.email}: peran {staff.peran.label}, unit {', '.join(staff.unit_ids)}.",
                **before, peran=staff.peran.value, unit=staff.unit_ids)

    @staff_group.command(name="daftar", short_help="Daftar staf.",
                         help="Daftar staf: email, nama, peran, unit, aktif, dua langkah.")
    @needs_database
    def list_staff() -> None:
        found = db.session.scalars(db.select(Staff).order_by(Staff.email)).all()
        if not found:
            click.echo("Belum ada staf. Tambahkan dengan `flask --app forms_app staf tambah`.")
            return
        rows = [("EMAIL", "NAMA", "PERAN", "UNIT", "AKTIF", "DUA LANGKAH")]
        rows += [(staff.email, staff.nama, staff.peran.value, ",".join(staff.unit_ids),
                  "ya" if staff.aktif else "tidak", "ya" if staff.totp_aktif else "tidak") for staff in found]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            click.echo("  ".join([*(value.ljust(width) for value, width in zip(row, widths, strict=False)),
                                  row[-1]]))

    @staff_group.command(name="nonaktifkan", help="Nonaktifkan staf dan akhiri semua sesinya.")
    @click.argument("email")
    @needs_database
    def deactivate(email: str) -> None:
        staff = _staff(email)
        if not staff.aktif:
            raise click.ClickException(f"{staff.email} sudah nonaktif")
        try:
            accounts.deactivate(staff)
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        _commit("staf_dinonaktifkan", staff, f"{staff.email} dinonaktifkan; semua sesinya berakhir.")

    @staff_group.command(name="aktifkan", help="Aktifkan kembali staf yang nonaktif.")
    @click.argument("email")
    @needs_database
    def reactivate(email: str) -> None:
        staff = _staff(email)
        if staff.aktif:
            raise click.ClickException(f"{staff.email} sudah aktif")
        accounts.reactivate(staff)
        _commit("staf_diaktifkan", staff, f"{staff.email} aktif lagi dan dapat masuk dengan kata sandinya.")

    @staff_group.command(name="atur-ulang-sandi", short_help="Atur kata sandi baru; semua sesi berakhir.",
                         help="Atur kata sandi baru (diketik pada prompt tersembunyi); semua sesi berakhir.")
    @click.argument("email")
    @needs_database
    def reset_password(email: str) -> None:
        staff = _staff(email)
        accounts.set_password(staff, _prompt_password(staff.email, staff.nama))
        _commit("sandi_diatur_ulang", staff, f"Kata sandi {staff.email} diganti; semua sesinya berakhir.")

    @staff_group.command(name="atur-ulang-dua-langkah", short_help="Lupakan aplikasi autentikator staf.",
                         help="Lupakan aplikasi autentikator staf; ia memasangnya lagi saat masuk.")
    @click.argument("email")
    @needs_database
    def reset_two_factor(email: str) -> None:
        staff = _staff(email)
        accounts.reset_two_factor(staff)
        then = ("memasang aplikasi autentikator lagi saat masuk berikutnya" if staff.peran.requires_two_factor
                else "masuk dengan kata sandi saja, dan dapat memasang aplikasi autentikator lagi di halaman Akun")
        _commit("dua_langkah_diatur_ulang", staff, f"Masuk dua langkah {staff.email} diatur ulang; ia {then}.")
