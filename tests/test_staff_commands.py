"""`flask staf …`: staff accounts from the command line, the password at a hidden prompt only."""

from __future__ import annotations

import pytest

from desk_support import PASSWORD, make_staff, sign_in
from forms_app import accounts
from forms_app.extensions import db
from forms_app.staff_models import AuditEntry, Role, Staff, StaffSession
from forms_support import UNIT, FormClient


def run(app, *args: str, password: str | None = None, again: str | None = None):  # noqa: ANN001, ANN201
    typed = None if password is None else f"{password}\n{password if again is None else again}\n"
    return app.test_cli_runner().invoke(args=["staf", *args], input=typed)


def add(app, email: str = "rina@pst.contoh.id", role: str = "petugas", units=(UNIT,), **kwargs):  # noqa: ANN001, ANN003, ANN201
    unit_args = [part for unit in units for part in ("--unit", unit)]
    return run(app, "tambah", "--email", email, "--nama", "Rina Petugas", "--peran", role, *unit_args,
               password=kwargs.pop("password", PASSWORD), **kwargs)


def entries(app) -> list[AuditEntry]:  # noqa: ANN001
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_add_then_sign_in(app):
    result = add(app, email="Rina@PST.contoh.id")
    assert result.exit_code == 0, result.output
    assert "Staf rina@pst.contoh.id (Petugas) ditambahkan." in result.output
    assert PASSWORD not in result.output  # the prompt does not echo it
    with app.app_context():
        staff = accounts.find("rina@pst.contoh.id")
        assert staff.peran is Role.petugas and staff.unit_ids == [UNIT] and staff.aktif
        assert accounts.check_password(staff, PASSWORD)
    [entry] = entries(app)
    assert (entry.aksi, entry.staf_id, entry.sasaran) == ("staf_ditambah", None, f"staf:{staff.id}")
    assert entry.rincian["melalui"] == "baris perintah" and PASSWORD not in str(entry.rincian)
    client = FormClient(app.test_client())
    sign_in(client, {"email": "rina@pst.contoh.id", "password": PASSWORD, "secret": None})
    assert client.client.get("/staf/").status_code == 200


def test_an_admin_added_here_must_enrol_at_first_sign_in(app):
    result = add(app, email="admin@pst.contoh.id", role="admin")
    assert result.exit_code == 0, result.output
    assert "memasang aplikasi autentikator" in result.output
    client = FormClient(app.test_client())
    client.get("/staf/masuk")
    response = client.post("/staf/masuk", {"email": "admin@pst.contoh.id", "kata_sandi": PASSWORD})
    assert response.headers["Location"].endswith("/staf/masuk/autentikator")


def test_the_password_is_never_taken_from_the_command_line(app):
    for option in ("--sandi", "--kata-sandi", "--password", "-p"):
        result = run(app, "tambah", "--email", "x@pst.contoh.id", "--nama", "X", "--peran", "petugas",
                     "--unit", UNIT, option, PASSWORD)
        assert result.exit_code == 2 and "No such option" in result.output, (option, result.output)
    result = run(app, "tambah", "--email", "x@pst.contoh.id", "--nama", "X", "--peran", "petugas", "--unit", UNIT,
                 PASSWORD)
    assert result.exit_code == 2
    result = run(app, "atur-ulang-sandi", "x@pst.contoh.id", PASSWORD)
    assert result.exit_code == 2
    for command in ("tambah", "atur-ulang-sandi"):
        help_text = run(app, command, "--help").output
        assert "sandi" not in "".join(line for line in help_text.splitlines() if line.strip().startswith("-"))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Staff)) == 0


def test_passwords_that_differ_or_break_the_policy_are_asked_again(app):
    result = add(app, password=PASSWORD, again=PASSWORD + "x")
    assert result.exit_code == 1
    assert "Kedua kata sandi tidak sama" in result.output
    assert "Traceback" not in result.output
    result = add(app, password="pendek")
    assert "minimal 12 karakter" in result.output and result.exit_code == 1
    typed = "pendek\npendek\npassword1234\npassword1234\n" + f"{PASSWORD}\n{PASSWORD}\n"
    result = app.test_cli_runner().invoke(args=["staf", "tambah", "--email", "r@pst.contoh.id", "--nama", "R",
                                                "--peran", "petugas", "--unit", UNIT], input=typed)
    assert result.exit_code == 0, result.output
    assert "minimal 12 karakter" in result.output and "paling umum" in result.output
    result = add(app, email="rina.petugas@pst.contoh.id", password="Rina.Petugas-di-kantor")
    assert "tidak boleh memuat nama atau alamat email" in result.output


def test_add_refuses_unknown_units_roles_and_taken_emails(app):
    result = add(app, units=(UNIT, "unit-yang-tidak-ada"))
    assert result.exit_code == 1
    assert "unit tidak dikenal: unit-yang-tidak-ada" in result.output and UNIT in result.output
    result = add(app, role="raja")
    assert result.exit_code == 2 and "raja" in result.output
    assert add(app).exit_code == 0
    result = add(app, email="RINA@pst.contoh.id")
    assert result.exit_code == 1 and "Sudah ada staf dengan email rina@pst.contoh.id" in result.output
    result = add(app, email="bukan-email")
    assert result.exit_code == 1 and "tidak sah" in result.output
    assert "Traceback" not in result.output
    assert [entry.aksi for entry in entries(app)] == ["staf_ditambah"]


def test_list(app):
    assert run(app, "daftar").output.startswith("Belum ada staf")
    make_staff(app, email="admin@pst.contoh.id", role=Role.admin, name="Ani Admin")
    make_staff(app, name="Rina Petugas")
    output = run(app, "daftar").output.splitlines()
    assert output[0].split() == ["EMAIL", "NAMA", "PERAN", "UNIT", "AKTIF", "DUA", "LANGKAH"]
    assert output[1].split() == ["admin@pst.contoh.id", "Ani", "Admin", "admin", UNIT, "ya", "ya"]
    assert output[2].split() == ["petugas@pst.contoh.id", "Rina", "Petugas", "petugas", UNIT, "ya", "tidak"]


def test_deactivate_ends_sessions(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    result = run(app, "nonaktifkan", "PETUGAS@pst.contoh.id")
    assert result.exit_code == 0, result.output
    assert client.client.get("/staf/").status_code == 302
    assert run(app, "nonaktifkan", account["email"]).output.strip() == f"Error: {account['email']} sudah nonaktif"
    result = run(app, "nonaktifkan", "siapa@pst.contoh.id")
    assert result.exit_code == 1 and "tidak ada staf dengan email siapa@pst.contoh.id" in result.output
    assert [entry.aksi for entry in entries(app)][-1] == "staf_dinonaktifkan"
    result = run(app, "aktifkan", account["email"])
    assert result.exit_code == 0 and "aktif lagi" in result.output
    assert [entry.aksi for entry in entries(app)][-1] == "staf_diaktifkan"
    sign_in(client, account)
    assert run(app, "aktifkan", account["email"]).output.strip() == f"Error: {account['email']} sudah aktif"


def test_the_last_active_admin_is_not_deactivated(app):
    admin = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    result = run(app, "nonaktifkan", admin["email"])
    assert result.exit_code == 1 and "satu-satunya admin aktif" in result.output
    make_staff(app, email="admin2@pst.contoh.id", role=Role.admin)
    assert run(app, "nonaktifkan", admin["email"]).exit_code == 0


def test_reset_password(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    new = "teh-manis-hangat-di-Sendawar"
    result = run(app, "atur-ulang-sandi", account["email"], password=new)
    assert result.exit_code == 0, result.output
    assert client.client.get("/staf/").status_code == 302  # every session ended
    sign_in(client, {**account, "password": new})
    assert entries(app)[-2].aksi == "sandi_diatur_ulang"
    result = run(app, "atur-ulang-sandi", account["email"], password="pendek")
    assert result.exit_code == 1 and "minimal 12 karakter" in result.output


def test_reset_two_factor(app):
    account = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    result = run(app, "atur-ulang-dua-langkah", account["email"])
    assert result.exit_code == 0, result.output
    assert "memasang aplikasi autentikator lagi" in result.output
    with app.app_context():
        staff = db.session.get(Staff, account["id"])
        assert staff.totp_rahasia is None and not staff.totp_aktif
    assert entries(app)[-1].aksi == "dua_langkah_diatur_ulang"


def test_a_database_not_migrated_is_said_in_one_line(tmp_path):
    from forms_app import create_app

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'kosong.sqlite3'}",
                              "LAYANAN_PROJECT": str(__import__("forms_support").REPO)},
                     instance_path=str(tmp_path / "instance"))
    result = app.test_cli_runner().invoke(args=["staf", "daftar"])
    assert result.exit_code == 1 and "db upgrade" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["nonaktifkan", "aktifkan", "atur-ulang-sandi", "atur-ulang-dua-langkah"])
def test_commands_name_an_unknown_email(app, command):
    result = run(app, command, "siapa@pst.contoh.id", password=PASSWORD)
    assert result.exit_code == 1 and "tidak ada staf dengan email" in result.output


def test_sessions_end_is_kept_in_the_database(app):
    account = make_staff(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    run(app, "atur-ulang-dua-langkah", account["email"])
    with app.app_context():
        assert db.session.scalar(db.select(StaffSession.berakhir)) is not None


def test_serve_says_where_the_desk_is_and_how_to_make_the_first_admin(app):
    from pathlib import Path

    from forms_app.server import _desk_lines

    root = Path(app.config["LAYANAN_PROJECT"])
    lines = _desk_lines(app, root, "127.0.0.1", 8000)
    assert lines[0] == "Meja staf: http://127.0.0.1:8000/staf/"
    assert "http://127.0.0.1:8000/staf/pasang" in lines[1]
    assert f"staf tambah --peran admin --email <email> --nama \"<nama>\" --unit {UNIT}" in lines[2]
    assert "/staf/pasang (hanya" not in _desk_lines(app, root, "192.168.1.5", 8000)[1]
    assert "http://127.0.0.1:8000/staf/pasang" in _desk_lines(app, root, "0.0.0.0", 8000)[1]
    make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    assert _desk_lines(app, root, "127.0.0.1", 8000) == ["Meja staf: http://127.0.0.1:8000/staf/"]


def test_the_local_server_lets_the_first_run_page_see_a_proxy(app):
    """`layanan serve` behind nginx on the same machine: the request comes from 127.0.0.1, and
    only the proxy's header tells that it came from elsewhere; waitress must not drop it."""
    import threading
    import urllib.error
    import urllib.request

    from forms_app.server import make_server

    server = make_server(app, "127.0.0.1", 0, threads=2)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        def status(**headers: str) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/staf/pasang", headers=headers)
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code
        assert status() == 200
        assert status(**{"X-Forwarded-For": "203.0.113.9"}) == 404
        assert status(**{"Forwarded": "for=203.0.113.9"}) == 404
        assert status(**{"X-Forwarded-Host": "layanan.contoh.go.id"}) == 404
    finally:
        server._map.clear()  # noqa: SLF001 - waitress' loop ends once it has nothing to watch
        thread.join(timeout=10)
        server.close()
        server.task_dispatcher.shutdown()


def test_change_role_and_units(app):
    admin = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    account = make_staff(app)
    result = run(app, "ubah", account["email"], "--peran", "pengelola_pengaduan")
    assert result.exit_code == 0, result.output
    assert f"peran Pengelola pengaduan, unit {UNIT}" in result.output
    result = run(app, "ubah", account["email"], "--unit", "unit-yang-tidak-ada")
    assert result.exit_code == 1 and "unit tidak dikenal" in result.output
    assert run(app, "ubah", account["email"]).exit_code == 2
    result = run(app, "ubah", admin["email"], "--peran", "petugas")
    assert result.exit_code == 1 and "satu-satunya admin aktif" in result.output
    [entry] = [entry for entry in entries(app) if entry.aksi == "staf_diubah"]
    assert entry.rincian["peran_lama"] == "petugas" and entry.rincian["melalui"] == "baris perintah"
    with app.app_context():
        assert db.session.get(Staff, account["id"]).peran is Role.pengelola_pengaduan
