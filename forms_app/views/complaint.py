"""Complaint, suggestion or appreciation: form (with attachments) → check your answers → confirmation."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from forms_app import attachments, drafts, standards
from layanan import kalender
from forms_app.extensions import db, limiter
from forms_app.forms.base import BaseForm
from forms_app.forms.complaint import ASPECTS, IDENTITIES, KINDS, ComplaintForm
from forms_app.models import Kind
from forms_app.views import flow

blueprint = Blueprint("complaint", __name__, url_prefix="/formulir/<unit_id>/pengaduan")

FIELDS = ("jenis_aduan", "layanan", "aspek", "uraian", "penyelesaian", "identitas", "nama", "email", "telepon")
IDENTITY_FIELDS = ("nama", "email", "telepon")


@blueprint.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_DRAFT"], methods=["POST"])
def form(unit_id: str):  # noqa: ANN201
    unit = standards.unit_or_404(unit_id)
    services = [(s.id, s.layanan.nama) for s in standards.catalog().services_of(unit_id)]
    draft = drafts.current(Kind.pengaduan, unit_id)
    if flow.wants_to_start_over():
        return flow.start_over(Kind.pengaduan, draft, url_for(".form", unit_id=unit_id))
    removed = _attachment_ids(request.form.getlist("hapus_lampiran"))
    kept = drafts.kept_attachments(draft, removed)
    if request.method == "GET":
        initial = dict(draft.isian) if draft else {"layanan": request.args.get("layanan", "")}
        if draft:
            initial["tanggal_kejadian"] = dt.date.fromisoformat(draft.isian["tanggal_kejadian"])
        form = ComplaintForm(data=initial, services=services, today=_today(unit))
    else:
        form = ComplaintForm(services=services, today=_today(unit))
    form.kept_attachments = len(kept)
    status = 200
    not_kept: list[str] = []  # files chosen in a post shown again: the browser will not send them twice
    if form.is_submitted():
        outcome = _accept(form, unit_id, draft, removed)
        if outcome is not None:
            return outcome
        status = 400
        not_kept = [attachments.display_name(upload) for upload in form.uploaded_files()]
    form.stamp()
    return render_template("complaint/form.html", form=form, unit=unit,
                           kind_hints={value: hint for value, _, hint in KINDS},
                           identity_hints={value: hint for value, _, hint in IDENTITIES},
                           attachments=draft.lampiran if draft else [], removed=removed, not_kept=not_kept,
                           draft=draft, prefilled=bool(draft) and request.method == "GET",
                           limits=_limits()), status


def _accept(form: ComplaintForm, unit_id: str, draft, removed: set[int]):  # noqa: ANN001, ANN202
    """Validate, receive the files and save the draft; the redirect, or None to show the form again."""
    if not form.validate():
        return None
    reason = form.abuse_reason()
    if reason in ("honeypot", "stamp"):
        return flow.refuse_bot()
    if reason in flow.SHOW_AGAIN:
        form.form_errors.append(flow.SHOW_AGAIN[reason])
        return None
    received: list[attachments.Received] = []
    try:
        for upload in form.uploaded_files():
            received.append(attachments.receive(upload))
    except attachments.AttachmentRejected as exc:
        attachments.discard([r.stored_name for r in received])
        form.lampiran.errors = [str(exc)]
        return None
    answers = {name: form[name].data for name in FIELDS}
    answers["tanggal_kejadian"] = form.tanggal_kejadian.data.isoformat()
    answers["persetujuan"] = bool(form.persetujuan.data)
    if form.anonymous:
        for name in IDENTITY_FIELDS:
            answers[name] = ""
        answers["persetujuan"] = False
    try:
        drafts.save(Kind.pengaduan, unit_id, answers["layanan"], answers, received, removed)
    except drafts.DraftsFull as full:
        db.session.rollback()
        attachments.discard([r.stored_name for r in received])
        form.lampiran.errors = [str(full)]
        return None
    except Exception:
        db.session.rollback()
        attachments.discard([r.stored_name for r in received])
        raise
    return redirect(url_for(".check", unit_id=unit_id), code=303)


@blueprint.route("/periksa/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])
def check(unit_id: str):  # noqa: ANN201
    unit = standards.unit_or_404(unit_id)
    draft = drafts.current(Kind.pengaduan, unit_id)
    if draft is None:
        if request.method == "POST":
            return flow.nothing_to_confirm(Kind.pengaduan)
        return redirect(url_for(".form", unit_id=unit_id), code=303)
    confirm = BaseForm()
    service = standards.find_service(unit_id, draft.isian.get("layanan"))
    # A service withdrawn from the published standard since Lanjutkan: never stored under a stale id.
    withdrawn = service is None
    if confirm.validate_on_submit() and not withdrawn:
        if flow.finish(draft) is None:
            return flow.nothing_to_confirm(Kind.pengaduan)
        return flow.to_confirmation()
    labels = {"jenis_aduan": {v: label for v, label, _ in KINDS}, "aspek": dict(ASPECTS),
              "identitas": {v: label for v, label, _ in IDENTITIES}}
    return render_template("complaint/check.html", answers=draft.isian, labels=labels, confirm=confirm,
                           unit=unit, service=service, attachments=draft.lampiran,
                           occurred=dt.date.fromisoformat(draft.isian["tanggal_kejadian"]),
                           form_url=url_for(".form", unit_id=unit_id), withdrawn=withdrawn), 409 if withdrawn else 200


def _attachment_ids(values: list[str]) -> set[int]:
    """The attachments ticked for removal; a value that is not a plain number is ignored
    ('²'.isdigit() holds but int('²') fails, and so does int() of 5,000 digits)."""
    return {int(v) for v in values if re.fullmatch(r"[0-9]{1,18}", v)}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _today(unit) -> dt.date:  # noqa: ANN001
    """Today where the unit is (WITA for Kutai Barat), whatever the server's own zone."""
    return _now().astimezone(kalender.zone(unit.unit.zona_waktu)).date()


def _limits() -> dict:
    config = current_app.config
    return {"files": config["ATTACHMENT_MAX_FILES"], "megabytes": config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024)}
