"""First run: make the first admin, from this machine only, while there is none.

Whoever runs `make run` on their own computer opens /staf/pasang there and makes the first
admin, who then signs in and enrols an authenticator like any admin. On a server the command
`flask --app forms_app staf tambah --peran admin` does the same.

The page exists (anything else is a 404, as if there were no such page) only for a request
- from the machine itself: the connection comes from 127.0.0.1 or ::1, and
- that no proxy carried: a proxy on the same machine (nginx in front of the app) connects from
  127.0.0.1 too, for any visitor on the internet, so a request bearing a header that proxies
  add (X-Forwarded-For, Forwarded, X-Real-IP, …) is refused, and so is one whose Host is not a
  local name (a proxy passes the site's public name), and
- while no active admin exists: once one does, accounts are made by admins or the command.
"""

from __future__ import annotations

import ipaddress

from flask import abort, flash, redirect, render_template, request, url_for

from forms_app import accounts, audit
from forms_app.desk import blueprint
from forms_app.desk.forms.accounts import FirstAdminForm, unit_options
from forms_app.extensions import db
from forms_app.staff_models import Role

PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Server",
                 "X-Forwarded-Port", "Forwarded", "X-Real-IP", "X-Client-IP", "Client-IP", "True-Client-IP",
                 "CF-Connecting-IP", "Via")
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")


def from_this_machine() -> bool:
    """True for a request made on this machine, straight to the app (see the module's note)."""
    environ = request.environ
    original = environ.get("werkzeug.proxy_fix.orig", {})  # ProxyFix (TRUSTED_PROXIES) keeps what it replaced
    address = original.get("REMOTE_ADDR", environ.get("REMOTE_ADDR")) or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    if getattr(parsed, "ipv4_mapped", None) is not None:
        parsed = parsed.ipv4_mapped
    if not parsed.is_loopback:
        return False
    if any(request.headers.get(header) is not None for header in PROXY_HEADERS) or original.get("HTTP_X_FORWARDED_FOR"):
        return False
    host = request.host.lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name in LOCAL_NAMES


def open_now() -> bool:
    return from_this_machine() and accounts.active_admin_count() == 0


@blueprint.route("/pasang", methods=["GET", "POST"])
def first_admin():  # noqa: ANN201
    if not open_now():
        abort(404)
    form = FirstAdminForm()
    form.unit.choices = unit_options()
    if request.method == "GET" and len(form.unit.choices) == 1:
        form.unit.data = [form.unit.choices[0].value]
    if form.validate_on_submit():
        try:
            staff = accounts.create(form.email.data, form.nama.data, Role.admin, form.unit.data,
                                    form.kata_sandi.data)
            db.session.flush()
        except accounts.AccountError as exc:  # the email taken, the password refused, …
            db.session.rollback()
            form[exc.field].errors = [str(exc)]
        else:
            audit.record(None, "admin_pertama_dibuat", target=f"staf:{staff.id}", address=request.remote_addr,
                         details={"melalui": "halaman pemasangan", "email": staff.email, "unit": staff.unit_ids})
            db.session.commit()
            flash(f"Admin pertama, {staff.email}, sudah dibuat. Masuk sekarang; setelah kata sandi Anda akan "
                  "diminta memasang aplikasi autentikator di ponsel (masuk dua langkah).", "info")
            return redirect(url_for("desk.sign_in"), 303)
    return render_template("desk/setup.html", form=form), 400 if form.errors else 200
