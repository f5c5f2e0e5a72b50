"""Retention of personal data (UU 27/2022): contact details go when their time is up.

A case's contact details are kept while it is open and for `DATA_RETENTION_DAYS` after it was
last closed (answered, declined or closed) — whoever entered it, the citizen or staff on their
behalf; a walk-in visit's also once its queue day is that old, even if nobody closed it (the
visitor left) — then they are erased everywhere they were copied:
the contact row, the addresses and bodies of its mail in the outbox (and the copies the
development mail folder keeps), and the original names of its attachments. What happened, the
replies and the history stay for the office's records. On SQLite, erased bytes are
overwritten (`secure_delete`) and the write-ahead log is emptied, so they are not left in the
files either.

The desk's own records: staff sessions (with the address they came from) are deleted
`STAFF_SESSION_RETENTION_DAYS` after they ended. The audit log is kept: it names staff, never
citizens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from forms_app import drafts
from forms_app.extensions import db
from forms_app.models import Attachment, Contact, OutboxMessage, Submission, Visit, utcnow
from forms_app.staff_models import StaffSession

ERASED_BODY = "(Isi email ini dihapus bersama data kontak pengirimnya.)"


@dataclass(frozen=True)
class PurgeReport:
    """What one run of `purge` removed."""

    drafts: int  # expired drafts, with their files
    cases: int  # cases whose contact details were erased
    staff_sessions: int  # staff sessions ended long ago


def purge(now: dt.datetime | None = None) -> PurgeReport:
    """What `flask data bersihkan` does: delete expired drafts with their files, erase the
    contact details whose time is up, delete staff sessions ended long ago."""
    expired_drafts = drafts.purge_expired(now)
    erased = erase_expired_contacts(now)
    sessions = delete_old_staff_sessions(now)
    flush_sqlite_log()
    return PurgeReport(expired_drafts, erased, sessions)


def erase_expired_contacts(now: dt.datetime | None = None) -> int:
    """Erase the contact details of cases closed longer than the retention period, and of
    walk-in visits whose queue day is that old; returns how many cases."""
    cutoff = (now or utcnow()) - dt.timedelta(days=current_app.config["DATA_RETENTION_DAYS"])
    old_visits = db.select(Visit.id).where(Visit.tanggal_antrean < cutoff.date())
    expired = list(db.session.scalars(
        db.select(Submission.id).join(Contact)
        .where(db.or_(Submission.ditutup_pada < cutoff, Submission.id.in_(old_visits))).order_by(Submission.id)))
    # A transaction per batch: the first run at an office with years of cases holds the (SQLite)
    # writer lock for moments at a time, not for the whole run, so citizens can still send.
    for batch in _batches(expired):
        erase_contacts(batch)
    return len(expired)


ERASE_BATCH = 1000
"""Cases per statement and per transaction: PostgreSQL takes at most 65,535 parameters."""


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[start:start + ERASE_BATCH] for start in range(0, len(ids), ERASE_BATCH)]


def delete_old_staff_sessions(now: dt.datetime | None = None) -> int:
    """Delete staff sessions that ended (or were last used) more than STAFF_SESSION_RETENTION_DAYS
    ago, and commit; returns how many. A session unused that long has long run out."""
    cutoff = (now or utcnow()) - dt.timedelta(days=current_app.config["STAFF_SESSION_RETENTION_DAYS"])
    deleted = db.session.execute(
        db.delete(StaffSession).where(db.func.coalesce(StaffSession.berakhir, StaffSession.terakhir_aktif) < cutoff)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return deleted


def erase_contacts(case_ids: list[int]) -> None:
    """Erase every copy of the contact details of these cases, in one transaction (with whatever
    the caller added to it, such as its audit entry), and commit."""
    if not case_ids:
        return
    messages: list[int] = []
    for batch in _batches(case_ids):
        messages += db.session.scalars(db.select(OutboxMessage.id).where(OutboxMessage.pengajuan_id.in_(batch)))
        db.session.execute(db.delete(Contact).where(Contact.pengajuan_id.in_(batch)))
        db.session.execute(db.update(OutboxMessage).where(OutboxMessage.pengajuan_id.in_(batch))
                           .values(kepada=None, isi=ERASED_BODY))
        for attachment in db.session.scalars(db.select(Attachment).where(Attachment.pengajuan_id.in_(batch))):
            attachment.nama_asli = f"lampiran-{attachment.id}{Path(attachment.nama_asli).suffix.lower()[:8]}"
    db.session.commit()
    db.session.expire_all()
    _remove_mail_copies(messages)


def _remove_mail_copies(message_ids: list[int]) -> None:
    """The development mail folder keeps each sent mail as a file named after its outbox row."""
    folder = current_app.config.get("MAIL_FOLDER")
    if not folder or not Path(folder).is_dir():
        return
    for message_id in message_ids:
        for copy in Path(folder).glob(f"kotak-keluar-{message_id}.*.eml"):
            copy.unlink(missing_ok=True)


def flush_sqlite_log() -> None:
    """Copy the write-ahead log into the database file and empty it: erased rows' old pages
    otherwise stay in the log until the next checkpoint."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
