"""The guestbook on the office's tablet: who is visiting, for which service, how to reach them
(optional), and their consent; the public forms' checks against bots (honeypot, fill time)."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, StringField, TextAreaField

from forms_app.forms.base import (
    PHONE,
    AbuseFields,
    BaseForm,
    at_most,
    chosen,
    email_address,
    optional,
    options,
    required,
    ticked,
)

NAME_MAX = 100
PURPOSE_MAX = 500


class GuestbookForm(AbuseFields, BaseForm):
    nama = StringField("Nama lengkap", validators=[required("nama lengkap Anda"), at_most("nama", NAME_MAX)])
    layanan = RadioField("Layanan yang Anda perlukan", validators=[chosen("layanan yang Anda perlukan")])
    keperluan = TextAreaField("Keperluan Anda (tidak wajib)", validators=[
        optional(), at_most("keperluan", PURPOSE_MAX)])
    email = StringField("Alamat email (tidak wajib)", validators=[optional(), *email_address()])
    telepon = StringField("Nomor telepon (tidak wajib)", validators=[optional(), at_most("nomor telepon", 20), PHONE])
    persetujuan = BooleanField("Saya telah membaca pemberitahuan di atas dan setuju data saya diproses untuk "
                               "melayani kunjungan ini",
                               validators=[ticked("persetujuan Anda — bila Anda tidak setuju, sampaikan keperluan "
                                                  "Anda langsung kepada petugas di loket")])

    def __init__(self, *args, services: list[tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.layanan.choices = options(services)
        if len(services) == 1 and not self.is_submitted():
            self.layanan.data = services[0][0]
