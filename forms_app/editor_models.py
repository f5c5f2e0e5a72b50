"""What the standards editor stores: the editors' drafts and the queue of site builds.

- `StandardDraft` (`draf_standar`): one editor's unfinished change to a unit's profile and
  Maklumat, to a service's standard, or a new service started from an existing one. It holds the
  whole document as plain data (JSON) and the version file it started from, with that file's
  SHA-256 at the moment it started: publishing is refused when the standard has moved on since
  (another editor published, or someone changed the file on disk). One draft per editor per
  standard (and per kind).
- `SiteBuild` (`bangun_situs`): a request to rebuild the public site, run one at a time in the
  background (forms_app/site_builds.py). Staff follow its status; a failed one keeps its message
  and leaves the previous site serving.

All times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms_app.extensions import db
from forms_app.models import UtcDateTime, utcnow, vocabulary
from forms_app.staff_models import Staff

__all__ = ["BuildStatus", "DraftKind", "SiteBuild", "StandardDraft"]


class DraftKind(str, Enum):
    unit = "unit"                  # the unit's profile and Maklumat: its next version
    layanan = "layanan"            # a service's standard: its next version
    layanan_baru = "layanan_baru"  # a new service (version 1), started from an existing one

    @property
    def label(self) -> str:
        return {"unit": "Profil dan Maklumat unit", "layanan": "Standar layanan",
                "layanan_baru": "Layanan baru"}[self.value]


class StandardDraft(db.Model):
    __tablename__ = "draf_standar"

    id: Mapped[int] = mapped_column(primary_key=True)
    staf_id: Mapped[int] = mapped_column(ForeignKey("staf.id", ondelete="CASCADE"), index=True)
    jenis: Mapped[DraftKind] = mapped_column(vocabulary(DraftKind, "jenis"))
    unit_id: Mapped[str] = mapped_column(String(100))
    # "<unit>" or "<unit>/<service>": the standard changed; for a new service, the one it starts from
    alamat: Mapped[str] = mapped_column(String(201))
    # the version file it started from, relative to standard/, and its SHA-256 then
    asal_berkas: Mapped[str] = mapped_column(String(400))
    asal_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(db.JSON)
    dibuat: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    diubah: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    staf: Mapped[Staff] = relationship()

    __table_args__ = (UniqueConstraint("staf_id", "jenis", "alamat"),)


class BuildStatus(str, Enum):
    menunggu = "menunggu"
    berjalan = "berjalan"
    berhasil = "berhasil"
    gagal = "gagal"

    @property
    def label(self) -> str:
        return {"menunggu": "Menunggu giliran", "berjalan": "Sedang dibangun", "berhasil": "Sudah tayang",
                "gagal": "Gagal"}[self.value]

    @property
    def finished(self) -> bool:
        return self in (BuildStatus.berhasil, BuildStatus.gagal)


class SiteBuild(db.Model):
    __tablename__ = "bangun_situs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[BuildStatus] = mapped_column(vocabulary(BuildStatus, "status"), default=BuildStatus.menunggu)
    diminta: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    diminta_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("staf.id", ondelete="SET NULL"))
    alasan: Mapped[str] = mapped_column(String(300))      # what was published, in the staff's words
    halaman: Mapped[str | None] = mapped_column(String(400))  # the site path of the page it publishes
    mulai: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    selesai: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    tahap: Mapped[str | None] = mapped_column(String(100))  # what it is doing now
    pesan: Mapped[str | None] = mapped_column(Text)         # why it failed, for staff

    diminta_oleh: Mapped[Staff | None] = relationship()

    __table_args__ = (Index("ix_bangun_situs_status", "status"),)
