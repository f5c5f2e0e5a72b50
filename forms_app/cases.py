"""Cases: opening one, changing its status, replying, assigning, deleting it.

Every status change goes through `change_status` (or `reply`, which may change the status in
the same step), which writes in one transaction the new status, its history row (from, to,
who, when, a note that is public or internal as said), the mail to the citizen, and the
audit entry of the staff member who made it.
Opening a case (`open_case`) is the first such change, inside the submission's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select

from forms_app import attachments, audit, deadlines, lifecycle, outbox, survey
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Status
from forms_app.models import Deadline, Reply, StatusEvent, Submission, utcnow
from forms_app.staff_models import Staff
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


class CaseRefused(ValueError):
    """A change the desk must not make as asked (a forward without a recipient, a closure
    without a reason); the message says in Indonesian what to fill in."""


FORWARD_NEEDED = ("Isi kepada siapa pengajuan ini diteruskan (misalnya SP4N-LAPOR! atau kantor lain) — "
                  "status 'bukan wewenang' memerlukannya")
CLOSE_REASON_NEEDED = "Isi alasan penutupan (spam, duplikat dari kode lain, atau alasan lain)"


def change_status(case: Submission, new: Status, actor: Staff | str, *, note: str | None, note_public: bool,
                  unit: UnitEntry, now: dt.datetime | None = None, forwarded_to: str | None = None,
                  reference: str | None = None, close_reason: str | None = None,
                  address: str | None = None) -> StatusEvent:
    """Move `case` to `new` and commit; raises lifecycle.TransitionRefused when not allowed,
    CaseRefused when `bukan_wewenang` has no `forwarded_to` or `ditutup` no `close_reason`.

    `actor` is the staff member (history names them, the audit log records the change in the
    same transaction, from `address`), or a name string for the system and scripts.
    `note_public` has no default: whether staff's note reaches the status page is always said."""
    now = now or utcnow()
    event = _apply_status(case, new, actor, note=note, note_public=note_public, unit=unit, now=now,
                          forwarded_to=forwarded_to, reference=reference, close_reason=close_reason,
                          address=address)
    if case.email:
        outbox.queue_status_change(case, event, unit)
    _commit()
    return event


def reply(case: Submission, actor: Staff, text: str, *, public: bool, unit: UnitEntry,
          new_status: Status | None = None, address: str | None = None,
          now: dt.datetime | None = None) -> Reply:
    """Add a public reply (status page, and one mail when there is an email) or an internal
    note (`public=False`: never leaves the desk), optionally with a status change in the same
    transaction and the same mail; audited; commits.

    Forwarding and closing need their own fields: they go through `change_status`."""
    now = now or utcnow()
    if not text or not text.strip():
        raise CaseRefused("Isi tanggapan" if public else "Isi catatan")
    if new_status is not None and not public:
        raise CaseRefused("Catatan internal tidak mengubah status — pakai formulir 'Ubah status'")
    if new_status in (Status.bukan_wewenang, Status.ditutup):
        raise CaseRefused("Untuk meneruskan atau menutup pengajuan, pakai formulir 'Ubah status'")
    event = None
    if new_status is not None:
        event = _apply_status(case, new_status, actor, note=None, note_public=False, unit=unit, now=now,
                              address=address)
    answer = Reply(isi=text.strip(), publik=public, waktu=now, staf_id=actor.id)
    case.balasan.append(answer)
    case.diperbarui = now
    if public:
        case.tanggapan_pertama = case.tanggapan_pertama or now
        if case.email:
            outbox.queue_reply(case, answer, event, unit)
    audit.record(actor, "balasan_dikirim" if public else "catatan_ditambah", target=audit.case_target(case.kode),
                 unit_id=case.unit_id, details={"status_baru": new_status.value} if new_status else None,
                 address=address, now=now)
    _commit()
    return answer


def assign(case: Submission, actor: Staff, assignee: Staff | None, *, note: str | None = None,
           address: str | None = None, now: dt.datetime | None = None) -> str:
    """Give the case to `assignee` (None: nobody), audited, and commit. Returns the action:
    'kasus_diambil' (the actor takes it), 'kasus_dialihkan' (from one staff member to another;
    `note` becomes an internal note), or 'kasus_ditugaskan'. The assignee must be an active
    staff member of the case's unit."""
    now = now or utcnow()
    if assignee is not None and (not assignee.aktif or not assignee.works_for(case.unit_id)):
        raise CaseRefused("Pilih staf yang aktif dan bekerja di unit pengajuan ini")
    previous = case.petugas_id
    if assignee is not None and previous == assignee.id:
        raise CaseRefused(f"Pengajuan ini sudah ditangani {assignee.nama}")
    if assignee is not None and assignee.id == actor.id and previous is None:
        action = "kasus_diambil"
    elif previous is not None and assignee is not None:
        action = "kasus_dialihkan"
    else:
        action = "kasus_ditugaskan"
    case.petugas_id = assignee.id if assignee else None
    case.petugas = assignee
    case.diperbarui = now
    if note and note.strip():
        whom = assignee.nama if assignee else "tidak ada petugas"
        case.balasan.append(Reply(isi=f"Dialihkan kepada {whom}: {note.strip()}", publik=False, waktu=now,
                                  staf_id=actor.id))
    audit.record(actor, action, target=audit.case_target(case.kode), unit_id=case.unit_id,
                 details={"dari_staf": previous, "ke_staf": assignee.id if assignee else None},
                 address=address, now=now)
    _commit()
    return action


def _apply_status(case: Submission, new: Status, actor: Staff | str, *, note: str | None, note_public: bool,
                  unit: UnitEntry, now: dt.datetime, forwarded_to: str | None = None,
                  reference: str | None = None, close_reason: str | None = None,
                  address: str | None = None) -> StatusEvent:
    """The status change itself, in the caller's transaction (no mail, no commit)."""
    current = case.status
    lifecycle.check_transition(current, new)
    forwarded_to = (forwarded_to or "").strip() or None
    close_reason = (close_reason or "").strip() or None
    if new is Status.bukan_wewenang and not forwarded_to:
        raise CaseRefused(FORWARD_NEEDED)
    if new is Status.ditutup and not close_reason:
        raise CaseRefused(CLOSE_REASON_NEEDED)
    if lifecycle.restarts_clock(current, new):
        _restart_clock(case, unit, now)
    if new.closes:
        case.ditutup_pada = now
    elif current.closes:
        case.ditutup_pada = None  # reopened: contacts are needed again
    if new is Status.bukan_wewenang:
        case.diteruskan_kepada = forwarded_to
        case.nomor_rujukan = (reference or "").strip() or None
    if new is Status.ditutup:
        case.alasan_tutup = close_reason
    if new is Status.selesai:
        case.diselesaikan_pada = now
        survey.invite(case, now)  # the one-time survey link, stored with the status or not at all
    case.status = new
    case.diperbarui = now
    staff = actor if isinstance(actor, Staff) else None
    event = StatusEvent(dari_status=current, status=new, waktu=now, pelaku=staff.nama if staff else actor,
                        staf_id=staff.id if staff else None, catatan=note or None, catatan_publik=note_public)
    case.riwayat.append(event)
    if staff is not None:
        # Every change by staff shows on the status page: it is a response to the citizen.
        case.tanggapan_pertama = case.tanggapan_pertama or now
        details = {"dari": current.value, "ke": new.value, "catatan_publik": bool(note and note_public)}
        if new is Status.bukan_wewenang:
            details.update(kepada=forwarded_to, nomor_rujukan=case.nomor_rujukan)
        audit.record(staff, "status_diubah", target=audit.case_target(case.kode), unit_id=case.unit_id,
                     details=details, address=address, now=now)
    return event


def _commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


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
