"""Every desk route, found by walking the app's route list (so routes added later are covered):
a visitor is sent to sign in, another unit's items do not exist, admin pages are for admins.
Also the first-run page, and the audit log that the database itself keeps append-only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import audit
from forms_app.desk import OPEN_ENDPOINTS
from forms_app.extensions import db
from forms_app.lifecycle import Identity, Status
from forms_app.models import Attachment, Complaint, Consultation, Contact, Reply, StatusEvent, Submission, Visit
from forms_app.editor_models import DraftKind, StandardDraft
from forms_app.staff_models import AuditEntry, CannedReply, LeaveDay, Role, Staff, StaffUnit
from forms_support import UNIT, FormClient, submit_consultation

# Ids of the other unit's items: large, so that they are nobody else's (and a table's sequence,
# which explicit ids do not move, never reaches them during a test).
OTHER_IDS = (900001, 900002, 900003)
OTHER_CODES = ("KON-LAIN-LAIN-0001", "ADU-LAIN-LAIN-0002", "KUN-LAIN-LAIN-0003")
SECRET_NAME = "Nama Warga Unit Lain"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def desk_rules(app) -> list:  # noqa: ANN001
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule == "/staf" or rule.rule.startswith("/staf/")]
    assert len(rules) >= 8, "the walk finds the desk's routes"
    return sorted(rules, key=lambda rule: rule.rule)


def methods_of(rule) -> list[str]:  # noqa: ANN001
    return [method for method in METHODS if method in rule.methods]


def build(rule, ints: int = 1, unit: str = UNIT, code: str = "KON-AAAA-BBBB-CCCC") -> str:  # noqa: ANN001
    """The rule's address with a value for each argument, chosen by converter and name."""
    def value(match: re.Match) -> str:
        converter, args, name = match.group("converter") or "string", match.group("args"), match.group("name")
        if converter == "int":
            return str(ints)
        if converter == "float":
            return f"{ints}.0"
        if converter == "any":
            return args.split(",")[0].strip().strip("'\"")
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        if "unit" in name:
            return unit
        if "kode" in name or "code" in name:
            return code
        if "tanggal" in name or "date" in name:
            return dt.date.today().isoformat()
        return "x"
    return _ARGUMENT.sub(value, rule.rule)


def _int_count(rule) -> int:  # noqa: ANN001
    return sum(1 for match in _ARGUMENT.finditer(rule.rule) if match.group("converter") == "int")


def _mixed(rule, other_position: int, other_id: int, own_id: int) -> str:  # noqa: ANN001
    """The rule's address with its int arguments all `own_id` but the one at `other_position`."""
    position = iter(range(100))

    def value(match: re.Match) -> str:
        if match.group("converter") != "int":
            return build(type("R", (), {"rule": match.group(0)})(), unit=UNIT, code=OWN_CODES[0])
        return str(other_id if next(position) == other_position else own_id)
    return _ARGUMENT.sub(value, rule.rule)


def token_of(client: FormClient, url: str = "/staf/masuk") -> str:
    client.get(url)
    return client.hidden["csrf_token"]


def call(client: FormClient, method: str, url: str, token: str):  # noqa: ANN201
    data = {"csrf_token": token} if method != "GET" else None
    return client.client.open(url, method=method, data=data)


# --- a visitor -------------------------------------------------------------------------------


def test_every_desk_route_sends_a_visitor_to_sign_in(app):
    make_staff(app, email="admin@pst.contoh.id", role=Role.admin)  # the first-run page is closed
    client = FormClient(app.test_client())
    token = token_of(client)
    checked = 0
    for rule in desk_rules(app):
        for method in methods_of(rule):
            url = build(rule)
            response = call(client, method, url, token)
            if rule.endpoint in OPEN_ENDPOINTS:
                assert response.status_code in (200, 302, 303, 400, 404), (method, url, response.status_code)
                assert "admin@pst.contoh.id" not in response.get_data(as_text=True), (method, url)
                continue
            assert response.status_code in (302, 303), (method, url, response.status_code)
            assert re.match(r"(http://localhost)?/staf/masuk(\?|$)", response.headers["Location"]), (
                method, url, response.headers["Location"])
            checked += 1
    assert checked >= 5


def test_the_open_pages_lead_only_to_signing_in(app):
    client = FormClient(app.test_client())
    make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    page = client.get("/staf/masuk")
    assert "<form" in page.get_data(as_text=True)
    for url in ("/staf/masuk/kode", "/staf/masuk/autentikator"):
        response = client.client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/staf/masuk")
    assert client.client.get("/staf/pasang").status_code == 404


# --- another unit's items --------------------------------------------------------------------


OWN_IDS = (800001, 800002, 800003)
OWN_CODES = ("KON-SAYA-SAYA-0001", "ADU-SAYA-SAYA-0002", "KUN-SAYA-SAYA-0003")


def _other_unit_items(app, unit: str = OTHER_UNIT, ids: tuple = OTHER_IDS, codes: tuple = OTHER_CODES,  # noqa: ANN001
                      name: str = SECRET_NAME, with_staff: bool = True) -> None:
    """A consultation, a complaint and a walk-in visit of another unit, each with a reply, an
    attachment, history; a canned reply, a leave day and a staff member of that unit only."""
    OTHER_UNIT, OTHER_IDS, OTHER_CODES, SECRET_NAME = unit, ids, codes, name  # noqa: N806
    now = dt.datetime.now(dt.UTC)
    common = {"unit_id": OTHER_UNIT, "layanan_id": "layanan-lain", "status": Status.diterima,
              "identitas": Identity.biasa, "dibuat": now, "diperbarui": now, "jam_mulai": now,
              "jatuh_tempo": now + dt.timedelta(days=3)}
    with app.app_context():
        cases = [
            Consultation(id=OTHER_IDS[0], kode=OTHER_CODES[0], kategori_pengguna="umum", topik="data",
                         pertanyaan="Pertanyaan unit lain", saluran_balasan="email", **common),
            Complaint(id=OTHER_IDS[1], kode=OTHER_CODES[1], jenis_aduan="pengaduan", aspek="waktu",
                      uraian="Aduan unit lain", tanggal_kejadian=now.date(), **common),
            Visit(id=OTHER_IDS[2], kode=OTHER_CODES[2], unit_antrean=OTHER_UNIT, tanggal_antrean=now.date(),
                  nomor_antrean=1, keperluan="Kunjungan unit lain", **common),
        ]
        for case in cases:
            case.kontak = Contact(nama=SECRET_NAME, email="warga@unit-lain.contoh", telepon="0812000000")
            db.session.add(case)
        db.session.flush()
        for item_id, case in zip(OTHER_IDS, cases, strict=True):
            db.session.add_all([
                Reply(id=item_id, pengajuan_id=case.id, isi="Balasan unit lain", publik=True, waktu=now),
                StatusEvent(id=item_id, pengajuan_id=case.id, status=Status.diterima, waktu=now, pelaku="sistem",
                            catatan_publik=True),
                Attachment(id=item_id, pengajuan_id=case.id, nama_simpan=f"lain-{item_id}", nama_asli="bukti.pdf",
                           jenis_media="application/pdf", ukuran=10, sha256="0" * 64, dibuat=now),
                CannedReply(id=item_id, judul="Balasan siap unit lain", isi="Isi", unit_id=OTHER_UNIT),
                LeaveDay(id=item_id, tanggal=now.date(), unit_id=OTHER_UNIT, keterangan="Cuti unit lain"),
            ])
        if with_staff:
            db.session.add(Staff(id=OTHER_IDS[0], email="staf@unit-lain.contoh", nama="Staf Unit Lain",
                                 peran=Role.penyunting_standar, sandi_hash="x", aktif=True,
                                 unit=[StaffUnit(unit_id=OTHER_UNIT)]))
            db.session.flush()
            for item_id in OTHER_IDS:  # the other unit's editor's drafts
                db.session.add(StandardDraft(id=item_id, staf_id=OTHER_IDS[0], jenis=DraftKind.layanan,
                                             unit_id=OTHER_UNIT, alamat=f"{OTHER_UNIT}/layanan-{item_id}",
                                             asal_berkas=f"layanan/{OTHER_UNIT}/layanan-{item_id}/versi-1.yaml",
                                             asal_sha256="0" * 64, data={"dokumen": {"nama": SECRET_NAME}}))
        db.session.commit()


def _refused(rule, role: Role) -> tuple[int, ...]:  # noqa: ANN001
    """What a role may get instead of 404 on a route of another unit's item: 403 where the role
    may not go at all (admin pages, the editor for non-editors, cases for editors)."""
    editor = rule.endpoint.startswith("editor.")
    if (editor and not role.edits_standards) or (not editor and not role.handles_cases):
        return (404, 403)
    if rule.rule.startswith("/staf/admin/") and role is not Role.admin:
        return (404, 403)
    return (404,)


@pytest.mark.parametrize("role", list(Role))
def test_another_units_items_do_not_exist(app, role):
    account = make_staff(app, email="staf@pst.contoh.id", role=role)  # first: SQLite would give it 900002
    _other_unit_items(app)
    _other_unit_items(app, UNIT, OWN_IDS, OWN_CODES, "Nama Warga Unit Sendiri", with_staff=False)
    client = FormClient(app.test_client())
    sign_in(client, account)
    token = token_of(client, "/staf/akun")  # a page every role opens
    checked = 0
    for rule in desk_rules(app):
        if not rule.arguments or rule.endpoint in OPEN_ENDPOINTS:
            continue
        allowed = _refused(rule, role)
        for item_id, own_id, code in zip(OTHER_IDS, OWN_IDS, OTHER_CODES, strict=True):
            urls = [build(rule, ints=item_id, unit=OTHER_UNIT, code=code)]
            # Two ids (a case and its attachment): the other unit's item under one's own case,
            # and one's own item under the other unit's case.
            urls += [_mixed(rule, position, item_id, own_id) for position in range(_int_count(rule))
                     if _int_count(rule) > 1]
            for url in urls:
                for method in methods_of(rule):
                    response = call(client, method, url, token)
                    assert response.status_code in allowed, (role, method, url, response.status_code)
                    assert SECRET_NAME not in response.get_data(as_text=True)
                    checked += 1
    assert checked, "some desk route takes an id"
    if not role.handles_cases:  # still signed in, led to the editor; no case for an editor
        assert client.client.get("/staf/").headers["Location"].endswith("/staf/standar/")
        assert client.client.get(f"/staf/kasus/{OWN_IDS[1]}").status_code == 403
        return
    assert client.client.get("/staf/").status_code == 200  # still signed in: the walk itself is no failure
    assert client.client.get(f"/staf/kasus/{OWN_IDS[1]}").status_code == 200  # the same ids of one's own unit work


def test_the_inbox_lists_no_other_units_case(app):
    account = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    _other_unit_items(app)
    client = FormClient(app.test_client())
    sign_in(client, account)
    page = client.get("/staf/").get_data(as_text=True)
    assert all(code not in page for code in OTHER_CODES) and SECRET_NAME not in page


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.petugas, Role.pengelola_pengaduan])
def test_admin_pages_are_forbidden_to_other_roles(app, role):
    account = make_staff(app, role=role)
    client = FormClient(app.test_client())
    sign_in(client, account)
    token = token_of(client, "/staf/")
    admin_rules = [rule for rule in desk_rules(app) if rule.rule.startswith("/staf/admin/")]
    assert any(rule.endpoint == "desk.staff_list" for rule in admin_rules)
    for rule in admin_rules:
        for method in methods_of(rule):
            url = build(rule, ints=account["id"])
            response = call(client, method, url, token)
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert "Akses ditolak" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [role for role in Role if not role.edits_standards])
def test_the_standards_editor_is_forbidden_to_roles_that_do_not_edit_standards(app, role):
    account = make_staff(app, role=role)
    client = FormClient(app.test_client())
    sign_in(client, account)
    token = token_of(client, "/staf/")
    editor_rules = [rule for rule in desk_rules(app) if rule.endpoint.startswith("editor.")]
    assert {"editor.index", "editor.section", "editor.publish", "editor.build"} <= {r.endpoint for r in editor_rules}
    for rule in editor_rules:
        for method in methods_of(rule):
            url = build(rule, ints=account["id"])
            response = call(client, method, url, token)
            assert response.status_code == 403, (role, method, url, response.status_code)
    assert "/staf/standar/" not in client.get("/staf/").get_data(as_text=True)  # not in their menu


def test_an_editor_of_standards_reaches_only_the_editor_and_their_account(app):
    account = make_staff(app, email="penyunting@pst.contoh.id", role=Role.penyunting_standar)
    client = FormClient(app.test_client())
    sign_in(client, account)
    token = token_of(client, "/staf/akun")
    from forms_app.desk import EDITOR_ENDPOINTS

    assert client.client.get("/staf/").headers["Location"].endswith("/staf/standar/")
    page = client.get("/staf/standar/").get_data(as_text=True)
    assert "Kotak masuk" not in page and "/staf/laporan" not in page  # no case pages in their menu
    checked = 0
    for rule in desk_rules(app):
        if rule.endpoint.startswith("editor.") or rule.endpoint in OPEN_ENDPOINTS | EDITOR_ENDPOINTS:
            continue
        if rule.endpoint == "desk.inbox":
            continue
        for method in methods_of(rule):
            url = build(rule, ints=account["id"])
            response = call(client, method, url, token)
            assert response.status_code == 403, (method, url, response.status_code)
            checked += 1
    assert checked >= 20


def test_the_menu_shows_admin_pages_to_admins_only(app):
    petugas = make_staff(app)
    admin = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    client = FormClient(app.test_client())
    sign_in(client, petugas)
    assert "/staf/admin/" not in client.get("/staf/").get_data(as_text=True)
    admin_client = FormClient(app.test_client())
    sign_in(admin_client, admin)
    page = admin_client.get("/staf/").get_data(as_text=True)
    assert "/staf/admin/staf/" in page and "/staf/admin/jejak-audit/" in page


# --- the first-run page ----------------------------------------------------------------------

PASSWORD = "kopi-tubruk-di-Barong-Tongkok"


def _first_admin(client: FormClient, status: int = 303, **changes):  # noqa: ANN003, ANN202
    client.get("/staf/pasang")
    answers = {"email": "kepala@pst.contoh.id", "nama": "Kepala Kantor", "unit": UNIT, "kata_sandi": PASSWORD,
               "ulangi_kata_sandi": PASSWORD, **changes}
    return client.post("/staf/pasang", answers, status)


def test_first_run_page_makes_the_first_admin_who_then_enrols(app):
    client = FormClient(app.test_client())
    page = client.get("/staf/pasang").get_data(as_text=True)
    assert "Buat admin pertama" in page and "staf tambah" in page
    refused = _first_admin(client, 400, ulangi_kata_sandi=PASSWORD + "x")
    assert "Kedua kata sandi tidak sama" in client.text(refused)
    refused = _first_admin(client, 400, kata_sandi="kepala-kantor-1", ulangi_kata_sandi="kepala-kantor-1")
    assert "tidak boleh memuat nama atau alamat email" in client.text(refused)
    refused = _first_admin(client, 400, unit="unit-yang-tidak-ada")
    assert "tidak ada pada daftar" in client.text(refused)
    refused = _first_admin(client, 400, unit=None)
    assert "Pilih sedikitnya satu unit" in client.text(refused)
    done = _first_admin(client)
    assert done.headers["Location"].endswith("/staf/masuk")
    assert "memasang aplikasi autentikator" in client.text(client.get("/staf/masuk"))
    with app.app_context():
        staff = db.session.scalar(db.select(Staff))
        assert (staff.email, staff.peran, staff.unit_ids, staff.totp_aktif) == (
            "kepala@pst.contoh.id", Role.admin, [UNIT], False)
        [entry] = db.session.scalars(db.select(AuditEntry)).all()
        assert entry.aksi == "admin_pertama_dibuat" and entry.rincian["melalui"] == "halaman pemasangan"
    # Closed from now on, to everyone.
    assert client.client.get("/staf/pasang").status_code == 404
    assert client.client.post("/staf/pasang", data=client.hidden).status_code == 404
    response = client.post("/staf/masuk", {"email": "kepala@pst.contoh.id", "kata_sandi": PASSWORD})
    assert response.headers["Location"].endswith("/staf/masuk/autentikator")


@pytest.mark.parametrize(("environ", "headers"), [
    ({"REMOTE_ADDR": "192.168.1.20"}, {}),
    ({"REMOTE_ADDR": "10.0.0.1"}, {}),
    ({"REMOTE_ADDR": "127.0.0.1"}, {"X-Forwarded-For": "203.0.113.9"}),  # a proxy on this machine
    ({"REMOTE_ADDR": "127.0.0.1"}, {"X-Real-IP": "203.0.113.9"}),
    ({"REMOTE_ADDR": "127.0.0.1"}, {"Forwarded": "for=203.0.113.9"}),
    ({"REMOTE_ADDR": "::1"}, {"X-Forwarded-For": "127.0.0.1"}),
    ({"REMOTE_ADDR": "127.0.0.1"}, {"Host": "layanan.contoh.go.id"}),  # a proxy passing the public name
])
def test_first_run_page_answers_only_to_this_machine_directly(tmp_path, environ, headers):
    from forms_support import make_app

    app, close = make_app(tmp_path, "sqlite", TRUSTED_HOSTS=None)
    try:
        client = app.test_client()
        response = client.get("/staf/pasang", environ_base=environ, headers=headers)
        assert response.status_code == 404
        local = client.get("/staf/pasang", environ_base={"REMOTE_ADDR": "::1"})
        assert local.status_code == 200
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', local.get_data(as_text=True)).group(1)
        posted = client.post("/staf/pasang", environ_base=environ, headers=headers, data={
            "csrf_token": csrf, "email": "x@pst.contoh.id", "nama": "X", "unit": UNIT, "kata_sandi": PASSWORD,
            "ulangi_kata_sandi": PASSWORD})
        # (a request to another host name carries no cookie of this one: the form token fails first)
        assert posted.status_code == (400 if "Host" in headers else 404)
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count()).select_from(Staff)) == 0
    finally:
        close()


def test_first_run_page_stays_closed_behind_a_trusted_proxy(tmp_path):
    from forms_support import make_app

    app, close = make_app(tmp_path, "sqlite", TRUSTED_PROXIES=1)
    try:
        client = app.test_client()
        # ProxyFix turns the proxy's X-Forwarded-For into the client's address; the page still
        # sees that a proxy carried the request, whatever address the header claims.
        response = client.get("/staf/pasang", headers={"X-Forwarded-For": "127.0.0.1"})
        assert response.status_code == 404
        assert client.get("/staf/pasang").status_code == 200
    finally:
        close()


def test_first_run_page_reopens_only_when_no_admin_is_active(app):
    make_staff(app, email="petugas@pst.contoh.id")
    client = FormClient(app.test_client())
    assert client.client.get("/staf/pasang").status_code == 200  # a petugas is no admin
    admin = make_staff(app, email="admin@pst.contoh.id", role=Role.admin)
    assert client.client.get("/staf/pasang").status_code == 404
    with app.app_context():
        db.session.get(Staff, admin["id"]).aktif = False
        db.session.commit()
    assert client.client.get("/staf/pasang").status_code == 200


# --- the audit log is append-only in the database itself -------------------------------------


def test_the_database_refuses_to_change_or_delete_an_audit_entry(app):
    with app.app_context():
        audit.record(None, "masuk", details={"uji": 1})
        db.session.commit()
        for statement in ("UPDATE jejak_audit SET aksi = 'keluar'", "DELETE FROM jejak_audit"):
            with pytest.raises(sqlalchemy.exc.DBAPIError) as refused:
                db.session.execute(sqlalchemy.text(statement))
                db.session.flush()
            assert "jejak audit tidak dapat diubah atau dihapus" in str(refused.value)
            db.session.rollback()
        assert db.session.scalar(sqlalchemy.text("SELECT aksi FROM jejak_audit")) == "masuk"
        assert db.session.scalar(sqlalchemy.text("SELECT count(*) FROM jejak_audit")) == 1


# --- admin: staff pages ----------------------------------------------------------------------

NEW_PASSWORD = "teh-manis-hangat-di-Sendawar"


def _admin_client(app, email: str = "admin@pst.contoh.id"):  # noqa: ANN001, ANN202
    account = make_staff(app, email=email, role=Role.admin, name="Ani Admin")
    client = FormClient(app.test_client())
    sign_in(client, account)
    return account, client


def _entries(app) -> list[AuditEntry]:  # noqa: ANN001
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_admin_adds_a_staff_member_who_signs_in(app):
    _admin, client = _admin_client(app)
    client.get("/staf/admin/staf/tambah")
    answers = {"email": "Budi@PST.contoh.id", "nama": "Budi Petugas", "peran": "petugas", "unit": UNIT,
               "kata_sandi": NEW_PASSWORD, "ulangi_kata_sandi": NEW_PASSWORD}
    for changes, message in [({"peran": None}, "Pilih peran"), ({"unit": None}, "Pilih sedikitnya satu unit"),
                             ({"unit": OTHER_UNIT}, "tidak ada pada daftar"),
                             ({"kata_sandi": "password1234", "ulangi_kata_sandi": "password1234"}, "paling umum"),
                             ({"email": "admin@pst.contoh.id"}, "Sudah ada staf dengan email"),
                             ({"email": "bukan email"}, "Format email tidak benar")]:
        refused = client.post("/staf/admin/staf/tambah", {k: v for k, v in {**answers, **changes}.items()
                                                           if v is not None}, 400)
        assert message in client.text(refused), (changes, client.text(refused))
        assert "<title>Galat: " in refused.get_data(as_text=True)
    done = client.post("/staf/admin/staf/tambah", answers)
    page = client.get(done.headers["Location"])
    assert "Sampaikan kata sandinya langsung" in client.text(page)
    listing = client.text(client.get("/staf/admin/staf/"))
    assert "Budi Petugas" in listing and "budi@pst.contoh.id" in listing
    other = FormClient(app.test_client())
    sign_in(other, {"email": "budi@pst.contoh.id", "password": NEW_PASSWORD, "secret": None})
    [added] = [entry for entry in _entries(app) if entry.aksi == "staf_ditambah"]
    assert added.rincian == {"email": "budi@pst.contoh.id", "peran": "petugas", "unit": [UNIT]}
    assert NEW_PASSWORD not in str(added.rincian)


def test_admin_changes_role_and_units_keeping_units_they_do_not_manage(app):
    _admin, client = _admin_client(app)
    member = make_staff(app, units=(UNIT, OTHER_UNIT))
    page = client.get(f"/staf/admin/staf/{member['id']}")
    assert OTHER_UNIT in client.text(page)  # said, not offered
    assert f'value="{OTHER_UNIT}"' not in page.get_data(as_text=True)
    client.post(f"/staf/admin/staf/{member['id']}", {"peran": "pengelola_pengaduan", "unit": UNIT})
    with app.app_context():
        changed = db.session.get(Staff, member["id"])
        assert changed.peran is Role.pengelola_pengaduan and sorted(changed.unit_ids) == sorted([UNIT, OTHER_UNIT])
    [entry] = [entry for entry in _entries(app) if entry.aksi == "staf_diubah"]
    assert entry.rincian["peran_lama"] == "petugas" and entry.rincian["peran"] == "pengelola_pengaduan"


def test_promoting_to_admin_means_enrolling_at_next_sign_in(app):
    _admin, client = _admin_client(app)
    member = make_staff(app)
    member_client = FormClient(app.test_client())
    sign_in(member_client, member)
    client.get(f"/staf/admin/staf/{member['id']}")
    client.post(f"/staf/admin/staf/{member['id']}", {"peran": "admin", "unit": UNIT})
    assert member_client.client.get("/staf/").status_code == 302
    member_client.get("/staf/masuk")
    response = member_client.post("/staf/masuk", {"email": member["email"], "kata_sandi": member["password"]})
    assert response.headers["Location"].endswith("/staf/masuk/autentikator")


def test_admin_deactivates_reactivates_and_resets(app):
    _admin, client = _admin_client(app)
    member = make_staff(app, two_factor=True)
    member_client = FormClient(app.test_client())
    sign_in(member_client, member)
    url = f"/staf/admin/staf/{member['id']}"
    client.get(url)
    client.post(url + "/nonaktifkan", {})
    assert "dinonaktifkan" in client.text(client.get(url))
    assert member_client.client.get("/staf/").status_code == 302
    assert "Nonaktif" in client.text(client.get("/staf/admin/staf/"))
    client.get(url)
    client.post(url + "/aktifkan", {})
    sign_in(member_client, member)
    client.get(url + "/sandi")
    refused = client.post(url + "/sandi", {"kata_sandi": "pendek-123", "ulangi_kata_sandi": "pendek-123"}, 400)
    assert "minimal 12 karakter" in client.text(refused)
    client.post(url + "/sandi", {"kata_sandi": NEW_PASSWORD, "ulangi_kata_sandi": NEW_PASSWORD})
    assert member_client.client.get("/staf/").status_code == 302
    client.get(url)
    client.post(url + "/dua-langkah", {})
    with app.app_context():
        reset = db.session.get(Staff, member["id"])
        assert not reset.totp_aktif and reset.totp_rahasia is None
    sign_in(member_client, {**member, "password": NEW_PASSWORD, "secret": None})  # a petugas: password alone
    assert [entry.aksi for entry in _entries(app) if entry.sasaran == f"staf:{member['id']}"
            and entry.staf_id != member["id"]] == [
        "staf_dinonaktifkan", "staf_diaktifkan", "sandi_diatur_ulang", "dua_langkah_diatur_ulang"]


def test_the_last_active_admin_cannot_deactivate_or_demote_themselves(app):
    admin, client = _admin_client(app)
    url = f"/staf/admin/staf/{admin['id']}"
    client.get(url)
    client.post(url + "/nonaktifkan", {})
    assert "satu-satunya admin aktif" in client.text(client.get(url))
    refused = client.post(url, {"peran": "petugas", "unit": UNIT}, 400)
    assert "satu-satunya admin aktif" in client.text(refused)
    with app.app_context():
        me = db.session.get(Staff, admin["id"])
        assert me.aktif and me.peran is Role.admin
    # With a second admin, the first may step down.
    make_staff(app, email="admin2@pst.contoh.id", role=Role.admin)
    client.get(url)
    client.post(url, {"peran": "petugas", "unit": UNIT})
    with app.app_context():
        assert db.session.get(Staff, admin["id"]).peran is Role.petugas


def test_staff_of_another_unit_do_not_exist_for_an_admin(app):
    _admin, client = _admin_client(app)
    stranger = make_staff(app, email="lain@unit-lain.contoh", units=(OTHER_UNIT,), name="Orang Unit Lain")
    assert "Orang Unit Lain" not in client.text(client.get("/staf/admin/staf/"))
    assert "Orang Unit Lain" not in client.get("/staf/admin/jejak-audit/").get_data(as_text=True)
    token = token_of(client, "/staf/admin/staf/")
    for suffix, method in [("", "GET"), ("", "POST"), ("/nonaktifkan", "POST"), ("/aktifkan", "POST"),
                           ("/sandi", "GET"), ("/sandi", "POST"), ("/dua-langkah", "POST")]:
        response = call(client, method, f"/staf/admin/staf/{stranger['id']}{suffix}", token)
        assert response.status_code == 404, (suffix, method)


# --- admin: the audit log --------------------------------------------------------------------


def test_audit_log_page_newest_first_filtered_and_paged(app):
    admin, client = _admin_client(app)
    member = make_staff(app)
    with app.app_context():
        for n in range(audit.PAGE_SIZE + 5):
            audit.record(db.session.get(Staff, member["id"]), "status_diubah", target=f"pengajuan:KON-{n:04d}",
                         unit_id=UNIT, details={"ke": "diproses"})
        audit.record(None, "staf_ditambah", details={"melalui": "baris perintah"})
        audit.record(None, "status_diubah", target="pengajuan:RAHASIA-LAIN", unit_id=OTHER_UNIT)
        db.session.commit()
    page = client.get("/staf/admin/jejak-audit/")
    text = client.text(page)
    assert text.index("Menambah staf") < text.index("Mengubah status")  # newest first
    assert "Sistem" in text and "melalui: baris perintah" in text
    assert "RAHASIA-LAIN" not in text  # another unit's work
    assert "halaman 1 dari 2" in text
    second = client.text(client.get("/staf/admin/jejak-audit/?halaman=2"))
    assert "KON-0000" in second and "KON-0054" not in second
    only = client.text(client.get(f"/staf/admin/jejak-audit/?staf={member['id']}&aksi=status_diubah"))
    assert f"{audit.PAGE_SIZE + 5} catatan" in only and "Menambah staf" not in only.split("catatan", 1)[1]
    signed = client.text(client.get(f"/staf/admin/jejak-audit/?staf={admin['id']}&aksi=masuk"))
    assert "1 catatan" in signed
    code = submit_consultation(FormClient(app.test_client()))
    with app.app_context():
        audit.record(None, "staf_dinonaktifkan", target=f"staf:{member['id']}")
        audit.record(None, "status_diubah", target=audit.case_target(code), unit_id=UNIT)
        case_id = db.session.scalar(db.select(Submission.id).where(Submission.kode == code))
        db.session.commit()
    html = client.get("/staf/admin/jejak-audit/").get_data(as_text=True)
    assert f'href="/staf/admin/staf/{member["id"]}">staf:{member["id"]}</a>' in html
    assert f'href="/staf/kasus/{case_id}">pengajuan:{code}</a>' in html
    assert "pengajuan:KON-0054</a>" not in html and "pengajuan:KON-0054" in html  # no such case: no link
    assert client.client.get("/staf/admin/jejak-audit/?halaman=abc&staf=x").status_code == 200


def test_no_route_changes_or_deletes_audit_entries(app):
    for rule in app.url_map.iter_rules():
        if "jejak-audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_every_action_the_app_records_has_an_indonesian_label():
    """Actions are written as string literals beside `audit.record` (or picked among literals
    just before it): each one the code names must have a label on the audit-log page."""
    from forms_support import REPO

    recorded = set()
    for path in (REPO / "forms_app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        recorded |= set(re.findall(r"audit\.record\([^,]+,\s*\"([a-z_]+)\"", text))
        recorded |= set(re.findall(r"(?:action|aksi)\s*=\s*\"([a-z_]+)\"", text))
        recorded |= set(re.findall(r"_(?:audit|record|commit)\([^,\n]*,?\s*\"([a-z_]+)\"", text))
    assert {"masuk", "masuk_gagal", "staf_ditambah"} <= recorded
    assert audit.unlabelled(sorted(recorded)) == []
