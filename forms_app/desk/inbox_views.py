"""The inbox: the cases of the staff member's units, filtered and paged; its CSV export."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from forms_app import audit, standards
from forms_app import inbox as listing
from forms_app.desk import blueprint
from forms_app.desk.access import address, shows_identity, staff
from forms_app.desk.forms.case import InboxFilterForm
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import Staff, StaffUnit


@blueprint.route("/")
def inbox():  # noqa: ANN201
    form, filters = _filters()
    now = utcnow()
    found = listing.page(staff(), filters, _page_number(), now)
    arguments = _arguments()
    return render_template(
        "desk/inbox.html", form=form, page=found, now=now, inbox=listing, shows_identity=shows_identity,
        service_name=_service_name, zone=_zone, arguments=arguments, unit_name=_unit_name,
        page_url=lambda number: url_for("desk.inbox", **arguments, halaman=number),
        export_url=url_for("desk.inbox_export", **arguments),
    ), 400 if form.errors else 200


@blueprint.route("/ekspor.csv")
def inbox_export():  # noqa: ANN201
    form, filters = _filters()
    if form.errors:
        return redirect(url_for("desk.inbox", **_arguments()))  # the inbox says what to fix
    viewer = staff()
    now = utcnow()
    rows = db.session.scalars(listing.with_people(listing.query(viewer, filters, now))).all()
    body = listing.to_csv(rows, now, shows=lambda case: shows_identity(case, viewer), service_name=_service_name,
                        zone=_zone)
    audit.record(viewer, "ekspor_csv", target="kotak_masuk", details={"baris": len(rows), **filters.describe()},
                 address=address(), now=now)
    db.session.commit()
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="kotak-masuk-{now:%Y%m%d-%H%M}.csv"'})


def _filters() -> tuple[InboxFilterForm, listing.Filters]:
    viewer = staff()
    form = InboxFilterForm(formdata=request.args).offer(_units(viewer), _services(viewer), _colleagues(viewer))
    if not form.validate():
        return form, listing.Filters()
    return form, form.filters()


def _page_number() -> int:
    try:
        return int(request.args.get("halaman", "1"))
    except ValueError:
        return 1


def _arguments() -> dict[str, list[str]]:
    """The filters of the current address, to keep them in page links and the export link."""
    return {key: values for key, values in request.args.to_dict(flat=False).items() if key != "halaman"}


def _units(viewer: Staff) -> list[tuple[str, str]]:
    units = standards.catalog().units
    return [(unit_id, units[unit_id].unit.nama if unit_id in units else unit_id) for unit_id in viewer.unit_ids]


def _services(viewer: Staff) -> list[tuple[str, str]]:
    catalog = standards.catalog()
    return [(service.id, service.layanan.nama) for unit_id in viewer.unit_ids
            for service in catalog.services_of(unit_id)]


def colleagues(unit_ids: list[str]) -> list[tuple[int, str]]:
    """Active staff of these units, by name: whom a case can be given to."""
    rows = db.session.execute(
        db.select(Staff.id, Staff.nama).join(StaffUnit, StaffUnit.staf_id == Staff.id)
        .where(StaffUnit.unit_id.in_(unit_ids), Staff.aktif.is_(True))
        .distinct().order_by(Staff.nama, Staff.id)).all()
    return [(row.id, row.nama) for row in rows]


def _colleagues(viewer: Staff) -> list[tuple[int, str]]:
    return colleagues(viewer.unit_ids)


def _service_name(unit_id: str, service_id: str | None) -> str:
    if not service_id:
        return "—"
    service = standards.find_service(unit_id, service_id)
    return service.layanan.nama if service else service_id


def _unit_name(unit_id: str) -> str:
    entry = standards.catalog().units.get(unit_id)
    return (entry.unit.singkatan or entry.unit.nama) if entry else unit_id


def _zone(unit_id: str):  # noqa: ANN202
    entry = standards.catalog().units.get(unit_id)
    return entry.unit.zona_waktu if entry else None
