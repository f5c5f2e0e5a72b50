"""A complaint, suggestion or appreciation about a unit's services."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from wtforms import (
    BooleanField,
    DateField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from forms_app.forms.base import (
    PHONE,
    AbuseFields,
    BaseForm,
    at_most,
    between,
    chosen,
    email_address,
    optional,
    options,
    required,
    required_when,
)

KINDS = [
    ("pengaduan", "Pengaduan", "Pelayanan yang Anda terima tidak sesuai dengan standar"),
    ("saran", "Saran atau masukan", "Usul untuk memperbaiki pelayanan"),
    ("apresiasi", "Apresiasi", "Pelayanan yang menurut Anda baik"),
]

# The six service-delivery components of the standard, then staff conduct and facilities.
ASPECTS = [
    ("persyaratan", "Persyaratan"),
    ("prosedur", "Sistem, mekanisme, dan prosedur"),
    ("waktu", "Jangka waktu penyelesaian"),
    ("biaya", "Biaya/tarif"),
    ("produk", "Produk pelayanan"),
    ("pengaduan", "Penanganan pengaduan, saran, dan masukan"),
    ("perilaku", "Perilaku petugas"),
    ("sarana", "Sarana dan prasarana"),
]

IDENTITIES = [
    ("biasa", "Biasa", "Petugas yang menangani dapat melihat nama dan kontak Anda."),
    ("rahasia", "Rahasia",
     "Nama dan kontak Anda hanya dapat dilihat oleh pengelola pengaduan, tidak oleh petugas yang Anda adukan."),
    ("anonim", "Anonim",
     "Kami tidak meminta nama dan kontak. Kode pelacakan menjadi satu-satunya cara Anda mengikuti tanggapan, "
     "dan kami tidak dapat menghubungi Anda."),
]

# What a date picker sends (ISO, also the value it is shown again with), then what a citizen types in
# a plain text box where the browser has no picker: 23/11/2026, 3/1/2026 (strptime's %d and %m take one
# digit too), 23-11-2026.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
COMPLAINT_WINDOW_DAYS = 30  # UU 25/2009 Pasal 42: at most 30 days after the service
TEXT_MIN, TEXT_MAX = 20, 5000


class ComplaintForm(AbuseFields, BaseForm):
    jenis_aduan = RadioField("Apa yang ingin Anda sampaikan?", choices=options(KINDS),
                             validators=[chosen("apa yang ingin Anda sampaikan")])
    layanan = SelectField("Layanan", validators=[chosen("layanan yang Anda maksud")])
    aspek = RadioField("Bagian pelayanan yang Anda maksud", choices=options(ASPECTS),
                       validators=[chosen("bagian pelayanan yang Anda maksud")])
    uraian = TextAreaField("Apa yang terjadi?", validators=[
        required("apa yang terjadi"), between("uraian kejadian", TEXT_MIN, TEXT_MAX)])
    tanggal_kejadian = DateField("Tanggal kejadian", format=DATE_FORMATS)
    penyelesaian = TextAreaField("Penyelesaian yang Anda harapkan", validators=[
        required_when(lambda form: form.jenis_aduan.data == "pengaduan",
                      "Isi penyelesaian yang Anda harapkan dari pengaduan ini"),
        optional(), at_most("penyelesaian yang Anda harapkan", TEXT_MAX)])
    lampiran = MultipleFileField("Lampiran (tidak wajib)")
    identitas = RadioField("Identitas Anda", choices=options(IDENTITIES), default="biasa",
                           validators=[chosen("bagaimana identitas Anda diperlakukan")])
    nama = StringField("Nama lengkap", validators=[at_most("nama", 100)])
    email = StringField("Alamat email", validators=[
        required_when(lambda form: not form.anonymous,
                      "Isi alamat email Anda untuk menerima tanggapan, atau pilih identitas anonim"),
        optional(), *email_address()])
    telepon = StringField("Nomor telepon (tidak wajib)", validators=[optional(), at_most("nomor telepon", 20), PHONE])
    persetujuan = BooleanField("Saya telah membaca pemberitahuan di atas dan setuju data saya diproses "
                               "untuk menangani pengaduan ini")

    def __init__(self, *args, services: list[tuple[str, str]], today: dt.date,  # noqa: ANN002, ANN003
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today  # in the unit's time zone: the 30 days of Pasal 42 are the unit's days
        self.layanan.choices = options([("", "Pilih layanan"), *services])
        self.kept_attachments = 0  # attachments already in the draft that the citizen keeps

    @property
    def anonymous(self) -> bool:
        return self.identitas.data == "anonim"

    def validate_tanggal_kejadian(self, field) -> None:  # noqa: ANN001
        if field.data is None:
            field.errors[:] = []  # the date parser's own message; this one says what to write
            raise ValidationError("Isi tanggal kejadian dengan tanggal yang benar, misalnya 23/11/2026")
        today = self.today
        if field.data > today:
            raise ValidationError("Tanggal kejadian tidak boleh setelah hari ini")
        if self.jenis_aduan.data == "pengaduan" and (today - field.data).days > COMPLAINT_WINDOW_DAYS:
            raise ValidationError(
                f"Pengaduan disampaikan paling lambat {COMPLAINT_WINDOW_DAYS} hari setelah pelayanan "
                "(UU 25/2009 Pasal 42) — untuk kejadian yang lebih lama, pilih 'Saran atau masukan'")

    def validate_nama(self, field) -> None:  # noqa: ANN001
        if not self.anonymous and not field.data:
            raise ValidationError("Isi nama lengkap Anda, atau pilih identitas anonim")

    def validate_persetujuan(self, field) -> None:  # noqa: ANN001
        if not self.anonymous and not field.data:
            raise ValidationError("Centang persetujuan agar data Anda dapat diproses, atau pilih identitas anonim")

    def uploaded_files(self) -> list:
        """The files actually chosen (browsers post an empty part when none is chosen)."""
        return [f for f in (self.lampiran.data or []) if getattr(f, "filename", "")]

    def validate_lampiran(self, field) -> None:  # noqa: ANN001
        limit = current_app.config["ATTACHMENT_MAX_FILES"]
        if len(self.uploaded_files()) + self.kept_attachments > limit:
            raise ValidationError(f"Lampirkan paling banyak {limit} berkas secara keseluruhan")
