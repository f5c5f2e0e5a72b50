"""The walk-in kiosk: the guestbook on the office's tablet, which gives a queue number, and the
display of the number being served. Public pages, under /kunjungan/<unit>/.

The tablet is shared by every visitor of the day: no page ever shows a previous visitor's
name or contact, the form is never filled in from an earlier visit, the ticket (number and
tracking code) can be reached only for KIOSK_TICKET_SHOWN_SECONDS after it was given, and no
browser or proxy keeps a copy of any page (Cache-Control: no-store).

Once a visit is finished, its ticket page offers the satisfaction survey (forms_app.survey),
bound to the ticket held by this tablet session, never to an address in the tablet's history;
a visitor whose ticket has left the tablet opens it with the visit's tracking code instead. The
next visitor opening the guestbook, answering, or KIOSK_SURVEY_SECONDS ends it."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("kiosk", __name__, url_prefix="/kunjungan", template_folder="templates",
                      static_folder="static", static_url_path="/aset")

from forms_app.kiosk import views  # noqa: E402,F401 - registers the routes
