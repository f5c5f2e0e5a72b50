"""Admin: staff accounts (add, change role and units, deactivate, reset password or two-factor).

An admin manages the staff of their own units: a staff member who shares no unit with them
does not exist here (404), and the units an admin can give or take are their own; a staff
member's other units are left as they are. The admin types the initial password and tells it
to the person, who changes it on their account page. The last active admin can be neither
deactivated nor given another role. Every change is audited.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from forms_app import accounts, audit
from forms_app.desk import blueprint
from forms_app.desk.access import address, requires_role, staff
from forms_app.desk.forms.accounts import (
    ROLE_HINTS,
    EditStaffForm,
    NewStaffForm,
    ResetPasswordForm,
    unit_choices,
    unit_options,
)
from forms_app.extensions import db
from forms_app.staff_models import Role, Staff, StaffUnit


def _my_units() -> list[str]:
    return staff().unit_ids


def _member_or_404(staff_id: int) -> Staff:
    """A staff member who shares a unit with the signed-in admin; anyone else is a 404."""
    found = db.session.get(Staff, staff_id)
    if found is None or not set(found.unit_ids) & set(_my_units()):
        abort(404)
    return found


def _record(action: str, member: Staff, **details: object) -> None:
    audit.record(staff(), action, target=f"staf:{member.id}", address=address(),
                 details={"email": member.email, **details})


def zone_of_viewer():  # noqa: ANN201
    """The time zone of the signed-in staff member's first unit, for showing times; None: UTC."""
    from forms_app import standards

    units = standards.catalog().units
    for unit_id in staff().unit_ids:
        if unit_id in units:
            return units[unit_id].unit.zona_waktu
    return None


def colleagues() -> list[Staff]:
    """The staff who share a unit with the signed-in staff member, active first, by name."""
    return list(db.session.scalars(
        db.select(Staff).where(Staff.id.in_(db.select(StaffUnit.staf_id).where(StaffUnit.unit_id.in_(_my_units()))))
        .order_by(Staff.aktif.desc(), Staff.nama)))


@blueprint.route("/admin/staf/")
@requires_role(Role.admin)
def staff_list():  # noqa: ANN201
    members = colleagues()
    return render_template("desk/staff_list.html", members=members, zona=zone_of_viewer(),
                           unit_names=dict(unit_choices()))


@blueprint.route("/admin/staf/tambah", methods=["GET", "POST"])
@requires_role(Role.admin)
def staff_add():  # noqa: ANN201
    form = NewStaffForm()
    form.unit.choices = unit_options(_my_units())
    if request.method == "GET" and len(form.unit.choices) == 1:
        form.unit.data = [form.unit.choices[0].value]
    if form.validate_on_submit():
        try:
            member = accounts.create(form.email.data, form.nama.data, Role(form.peran.data), form.unit.data,
                                     form.kata_sandi.data)
            db.session.flush()
        except accounts.AccountError as exc:  # the email taken, the password refused, …
            db.session.rollback()
            form[exc.field].errors = [str(exc)]
        else:
            _record("staf_ditambah", member, peran=member.peran.value, unit=member.unit_ids)
            db.session.commit()
            flash(f"{member.nama} ({member.email}) ditambahkan. Sampaikan kata sandinya langsung kepadanya "
                  "(bukan lewat email atau pesan), dan minta ia menggantinya di halaman Akun setelah masuk.",
                  "info")
            return redirect(url_for("desk.staff_edit", staff_id=member.id), 303)
    return render_template("desk/staff_add.html", form=form, role_hints=ROLE_HINTS), 400 if form.errors else 200


@blueprint.route("/admin/staf/<int:staff_id>", methods=["GET", "POST"])
@requires_role(Role.admin)
def staff_edit(staff_id: int):  # noqa: ANN201
    member = _member_or_404(staff_id)
    mine = _my_units()
    form = EditStaffForm(data={"peran": member.peran.value, "unit": [u for u in member.unit_ids if u in mine]})
    form.unit.choices = unit_options(mine)
    if form.validate_on_submit():
        before = (member.peran.value, member.unit_ids)
        kept_elsewhere = [unit_id for unit_id in member.unit_ids if unit_id not in mine]
        try:
            accounts.change_role(member, Role(form.peran.data))
            accounts.set_units(member, [*kept_elsewhere, *form.unit.data])
        except accounts.AccountError as exc:
            db.session.rollback()
            form.peran.errors = [str(exc)]
        else:
            if before != (member.peran.value, member.unit_ids):
                _record("staf_diubah", member, peran_lama=before[0], peran=member.peran.value, unit_lama=before[1],
                        unit=member.unit_ids)
                db.session.commit()
                flash(f"Peran dan unit {member.nama} disimpan.", "info")
            if member.id == staff().id and member.peran is not Role.admin:
                return redirect(url_for("desk.inbox"), 303)  # no longer an admin: the staff pages are closed
            return redirect(url_for("desk.staff_edit", staff_id=member.id), 303)
    return render_template("desk/staff_edit.html", member=member, form=form, role_hints=ROLE_HINTS,
                           others=[u for u in member.unit_ids if u not in mine], zona=zone_of_viewer(),
                           is_me=member.id == staff().id), 400 if form.errors else 200


def _after(member: Staff, message: str):  # noqa: ANN202
    flash(message, "info")
    return redirect(url_for("desk.staff_edit", staff_id=member.id), 303)


def _refuse(member: Staff, message: str):  # noqa: ANN202
    flash(message, "galat")
    return redirect(url_for("desk.staff_edit", staff_id=member.id), 303)


@blueprint.route("/admin/staf/<int:staff_id>/nonaktifkan", methods=["POST"])
@requires_role(Role.admin)
def staff_deactivate(staff_id: int):  # noqa: ANN201
    member = _member_or_404(staff_id)
    if not member.aktif:
        return _after(member, f"{member.nama} sudah nonaktif.")
    try:
        accounts.deactivate(member)
    except accounts.AccountError as exc:
        db.session.rollback()
        return _refuse(member, str(exc))
    _record("staf_dinonaktifkan", member)
    db.session.commit()
    if member.id == staff().id:
        flash("Akun Anda sudah dinonaktifkan; Anda keluar.", "info")
        return redirect(url_for("desk.sign_in"), 303)
    return _after(member, f"{member.nama} dinonaktifkan; semua sesinya berakhir dan ia tidak dapat masuk lagi.")


@blueprint.route("/admin/staf/<int:staff_id>/aktifkan", methods=["POST"])
@requires_role(Role.admin)
def staff_reactivate(staff_id: int):  # noqa: ANN201
    member = _member_or_404(staff_id)
    if member.aktif:
        return _after(member, f"{member.nama} sudah aktif.")
    accounts.reactivate(member)
    _record("staf_diaktifkan", member)
    db.session.commit()
    return _after(member, f"{member.nama} aktif lagi dan dapat masuk dengan kata sandinya.")


@blueprint.route("/admin/staf/<int:staff_id>/sandi", methods=["GET", "POST"])
@requires_role(Role.admin)
def staff_reset_password(staff_id: int):  # noqa: ANN201
    member = _member_or_404(staff_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        me = staff()
        try:
            accounts.set_password(member, form.kata_sandi.data,
                                  keep_session=me.session_token if member.id == me.id else None)
        except accounts.AccountError as exc:
            db.session.rollback()
            form.kata_sandi.errors = [str(exc)]
        else:
            _record("sandi_diatur_ulang", member)
            db.session.commit()
            return _after(member, f"Kata sandi {member.nama} diganti dan semua sesinya berakhir. Sampaikan kata "
                                  "sandi baru langsung kepadanya, dan minta ia menggantinya di halaman Akun.")
    return render_template("desk/staff_password.html", member=member, form=form), 400 if form.errors else 200


@blueprint.route("/admin/staf/<int:staff_id>/dua-langkah", methods=["POST"])
@requires_role(Role.admin)
def staff_reset_two_factor(staff_id: int):  # noqa: ANN201
    member = _member_or_404(staff_id)
    if member.id == staff().id:
        return _refuse(member, "Masuk dua langkah Anda sendiri diatur ulang oleh admin lain, atau dengan perintah "
                               "`flask --app forms_app staf atur-ulang-dua-langkah`.")
    accounts.reset_two_factor(member)
    _record("dua_langkah_diatur_ulang", member)
    db.session.commit()
    then = ("memasang aplikasi autentikator lagi saat masuk berikutnya" if member.peran.requires_two_factor
            else "masuk dengan kata sandi saja sampai ia mengaktifkan masuk dua langkah lagi di halaman Akun")
    return _after(member, f"Masuk dua langkah {member.nama} diatur ulang dan semua sesinya berakhir; ia {then}.")
