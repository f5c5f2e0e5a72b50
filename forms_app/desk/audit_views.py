"""Admin: the audit log, read-only.

Newest first, a page at a time, filtered by staff member and by action. An admin reads the
entries about their own units and those about no unit (sign-ins, accounts, settings). There is
no route that changes or deletes an entry, and the database refuses to as well.
"""

from __future__ import annotations

import math

from flask import render_template, request, url_for

from forms_app import audit
from forms_app.desk import blueprint
from forms_app.desk.access import requires_role, staff
from forms_app.desk.staff_views import colleagues, zone_of_viewer
from forms_app.extensions import db
from forms_app.models import Submission
from forms_app.staff_models import Role


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@blueprint.route("/admin/jejak-audit/")
@requires_role(Role.admin)
def audit_log():  # noqa: ANN201
    staff_id = _int_arg("staf")
    action = request.args.get("aksi") or None
    page = _int_arg("halaman") or 1
    entries, total = audit.entries(page, staff_id=staff_id, action=action, unit_ids=staff().unit_ids)
    pages = max(1, math.ceil(total / audit.PAGE_SIZE))
    people = colleagues()
    links = _target_links(entries, [person.id for person in people])
    actions = audit.actions_recorded()

    def page_url(number: int) -> str:
        return url_for("desk.audit_log", staf=staff_id, aksi=action, halaman=number if number > 1 else None)

    return render_template("desk/audit_log.html", entries=entries, total=total, page=min(page, pages), pages=pages,
                           people=people, actions=actions, chosen_staff=staff_id, chosen_action=action,
                           label=audit.label, page_url=page_url, zona=zone_of_viewer(), links=links)


def _target_links(entries: list, colleague_ids: list[int]) -> dict[str, str]:
    """Target → address of its page, for the targets on this page that the admin may open: a
    case of their units (by its code), a colleague's account."""
    codes = {entry.sasaran.split(":", 1)[1] for entry in entries if (entry.sasaran or "").startswith("pengajuan:")}
    links = {}
    if codes:
        found = db.session.execute(db.select(Submission.kode, Submission.id).where(
            Submission.kode.in_(codes), Submission.unit_id.in_(staff().unit_ids))).all()
        links.update({f"pengajuan:{code}": url_for("desk.case", case_id=case_id) for code, case_id in found})
    links.update({f"staf:{staff_id}": url_for("desk.staff_edit", staff_id=staff_id) for staff_id in colleague_ids})
    return links
