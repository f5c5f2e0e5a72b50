"""Admin: canned replies, the texts staff start a public reply from (per unit, or for every unit).

A canned reply is never deleted, only deactivated: replies already sent were written from it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from forms_app import audit, standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, requires_role, staff
from forms_app.desk.forms.canned import ALL_UNITS, CannedReplyForm, ToggleForm
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import CannedReply, Role


def _units() -> list[tuple[str, str]]:
    units = standards.catalog().units
    return [(unit_id, units[unit_id].unit.nama if unit_id in units else unit_id) for unit_id in staff().unit_ids]


def _visible():  # noqa: ANN202
    """Canned replies for every unit, and for the admin's own units."""
    return db.or_(CannedReply.unit_id.is_(None), CannedReply.unit_id.in_(staff().unit_ids))


def _canned_or_404(canned_id: int) -> CannedReply:
    found = db.session.scalar(db.select(CannedReply).where(CannedReply.id == canned_id, _visible()))
    if found is None:
        abort(404)
    return found


@blueprint.route("/admin/balasan-siap/")
@requires_role(Role.admin)
def canned_replies():  # noqa: ANN201
    found = db.session.scalars(db.select(CannedReply).where(_visible())
                               .order_by(CannedReply.aktif.desc(), CannedReply.judul, CannedReply.id)).all()
    return render_template("desk/canned_list.html", replies=found, unit_names=dict(_units()),
                           toggle_form=ToggleForm())


@blueprint.route("/admin/balasan-siap/baru", methods=["GET", "POST"])
@requires_role(Role.admin)
def canned_reply_new():  # noqa: ANN201
    form = CannedReplyForm().offer(_units())
    if not form.validate_on_submit():
        return render_template("desk/canned_form.html", form=form, canned=None), 400 if form.is_submitted() else 200
    canned = CannedReply(judul=form.judul.data, isi=form.teks.data, unit_id=form.unit.data or None, aktif=True,
                         diubah=utcnow())
    db.session.add(canned)
    db.session.flush()
    audit.record(staff(), "balasan_siap_ditambah", target=f"balasan_siap:{canned.id}", unit_id=canned.unit_id,
                 details={"judul": canned.judul}, address=address())
    db.session.commit()
    flash(f"Balasan siap '{canned.judul}' ditambahkan.", "info")
    return redirect(url_for("desk.canned_replies"), 303)


@blueprint.route("/admin/balasan-siap/<int:canned_id>/ubah", methods=["GET", "POST"])
@requires_role(Role.admin)
def canned_reply_edit(canned_id: int):  # noqa: ANN201
    canned = _canned_or_404(canned_id)
    form = CannedReplyForm(obj=None, judul=canned.judul, teks=canned.isi,
                           unit=canned.unit_id or ALL_UNITS).offer(_units())
    if not form.validate_on_submit():
        return render_template("desk/canned_form.html", form=form, canned=canned), 400 if form.is_submitted() else 200
    changed = [name for name, old, new in (("judul", canned.judul, form.judul.data), ("isi", canned.isi, form.teks.data),
                                           ("unit", canned.unit_id, form.unit.data or None)) if old != new]
    canned.judul, canned.isi, canned.unit_id = form.judul.data, form.teks.data, form.unit.data or None
    canned.diubah = utcnow()
    audit.record(staff(), "balasan_siap_diubah", target=f"balasan_siap:{canned.id}", unit_id=canned.unit_id,
                 details={"diubah": changed}, address=address())
    db.session.commit()
    flash(f"Balasan siap '{canned.judul}' disimpan.", "info")
    return redirect(url_for("desk.canned_replies"), 303)


@blueprint.route("/admin/balasan-siap/<int:canned_id>/aktif", methods=["POST"])
@requires_role(Role.admin)
def canned_reply_toggle(canned_id: int):  # noqa: ANN201
    canned = _canned_or_404(canned_id)
    if not ToggleForm().validate_on_submit():
        flash("Formulir kedaluwarsa — muat ulang halaman lalu coba lagi.", "galat")
        return redirect(url_for("desk.canned_replies"), 303)
    canned.aktif = not canned.aktif
    canned.diubah = utcnow()
    audit.record(staff(), "balasan_siap_diubah", target=f"balasan_siap:{canned.id}", unit_id=canned.unit_id,
                 details={"aktif": canned.aktif}, address=address())
    db.session.commit()
    flash(f"Balasan siap '{canned.judul}' {'diaktifkan kembali' if canned.aktif else 'dinonaktifkan'}.", "info")
    return redirect(url_for("desk.canned_replies"), 303)
