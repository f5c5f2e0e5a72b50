"""The tracking-code lookup."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import ValidationError

from forms_app import tracking
from forms_app.forms.base import BaseForm, at_most, required


class LookupForm(BaseForm):
    kode = StringField("Kode pelacakan", validators=[required("kode pelacakan"), at_most("kode pelacakan", 40)])

    def validate_kode(self, field) -> None:  # noqa: ANN001
        normalized = tracking.normalize(field.data or "")
        if normalized is None:
            raise ValidationError("Kode pelacakan tidak sesuai bentuknya — tulis seperti pada tanda terima, "
                                  "misalnya ADU-7KQ4-M9XT-2HBR")
        field.data = normalized
