"""What the app stores: cases (consultations and complaints), their history, deadlines, files and mail.

A `Submission` is one case from the public, with the tracking code that is its only public
key. `Consultation` and `Complaint` add their own fields (joined-table inheritance). Status,
kind and identity are closed vocabularies (`forms_app.lifecycle`), checked by the database too.
Contact details live in their own row (`Contact`), never shown on a public page: for a
*rahasia* complaint only the complaint handler may see them, an *anonim* one has none, and
erasing them is deleting that row (`forms_app.retention`).

All times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status

if TYPE_CHECKING:
    from forms_app.staff_models import Staff

__all__ = ["Attachment", "Channel", "Complaint", "Consultation", "Contact", "Deadline", "Draft", "Identity",
           "Kind", "OutboxMessage", "Reply", "Status", "StatusEvent", "Submission", "Visit", "utcnow"]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def vocabulary(enum: type[Enum], name: str) -> db.Enum:
    """A column that holds one of `enum`'s values, checked by the database (a CHECK
    constraint, the same on SQLite and PostgreSQL), read back as the enum member."""
    return db.Enum(enum, name=name, native_enum=False, create_constraint=True, length=20,
                   validate_strings=True, values_callable=lambda members: [m.value for m in members])


class UtcDateTime(db.TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps no zone)."""

    impl = db.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001 - SQLAlchemy's signature
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("waktu tanpa zona waktu tidak disimpan")
            value = value.astimezone(dt.timezone.utc)
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value


class Submission(db.Model):
    """A case: one request from the public, with the tracking code that is its only public key.

    Its status changes only through `forms_app.cases.change_status`. Its due time is stored
    when its clock starts, with the identity (SHA-256) of the standard file that promised it,
    so it never moves when the standard or the holiday list changes later."""

    __tablename__ = "pengajuan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(20), unique=True)
    jenis: Mapped[Kind] = mapped_column(vocabulary(Kind, "jenis"))
    unit_id: Mapped[str] = mapped_column(String(100))
    layanan_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[Status] = mapped_column(vocabulary(Status, "status"))
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    diperbarui: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The draft it was made from: a second click on "Kirim" finds what the first one stored.
    draf_asal: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    identitas: Mapped[Identity] = mapped_column(vocabulary(Identity, "identitas"))
    # Proof of consent (UU 27/2022): when, and which version of the notice was agreed to.
    persetujuan_waktu: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    persetujuan_versi: Mapped[str | None] = mapped_column(String(20))

    # When the clock started; when the case is due (None: the standard sets no time, or the
    # case came before due times were stored); the standard file that promised it.
    jam_mulai: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    jatuh_tempo: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    standar_sha256: Mapped[str | None] = mapped_column(String(64))
    # When the case was last closed; the retention of its contact details runs from here.
    ditutup_pada: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The due time is the office's default, not the published standard's (which sets none).
    tenggat_bawaan: Mapped[bool] = mapped_column(default=False)

    # How it reached the office; who on the staff entered it on the citizen's behalf (None:
    # the citizen sent it); who handles it now.
    saluran: Mapped[Channel] = mapped_column(vocabulary(Channel, "saluran"), default=Channel.online)
    dicatat_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"))
    petugas_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"))
    # Staff's first public answer (a public reply or status change); when it was last answered.
    tanggapan_pertama: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    diselesaikan_pada: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Forwarded (bukan wewenang): to whom, and their reference; closed: why (spam, duplicate, …).
    diteruskan_kepada: Mapped[str | None] = mapped_column(String(200))
    nomor_rujukan: Mapped[str | None] = mapped_column(String(100))
    alasan_tutup: Mapped[str | None] = mapped_column(String(200))

    kontak: Mapped[Contact | None] = relationship(
        back_populates="pengajuan", cascade="all, delete-orphan", passive_deletes=True)
    tenggat: Mapped[list[Deadline]] = relationship(
        back_populates="pengajuan", order_by="Deadline.urutan", cascade="all, delete-orphan",
        passive_deletes=True)
    riwayat: Mapped[list[StatusEvent]] = relationship(
        back_populates="pengajuan", order_by="StatusEvent.id", cascade="all, delete-orphan",
        passive_deletes=True)
    balasan: Mapped[list[Reply]] = relationship(
        back_populates="pengajuan", order_by="Reply.waktu", cascade="all, delete-orphan", passive_deletes=True)
    lampiran: Mapped[list[Attachment]] = relationship(
        back_populates="pengajuan", order_by="Attachment.id", cascade="all, delete-orphan",
        passive_deletes=True)
    surat: Mapped[list[OutboxMessage]] = relationship(
        back_populates="pengajuan", cascade="all, delete-orphan", passive_deletes=True)
    petugas: Mapped[Staff | None] = relationship(foreign_keys=[petugas_id])
    dicatat_oleh: Mapped[Staff | None] = relationship(foreign_keys=[dicatat_oleh_id])

    __mapper_args__ = {"polymorphic_on": "jenis"}
    __table_args__ = (
        # The inbox: a unit's cases in some statuses, soonest due first.
        Index("ix_pengajuan_kotak_masuk", "unit_id", "status", "jatuh_tempo"),
        Index("ix_pengajuan_ditutup_pada", "ditutup_pada"),
        # Reports: a unit's cases of a period.
        Index("ix_pengajuan_unit_dibuat", "unit_id", "dibuat"),
        Index("ix_pengajuan_petugas_id", "petugas_id"),
    )

    @property
    def nama(self) -> str | None:
        return self.kontak.nama if self.kontak else None

    @property
    def email(self) -> str | None:
        return self.kontak.email if self.kontak else None

    @property
    def telepon(self) -> str | None:
        return self.kontak.telepon if self.kontak else None

    @property
    def public_replies(self) -> list[Reply]:
        return [reply for reply in self.balasan if reply.publik]


class Consultation(Submission):
    __tablename__ = "konsultasi"

    id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), primary_key=True)
    kategori_pengguna: Mapped[str] = mapped_column(String(40))
    topik: Mapped[str] = mapped_column(String(20))
    pertanyaan: Mapped[str] = mapped_column(Text)
    saluran_balasan: Mapped[str] = mapped_column(String(20))

    __mapper_args__ = {"polymorphic_identity": Kind.konsultasi}


class Complaint(Submission):
    __tablename__ = "pengaduan"

    id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), primary_key=True)
    jenis_aduan: Mapped[str] = mapped_column(String(20))
    aspek: Mapped[str] = mapped_column(String(30))
    uraian: Mapped[str] = mapped_column(Text)
    tanggal_kejadian: Mapped[dt.date] = mapped_column(db.Date)
    penyelesaian: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"polymorphic_identity": Kind.pengaduan}


class Visit(Submission):
    """A walk-in visit: the guestbook entry that gives the visitor a queue number for the day,
    then the call, the consultation at the desk, and its end. The wait is `dipanggil_pada -
    dibuat`; the service time `ditutup_pada - dipanggil_pada`."""

    __tablename__ = "kunjungan"

    id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), primary_key=True)
    # The queue: one number per unit per day (the unit's own date), never given twice.
    unit_antrean: Mapped[str] = mapped_column(String(100))
    tanggal_antrean: Mapped[dt.date] = mapped_column(db.Date)
    nomor_antrean: Mapped[int]
    keperluan: Mapped[str | None] = mapped_column(Text)  # what the visitor wrote they came for
    dipanggil_pada: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    dipanggil_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"))
    loket: Mapped[str | None] = mapped_column(String(40))
    hasil_layanan: Mapped[str | None] = mapped_column(Text)  # the consultation, as staff recorded it

    dipanggil_oleh: Mapped[Staff | None] = relationship(foreign_keys=[dipanggil_oleh_id])

    __mapper_args__ = {"polymorphic_identity": Kind.kunjungan}
    __table_args__ = (
        UniqueConstraint("unit_antrean", "tanggal_antrean", "nomor_antrean", name="uq_kunjungan_nomor"),
    )

    @property
    def nomor_label(self) -> str:
        """The number as the display and the slip show it: 'A-007'."""
        return f"A-{self.nomor_antrean:03d}"


class Contact(db.Model):
    """Who sent a case and how to reach them: the personal data of a case, in one row, so that
    erasing it is deleting that row."""

    __tablename__ = "kontak"

    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), primary_key=True)
    nama: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    telepon: Mapped[str | None] = mapped_column(String(30))

    pengajuan: Mapped[Submission] = relationship(back_populates="kontak")


class Deadline(db.Model):
    """One stage of what the standard promised for a case, with its due time, fixed when the
    case's clock started (a consultation has one stage; a complaint one per stage of the
    unit's complaint handling)."""

    __tablename__ = "tenggat"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    urutan: Mapped[int]
    tahap: Mapped[str] = mapped_column(String(200))
    janji: Mapped[str | None] = mapped_column(String(50))  # '3 hari kerja'; None when unknown
    keterangan: Mapped[str | None] = mapped_column(Text)
    alasan_tidak_diketahui: Mapped[str | None] = mapped_column(Text)
    jatuh_tempo: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    pengajuan: Mapped[Submission] = relationship(back_populates="tenggat")


class StatusEvent(db.Model):
    """One status change of a case: from what, to what, by whom, when, and a note that is
    public (shown on the status page) or internal, as staff said."""

    __tablename__ = "riwayat_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    dari_status: Mapped[Status | None] = mapped_column(vocabulary(Status, "dari_status"))
    status: Mapped[Status] = mapped_column(vocabulary(Status, "status"))
    waktu: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    pelaku: Mapped[str] = mapped_column(String(100))  # 'sistem', or who on the staff (their name)
    staf_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"))
    catatan: Mapped[str | None] = mapped_column(Text)
    catatan_publik: Mapped[bool]  # no default: public or internal is always said

    pengajuan: Mapped[Submission] = relationship(back_populates="riwayat")

    @property
    def public_note(self) -> str | None:
        return self.catatan if self.catatan_publik else None


class Reply(db.Model):
    """A reply by staff to the citizen (public: on the status page and in mail) or an internal
    note (never leaves the desk)."""

    __tablename__ = "balasan"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    isi: Mapped[str] = mapped_column(Text)
    publik: Mapped[bool]  # no default: public or internal is always said
    waktu: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    staf_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"))

    pengajuan: Mapped[Submission] = relationship(back_populates="balasan")
    staf: Mapped[Staff | None] = relationship()


class Draft(db.Model):
    """A form filled in but not yet confirmed (between the form and check-your-answers)."""

    __tablename__ = "draf"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    jenis: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[str] = mapped_column(String(100))
    layanan_id: Mapped[str | None] = mapped_column(String(100))
    isian: Mapped[dict] = mapped_column(db.JSON)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

    lampiran: Mapped[list[Attachment]] = relationship(back_populates="draf", order_by="Attachment.id")


class Attachment(db.Model):
    """A file stored under a random name outside any served folder; belongs to a draft,
    then to the submission made from it."""

    __tablename__ = "lampiran"

    id: Mapped[int] = mapped_column(primary_key=True)
    draf_token: Mapped[str | None] = mapped_column(ForeignKey("draf.token", ondelete="SET NULL"), index=True)
    pengajuan_id: Mapped[int | None] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"),
                                                     index=True)
    nama_simpan: Mapped[str] = mapped_column(String(64), unique=True)
    nama_asli: Mapped[str] = mapped_column(String(255))
    jenis_media: Mapped[str] = mapped_column(String(50))
    ukuran: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    draf: Mapped[Draft | None] = relationship(back_populates="lampiran")
    pengajuan: Mapped[Submission | None] = relationship(back_populates="lampiran")


class OutboxMessage(db.Model):
    """An email to send, written in the same transaction as what it is about.

    It is tried until it is sent or until OUTBOX_GIVE_UP_SECONDS have passed since it was
    written; then it is given up (`gagal_pada`), visibly, for staff to reach the citizen another
    way. Erasing a case's contact details empties `kepada`."""

    __tablename__ = "kotak_keluar"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int | None] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    kepada: Mapped[str | None] = mapped_column(String(254))
    subjek: Mapped[str] = mapped_column(String(200))
    isi: Mapped[str] = mapped_column(Text)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    percobaan: Mapped[int] = mapped_column(default=0)
    coba_lagi: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    terkirim: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    galat_terakhir: Mapped[str | None] = mapped_column(Text)
    gagal_pada: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # given up: no more attempts

    pengajuan: Mapped[Submission | None] = relationship(back_populates="surat")

    __table_args__ = (Index("ix_kotak_keluar_antrean", "terkirim", "coba_lagi"),)


from forms_app import staff_models  # noqa: E402,F401 - the staff tables that cases refer to
