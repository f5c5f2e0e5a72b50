"""The audit log: one append-only row per staff action, sign-ins included.

`record` adds the row to the caller's transaction, so an action and its audit entry are
committed together or not at all. Nothing here, or anywhere in the app, changes or deletes an
entry; the database refuses to as well (migration 0004's triggers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import AuditEntry, Staff, StaffUnit

PAGE_SIZE = 50

# What each action is called on the audit-log page. An action missing here is shown by its own
# name with spaces (`label`), so a new one is readable before it gets a label.
LABELS: dict[str, str] = {
    # signing in and out
    "masuk": "Masuk",
    "masuk_gagal": "Gagal masuk",
    "keluar": "Keluar",
    "sesi_diakhiri": "Mengakhiri sesi lain",
    # own account
    "sandi_diubah": "Mengganti kata sandi sendiri",
    "dua_langkah_diaktifkan": "Mengaktifkan masuk dua langkah",
    "dua_langkah_dimatikan": "Mematikan masuk dua langkah",
    # staff accounts
    "admin_pertama_dibuat": "Membuat admin pertama",
    "staf_ditambah": "Menambah staf",
    "staf_diubah": "Mengubah peran atau unit staf",
    "staf_dinonaktifkan": "Menonaktifkan staf",
    "staf_diaktifkan": "Mengaktifkan kembali staf",
    "sandi_diatur_ulang": "Mengatur ulang kata sandi staf",
    "dua_langkah_diatur_ulang": "Mengatur ulang masuk dua langkah staf",
    # cases
    "kasus_dibuka": "Membuka kasus",
    "status_diubah": "Mengubah status",
    "kasus_ditugaskan": "Menugaskan kasus",
    "kasus_diambil": "Mengambil kasus",
    "kasus_dialihkan": "Mengalihkan kasus",
    "balasan_dikirim": "Mengirim balasan",
    "catatan_ditambah": "Menambah catatan internal",
    "pengajuan_dicatat": "Mencatat pengajuan atas nama warga",
    "ekspor_csv": "Mengekspor daftar (CSV)",
    "survei_kertas_diunggah": "Mengunggah survei kertas (SKM)",
    "lampiran_diunduh": "Mengunduh lampiran",
    # walk-in visits
    "pengunjung_dipanggil": "Memanggil pengunjung",
    "kunjungan_selesai": "Menyelesaikan kunjungan",
    "pengunjung_dipanggil_ulang": "Memanggil ulang pengunjung",
    "kunjungan_tidak_hadir": "Menutup kunjungan: pengunjung tidak hadir",
    # office
    "balasan_siap_ditambah": "Menambah balasan siap",
    "balasan_siap_diubah": "Mengubah balasan siap",
    "pengaturan_diubah": "Mengubah pengaturan",
    "hari_cuti_ditambah": "Menambah hari cuti",
    "hari_cuti_dihapus": "Menghapus hari cuti",
    # personal data
    "data_pribadi_dicari": "Mencari data pribadi",
    "data_pribadi_diekspor": "Mengekspor data pribadi",
    "data_pribadi_dihapus": "Menghapus data pribadi",
    # the standards editor
    "standar_diterbitkan": "Menerbitkan versi standar",
    "situs_dibangun_ulang": "Meminta situs dibangun ulang",
    "laporan_dibuka": "Membuka laporan",
    "laporan_diunduh": "Mengunduh laporan (CSV)",
}


def label(action: str) -> str:
    """The action's name on the audit-log page."""
    return LABELS.get(action) or action.replace("_", " ").capitalize()


def record(actor: Staff | None, action: str, *, target: str | None = None, unit_id: str | None = None,
           details: dict[str, Any] | None = None, address: str | None = None, email: str | None = None,
           now: dt.datetime | None = None) -> AuditEntry:
    """Add an entry (not committed). `email` names an actor without an account (a failed
    sign-in) and is kept as typed, cut to 254 characters."""
    entry = AuditEntry(waktu=now or utcnow(), staf_id=actor.id if actor else None,
                       staf_email=actor.email if actor else (email[:254] if email else None),
                       aksi=action, sasaran=target, unit_id=unit_id, rincian=details or None, alamat=address)
    db.session.add(entry)
    return entry


def case_target(code: str) -> str:
    return f"pengajuan:{code}"


def entries(page: int = 1, *, staff_id: int | None = None, action: str | None = None,
            target: str | None = None, unit_ids: list[str] | None = None) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many there are in all. With `unit_ids`, only
    entries about those units, or about no unit (sign-ins, accounts, settings) by the system or
    by staff of those units: another unit's work stays out of sight."""
    query = db.select(AuditEntry)
    if unit_ids is not None:
        colleagues = db.select(StaffUnit.staf_id).where(StaffUnit.unit_id.in_(unit_ids))
        query = query.where(db.or_(AuditEntry.unit_id.in_(unit_ids),
                                   db.and_(AuditEntry.unit_id.is_(None),
                                           db.or_(AuditEntry.staf_id.is_(None), AuditEntry.staf_id.in_(colleagues)))))
    if staff_id is not None:
        query = query.where(AuditEntry.staf_id == staff_id)
    if action:
        query = query.where(AuditEntry.aksi == action)
    if target:
        query = query.where(AuditEntry.sasaran == target)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(AuditEntry.id.desc())
                              .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).all()
    return list(rows), total


def actions_recorded() -> list[str]:
    """The actions the log holds, for the filter's choices."""
    return list(db.session.scalars(db.select(AuditEntry.aksi).distinct().order_by(AuditEntry.aksi)))


def unlabelled(actions: list[str]) -> list[str]:
    """Those of `actions` that have no label of their own (a test lists the app's actions)."""
    return [action for action in actions if action not in LABELS]
