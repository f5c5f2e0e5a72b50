"""Staff accounts: creating them, their passwords and their two-factor sign-in.

Plain functions over the database, no request: the `flask staf` commands, the desk's admin
pages and the tests call them alike. Passwords are hashed with Argon2id (argon2-cffi's
defaults, rehashed when those change); a password must be at least 12 characters and not
one of the most common passwords. Two-factor sign-in is TOTP (RFC 6238, pyotp): a code is
accepted once, within one 30-second step either side of now.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from forms_app.extensions import db
from forms_app.keystrength import PROJECT_WORDS
from forms_app.models import utcnow
from forms_app.staff_models import Role, Staff, StaffSession, StaffUnit

MIN_PASSWORD_LENGTH = 12
TOTP_ISSUER = "Layanan"

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why, in Indonesian."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's list, with this project's own words."""
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(PROJECT_WORDS)


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why `password` may not be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter (sekarang {len(password)})."
    folded = password.casefold()
    if folded in _common_passwords() or folded.rstrip("0123456789!.") in _common_passwords() \
            or len(set(folded)) <= 3:
        return "Kata sandi ini termasuk yang paling umum dipakai dan mudah ditebak; pilih yang lain."
    local = email.split("@")[0].casefold()
    if (len(local) >= 4 and local in folded) or (name and name.casefold().replace(" ", "") in folded.replace(" ", "")):
        return "Kata sandi tidak boleh memuat nama atau alamat email Anda."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(staff: Staff, password: str) -> bool:
    """True when `password` is the staff member's; rehashes it when the hashing settings changed
    (the caller commits)."""
    try:
        _hasher.verify(staff.sandi_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(staff.sandi_hash):
        staff.sandi_hash = _hasher.hash(password)
    return True


_DUMMY_HASH = None


def spend_password_time(password: str) -> None:
    """Take as long as checking a password, for an email with no account: the answer's timing
    does not tell which addresses have accounts."""
    global _DUMMY_HASH  # noqa: PLW0603 - computed once, on first use
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("bukan-kata-sandi-siapa-pun")
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find(email: str) -> Staff | None:
    return db.session.scalar(db.select(Staff).where(Staff.email == normalise_email(email)))


def create(email: str, name: str, role: Role, unit_ids: list[str], password: str) -> Staff:
    """Add a staff member (not committed). Raises AccountError when the email is taken or the
    password is refused."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError("Alamat email staf tidak sah.")
    if find(email) is not None:
        raise AccountError(f"Sudah ada staf dengan email {email}.")
    if not name.strip():
        raise AccountError("Nama staf wajib diisi.")
    if not unit_ids:
        raise AccountError("Staf harus bekerja untuk sedikitnya satu unit.")
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError(problem)
    staff = Staff(email=email, nama=name.strip(), peran=role, sandi_hash=hash_password(password),
                  totp_aktif=False, aktif=True, dibuat=utcnow(), sandi_diubah=utcnow(),
                  unit=[StaffUnit(unit_id=unit_id) for unit_id in dict.fromkeys(unit_ids)])
    db.session.add(staff)
    return staff


def set_password(staff: Staff, password: str) -> None:
    """Change the password and end every session of the account (not committed)."""
    problem = password_problem(password, staff.email, staff.nama)
    if problem:
        raise AccountError(problem)
    staff.sandi_hash = hash_password(password)
    staff.sandi_diubah = utcnow()
    end_sessions(staff)


def deactivate(staff: Staff) -> None:
    staff.aktif = False
    end_sessions(staff)


def reset_two_factor(staff: Staff) -> None:
    """Forget the authenticator: the staff member enrols again at the next sign-in (an admin
    must; others may)."""
    staff.totp_rahasia = None
    staff.totp_aktif = False
    staff.totp_langkah_terakhir = None
    end_sessions(staff)


def end_sessions(staff: Staff, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    db.session.execute(db.update(StaffSession)
                       .where(StaffSession.staf_id == staff.id, StaffSession.berakhir.is_(None))
                       .values(berakhir=now))


# Two-factor sign-in -------------------------------------------------------------------------

def start_enrolment(staff: Staff) -> str:
    """A new secret for the authenticator app, not active until a code from it is confirmed."""
    staff.totp_rahasia = pyotp.random_base32()
    staff.totp_aktif = False
    staff.totp_langkah_terakhir = None
    return staff.totp_rahasia


def provisioning_uri(staff: Staff) -> str:
    return pyotp.TOTP(staff.totp_rahasia).provisioning_uri(name=staff.email, issuer_name=TOTP_ISSUER)


def qr_svg(staff: Staff) -> str:
    """The enrolment QR code as inline SVG markup, drawn here (no image from elsewhere)."""
    out = io.BytesIO()
    segno.make(provisioning_uri(staff), error="m").save(
        out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="Kode QR aplikasi autentikator",
        nl=False)
    return out.getvalue().decode("ascii")


def check_totp(staff: Staff, code: str, now: dt.datetime | None = None) -> bool:
    """True for a valid code not used before; remembers its step (the caller commits)."""
    if not staff.totp_rahasia:
        return False
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(staff.totp_rahasia)
    moment = (now or utcnow()).timestamp()
    step = int(moment // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if candidate <= (staff.totp_langkah_terakhir or -1):
            continue
        if pyotp.utils.strings_equal(totp.at(candidate * totp.interval), code):
            staff.totp_langkah_terakhir = candidate
            return True
    return False


def confirm_enrolment(staff: Staff, code: str, now: dt.datetime | None = None) -> bool:
    if check_totp(staff, code, now):
        staff.totp_aktif = True
        return True
    return False
