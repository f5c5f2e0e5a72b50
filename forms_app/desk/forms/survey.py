"""The survey page's filter (GET) and the paper-survey upload form (POST, admins)."""

from __future__ import annotations

import datetime as dt

from flask_wtf.file import FileField
from wtforms import DateField, SelectField
from wtforms.validators import ValidationError

from forms_app import survey_report
from forms_app.desk.forms.reports import DATE_FORMATS, FIRST_YEAR
from forms_app.forms.base import BaseForm, chosen, optional, required

ALL_SERVICES = ""
MAX_BYTES = 2 * 1024 * 1024


def _services(services: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(ALL_SERVICES, "Semua layanan"), *services]


class SurveyFilterForm(BaseForm):
    """Sent with GET: the address can be bookmarked."""

    class Meta:
        csrf = False

    unit = SelectField("Unit", validators=[chosen("unit")])
    periode = SelectField("Periode", validators=[chosen("periode")])
    layanan = SelectField("Layanan", validators=[optional()])

    def offer(self, units: list[tuple[str, str]], services: list[tuple[str, str]], this_year: int) -> SurveyFilterForm:
        self.unit.choices = units
        self.periode.choices = dict(survey_report.period_choices(this_year))
        self.layanan.choices = _services(services)
        return self


class PaperSurveyForm(BaseForm):
    unit = SelectField("Unit", validators=[chosen("unit")])
    layanan = SelectField("Layanan", validators=[optional()])
    tanggal = DateField("Tanggal survei", format=DATE_FORMATS, validators=[required("tanggal survei")])
    berkas = FileField("File CSV survei kertas")

    def offer(self, units: list[tuple[str, str]], services: list[tuple[str, str]]) -> PaperSurveyForm:
        self.unit.choices = units
        self.layanan.choices = _services(services)
        return self

    def validate_tanggal(self, field) -> None:  # noqa: ANN001
        if field.data and field.data.year < FIRST_YEAR:
            raise ValidationError(f"Tanggal survei harus sesudah tahun {FIRST_YEAR}")
        if field.data and field.data > dt.date.today() + dt.timedelta(days=1):
            raise ValidationError("Tanggal survei tidak boleh di masa depan")

    def validate_berkas(self, field) -> None:  # noqa: ANN001
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError("Pilih file CSV survei kertas")
