"""The walk-in queue at the desk: which desk (loket) the staff member sits at, and the record
of a consultation when it ends."""

from __future__ import annotations

from wtforms import StringField, TextAreaField

from forms_app.forms.base import BaseForm, at_most, required
from forms_app.queue import DESK_LABEL_MAX

RECORD_MAX = 4000


class DeskForm(BaseForm):
    loket = StringField("Nama loket atau meja Anda", validators=[
        required("nama loket atau meja Anda, misalnya 'Loket 1'"), at_most("nama loket", DESK_LABEL_MAX)])


class FinishForm(BaseForm):
    hasil_layanan = TextAreaField("Hasil konsultasi", validators=[
        required("hasil konsultasi: apa yang ditanyakan dan apa yang disampaikan"),
        at_most("hasil konsultasi", RECORD_MAX)])


class ActionForm(BaseForm):
    """A button that changes a visit (call, recall, no-show): the CSRF token only."""
