"""Cases: opening one, changing its status, deleting it.

Every status change goes through `change_status`, which writes in one transaction the new
status, its history row (from, to, who, when, a note that is public or internal as said),
the mail to the citizen, and — when the staff desk adds its audit log — the audit entry.
Opening a case (`open_case`) is the first such change, inside the submission's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select

from forms_app import attachments, deadlines, lifecycle, outbox
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Status
from forms_app.models import Deadline, StatusEvent, Submission, utcnow
from layanan.catalog import ServiceEntry, UnitEntry

SYSTEM = "sistem"


def open_case(case: Submission, unit: UnitEntry, service: ServiceEntry | None, now: dt.datetime) -> None:
    """Give a new case its first status, its clock and due times, its history and its
    acknowledgement, in the caller's transaction (`submissions.submit` commits it)."""
    lifecycle.check_transition(None, lifecycle.INITIAL)
    case.status = lifecycle.INITIAL
    case.dibuat = case.diperbarui = now
    case.saluran = case.saluran or Channel.online  # the web form, unless staff entered it
    promised = deadlines.promised(case.jenis, unit, service, now, channel=case.saluran)
    case.jam_mulai = now
    case.jatuh_tempo = promised.final_due
    case.tenggat_bawaan = promised.from_office_default
    case.standar_sha256 = promised.standard_sha256
    case.tenggat = [
        Deadline(urutan=number, tahap=stage.label, janji=str(stage.durasi) if stage.durasi else None,
                 keterangan=stage.keterangan, alasan_tidak_diketahui=stage.unknown_reason, jatuh_tempo=stage.due)
        for number, stage in enumerate(promised.stages, start=1)
    ]
    case.riwayat.append(StatusEvent(dari_status=None, status=case.status, waktu=now, pelaku=SYSTEM,
                                    catatan=None, catatan_publik=False))
    if case.email:
        outbox.queue_acknowledgement(case, unit, service)


def change_status(case: Submission, new: Status, actor: str, *, note: str | None, note_public: bool,
                  unit: UnitEntry, now: dt.datetime | None = None) -> StatusEvent:
    """Move `case` to `new` and commit; raises lifecycle.TransitionRefused when not allowed.

    `note_public` has no default: whether staff's note reaches the status page is always said."""
    now = now or utcnow()
    current = case.status
    lifecycle.check_transition(current, new)
    if lifecycle.restarts_clock(current, new):
        _restart_clock(case, unit, now)
    if new.closes:
        case.ditutup_pada = now
    elif current.closes:
        case.ditutup_pada = None  # reopened: contacts are needed again
    case.status = new
    case.diperbarui = now
    event = StatusEvent(dari_status=current, status=new, waktu=now, pelaku=actor, catatan=note or None,
                        catatan_publik=note_public)
    case.riwayat.append(event)
    if case.email:
        outbox.queue_status_change(case, event, unit)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return event


def _restart_clock(case: Submission, unit: UnitEntry, now: dt.datetime) -> None:
    """The promised times count again from `now`, as they were promised (not as today's
    standard says)."""
    case.jam_mulai = now
    for stage in case.tenggat:
        stage.jatuh_tempo = deadlines.recount(stage.janji, unit, now)
    case.jatuh_tempo = case.tenggat[-1].jatuh_tempo if case.tenggat else None


def inbox_query(unit_ids: list[str], statuses: list[Status]) -> Select:
    """The cases of these units in these statuses, soonest due first (those without a due
    time last); served by the index ix_pengajuan_kotak_masuk."""
    return (db.select(Submission)
            .where(Submission.unit_id.in_(unit_ids), Submission.status.in_(statuses))
            .order_by(Submission.jatuh_tempo.asc().nulls_last(), Submission.id))


def delete_case(case: Submission) -> None:
    """Delete a case with everything it has (history, replies, deadlines, contact, mail,
    attachments) and its attachments' files, and commit."""
    stored = [attachment.nama_simpan for attachment in case.lampiran]
    db.session.delete(case)
    db.session.commit()
    attachments.discard(stored)
