"""The forms' own pages: the list of forms, and the confirmation after a submission."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from forms_app import standards
from forms_app.views import flow

blueprint = Blueprint("portal", __name__, url_prefix="/formulir")


@blueprint.get("/")
def index():  # noqa: ANN201
    catalog = standards.catalog()
    units = [(entry, [s for s in catalog.services_of(unit_id) if standards.offers_online(s)])
             for unit_id, entry in catalog.units.items()]
    return render_template("portal/index.html", units=units)


@blueprint.get("/terkirim/")
def confirmation():  # noqa: ANN201
    submission = flow.sent_from_this_session()
    if submission is None:
        return redirect(url_for("status.lookup"), code=303)
    unit = standards.catalog().units[submission.unit_id]
    service = standards.find_service(submission.unit_id, submission.layanan_id)
    # What was promised is what the case stored when it was received (`submission.tenggat`).
    return render_template("portal/confirmation.html", submission=submission, unit=unit, service=service)
