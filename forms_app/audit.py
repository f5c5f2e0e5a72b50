"""The audit log: one append-only row per staff action, sign-ins included.

`record` adds the row to the caller's transaction, so an action and its audit entry are
committed together or not at all. Nothing here, or anywhere in the app, changes or deletes an
entry; the database refuses to as well (migration 0004's triggers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import AuditEntry, Staff

PAGE_SIZE = 50


def record(actor: Staff | None, action: str, *, target: str | None = None, unit_id: str | None = None,
           details: dict[str, Any] | None = None, address: str | None = None, email: str | None = None,
           now: dt.datetime | None = None) -> AuditEntry:
    """Add an entry (not committed). `email` names an actor without an account (a failed
    sign-in) and is kept as typed, cut to 254 characters."""
    entry = AuditEntry(waktu=now or utcnow(), staf_id=actor.id if actor else None,
                       staf_email=actor.email if actor else (email[:254] if email else None),
                       aksi=action, sasaran=target, unit_id=unit_id, rincian=details or None, alamat=address)
    db.session.add(entry)
    return entry


def case_target(code: str) -> str:
    return f"pengajuan:{code}"


def entries(page: int = 1, *, staff_id: int | None = None, action: str | None = None,
            target: str | None = None) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many there are in all."""
    query = db.select(AuditEntry)
    if staff_id is not None:
        query = query.where(AuditEntry.staf_id == staff_id)
    if action:
        query = query.where(AuditEntry.aksi == action)
    if target:
        query = query.where(AuditEntry.sasaran == target)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(AuditEntry.id.desc())
                              .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).all()
    return list(rows), total
