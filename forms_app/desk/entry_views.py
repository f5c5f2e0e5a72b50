"""Staff entry on a citizen's behalf (phone, desk, email, letter, suggestion box) and its printable slip.

Two steps, so that the service list belongs to the chosen unit without JavaScript: choose the
kind and the unit (`new_entry`), then fill in the case (`entry_form`). Saving opens the case
(`forms_app.staff_entry`) and shows the slip to print for the citizen (`entry_slip`): the
tracking code, where to follow it and when it is due — no name, email or phone.
"""

from __future__ import annotations

import datetime as dt

from flask import redirect, render_template, url_for

from forms_app import outbox, staff_entry, standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, case_or_404, staff, unit_or_404
from forms_app.desk.forms.entry import (
    ENTRY_KINDS,
    STAFF_IDENTITIES,
    ChooseForm,
    ComplaintEntryForm,
    ConsultationEntryForm,
)
from forms_app.forms.complaint import KINDS
from forms_app.lifecycle import Channel, Identity, Kind
from forms_app.models import utcnow
from layanan import kalender


def _my_units() -> list[tuple[str, str]]:
    """The staff member's units that the published standards know, as (id, name)."""
    units = standards.catalog().units
    return [(unit_id, units[unit_id].unit.nama) for unit_id in staff().unit_ids if unit_id in units]


@blueprint.route("/catat/", methods=["GET", "POST"])
def new_entry():  # noqa: ANN201
    units = _my_units()
    form = ChooseForm(units=units)
    if len(units) == 1 and not form.is_submitted():
        form.unit.data = units[0][0]
    if form.validate_on_submit():
        return redirect(url_for(".entry_form", kind=form.jenis.data, unit_id=form.unit.data), 303)
    return render_template("desk/entry_choose.html", form=form, units=units,
                           kind_hints={value: hint for value, _, hint in ENTRY_KINDS}), \
        400 if form.is_submitted() else 200


@blueprint.route("/catat/<any(konsultasi, pengaduan):kind>/<unit_id>/", methods=["GET", "POST"])
def entry_form(kind: str, unit_id: str):  # noqa: ANN201
    unit_or_404(unit_id)
    unit = standards.unit_or_404(unit_id)
    kind_ = Kind(kind)
    services = [(s.id, s.layanan.nama) for s in standards.catalog().services_of(unit_id)]
    channels = staff_entry.CHANNELS[kind_]
    if kind_ is Kind.konsultasi:
        form = ConsultationEntryForm(services=services, channels=channels)
    else:
        form = ComplaintEntryForm(services=services, channels=channels, today=_today(unit))
    if form.validate_on_submit():
        try:
            case = staff_entry.enter(staff(), unit_id, form.layanan.data, Channel(form.saluran.data),
                                     _content(form), _sender(form), once=form.sekali.data, address=address())
        except staff_entry.EntryRefused as refused:
            form.form_errors.append(str(refused))
        else:
            return redirect(url_for(".entry_slip", case_id=case.id), 303)
    return render_template("desk/entry_form.html", form=form, kind=kind_, unit=unit,
                           kind_hints={value: hint for value, _, hint in KINDS},
                           identity_hints={value: hint for value, _, hint in STAFF_IDENTITIES}), \
        400 if form.is_submitted() else 200


def _content(form) -> staff_entry.Content:  # noqa: ANN001
    if isinstance(form, ConsultationEntryForm):
        return staff_entry.ConsultationContent(
            topik=form.topik.data, kategori_pengguna=form.kategori_pengguna.data, pertanyaan=form.pertanyaan.data,
            saluran_balasan=form.saluran_balasan.data)
    return staff_entry.ComplaintContent(
        jenis_aduan=form.jenis_aduan.data, aspek=form.aspek.data, uraian=form.uraian.data,
        tanggal_kejadian=form.tanggal_kejadian.data, penyelesaian=form.penyelesaian.data or None,
        identitas=Identity(form.identitas.data))


def _sender(form) -> staff_entry.Sender:  # noqa: ANN001
    if form.anonymous:
        return staff_entry.Sender()  # what was typed for an anonymous sender is not kept
    return staff_entry.Sender(nama=form.nama.data, email=form.email.data or None,
                              telepon=form.telepon.data or None, consent=bool(form.persetujuan.data))


def _today(unit) -> dt.date:  # noqa: ANN001
    """Today where the unit is, as the public complaint form counts its 30 days."""
    return utcnow().astimezone(kalender.zone(unit.unit.zona_waktu)).date()


@blueprint.route("/catat/<int:case_id>/slip")
def entry_slip(case_id: int):  # noqa: ANN201
    case = case_or_404(case_id)
    unit = standards.catalog().units.get(case.unit_id)
    service = standards.find_service(case.unit_id, case.layanan_id)
    track_url = outbox.status_url() or url_for("status.lookup", _external=True)
    return render_template("desk/slip.html", case=case, unit=unit, service=service, track_url=track_url)
