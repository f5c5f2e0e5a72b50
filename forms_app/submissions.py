"""Turning a confirmed draft into a submission: one transaction, or nothing at all.

In that transaction: the draft's row locked (of two clicks on Kirim, one wins), the
submission with its unique tracking code, its first status, its attachments moved from the
draft, the acknowledgement mail in the outbox, and the draft deleted. The submission keeps
the draft's token (unique), so the second click finds what the first one stored. The case
is opened by `forms_app.cases.open_case`: first status, clock and due times, history, mail.
A clash of tracking codes (60 random bits: it will not happen, but it must not lose a
submission if it does) rolls back and tries again with a new code; it is recognised by
looking the code up, not by reading the database's error text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError

from forms_app import cases, standards, tracking
from forms_app.extensions import db
from forms_app.models import (
    Complaint,
    Consultation,
    Contact,
    Draft,
    Identity,
    Kind,
    Submission,
    utcnow,
)

CONSENT_NOTICE_VERSION = "2026-11-26"
"""The version of the personal-data notice shown with the forms; stored as proof of consent."""

_ATTEMPTS = 5


class CodeSpaceExhausted(RuntimeError):
    """Several fresh codes in a row were taken: the generator is broken, not unlucky."""


def submit(draft: Draft) -> Submission | None:
    """The submission made from `draft`; None when another request already made it."""
    kind = Kind(draft.jenis)
    for _ in range(_ATTEMPTS):
        submission = None
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
        except IntegrityError:
            code = submission.kode if submission is not None else None
            db.session.rollback()
            if code is None or not _code_taken(code):
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
            identitas=Identity.biasa)
    else:
        submission = Complaint(
            jenis_aduan=answers["jenis_aduan"], aspek=answers["aspek"], uraian=answers["uraian"],
            tanggal_kejadian=dt.date.fromisoformat(answers["tanggal_kejadian"]),
            penyelesaian=answers.get("penyelesaian") or None, identitas=Identity(answers["identitas"]))
    submission.kode = tracking.new_code(kind)
    submission.draf_asal = draft.token
    submission.unit_id = draft.unit_id
    submission.layanan_id = answers.get("layanan") or draft.layanan_id
    if submission.identitas is not Identity.anonim:
        submission.kontak = Contact(nama=answers["nama"], email=answers.get("email") or None,
                                    telepon=answers.get("telepon") or None)
        submission.persetujuan_waktu = now
        submission.persetujuan_versi = CONSENT_NOTICE_VERSION
    db.session.add(submission)
    for attachment in list(draft.lampiran):
        attachment.pengajuan = submission
        attachment.draf = None
    unit = standards.catalog().units[submission.unit_id]
    cases.open_case(submission, unit, standards.find_service(submission.unit_id, submission.layanan_id), now)
    db.session.delete(draft)
    return submission


def _code_taken(code: str) -> bool:
    """Whether a stored case already has `code` (so the failed insert was a clash of codes)."""
    return db.session.scalar(db.select(db.func.count()).select_from(Submission)
                             .where(Submission.kode == code)) > 0


def find(code: str) -> Submission | None:
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def made_from_draft(token: str) -> Submission | None:
    return db.session.scalar(db.select(Submission).where(Submission.draf_asal == token))
