"""Reports per period and unit, as a page and as CSV (forms_app/reports.py computes them).

Every role may read the reports of its own units; a unit of someone else does not exist (404).
The CSV holds the same figures as the page and no personal data; each download is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Response, abort, render_template, request

from forms_app import audit, reports
from forms_app.desk import blueprint
from forms_app.desk.access import address, staff
from forms_app.desk.forms.reports import ALL_UNITS, ReportForm
from forms_app.extensions import db
from layanan import formatting
from layanan.kalender import zone

PARAMETERS = ("unit", "periode", "dari", "sampai")


@blueprint.route("/laporan/", endpoint="reports")
def report_page():  # noqa: ANN201
    form, report = _asked()
    status = 400 if form.errors else 200
    query = {name: request.args[name] for name in PARAMETERS if request.args.get(name)}
    return render_template("desk/report.html", form=form, report=report, query=query, angka=formatting.angka,
                           durasi=formatting.durasi, kata_durasi=reports.duration_words,
                           persen=reports.percent, unit_name=reports.unit_name), status


@blueprint.route("/laporan.csv", endpoint="reports_csv")
def report_csv():  # noqa: ANN201
    _, report = _asked()
    if report is None:  # the page says what to fix
        return report_page()
    me = staff()
    audit.record(me, "laporan_diunduh", unit_id=report.unit_ids[0] if len(report.unit_ids) == 1 else None,
                 details={"unit": report.unit_ids, "periode": report.period.code}, address=address())
    db.session.commit()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(reports.CSV_HEADER)
    writer.writerows(_safe(row) for row in reports.rows(report))
    unit_part = report.unit_ids[0] if len(report.unit_ids) == 1 else "semua-unit"
    name = f"laporan-{unit_part}-{report.period.code.replace('..', '_')}.csv"
    return Response("\ufeff" + text.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _asked() -> tuple[ReportForm, reports.Report | None]:
    """The form filled from the address, and the report it asks for (None while it has errors)."""
    me = staff()
    asked_unit = request.args.get("unit", ALL_UNITS)
    if asked_unit != ALL_UNITS and not me.works_for(asked_unit):
        abort(404)
    units = sorted(me.unit_ids)
    this_year = _today(units).year
    asked = request.args.copy()
    asked.setdefault("periode", str(this_year))
    asked.setdefault("unit", units[0] if len(units) == 1 else ALL_UNITS)
    form = ReportForm(asked, meta={"csrf": False}).offer(
        [(unit_id, reports.unit_name(unit_id)) for unit_id in units], this_year)
    if not form.validate():
        return form, None
    chosen = [form.unit.data] if form.unit.data else units
    return form, reports.build(chosen, form.period())


def _today(units: list[str]) -> dt.date:
    zona = reports.unit_zone(units[0]) if units else reports.DEFAULT_ZONE
    return dt.datetime.now(zone(zona)).date()


def _safe(row: tuple[str, ...]) -> list[str]:
    """A cell that a spreadsheet would read as a formula is written as text."""
    return ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row]
