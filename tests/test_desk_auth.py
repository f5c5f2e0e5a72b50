"""Signing in to the desk: throttling, sessions (idle, absolute, sign-out, a new token each time),
two-factor (wrong, replayed, enrolment), the password policy."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest

from desk_support import PASSWORD, make_staff, sign_in, totp_now
from forms_app import accounts, audit
from forms_app.extensions import db
from forms_app.staff_models import AuditEntry, Role, Staff, StaffSession
from forms_support import DATABASES, FormClient, make_app

COOKIE = "layanan_sesi"


def _signed_in(client: FormClient) -> bool:
    response = client.client.get("/staf/")
    if response.status_code == 302:
        assert "/staf/masuk" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def _sign_out(client: FormClient) -> None:
    client.get("/staf/")  # the sign-out button's form token
    client.post("/staf/keluar", {})


def _actions(app) -> list[str]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEntry.aksi).order_by(AuditEntry.id)))


# --- throttling ---------------------------------------------------------------------------------


@pytest.fixture(params=DATABASES)
def limited_app(request, tmp_path):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, request.param, RATELIMIT_ENABLED=True,
                          RATELIMIT_SIGNIN_ADDRESS="4 per minute", RATELIMIT_SIGNIN_ACCOUNT="3 per minute")
    yield app
    close()


def _attempt(client: FormClient, email: str, address: str, password: str = "salah-salah-salah"):  # noqa: ANN202
    return client.client.post("/staf/masuk", data={**client.hidden, "email": email, "kata_sandi": password},
                              environ_base={"REMOTE_ADDR": address})


def test_attempts_at_one_account_from_many_addresses_are_throttled(limited_app):
    account = make_staff(limited_app)
    client = FormClient(limited_app.test_client())
    client.get("/staf/masuk")
    for n in range(3):
        assert _attempt(client, account["email"], f"10.0.0.{n + 1}").status_code == 400
    refused = _attempt(client, account["email"], "10.0.0.99", account["password"])
    assert refused.status_code == 429
    page = client.text(refused)
    assert "Terlalu banyak percobaan masuk" in page and "Tunggu 1 menit" in page
    assert "Retry-After" in refused.headers
    # Another account from one of those addresses is not throttled.
    other = make_staff(limited_app, email="lain@pst.contoh.id")
    ok = _attempt(client, other["email"], "10.0.0.1", other["password"])
    assert ok.status_code in (302, 303) and _signed_in(client)


def test_attempts_from_one_address_at_many_accounts_are_throttled(limited_app):
    client = FormClient(limited_app.test_client())
    client.get("/staf/masuk")
    for n in range(4):
        assert _attempt(client, f"tebakan{n}@pst.contoh.id", "192.0.2.7").status_code == 400
    account = make_staff(limited_app)
    refused = _attempt(client, account["email"], "192.0.2.7", account["password"])
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan masuk" in client.text(refused)
    assert not _signed_in(client)
    # The same account from another address still signs in.
    assert _attempt(client, account["email"], "192.0.2.8", account["password"]).status_code == 303
    assert _signed_in(client)


def test_code_attempts_are_throttled_per_account(limited_app):
    account = make_staff(limited_app, two_factor=True)
    client = FormClient(limited_app.test_client())
    client.get("/staf/masuk")
    assert _attempt(client, account["email"], "10.1.0.1", account["password"]).status_code == 303
    client.get("/staf/masuk/kode")
    codes = []
    for n in range(3):
        codes.append(client.client.post("/staf/masuk/kode", data={**client.hidden, "kode": "000000"},
                                        environ_base={"REMOTE_ADDR": f"10.1.1.{n}"}).status_code)
    assert codes == [400, 400, 400]
    right = client.client.post("/staf/masuk/kode", data={**client.hidden, "kode": totp_now(account["secret"])},
                               environ_base={"REMOTE_ADDR": "10.1.2.1"})
    assert right.status_code == 429
    assert not _signed_in(client)


# --- sessions -----------------------------------------------------------------------------------


def test_idle_session_ends_and_says_why(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    assert _signed_in(client)
    with app.app_context():
        db.session.execute(db.update(StaffSession).values(
            terakhir_aktif=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)))
        db.session.commit()
    response = client.client.get("/staf/")
    assert response.status_code == 302 and "/staf/masuk" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert "tidak ada kegiatan selama 30 menit" in client.text(page)
    assert not _signed_in(client)
    with app.app_context():
        assert db.session.scalar(db.select(StaffSession.berakhir)) is not None


def test_session_within_idle_time_lives_on(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    with app.app_context():
        db.session.execute(db.update(StaffSession).values(
            terakhir_aktif=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=29)))
        db.session.commit()
    assert _signed_in(client)
    with app.app_context():  # the request counted as activity
        last = db.session.scalar(db.select(StaffSession.terakhir_aktif))
        assert dt.datetime.now(dt.UTC) - last < dt.timedelta(minutes=1)


def test_session_ends_after_its_longest_life_even_when_busy(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    with app.app_context():
        db.session.execute(db.update(StaffSession).values(
            dibuat=dt.datetime.now(dt.UTC) - dt.timedelta(hours=12, minutes=1)))
        db.session.commit()
    response = client.client.get("/staf/")
    assert response.status_code == 302 and "/staf/masuk" in response.headers["Location"]
    assert "sudah 12 jam sejak Anda masuk" in client.text(client.get(response.headers["Location"]))
    assert not _signed_in(client)


def test_sign_out_ends_the_session_on_the_server(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    client.get("/staf/")
    cookie = client.client.get_cookie(COOKIE).value
    client.post("/staf/keluar", {})
    assert not _signed_in(client)
    client.client.set_cookie(COOKIE, cookie)  # the cookie as it was while signed in
    assert not _signed_in(client)
    with app.app_context():
        assert db.session.scalar(db.select(StaffSession.berakhir)) is not None
    assert _actions(app)[-2:] == ["masuk", "keluar"]


def test_sign_out_needs_a_post_with_the_form_token(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    assert client.client.get("/staf/keluar").status_code in (404, 405)
    assert client.client.post("/staf/keluar", data={}).status_code == 400
    assert _signed_in(client)


def test_each_sign_in_starts_a_new_session_with_a_new_token(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    client.get("/staf/masuk")
    planted = client.client.get_cookie(COOKIE).value  # known to whoever used the browser before
    sign_in(client, account)
    assert _signed_in(client)
    victim_cookie = client.client.get_cookie(COOKIE).value
    assert victim_cookie != planted
    attacker = FormClient(app.test_client())
    attacker.client.set_cookie(COOKIE, planted)
    assert not _signed_in(attacker)
    _sign_out(client)
    sign_in(client, account)
    with app.app_context():
        tokens = db.session.scalars(db.select(StaffSession.token_sha256)).all()
        assert len(set(tokens)) == 2
    assert client.client.get_cookie(COOKIE).value != victim_cookie


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    with app.app_context():
        accounts.deactivate(db.session.get(Staff, account["id"]))
        db.session.commit()
    assert not _signed_in(client)
    client.get("/staf/masuk")
    refused = client.post("/staf/masuk", {"email": account["email"], "kata_sandi": account["password"]}, 400)
    assert "Email atau kata sandi salah" in client.text(refused)


def test_wrong_password_and_unknown_email_get_the_same_answer_and_are_audited(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    client.get("/staf/masuk")
    wrong = client.post("/staf/masuk", {"email": account["email"], "kata_sandi": "bukan-sandinya-x"}, 400)
    unknown = client.post("/staf/masuk", {"email": "siapa@contoh.id", "kata_sandi": "bukan-sandinya-x"}, 400)
    assert "Email atau kata sandi salah" in client.text(wrong)
    assert client.text(wrong).replace(account["email"], "") == client.text(unknown).replace("siapa@contoh.id", "")
    with app.app_context():
        failed = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "masuk_gagal")).all()
        assert [(entry.staf_id, entry.staf_email, entry.rincian["alasan"]) for entry in failed] == [
            (account["id"], account["email"], "kata sandi salah"), (None, "siapa@contoh.id", "email tidak terdaftar")]
        assert all(PASSWORD not in str(entry.rincian) for entry in failed)


def test_a_password_typed_into_the_email_field_is_not_logged(app):
    client = FormClient(app.test_client())
    client.get("/staf/masuk")
    client.post("/staf/masuk", {"email": PASSWORD, "kata_sandi": PASSWORD}, 400)
    with app.app_context():
        [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert entry.staf_email == "(bukan alamat email)" and PASSWORD not in str(entry.rincian)


def test_sign_in_goes_back_to_the_page_asked_for_and_never_elsewhere(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    first = client.client.get("/staf/?status=diterima")
    assert first.status_code == 302
    login_page = first.headers["Location"]
    assert "lanjut=" in login_page
    client.get(login_page)
    done = client.post(login_page, {"email": account["email"], "kata_sandi": account["password"]})
    assert done.headers["Location"] == "/staf/?status=diterima"
    _sign_out(client)
    for target in ("https://jahat.contoh/staf/", "//jahat.contoh/staf/", "/formulir/", "/staf/\\jahat"):
        client.get("/staf/masuk")
        done = client.post(f"/staf/masuk?lanjut={target}", {"email": account["email"],
                                                            "kata_sandi": account["password"]})
        assert done.headers["Location"] == "/staf/", target
        _sign_out(client)


# --- two-factor ---------------------------------------------------------------------------------


def _password_step(client: FormClient, account: dict) -> str:
    client.get("/staf/masuk")
    return client.post("/staf/masuk", {"email": account["email"], "kata_sandi": account["password"]}
                       ).headers["Location"]


def test_wrong_code_is_refused_and_audited(app):
    account = make_staff(app, two_factor=True)
    client = FormClient(app.test_client())
    assert _password_step(client, account).endswith("/staf/masuk/kode")
    assert not _signed_in(client)  # the password alone signs nobody in
    client.get("/staf/masuk/kode")
    right = totp_now(account["secret"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post("/staf/masuk/kode", {"kode": wrong}, 400)
    assert "Kode salah atau sudah kedaluwarsa" in client.text(refused)
    assert client.post("/staf/masuk/kode", {"kode": "12345"}, 400)
    assert not _signed_in(client)
    client.post("/staf/masuk/kode", {"kode": right})
    assert _signed_in(client)
    assert _actions(app) == ["masuk_gagal", "masuk"]


def test_a_code_is_accepted_once(app):
    account = make_staff(app, two_factor=True)
    client = FormClient(app.test_client())
    _password_step(client, account)
    client.get("/staf/masuk/kode")
    code = totp_now(account["secret"])
    client.post("/staf/masuk/kode", {"kode": code})
    assert _signed_in(client)
    # Someone who saw the code (over the shoulder, a phishing page) replays it at once.
    thief = FormClient(app.test_client())
    _password_step(thief, account)
    thief.get("/staf/masuk/kode")
    thief.post("/staf/masuk/kode", {"kode": code}, 400)
    assert not _signed_in(thief)


def test_an_earlier_code_is_refused_after_a_later_one(app):
    account = make_staff(app, two_factor=True)
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        now = dt.datetime.now(dt.UTC)
        totp = pyotp.TOTP(account["secret"])
        assert accounts.check_totp(staff, totp.at(now), now)
        assert not accounts.check_totp(staff, totp.at(now - dt.timedelta(seconds=30)), now)
        assert not accounts.check_totp(staff, totp.at(now), now)
        assert not accounts.check_totp(staff, totp.at(now - dt.timedelta(seconds=90)), now)
        assert accounts.check_totp(staff, totp.at(now + dt.timedelta(seconds=30)), now)


def test_an_admin_must_enrol_an_authenticator(app):
    account = make_staff(app, email="admin@pst.contoh.id", role=Role.admin, two_factor=False)
    client = FormClient(app.test_client())
    assert _password_step(client, account).endswith("/staf/masuk/autentikator")
    assert not _signed_in(client)
    page = client.get("/staf/masuk/autentikator")
    html = page.get_data(as_text=True)
    assert "<svg" in html and "<img" not in html  # the QR code drawn here, no image from elsewhere
    with app.app_context():
        secret = db.session.get(Staff, account["id"]).totp_rahasia
    assert secret in html
    assert not _signed_in(client)
    client.post("/staf/masuk/autentikator", {"kode": "000000" if totp_now(secret) != "000000" else "111111"}, 400)
    client.post("/staf/masuk/autentikator", {"kode": totp_now(secret)})
    assert _signed_in(client)
    with app.app_context():
        assert db.session.get(Staff, account["id"]).totp_aktif
    assert _actions(app) == ["dua_langkah_diaktifkan", "masuk"]


def test_a_petugas_signs_in_without_an_authenticator(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    assert re.search(r"/staf/$", _password_step(client, account))
    assert _signed_in(client)
    assert client.client.get("/staf/masuk/autentikator").status_code == 302


def test_resetting_two_factor_forces_an_admin_to_enrol_again(app):
    account = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    client = FormClient(app.test_client())
    sign_in(client, account)
    with app.app_context():
        accounts.reset_two_factor(db.session.get(Staff, account["id"]))
        db.session.commit()
    assert not _signed_in(client)  # its sessions ended
    assert _password_step(client, account).endswith("/staf/masuk/autentikator")
    html = client.get("/staf/masuk/autentikator").get_data(as_text=True)
    with app.app_context():
        secret = db.session.get(Staff, account["id"]).totp_rahasia
    assert secret != account["secret"] and secret in html
    client.post("/staf/masuk/autentikator", {"kode": totp_now(account["secret"])}, 400)  # the old phone
    client.post("/staf/masuk/autentikator", {"kode": totp_now(secret)})
    assert _signed_in(client)


def test_the_code_step_is_only_for_whoever_just_gave_the_password(app):
    client = FormClient(app.test_client())
    response = client.client.get("/staf/masuk/kode")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staf/masuk")
    assert client.client.get("/staf/masuk/autentikator").status_code == 302


# --- passwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "message"), [
    ("pendek-123", "minimal 12 karakter (sekarang 10)"),
    ("password1234", "paling umum"),
    ("Qwertyuiop123", "mudah ditebak"),
    ("aaaaaaaaaaaaaaaa", "mudah ditebak"),
    ("layanan-layanan", "mudah ditebak"),
    ("abcdefghijkl", "mudah ditebak"),
    ("rina.petugas-2026!", "tidak boleh memuat nama atau alamat email"),
    ("Kopi Petugas Rina 9", "tidak boleh memuat nama atau alamat email"),
])
def test_password_policy(password, message):
    problem = accounts.password_problem(password, "rina.petugas@pst.contoh.id", "Rina Petugas")
    assert problem is not None and message in problem, problem


def test_a_good_password_passes():
    assert accounts.password_problem(PASSWORD, "rina.petugas@pst.contoh.id", "Rina Petugas") is None
    assert accounts.password_problem("tiga ekor kucing oranye", "a@b.id", "A") is None  # short names don't count


def test_passwords_are_stored_as_argon2id_hashes(app):
    account = make_staff(app)
    with app.app_context():
        stored = db.session.get(Staff, account["id"]).sandi_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_audit_labels_read_as_indonesian():
    assert audit.label("masuk_gagal") == "Gagal masuk"
    assert audit.label("sesuatu_baru") == "Sesuatu baru"


# --- your own account ---------------------------------------------------------------------------


def test_change_own_password_keeps_this_session_and_ends_the_others(app):
    account = make_staff(app)
    here, elsewhere = FormClient(app.test_client()), FormClient(app.test_client())
    sign_in(here, account)
    sign_in(elsewhere, account)
    page = here.get("/staf/akun")
    assert "2 sesi aktif" in here.text(page) and "Sesi ini" in here.text(page)
    new = "teh-manis-hangat-di-Sendawar"
    wrong = here.post("/staf/akun/sandi", {"sandi_sekarang": "bukan-sandinya-x", "kata_sandi": new,
                                          "ulangi_kata_sandi": new}, 400)
    assert "Kata sandi sekarang salah" in here.text(wrong)
    assert here.text(wrong).startswith("Ada yang perlu diperbaiki")
    short = here.post("/staf/akun/sandi", {"sandi_sekarang": PASSWORD, "kata_sandi": "pendek-123",
                                          "ulangi_kata_sandi": "pendek-123"}, 400)
    assert "Kata sandi minimal 12 karakter" in here.text(short)
    mine = here.post("/staf/akun/sandi", {"sandi_sekarang": PASSWORD, "kata_sandi": "Rina-Petugas-Kopi",
                                         "ulangi_kata_sandi": "Rina-Petugas-Kopi"}, 400)
    assert "tidak boleh memuat nama atau alamat email" in here.text(mine)
    differ = here.post("/staf/akun/sandi", {"sandi_sekarang": PASSWORD, "kata_sandi": new,
                                           "ulangi_kata_sandi": new + "x"}, 400)
    assert "Kedua kata sandi tidak sama" in here.text(differ)
    here.post("/staf/akun/sandi", {"sandi_sekarang": PASSWORD, "kata_sandi": new, "ulangi_kata_sandi": new})
    assert "sudah diganti" in here.text(here.get("/staf/akun"))
    assert _signed_in(here) and not _signed_in(elsewhere)
    sign_in(elsewhere, {**account, "password": new})
    assert "sandi_diubah" in _actions(app)


def test_end_other_sessions(app):
    account = make_staff(app)
    here, elsewhere = FormClient(app.test_client()), FormClient(app.test_client())
    sign_in(elsewhere, account)
    sign_in(here, account)
    here.get("/staf/akun")
    here.post("/staf/akun/sesi/akhiri", {})
    assert "1 sesi lain diakhiri" in here.text(here.get("/staf/akun"))
    assert _signed_in(here) and not _signed_in(elsewhere)
    assert _actions(app)[-1] == "sesi_diakhiri"


def test_a_petugas_turns_two_factor_on_then_off(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    assert "Tidak aktif" in client.text(client.get("/staf/akun"))
    page = client.get("/staf/akun/dua-langkah")
    assert "<svg" in page.get_data(as_text=True)
    with app.app_context():
        secret = db.session.get(Staff, account["id"]).totp_rahasia
    client.post("/staf/akun/dua-langkah", {"kode": "12345"}, 400)
    client.post("/staf/akun/dua-langkah", {"kode": totp_now(secret)})
    assert "Masuk dua langkah aktif" in client.text(client.get("/staf/akun"))
    # The next sign-in asks for a code.
    _sign_out(client)
    assert _password_step(client, account).endswith("/staf/masuk/kode")
    client.get("/staf/masuk/kode")
    client.post("/staf/masuk/kode", {"kode": totp_now(secret, 1)})
    client.get("/staf/akun")
    refused = client.post("/staf/akun/dua-langkah/matikan", {"sandi_matikan": "bukan-sandinya-x"}, 400)
    assert "Kata sandi salah" in client.text(refused)
    client.post("/staf/akun/dua-langkah/matikan", {"sandi_matikan": PASSWORD})
    assert "Tidak aktif" in client.text(client.get("/staf/akun"))
    _sign_out(client)
    assert re.search(r"/staf/$", _password_step(client, account))
    assert [a for a in _actions(app) if "dua_langkah" in a] == ["dua_langkah_diaktifkan", "dua_langkah_dimatikan"]


def test_an_admin_cannot_turn_two_factor_off(app):
    account = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    client = FormClient(app.test_client())
    sign_in(client, account)
    page = client.get("/staf/akun")
    assert "Admin wajib memakai masuk dua langkah" in client.text(page)
    assert "/staf/akun/dua-langkah/matikan" not in page.get_data(as_text=True)
    client.post("/staf/akun/dua-langkah/matikan", {"sandi_matikan": PASSWORD})
    with app.app_context():
        assert db.session.get(Staff, account["id"]).totp_aktif
    assert "dua_langkah_dimatikan" not in _actions(app)


def test_guessing_the_password_on_the_account_page_is_throttled(limited_app):
    account = make_staff(limited_app)
    client = FormClient(limited_app.test_client())
    sign_in(client, account)
    client.get("/staf/akun")
    new = "teh-manis-hangat-di-Sendawar"
    answers = {"kata_sandi": new, "ulangi_kata_sandi": new}
    for _ in range(3):
        client.post("/staf/akun/sandi", {**answers, "sandi_sekarang": "tebakan-tebakan"}, 400)
    refused = client.post("/staf/akun/sandi", {**answers, "sandi_sekarang": PASSWORD}, 429)
    assert "Terlalu banyak percobaan" in client.text(refused)
    assert _signed_in(client)


def test_signing_in_again_in_the_same_browser_ends_the_session_it_had(app):
    account = make_staff(app)
    other = make_staff(app, email="kolega@pst.contoh.id", name="Kolega")
    client = FormClient(app.test_client())
    sign_in(client, account)
    client.get("/staf/akun")
    client.post("/staf/masuk", {"email": other["email"], "kata_sandi": other["password"]})
    with app.app_context():
        live = db.session.scalars(db.select(StaffSession.staf_id).where(StaffSession.berakhir.is_(None))).all()
    assert live == [other["id"]]
    assert "kolega@pst.contoh.id" in client.text(client.get("/staf/akun"))
