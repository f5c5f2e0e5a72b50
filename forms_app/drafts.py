"""Drafts: what a citizen filled in, kept on the server between the form and its confirmation.

The session cookie carries only a random draft token per kind of form. The draft holds the
answers and the attachments already received, so the check-your-answers page can show them
and a "change" link can bring the form back filled in. Confirming turns the draft into a
submission in one transaction (`forms_app.submissions`).

Every save issues a new token (a new row; the attachments move to it, the old row goes): a
token planted in someone else's browser (a kiosk, an internet café) is dead as soon as that
person saves their answers, so its planter can read neither the answers nor the code.

Pending drafts may hold at most DRAFTS_MAX_BYTES of attachments in all, and
DRAFTS_MAX_BYTES_PER_CLIENT from one client address (IPv6 by /64); a save over either is
refused (`DraftsFull`). Each save also purges a few expired drafts with their files, so the
disk does not wait for the daily `data bersihkan`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from flask import current_app, session

from forms_app import attachments
from forms_app.extensions import client_address, db
from forms_app.models import Attachment, Draft, Kind, utcnow

_SESSION_KEY = "draf"
CLIENT_KEY = "_klien"  # in a draft's answers: a keyed hash of the client's address, never the address
PURGE_PER_SAVE = 20

FULL_MESSAGE = ("Saat ini kami tidak dapat menerima lampiran lagi karena tempat penyimpanan sementara sudah "
                "penuh. Kirim tanpa lampiran, atau coba lagi beberapa jam lagi.")
CLIENT_FULL_MESSAGE = ("Dari alamat Anda sudah ada banyak lampiran yang belum dikirim. Selesaikan atau tunggu "
                       "kiriman yang lain, kirim tanpa lampiran, atau coba lagi besok.")


class DraftsFull(RuntimeError):
    """Saving would take pending drafts over a cap; the message tells the citizen what to do."""


def session_token(kind: Kind) -> str | None:
    """The token of this session's draft of `kind`, if it has one."""
    return session.get(_SESSION_KEY, {}).get(kind.value)


def forget(kind: Kind) -> None:
    """Drop this session's draft token of `kind` (the draft was sent)."""
    tokens = dict(session.get(_SESSION_KEY, {}))
    if tokens.pop(kind.value, None) is not None:
        session[_SESSION_KEY] = tokens


def discard(kind: Kind, draft: Draft | None) -> None:
    """Delete `draft` (this session's draft of `kind`, if any) with its files, and forget its
    token: "Mulai dari awal" at a shared computer, so the next person finds an empty form."""
    forget(kind)
    if draft is None:
        return
    unsent = Attachment.pengajuan_id.is_(None)
    names = list(db.session.scalars(
        db.delete(Attachment).where(Attachment.draf_token == draft.token, unsent)
        .returning(Attachment.nama_simpan).execution_options(synchronize_session=False)))
    db.session.execute(db.delete(Draft).where(Draft.token == draft.token)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    attachments.discard(names)


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
    """Save this session's draft of `kind` under a new token and commit it; raises DraftsFull
    (nothing written) when its new files would take pending drafts over a cap."""
    purge_expired(limit=PURGE_PER_SAVE)
    previous = current(kind, unit_id, service_id)
    client = client_key()
    if new_files:
        _check_room(sum(r.size for r in new_files), client, removed)
    draft = Draft(token=secrets.token_urlsafe(32), jenis=kind.value, unit_id=unit_id, layanan_id=service_id,
                  isian={**answers, CLIENT_KEY: client}, dibuat=utcnow())
    db.session.add(draft)
    for received in new_files:
        row = attachments.as_row(received)
        row.draf = draft
        db.session.add(row)
    dropped = _retire(previous, draft, removed) if previous is not None else []
    db.session.commit()
    attachments.discard(dropped)
    tokens = dict(session.get(_SESSION_KEY, {}))
    tokens[kind.value] = draft.token
    session[_SESSION_KEY] = tokens
    return draft


def _retire(previous: Draft, draft: Draft, removed: set[int]) -> list[str]:
    """Move the previous draft's kept files to `draft`, delete the rest and the previous row;
    returns the stored names of the files to delete once committed.

    By statements on the ids read, not on the draft's token: of two saves of one draft at the
    same moment (a double click on Lanjutkan), the later one takes the files along, and a file
    a confirmation already gave to a submission stays with it."""
    db.session.flush()  # the new draft's row exists before files point to it
    ids = [a.id for a in previous.lampiran]
    kept = [i for i in ids if i not in removed]
    gone = [i for i in ids if i in removed]
    unsent = Attachment.pengajuan_id.is_(None)
    deleted: list[str] = []
    if kept:
        db.session.execute(db.update(Attachment).where(Attachment.id.in_(kept), unsent)
                           .values(draf_token=draft.token).execution_options(synchronize_session=False))
    if gone:
        deleted = list(db.session.scalars(
            db.delete(Attachment).where(Attachment.id.in_(gone), unsent).returning(Attachment.nama_simpan)
            .execution_options(synchronize_session=False)))
    db.session.execute(db.delete(Draft).where(Draft.token == previous.token)
                       .execution_options(synchronize_session=False))
    db.session.expire(previous)
    return deleted


def _check_room(adding: int, client: str, removed: set[int]) -> None:
    config = current_app.config
    pending = (db.select(db.func.coalesce(db.func.sum(Attachment.ukuran), 0))
               .join(Draft, Attachment.draf_token == Draft.token)
               .where(Draft.dibuat >= utcnow() - _lifetime()))
    if removed:
        pending = pending.where(Attachment.id.not_in(removed))
    if db.session.scalar(pending) + adding > config["DRAFTS_MAX_BYTES"]:
        current_app.logger.warning("draf penuh: lampiran draf mencapai DRAFTS_MAX_BYTES")
        raise DraftsFull(FULL_MESSAGE)
    mine = pending.where(Draft.isian[CLIENT_KEY].as_string() == client)
    if db.session.scalar(mine) + adding > config["DRAFTS_MAX_BYTES_PER_CLIENT"]:
        raise DraftsFull(CLIENT_FULL_MESSAGE)


def client_key() -> str:
    """A keyed hash of the client as rate limits count it (an IPv6 client by its /64): drafts
    from one client can be counted without keeping the address."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"draf-klien:" + client_address().encode(), hashlib.sha256).hexdigest()[:32]


def purge_expired(now: dt.datetime | None = None, limit: int | None = None) -> int:
    """Delete drafts past their lifetime with their files (at most `limit`); returns how many."""
    cutoff = (now or utcnow()) - _lifetime()
    query = db.select(Draft).where(Draft.dibuat < cutoff).order_by(Draft.dibuat)
    expired = db.session.scalars(query if limit is None else query.limit(limit)).all()
    if not expired:
        return 0
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
