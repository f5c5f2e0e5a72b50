"""Status by tracking code: the history and public replies, never contact details; once the case
is finished, its one-time survey link while it is unused and unexpired (`forms_app.survey`).

The code is posted, not put in the address, so it stays out of browser history and logs.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from forms_app import standards, submissions, survey
from forms_app.extensions import limiter
from forms_app.forms.lookup import LookupForm

blueprint = Blueprint("status", __name__, url_prefix="/lacak")


@blueprint.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOOKUP"], methods=["POST"])
def lookup():  # noqa: ANN201
    form = LookupForm()
    if not form.validate_on_submit():
        return render_template("status/lookup.html", form=form), 400 if form.is_submitted() else 200
    submission = submissions.find(form.kode.data)
    if submission is None:
        form.kode.errors = [f"Tidak ada pengajuan dengan kode {form.kode.data} — periksa kembali kodenya "
                            "pada tanda terima atau email Anda"]
        return render_template("status/lookup.html", form=form), 404
    unit = standards.catalog().units.get(submission.unit_id)
    service = standards.find_service(submission.unit_id, submission.layanan_id)
    return render_template("status/show.html", submission=submission, unit=unit, service=service,
                           form=LookupForm(formdata=None), survey_link=survey.link(submission, absolute=False))
