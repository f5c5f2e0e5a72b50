"""Admin: the office's default due times (used only where the standard publishes no time) and
its leave days. `forms_app.office` does the work; these views check the role, show, redirect.

Changing either affects cases opened afterwards only: a stored due time is a promise already given
to the citizen and never moves (the page says so).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from flask import abort, flash, redirect, render_template, url_for

from forms_app import deadlines, office, reports, standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, requires_role, staff
from forms_app.desk.forms.settings import FIELDS, DefaultsForm, LeaveDayForm
from forms_app.extensions import db
from forms_app.forms.base import BaseForm
from forms_app.staff_models import LeaveDay, Role
from layanan import formatting
from layanan.kalender import zone


def _units() -> list[tuple[str, str]]:
    return [(unit_id, reports.unit_name(unit_id)) for unit_id in sorted(staff().unit_ids)]


def _today() -> dt.date:
    """Today where it is earliest among the admin's units: a day still 'today' in one of them
    is not refused as past."""
    zones = {reports.unit_zone(unit_id) for unit_id in staff().unit_ids} or {reports.DEFAULT_ZONE}
    return min(dt.datetime.now(zone(zona)).date() for zona in zones)


def _day_name(day: dt.date) -> str:
    return format_date(day, "EEEE", locale="id")


def _page(defaults_form: DefaultsForm, leave_form: LeaveDayForm, status: int = 200):  # noqa: ANN202
    today = _today()
    units = _units()
    shown = office.leave_days([unit_id for unit_id, _ in units], dt.date(today.year, 1, 1),
                              dt.date(today.year + 1, 12, 31))
    catalog = standards.catalog()
    in_use = deadlines.defaults_in_use(
        [catalog.units[unit_id] for unit_id, _ in units if unit_id in catalog.units],
        [service for unit_id, _ in units for service in catalog.services_of(unit_id)])
    return render_template(
        "desk/settings.html", defaults_form=defaults_form, leave_form=leave_form, settings=FIELDS,
        in_use={kind.value: found for kind, found in in_use.items()},
        upcoming=[row for row in shown if row.tanggal >= today], past=[row for row in shown if row.tanggal < today],
        unit_names=dict(units), today=today, nama_hari=_day_name,
        has_errors=bool(defaults_form.errors or leave_form.errors)), status


@blueprint.route("/admin/pengaturan/", methods=["GET", "POST"], endpoint="settings")
@requires_role(Role.admin)
def settings():  # noqa: ANN201
    form = DefaultsForm()
    leave_form = LeaveDayForm(prefix="cuti", formdata=None).offer(_units())
    if not form.is_submitted():
        return _page(form.fill(office.values()), leave_form)
    if not form.validate():
        return _page(form, leave_form, 400)
    try:
        changed = office.change(form.texts(), staff(), address=address())
    except office.SettingRefused as error:  # checked by the form already; kept for a value changed meanwhile
        form.form_errors.append(str(error))
        return _page(form, leave_form, 400)
    labels = [setting.label.lower() for setting in FIELDS.values() if setting.key in changed]
    flash(f"Disimpan: {', '.join(labels)}. Berlaku untuk kasus baru; jatuh tempo yang sudah tersimpan tidak "
          "berubah." if labels else "Tidak ada yang berubah.", "info")
    return redirect(url_for("desk.settings"), 303)


@blueprint.route("/admin/pengaturan/hari-cuti", methods=["POST"], endpoint="settings_leave_add")
@requires_role(Role.admin)
def leave_add():  # noqa: ANN201
    form = LeaveDayForm(prefix="cuti").offer(_units())
    defaults_form = DefaultsForm(formdata=None).fill(office.values())
    if not form.validate_on_submit():
        return _page(defaults_form, form, 400)
    try:
        added = office.add_leave_day(form.tanggal.data, form.unit_ids(), form.keterangan.data, staff(),
                                     today=_today(), address=address())
    except office.SettingRefused as error:
        form.tanggal.errors = [*form.tanggal.errors, str(error)]
        return _page(defaults_form, form, 400)
    whom = "semua unit" if added[0].unit_id is None else reports.unit_name(added[0].unit_id)
    flash(f"Hari cuti {formatting.tanggal(form.tanggal.data)} untuk {whom} ditambahkan. Berlaku untuk kasus baru; jatuh "
          "tempo yang sudah tersimpan tidak berubah.", "info")
    return redirect(url_for("desk.settings"), 303)


@blueprint.route("/admin/pengaturan/hari-cuti/<int:leave_id>/hapus", methods=["POST"],
                 endpoint="settings_leave_remove")
@requires_role(Role.admin)
def leave_remove(leave_id: int):  # noqa: ANN201
    row = db.session.scalar(db.select(LeaveDay).where(
        LeaveDay.id == leave_id, db.or_(LeaveDay.unit_id.is_(None), LeaveDay.unit_id.in_(staff().unit_ids))))
    if row is None:
        abort(404)
    if not BaseForm().validate_on_submit():
        flash("Formulir kedaluwarsa — muat ulang halaman lalu coba lagi.", "galat")
        return redirect(url_for("desk.settings"), 303)
    day = row.tanggal
    try:
        office.remove_leave_day(row, staff(), today=_today(), address=address())
    except office.SettingRefused as error:
        flash(str(error), "galat")
        return redirect(url_for("desk.settings"), 303)
    flash(f"Hari cuti {formatting.tanggal(day)} dihapus. Jatuh tempo yang sudah tersimpan tidak berubah.", "info")
    return redirect(url_for("desk.settings"), 303)
