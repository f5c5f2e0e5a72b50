"""The satisfaction survey (SKM) on the desk: the index of a unit per period and service, its trend, the
comments, the responses as CSV, and (admins) uploading a paper-survey file.

Who sees it: admins and `pengelola_pengaduan`, for their own units (another unit: 404). A `petugas` gets
403: the elements U6 and U7 and the comments judge the front-line officers themselves, and the survey is
the managers' instrument (Permenpan RB 14/2017 gives the follow-up to the unit's management), so the
officers whose service is rated do not read each respondent's answers and comments. The figures a
petugas may see are the published ones (`layanan kinerja ekspor`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from decimal import Decimal

from flask import Response, abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from forms_app import audit, reports, standards, survey_report
from forms_app.desk import blueprint
from forms_app.desk.access import address, requires_role, staff
from forms_app.desk.forms.survey import MAX_BYTES, PaperSurveyForm, SurveyFilterForm
from forms_app.desk.report_views import _safe
from forms_app.extensions import db
from forms_app.staff_models import Role
from layanan import charts, formatting, skm
from layanan.kalender import zone

VIEWERS = (Role.admin, Role.pengelola_pengaduan)
PARAMETERS = ("unit", "periode", "layanan")
CHART_WIDTH = 288  # a 320 px screen less the desk's margins: the chart is never scaled down (see charts.bar_chart)


@blueprint.route("/survei/", endpoint="survey")
@requires_role(*VIEWERS)
def survey_page():  # noqa: ANN201
    form, chosen = _asked()
    summary = trend = chart = None
    if chosen is not None:
        unit_id, period, service_id = chosen
        trend = survey_report.trend(unit_id, period, service_id)
        summary = trend[-1]
        chart = trend_chart(trend)
    query = {name: request.args[name] for name in PARAMETERS if request.args.get(name)}
    return render_template("desk/survei.html", form=form, summary=summary, trend=trend, chart=chart, query=query,
                           unsur=skm.UNSUR, bulatkan=skm.bulatkan, koma=_koma, angka=formatting.angka,
                           tanggal=formatting.tanggal, unit_name=reports.unit_name,
                           service_name=reports.service_name), 400 if form.errors else 200


@blueprint.route("/survei.csv", endpoint="survey_csv")
@requires_role(*VIEWERS)
def survey_csv():  # noqa: ANN201
    _, chosen = _asked()
    if chosen is None:
        return survey_page()
    unit_id, period, service_id = chosen
    audit.record(staff(), "ekspor_csv", unit_id=unit_id, address=address(),
                 details={"daftar": "survei", "periode": period.code, "layanan": service_id})
    db.session.commit()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(survey_report.CSV_HEADER)
    writer.writerows(_safe(list(row)) for row in survey_report.csv_rows(unit_id, period, service_id))
    name = f"survei-{unit_id}-{period.code}{'-' + service_id if service_id else ''}.csv"
    return Response("\ufeff" + text.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.route("/admin/survei/unggah", methods=["GET", "POST"], endpoint="survey_upload")
@requires_role(Role.admin)
def survey_upload():  # noqa: ANN201
    me = staff()
    units = sorted(me.unit_ids)
    asked_unit = request.values.get("unit") or (units[0] if units else "")
    if asked_unit and not me.works_for(asked_unit):
        abort(404)
    form = PaperSurveyForm().offer(_units(units), _services(asked_unit))
    if request.method == "GET" and not form.unit.data:
        form.unit.data = asked_unit
    problem = None
    if request.method == "POST" and form.validate():
        data = form.berkas.data.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            problem = f"File lebih dari {MAX_BYTES // (1024 * 1024)} MB; pisahkan menjadi beberapa file."
        else:
            try:
                batch, count = survey_report.store_paper(
                    data, unit_id=form.unit.data, service_id=form.layanan.data or None,
                    answered_on=form.tanggal.data)
            except survey_report.PaperError as exc:
                db.session.rollback()
                problem = str(exc)
            else:
                audit.record(me, "survei_kertas_diunggah", unit_id=form.unit.data, address=address(),
                             details={"berkas": batch, "responden": count, "tanggal": form.tanggal.data.isoformat(),
                                      "layanan": form.layanan.data or None})
                db.session.commit()
                flash(f"{count} responden survei kertas disimpan untuk {formatting.tanggal(form.tanggal.data)}.",
                      "info")
                period = reports.year(form.tanggal.data.year)
                return redirect(url_for("desk.survey", unit=form.unit.data, periode=period.code,
                                        layanan=form.layanan.data or None), 303)
    status = 400 if (form.errors or problem) else 200
    return render_template("desk/survei_unggah.html", form=form, problem=problem,
                           limit_mb=MAX_BYTES // (1024 * 1024)), status


def trend_chart(trend: list[survey_report.Summary]) -> Markup:
    """The converted value (25–100) of each period of the trend as an SVG bar chart drawn here, with
    the grade beside the value; a period without an index has no bar and shows "—". The page puts the
    table of the same figures under it."""
    bars = [charts.Bar(s.period.label, None if s.result is None else s.result.nilai_dibulatkan,
                       "—" if s.result is None else f"{_koma(s.result.nilai_dibulatkan)} ({s.result.mutu})")
            for s in trend]
    ticks = [(Decimal(v), str(v)) for v in (25, 50, 75, 100)]
    title = f"Nilai konversi SKM, {trend[0].period.label} sampai {trend[-1].period.label}"
    return Markup(charts.bar_chart("tren-survei", title, bars, Decimal(25), Decimal(100), ticks, width=CHART_WIDTH))


def _asked() -> tuple[SurveyFilterForm, tuple[str, reports.Period, str | None] | None]:
    me = staff()
    units = sorted(me.unit_ids)
    asked = request.args.copy()
    unit_id = asked.get("unit") or (units[0] if units else "")
    if unit_id and not me.works_for(unit_id):
        abort(404)
    this_year = dt.datetime.now(zone(reports.unit_zone(unit_id) if unit_id else reports.DEFAULT_ZONE)).year
    asked.setdefault("unit", unit_id)
    asked.setdefault("periode", str(this_year))
    form = SurveyFilterForm(asked, meta={"csrf": False}).offer(_units(units), _services(unit_id), this_year)
    if not form.validate():
        return form, None
    return form, (form.unit.data, reports.parse_period(form.periode.data), form.layanan.data or None)


def _units(units: list[str]) -> list[tuple[str, str]]:
    return [(unit_id, reports.unit_name(unit_id)) for unit_id in units]


def _services(unit_id: str) -> list[tuple[str, str]]:
    if not unit_id:
        return []
    try:
        return [(s.id, s.layanan.nama) for s in standards.catalog().services_of(unit_id)]
    except standards.StandardsUnavailable:
        return []


def _koma(value) -> str:  # noqa: ANN001
    return str(value).replace(".", ",")
