"""The canned replies admin form: a title, the text, and the unit it is for (or every unit)."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField

from forms_app.forms.base import BaseForm, at_most, optional, options, required

ALL_UNITS = ""


class CannedReplyForm(BaseForm):
    """`teks`, not `isi`: the page's <main> already has the id "isi"."""

    judul = StringField("Judul", validators=[required("judul"), at_most("judul", 100)])
    teks = TextAreaField("Isi balasan", validators=[required("isi balasan"), at_most("isi balasan", 8000)])
    unit = SelectField("Untuk unit", validators=[optional()])

    def offer(self, units: list[tuple[str, str]]) -> CannedReplyForm:
        self.unit.choices = options([(ALL_UNITS, "Semua unit"), *units])
        return self


class ToggleForm(BaseForm):
    """Only the CSRF token: deactivating or activating is one button."""
