"""The publish form: the new version's effective date, and the editor's confirmation."""

from __future__ import annotations

import datetime as dt

from wtforms import BooleanField, DateField
from wtforms.validators import ValidationError

from forms_app.desk.forms.reports import DATE_FORMATS, LAST_YEAR
from forms_app.forms.base import BaseForm, required, ticked


class PublishForm(BaseForm):
    berlaku_sejak = DateField("Tanggal berlaku", format=DATE_FORMATS, validators=[required("tanggal berlaku")])
    yakin = BooleanField("Saya sudah memeriksa pratinjau dan perubahannya; terbitkan versi ini",
                         validators=[ticked("kotak persetujuan bila versi ini sudah benar")])

    def offer(self, earliest: dt.date, proposed: dt.date | None = None) -> PublishForm:
        """`earliest`: today at the unit's office, the first date that may be chosen. The date shown
        first is the draft's own (`proposed`) when it is not before that, else `earliest`."""
        self.earliest = earliest
        if not self.is_submitted():
            self.berlaku_sejak.data = proposed if proposed is not None and proposed >= earliest else earliest
        return self

    def validate_berlaku_sejak(self, field) -> None:  # noqa: ANN001
        if field.data is None:
            return
        if field.data < self.earliest:
            raise ValidationError(f"Tanggal berlaku paling awal hari ini, {self.earliest:%d-%m-%Y}: versi baru tidak "
                                  "dapat berlaku surut. Pilih hari ini atau tanggal sesudahnya")
        if field.data.year > LAST_YEAR:
            raise ValidationError(f"Tanggal berlaku harus sebelum tahun {LAST_YEAR + 1} — periksa tahunnya")
