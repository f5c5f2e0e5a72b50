"""Signing in and out.

Signing in is two steps for an account with two-factor sign-in: the password, then a code from
the authenticator app. An admin without an authenticator must enrol one before the first
sign-in completes. Between the steps the session holds only which account is half signed in,
for `PENDING_SECONDS`. Completing sign-in clears the whole session and starts a new staff
session with a new token (`staff_sessions.start`).
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from forms_app import accounts, audit, staff_sessions
from forms_app.desk import blueprint
from forms_app.desk.access import address, staff
from forms_app.desk.forms.auth import CodeForm, SignInForm
from forms_app.extensions import db, limiter
from forms_app.staff_models import Staff

PENDING_KEY = "staf_menunggu"
PENDING_SECONDS = 300
WRONG = "Email atau kata sandi salah."
EMAIL_SHAPE = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")


def _account_key() -> str:
    """Flask-Limiter key for attempts at one account, wherever they come from."""
    if request.endpoint == "desk.sign_in":
        return "masuk-akun:" + accounts.normalise_email(request.form.get("email", ""))[:254]
    pending = session.get(PENDING_KEY) or {}
    return f"masuk-akun-id:{pending.get('id')}"


def address_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN_ADDRESS"]


def account_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN_ACCOUNT"]


def _as_typed(email: str) -> str:
    """What an unknown sign-in email is logged as: the address, only when it looks like one. A
    password typed into the email field by mistake must not land in the audit log."""
    return email if EMAIL_SHAPE.fullmatch(email) else "(bukan alamat email)"


def _safe_next(target: str | None) -> str:
    """Only a path of the desk itself: never another host, never a public page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staf/") and "\\" not in target:
            return target
    return url_for("desk.inbox")


@blueprint.route("/masuk", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_account_key, methods=["POST"])
def sign_in():  # noqa: ANN201
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("lanjut")))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("desk/sign_in.html", form=form), 400 if form.is_submitted() else 200
    found = accounts.find(form.email.data)
    if found is None:
        accounts.spend_password_time(form.kata_sandi.data)
    right = found is not None and accounts.check_password(found, form.kata_sandi.data)
    if not right or not found.aktif:
        reason = "akun nonaktif" if right else "kata sandi salah" if found else "email tidak terdaftar"
        audit.record(found, "masuk_gagal", address=address(), email=None if found else _as_typed(form.email.data),
                     details={"alasan": reason})
        db.session.commit()
        form.form_errors.append(WRONG)
        return render_template("desk/sign_in.html", form=form), 400
    db.session.commit()  # a rehashed password
    session[PENDING_KEY] = {"id": found.id, "sejak": time.time(), "lanjut": _safe_next(request.args.get("lanjut"))}
    if found.totp_aktif:
        return redirect(url_for(".two_factor"), 303)
    if found.peran.requires_two_factor:
        return redirect(url_for(".enrol_two_factor"), 303)
    return _complete(found)


def _pending() -> Staff | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("sejak", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    found = db.session.get(Staff, pending["id"])
    return found if found is not None and found.aktif else None


@blueprint.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_account_key, methods=["POST"])
def two_factor():  # noqa: ANN201
    found = _pending()
    if found is None or not found.totp_aktif:
        flash("Masukkan email dan kata sandi Anda lebih dulu.", "info")
        return redirect(url_for(".sign_in"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("desk/two_factor.html", form=form), 400 if form.is_submitted() else 200
    if not accounts.check_totp(found, form.kode.data):
        audit.record(found, "masuk_gagal", address=address(), details={"alasan": "kode dua langkah salah"})
        db.session.commit()
        form.kode.errors = ["Kode salah atau sudah kedaluwarsa — masukkan kode yang sedang tampil di aplikasi "
                            "autentikator Anda"]
        return render_template("desk/two_factor.html", form=form), 400
    return _complete(found)


@blueprint.route("/masuk/autentikator", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_account_key, methods=["POST"])
def enrol_two_factor():  # noqa: ANN201
    """An admin's first sign-in: add the account to an authenticator app, confirm with a code."""
    found = _pending()
    if found is None or found.totp_aktif:
        flash("Masukkan email dan kata sandi Anda lebih dulu.", "info")
        return redirect(url_for(".sign_in"))
    if not found.totp_rahasia:
        accounts.start_enrolment(found)
        db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.confirm_enrolment(found, form.kode.data):
            audit.record(found, "dua_langkah_diaktifkan", target=f"staf:{found.id}", address=address())
            db.session.commit()
            return _complete(found)
        form.kode.errors = ["Kode tidak cocok — pindai kode QR lagi, lalu masukkan kode yang sedang tampil"]
    return render_template("desk/enrol.html", form=form, qr=Markup(accounts.qr_svg(found)),  # noqa: S704 - drawn by segno
                           secret=found.totp_rahasia), 400 if form.errors else 200


def _complete(found: Staff):  # noqa: ANN202
    target = (session.get(PENDING_KEY) or {}).get("lanjut")
    if current_user.is_authenticated:  # signing in again in this browser ends the session it had
        staff_sessions.end(current_user.session_token)
    session.clear()  # nothing from before sign-in carries over
    staff_sessions.start(found, address())
    login_user(found)
    audit.record(found, "masuk", address=address())
    db.session.commit()
    return redirect(_safe_next(target), 303)


@blueprint.route("/keluar", methods=["POST"])
def sign_out():  # noqa: ANN201
    me = staff()
    staff_sessions.end(me.session_token)
    audit.record(me, "keluar", address=address())
    db.session.commit()
    logout_user()
    session.clear()
    flash("Anda sudah keluar.", "info")
    return redirect(url_for(".sign_in"), 303)


SIGN_IN_ENDPOINTS = frozenset({"desk.sign_in", "desk.two_factor", "desk.enrol_two_factor", "desk.account_password",
                               "desk.account_two_factor", "desk.account_two_factor_off"})


@blueprint.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded):  # noqa: ANN202
    """Too many sign-in attempts: say so, and how long to wait, on a desk page (not the public
    forms' 'too many submissions')."""
    minutes = max(1, round(error.limit.limit.get_expiry() / 60))
    if request.endpoint in SIGN_IN_ENDPOINTS:
        title = "Terlalu banyak percobaan masuk"
        message = (f"Demi keamanan akun, percobaan masuk dibatasi untuk sementara. Tunggu {minutes} menit, lalu "
                   "coba lagi. Bila Anda lupa kata sandi, minta admin kantor mengatur ulang kata sandi Anda.")
    else:
        title = "Terlalu banyak permintaan"
        message = f"Permintaan dari alamat Anda dibatasi untuk sementara. Tunggu {minutes} menit, lalu coba lagi."
    return render_template("desk/sign_in.html", form=None, throttled=(title, message)), 429
