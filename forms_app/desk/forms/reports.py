"""The report page's form: which unit (or all of the staff member's units) and which period."""

from __future__ import annotations

from wtforms import DateField, SelectField
from wtforms.validators import ValidationError

from forms_app import reports
from forms_app.forms.base import BaseForm, chosen, optional, required_when

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]  # a date picker's value, then what people type
ALL_UNITS = ""
FIRST_YEAR, LAST_YEAR = 2000, 2100  # dates outside are typing mistakes (and beyond what a datetime holds)


class ReportForm(BaseForm):
    """Sent with GET: the report's address can be bookmarked and shared with a colleague."""

    class Meta:
        csrf = False

    unit = SelectField("Unit", validators=[optional()])
    periode = SelectField("Periode", validators=[chosen("periode")])
    dari = DateField("Dari tanggal", format=DATE_FORMATS, validators=[
        required_when(lambda form: form.sampai.data, "Isi tanggal awal rentang, atau kosongkan kedua tanggal "
                                                     "untuk memakai periode"), optional()])
    sampai = DateField("Sampai tanggal", format=DATE_FORMATS, validators=[
        required_when(lambda form: form.dari.data, "Isi tanggal akhir rentang, atau kosongkan kedua tanggal "
                                                   "untuk memakai periode"), optional()])

    def offer(self, units: list[tuple[str, str]], this_year: int) -> ReportForm:
        """The staff member's units (with 'all' when there are several) and the periods of the
        last years."""
        self.unit.choices = ([(ALL_UNITS, "Semua unit saya")] if len(units) != 1 else []) + units
        self.periode.choices = {label: periods for label, periods in reports.period_choices(this_year)}
        return self

    def validate_dari(self, field) -> None:  # noqa: ANN001
        _within_years(field)

    def validate_sampai(self, field) -> None:  # noqa: ANN001
        _within_years(field)
        if self.dari.data and field.data and field.data < self.dari.data:
            raise ValidationError("Tanggal akhir harus sama dengan atau sesudah tanggal awal")

    def period(self) -> reports.Period:
        """The period asked for: the date range when both dates are given, else the chosen period."""
        if self.dari.data and self.sampai.data:
            return reports.days(self.dari.data, self.sampai.data)
        return reports.parse_period(self.periode.data)


def _within_years(field) -> None:  # noqa: ANN001
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(f"{field.label.text} harus antara tahun {FIRST_YEAR} dan {LAST_YEAR}")
