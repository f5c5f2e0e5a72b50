"""The standards editor, under /staf/standar/: staff change a unit's profile and Maklumat or a
service's standard in forms, keep it as a draft, preview it, see what will change, and publish it
as a new version that the site shows seconds later.

Only admins and editors (`penyunting_standar`) reach it, and only for the units they work for
(another unit's standards answer 404). Signing in is the desk's (forms_app/desk/): a visitor who
is not signed in is sent there. The domain logic lives in plain modules the views call:
forms_app/standard_drafts.py (drafts, the stale-edit check, publishing) and
forms_app/site_builds.py (one site build at a time, in the background).
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort
from flask_login import current_user

from forms_app import editor_models  # noqa: F401 - the editor's tables
from forms_app.desk import login_manager

blueprint = Blueprint("editor", __name__, url_prefix="/staf/standar", template_folder="templates")


@blueprint.before_request
def _require_editor():  # noqa: ANN202
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.peran.edits_standards:
        abort(403)
    return None


@blueprint.after_request
def _no_store(response):  # noqa: ANN001, ANN202
    """Drafts are unpublished work: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    from forms_app.editor import views  # noqa: F401 - registers the routes

    app.register_blueprint(blueprint)
