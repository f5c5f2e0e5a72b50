"""Signing in: email and password, then the authenticator's code."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import Regexp

from forms_app.forms.base import BaseForm, at_most, required, single_line


class SignInForm(BaseForm):
    email = StringField("Email", validators=[required("email"), at_most("email", 254), single_line])
    kata_sandi = PasswordField("Kata sandi", validators=[required("kata sandi"), at_most("kata sandi", 200)])


class CodeForm(BaseForm):
    kode = StringField("Kode 6 angka dari aplikasi autentikator", validators=[
        required("kode dari aplikasi autentikator"),
        Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="Kode terdiri atas 6 angka, misalnya 123456"),
    ])
