"""Consultation request: form → check your answers → confirmation."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from werkzeug.exceptions import NotFound

from forms_app import deadlines, drafts, standards
from forms_app.errors import error_page
from forms_app.extensions import limiter
from forms_app.forms.base import BaseForm
from forms_app.forms.consultation import (
    REPLY_CHANNELS,
    TOPICS,
    USER_CATEGORIES,
    ConsultationForm,
)
from forms_app.models import Kind
from forms_app.views import flow

blueprint = Blueprint("consultation", __name__, url_prefix="/formulir/<unit_id>/<service_id>/konsultasi")

FIELDS = ("topik", "pertanyaan", "nama", "email", "telepon", "kategori_pengguna", "saluran_balasan")


NOT_OFFERED = ("Layanan ini tidak tersedia secara daring",
               "Layanan ini tidak (lagi) tercantum sebagai layanan daring dalam standar pelayanan yang "
               "dipublikasikan, misalnya karena standarnya baru diubah, sehingga permintaan konsultasi "
               "untuk layanan ini tidak dapat dikirim dari sini, juga isian yang belum Anda kirim. "
               "Pilih layanan lain dari daftar formulir, atau datang langsung ke kantor.")


class ServiceNotOffered(NotFound):
    """A consultation for a service the published standard does not (or no longer) offer online."""


def _service(unit_id: str, service_id: str):  # noqa: ANN202
    unit = standards.unit_or_404(unit_id)
    service = standards.find_service(unit_id, service_id)
    if service is None or not standards.offers_online(service):
        raise ServiceNotOffered()
    return unit, service


@blueprint.errorhandler(ServiceNotOffered)
def _not_offered(_error: ServiceNotOffered):  # noqa: ANN202
    return error_page(404, *NOT_OFFERED)


@blueprint.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_DRAFT"], methods=["POST"])
def form(unit_id: str, service_id: str):  # noqa: ANN201
    unit, service = _service(unit_id, service_id)
    draft = drafts.current(Kind.konsultasi, unit_id, service_id)
    if flow.wants_to_start_over():
        return flow.start_over(Kind.konsultasi, draft,
                               url_for(".form", unit_id=unit_id, service_id=service_id))
    form = ConsultationForm(data=draft.isian if draft and request.method == "GET" else None)
    status = 200
    if form.is_submitted():
        if form.validate():
            reason = form.abuse_reason()
            if reason in ("honeypot", "stamp"):
                return flow.refuse_bot()
            if reason is None:
                answers = {name: form[name].data for name in FIELDS}
                answers["persetujuan"] = True
                drafts.save(Kind.konsultasi, unit_id, service_id, answers, [], set())
                return redirect(url_for(".check", unit_id=unit_id, service_id=service_id), code=303)
            form.form_errors.append(flow.SHOW_AGAIN[reason])
        status = 400
    form.stamp()
    return render_template("consultation/form.html", form=form, unit=unit, service=service,
                           topic_hints={value: hint for value, _, hint in TOPICS},
                           draft=draft, prefilled=bool(draft) and request.method == "GET",
                           promise=_promise(unit, service)), status


@blueprint.route("/periksa/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])
def check(unit_id: str, service_id: str):  # noqa: ANN201
    unit, service = _service(unit_id, service_id)
    draft = drafts.current(Kind.konsultasi, unit_id, service_id)
    if draft is None:
        if request.method == "POST":
            return flow.nothing_to_confirm(Kind.konsultasi)
        return redirect(url_for(".form", unit_id=unit_id, service_id=service_id), code=303)
    confirm = BaseForm()
    if confirm.validate_on_submit():
        if flow.finish(draft) is None:
            return flow.nothing_to_confirm(Kind.konsultasi)
        return flow.to_confirmation()
    labels = {"topik": dict((v, label) for v, label, _ in TOPICS),
              "kategori_pengguna": dict(USER_CATEGORIES), "saluran_balasan": dict(REPLY_CHANNELS)}
    return render_template("consultation/check.html", answers=draft.isian, labels=labels, confirm=confirm,
                           unit=unit, service=service, promise=_promise(unit, service),
                           form_url=url_for(".form", unit_id=unit_id, service_id=service_id))


def _promise(unit, service):  # noqa: ANN001, ANN202
    """What the case will be promised: the standard's online time, or the office's default. The
    form shows the length only, not a date, so leave days need not be read."""
    return deadlines.promised(Kind.konsultasi, unit, service, dt.datetime.now(dt.timezone.utc),
                              closed=()).stages[0]
