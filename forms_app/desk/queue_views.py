"""The walk-in queue at the desk: call the next visitor, record the consultation, finish.

The staff member picks one of their units (`queue`), says at which desk (loket) they sit —
remembered in the session, per unit — and sees who is waiting and for how long. "Panggil
berikutnya" claims the next visitor for them alone (`forms_app.queue.call_next`) and opens the
visitor's page, where the consultation is recorded and the visit finished, or closed as a
no-show, or the visitor called once more. The logic and its audit entries are in
`forms_app.queue`; these views only read the forms and say what happened.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for

from forms_app import queue as walk_in
from forms_app import standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, contact, staff, unit_or_404
from forms_app.desk.forms.queue import ActionForm, DeskForm, FinishForm
from forms_app.lifecycle import Status
from forms_app.models import Visit, utcnow
from forms_app.reports import duration_words

DESK_KEY = "loket_antrean"  # {unit_id: desk label}


def _my_units() -> list[tuple[str, str]]:
    units = standards.catalog().units
    return [(unit_id, units[unit_id].unit.nama) for unit_id in staff().unit_ids if unit_id in units]


def _desk_of(unit_id: str) -> str | None:
    desks = session.get(DESK_KEY)
    return desks.get(unit_id) if isinstance(desks, dict) else None


def _remember_desk(unit_id: str, label: str) -> None:
    desks = session.get(DESK_KEY)
    desks = dict(desks) if isinstance(desks, dict) else {}
    desks[unit_id] = label
    session[DESK_KEY] = desks


def _unit(unit_id: str):  # noqa: ANN202
    unit_or_404(unit_id)
    return standards.unit_or_404(unit_id)


@blueprint.route("/antrean/")
def queue():  # noqa: ANN201
    units = _my_units()
    if len(units) == 1:
        return redirect(url_for("desk.queue_unit", unit_id=units[0][0]))
    return render_template("desk/queue_choose.html", units=units)


@blueprint.route("/antrean/<unit_id>/")
def queue_unit(unit_id: str):  # noqa: ANN201
    return _queue_page(unit_id, DeskForm(data={"loket": _desk_of(unit_id) or ""}), 200)


def _queue_page(unit_id: str, desk_form: DeskForm, status: int):  # noqa: ANN202
    unit = _unit(unit_id)
    now = utcnow()
    day = walk_in.local_day(unit, now)
    me = staff()
    serving = walk_in.being_served(unit_id, day)
    return render_template(
        "desk/queue_unit.html", unit=unit, now=now, day=day, desk=_desk_of(unit_id), desk_form=desk_form,
        waiting=walk_in.waiting(unit_id, day), serving=serving,
        mine=[visit for visit in serving if visit.dipanggil_oleh_id == me.id],
        ended=walk_in.finished_count(unit_id, day), timing=walk_in.timing, words=duration_words,
        service_name=lambda visit: _service_name(visit), several_units=len(_my_units()) > 1,
    ), status


@blueprint.route("/antrean/<unit_id>/loket", methods=["POST"])
def queue_desk(unit_id: str):  # noqa: ANN201
    _unit(unit_id)
    form = DeskForm()
    if not form.validate_on_submit():
        return _queue_page(unit_id, form, 400)
    _remember_desk(unit_id, form.loket.data)
    flash(f"Anda melayani di {form.loket.data}. Nomor yang Anda panggil tampil di layar dengan nama loket ini.",
          "info")
    return redirect(url_for("desk.queue_unit", unit_id=unit_id), 303)


@blueprint.route("/antrean/<unit_id>/panggil", methods=["POST"])
def queue_call(unit_id: str):  # noqa: ANN201
    _unit(unit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    desk = _desk_of(unit_id)
    if not desk:
        flash("Isi dulu nama loket atau meja Anda, lalu tekan 'Panggil berikutnya' lagi.", "galat")
        return redirect(url_for("desk.queue_unit", unit_id=unit_id), 303)
    try:
        visit = walk_in.call_next(staff(), unit_id, desk, address=address())
    except walk_in.QueueRefused as refused:
        flash(str(refused), "galat")
        return redirect(url_for("desk.queue_unit", unit_id=unit_id), 303)
    if visit is None:
        flash("Tidak ada pengunjung yang menunggu.", "info")
        return redirect(url_for("desk.queue_unit", unit_id=unit_id), 303)
    flash(f"{visit.nomor_label} dipanggil ke {desk}.", "info")
    return redirect(url_for("desk.queue_visit", visit_id=visit.id), 303)


def _visit_or_404(visit_id: int) -> Visit:
    visit = walk_in.find(visit_id, staff().unit_ids)
    if visit is None:
        abort(404)
    return visit


@blueprint.route("/antrean/kunjungan/<int:visit_id>/", methods=["GET", "POST"])
def queue_visit(visit_id: int):  # noqa: ANN201
    visit = _visit_or_404(visit_id)
    form = FinishForm()
    if form.validate_on_submit():
        try:
            walk_in.finish(visit, staff(), form.hasil_layanan.data, address=address())
        except walk_in.QueueRefused as refused:
            form.form_errors.append(str(refused))
        else:
            flash(f"{visit.nomor_label} selesai dilayani.", "info")
            return redirect(url_for("desk.queue_unit", unit_id=visit.unit_id), 303)
    return _visit_page(visit, form, 400 if form.is_submitted() else 200)


def _visit_page(visit: Visit, form: FinishForm, status: int):  # noqa: ANN202
    unit = standards.catalog().units.get(visit.unit_id)
    return render_template(
        "desk/queue_visit.html", visit=visit, unit=unit, form=form,
        timing=walk_in.timing(visit), words=duration_words, person=contact(visit),
        service_name=_service_name(visit), desk=_desk_of(visit.unit_id), Status=Status,
    ), status


@blueprint.route("/antrean/kunjungan/<int:visit_id>/tidak-hadir", methods=["POST"])
def queue_no_show(visit_id: int):  # noqa: ANN201
    visit = _visit_or_404(visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        walk_in.no_show(visit, staff(), expected=_status_shown(), address=address())
    except walk_in.QueueRefused as refused:
        flash(str(refused), "galat")
        return redirect(url_for("desk.queue_visit", visit_id=visit.id), 303)
    flash(f"{visit.nomor_label} ditutup: {walk_in.NO_SHOW_REASON}.", "info")
    return redirect(url_for("desk.queue_unit", unit_id=visit.unit_id), 303)


@blueprint.route("/antrean/kunjungan/<int:visit_id>/panggil-ulang", methods=["POST"])
def queue_recall(visit_id: int):  # noqa: ANN201
    visit = _visit_or_404(visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        walk_in.recall(visit, staff(), _desk_of(visit.unit_id), address=address())
    except walk_in.QueueRefused as refused:
        flash(str(refused), "galat")
    else:
        flash(f"{visit.nomor_label} dipanggil ulang ke {visit.loket}.", "info")
    return redirect(url_for("desk.queue_visit", visit_id=visit.id), 303)


def _status_shown() -> Status | None:
    """The visit's status as the page with the button showed it (a hidden field)."""
    try:
        return Status(request.form.get("status_terlihat", ""))
    except ValueError:
        return None


def _service_name(visit: Visit) -> str:
    service = standards.find_service(visit.unit_id, visit.layanan_id)
    return service.layanan.nama if service else (visit.layanan_id or "—")
