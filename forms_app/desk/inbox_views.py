"""The inbox: the cases of the staff member's units."""

from __future__ import annotations

from flask import render_template

from forms_app import cases
from forms_app.desk import blueprint
from forms_app.desk.access import staff
from forms_app.extensions import db
from forms_app.lifecycle import OPEN


@blueprint.route("/")
def inbox():  # noqa: ANN201
    found = db.session.scalars(cases.inbox_query(staff().unit_ids, sorted(OPEN)).limit(50)).all()
    return render_template("desk/inbox.html", cases=found)
