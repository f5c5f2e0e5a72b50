"""Mail transports: SMTP for real, a folder for development, and one that refuses (tests).

Picked by `MAIL_TRANSPORT`: 'smtp', 'folder' or 'fail'.
"""

from __future__ import annotations

import os
import secrets
import smtplib
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Protocol

from forms_app.models import OutboxMessage


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def build(row: OutboxMessage, sender: str) -> EmailMessage:
    """The email of an outbox row. Header values with line breaks raise ValueError here."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.kepada
    message["Subject"] = row.subjek
    message["Date"] = formatdate(row.dibuat.timestamp(), localtime=False)
    # Named after its outbox row, so that erasing a case's contacts finds the folder's copies.
    message["Message-ID"] = f"<kotak-keluar-{row.id}.{secrets.token_hex(8)}@layanan.invalid>"
    message.set_content(row.isi)
    return message


class SmtpTransport:
    def __init__(self, host: str, port: int, starttls: bool, username: str | None, password: str | None,
                 timeout: float) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.username, self.password, self.timeout = username, password, timeout

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


class FolderTransport:
    """Writes each message as an .eml file, for reading mail during development."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_")
        partial = self.folder / f".{name}.sebagian"
        # Readable by the owner only, like the database: the mail holds an address.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(bytes(message))
        os.replace(partial, self.folder / f"{name}.eml")


class RefusingTransport:
    def send(self, message: EmailMessage) -> None:
        raise RuntimeError("MAIL_TRANSPORT='fail': pengiriman email dimatikan di konfigurasi ini")


def transport_from_config(config) -> Transport:  # noqa: ANN001 - Flask config
    kind = config["MAIL_TRANSPORT"]
    if kind == "smtp":
        return SmtpTransport(config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_STARTTLS"],
                             config["SMTP_USERNAME"], config["SMTP_PASSWORD"], config["SMTP_TIMEOUT"])
    if kind == "folder":
        return FolderTransport(Path(config["MAIL_FOLDER"]))
    if kind == "fail":
        return RefusingTransport()
    raise ValueError(f"MAIL_TRANSPORT '{kind}' tidak dikenal — pilih smtp, folder, atau fail")
