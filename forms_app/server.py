"""One local server for the site and the forms: what `layanan serve` (and `make run`) starts.

It always runs the development configuration (it is a local server; a deployment runs gunicorn
with LAYANAN_CONFIG=production). Its instance folder (database, attachments, mail, secret key)
is `<project>/instance`. It answers to localhost and 127.0.0.1, and to the address it is
bound to (`--host`); other names need TRUSTED_HOSTS.
It migrates the SQLite database, starts a thread that delivers the outbox (mail goes to a
folder in development), and serves everything with waitress on one port.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import flask_migrate
from flask import Flask
from waitress.server import create_server

from forms_app import create_app, mail, outbox, site_builds
from forms_app.config import LOCAL_HOSTS, ConfigError
from layanan.problems import StandardsInvalid


class ServeError(RuntimeError):
    """The server cannot start; the message says why and what to do."""


def serve_site_and_forms(project_root: Path, host: str, port: int,
                         announce: Callable[[str], None] = print, threads: int = 8) -> None:
    try:
        app = create_app("development", {"LAYANAN_PROJECT": str(project_root), **_trusted_hosts(host),
                                         **_public_base_url(host, port)})
    except (ConfigError, StandardsInvalid) as exc:
        raise ServeError(f"Formulir tidak dapat dijalankan: {exc}") from None
    with app.app_context():
        flask_migrate.upgrade()
    site_builds.wake(app)  # builds the standards editor asked for and nobody ran yet (a restart mid-way)
    stop = threading.Event()
    sender = threading.Thread(target=_deliver_outbox, args=(app, stop), daemon=True, name="kotak-keluar")
    sender.start()
    try:
        server = make_server(app, host, port, threads)
    except OSError as exc:
        stop.set()
        raise ServeError(f"Tidak dapat membuka {host}:{port}: {exc.strerror} — coba --port yang lain.") from None
    announce(f"Situs dan formulir tersaji di http://{host}:{port}/ (formulir: /formulir/, lacak: /lacak/).")
    for line in _desk_lines(app, project_root, host, port):
        announce(line)
    if app.config["MAIL_TRANSPORT"] == "folder":
        announce(f"Email tidak dikirim sungguhan: lihat berkasnya di {app.config['MAIL_FOLDER']}")
    if os.environ.get("LAYANAN_CONFIG", "development").lower() != "development":
        announce(f"Catatan: layanan serve selalu memakai konfigurasi development; LAYANAN_CONFIG="
                 f"{os.environ['LAYANAN_CONFIG']} tidak dipakai di sini.")
    if host in WILDCARD_HOSTS and "TRUSTED_HOSTS" not in os.environ:
        announce("Hanya alamat localhost dan 127.0.0.1 yang dilayani; untuk membuka dari komputer lain, "
                 "setel TRUSTED_HOSTS=<alamat komputer ini>.")
    announce("Tekan Ctrl+C untuk berhenti.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def make_server(app: Flask, host: str, port: int, threads: int = 8):  # noqa: ANN201 - waitress' server
    """Waitress, passing proxy headers on to the app: by default waitress drops X-Forwarded-*
    and Forwarded, and the app could then not tell that a proxy on this machine carried a
    request to the first-run page (/staf/pasang), which answers only to this machine. The app
    itself believes those headers only from TRUSTED_PROXIES proxies."""
    return create_server(app, host=host, port=port, threads=threads, ident="layanan",
                         clear_untrusted_proxy_headers=False)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _desk_lines(app: Flask, project_root: Path, host: str, port: int) -> list[str]:
    """Where the staff desk is and, while it has no admin, how to make the first one: the
    first-run page (it answers on this machine only, so only when the server listens on a
    loopback or every address) or the command."""
    from forms_app import accounts, standards
    from forms_app.published import StandardsUnavailable

    shown = "127.0.0.1" if host in WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
    lines = [f"Meja staf: http://{shown}:{port}/staf/"]
    with app.app_context():
        if accounts.active_admin_count():
            return lines
        try:
            units = sorted(standards.catalog().units)
        except StandardsUnavailable:
            units = []
    local = "[::1]" if host == "::1" else "127.0.0.1"
    if host in WILDCARD_HOSTS or host in LOOPBACK_HOSTS:
        lines.append(f"Belum ada admin. Buat admin pertama di http://{local}:{port}/staf/pasang (hanya dari "
                     "komputer ini), atau dengan perintah:")
    else:
        lines.append("Belum ada admin. Buat admin pertama dengan perintah ini (halaman /staf/pasang hanya "
                     "terbuka bila server mendengarkan di 127.0.0.1):")
    unit = units[0] if len(units) == 1 else "<id unit>"
    prefix = "" if Path.cwd().resolve() == project_root.resolve() else f"LAYANAN_PROJECT={project_root} "
    lines.append(f"  {prefix}{_flask_command()} --app forms_app staf tambah --peran admin --email <email> "
                 f"--nama \"<nama>\" --unit {unit}")
    return lines


def _flask_command() -> str:
    """`flask` as this Python's environment has it (`.venv/bin/flask` after `make run`), so the
    line can be pasted as it is; plain `flask` when it is not beside this Python."""
    beside = Path(sys.executable).with_name("flask")
    if not beside.exists():
        return "flask"
    try:
        return str(beside.relative_to(Path.cwd()))
    except ValueError:
        return str(beside)


def _trusted_hosts(host: str) -> dict[str, list[str]]:
    """The bound address is trusted beside localhost (`--host 192.168.1.5`), unless TRUSTED_HOSTS
    is set (the environment then decides)."""
    if "TRUSTED_HOSTS" in os.environ or host in WILDCARD_HOSTS or host in LOCAL_HOSTS or ":" in host:
        return {}
    return {"TRUSTED_HOSTS": [*LOCAL_HOSTS, host]}


def _public_base_url(host: str, port: int) -> dict[str, str]:
    """Mail links to the status page of this server, unless PUBLIC_BASE_URL is set."""
    if "PUBLIC_BASE_URL" in os.environ:
        return {}
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
    return {"PUBLIC_BASE_URL": f"http://{shown}:{port}"}


def _deliver_outbox(app: Flask, stop: threading.Event, interval: float = 5.0) -> None:
    transport = mail.transport_from_config(app.config)
    while not stop.wait(interval):
        with app.app_context():
            try:
                outbox.deliver_due(transport)
            except Exception:  # noqa: BLE001 - the thread must outlive a bad moment of the database
                app.logger.exception("kotak keluar: pengiriman gagal, dicoba lagi nanti")
