"""Signed-in staff sessions, kept in the database.

The browser holds a random token (in the signed session cookie, through Flask-Login); the
database holds its SHA-256. A session ends on sign-out, after `idle` without a request, after
`longest` in all, or when its account is deactivated or its password or two-factor reset.
Signing in always starts a new session with a new token: a token known before sign-in (planted
in a shared browser) is worth nothing after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import Staff, StaffSession

TOUCH_EVERY = dt.timedelta(seconds=60)  # last activity is written at most once a minute


def digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(staff: Staff, address: str | None, now: dt.datetime | None = None) -> str:
    """A new session for `staff` (committed); returns its token."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_sha256=digest(token), staf_id=staff.id, dibuat=now, terakhir_aktif=now,
                                alamat=address))
    staff.terakhir_masuk = now
    db.session.commit()
    staff.session_token = token
    return token


def load(token: str, idle: dt.timedelta, longest: dt.timedelta, now: dt.datetime | None = None) -> Staff | None:
    """The staff member of a live session, or None (ending it when it has just run out)."""
    now = now or utcnow()
    record = db.session.get(StaffSession, digest(token))
    if record is None or record.berakhir is not None:
        return None
    staff = record.staf
    if not staff.aktif or now - record.terakhir_aktif > idle or now - record.dibuat > longest:
        record.berakhir = now
        db.session.commit()
        return None
    if now - record.terakhir_aktif >= TOUCH_EVERY:
        record.terakhir_aktif = now
        db.session.commit()
    staff.session_token = token
    return staff


def end(token: str, now: dt.datetime | None = None) -> None:
    record = db.session.get(StaffSession, digest(token))
    if record is not None and record.berakhir is None:
        record.berakhir = now or utcnow()
        db.session.commit()


def ended_reason(token: str, idle: dt.timedelta, now: dt.datetime | None = None,
                 longest: dt.timedelta | None = None) -> str | None:
    """Why a token's session is no longer live, for the sign-in page: 'idle', 'longest' (it
    reached its longest life) or 'ended' (signed out, or ended by a change to the account)."""
    record = db.session.get(StaffSession, digest(token))
    if record is None:
        return None
    if record.berakhir is not None and record.berakhir - record.terakhir_aktif >= idle:
        return "idle"
    if record.berakhir is not None and longest is not None and record.berakhir - record.dibuat >= longest:
        return "longest"
    return "ended"


def live(staff: Staff, idle: dt.timedelta, longest: dt.timedelta,
         now: dt.datetime | None = None) -> list[StaffSession]:
    """The account's sessions that have not ended, newest first (one that ran out but was not
    used since is left out, though not yet marked ended)."""
    now = now or utcnow()
    found = db.session.scalars(db.select(StaffSession)
                               .where(StaffSession.staf_id == staff.id, StaffSession.berakhir.is_(None),
                                      StaffSession.terakhir_aktif >= now - idle, StaffSession.dibuat >= now - longest)
                               .order_by(StaffSession.dibuat.desc())).all()
    return list(found)


def is_current(record: StaffSession, token: str | None) -> bool:
    return token is not None and record.token_sha256 == digest(token)
