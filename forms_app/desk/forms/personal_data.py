"""Admin: finding one person's data, and confirming its erasure."""

from __future__ import annotations

from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from forms_app import personal_data
from forms_app.forms.base import BaseForm, at_most, required

CONFIRM_WORD = "HAPUS"


class SearchForm(BaseForm):
    """The address is posted, never put in the address bar: it would stay in logs and history."""

    cari = StringField("Email atau nomor telepon", validators=[required("email atau nomor telepon"),
                                                               at_most("email atau nomor telepon", 254)])

    def validate_cari(self, field) -> None:  # noqa: ANN001
        try:
            self.key = personal_data.key(field.data)
        except personal_data.NotAnAddress as wrong:
            raise ValidationError(str(wrong)) from wrong


class ActionForm(BaseForm):
    """Export or erase: the search again (hidden, posted), and for erasing the word typed."""

    cari = HiddenField()
    konfirmasi = StringField(f"Ketik {CONFIRM_WORD} untuk menghapus", validators=[at_most("konfirmasi", 20)])

    def validate_cari(self, field) -> None:  # noqa: ANN001
        try:
            self.key = personal_data.key(field.data)
        except personal_data.NotAnAddress as wrong:
            raise ValidationError("Cari orangnya lagi, lalu ulangi") from wrong

    def confirmed(self) -> bool:
        return (self.konfirmasi.data or "").strip().upper() == CONFIRM_WORD
