"""What the app stores: submissions (consultations and complaints), their history, files and mail.

A `Submission` is one request from the public, with the tracking code that is its only public
key. `Consultation` and `Complaint` add their own fields (joined-table inheritance). Contact
details live on the submission and are never shown on a public page; for a *rahasia* complaint
only the complaint handler may see them, for an *anonim* one there are none.

All times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms_app.extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Kind(str, Enum):
    konsultasi = "konsultasi"
    pengaduan = "pengaduan"


class Status(str, Enum):
    diterima = "diterima"
    diverifikasi = "diverifikasi"
    diproses = "diproses"
    selesai = "selesai"
    ditutup = "ditutup"

    @property
    def label(self) -> str:
        return {
            "diterima": "Diterima",
            "diverifikasi": "Diverifikasi",
            "diproses": "Sedang diproses",
            "selesai": "Selesai",
            "ditutup": "Ditutup",
        }[self.value]


class Identity(str, Enum):
    """SP4N-LAPOR!'s identity options for a complaint; consultations are always `biasa`."""

    biasa = "biasa"
    rahasia = "rahasia"
    anonim = "anonim"


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
    __tablename__ = "pengajuan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(20), unique=True)
    jenis: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[str] = mapped_column(String(100))
    layanan_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=Status.diterima.value)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The draft it was made from: a second click on "Kirim" finds what the first one stored.
    draf_asal: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    identitas: Mapped[str] = mapped_column(String(10), default=Identity.biasa.value)
    nama: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    telepon: Mapped[str | None] = mapped_column(String(30))
    # Proof of consent (UU 27/2022): when, and which version of the notice was agreed to.
    persetujuan_waktu: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    persetujuan_versi: Mapped[str | None] = mapped_column(String(20))

    riwayat: Mapped[list[StatusEvent]] = relationship(
        back_populates="pengajuan", order_by="StatusEvent.waktu", cascade="all, delete-orphan")
    balasan: Mapped[list[Reply]] = relationship(
        back_populates="pengajuan", order_by="Reply.waktu", cascade="all, delete-orphan")
    lampiran: Mapped[list[Attachment]] = relationship(
        back_populates="pengajuan", order_by="Attachment.id")

    __mapper_args__ = {"polymorphic_on": "jenis"}

    @property
    def kind_enum(self) -> Kind:
        return Kind(self.jenis)

    @property
    def identity(self) -> Identity:
        return Identity(self.identitas)

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

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

    __mapper_args__ = {"polymorphic_identity": Kind.konsultasi.value}


class Complaint(Submission):
    __tablename__ = "pengaduan"

    id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), primary_key=True)
    jenis_aduan: Mapped[str] = mapped_column(String(20))
    aspek: Mapped[str] = mapped_column(String(30))
    uraian: Mapped[str] = mapped_column(Text)
    tanggal_kejadian: Mapped[dt.date] = mapped_column(db.Date)
    penyelesaian: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"polymorphic_identity": Kind.pengaduan.value}


class StatusEvent(db.Model):
    """One step of a submission's history, shown on the status page."""

    __tablename__ = "riwayat_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    waktu: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    catatan: Mapped[str | None] = mapped_column(Text)

    pengajuan: Mapped[Submission] = relationship(back_populates="riwayat")

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


class Reply(db.Model):
    """A reply by staff; only public replies appear on the status page."""

    __tablename__ = "balasan"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), index=True)
    isi: Mapped[str] = mapped_column(Text)
    publik: Mapped[bool] = mapped_column(default=True)
    waktu: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    pengajuan: Mapped[Submission] = relationship(back_populates="balasan")


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
    """An email to send, written in the same transaction as what it is about."""

    __tablename__ = "kotak_keluar"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengajuan_id: Mapped[int | None] = mapped_column(ForeignKey("pengajuan.id", ondelete="SET NULL"))
    kepada: Mapped[str] = mapped_column(String(254))
    subjek: Mapped[str] = mapped_column(String(200))
    isi: Mapped[str] = mapped_column(Text)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    percobaan: Mapped[int] = mapped_column(default=0)
    coba_lagi: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    terkirim: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    galat_terakhir: Mapped[str | None] = mapped_column(Text)

    pengajuan: Mapped[Submission | None] = relationship()

    __table_args__ = (Index("ix_kotak_keluar_antrean", "terkirim", "coba_lagi"),)
