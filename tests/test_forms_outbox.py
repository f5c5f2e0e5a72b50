"""The outbox: an acknowledgement is never lost, even while the SMTP server is down."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller

from forms_app import mail, outbox
from forms_app.extensions import db
from forms_app.models import OutboxMessage, Submission
from forms_support import submit_complaint, submit_consultation


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd API
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _smtp(port: int) -> mail.SmtpTransport:
    return mail.SmtpTransport("127.0.0.1", port, starttls=False, username=None, password=None, timeout=5)


def _rows(app) -> list[OutboxMessage]:  # noqa: ANN001
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def test_smtp_down_keeps_every_submission_and_sends_once_it_is_back(app, client):
    codes = [submit_consultation(client), submit_complaint(client), submit_consultation(client)]
    port = _free_port()  # nothing listens here yet: the SMTP server is "down"
    start = dt.datetime.now(dt.timezone.utc)

    with app.app_context():
        report = outbox.deliver_due(_smtp(port), now=start)
    assert (report.sent, report.failed, report.pending) == (0, 3, 3)
    rows = _rows(app)
    assert all(r.terkirim is None and r.percobaan == 1 and r.galat_terakhir for r in rows)
    assert all(r.coba_lagi > start for r in rows)  # backed off, not retried in a busy loop

    with app.app_context():  # not yet due again: nothing is attempted
        assert outbox.deliver_due(_smtp(port), now=start + dt.timedelta(seconds=1)).failed == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 3

    inbox = _Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        later = start + dt.timedelta(hours=2)
        with app.app_context():
            report = outbox.deliver_due(_smtp(port), now=later)
            assert (report.sent, report.failed, report.pending) == (3, 0, 0)
            again = outbox.deliver_due(_smtp(port), now=later + dt.timedelta(hours=1))
            assert again.sent == 0  # each message is sent once
    finally:
        server.stop()

    assert len(inbox.messages) == 3
    bodies = b"\n".join(content for _, _, content in inbox.messages).decode("utf-8", "replace")
    for code in codes:
        assert code in bodies
    assert sorted(rcpt for _, rcpts, _ in inbox.messages for rcpt in rcpts) == [
        "budi@contoh.id", "budi@contoh.id", "siti@contoh.id"]
    assert all(r.terkirim is not None and r.galat_terakhir is None for r in _rows(app))


def test_retry_delay_grows_and_is_capped(sqlite_app):
    with sqlite_app.app_context():
        delays = [outbox.retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == 3600 and delays == sorted(delays)


def test_folder_transport_writes_readable_mail(sqlite_app, sqlite_client, tmp_path):
    code = submit_consultation(sqlite_client)
    folder = tmp_path / "surat"
    with sqlite_app.app_context():
        assert outbox.deliver_due(mail.FolderTransport(folder)).sent == 1
    [written] = list(folder.glob("*.eml"))
    text = written.read_text(encoding="utf-8")
    assert "To: budi@contoh.id" in text and code in text


def test_test_configuration_refuses_to_send_mail_by_accident(sqlite_app, sqlite_client):
    submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        transport = mail.transport_from_config(sqlite_app.config)
        report = outbox.deliver_due(transport)
    assert report.failed == 1 and "MAIL_TRANSPORT='fail'" in _rows(sqlite_app)[0].galat_terakhir


def test_an_unknown_mail_transport_is_named(sqlite_app):
    with pytest.raises(ValueError, match="MAIL_TRANSPORT 'pos-merpati'"):
        mail.transport_from_config({**sqlite_app.config, "MAIL_TRANSPORT": "pos-merpati"})


def test_outbox_command_delivers_to_the_folder(sqlite_app, sqlite_client, tmp_path):
    submit_consultation(sqlite_client)
    sqlite_app.config.update(MAIL_TRANSPORT="folder", MAIL_FOLDER=str(tmp_path / "keluar"))
    result = sqlite_app.test_cli_runner().invoke(args=["outbox", "kirim"])
    assert result.exit_code == 0, result.output
    assert "1 terkirim, 0 gagal" in result.output
    assert len(list((tmp_path / "keluar").glob("*.eml"))) == 1


def test_a_mail_that_cannot_be_delivered_is_given_up_visibly(app, client):
    """Retried with a growing delay, then given up after OUTBOX_GIVE_UP_SECONDS, never forever:
    `flask outbox status` lists it for staff to reach the citizen another way."""
    code = submit_consultation(client)
    port = _free_port()  # nothing ever listens here
    with app.app_context():
        written = db.session.scalar(db.select(OutboxMessage.dibuat))
        give_up = dt.timedelta(seconds=app.config["OUTBOX_GIVE_UP_SECONDS"])
        moment, attempts = written, 0
        while moment <= written + give_up + dt.timedelta(hours=2):
            report = outbox.deliver_due(_smtp(port), now=moment)
            attempts += report.failed + report.given_up
            moment += dt.timedelta(minutes=30)
        [row] = db.session.scalars(db.select(OutboxMessage)).all()
        assert row.gagal_pada is not None and row.terkirim is None
        assert written + give_up <= row.gagal_pada <= written + give_up + dt.timedelta(hours=1, minutes=30)
        assert attempts == row.percobaan and 5 < attempts < 200
        later = outbox.deliver_due(_smtp(port), now=moment + dt.timedelta(days=30))
        assert (later.failed, later.given_up, later.pending) == (0, 0, 0)
    result = app.test_cli_runner().invoke(args=["outbox", "status"])
    assert result.exit_code == 0, result.output
    assert "0 menunggu, 0 terkirim, 1 gagal" in result.output
    assert f"gagal: {code}" in result.output and "ConnectionRefusedError" in result.output


@pytest.mark.parametrize("command", [["outbox", "status"], ["outbox", "kirim"], ["data", "bersihkan"]])
def test_commands_on_a_database_never_migrated_say_what_to_do(tmp_path, command):
    from forms_app import create_app
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'kosong.sqlite3'}"},
                     instance_path=str(tmp_path / "instance"))
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1
    assert "flask --app forms_app db upgrade" in result.output and "Traceback" not in result.output
