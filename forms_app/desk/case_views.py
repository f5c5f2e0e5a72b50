"""One case: its details, deadlines, history, replies and notes; status changes, replies, internal
notes, assignment, and its attachments.

Each action is a POST with its own form (prefixed, so the page holds them all without clashing
ids) that goes through `forms_app.cases`, which commits the change with its history, mail and
audit entry together; then a 303 back to the case page with a message. A form with errors shows
the page again with that form's messages.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, send_file, url_for

from forms_app import attachments, audit, cases, inbox, standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, case_or_404, shows_identity, staff
from forms_app.desk.forms.case import AssignForm, ClaimForm, NoteForm, ReplyForm, StatusForm
from forms_app.desk.inbox_views import colleagues
from forms_app.extensions import db
from forms_app.forms.complaint import ASPECTS, KINDS
from forms_app.forms.consultation import REPLY_CHANNELS, TOPICS, USER_CATEGORIES
from forms_app.lifecycle import TransitionRefused
from forms_app.models import Attachment, Status, Submission, utcnow
from forms_app.staff_models import CannedReply, Staff

LABELS = {
    "jenis_aduan": {value: label for value, label, _ in KINDS},
    "aspek": dict(ASPECTS),
    "topik": {value: label for value, label, _ in TOPICS},
    "kategori_pengguna": dict(USER_CATEGORIES),
    "saluran_balasan": dict(REPLY_CHANNELS),
}


def _forms(case: Submission, **bound) -> dict:
    """Every form of the page: those given (with the user's input and errors), the others empty."""
    canned = _canned_reply(case)
    forms = {
        "status_form": StatusForm(prefix="ubah", formdata=None).offer(case.status),
        "reply_form": ReplyForm(prefix="balas", formdata=None, isi=canned.isi if canned else None).offer(case.status),
        "note_form": NoteForm(prefix="catat", formdata=None),
        "assign_form": AssignForm(prefix="tugas", formdata=None).offer(colleagues([case.unit_id])),
        "claim_form": ClaimForm(prefix="ambil", formdata=None),
    }
    forms.update(bound)
    return forms


def _render(case: Submission, status: int = 200, **bound):  # noqa: ANN003, ANN202
    forms = _forms(case, **bound)
    has_errors = any(form.errors for form in bound.values())
    unit = standards.catalog().units.get(case.unit_id)
    return render_template(
        "desk/case.html", case=case, unit=unit, zona=unit.unit.zona_waktu if unit else None,
        service=standards.find_service(case.unit_id, case.layanan_id), shown=shows_identity(case),
        now=utcnow(), inbox=inbox, labels=LABELS, canned_replies=_canned_replies(case),
        chosen_canned=request.args.get("balasan_siap", ""), has_errors=has_errors, me=staff(), **forms,
    ), status


@blueprint.route("/kasus/<int:case_id>")
def case(case_id: int):  # noqa: ANN201
    return _render(case_or_404(case_id))


@blueprint.route("/kasus/<int:case_id>/status", methods=["POST"])
def case_status(case_id: int):  # noqa: ANN201
    found = case_or_404(case_id, for_update=True)
    form = StatusForm(prefix="ubah").offer(found.status)
    if not form.validate_on_submit():
        return _render(found, 400, status_form=form)
    new = Status(form.status.data)
    try:
        cases.change_status(found, new, staff(), note=form.catatan.data or None,
                            note_public=form.tampil.data == "publik", unit=_unit(found),
                            forwarded_to=form.diteruskan_kepada.data, reference=form.nomor_rujukan.data,
                            close_reason=form.close_reason(), address=address())
    except (TransitionRefused, cases.CaseRefused) as refused:
        db.session.rollback()
        form.form_errors.append(_sentence(refused))
        return _render(case_or_404(case_id), 400, status_form=form)
    flash(f"Status diubah menjadi: {new.desk_label}.", "info")
    return _back(found)


@blueprint.route("/kasus/<int:case_id>/balasan", methods=["POST"])
def case_reply(case_id: int):  # noqa: ANN201
    found = case_or_404(case_id, for_update=True)
    form = ReplyForm(prefix="balas").offer(found.status)
    if not form.validate_on_submit():
        return _render(found, 400, reply_form=form)
    new = Status(form.status.data) if form.status.data else None
    try:
        cases.reply(found, staff(), form.isi.data, public=True, unit=_unit(found), new_status=new,
                    address=address())
    except (TransitionRefused, cases.CaseRefused) as refused:
        db.session.rollback()
        form.form_errors.append(_sentence(refused))
        return _render(case_or_404(case_id), 400, reply_form=form)
    sent = " dan dikirim ke email pemohon" if found.email else ""
    flash(f"Tanggapan disimpan, tampil pada halaman status{sent}"
          f"{f'; status menjadi: {new.desk_label}' if new else ''}.", "info")
    return _back(found)


@blueprint.route("/kasus/<int:case_id>/catatan", methods=["POST"])
def case_note(case_id: int):  # noqa: ANN201
    found = case_or_404(case_id, for_update=True)
    form = NoteForm(prefix="catat")
    if not form.validate_on_submit():
        return _render(found, 400, note_form=form)
    cases.reply(found, staff(), form.catatan_internal.data, public=False, unit=_unit(found), address=address())
    flash("Catatan internal disimpan (tidak tampil bagi pemohon).", "info")
    return _back(found)


@blueprint.route("/kasus/<int:case_id>/tugaskan", methods=["POST"])
def case_assign(case_id: int):  # noqa: ANN201
    found = case_or_404(case_id, for_update=True)
    form = AssignForm(prefix="tugas").offer(colleagues([found.unit_id]))
    if not form.validate_on_submit():
        return _render(found, 400, assign_form=form)
    assignee = db.session.get(Staff, int(form.petugas.data))
    try:
        action = cases.assign(found, staff(), assignee, note=form.pesan_alih.data, address=address())
    except cases.CaseRefused as refused:
        db.session.rollback()
        form.form_errors.append(_sentence(refused))
        return _render(case_or_404(case_id), 400, assign_form=form)
    flash({"kasus_diambil": "Anda sekarang menangani pengajuan ini.",
           "kasus_dialihkan": f"Pengajuan dialihkan kepada {assignee.nama}."}.get(
        action, f"Pengajuan ditugaskan kepada {assignee.nama}."), "info")
    return _back(found)


@blueprint.route("/kasus/<int:case_id>/ambil", methods=["POST"])
def case_claim(case_id: int):  # noqa: ANN201
    found = case_or_404(case_id, for_update=True)
    form = ClaimForm(prefix="ambil")
    if not form.validate_on_submit():
        return _render(found, 400)
    try:
        cases.assign(found, staff(), staff(), address=address())
    except cases.CaseRefused as refused:
        db.session.rollback()
        flash(_sentence(refused), "galat")
        return _back(case_or_404(case_id))
    flash("Anda sekarang menangani pengajuan ini.", "info")
    return _back(found)


@blueprint.route("/kasus/<int:case_id>/lampiran/<int:attachment_id>")
def case_attachment(case_id: int, attachment_id: int):  # noqa: ANN201
    """A citizen's file, always as a download (never shown inline in the desk's origin)."""
    found = case_or_404(case_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.pengajuan_id != found.id:
        abort(404)
    path = Path(attachments.upload_folder()) / attachment.nama_simpan
    if not path.is_file():
        abort(404)
    audit.record(staff(), "lampiran_diunduh", target=audit.case_target(found.kode), unit_id=found.unit_id,
                 details={"lampiran": attachment.id}, address=address())
    db.session.commit()
    response = send_file(path, mimetype=attachment.jenis_media, as_attachment=True,
                         download_name=attachment.nama_asli, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _unit(case: Submission):  # noqa: ANN202
    return standards.unit_or_404(case.unit_id)


def _back(case: Submission):  # noqa: ANN202
    return redirect(url_for("desk.case", case_id=case.id), 303)


def _sentence(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]


def _canned_replies(case: Submission) -> list[CannedReply]:
    """The active canned replies for this case's unit (its own and those for every unit)."""
    return list(db.session.scalars(
        db.select(CannedReply).where(CannedReply.aktif.is_(True),
                                     db.or_(CannedReply.unit_id.is_(None), CannedReply.unit_id == case.unit_id))
        .order_by(CannedReply.judul, CannedReply.id)))


def _canned_reply(case: Submission) -> CannedReply | None:
    """The canned reply chosen with ?balasan_siap=<id>, when it may be used for this case."""
    chosen = request.args.get("balasan_siap", "")
    if not chosen.isdigit():
        return None
    return next((reply for reply in _canned_replies(case) if reply.id == int(chosen)), None)
