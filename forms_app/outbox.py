"""The outbox: mail is written in the same transaction as what it is about, and delivered later.

`queue_acknowledgement`, `queue_status_change` and `queue_reply` add a row in the caller's transaction, so a
case and its mail are stored together or not at all. The mail says what happened and where to
read more (and, when a case is finished, its one-time survey link: `forms_app.survey`); it never carries text a citizen typed (a name with a link in it would be a phishing
mail under the office's sender), nor staff's notes; a public reply carries its own text, which
is the office's answer. `deliver_due` (the `flask outbox kirim`
command, and a thread of `layanan serve`) sends what is due; a failure is retried with a
growing delay until OUTBOX_GIVE_UP_SECONDS after the mail was written, then given up visibly
(`gagal_pada`, listed by `flask outbox status`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, render_template

from forms_app import mail, survey
from forms_app.extensions import db
from forms_app.models import OutboxMessage, Reply, StatusEvent, Submission, utcnow
from layanan.catalog import ServiceEntry, UnitEntry


def queue_acknowledgement(case: Submission, unit: UnitEntry, service: ServiceEntry | None) -> OutboxMessage:
    """The acknowledgement with the tracking code, added to the current transaction."""
    subject = f"Tanda terima {case.kode} — {unit.unit.singkatan or unit.unit.nama}"
    body = render_template(f"mail/tanda_terima_{case.jenis.value}.txt", submission=case, unit=unit.unit,
                           service=service, status_url=status_url())
    return _queue(case, subject, body)


def queue_status_change(case: Submission, event: StatusEvent, unit: UnitEntry) -> OutboxMessage:
    subject = f"Status {case.kode}: {event.status.label} — {unit.unit.singkatan or unit.unit.nama}"
    body = render_template("mail/status.txt", submission=case, unit=unit.unit, event=event,
                           status_url=status_url(), survey_url=survey.mail_link(case, event.status, event.waktu))
    return _queue(case, subject, body)


def queue_reply(case: Submission, reply: Reply, event: StatusEvent | None, unit: UnitEntry) -> OutboxMessage:
    """A public reply by staff, with the status it brought when it changed one (one mail for
    the step). It carries the reply's text — the office's answer, written by staff — and never
    the citizen's own text, an internal note or the sender's name."""
    subject = f"Tanggapan atas {case.kode} — {unit.unit.singkatan or unit.unit.nama}"
    survey_url = survey.mail_link(case, event.status, event.waktu) if event is not None else None
    body = render_template("mail/balasan.txt", submission=case, unit=unit.unit, reply=reply, event=event,
                           status_url=status_url(), survey_url=survey_url)
    return _queue(case, subject, body)


def status_url() -> str | None:
    """The public address of the status page, when the office configured its base URL."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    return f"{base.rstrip('/')}/lacak/" if base else None


def _queue(case: Submission, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage(kepada=case.email, subjek=subject, isi=body, dibuat=case.diperbarui,
                            coba_lagi=case.diperbarui)
    case.surat.append(message)
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    pending: int = 0


def deliver_due(transport: mail.Transport, now: dt.datetime | None = None) -> DeliveryReport:
    """Send every message that is due, once; returns how many were sent, failed (to be retried),
    given up, and remain."""
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
            message.galat_terakhir = f"{type(exc).__name__}: {exc}"[:500]
            if now_ - message.dibuat >= _give_up_after():
                message.gagal_pada = now_
                report.given_up += 1
            else:
                message.coba_lagi = now_ + retry_delay(message.percobaan)
                report.failed += 1
        else:
            message.terkirim = now_
            message.galat_terakhir = None
            report.sent += 1
        db.session.commit()
    report.pending = db.session.scalar(
        db.select(db.func.count()).select_from(OutboxMessage).where(*_waiting()))
    db.session.commit()
    return report


def retry_delay(attempts: int) -> dt.timedelta:
    first = current_app.config["OUTBOX_FIRST_RETRY_SECONDS"]
    longest = current_app.config["OUTBOX_MAX_RETRY_SECONDS"]
    return dt.timedelta(seconds=min(first * 2 ** (attempts - 1), longest))


def given_up() -> list[OutboxMessage]:
    """Mail that will not be sent: staff must reach these citizens another way."""
    return list(db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.gagal_pada.is_not(None)).order_by(OutboxMessage.id)))


def counts() -> dict[str, int]:
    """How many messages wait, were sent, and were given up."""
    column = db.case((OutboxMessage.terkirim.is_not(None), "terkirim"),
                     (OutboxMessage.gagal_pada.is_not(None), "gagal"), else_="menunggu")
    found = dict(db.session.execute(db.select(column, db.func.count()).group_by(column)).all())
    return {state: found.get(state, 0) for state in ("menunggu", "terkirim", "gagal")}


def _give_up_after() -> dt.timedelta:
    return dt.timedelta(seconds=current_app.config["OUTBOX_GIVE_UP_SECONDS"])


def _waiting() -> tuple:
    return (OutboxMessage.terkirim.is_(None), OutboxMessage.gagal_pada.is_(None),
            OutboxMessage.kepada.is_not(None))


def _next_due(now: dt.datetime) -> OutboxMessage | None:
    query = (db.select(OutboxMessage)
             .where(*_waiting(), OutboxMessage.coba_lagi <= now)
             .order_by(OutboxMessage.coba_lagi, OutboxMessage.id)
             .limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # several senders never take the same row
    return db.session.scalar(query)
