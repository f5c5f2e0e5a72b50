"""Staff for the desk's tests: accounts made through `forms_app.accounts`, signed in through the
real sign-in pages (password, then the authenticator's code)."""

from __future__ import annotations

import datetime as dt
import re
import time

import pyotp

from forms_app import accounts
from forms_app.extensions import db
from forms_app.staff_models import Role, Staff
from forms_support import UNIT, FormClient

PASSWORD = "kopi-tubruk-di-Barong-Tongkok"
OTHER_UNIT = "unit-lain-yang-tidak-ada"


def make_staff(app, email: str = "petugas@pst.contoh.id", role: Role = Role.petugas,  # noqa: ANN001
               units: tuple[str, ...] = (UNIT,), name: str = "Rina Petugas", password: str = PASSWORD,
               two_factor: bool | None = None) -> dict:
    """Add a staff member; with two-factor (always for the roles that require it) return its TOTP secret too."""
    with app.app_context():
        staff = accounts.create(email, name, role, list(units), password)
        secret = None
        if two_factor or (two_factor is None and role.requires_two_factor):
            secret = accounts.start_enrolment(staff)
            staff.totp_aktif = True
        db.session.commit()
        return {"id": staff.id, "email": staff.email, "password": password, "secret": secret, "role": role}


def totp_now(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * offset_steps))


def fresh_code(app, account: dict) -> str:  # noqa: ANN001
    """A code the account has not used yet: a code is accepted once, so a second sign-in within
    the same 30 seconds takes the next step's code (accepted one step early), or waits."""
    with app.app_context():
        last = db.session.get(Staff, account["id"]).totp_langkah_terakhir
    while True:
        step = int(time.time() // 30)
        if last is None or last < step:
            return totp_now(account["secret"])
        if last < step + 1:
            return totp_now(account["secret"], 1)
        time.sleep(1)


def sign_in(client: FormClient, account: dict) -> None:
    """Sign in through the pages; ends on the inbox."""
    client.get("/staf/masuk")
    response = client.post("/staf/masuk", {"email": account["email"], "kata_sandi": account["password"]})
    if account["secret"]:
        assert response.headers["Location"].endswith("/staf/masuk/kode"), response.headers["Location"]
        client.get("/staf/masuk/kode")
        response = client.post("/staf/masuk/kode", {"kode": fresh_code(client.client.application, account)})
    assert re.search(r"/staf/(\?.*)?$", response.headers["Location"]) or "/staf/" in response.headers["Location"]


def staff_of(app, account: dict) -> Staff:  # noqa: ANN001
    with app.app_context():
        return db.session.get(Staff, account["id"])
