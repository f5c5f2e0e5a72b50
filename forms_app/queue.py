"""The walk-in queue, as the seed's procedure has it: the visitor fills in the electronic
guestbook and gets a queue number, waits, is called to a desk, consults, and leaves.

A visit (`Visit`, kind `kunjungan`, channel `tatap_muka`) is a case like the others, opened by
`cases.open_case` (first status, the standard's walk-in completion time as its due time,
history, acknowledgement mail when there is an email). Its statuses:

    diterima (waiting) ──call_next──► diproses (called, being served) ──finish──► selesai
        │                                   │
        └──────────── no_show ──────────────┴──► ditutup ("tidak hadir")

Numbers are given per unit per day — the unit's own day, in its time zone — starting at 1, and
never twice: the database refuses a second (unit, day, number) (uq_kunjungan_nomor) and `join`
takes the next free one and tries again.

Two staff members calling the next visitor at the same moment never get the same one: the call
is a conditional UPDATE of the visit's row (`... WHERE dipanggil_pada IS NULL`); whoever's UPDATE
changes no row lost the race and takes the next waiting visitor. On PostgreSQL the loser's
UPDATE waits for the winner's row lock, then sees the row already called; on SQLite the
database's single writer lock puts the two UPDATEs one after the other. Every other change of a
visit (finish, no-show, recall) first takes the same row lock (`_lock`) and reads the visit
again, so it acts on what the visit is now, not on what a page showed a moment ago.

Every staff action is audited in the same transaction as the change (`audit.record`, then
`cases.change_status`, which commits both). Plain functions: no request; the views and the
tests call them inside an app context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from forms_app import audit, cases, standards, tracking
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import Contact, Submission, Visit, utcnow
from forms_app.staff_models import Staff
from layanan.catalog import ServiceEntry, UnitEntry
from layanan.kalender import zone
from layanan.model import Saluran

WAITING = Status.diterima
SERVING = Status.diproses
NO_SHOW_REASON = "tidak hadir"
DESK_LABEL_MAX = 40  # kunjungan.loket

_JOIN_ATTEMPTS = 50  # each lost race gives the number to someone else: one attempt per rival
_CALL_ATTEMPTS = 50

VISITS = Visit.__table__


class QueueRefused(ValueError):
    """A queue action that cannot be done as asked; the message (Indonesian) says why."""


# --- days and lists ---------------------------------------------------------------------------


def unit_entry(unit_id: str) -> UnitEntry:
    """The unit as the published standards describe it (its zone, its services)."""
    entry = standards.catalog().units.get(unit_id)
    if entry is None:
        raise QueueRefused("Unit ini tidak ada pada standar pelayanan yang diterbitkan")
    return entry


def local_day(unit: UnitEntry, now: dt.datetime) -> dt.date:
    """The unit's own date at `now`: a WITA office's day starts at 00.00 WITA (16.00 UTC)."""
    return now.astimezone(zone(unit.unit.zona_waktu)).date()


def today(unit_id: str, now: dt.datetime | None = None) -> dt.date:
    return local_day(unit_entry(unit_id), now or utcnow())


def walk_in_services(unit_id: str) -> list[ServiceEntry]:
    """The unit's services a visitor may come for: those with a walk-in procedure or time;
    every service when the standards name no channel at all for any of them."""
    services = list(standards.catalog().services_of(unit_id))
    walk_in = [s for s in services if Saluran.kunjungan_langsung in s.layanan.saluran()]
    return walk_in or services


def waiting(unit_id: str, day: dt.date) -> list[Visit]:
    """The visitors waiting on `day`, in the order of their numbers."""
    return list(db.session.scalars(
        db.select(Visit).where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
                               Visit.status == WAITING, Visit.dipanggil_pada.is_(None))
        .order_by(Visit.nomor_antrean)))


def now_serving(unit_id: str, day: dt.date) -> list[Visit]:
    """The visitors being served on `day`: at each desk, the one called last, desks in order."""
    called = db.session.scalars(
        db.select(Visit).where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
                               Visit.status == SERVING)
        .order_by(Visit.dipanggil_pada.desc(), Visit.nomor_antrean.desc()))
    at_desk: dict[str, Visit] = {}
    for visit in called:
        at_desk.setdefault(visit.loket or "", visit)
    return [at_desk[desk] for desk in sorted(at_desk)]


def being_served(unit_id: str, day: dt.date) -> list[Visit]:
    """Every visitor being served on `day`, called first first (the desk's own list)."""
    return list(db.session.scalars(
        db.select(Visit).where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
                               Visit.status == SERVING)
        .order_by(Visit.dipanggil_pada, Visit.nomor_antrean)))


def finished_count(unit_id: str, day: dt.date) -> dict[Status, int]:
    """How many of the day's visits ended served (selesai) and how many left (ditutup)."""
    rows = db.session.execute(
        db.select(Visit.status, db.func.count()).where(
            Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
            Visit.status.in_([Status.selesai, Status.ditutup])).group_by(Visit.status)).all()
    found = {Status.selesai: 0, Status.ditutup: 0}
    found.update({Status(status): count for status, count in rows})
    return found


def served_by(staff: Staff, unit_id: str, day: dt.date) -> list[Visit]:
    """The visitors this staff member called on `day` and is still serving."""
    return list(db.session.scalars(
        db.select(Visit).where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
                               Visit.status == SERVING, Visit.dipanggil_oleh_id == staff.id)
        .order_by(Visit.dipanggil_pada)))


def find(visit_id: int, unit_ids: list[str]) -> Visit | None:
    """The visit with this id if it belongs to one of `unit_ids` (a staff member's units)."""
    return db.session.scalar(db.select(Visit).where(Visit.id == visit_id, Visit.unit_id.in_(unit_ids)))


def ahead_of(visit: Visit) -> int:
    """How many visitors of the same day still wait with a smaller number."""
    return db.session.scalar(
        db.select(db.func.count()).select_from(Visit)
        .where(Visit.unit_antrean == visit.unit_antrean, Visit.tanggal_antrean == visit.tanggal_antrean,
               Visit.status == WAITING, Visit.dipanggil_pada.is_(None),
               Visit.nomor_antrean < visit.nomor_antrean)) or 0


# --- the guestbook ----------------------------------------------------------------------------


def join(unit: UnitEntry, service: ServiceEntry, name: str, purpose: str | None, *, email: str | None = None,
         phone: str | None = None, consent_version: str, now: dt.datetime | None = None) -> Visit:
    """The visitor's guestbook entry: a new visit with the next queue number of the unit's day,
    opened and committed. `consent_version`: the notice the visitor agreed to (stored with the
    time, as proof of consent)."""
    now = now or utcnow()
    day = local_day(unit, now)
    for _ in range(_JOIN_ATTEMPTS):
        visit = None
        try:
            with db.session.no_autoflush:
                visit = _new_visit(unit, service, name, purpose, email, phone, consent_version, now, day)
                db.session.add(visit)
                cases.open_case(visit, unit, service, now)
            db.session.commit()
            return visit
        except IntegrityError:
            db.session.rollback()
            if visit is None or not (_number_taken(unit.id, day, visit.nomor_antrean) or _code_taken(visit.kode)):
                raise
    raise QueueRefused("Nomor antrean belum dapat diberikan karena antrean sangat ramai — coba lagi")


def _new_visit(unit: UnitEntry, service: ServiceEntry, name: str, purpose: str | None, email: str | None,
               phone: str | None, consent_version: str, now: dt.datetime, day: dt.date) -> Visit:
    visit = Visit(unit_antrean=unit.id, tanggal_antrean=day, nomor_antrean=_next_number(unit.id, day),
                  keperluan=(purpose or "").strip() or None, identitas=Identity.biasa)
    visit.kode = tracking.new_code(Kind.kunjungan)
    visit.unit_id = unit.id
    visit.layanan_id = service.id
    visit.saluran = Channel.tatap_muka
    visit.kontak = Contact(nama=name, email=email or None, telepon=phone or None)
    visit.persetujuan_waktu = now
    visit.persetujuan_versi = consent_version
    return visit


def _next_number(unit_id: str, day: dt.date) -> int:
    highest = db.session.scalar(
        db.select(db.func.max(Visit.nomor_antrean))
        .where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day))
    return (highest or 0) + 1


def _number_taken(unit_id: str, day: dt.date, number: int) -> bool:
    return db.session.scalar(
        db.select(db.func.count()).select_from(VISITS)
        .where(VISITS.c.unit_antrean == unit_id, VISITS.c.tanggal_antrean == day,
               VISITS.c.nomor_antrean == number)) > 0


def _code_taken(code: str) -> bool:
    return db.session.scalar(db.select(db.func.count()).select_from(Submission)
                             .where(Submission.kode == code)) > 0


# --- the desk ---------------------------------------------------------------------------------


def call_next(staff: Staff, unit_id: str, desk_label: str, now: dt.datetime | None = None, *,
              address: str | None = None) -> Visit | None:
    """Call the waiting visitor with the lowest number of the unit's day to `desk_label`:
    claimed for this staff member alone, moved to *diproses*, audited, committed. None when
    nobody is waiting."""
    now = now or utcnow()
    desk_label = _desk(desk_label)
    unit = _unit_of(staff, unit_id)
    day = local_day(unit, now)
    for _ in range(_CALL_ATTEMPTS):
        candidate = first_waiting(unit_id, day)
        if candidate is None:
            db.session.rollback()
            return None
        if not _claim(candidate, staff, desk_label, now):
            db.session.rollback()  # another desk called this visitor a moment ago: the next one
            continue
        with _undone_on_error():
            visit = db.session.get(Visit, candidate, populate_existing=True)
            if visit.status is not WAITING:  # closed (left) while waiting
                db.session.rollback()
                continue
            visit.petugas_id = staff.id
            audit.record(staff, "pengunjung_dipanggil", target=audit.case_target(visit.kode), unit_id=unit_id,
                         details={"nomor": visit.nomor_label, "loket": desk_label}, address=address, now=now)
            cases.change_status(visit, SERVING, staff, note=None, note_public=False, unit=unit, now=now,
                                address=address)
        return visit
    raise QueueRefused("Banyak petugas memanggil bersamaan — tekan 'Panggil berikutnya' sekali lagi")


def first_waiting(unit_id: str, day: dt.date) -> int | None:
    """The id of the waiting visit with the lowest number (a moment later it may be called)."""
    return db.session.scalar(
        db.select(Visit.id).where(Visit.unit_antrean == unit_id, Visit.tanggal_antrean == day,
                                  Visit.status == WAITING, Visit.dipanggil_pada.is_(None))
        .order_by(Visit.nomor_antrean).limit(1))


def _claim(visit_id: int, staff: Staff, desk_label: str, now: dt.datetime) -> bool:
    """Mark the visit called, only if nobody called it yet; True when this UPDATE did it."""
    result = db.session.execute(
        db.update(VISITS).where(VISITS.c.id == visit_id, VISITS.c.dipanggil_pada.is_(None))
        .values(dipanggil_pada=now, dipanggil_oleh_id=staff.id, loket=desk_label))
    return result.rowcount == 1


def recall(visit: Visit, staff: Staff, desk_label: str | None = None, now: dt.datetime | None = None, *,
           address: str | None = None) -> Visit:
    """Call a visitor who is being served once more (they did not come yet), to the same desk or
    to `desk_label`; audited, committed. The wait stays counted to the first call."""
    now = now or utcnow()
    _unit_of(staff, visit.unit_id)
    desk_label = _desk(desk_label) if desk_label else None
    with _undone_on_error():
        _lock(visit)
        if visit.status is not SERVING:
            raise QueueRefused(f"{visit.nomor_label} tidak sedang dipanggil, jadi tidak dapat dipanggil ulang")
        if desk_label:
            visit.loket = desk_label
        visit.diperbarui = now
        audit.record(staff, "pengunjung_dipanggil_ulang", target=audit.case_target(visit.kode),
                     unit_id=visit.unit_id, details={"nomor": visit.nomor_label, "loket": visit.loket},
                     address=address, now=now)
        db.session.commit()
    return visit


def finish(visit: Visit, staff: Staff, record_text: str, now: dt.datetime | None = None, *,
           address: str | None = None) -> Visit:
    """The consultation is over: what was discussed recorded in `hasil_layanan`, the visit
    *selesai*, its service time fixed; audited, committed."""
    now = now or utcnow()
    unit = _unit_of(staff, visit.unit_id)
    text = (record_text or "").strip()
    if not text:
        raise QueueRefused("Isi catatan hasil konsultasi: apa yang ditanyakan dan apa yang disampaikan")
    with _undone_on_error():
        _lock(visit)
        if visit.status is not SERVING:
            raise QueueRefused(f"{visit.nomor_label} tidak sedang dilayani (status: {visit.status.label}), "
                               "jadi tidak dapat diselesaikan")
        visit.hasil_layanan = text
        audit.record(staff, "kunjungan_selesai", target=audit.case_target(visit.kode), unit_id=visit.unit_id,
                     details={"nomor": visit.nomor_label, "loket": visit.loket,
                              "tunggu_detik": _seconds(visit.dipanggil_pada - visit.dibuat),
                              "layanan_detik": _seconds(now - visit.dipanggil_pada)},
                     address=address, now=now)
        cases.change_status(visit, Status.selesai, staff, note=None, note_public=False, unit=unit, now=now,
                            address=address)
    return visit


def no_show(visit: Visit, staff: Staff, now: dt.datetime | None = None, *, expected: Status | None = None,
            address: str | None = None) -> Visit:
    """The visitor did not come when called, or left the queue: *ditutup*, "tidak hadir";
    audited, committed. With `expected` (the status the staff member's page showed), refused
    when the visit has moved since — e.g. another desk called the visitor a moment ago."""
    now = now or utcnow()
    unit = _unit_of(staff, visit.unit_id)
    with _undone_on_error():
        _lock(visit)
        if visit.status not in (WAITING, SERVING):
            raise QueueRefused(f"{visit.nomor_label} sudah {visit.status.label.lower()}, jadi tidak dapat "
                               "ditutup sebagai tidak hadir")
        if expected is not None and visit.status is not expected:
            raise QueueRefused(f"{visit.nomor_label} baru saja dipanggil ke {visit.loket or 'loket lain'} — "
                               "periksa lagi sebelum menutupnya" if visit.status is SERVING else
                               f"Status {visit.nomor_label} baru saja berubah — periksa lagi sebelum menutupnya")
        audit.record(staff, "kunjungan_tidak_hadir", target=audit.case_target(visit.kode), unit_id=visit.unit_id,
                     details={"nomor": visit.nomor_label, "loket": visit.loket,
                              "sudah_dipanggil": visit.dipanggil_pada is not None}, address=address, now=now)
        cases.change_status(visit, Status.ditutup, staff, note=None, note_public=False, unit=unit, now=now,
                            close_reason=NO_SHOW_REASON, address=address)
    return visit


def _lock(visit: Visit) -> None:
    """Take the visit's row lock (PostgreSQL) or the database's writer lock (SQLite) in this
    transaction, then read the visit as it is now."""
    db.session.execute(db.update(VISITS).where(VISITS.c.id == visit.id).values(loket=VISITS.c.loket))
    db.session.refresh(visit)


def _unit_of(staff: Staff, unit_id: str) -> UnitEntry:
    if not staff.works_for(unit_id):
        raise QueueRefused("Unit ini tidak termasuk unit tempat Anda bertugas")
    return unit_entry(unit_id)


def _desk(label: str | None) -> str:
    label = (label or "").strip()
    if not label:
        raise QueueRefused("Isi nama loket atau meja Anda, misalnya 'Loket 1'")
    if len(label) > DESK_LABEL_MAX:
        raise QueueRefused(f"Nama loket paling banyak {DESK_LABEL_MAX} karakter")
    return label


@contextmanager
def _undone_on_error() -> Iterator[None]:
    """The claim or lock, the change and its audit entry: committed together, or none of them."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise


# --- times against the standard ---------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """A visit's wait (arrival → first call) and service time (call → end), and what the
    standard promised it when it arrived: its walk-in completion time, stored as `jatuh_tempo`
    when the visit was opened (None when the standard publishes none). A wait or service still
    running is counted to `now`."""

    arrived: dt.datetime
    called: dt.datetime | None
    ended: dt.datetime | None  # finished (selesai) or closed (the visitor left)
    served: bool  # ended as selesai
    due: dt.datetime | None
    now: dt.datetime

    @property
    def wait(self) -> dt.timedelta:
        """Arrival to the first call; for a visitor who left unserved, to when they were
        closed; for one still waiting, to now."""
        return (self.called or self.ended or self.now) - self.arrived

    @property
    def service(self) -> dt.timedelta | None:
        if self.called is None:
            return None
        return (self.ended or self.now) - self.called

    @property
    def promised(self) -> dt.timedelta | None:
        """The standard's time as a duration from arrival (as the due time was counted)."""
        return None if self.due is None else self.due - self.arrived

    @property
    def called_within_standard(self) -> bool | None:
        """Called by the due time; None when the standard publishes no time, or when the
        visitor left unserved before it. Still waiting past it: False."""
        if self.due is None:
            return None
        if self.called is None and self.ended is not None:
            return None if self.ended <= self.due else False
        return (self.called or self.now) <= self.due

    @property
    def finished_within_standard(self) -> bool | None:
        """Served to the end by the due time; None when the standard publishes no time, the
        visitor left, or the visit runs and is not late yet."""
        if self.due is None or (self.ended is not None and not self.served):
            return None
        if self.ended is None:
            return False if self.now > self.due else None
        return self.ended <= self.due

    @property
    def overdue(self) -> bool:
        """Waiting or being served past the standard's time."""
        return self.due is not None and self.ended is None and self.now > self.due


def timing(visit: Visit, now: dt.datetime | None = None) -> Timing:
    ended = visit.ditutup_pada if visit.status in (Status.selesai, Status.ditutup) else None
    return Timing(arrived=visit.dibuat, called=visit.dipanggil_pada, ended=ended,
                  served=visit.status is Status.selesai, due=visit.jatuh_tempo, now=now or utcnow())


def _seconds(value: dt.timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds())
