"""One local server for the site and the forms: what `layanan serve` (and `make run`) starts.

Its instance folder (database, attachments, mail, secret key) is `<project>/instance`.
It migrates the SQLite database, starts a thread that delivers the outbox (mail goes to a
folder in development), and serves everything with waitress on one port.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import flask_migrate
from flask import Flask
from waitress.server import create_server

from forms_app import create_app, mail, outbox
from forms_app.config import ConfigError
from layanan.problems import StandardsInvalid


class ServeError(RuntimeError):
    """The server cannot start; the message says why and what to do."""


def serve_site_and_forms(project_root: Path, host: str, port: int,
                         announce: Callable[[str], None] = print, threads: int = 8) -> None:
    try:
        app = create_app(overrides={"LAYANAN_PROJECT": str(project_root)})
    except (ConfigError, StandardsInvalid) as exc:
        raise ServeError(f"Formulir tidak dapat dijalankan: {exc}") from None
    with app.app_context():
        flask_migrate.upgrade()
    stop = threading.Event()
    sender = threading.Thread(target=_deliver_outbox, args=(app, stop), daemon=True, name="kotak-keluar")
    sender.start()
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="layanan")
    except OSError as exc:
        stop.set()
        raise ServeError(f"Tidak dapat membuka {host}:{port}: {exc.strerror} — coba --port yang lain.") from None
    announce(f"Situs dan formulir tersaji di http://{host}:{port}/ (formulir: /formulir/, lacak: /lacak/).")
    if app.config["MAIL_TRANSPORT"] == "folder":
        announce(f"Email tidak dikirim sungguhan: lihat berkasnya di {app.config['MAIL_FOLDER']}")
    announce("Tekan Ctrl+C untuk berhenti.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()


def _deliver_outbox(app: Flask, stop: threading.Event, interval: float = 5.0) -> None:
    transport = mail.transport_from_config(app.config)
    while not stop.wait(interval):
        with app.app_context():
            try:
                outbox.deliver_due(transport)
            except Exception:  # noqa: BLE001 - the thread must outlive a bad moment of the database
                app.logger.exception("kotak keluar: pengiriman gagal, dicoba lagi nanti")
