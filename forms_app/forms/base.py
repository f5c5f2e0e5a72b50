"""One form base: text is trimmed, hostile characters are refused, messages come from a noun.

Every message is built here from the field's noun ("Isi nama Anda", "Pilih jenis pengaduan"),
so every form speaks the same way.
"""

from __future__ import annotations

import re
import secrets
import time
import unicodedata

from flask import current_app, session
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from wtforms import Field, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)


def _strip(value):  # noqa: ANN001, ANN202 - WTForms filter
    return value.strip() if isinstance(value, str) else value


# Control characters other than tab and newlines, and U+FFFD, which stands for bytes that
# were not valid UTF-8 when the request was decoded.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


# What a single-line field (name, email, phone, code) must not hold besides the above: line
# breaks of any kind (a name that breaks a mail's lines carries a text of its own), and
# invisible format characters (bidi overrides that reverse what staff read, zero-width ones).
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_SINGLE_LINE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # noqa: ANN001, ANN201 - WTForms API
            if issubclass(unbound_field.field_class, (StringField, TextAreaField)):
                filters = [_strip, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)

        def get_translations(self, form):  # noqa: ANN001, ANN201 - WTForms API
            return _WTFORMS_MESSAGES

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001 - WTForms API
        extra = dict(extra_validators or {})
        for field in self:
            if isinstance(field, TextAreaField):
                extra[field.name] = [clean_text, *extra.get(field.name, [])]
            elif isinstance(field, StringField):
                extra[field.name] = [clean_text, single_line, *extra.get(field.name, [])]
        return super().validate(extra_validators=extra)

    def error_list(self) -> list[tuple[str, str]]:
        """(id to link to, first message) of each field in error, in the order of the form.

        A group of radio buttons has no element with the field's own id: the link goes to its
        first option, as the check-your-answers page's change links do."""
        found = []
        for field in self:
            if field.errors:
                message = field.errors[0]
                target = next(iter(field), field).id if isinstance(field, RadioField) else field.id
                found.append((target, message if isinstance(message, str) else str(message)))
        return found


def clean_text(form, field: Field) -> None:  # noqa: ANN001
    if isinstance(field.data, str) and _FORBIDDEN.search(field.data):
        raise ValidationError(
            f"{field.label.text} berisi karakter yang tidak dapat dibaca — "
            "ketik ulang isinya, jangan menempelkan dari berkas biner"
        )


def single_line(form, field: Field) -> None:  # noqa: ANN001
    if isinstance(field.data, str) and any(
            ch in _LINE_BREAKS or unicodedata.category(ch) in _SINGLE_LINE_CATEGORIES for ch in field.data):
        raise ValidationError(
            f"{field.label.text} harus ditulis dalam satu baris — hapus ganti baris atau karakter tak "
            "terlihat di dalamnya, lalu ketik ulang bila perlu"
        )


class _WtformsMessages:
    """WTForms' own messages that a hostile post can reach (a value that is not one of the
    choices); every other message is ours, built from a noun below."""

    MESSAGES = {
        "Not a valid choice.": "Pilihan ini tidak ada pada formulir — pilih salah satu pilihan yang tersedia",
        "Not a valid date value.": "Tulis tanggal yang benar, misalnya 23/11/2026",
    }

    def gettext(self, string: str) -> str:
        return self.MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


_WTFORMS_MESSAGES = _WtformsMessages()


def options(entries) -> list[SelectChoice]:  # noqa: ANN001
    """Choices of a radio group or select from (value, label, ...) entries; extra items are hints."""
    return [SelectChoice(entry[0], entry[1]) for entry in entries]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- validators with messages from the field's noun ---------------------------------------


def required(noun: str) -> DataRequired:
    return DataRequired(message=f"Isi {noun}")


def chosen(noun: str) -> InputRequired:
    return InputRequired(message=f"Pilih {noun}")


def ticked(noun: str) -> DataRequired:
    return DataRequired(message=f"Centang {noun}")


def required_when(condition, message: str):  # noqa: ANN001, ANN201
    """Required only when `condition(form)` holds. Put it before `optional()`: an empty field
    stops the chain at `optional()`, so a `validate_<field>` method would never run."""

    def check(form, field) -> None:  # noqa: ANN001
        if condition(form) and not field.data:
            raise StopValidation(message)

    return check


def at_most(noun: str, limit: int) -> Length:
    return Length(max=limit, message=f"{_capital(noun)} paling banyak {limit:,} karakter".replace(",", "."))


def between(noun: str, low: int, high: int) -> Length:
    return Length(min=low, max=high, message=(
        f"{_capital(noun)} paling sedikit {low} dan paling banyak {high:,} karakter".replace(",", ".")))


def email_address(noun: str = "alamat email") -> list:
    return [
        Length(max=254, message=f"{_capital(noun)} terlalu panjang"),
        Email(message=f"Format {noun} tidak benar — tulis seperti nama@contoh.id",
              check_deliverability=False, allow_smtputf8=False),
    ]


PHONE = Regexp(r"^\+?[0-9 ()\-]{6,20}$",
               message="Format nomor telepon tidak benar — tulis dengan kode wilayah, misalnya 0812 3456 7890")

optional = Optional


# --- abuse without CAPTCHA ------------------------------------------------------------------


class AbuseFields:
    """A honeypot that people never see, and the signed time the form was shown.

    The stamp is bound to the session (a random nonce kept in it) and lives at most
    FORM_STAMP_MAX_AGE_SECONDS: one stamp cannot be reused by another client, or forever."""

    situs_web = StringField("Jangan isi kolom ini", filters=[_strip])
    mulai = HiddenField()

    def stamp(self) -> None:
        self.mulai.data = _stamp_serializer().dumps([time.time(), _session_nonce()])

    def abuse_reason(self) -> str | None:
        """Why this post is not from a person filling in the form, or None: 'honeypot', 'stamp'
        (missing or forged), 'stale' (too old, or from another session: shown again), 'too-fast'."""
        if self.situs_web.data:
            return "honeypot"
        max_age = int(current_app.config["FORM_STAMP_MAX_AGE_SECONDS"])
        try:
            started, nonce = _stamp_serializer().loads(self.mulai.data or "", max_age=max_age)
            started = float(started)
        except SignatureExpired:
            return "stale"
        except (BadSignature, TypeError, ValueError):
            return "stamp"
        if not isinstance(nonce, str) or not secrets.compare_digest(nonce, session.get(_NONCE_KEY, "")):
            return "stale"
        if time.time() - started < float(current_app.config["MIN_FILL_SECONDS"]):
            return "too-fast"
        return None


_NONCE_KEY = "formulir_nonce"


def _session_nonce() -> str:
    if not isinstance(session.get(_NONCE_KEY), str):
        session[_NONCE_KEY] = secrets.token_urlsafe(16)
    return session[_NONCE_KEY]


def _stamp_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="formulir-mulai")
