"""The settings page's forms: the office's default due times, and a leave day to add.

The checks are `forms_app.office`'s (layanan's duration parser, with its Indonesian messages),
so the page and the functions refuse the same values with the same words.
"""

from __future__ import annotations

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from forms_app import office
from forms_app.forms.base import BaseForm, at_most, chosen, required

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]  # a date picker's value, then what people type
ALL_UNITS = "semua"

# Field name (the kind of case it is for) → the office setting it holds.
FIELDS = {"konsultasi": office.CONSULTATION, "kunjungan": office.VISIT, "pengaduan": office.COMPLAINT}


def _valid_setting(form, field) -> None:  # noqa: ANN001 - WTForms validator
    try:
        FIELDS[field.name].parse(field.data or "")
    except office.SettingRefused as error:
        raise ValidationError(str(error)) from None


class DefaultsForm(BaseForm):
    konsultasi = StringField(office.CONSULTATION.label,
                             validators=[required("waktu penyelesaian konsultasi"), at_most("jangka waktu", 40),
                                         _valid_setting])
    kunjungan = StringField(office.VISIT.label,
                            validators=[required("waktu penyelesaian kunjungan langsung"),
                                        at_most("jangka waktu", 40), _valid_setting])
    pengaduan = TextAreaField(office.COMPLAINT.label,
                              validators=[required("tahap penanganan pengaduan"), at_most("tahap", 800),
                                          _valid_setting])

    def fill(self, values: dict[str, str]) -> DefaultsForm:
        """The stored values, when the page is opened (not sent)."""
        for name, setting in FIELDS.items():
            self[name].data = values[setting.key]
        return self

    def texts(self) -> dict[str, str]:
        return {setting.key: self[name].data for name, setting in FIELDS.items()}


class LeaveDayForm(BaseForm):
    """Rendered with prefix 'cuti' beside the defaults form, so no id is used twice."""

    tanggal = DateField("Tanggal", format=DATE_FORMATS, validators=[InputRequired(message="Isi tanggal hari cuti")])
    berlaku = RadioField("Berlaku untuk", validators=[chosen("untuk unit mana hari cuti ini berlaku")])
    keterangan = StringField("Keterangan", validators=[required("keterangan hari cuti"),
                                                       at_most("keterangan", office.REASON_LENGTH)])

    def offer(self, units: list[tuple[str, str]]) -> LeaveDayForm:
        self.berlaku.choices = [(ALL_UNITS, "Semua unit"), *units]
        return self

    def unit_ids(self) -> list[str] | None:
        """The units chosen; None for all units."""
        return None if self.berlaku.data == ALL_UNITS else [self.berlaku.data]
