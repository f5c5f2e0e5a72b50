"""Staff entry on a citizen's behalf: first what and for which unit, then the case itself.

The fields speak to the staff member ("nama pengirim"), but the rules are the public forms':
the same vocabularies, lengths, email and phone checks, and the same 30-day rule for a
complaint (UU 25/2009 Pasal 42, `ComplaintForm.validate_tanggal_kejadian`).
"""

from __future__ import annotations

import datetime as dt

import secrets

from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Regexp, ValidationError

from forms_app.forms.base import (
    PHONE,
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
from forms_app.forms.complaint import ASPECTS, DATE_FORMATS, IDENTITIES, KINDS, TEXT_MAX, TEXT_MIN, ComplaintForm
from forms_app.forms.consultation import QUESTION_MAX, QUESTION_MIN, REPLY_CHANNELS, TOPICS, USER_CATEGORIES
from forms_app.lifecycle import Channel, Kind

ENTRY_KINDS = [
    (Kind.konsultasi.value, "Permintaan konsultasi", "Pertanyaan yang diterima lewat telepon, di loket, "
                                                     "lewat email, atau surat"),
    (Kind.pengaduan.value, "Pengaduan, saran, atau apresiasi", "Slip kotak saran, telepon, email, surat, "
                                                               "atau disampaikan langsung"),
]

STAFF_IDENTITIES = [
    ("biasa", "Biasa", "Petugas yang menangani dapat melihat nama dan kontak pengirim."),
    ("rahasia", "Rahasia", "Nama dan kontak hanya dapat dilihat pengelola pengaduan dan admin — setelah "
                           "disimpan, Anda sendiri tidak melihatnya lagi bila Anda petugas."),
    ("anonim", "Anonim", "Tidak ada nama atau kontak yang disimpan, misalnya slip kotak saran tanpa nama. "
                         "Kode pelacakan satu-satunya cara mengikuti tanggapan."),
]
assert [value for value, *_ in STAFF_IDENTITIES] == [value for value, *_ in IDENTITIES]


class ChooseForm(BaseForm):
    """Step one: what is entered, and for which of the staff member's units."""

    jenis = RadioField("Apa yang dicatat?", choices=options(ENTRY_KINDS), validators=[chosen("apa yang dicatat")])
    unit = SelectField("Unit", validators=[chosen("unit")])

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.unit.choices = options(units)


class _EntryForm(BaseForm):
    """What both kinds share: the service, how it reached the office, who sent it."""

    # One key per form shown: a second click on "Simpan" finds the case the first one stored.
    sekali = HiddenField(validators=[Regexp(r"^[A-Za-z0-9_-]{20,50}$",
                                            message="Formulir ini tidak lengkap — buka lagi halamannya, lalu isi")])
    layanan = SelectField("Layanan", validators=[chosen("layanan yang dimaksud")])
    saluran = RadioField("Diterima melalui", validators=[chosen("melalui apa pengajuan ini diterima")])
    persetujuan = BooleanField("Pengirim menyetujui datanya diproses untuk menangani pengajuan ini")

    def __init__(self, *args, services: list[tuple[str, str]], channels: tuple[Channel, ...],  # noqa: ANN002, ANN003
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layanan.choices = options([("", "Pilih layanan"), *services])
        self.saluran.choices = options([(c.value, c.label) for c in channels])
        if not self.is_submitted():
            self.sekali.data = secrets.token_urlsafe(24)

    @property
    def anonymous(self) -> bool:
        return False

    def validate_persetujuan(self, field) -> None:  # noqa: ANN001
        if not self.anonymous and not field.data:
            raise ValidationError("Centang persetujuan pengirim — tanpa persetujuan datanya tidak dapat diproses; "
                                  "untuk pengaduan, catat sebagai anonim")


class ConsultationEntryForm(_EntryForm):
    topik = RadioField("Topik konsultasi", choices=options(TOPICS), validators=[chosen("topik konsultasi")])
    pertanyaan = TextAreaField("Pertanyaan", validators=[
        required("pertanyaan"), between("pertanyaan", QUESTION_MIN, QUESTION_MAX)])
    kategori_pengguna = RadioField("Pekerjaan atau instansi pengirim", choices=options(USER_CATEGORIES),
                                   validators=[chosen("pekerjaan atau instansi pengirim")])
    nama = StringField("Nama lengkap pengirim", validators=[required("nama lengkap pengirim"), at_most("nama", 100)])
    saluran_balasan = RadioField("Jawaban dikirim melalui", choices=options(REPLY_CHANNELS), default="email",
                                 validators=[chosen("cara jawaban dikirim")])
    email = StringField("Alamat email", validators=[
        required_when(lambda form: form.saluran_balasan.data == "email",
                      "Isi alamat email pengirim, atau pilih jawaban melalui telepon atau WhatsApp"),
        optional(), *email_address()])
    telepon = StringField("Nomor telepon", validators=[
        required_when(lambda form: form.saluran_balasan.data == "telepon",
                      "Isi nomor telepon pengirim, karena jawaban dikirim melalui telepon atau WhatsApp"),
        optional(), at_most("nomor telepon", 20), PHONE])


class ComplaintEntryForm(_EntryForm):
    jenis_aduan = RadioField("Isi kiriman", choices=options(KINDS), validators=[chosen("isi kiriman")])
    aspek = RadioField("Bagian pelayanan yang dimaksud", choices=options(ASPECTS),
                       validators=[chosen("bagian pelayanan yang dimaksud")])
    uraian = TextAreaField("Apa yang terjadi", validators=[
        required("apa yang terjadi"), between("uraian kejadian", TEXT_MIN, TEXT_MAX)])
    tanggal_kejadian = DateField("Tanggal kejadian", format=DATE_FORMATS)
    penyelesaian = TextAreaField("Penyelesaian yang diharapkan", validators=[
        required_when(lambda form: form.jenis_aduan.data == "pengaduan",
                      "Isi penyelesaian yang diharapkan pengirim pengaduan ini"),
        optional(), at_most("penyelesaian yang diharapkan", TEXT_MAX)])
    identitas = RadioField("Identitas pengirim", choices=options(STAFF_IDENTITIES), default="biasa",
                           validators=[chosen("bagaimana identitas pengirim diperlakukan")])
    nama = StringField("Nama lengkap pengirim", validators=[at_most("nama", 100)])
    email = StringField("Alamat email (tidak wajib)", validators=[optional(), *email_address()])
    telepon = StringField("Nomor telepon (tidak wajib)", validators=[optional(), at_most("nomor telepon", 20), PHONE])

    def __init__(self, *args, today: dt.date, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.today = today  # in the unit's zone, as on the public form

    @property
    def anonymous(self) -> bool:
        return self.identitas.data == "anonim"

    # The public form's rule, word for word: not in the future, a complaint within 30 days.
    validate_tanggal_kejadian = ComplaintForm.validate_tanggal_kejadian

    def validate_nama(self, field) -> None:  # noqa: ANN001
        if not self.anonymous and not field.data:
            raise ValidationError("Isi nama lengkap pengirim, atau pilih anonim bila namanya tidak ada")
