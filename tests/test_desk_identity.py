"""Identity rules on every page of the desk this helper builds, its export and its mail: *anonim*
has no identity anywhere; *rahasia* is shown only to pengelola pengaduan and admins."""

from __future__ import annotations

import csv
import io

import pytest

from desk_support import make_staff, sign_in
from forms_app.extensions import db
from forms_app.models import OutboxMessage, Submission
from forms_app.staff_models import AuditEntry, Role
from forms_support import FormClient, submit_complaint, submit_consultation

SECRET_NAME, SECRET_EMAIL, SECRET_PHONE = "Siti Rahasia Aminah", "siti.rahasia@contoh.id", "0812 7777 6666"
PLAIN_NAME = "Budi Santoso"
SEES = {Role.petugas: False, Role.pengelola_pengaduan: True, Role.admin: True}


@pytest.fixture
def three_cases(app, client):  # noqa: ANN001, ANN201
    secret = submit_complaint(client, identitas="rahasia", nama=SECRET_NAME, email=SECRET_EMAIL,
                              telepon=SECRET_PHONE)
    anonymous = submit_complaint(client, identitas="anonim", nama=None, email=None, telepon=None,
                                 uraian="Pengaduan tanpa nama tentang antrean yang sangat panjang.")
    plain = submit_consultation(client)
    with app.app_context():
        ids = {code: db.session.scalar(db.select(Submission.id).where(Submission.kode == code))
               for code in (secret, anonymous, plain)}
    return {"rahasia": secret, "anonim": anonymous, "biasa": plain, "ids": ids}


def _desk(app, role: Role) -> FormClient:  # noqa: ANN001
    desk = FormClient(app.test_client())
    sign_in(desk, make_staff(app, email=f"{role.value}@pst.contoh.id", role=role, name=f"Staf {role.value}"))
    return desk


def _hidden_from(body: str) -> None:
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, "Siti"):
        assert secret not in body, secret


@pytest.mark.parametrize("role", list(SEES))
def test_inbox_case_page_and_export_follow_the_identity_rules(app, three_cases, role):
    desk = _desk(app, role)
    sees = SEES[role]
    ids = three_cases["ids"]

    inbox = desk.get("/staf/").get_data(as_text=True)
    assert PLAIN_NAME in inbox and "Anonim — pengirim tidak diketahui" in inbox
    if sees:
        assert SECRET_NAME in inbox and "Identitas dirahasiakan" not in inbox
    else:
        _hidden_from(inbox)
        assert "Identitas dirahasiakan" in inbox

    secret_page = desk.get(f"/staf/kasus/{ids[three_cases['rahasia']]}").get_data(as_text=True)
    if sees:
        assert SECRET_NAME in secret_page and SECRET_EMAIL in secret_page and SECRET_PHONE in secret_page
    else:
        _hidden_from(secret_page)
        assert "Identitas dirahasiakan" in secret_page
    anonymous_page = desk.get(f"/staf/kasus/{ids[three_cases['anonim']]}").get_data(as_text=True)
    assert "Anonim — pengirim tidak diketahui" in anonymous_page and "Email</dt>" not in anonymous_page
    plain_page = desk.get(f"/staf/kasus/{ids[three_cases['biasa']]}").get_data(as_text=True)
    assert PLAIN_NAME in plain_page and "budi@contoh.id" in plain_page

    exported = desk.get("/staf/ekspor.csv").get_data().decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(exported))}
    assert rows[three_cases["anonim"]][-3:] == ["", "", ""]
    assert rows[three_cases["biasa"]][-3:] == [PLAIN_NAME, "budi@contoh.id", ""]
    if sees:
        assert rows[three_cases["rahasia"]][-3:] == [SECRET_NAME, SECRET_EMAIL, SECRET_PHONE]
    else:
        assert rows[three_cases["rahasia"]][-3:] == ["dirahasiakan"] * 3
        _hidden_from(exported)


def test_mail_and_audit_never_carry_a_rahasia_or_anonim_identity(app, three_cases):
    desk = _desk(app, Role.pengelola_pengaduan)  # who sees the identity, and still never mails it
    for kind in ("rahasia", "anonim"):
        case_id = three_cases["ids"][three_cases[kind]]
        desk.get(f"/staf/kasus/{case_id}")
        desk.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": "Pengaduan Anda kami tindak lanjuti.",
                                                      "balas-status": "diproses"})
        desk.get(f"/staf/kasus/{case_id}")
        desk.post(f"/staf/kasus/{case_id}/catatan", {"catat-catatan_internal": f"Sudah menelepon {SECRET_NAME}"})
        desk.get(f"/staf/kasus/{case_id}")
        desk.post(f"/staf/kasus/{case_id}/status", {"ubah-status": "selesai", "ubah-tampil": "internal"})
    desk.get("/staf/ekspor.csv")
    with app.app_context():
        mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        secret_id = three_cases["ids"][three_cases["rahasia"]]
        anonymous_id = three_cases["ids"][three_cases["anonim"]]
        assert [m.pengajuan_id for m in mails].count(anonymous_id) == 0  # no address, no mail
        to_secret = [m for m in mails if m.pengajuan_id == secret_id]
        assert len(to_secret) == 3  # acknowledgement, the reply with its status, the status change
        assert all(m.kepada == SECRET_EMAIL for m in to_secret)  # addressed to the citizen herself
        for message in to_secret:
            assert SECRET_NAME not in message.isi and "Siti" not in message.subjek + message.isi
            assert SECRET_PHONE not in message.isi and "Sudah menelepon" not in message.isi
        details = " ".join(str(entry.rincian) for entry in db.session.scalars(db.select(AuditEntry)))
        _hidden_from(details)
        assert "budi@contoh.id" not in details


def test_the_status_page_of_a_rahasia_complaint_shows_no_identity_and_no_staff_name(app, three_cases):
    desk = _desk(app, Role.admin)
    case_id = three_cases["ids"][three_cases["rahasia"]]
    desk.get(f"/staf/kasus/{case_id}")
    desk.post(f"/staf/kasus/{case_id}/balasan", {"balas-isi": "Kami sudah menegur petugas yang bersangkutan."})
    citizen = FormClient(app.test_client())
    citizen.get("/lacak/")
    page = citizen.post("/lacak/", {"kode": three_cases["rahasia"]}, status=200).get_data(as_text=True)
    assert "Kami sudah menegur petugas yang bersangkutan." in page
    _hidden_from(page)
    assert "Staf admin" not in page and "Petugas PST BPS Kabupaten Kutai Barat" in page
