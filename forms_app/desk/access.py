"""Who on the staff may see and do what: their units' cases only, identities by role.

- A case of a unit the staff member does not work for does not exist for them: 404.
- A page for some roles only answers 403 to the others.
- *anonim*: no identity is stored, so none can be shown. *rahasia*: only `pengelola_pengaduan`
  and admins see who sent it (`shows_identity`); everyone else sees "Identitas dirahasiakan".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from forms_app.extensions import client_address, db
from forms_app.lifecycle import Identity
from forms_app.models import Contact, Submission
from forms_app.staff_models import Role, Staff


def staff() -> Staff:
    """The signed-in staff member (the blueprint's guard has made sure there is one)."""
    return current_user._get_current_object()  # noqa: SLF001 - Flask-Login's proxy


def address() -> str:
    return client_address()


def requires_role(*roles: Role) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if staff().peran not in roles:
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def case_or_404(case_id: int, *, for_update: bool = False) -> Submission:
    """The case with this id if it belongs to one of the staff member's units; else 404."""
    query = db.select(Submission).where(Submission.id == case_id, Submission.unit_id.in_(staff().unit_ids))
    if for_update:
        query = query.with_for_update()
    case = db.session.scalar(query)
    if case is None:
        abort(404)
    return case


def unit_or_404(unit_id: str) -> str:
    if not staff().works_for(unit_id):
        abort(404)
    return unit_id


def shows_identity(case: Submission, viewer: Staff | None = None) -> bool:
    """Whether `viewer` (default: the signed-in staff member) may see who sent `case`."""
    viewer = viewer or staff()
    if case.identitas is Identity.anonim:
        return False
    if case.identitas is Identity.rahasia:
        return viewer.sees_confidential_identity
    return True


def contact(case: Submission, viewer: Staff | None = None) -> Contact | None:
    """The case's contact details as `viewer` may see them: None when hidden or absent."""
    return case.kontak if shows_identity(case, viewer) else None
