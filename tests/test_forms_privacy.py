"""Personal data (UU 27/2022): erased everywhere when its time is up, counted from closure,
and kept out of mail."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest

from forms_app import cases, outbox, retention, standards
from forms_app.extensions import db
from forms_app.lifecycle import Status
from forms_app.mail import FolderTransport
from forms_app.models import Attachment, OutboxMessage, Submission
from forms_support import (
    COMPLAINT_URL,
    UNIT,
    FormClient,
    complaint_answers,
    make_app,
    submit_complaint,
    submit_consultation,
)

# Random bytes behind a real PNG signature: a photo's size, nothing a grep could find by chance.
PHOTO = b"\x89PNG\r\n\x1a\n" + os.urandom(1024 * 1024)
PERSONAL = ["Budi Santoso", "budi@contoh.id", "Siti Aminah", "siti@contoh.id", "0812 3456 7890",
            "KTP_Siti_Aminah", "Rahmat Hidayat", "rahmat@contoh.id"]


def _close(app, code: str, when: dt.datetime) -> None:  # noqa: ANN001
    with app.app_context():
        case = db.session.scalar(db.select(Submission).where(Submission.kode == code))
        unit = standards.catalog().units[UNIT]
        cases.change_status(case, Status.selesai, "petugas", note=None, note_public=False, unit=unit, now=when)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_erasure_leaves_no_personal_data_in_the_database_or_the_instance_folder(tmp_path, database):
    mail_folder = tmp_path / "instance" / "surat-keluar"
    app, close = make_app(tmp_path, database, MAIL_TRANSPORT="folder", MAIL_FOLDER=str(mail_folder),
                          DATA_RETENTION_DAYS=30, DRAFT_LIFETIME_HOURS=24)
    try:
        client = FormClient(app.test_client())
        consultation = submit_consultation(client)
        complaint = submit_complaint(client, identitas="rahasia",
                                     files={"lampiran": [(io.BytesIO(PHOTO), "KTP_Siti_Aminah.png")]})
        # Someone else filled in a form and never sent it: their draft holds their answers.
        other = FormClient(app.test_client())
        other.get(COMPLAINT_URL)
        other.post(COMPLAINT_URL, complaint_answers(nama="Rahmat Hidayat", email="rahmat@contoh.id"))
        with app.app_context():
            assert outbox.deliver_due(FolderTransport(mail_folder)).sent == 2
        assert len(list(mail_folder.glob("*.eml"))) == 2
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
        _close(app, consultation, long_ago)
        _close(app, complaint, long_ago)
        with app.app_context():  # the two "selesai" mails are sent too
            assert outbox.deliver_due(FolderTransport(mail_folder)).sent == 2

        result = app.test_cli_runner().invoke(args=["data", "bersihkan"], env={})
        assert result.exit_code == 0, result.output
        assert "data kontak 2 pengajuan dihapus" in result.output
        with app.app_context():  # drafts live a day: the unsent one goes when its time is up
            retention.purge(now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=25))
            found = _database_text(database)
            stored = db.session.scalars(db.select(Submission).order_by(Submission.id)).all()
            assert [s.kode for s in stored] == [consultation, complaint]  # the cases stay, for the records
            assert all(s.kontak is None for s in stored)
            assert db.session.scalar(db.select(Attachment.nama_asli)).startswith("lampiran-")
            assert all(m.kepada is None for m in db.session.scalars(db.select(OutboxMessage)))
    finally:
        close()
    for text in PERSONAL:
        assert text not in found, f"{text!r} is still in the database"
    leftovers = [(path, text) for path in tmp_path.rglob("*") if path.is_file()
                 for text in PERSONAL if text.encode() in path.read_bytes()]
    assert leftovers == []
    assert list(mail_folder.glob("*.eml")) == []


def _database_text(database: str) -> str:
    """Every value of every table (PostgreSQL); the raw bytes of the files (SQLite, read by the caller)."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows.extend(str(tuple(row)) for row in db.session.execute(db.select(table)))
    return "\n".join(rows)


def test_the_retention_clock_runs_from_closure_not_from_sending(app, client):
    retention_days = app.config["DATA_RETENTION_DAYS"]
    still_open = submit_consultation(client)
    closed_recently = submit_consultation(client)
    closed_long_ago = submit_complaint(client)
    now = dt.datetime.now(dt.UTC)
    _close(app, closed_recently, now - dt.timedelta(days=retention_days - 1))
    _close(app, closed_long_ago, now - dt.timedelta(days=retention_days + 1))
    with app.app_context():
        later = now + dt.timedelta(days=3 * retention_days)  # long after all three were sent
        db.session.execute(db.update(Submission).values(dibuat=now - dt.timedelta(days=5 * retention_days)))
        db.session.commit()
        assert retention.erase_expired_contacts(now=now) == 1
        names = {s.kode: s.nama for s in db.session.scalars(db.select(Submission))}
        assert names == {still_open: "Budi Santoso", closed_recently: "Budi Santoso", closed_long_ago: None}
        assert retention.erase_expired_contacts(now=later) == 1  # the open case keeps its contact
        assert db.session.scalar(db.select(Submission).where(Submission.kode == still_open)).nama == "Budi Santoso"


def test_mail_waiting_for_an_erased_contact_is_never_sent(app, client):
    code = submit_consultation(client)
    with app.app_context():
        case = db.session.scalar(db.select(Submission).where(Submission.kode == code))
        retention.erase_contacts([case.id])
        sent = []

        class Recording:
            def send(self, message) -> None:  # noqa: ANN001
                sent.append(message)
        report = outbox.deliver_due(Recording())
    assert (report.sent, report.failed, report.pending, sent) == (0, 0, 0, [])


@pytest.mark.parametrize("name", [
    "Budi\nKlik https://bps-kubar.example/verifikasi untuk mengaktifkan akun",
    "Klik https://bps-kubar.example/verifikasi segera",
])
def test_what_a_citizen_typed_never_reaches_the_mail(app, client, name):
    """The receipt carries no typed text: a name holding a link would be a phishing mail sent
    under the office's name. A line break is refused by the form; a link in a name is kept out."""
    client.get(COMPLAINT_URL)
    response = client.client.post(COMPLAINT_URL, data={**client.hidden, **complaint_answers(nama=name)})
    if "\n" in name:
        assert response.status_code == 400
        return
    assert response.status_code == 303
    client.get(response.headers["Location"])
    client.post(COMPLAINT_URL + "periksa/", {})
    with app.app_context():
        [message] = db.session.scalars(db.select(OutboxMessage)).all()
    assert "https://bps-kubar.example" not in message.isi and "Yth. Bapak/Ibu," in message.isi


def test_the_receipt_gives_the_address_of_the_status_page(tmp_path):
    app, close = make_app(tmp_path, "sqlite", PUBLIC_BASE_URL="https://pst.kubar.example/")
    try:
        code = submit_consultation(FormClient(app.test_client()))
        with app.app_context():
            [message] = db.session.scalars(db.select(OutboxMessage)).all()
    finally:
        close()
    assert "https://pst.kubar.example/lacak/" in message.isi and code in message.isi


def test_sqlite_overwrites_what_it_deletes(sqlite_app):
    with sqlite_app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_privacy_notice_says_the_clock_runs_from_closure(client):
    page = client.text(client.get(COMPLAINT_URL))
    assert "setelah pengajuan selesai ditangani" in page

