"""Staff accounts: the first admin, an admin's staff pages, your own account page.

The password policy needs the person's email and name, so the views check it
(`accounts.password_problem`) and put the message on the field; here only what the form alone
can tell: filled in, not too long, typed the same twice.
"""

from __future__ import annotations

from wtforms import PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, ValidationError

from forms_app.accounts import MAX_PASSWORD_LENGTH
from forms_app.forms.base import BaseForm, at_most, chosen, email_address, options, required, single_line
from forms_app.staff_models import Role

ROLE_CHOICES = options((role.value, role.label) for role in Role)
ROLE_HINTS = {
    Role.admin.value: "Mengelola akun staf, balasan siap, pengaturan kantor, data pribadi, dan jejak audit; "
                      "melihat identitas pengadu yang dirahasiakan; mengubah dan menerbitkan standar pelayanan. "
                      "Wajib masuk dua langkah.",
    Role.pengelola_pengaduan.value: "Menangani pengaduan; melihat identitas pengadu yang dirahasiakan.",
    Role.petugas.value: "Konsultasi, kunjungan, dan pengaduan tanpa identitas pengadu yang dirahasiakan.",
    Role.penyunting_standar.value: "Mengubah profil unit, Maklumat, dan standar layanan, lalu menerbitkannya ke situs; "
                                   "tidak melihat pengajuan warga. Wajib masuk dua langkah.",
}


def _at_least_one_unit(form, field) -> None:  # noqa: ANN001
    if not field.data:
        raise ValidationError("Pilih sedikitnya satu unit tempat staf ini bekerja")


def _new_password(label: str = "Kata sandi") -> PasswordField:
    return PasswordField(label, validators=[required(label.lower()), at_most(label.lower(), MAX_PASSWORD_LENGTH)])


def _repeat(of: str) -> PasswordField:
    return PasswordField("Ulangi kata sandi", validators=[
        required("ulang kata sandi"), EqualTo(of, message="Kedua kata sandi tidak sama — ketik lagi keduanya")])


class UnitsField(SelectMultipleField):
    """Units as check boxes (the template draws them); choices from the catalog, set by the view
    (`unit_options`)."""

    def pre_validate(self, form) -> None:  # noqa: ANN001 - WTForms API
        known = {choice.value for choice in self.choices or ()}
        unknown = [value for value in self.data or () if value not in known]
        if unknown:
            raise ValidationError(f"Unit {', '.join(unknown)} tidak ada pada daftar — pilih dari unit yang tersedia")


class NewStaffForm(BaseForm):
    email = StringField("Email", validators=[required("email"), *email_address("email")])
    nama = StringField("Nama", validators=[required("nama"), at_most("nama", 100), single_line])
    peran = RadioField("Peran", choices=ROLE_CHOICES, validators=[chosen("peran")])
    unit = UnitsField("Unit", validators=[_at_least_one_unit])
    kata_sandi = _new_password()
    ulangi_kata_sandi = _repeat("kata_sandi")


class FirstAdminForm(BaseForm):
    email = StringField("Email", validators=[required("email"), *email_address("email")])
    nama = StringField("Nama", validators=[required("nama"), at_most("nama", 100), single_line])
    unit = UnitsField("Unit", validators=[_at_least_one_unit])
    kata_sandi = _new_password()
    ulangi_kata_sandi = _repeat("kata_sandi")


class EditStaffForm(BaseForm):
    peran = RadioField("Peran", choices=ROLE_CHOICES, validators=[chosen("peran")])
    unit = UnitsField("Unit", validators=[_at_least_one_unit])


class ResetPasswordForm(BaseForm):
    kata_sandi = _new_password("Kata sandi baru")
    ulangi_kata_sandi = _repeat("kata_sandi")


class ChangePasswordForm(BaseForm):
    sandi_sekarang = PasswordField("Kata sandi sekarang", validators=[
        required("kata sandi sekarang"), at_most("kata sandi sekarang", MAX_PASSWORD_LENGTH)])
    kata_sandi = _new_password("Kata sandi baru")
    ulangi_kata_sandi = _repeat("kata_sandi")


class TurnOffForm(BaseForm):
    """Turning two-factor sign-in off asks for the password: a desk left signed in is not enough."""

    sandi_matikan = PasswordField("Kata sandi Anda", validators=[
        required("kata sandi Anda"), at_most("kata sandi", MAX_PASSWORD_LENGTH)])


def unit_choices(only: list[str] | None = None) -> list[tuple[str, str]]:
    """(unit id, name) of the catalog's units, or of those of `only` that it has."""
    from forms_app import standards

    units = standards.catalog().units
    return [(unit_id, entry.unit.nama) for unit_id, entry in sorted(units.items())
            if only is None or unit_id in only]


def unit_options(only: list[str] | None = None) -> list:
    return options(unit_choices(only))
