"""Retention of personal data (UU 27/2022): contact details go when their time is up.

After `DATA_RETENTION_DAYS` from a submission, its name, email and phone are erased; the
submission itself (what happened, the replies, the status) stays for the office's records.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from forms_app.extensions import db
from forms_app.models import Submission, utcnow


def erase_expired_contacts(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - dt.timedelta(days=current_app.config["DATA_RETENTION_DAYS"])
    result = db.session.execute(
        db.update(Submission)
        .where(Submission.dibuat < cutoff,
               db.or_(Submission.nama.is_not(None), Submission.email.is_not(None),
                      Submission.telepon.is_not(None)))
        .values(nama=None, email=None, telepon=None)
    )
    db.session.commit()
    return result.rowcount or 0
