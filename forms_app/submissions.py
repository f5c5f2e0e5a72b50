"""Turning a confirmed draft into a submission: one transaction, or nothing at all.

In that transaction: the draft's row locked (of two clicks on Kirim, one wins), the
submission with its unique tracking code, its first status, its attachments moved from the
draft, the acknowledgement mail in the outbox, and the draft deleted. The submission keeps
the draft's token (unique), so the second click finds what the first one stored. A clash of tracking codes (60 random bits: it will not happen, but it must not lose
a submission if it does) rolls back and tries again with a new code.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError

from forms_app import outbox, tracking
from forms_app.extensions import db
from forms_app.models import (
    Complaint,
    Consultation,
    Draft,
    Identity,
    Kind,
    StatusEvent,
    Submission,
    utcnow,
)

CONSENT_NOTICE_VERSION = "2026-11-25"
"""The version of the personal-data notice shown with the forms; stored as proof of consent."""

_ATTEMPTS = 5


class CodeSpaceExhausted(RuntimeError):
    """Several fresh codes in a row were taken: the generator is broken, not unlucky."""


def submit(draft: Draft) -> Submission | None:
    """The submission made from `draft`; None when another request already made it."""
    kind = Kind(draft.jenis)
    for _ in range(_ATTEMPTS):
        try:
            # Build every row first and write nothing until the claim: on SQLite the claim takes
            # the database's one write lock, held then only for the statements and the commit.
            list(draft.lampiran)
            with db.session.no_autoflush:
                submission = _from_draft(draft, kind)
                claimed = _claim(draft)
            if not claimed:
                db.session.rollback()
                return None
            db.session.commit()
            return submission
        except IntegrityError as exc:
            db.session.rollback()
            if not _is_code_clash(exc):
                raise
    raise CodeSpaceExhausted("tidak mendapat kode pelacakan yang belum dipakai")


def _claim(draft: Draft) -> bool:
    """Lock the draft's row in this transaction. Both clicks of a double click have read the
    draft; the second waits here until the first has committed, then finds it gone."""
    claimed = db.session.execute(
        db.update(Draft).where(Draft.token == draft.token).values(dibuat=Draft.dibuat)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def _from_draft(draft: Draft, kind: Kind) -> Submission:
    answers = draft.isian
    now = utcnow()
    if kind is Kind.konsultasi:
        submission: Submission = Consultation(
            kategori_pengguna=answers["kategori_pengguna"], topik=answers["topik"],
            pertanyaan=answers["pertanyaan"], saluran_balasan=answers["saluran_balasan"],
            identitas=Identity.biasa.value)
    else:
        submission = Complaint(
            jenis_aduan=answers["jenis_aduan"], aspek=answers["aspek"], uraian=answers["uraian"],
            tanggal_kejadian=dt.date.fromisoformat(answers["tanggal_kejadian"]),
            penyelesaian=answers.get("penyelesaian") or None, identitas=answers["identitas"])
    submission.kode = tracking.new_code(kind)
    submission.draf_asal = draft.token
    submission.unit_id = draft.unit_id
    submission.layanan_id = answers.get("layanan") or draft.layanan_id
    submission.dibuat = now
    if submission.identity is not Identity.anonim:
        submission.nama = answers["nama"]
        submission.email = answers.get("email") or None
        submission.telepon = answers.get("telepon") or None
        submission.persetujuan_waktu = now
        submission.persetujuan_versi = CONSENT_NOTICE_VERSION
    submission.riwayat.append(StatusEvent(status="diterima", waktu=now))
    db.session.add(submission)
    for attachment in list(draft.lampiran):
        attachment.pengajuan = submission
        attachment.draf = None
    if submission.email:
        outbox.queue_acknowledgement(submission)
    db.session.delete(draft)
    return submission


def _is_code_clash(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "kode" in text and ("unique" in text or "duplicate" in text)


def find(code: str) -> Submission | None:
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def made_from_draft(token: str) -> Submission | None:
    return db.session.scalar(db.select(Submission).where(Submission.draf_asal == token))
