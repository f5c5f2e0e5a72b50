"""What the staff desk stores: staff accounts and their sessions, the audit log, canned replies,
the office's leave days and settings.

A staff member works for one or more units (`StaffUnit`); another unit's cases do not exist
for them. Sessions live here, not in the cookie: the cookie holds only a random token whose
SHA-256 is `StaffSession.token_sha256`, so signing out, deactivating an account or resetting
its password ends every session at once, on every app instance.

The audit log (`AuditEntry`) is append-only: the app has no code that changes or deletes it,
and the database refuses to (triggers from migration 0004).

All times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms_app.extensions import db
from forms_app.models import UtcDateTime, utcnow, vocabulary

__all__ = ["AuditEntry", "CannedReply", "LeaveDay", "OfficeSetting", "Role", "Staff", "StaffSession",
           "StaffUnit"]


class Role(str, Enum):
    """What a staff member may do. Only `pengelola_pengaduan` and `admin` see who sent a
    *rahasia* complaint; nobody sees an *anonim* one's sender, because it is never stored."""

    admin = "admin"
    pengelola_pengaduan = "pengelola_pengaduan"
    petugas = "petugas"
    penyunting_standar = "penyunting_standar"

    @property
    def label(self) -> str:
        return {"admin": "Admin", "pengelola_pengaduan": "Pengelola pengaduan", "petugas": "Petugas",
                "penyunting_standar": "Penyunting standar"}[self.value]

    @property
    def handles_cases(self) -> bool:
        """Everyone but an editor of standards works on the units' cases (and sees their data)."""
        return self is not Role.penyunting_standar

    @property
    def edits_standards(self) -> bool:
        """Admins and editors change the units' published standards in the desk's editor."""
        return self in (Role.admin, Role.penyunting_standar)

    @property
    def sees_confidential_identity(self) -> bool:
        return self in (Role.admin, Role.pengelola_pengaduan)

    @property
    def requires_two_factor(self) -> bool:
        """Admins and editors (who publish to the public site) sign in with a second step."""
        return self in (Role.admin, Role.penyunting_standar)


class Staff(db.Model):
    __tablename__ = "staf"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored in lower case
    nama: Mapped[str] = mapped_column(String(100))
    peran: Mapped[Role] = mapped_column(vocabulary(Role, "peran"))
    sandi_hash: Mapped[str] = mapped_column(String(255))
    sandi_diubah: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # TOTP: the shared secret (set while enrolling, active once a code was confirmed) and the
    # last time step used, so that a code is accepted once.
    totp_rahasia: Mapped[str | None] = mapped_column(String(64))
    totp_aktif: Mapped[bool] = mapped_column(default=False)
    totp_langkah_terakhir: Mapped[int | None]
    aktif: Mapped[bool] = mapped_column(default=True)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    terakhir_masuk: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    unit: Mapped[list[StaffUnit]] = relationship(back_populates="staf", cascade="all, delete-orphan",
                                                 order_by="StaffUnit.unit_id")

    # Flask-Login: the signed-in user is a staff member seen through one session; its id is that
    # session's token, so that ending the session (not the account) is what signs it out.
    session_token = None
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.aktif

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def sees_confidential_identity(self) -> bool:
        return self.peran.sees_confidential_identity

    @property
    def unit_ids(self) -> list[str]:
        return [link.unit_id for link in self.unit]

    def works_for(self, unit_id: str) -> bool:
        return unit_id in self.unit_ids


class StaffUnit(db.Model):
    __tablename__ = "staf_unit"

    staf_id: Mapped[int] = mapped_column(ForeignKey("staf.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(100), primary_key=True)

    staf: Mapped[Staff] = relationship(back_populates="unit")


class StaffSession(db.Model):
    """A signed-in session. Ended (`berakhir`) on sign-out, after STAFF_IDLE_MINUTES without a
    request, or when the account is deactivated or its password or two-factor reset."""

    __tablename__ = "sesi_staf"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    staf_id: Mapped[int] = mapped_column(ForeignKey("staf.id", ondelete="CASCADE"), index=True)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    terakhir_aktif: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    berakhir: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    alamat: Mapped[str | None] = mapped_column(String(64))

    staf: Mapped[Staff] = relationship()


class AuditEntry(db.Model):
    """One staff action: who, when, from where, what, on what. Never changed, never deleted.
    `rincian` holds no personal data of citizens (a search for one person records that a search
    was made and how many cases it found, not the address searched for)."""

    __tablename__ = "jejak_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    waktu: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    staf_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id"), index=True)
    staf_email: Mapped[str | None] = mapped_column(String(254))  # as it was then; None: the system
    aksi: Mapped[str] = mapped_column(String(50))
    sasaran: Mapped[str | None] = mapped_column(String(100))  # 'pengajuan:ADU-…', 'staf:3', …
    unit_id: Mapped[str | None] = mapped_column(String(100))
    rincian: Mapped[dict | None] = mapped_column(db.JSON)
    alamat: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_jejak_audit_sasaran", "sasaran"),)


class CannedReply(db.Model):
    """A reply text that admins keep ready; `unit_id` None: for every unit."""

    __tablename__ = "balasan_siap"

    id: Mapped[int] = mapped_column(primary_key=True)
    judul: Mapped[str] = mapped_column(String(100))
    isi: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[str | None] = mapped_column(String(100))
    aktif: Mapped[bool] = mapped_column(default=True)
    diubah: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class LeaveDay(db.Model):
    """A day the office is closed beyond weekends, national holidays and cuti bersama (an
    office event, a local holiday); `unit_id` None: every unit. Due times skip it."""

    __tablename__ = "hari_cuti"

    id: Mapped[int] = mapped_column(primary_key=True)
    tanggal: Mapped[dt.date] = mapped_column(db.Date, index=True)
    unit_id: Mapped[str | None] = mapped_column(String(100))
    keterangan: Mapped[str] = mapped_column(String(200))


class OfficeSetting(db.Model):
    """One office setting that admins change in the desk (the default due times where the
    standard publishes none, …): `forms_app.office` knows each key, its default and its check."""

    __tablename__ = "pengaturan"

    kunci: Mapped[str] = mapped_column(String(60), primary_key=True)
    nilai: Mapped[str] = mapped_column(Text)
    diubah: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
