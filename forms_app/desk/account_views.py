"""Your own account: password, two-factor sign-in for those who may choose it, your sessions.

Changing the password ends every other session of the account (this one goes on). Two-factor
sign-in is turned on with the same QR code and confirmation as an admin's first sign-in; it is
turned off only by its owner, with their password, and never by an admin (for whom it is
required). Every change is audited.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from forms_app import accounts, audit, staff_sessions
from forms_app.desk import blueprint
from forms_app.desk.access import address, staff
from forms_app.desk.forms.accounts import ChangePasswordForm, TurnOffForm, unit_choices
from forms_app.desk.forms.auth import CodeForm
from forms_app.desk.staff_views import zone_of_viewer
from forms_app.desk.auth_views import account_limit, address_limit
from forms_app.extensions import db, limiter


def _my_key() -> str:
    """Flask-Limiter key: guesses at the account's password or code from its own page (someone
    at a desk left signed in), limited as sign-in attempts are."""
    return f"akun-sendiri:{getattr(current_user, 'id', None)}"


def _live_sessions(me):  # noqa: ANN001, ANN202
    config = current_app.config
    return staff_sessions.live(me, dt.timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
                               dt.timedelta(hours=config["STAFF_SESSION_MAX_HOURS"]))


def _page(password_form: ChangePasswordForm | None = None, off_form: TurnOffForm | None = None):  # noqa: ANN202
    me = staff()
    password_form = password_form or ChangePasswordForm(formdata=None)
    off_form = off_form or TurnOffForm(formdata=None)
    failed = bool(password_form.errors or off_form.errors)
    page = render_template("desk/account.html", me=me, form=password_form, off_form=off_form,
                           sessions=_live_sessions(me), zona=zone_of_viewer(), unit_names=dict(unit_choices()),
                           current=lambda record: staff_sessions.is_current(record, me.session_token))
    return page, 400 if failed else 200


@blueprint.route("/akun")
def account():  # noqa: ANN201
    return _page()


@blueprint.route("/akun/sandi", methods=["POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_my_key, methods=["POST"])
def account_password():  # noqa: ANN201
    me = staff()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not accounts.check_password(me, form.sandi_sekarang.data):
            form.sandi_sekarang.errors = ["Kata sandi sekarang salah — ketik kata sandi yang Anda pakai untuk masuk"]
        elif form.kata_sandi.data == form.sandi_sekarang.data:
            form.kata_sandi.errors = ["Kata sandi baru sama dengan yang sekarang — pilih yang lain"]
        else:
            try:
                accounts.set_password(me, form.kata_sandi.data, keep_session=me.session_token)
            except accounts.AccountError as exc:
                form.kata_sandi.errors = [str(exc)]
            else:
                audit.record(me, "sandi_diubah", target=f"staf:{me.id}", address=address())
                db.session.commit()
                flash("Kata sandi Anda sudah diganti. Sesi Anda di perangkat lain berakhir.", "info")
                return redirect(url_for("desk.account"), 303)
        db.session.rollback()
    return _page(password_form=form)


@blueprint.route("/akun/dua-langkah", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_my_key, methods=["POST"])
def account_two_factor():  # noqa: ANN201
    """Turn two-factor sign-in on: scan the QR code, confirm with a code."""
    me = staff()
    if me.totp_aktif:
        flash("Masuk dua langkah Anda sudah aktif.", "info")
        return redirect(url_for("desk.account"), 303)
    if not me.totp_rahasia:
        accounts.start_enrolment(me)
        db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.confirm_enrolment(me, form.kode.data):
            audit.record(me, "dua_langkah_diaktifkan", target=f"staf:{me.id}", address=address())
            db.session.commit()
            flash("Masuk dua langkah aktif. Mulai sekarang, setelah kata sandi Anda memasukkan kode dari aplikasi "
                  "autentikator.", "info")
            return redirect(url_for("desk.account"), 303)
        form.kode.errors = ["Kode tidak cocok — pindai kode QR lagi, lalu masukkan kode yang sedang tampil"]
    return render_template("desk/enrol.html", form=form, qr=Markup(accounts.qr_svg(me)),  # noqa: S704 - drawn by segno
                           secret=me.totp_rahasia, signed_in=True), 400 if form.errors else 200


@blueprint.route("/akun/dua-langkah/matikan", methods=["POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=_my_key, methods=["POST"])
def account_two_factor_off():  # noqa: ANN201
    me = staff()
    form = TurnOffForm()
    if me.peran.requires_two_factor:
        flash("Admin wajib memakai masuk dua langkah; ia tidak dapat dimatikan.", "galat")
        return redirect(url_for("desk.account"), 303)
    if not me.totp_aktif:
        return redirect(url_for("desk.account"), 303)
    if form.validate_on_submit():
        if accounts.check_password(me, form.sandi_matikan.data):
            me.totp_rahasia = None
            me.totp_aktif = False
            me.totp_langkah_terakhir = None
            audit.record(me, "dua_langkah_dimatikan", target=f"staf:{me.id}", address=address())
            db.session.commit()
            flash("Masuk dua langkah dimatikan. Anda masuk dengan kata sandi saja.", "info")
            return redirect(url_for("desk.account"), 303)
        form.sandi_matikan.errors = ["Kata sandi salah — ketik kata sandi yang Anda pakai untuk masuk"]
    return _page(off_form=form)


@blueprint.route("/akun/sesi/akhiri", methods=["POST"])
def account_end_other_sessions():  # noqa: ANN201
    me = staff()
    ended = accounts.end_sessions(me, keep=me.session_token)
    audit.record(me, "sesi_diakhiri", target=f"staf:{me.id}", address=address(), details={"jumlah": ended})
    db.session.commit()
    flash(f"{ended} sesi lain diakhiri." if ended else "Tidak ada sesi lain.", "info")
    return redirect(url_for("desk.account"), 303)
