"""Staff accounts: creating them, their passwords and their two-factor sign-in.

Plain functions over the database, no request: the `flask staf` commands, the desk's admin
pages and the tests call them alike. Passwords are hashed with Argon2id (argon2-cffi's
defaults, rehashed when those change); a password must be at least 12 characters and not
one of the most common passwords, nor easy to guess by words, runs and repeats (keystrength's
estimate), nor hold the person's name or email. Two-factor sign-in is TOTP (RFC 6238, pyotp): a code is
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
from sqlalchemy.orm.attributes import set_committed_value
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from forms_app.extensions import db
from forms_app.keystrength import PROJECT_WORDS, estimated_bits
from forms_app.models import utcnow
from forms_app.staff_sessions import digest
from forms_app.staff_models import Role, Staff, StaffSession, StaffUnit

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MIN_PASSWORD_BITS = 30  # keystrength's estimate: about a billion guesses, for a guesser who knows how people choose
MIN_PERSONAL_PIECE = 4  # a name or email piece this long or longer may not appear in the password
TOTP_ISSUER = "Layanan"

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why, in Indonesian, and
    `field` names the form field it is about (the pages show it there)."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's list, with this project's own words."""
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(PROJECT_WORDS)


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why `password` may not be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter (sekarang {len(password)})."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Kata sandi paling panjang {MAX_PASSWORD_LENGTH} karakter."
    if password != password.strip():
        return "Kata sandi tidak boleh diawali atau diakhiri spasi (di halaman masuk spasi itu terbuang)."
    folded = password.casefold()
    if folded in _common_passwords() or folded.rstrip("0123456789!.") in _common_passwords():
        return "Kata sandi ini termasuk yang paling umum dipakai dan mudah ditebak; pilih yang lain."
    if estimated_bits(password) < MIN_PASSWORD_BITS:
        return ("Kata sandi ini mudah ditebak (kata umum, urutan huruf atau angka, atau pengulangan); "
                "pakai beberapa kata yang tidak berhubungan, misalnya kopi-tubruk-di-Barong-Tongkok.")
    squeezed = "".join(folded.split())
    if any(piece in squeezed for piece in _personal_pieces(email, name)):
        return "Kata sandi tidak boleh memuat nama atau alamat email Anda; pilih yang lain."
    return None


def _personal_pieces(email: str, name: str) -> set[str]:
    """The parts of an email and a name that a guesser tries first: the email's local part (and
    its pieces around dots, dashes and underscores), the name whole and each word of it."""
    local = email.split("@")[0].casefold()
    pieces = {local, *local.replace("-", ".").replace("_", ".").split("."), "".join(name.casefold().split()),
              *name.casefold().split()}
    return {piece for piece in pieces if len(piece) >= MIN_PERSONAL_PIECE}


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


def active_admin_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Staff)
                             .where(Staff.peran == Role.admin, Staff.aktif.is_(True)))


def unknown_units(unit_ids: list[str], known: set[str] | frozenset[str]) -> list[str]:
    """Those of `unit_ids` that the catalog of standards (`known`) does not have."""
    return [unit_id for unit_id in unit_ids if unit_id not in known]


def check_new_email(email: str) -> str:
    """The email normalised; AccountError when it is not an address or already has an account."""
    email = normalise_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or any(ch.isspace() for ch in email) or len(email) > 254:
        raise AccountError("Alamat email staf tidak sah; tulis seperti nama@kantor.go.id.")
    if find(email) is not None:
        raise AccountError(f"Sudah ada staf dengan email {email}.")
    return email


def create(email: str, name: str, role: Role, unit_ids: list[str], password: str) -> Staff:
    """Add a staff member (not committed). Raises AccountError when the email is taken or the
    password is refused."""
    email = check_new_email(email)
    if not name.strip():
        raise AccountError("Nama staf wajib diisi.", "nama")
    if not unit_ids:
        raise AccountError("Staf harus bekerja untuk sedikitnya satu unit.", "unit")
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError(problem, "kata_sandi")
    staff = Staff(email=email, nama=name.strip(), peran=role, sandi_hash=hash_password(password),
                  totp_aktif=False, aktif=True, dibuat=utcnow(), sandi_diubah=utcnow(),
                  unit=[StaffUnit(unit_id=unit_id) for unit_id in dict.fromkeys(unit_ids)])
    db.session.add(staff)
    return staff


def set_password(staff: Staff, password: str, keep_session: str | None = None) -> None:
    """Change the password and end every session of the account but `keep_session` (a token:
    the staff member changing their own password stays signed in there) (not committed)."""
    problem = password_problem(password, staff.email, staff.nama)
    if problem:
        raise AccountError(problem, "kata_sandi")
    staff.sandi_hash = hash_password(password)
    staff.sandi_diubah = utcnow()
    end_sessions(staff, keep=keep_session)


def last_active_admin(staff: Staff) -> bool:
    """True when `staff` is the only active admin: the office would have nobody to manage it."""
    return staff.peran is Role.admin and staff.aktif and active_admin_count() <= 1


def deactivate(staff: Staff) -> None:
    """Deactivate the account and end its sessions (not committed); never the last active admin."""
    if last_active_admin(staff):
        raise AccountError(f"{staff.email} adalah satu-satunya admin aktif; tambahkan atau aktifkan admin "
                           "lain lebih dulu.")
    staff.aktif = False
    end_sessions(staff)


def reactivate(staff: Staff) -> None:
    staff.aktif = True


def change_role(staff: Staff, role: Role) -> None:
    """A new role (not committed); the last active admin keeps theirs. An admin-to-be without an
    authenticator enrols one at the next sign-in, so their sessions end now."""
    if staff.peran is Role.admin and role is not Role.admin and last_active_admin(staff):
        raise AccountError(f"{staff.email} adalah satu-satunya admin aktif; perannya tidak dapat diubah sebelum "
                           "ada admin aktif lain.")
    if role is not staff.peran and role.requires_two_factor and not staff.totp_aktif:
        end_sessions(staff)
    staff.peran = role


def set_units(staff: Staff, unit_ids: list[str]) -> None:
    if not unit_ids:
        raise AccountError("Staf harus bekerja untuk sedikitnya satu unit.", "unit")
    wanted = list(dict.fromkeys(unit_ids))
    staff.unit = [link for link in staff.unit if link.unit_id in wanted] + [
        StaffUnit(unit_id=unit_id) for unit_id in wanted if unit_id not in staff.unit_ids]


def reset_two_factor(staff: Staff) -> None:
    """Forget the authenticator: the staff member enrols again at the next sign-in (an admin
    must; others may)."""
    staff.totp_rahasia = None
    staff.totp_aktif = False
    staff.totp_langkah_terakhir = None
    end_sessions(staff)


def end_sessions(staff: Staff, now: dt.datetime | None = None, keep: str | None = None) -> int:
    """End the account's live sessions, but the one whose token is `keep`; how many ended."""
    now = now or utcnow()
    query = db.update(StaffSession).where(StaffSession.staf_id == staff.id, StaffSession.berakhir.is_(None))
    if keep:
        query = query.where(StaffSession.token_sha256 != digest(keep))
    return db.session.execute(query.values(berakhir=now)).rowcount


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
    """True for a valid code not used before; remembers its step (the caller commits).

    The step is claimed with one conditional UPDATE, so that two requests racing with the same
    code (a replay) cannot both pass: the second finds the step taken."""
    if not staff.totp_rahasia:
        return False
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(staff.totp_rahasia)
    moment = (now or utcnow()).timestamp()
    step = int(moment // totp.interval)
    last = staff.totp_langkah_terakhir
    for candidate in (step - 1, step, step + 1):
        if last is not None and candidate <= last:
            continue
        if pyotp.utils.strings_equal(totp.at(candidate * totp.interval), code):
            return _claim_step(staff, candidate)
    return False


def _claim_step(staff: Staff, step: int) -> bool:
    db.session.flush()
    claimed = db.session.execute(
        db.update(Staff).where(Staff.id == staff.id, db.or_(Staff.totp_langkah_terakhir.is_(None),
                                                            Staff.totp_langkah_terakhir < step))
        .values(totp_langkah_terakhir=step).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return False
    set_committed_value(staff, "totp_langkah_terakhir", step)
    return True


def confirm_enrolment(staff: Staff, code: str, now: dt.datetime | None = None) -> bool:
    if check_totp(staff, code, now):
        staff.totp_aktif = True
        return True
    return False
