"""Drafts: what a citizen filled in, kept on the server between the form and its confirmation.

The session cookie carries only a random draft token per kind of form. The draft holds the
answers and the attachments already received, so the check-your-answers page can show them
and a "change" link can bring the form back filled in. Confirming turns the draft into a
submission in one transaction (`forms_app.submissions`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, session

from forms_app import attachments
from forms_app.extensions import db
from forms_app.models import Attachment, Draft, Kind, utcnow

_SESSION_KEY = "draf"


def session_token(kind: Kind) -> str | None:
    """The token of this session's draft of `kind`, if it has one (it may have been sent since)."""
    return session.get(_SESSION_KEY, {}).get(kind.value)


def current(kind: Kind, unit_id: str, service_id: str | None = None) -> Draft | None:
    token = session_token(kind)
    if not token:
        return None
    draft = db.session.get(Draft, token)
    if draft is None or draft.unit_id != unit_id or (service_id and draft.layanan_id != service_id):
        return None
    if draft.dibuat < utcnow() - _lifetime():
        return None
    return draft


def save(kind: Kind, unit_id: str, service_id: str | None, answers: dict,
         new_files: list[attachments.Received], removed: set[int]) -> Draft:
    """Create or update this session's draft for `kind` and commit it."""
    draft = current(kind, unit_id, service_id)
    if draft is None:
        draft = Draft(token=secrets.token_urlsafe(32), jenis=kind.value, unit_id=unit_id)
        db.session.add(draft)
    draft.layanan_id = service_id
    draft.isian = answers
    draft.dibuat = utcnow()
    dropped = [a for a in draft.lampiran if a.id in removed]
    for attachment in dropped:
        db.session.delete(attachment)
    for received in new_files:
        row = attachments.as_row(received)
        row.draf = draft
        db.session.add(row)
    db.session.commit()
    attachments.discard([a.nama_simpan for a in dropped])
    tokens = dict(session.get(_SESSION_KEY, {}))
    tokens[kind.value] = draft.token
    session[_SESSION_KEY] = tokens
    return draft


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete drafts past their lifetime with their files; returns how many."""
    cutoff = (now or utcnow()) - _lifetime()
    expired = db.session.scalars(db.select(Draft).where(Draft.dibuat < cutoff)).all()
    names = []
    for draft in expired:
        for attachment in draft.lampiran:
            names.append(attachment.nama_simpan)
            db.session.delete(attachment)
        db.session.delete(draft)
    db.session.commit()
    attachments.discard(names)
    return len(expired)


def kept_attachments(draft: Draft | None, removed: set[int]) -> list[Attachment]:
    if draft is None:
        return []
    return [a for a in draft.lampiran if a.id not in removed]


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["DRAFT_LIFETIME_HOURS"])
