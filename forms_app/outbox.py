"""The outbox: mail is written in the submission's transaction and delivered later.

`queue_acknowledgement` adds a row in the caller's transaction, so a submission and its
acknowledgement are stored together or not at all. `deliver_due` (the `flask outbox kirim`
command) sends what is due, one row at a time; a failure is recorded and retried later with
a growing delay, so a mail server that is down loses nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, render_template

from forms_app import mail, standards
from forms_app.extensions import db
from forms_app.models import OutboxMessage, Submission, utcnow


def queue_acknowledgement(submission: Submission) -> OutboxMessage:
    """The acknowledgement with the tracking code, added to the current transaction."""
    unit = standards.catalog().units[submission.unit_id]
    service = standards.find_service(submission.unit_id, submission.layanan_id)
    subject = f"Tanda terima {submission.kode} — {unit.unit.singkatan or unit.unit.nama}"
    body = render_template(f"mail/tanda_terima_{submission.jenis}.txt", submission=submission,
                           unit=unit.unit, service=service)
    message = OutboxMessage(kepada=submission.email, subjek=subject, isi=body, coba_lagi=submission.dibuat,
                            pengajuan=submission)
    db.session.add(message)
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    pending: int = 0


def deliver_due(transport: mail.Transport, now: dt.datetime | None = None) -> DeliveryReport:
    """Send every message that is due, once; returns how many were sent, failed, and remain."""
    report = DeliveryReport()
    batch = current_app.config["OUTBOX_BATCH"]
    for _ in range(batch):
        now_ = now or utcnow()
        message = _next_due(now_)
        if message is None:
            break
        try:
            transport.send(mail.build(message, current_app.config["MAIL_SENDER"]))
        except Exception as exc:  # noqa: BLE001 - any failure of the transport is retried later
            message.percobaan += 1
            message.coba_lagi = now_ + retry_delay(message.percobaan)
            message.galat_terakhir = f"{type(exc).__name__}: {exc}"[:500]
            report.failed += 1
        else:
            message.terkirim = now_
            message.galat_terakhir = None
            report.sent += 1
        db.session.commit()
    report.pending = db.session.scalar(
        db.select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.terkirim.is_(None)))
    db.session.commit()
    return report


def retry_delay(attempts: int) -> dt.timedelta:
    first = current_app.config["OUTBOX_FIRST_RETRY_SECONDS"]
    longest = current_app.config["OUTBOX_MAX_RETRY_SECONDS"]
    return dt.timedelta(seconds=min(first * 2 ** (attempts - 1), longest))


def _next_due(now: dt.datetime) -> OutboxMessage | None:
    query = (db.select(OutboxMessage)
             .where(OutboxMessage.terkirim.is_(None), OutboxMessage.coba_lagi <= now)
             .order_by(OutboxMessage.coba_lagi, OutboxMessage.id)
             .limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # several senders never take the same row
    return db.session.scalar(query)
