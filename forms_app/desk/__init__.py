"""The staff desk, under /staf/: sign-in, the inbox, cases, walk-in queue, reports, admin.

Every route of this blueprint requires a signed-in staff member, checked once here before any
view runs (`_require_sign_in`), except the few that lead to signing in (`OPEN_ENDPOINTS`). A
staff member sees only the cases of their own units: `access.case_or_404` answers 404 for any
other, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user

from forms_app import staff_sessions

blueprint = Blueprint("desk", __name__, url_prefix="/staf", template_folder="templates")
login_manager = LoginManager()

# Endpoints a visitor who is not signed in may reach: each leads to signing in.
OPEN_ENDPOINTS = frozenset({"desk.sign_in", "desk.two_factor", "desk.enrol_two_factor", "desk.first_admin"})


@login_manager.user_loader
def _load(token: str):  # noqa: ANN202 - Flask-Login's hook
    config = current_app.config
    staff = staff_sessions.load(token, idle=dt.timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
                                longest=dt.timedelta(hours=config["STAFF_SESSION_MAX_HOURS"]))
    if staff is None:
        session["staf_sesi_berakhir"] = staff_sessions.ended_reason(
            token, dt.timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
            longest=dt.timedelta(hours=config["STAFF_SESSION_MAX_HOURS"])) or "ended"
    return staff


@login_manager.unauthorized_handler
def _unauthorized():  # noqa: ANN202
    reason = session.pop("staf_sesi_berakhir", None)
    if reason == "idle":
        flash(f"Sesi Anda berakhir karena tidak ada kegiatan selama {current_app.config['STAFF_IDLE_MINUTES']} "
              "menit. Silakan masuk lagi.", "info")
    elif reason == "longest":
        flash(f"Sesi Anda berakhir karena sudah {current_app.config['STAFF_SESSION_MAX_HOURS']} jam sejak Anda "
              "masuk. Silakan masuk lagi.", "info")
    elif request.endpoint != "desk.inbox":
        flash("Silakan masuk untuk membuka halaman staf.", "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("desk.sign_in", lanjut=target))


# What an editor of standards (who handles no cases, so sees none) may open in the desk: their own
# account; the desk's front page leads them to the standards editor.
EDITOR_ENDPOINTS = frozenset({"desk.account", "desk.account_password", "desk.account_two_factor",
                              "desk.account_two_factor_off", "desk.account_end_other_sessions", "desk.sign_out"})


@blueprint.before_request
def _require_sign_in():  # noqa: ANN202
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.peran.handles_cases and request.endpoint not in EDITOR_ENDPOINTS:
        if request.endpoint == "desk.inbox":
            return redirect(url_for("editor.index"))
        abort(403)
    return None


@blueprint.after_request
def _no_store(response):  # noqa: ANN001, ANN202
    """Staff pages hold personal data: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are checked server-side (staff_sessions)
    from forms_app.desk import navigation, views  # noqa: F401 - registers the routes

    app.register_blueprint(blueprint)
    navigation.register(app)
