"""The guestbook, the queue ticket, and the queue display.

The guestbook posts to itself and, once stored (`forms_app.queue.join`), redirects to the
ticket page. The session keeps only the visit's id and until when its ticket may be shown —
never the tracking code or a name. The ticket page refreshes itself back to the empty form when
that time is up; opening the guestbook again (its "Selesai" link) forgets the ticket at once.
"""

from __future__ import annotations

import math
import time

from flask import current_app, redirect, render_template, request, session, url_for

from forms_app import queue, standards, submissions, survey
from forms_app.errors import error_page
from forms_app.extensions import db, limiter
from forms_app.kiosk import blueprint
from forms_app.forms.lookup import LookupForm
from forms_app.kiosk.forms import GuestbookForm
from forms_app.lifecycle import Status
from forms_app.models import Visit, utcnow
from forms_app.survey_area.forms import SurveyForm
from forms_app.survey_area.views import context_of as survey_context
from forms_app.survey_area.views import gone_page
from forms_app.views import flow

TICKET_KEY = "tiket_kunjungan"
WAITING_SHOWN = 8  # numbers listed as next on the display
MAX_EXTENSIONS = 10  # presses of "Perlu waktu lebih lama" per ticket
SURVEY_SECONDS = 300  # KIOSK_SURVEY_SECONDS unless configured: time to answer the survey on the tablet

TOO_FAST = ("Buku tamu ini terkirim sangat cepat. Periksa kembali isiannya, lalu tekan 'Ambil nomor antrean' "
            "sekali lagi.")
STALE = ("Halaman buku tamu ini sudah lama terbuka. Kami sudah membukanya lagi: periksa kembali isiannya, lalu "
         "tekan 'Ambil nomor antrean' sekali lagi.")
SHOW_AGAIN = {"too-fast": TOO_FAST, "stale": STALE}
NO_SERVICES = ("Buku tamu belum tersedia",
               "Standar pelayanan unit ini belum mencantumkan layanan, sehingga buku tamu belum dapat diisi. "
               "Silakan langsung menemui petugas di loket.")


@blueprint.after_request
def _no_store(response):  # noqa: ANN001, ANN202
    """A shared tablet: the back button or a proxy must not bring back another visitor's page."""
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/<unit_id>/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_GUESTBOOK"], methods=["POST"])
def guestbook(unit_id: str):  # noqa: ANN201
    unit = standards.unit_or_404(unit_id)
    services = queue.walk_in_services(unit_id)
    if not services:
        return error_page(404, *NO_SERVICES)
    if request.method == "GET":
        session.pop(TICKET_KEY, None)  # the tablet is back at the form: the last ticket is gone
    form = GuestbookForm(services=[(s.id, s.layanan.nama) for s in services])
    status = 200
    if form.is_submitted():
        if form.validate():
            reason = form.abuse_reason()
            if reason in ("honeypot", "stamp"):
                return flow.refuse_bot()
            if reason is None:
                try:
                    visit = _join(unit, form)
                except queue.QueueRefused as refused:
                    form.form_errors.append(str(refused))
                else:
                    shown = float(current_app.config["KIOSK_TICKET_SHOWN_SECONDS"])
                    session[TICKET_KEY] = {"id": visit.id, "sampai": time.time() + shown}
                    return redirect(url_for(".ticket", unit_id=unit_id), code=303)
            else:
                form.form_errors.append(SHOW_AGAIN[reason])
        status = 400
    form.stamp()
    return render_template("kiosk/guestbook.html", form=form, unit=unit,
                           services={s.id: s for s in services}), status


def _join(unit, form: GuestbookForm) -> Visit:  # noqa: ANN001
    service = standards.find_service(unit.id, form.layanan.data)
    return queue.join(unit, service, form.nama.data, form.keperluan.data, email=form.email.data or None,
                      phone=form.telepon.data or None, consent_version=submissions.CONSENT_NOTICE_VERSION)


@blueprint.route("/<unit_id>/tiket")
def ticket(unit_id: str):  # noqa: ANN201
    unit = standards.unit_or_404(unit_id)
    visit, remaining = _ticket_of_this_tablet(unit_id)
    if visit is None:
        return redirect(url_for(".guestbook", unit_id=unit_id), code=303)
    extensions = session[TICKET_KEY].get("perpanjang", 0)
    offers_survey = visit.status is Status.selesai and survey.open_invitation(visit) is not None
    return render_template("kiosk/ticket.html", unit=unit, visit=visit, remaining=remaining,
                           can_extend=extensions < MAX_EXTENSIONS, offers_survey=offers_survey,
                           service=standards.find_service(unit_id, visit.layanan_id), ahead=queue.ahead_of(visit),
                           form_url=url_for(".guestbook", unit_id=unit_id))


@blueprint.route("/<unit_id>/tiket/perpanjang", methods=["POST"])
def extend_ticket(unit_id: str):  # noqa: ANN201
    """More time to read or note the ticket (WCAG 2.2.1: the page says up front when it goes,
    and one press extends it, up to MAX_EXTENSIONS times)."""
    standards.unit_or_404(unit_id)
    visit, _ = _ticket_of_this_tablet(unit_id)
    if visit is None:
        return redirect(url_for(".guestbook", unit_id=unit_id), code=303)
    held = session[TICKET_KEY]
    if held.get("perpanjang", 0) < MAX_EXTENSIONS:
        shown = float(current_app.config["KIOSK_TICKET_SHOWN_SECONDS"])
        session[TICKET_KEY] = {**held, "sampai": time.time() + shown, "perpanjang": held.get("perpanjang", 0) + 1}
    return redirect(url_for(".ticket", unit_id=unit_id), code=303)


def _ticket_of_this_tablet(unit_id: str) -> tuple[Visit | None, int]:
    """The visit whose ticket this session may still show, and for how many more seconds."""
    held = session.get(TICKET_KEY)
    visit, remaining = None, 0
    if isinstance(held, dict) and isinstance(held.get("id"), int) and isinstance(held.get("sampai"), (int, float)):
        remaining = math.ceil(held["sampai"] - time.time())
        if remaining > 0:
            visit = db.session.get(Visit, held["id"])
    if visit is None or visit.unit_id != unit_id:
        session.pop(TICKET_KEY, None)
        return None, 0
    return visit, remaining


@blueprint.route("/<unit_id>/survei", methods=["GET", "POST"])
def survey_page(unit_id: str):  # noqa: ANN201
    """The survey of the visit whose ticket this tablet holds, once that visit is finished.

    Bound to the ticket in this tablet's session, never to an address: the tablet's history
    holds no link another visitor could open. Opening it gives the visitor KIOSK_SURVEY_SECONDS
    to answer, which "Perlu waktu lebih lama" renews (MAX_EXTENSIONS times, the answers kept);
    the page then returns to the empty guestbook by itself, and the next visitor opening the
    guestbook ends it at once (the ticket is forgotten). Answered, the ticket is forgotten too."""
    unit = standards.unit_or_404(unit_id)
    visit, remaining = _ticket_of_this_tablet(unit_id)
    if visit is None or visit.status is not Status.selesai:
        return redirect(url_for(".guestbook", unit_id=unit_id), code=303)
    invitation = survey.invitation_of(visit)
    try:
        survey.check_open(invitation)
    except (survey.LinkUnknown, survey.LinkUsed, survey.LinkExpired) as error:
        return gone_page(error, layout="kiosk/base.html", unit=unit, form_url=url_for(".guestbook", unit_id=unit_id))
    held = session[TICKET_KEY]
    seconds = float(current_app.config.get("KIOSK_SURVEY_SECONDS", SURVEY_SECONDS))
    extend = request.method == "POST" and request.form.get("aksi") == "perpanjang"
    extensions = held.get("perpanjang_survei", 0)
    if not held.get("survei") or (extend and extensions < MAX_EXTENSIONS):
        remaining = max(remaining, math.ceil(seconds))
        session[TICKET_KEY] = {**held, "survei": True, "sampai": max(held["sampai"], time.time() + seconds),
                               "perpanjang_survei": extensions + 1 if extend else extensions}
    form = SurveyForm()
    if extend:  # more time, the answers given so far kept and not yet checked
        return render_template("kiosk/survey.html", form=form, unit=unit, remaining=remaining,
                               can_extend=session[TICKET_KEY]["perpanjang_survei"] < MAX_EXTENSIONS,
                               form_url=url_for(".guestbook", unit_id=unit_id), **survey_context(invitation))
    if form.validate_on_submit():
        try:
            survey.redeem(invitation.id, form.answers())
        except (survey.LinkUsed, survey.LinkExpired) as error:
            return gone_page(error, layout="kiosk/base.html", unit=unit,
                             form_url=url_for(".guestbook", unit_id=unit_id))
        session.pop(TICKET_KEY, None)  # answered: nothing of this visitor stays on the tablet
        return redirect(url_for(".survey_thanks", unit_id=unit_id), code=303)
    return render_template("kiosk/survey.html", form=form, unit=unit, remaining=remaining,
                           can_extend=session[TICKET_KEY]["perpanjang_survei"] < MAX_EXTENSIONS,
                           form_url=url_for(".guestbook", unit_id=unit_id),
                           **survey_context(invitation)), 400 if form.is_submitted() else 200


NOT_A_FINISHED_VISIT = ("Kode ini bukan kode kunjungan di unit ini yang sudah selesai dilayani — periksa kodenya pada "
                        "nomor antrean atau email Anda; bila Anda belum selesai dilayani, isi survei setelahnya")
ALREADY_ANSWERED = "Survei untuk kunjungan ini sudah diisi atau waktunya sudah habis. Terima kasih."


@blueprint.route("/<unit_id>/survei/kode", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOOKUP"], methods=["POST"])
def survey_by_code(unit_id: str):  # noqa: ANN201
    """A served visitor whose ticket has left the tablet types the tracking code of their visit
    (on their ticket and in their mail) to answer the survey here; the survey is then bound to
    this tablet session as a ticket is, with its own time. Another visitor cannot answer for them
    without that code, which already opens the visit's status page and its survey link."""
    unit = standards.unit_or_404(unit_id)
    if request.method == "GET":
        session.pop(TICKET_KEY, None)
    form = LookupForm()
    if form.validate_on_submit():
        visit = submissions.find(form.kode.data)
        if not isinstance(visit, Visit) or visit.unit_id != unit_id or visit.status is not Status.selesai:
            form.kode.errors = [NOT_A_FINISHED_VISIT]
        elif survey.open_invitation(visit) is None:
            form.kode.errors = [ALREADY_ANSWERED]
        else:
            seconds = float(current_app.config.get("KIOSK_SURVEY_SECONDS", SURVEY_SECONDS))
            session[TICKET_KEY] = {"id": visit.id, "sampai": time.time() + seconds, "survei": True,
                                   "perpanjang_survei": 0}
            return redirect(url_for(".survey_page", unit_id=unit_id), code=303)
    return render_template("kiosk/survey_code.html", form=form, unit=unit,
                           form_url=url_for(".guestbook", unit_id=unit_id)), 400 if form.is_submitted() else 200


@blueprint.route("/<unit_id>/survei/terima-kasih")
def survey_thanks(unit_id: str):  # noqa: ANN201
    """No timer here: the ticket is already forgotten, and the page shows nothing of the visitor."""
    unit = standards.unit_or_404(unit_id)
    return render_template("kiosk/survey_thanks.html", unit=unit, form_url=url_for(".guestbook", unit_id=unit_id))


@blueprint.route("/<unit_id>/layar")
def display(unit_id: str):  # noqa: ANN201
    """The wall display: at each desk the number being served, and the next numbers; numbers
    only, never a name. Refreshes itself (no JavaScript)."""
    unit = standards.unit_or_404(unit_id)
    now = utcnow()
    day = queue.local_day(unit, now)
    waiting = queue.waiting(unit_id, day)
    return render_template("kiosk/display.html", unit=unit, now=now, serving=queue.now_serving(unit_id, day),
                           next_numbers=[v.nomor_label for v in waiting[:WAITING_SHOWN]], waiting_count=len(waiting),
                           refresh=int(current_app.config["KIOSK_DISPLAY_REFRESH_SECONDS"]))
