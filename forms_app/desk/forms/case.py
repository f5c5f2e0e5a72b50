"""The inbox's filter form and the case page's forms: status, reply, internal note, assignment."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from forms_app import inbox, lifecycle
from forms_app.forms.base import BaseForm, at_most, chosen, optional, options, required, required_when
from forms_app.lifecycle import Channel, Kind, Status

ANY = ""
ALL_STATUSES = "semua"

CLOSE_REASONS = [
    ("spam", "Spam atau iklan"),
    ("duplikat", "Duplikat dari pengajuan lain"),
    ("lainnya", "Alasan lain"),
]

NOTE_VISIBILITY = [
    ("publik", "Tampilkan pada halaman status (pemohon membacanya)"),
    ("internal", "Catatan internal (hanya staf)"),
]


class InboxFilterForm(BaseForm):
    """Sent with GET: a filtered inbox can be bookmarked, and works without JavaScript."""

    class Meta:
        csrf = False

    unit = SelectField("Unit", validators=[optional()])
    jenis = SelectField("Jenis", validators=[optional()])
    status = SelectField("Status", validators=[optional()])
    layanan = SelectField("Layanan", validators=[optional()])
    saluran = SelectField("Saluran", validators=[optional()])
    petugas = SelectField("Petugas", validators=[optional()])
    terlambat = BooleanField("Hanya yang terlambat")
    hampir = BooleanField("Hanya yang hampir jatuh tempo (24 jam)")

    def offer(self, units: list[tuple[str, str]], services: list[tuple[str, str]],
              staff: list[tuple[int, str]]) -> InboxFilterForm:
        self.unit.choices = options([(ANY, "Semua unit saya"), *units] if len(units) > 1 else [(ANY, "Unit saya")])
        self.jenis.choices = options([(ANY, "Semua jenis"), *((k.value, k.label) for k in Kind)])
        self.status.choices = options([(ANY, "Semua yang masih terbuka"), (ALL_STATUSES, "Semua status"),
                                       *((s.value, s.desk_label) for s in Status)])
        self.layanan.choices = options([(ANY, "Semua layanan"), *services])
        self.saluran.choices = options([(ANY, "Semua saluran"), *((c.value, c.label) for c in Channel)])
        self.petugas.choices = options([(ANY, "Siapa saja"), (inbox.MINE, "Saya"),
                                        (inbox.UNASSIGNED, "Belum ditugaskan"), *((str(i), name) for i, name in staff)])
        return self

    def filters(self) -> inbox.Filters:
        """The filters chosen (call after a successful validate)."""
        if self.status.data == ALL_STATUSES:
            statuses = frozenset(Status)
        elif self.status.data:
            statuses = frozenset({Status(self.status.data)})
        else:
            statuses = frozenset(lifecycle.OPEN)
        assignee = self.petugas.data or None
        if assignee not in (None, inbox.MINE, inbox.UNASSIGNED):
            assignee = int(assignee)
        return inbox.Filters(kind=Kind(self.jenis.data) if self.jenis.data else None, statuses=statuses,
                             service=self.layanan.data or None,
                             channel=Channel(self.saluran.data) if self.saluran.data else None,
                             assignee=assignee, overdue=bool(self.terlambat.data),
                             nearly_due=bool(self.hampir.data), unit=self.unit.data or None)


class StatusForm(BaseForm):
    status = SelectField("Status baru", validators=[chosen("status baru")])
    catatan = TextAreaField("Catatan (tidak wajib)", validators=[optional(), at_most("catatan", 4000)])
    tampil = RadioField("Catatan ini", choices=options(NOTE_VISIBILITY), default="internal",
                        validators=[chosen("apakah catatan tampil pada halaman status")])
    diteruskan_kepada = StringField("Diteruskan kepada", validators=[
        required_when(lambda form: form.status.data == Status.bukan_wewenang.value,
                      "Isi kepada siapa pengajuan ini diteruskan (misalnya SP4N-LAPOR! atau kantor lain)"),
        optional(), at_most("nama penerima", 200)])
    nomor_rujukan = StringField("Nomor rujukan (tidak wajib)", validators=[optional(), at_most("nomor rujukan", 100)])
    # Not sent at all unless a reason is picked: the choice is checked in validate_alasan_tutup.
    alasan_tutup = RadioField("Alasan penutupan", choices=options(CLOSE_REASONS), validate_choice=False, validators=[
        required_when(lambda form: form.status.data == Status.ditutup.value,
                      "Pilih alasan penutupan: spam, duplikat, atau alasan lain"), optional()])
    kode_duplikat = StringField("Kode pengajuan yang sama (untuk duplikat)", validators=[
        required_when(lambda form: form.status.data == Status.ditutup.value and form.alasan_tutup.data == "duplikat",
                      "Isi kode pengajuan yang diduplikasi, misalnya ADU-2026-ABCD"),
        optional(), at_most("kode pengajuan", 20)])
    alasan_lain = StringField("Alasan lain", validators=[
        required_when(lambda form: form.status.data == Status.ditutup.value and form.alasan_tutup.data == "lainnya",
                      "Tulis alasan penutupan"),
        optional(), at_most("alasan", 150)])

    def offer(self, current: Status) -> StatusForm:
        """Only the statuses the case may move to now."""
        allowed = sorted(lifecycle.TRANSITIONS[current], key=list(Status).index)
        self.status.choices = options([(ANY, "Pilih status"), *((s.value, s.desk_label) for s in allowed)])
        return self

    def validate_status(self, field) -> None:  # noqa: ANN001
        if not field.data:
            raise ValidationError("Pilih status baru")

    def validate_alasan_tutup(self, field) -> None:  # noqa: ANN001
        if field.data and field.data not in dict(CLOSE_REASONS):
            raise ValidationError("Pilih alasan penutupan: spam, duplikat, atau alasan lain")

    def close_reason(self) -> str | None:
        if self.status.data != Status.ditutup.value:
            return None
        if self.alasan_tutup.data == "duplikat":
            return f"Duplikat dari {self.kode_duplikat.data.upper()}"
        if self.alasan_tutup.data == "lainnya":
            return f"Lainnya: {self.alasan_lain.data}"
        return dict(CLOSE_REASONS).get(self.alasan_tutup.data)


class ReplyForm(BaseForm):
    isi = TextAreaField("Tanggapan untuk pemohon", validators=[required("tanggapan"), at_most("tanggapan", 8000)])
    status = SelectField("Sekaligus ubah status (tidak wajib)", validators=[optional()])

    def offer(self, current: Status) -> ReplyForm:
        """Statuses a reply may bring; forwarding and closing need the status form's fields."""
        allowed = [s for s in sorted(lifecycle.TRANSITIONS[current], key=list(Status).index)
                   if s not in (Status.bukan_wewenang, Status.ditutup)]
        self.status.choices = options([(ANY, "Tidak mengubah status"), *((s.value, s.desk_label) for s in allowed)])
        return self


class NoteForm(BaseForm):
    catatan_internal = TextAreaField("Catatan internal", validators=[required("catatan"), at_most("catatan", 8000)])


class AssignForm(BaseForm):
    petugas = SelectField("Tugaskan kepada", validators=[chosen("staf yang menangani")])
    pesan_alih = TextAreaField("Pesan untuk penerima (tidak wajib, menjadi catatan internal)",
                               validators=[optional(), at_most("pesan", 2000)])

    def offer(self, staff: list[tuple[int, str]]) -> AssignForm:
        self.petugas.choices = options([(ANY, "Pilih staf"), *((str(i), name) for i, name in staff)])
        return self

    def validate_petugas(self, field) -> None:  # noqa: ANN001
        if not field.data:
            raise ValidationError("Pilih staf yang menangani")


class ClaimForm(BaseForm):
    """Only the CSRF token: taking a case is one button."""
