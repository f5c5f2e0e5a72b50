"""The walk-in kiosk: the guestbook on the office's tablet, which gives a queue number, and the
display of the number being served. Public pages, under /kunjungan/<unit>/."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("kiosk", __name__, url_prefix="/kunjungan", template_folder="templates")

from forms_app.kiosk import views  # noqa: E402,F401 - registers the routes
