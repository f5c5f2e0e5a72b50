"""The office's own rules where the published standard is silent: default due times, leave days.

- **Default due times** (table pengaturan, key → text). Used ONLY where the standard publishes no
  time: a consultation through a channel the standard gives no completion time, a walk-in visit
  to a service without a walk-in time, a complaint at a unit without complaint deadlines (the
  seed's online consultation and the seed's complaint deadlines). The case then records that its
  due time is the office's (`tenggat_bawaan`) and why the standard has none.
- **Leave days** (table hari_cuti): days an office is closed beyond weekends, national holidays and
  cuti bersama (an office event, a local holiday), for one unit or for all. Working days skip them.

Both count for cases opened after the change: a stored due time is a promise already given to
the citizen (confirmation page, acknowledgement mail, status page) and never moves.

Plain functions: the desk's settings page and `forms_app.deadlines` call them; tests call them
directly. The writers audit each change in the same transaction and commit.

Every public submission reads both, so each app process keeps what it read for
`CACHE_SECONDS`: the process that makes a change forgets at once, other processes (other gunicorn
workers, other machines) follow within that time. A case opened in between gets the previous
default: the same as if it had come a few seconds earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import time

from flask import current_app, has_app_context
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from forms_app import audit
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import LeaveDay, OfficeSetting, Staff
from layanan import formatting
from layanan.durasi import DurasiModel, SatuanWaktu, parse_durasi

# The longest default an office may set, per unit of time: longer is surely a typo (and a due
# time thousands of working days away is costly to count).
LONGEST = {SatuanWaktu.menit: 24 * 60, SatuanWaktu.jam: 30 * 24, SatuanWaktu.hari: 365,
           SatuanWaktu.hari_kerja: 250}
MOST_STAGES = 5
CACHE_SECONDS = 30.0
_CACHE_KEY = "layanan_office"
STAGE_NAME_LENGTH = 100
REASON_LENGTH = 200


class SettingRefused(ValueError):
    """A value or a leave day the office cannot use; the message says in Indonesian what to fix."""


@dataclass(frozen=True)
class Stage:
    """One stage of complaint handling, counted from the moment the complaint is received."""

    label: str
    durasi: DurasiModel

    def __str__(self) -> str:
        return f"{self.label}: {self.durasi}"


@dataclass(frozen=True)
class Defaults:
    """The office's due times for where the standard publishes none."""

    consultation: DurasiModel
    visit: DurasiModel
    complaint: tuple[Stage, ...]


def parse_duration(text: str) -> DurasiModel:
    """'5 hari kerja' → DurasiModel, with layanan's parser; SettingRefused (Indonesian) otherwise."""
    try:
        parsed = parse_durasi(text)
        durasi = DurasiModel.model_validate(parsed)
    except ValueError as error:  # parse_durasi's own messages are Indonesian
        if isinstance(error, ValidationError):
            raise SettingRefused(f"'{text}' bukan jangka waktu — tulis angka lebih dari 0 dan satuan, "
                                 "misalnya '5 hari kerja'") from None
        raise SettingRefused(_capital(str(error))) from None
    longest = LONGEST[durasi.satuan]
    if durasi.jumlah > longest:
        raise SettingRefused(f"'{text}' terlalu lama — paling lama {longest} {durasi.satuan.value}")
    return durasi


def parse_stages(text: str) -> tuple[Stage, ...]:
    """Complaint stages, one per line, 'Nama tahap: jangka waktu', each counted from the moment
    the complaint is received (as a standard's tenggat_pengaduan is), so shortest first."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise SettingRefused("Isi paling sedikit satu tahap, misalnya 'Penyelesaian pengaduan: 10 hari kerja'")
    if len(lines) > MOST_STAGES:
        raise SettingRefused(f"Paling banyak {MOST_STAGES} tahap; sekarang ada {len(lines)} baris")
    stages: list[Stage] = []
    for number, line in enumerate(lines, start=1):
        label, colon, duration = line.rpartition(":")
        label = label.strip()
        if not colon or not label:
            raise SettingRefused(f"Baris {number} ('{line}'): tulis nama tahap, titik dua, lalu jangka waktunya, "
                                 "misalnya 'Verifikasi pengaduan: 3 hari kerja'")
        if len(label) > STAGE_NAME_LENGTH:
            raise SettingRefused(f"Baris {number}: nama tahap paling panjang {STAGE_NAME_LENGTH} karakter")
        try:
            durasi = parse_duration(duration.strip())
        except SettingRefused as error:
            raise SettingRefused(f"Baris {number} ('{label}'): {error}") from None
        if stages and stages[-1].durasi.satuan is durasi.satuan and durasi.jumlah < stages[-1].durasi.jumlah:
            raise SettingRefused(f"Baris {number} ('{label}', {durasi}) lebih singkat dari tahap sebelumnya "
                                 f"({stages[-1].durasi}): setiap tahap dihitung sejak pengaduan diterima, jadi "
                                 "urutkan dari yang tercepat")
        stages.append(Stage(label, durasi))
    return tuple(stages)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Setting:
    """One setting: its key in the table, its label, its default and why, what it is used for."""

    key: str
    label: str
    default: str
    used_for: str
    basis: str
    multiline: bool = False

    def parse(self, text: str) -> DurasiModel | tuple[Stage, ...]:
        return parse_stages(text) if self.multiline else parse_duration(text)

    def canonical(self, text: str) -> str:
        """The text as stored: ' 5  Hari Kerja ' → '5 hari kerja', one 'Tahap: waktu' a line."""
        parsed = self.parse(text)
        return "\n".join(str(stage) for stage in parsed) if self.multiline else str(parsed)


CONSULTATION = Setting(
    "tenggat_bawaan.konsultasi", "Waktu penyelesaian konsultasi", "3 hari kerja",
    "Jatuh tempo permintaan konsultasi yang masuk melalui saluran yang waktu penyelesaiannya tidak "
    "ditetapkan standar (misalnya konsultasi online pada standar PST BPS Kabupaten Kutai Barat).",
    "Bawaan 3 hari kerja: waktu yang ditetapkan standar konsultasi statistik online BPS Kota Samarinda, "
    "provinsi yang sama.")
VISIT = Setting(
    "tenggat_bawaan.kunjungan", "Waktu penyelesaian kunjungan langsung", "10 menit",
    "Jatuh tempo kunjungan langsung (buku tamu dan antrean) dan konsultasi tatap muka pada layanan yang "
    "standarnya tidak menetapkan waktu untuk kunjungan langsung. Dihitung sejak pengunjung datang.",
    "Bawaan 10 menit: waktu kunjungan langsung pada standar konsultasi PST BPS Kabupaten Kutai Barat dan "
    "BPS Kota Samarinda; layanan perpustakaan PST 5 sampai 10 menit.")
COMPLAINT = Setting(
    "tenggat_bawaan.pengaduan", "Tahap penanganan pengaduan",
    "Verifikasi pengaduan: 3 hari kerja\nTindak lanjut: 5 hari kerja\nPenyelesaian pengaduan: 10 hari kerja",
    "Tahap dan jatuh tempo setiap pengaduan pada unit yang standarnya tidak menetapkan tahap penanganan "
    "pengaduan. Satu tahap per baris ('Nama tahap: jangka waktu'); setiap tahap dihitung sejak pengaduan "
    "diterima; tahap terakhir menjadi jatuh tempo pengaduan.",
    "Bawaan: verifikasi 3 hari kerja dan tindak lanjut 5 hari kerja seperti SP4N-LAPOR!, selesai 10 hari kerja "
    "seperti contoh standar kantor lain (verifikasi 3, tanggapan 5, selesai 10 hari kerja).",
    multiline=True)
SETTINGS = (CONSULTATION, VISIT, COMPLAINT)
BY_KEY = {setting.key: setting for setting in SETTINGS}

BUILT_IN = Defaults(consultation=parse_duration(CONSULTATION.default), visit=parse_duration(VISIT.default),
                    complaint=parse_stages(COMPLAINT.default))


def _remembered(name: object, load):  # noqa: ANN001, ANN202 - a loader and what it returns
    """What `load()` returned in this app process less than CACHE_SECONDS ago, else load it."""
    cache = current_app.extensions.setdefault(_CACHE_KEY, {})
    now = time.monotonic()
    entry = cache.get(name)
    if entry is None or now - entry[0] > CACHE_SECONDS:
        entry = cache[name] = (now, load())
    return entry[1]


def forget() -> None:
    """Read the settings and leave days afresh next time (after a change in this process)."""
    current_app.extensions.pop(_CACHE_KEY, None)


def values() -> dict[str, str]:
    """Each setting's text as the office set it, or its default."""
    stored = dict(db.session.execute(db.select(OfficeSetting.kunci, OfficeSetting.nilai)).all())
    return {setting.key: stored.get(setting.key, setting.default) for setting in SETTINGS}


def defaults() -> Defaults:
    """The office's default due times; the built-in ones outside an app (a script, a test
    without a database). A stored value that no longer parses falls back to the built-in one."""
    if not has_app_context():
        return BUILT_IN
    texts = _remembered("values", values)
    return _parsed(texts[CONSULTATION.key], texts[VISIT.key], texts[COMPLAINT.key])


@lru_cache(maxsize=8)
def _parsed(consultation: str, visit: str, complaint: str) -> Defaults:
    """The defaults from their texts (parsed once per text: every submission reads them)."""

    def read(setting: Setting, text: str, built_in):  # noqa: ANN001, ANN202
        try:
            return setting.parse(text)
        except SettingRefused:
            return built_in
    return Defaults(consultation=read(CONSULTATION, consultation, BUILT_IN.consultation),
                    visit=read(VISIT, visit, BUILT_IN.visit), complaint=read(COMPLAINT, complaint, BUILT_IN.complaint))


def change(texts: dict[str, str], actor: Staff, *, address: str | None = None) -> list[str]:
    """Store the settings whose text changed (each checked first: SettingRefused names the
    setting), audit each, commit; the keys changed."""
    checked = {}
    for key, text in texts.items():
        setting = BY_KEY[key]
        try:
            checked[key] = setting.canonical(text)
        except SettingRefused as error:
            raise SettingRefused(f"{setting.label}: {error}") from None
    now_stored = values()
    changed = [key for key, text in checked.items() if text != now_stored[key]]
    for key in changed:
        row = db.session.get(OfficeSetting, key)
        if row is None:
            db.session.add(OfficeSetting(kunci=key, nilai=checked[key], diubah=utcnow()))
        else:
            row.nilai, row.diubah = checked[key], utcnow()
        audit.record(actor, "pengaturan_diubah", target=f"pengaturan:{key}", address=address,
                     details={"kunci": key, "dari": now_stored[key], "menjadi": checked[key]})
    try:
        db.session.commit()
    except IntegrityError:  # another admin stored the same setting first
        db.session.rollback()
        raise SettingRefused("Pengaturan ini baru saja diubah admin lain — muat ulang halaman, periksa, "
                             "lalu simpan lagi") from None
    forget()
    return changed


# --- leave days -------------------------------------------------------------------------------

def closed_days(unit_id: str, since: dt.date) -> frozenset[dt.date]:
    """The leave days of this unit (its own and the all-units ones) from `since` on; none
    outside an app."""
    if not has_app_context():
        return frozenset()
    # The few upcoming leave days of every unit, picked here: an OR with IS NULL in the query
    # costs three times as much on this path, which every public submission takes.
    rows = _remembered(("cuti", since), lambda: db.session.execute(
        db.select(LeaveDay.tanggal, LeaveDay.unit_id).where(LeaveDay.tanggal >= since)).all())
    return frozenset(day for day, owner in rows if owner is None or owner == unit_id)


def leave_days(unit_ids: Iterable[str], since: dt.date, until: dt.date) -> list[LeaveDay]:
    """Leave days between two dates (inclusive) of these units and of all units, by date."""
    query = (db.select(LeaveDay)
             .where(LeaveDay.tanggal.between(since, until),
                    db.or_(LeaveDay.unit_id.is_(None), LeaveDay.unit_id.in_(list(unit_ids))))
             .order_by(LeaveDay.tanggal, LeaveDay.unit_id.nulls_first(), LeaveDay.id))
    return list(db.session.scalars(query))


def add_leave_day(day: dt.date, unit_ids: list[str] | None, reason: str, actor: Staff, *, today: dt.date,
                  address: str | None = None) -> list[LeaveDay]:
    """A leave day for these units (None: every unit), from today to the end of next year;
    audited and committed. Refused if the same day is already a leave day for one of them."""
    if day < today:
        raise SettingRefused("Tanggal hari cuti sudah lewat — hari cuti hanya berlaku untuk kasus baru, "
                             "jadi pilih hari ini atau sesudahnya")
    if day.year > today.year + 1:
        raise SettingRefused(f"Hari cuti paling jauh 31 Desember {today.year + 1}")
    reason = " ".join(reason.split())
    if not reason:
        raise SettingRefused("Isi keterangan hari cuti, misalnya 'Hari jadi Kabupaten Kutai Barat'")
    if len(reason) > REASON_LENGTH:
        raise SettingRefused(f"Keterangan paling panjang {REASON_LENGTH} karakter")
    targets: list[str | None] = [None] if unit_ids is None else sorted(set(unit_ids))
    existing = db.session.scalars(db.select(LeaveDay).where(LeaveDay.tanggal == day)).all()
    for row in existing:
        if row.unit_id is None or unit_ids is None or row.unit_id in targets:
            whom = "semua unit" if row.unit_id is None else f"unit {row.unit_id}"
            raise SettingRefused(f"Tanggal {formatting.tanggal(day)} sudah menjadi hari cuti untuk {whom} "
                                 f"('{row.keterangan}')")
    added = [LeaveDay(tanggal=day, unit_id=unit_id, keterangan=reason) for unit_id in targets]
    db.session.add_all(added)
    for row in added:
        audit.record(actor, "hari_cuti_ditambah", target=f"hari_cuti:{day.isoformat()}", unit_id=row.unit_id,
                     address=address, details={"tanggal": day.isoformat(), "unit": row.unit_id or "semua",
                                               "keterangan": reason})
    db.session.commit()
    forget()
    return added


def remove_leave_day(row: LeaveDay, actor: Staff, *, today: dt.date, address: str | None = None) -> None:
    """Remove a leave day that has not passed (a past one already counted in stored due times
    and stays as the record of it); audited and committed."""
    if row.tanggal < today:
        raise SettingRefused("Hari cuti yang sudah lewat tidak dapat dihapus: jatuh tempo kasus sudah "
                             "dihitung dengannya")
    audit.record(actor, "hari_cuti_dihapus", target=f"hari_cuti:{row.tanggal.isoformat()}", unit_id=row.unit_id,
                 address=address, details={"tanggal": row.tanggal.isoformat(), "unit": row.unit_id or "semua",
                                           "keterangan": row.keterangan})
    db.session.delete(row)
    db.session.commit()
    forget()
