"""Configuration as classes, picked by name (`LAYANAN_CONFIG`) or passed to `create_app`.

Every setting can also come from the environment (`from_environment`), so one image runs
anywhere: `DATABASE_URL` switches SQLite to PostgreSQL, `RATELIMIT_STORAGE_URI` moves rate
limits to Redis, `MAIL_TRANSPORT=smtp` with `SMTP_*` sends real mail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import click


class ConfigError(click.ClickException, RuntimeError):
    """The configuration cannot run safely; the message says what to set. A `flask` command
    prints it as 'Error: …' without a traceback (a click error)."""


MEGABYTE = 1024 * 1024
LOCAL_HOSTS = ["localhost", "127.0.0.1"]
MIN_SECRET_KEY_BITS = 112  # forms_app.keystrength; token_urlsafe(32) gives about 250


class Config:
    # Where the project (standard/, site/) lives; the `layanan` command sets it.
    LAYANAN_PROJECT = "."

    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}  # PostgreSQL also gets pool_pre_ping (create_app)
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Uploads: three attachments of 5 MB and the form around them.
    ATTACHMENT_MAX_FILES = 3
    ATTACHMENT_MAX_BYTES = 5 * MEGABYTE
    MAX_CONTENT_LENGTH = 3 * 5 * MEGABYTE + MEGABYTE
    MAX_FORM_MEMORY_SIZE = 64 * 1024  # one text field; the longest we accept is far below
    UPLOAD_FOLDER: str | None = None  # None: <instance>/lampiran, outside any served folder

    # CSRF tokens live as long as the session: a citizen may take an afternoon to write.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    WTF_CSRF_SSL_STRICT = False

    # Behind a reverse proxy: how many proxies in front of the app add X-Forwarded-For/-Proto/-Host
    # (nginx: 1). 0 believes no such header: the client is whoever connects.
    TRUSTED_PROXIES = 0
    # The host names the site answers to (Flask's TRUSTED_HOSTS); any other Host gets a 400.
    # None answers to any host: only for tests of this app's own, never in production.
    TRUSTED_HOSTS: list[str] | None = None

    SESSION_COOKIE_NAME = "layanan_sesi"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 24 * 3600

    # Abuse without CAPTCHA.
    MIN_FILL_SECONDS = 3
    FORM_STAMP_MAX_AGE_SECONDS = 12 * 3600  # a form open longer is shown again, as with CSRF
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_DRAFT = "60 per hour;10 per minute"  # filling in a form (a complaint may carry 15 MB)
    RATELIMIT_SUBMIT = "10 per hour;3 per minute"  # confirming
    RATELIMIT_LOOKUP = "30 per hour;10 per minute"
    # Staff sign-in: attempts from one address, and at one account from anywhere.
    RATELIMIT_SIGNIN_ADDRESS = "30 per hour;10 per minute"
    RATELIMIT_SIGNIN_ACCOUNT = "10 per hour;5 per minute"
    RATELIMIT_HEADERS_ENABLED = True

    # Mail: 'folder' writes .eml files (development), 'smtp' sends, 'fail' refuses loudly.
    MAIL_TRANSPORT = "folder"
    MAIL_FOLDER: str | None = None  # None: <instance>/surat-keluar
    MAIL_SENDER = "Layanan <no-reply@localhost>"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_STARTTLS = False
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_TIMEOUT = 15
    OUTBOX_BATCH = 50
    OUTBOX_FIRST_RETRY_SECONDS = 30
    OUTBOX_MAX_RETRY_SECONDS = 3600
    OUTBOX_GIVE_UP_SECONDS = 3 * 24 * 3600  # then the mail is given up, visibly (`flask outbox status`)
    # The site's public address, for links in mail (e.g. https://pst.kubarkab.example); None: no link.
    PUBLIC_BASE_URL: str | None = None

    # Personal data (UU 27/2022): how long contact details are kept after a submission.
    DATA_RETENTION_DAYS = 365
    DRAFT_LIFETIME_HOURS = 24
    # Attachments that pending drafts may hold, in all and from one client address (IPv6: /64).
    DRAFTS_MAX_BYTES = 200 * MEGABYTE
    DRAFTS_MAX_BYTES_PER_CLIENT = 30 * MEGABYTE
    # A replayed confirmation (double click, check page sent again) is shown this long after sending.
    CONFIRMATION_SHOWN_SECONDS = 120

    # Staff desk: a session ends after this long without a request, and after this long in all;
    # an ended session's record (with its address) is deleted this many days later.
    STAFF_IDLE_MINUTES = 30
    STAFF_SESSION_MAX_HOURS = 12
    STAFF_SESSION_RETENTION_DAYS = 30

    # Walk-in kiosk: guestbook entries from one address (the office's tablet is one address: a busy
    # morning must pass, a script must not); how long the ticket stays on the shared tablet; how
    # often the queue display refreshes itself.
    RATELIMIT_GUESTBOOK = "30 per hour;6 per minute"
    KIOSK_TICKET_SHOWN_SECONDS = 60
    KIOSK_DISPLAY_REFRESH_SECONDS = 10

    # SKM survey: how long a finished case's one-time link stays valid; how long the office tablet
    # gives a served visitor to answer before it returns to the empty guestbook.
    SURVEY_LINK_DAYS = 30
    KIOSK_SURVEY_SECONDS = 300
    # The standards editor's site builds (forms_app/site_builds.py): the site generator, how long a
    # build may run before it is stopped, and how often the builder thread looks for waiting builds.
    SITE_BUILDER = "mkdocs"
    SITE_BUILD_TIMEOUT_SECONDS = 3600
    SITE_BUILD_POLL_SECONDS = 30.0

    SECRET_KEY: str | None = None

    @classmethod
    def check(cls, config: dict[str, Any]) -> None:
        """Refuse settings that cannot run; subclasses add their own rules."""
        from layanan.builders import BUILDERS

        if config.get("SITE_BUILDER") not in BUILDERS:
            raise ConfigError(f"SITE_BUILDER={config.get('SITE_BUILDER')!r} tidak dikenal — pilih salah satu: "
                              f"{', '.join(BUILDERS)}")


class Development(Config):
    DEBUG = False  # the dev server's debugger is never needed to read a form
    PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    TRUSTED_HOSTS = LOCAL_HOSTS


class Test(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-use-anywhere-else"
    MIN_FILL_SECONDS = 0
    RATELIMIT_ENABLED = False
    MAIL_TRANSPORT = "fail"  # a test that sends mail must choose a transport on purpose
    TRUSTED_HOSTS = LOCAL_HOSTS  # the test client's host and the browser tests' server


class Production(Config):
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-layanan_sesi"
    WTF_CSRF_SSL_STRICT = True
    MAIL_TRANSPORT = "smtp"

    @classmethod
    def check(cls, config: dict[str, Any]) -> None:
        """Every unsafe setting at once, each with what to set."""
        from forms_app import production_checks

        super().check(config)
        problems = production_checks.problems(config, os.environ)
        if len(problems) == 1:
            raise ConfigError(problems[0])
        if problems:
            raise ConfigError("Konfigurasi produksi belum aman:\n" + "\n".join(f"- {p}" for p in problems))

CONFIGS: dict[str, type[Config]] = {
    "development": Development,
    "test": Test,
    "production": Production,
}

ENVIRONMENT_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_ENABLED": lambda v: v.lower() not in ("0", "false", "no", "tidak"),
    "MIN_FILL_SECONDS": float,
    "MAIL_TRANSPORT": str,
    "MAIL_FOLDER": str,
    "MAIL_SENDER": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_STARTTLS": lambda v: v.lower() in ("1", "true", "yes", "ya"),
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    "UPLOAD_FOLDER": str,
    "LAYANAN_PROJECT": str,
    "DATA_RETENTION_DAYS": int,
    "OUTBOX_GIVE_UP_SECONDS": int,
    "PUBLIC_BASE_URL": str,
    "TRUSTED_PROXIES": lambda v: _count(v),
    "TRUSTED_HOSTS": lambda v: [host.strip() for host in v.split(",") if host.strip()],
    "DRAFTS_MAX_BYTES": int,
    "DRAFTS_MAX_BYTES_PER_CLIENT": int,
    "STAFF_IDLE_MINUTES": int,
    "STAFF_SESSION_MAX_HOURS": int,
    "STAFF_SESSION_RETENTION_DAYS": int,
    "SITE_BUILDER": str,
    "SITE_BUILD_TIMEOUT_SECONDS": int,
}


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def config_class(name: str | None, environ: Mapping[str, str] | None = None) -> type[Config]:
    """The class named `name`, else `$LAYANAN_CONFIG`. Without either, the `flask` command
    (`flask --app forms_app db upgrade`, `flask run`) runs the development configuration and
    says so on stderr; anything else (a WSGI server: `gunicorn 'forms_app:create_app()'`) is
    refused, so a server never runs the development configuration by omission."""
    environ = os.environ if environ is None else environ
    chosen = (name or environ.get("LAYANAN_CONFIG") or "").lower()
    if not chosen:
        if environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise ConfigError(NO_CONFIG_MESSAGE)
        sys.stderr.write(DEVELOPMENT_NOTICE + "\n")
        chosen = "development"
    try:
        return CONFIGS[chosen]
    except KeyError:
        raise ConfigError(
            f"konfigurasi '{chosen}' tidak dikenal — pilih salah satu: {', '.join(CONFIGS)}"
        ) from None


NO_CONFIG_MESSAGE = (
    "LAYANAN_CONFIG belum disetel, jadi aplikasi tidak tahu ia berjalan di mana. Di server setel "
    "LAYANAN_CONFIG=production (misalnya LAYANAN_CONFIG=production gunicorn 'forms_app:create_app()'); "
    "untuk mencoba di komputer sendiri pakai `layanan serve`, atau setel LAYANAN_CONFIG=development. "
    "Konfigurasi pengembangan tidak dipakai diam-diam: ia membuat kuncinya sendiri, tanpa HTTPS, dan "
    "emailnya hanya ditulis ke folder."
)
DEVELOPMENT_NOTICE = (
    "Catatan: LAYANAN_CONFIG belum disetel, jadi perintah flask ini memakai konfigurasi development "
    "(basis data dan kunci di folder instance). Untuk server produksi setel LAYANAN_CONFIG=production."
)


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings given as environment variables, converted; a bad value is a ConfigError."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for name, convert in ENVIRONMENT_SETTINGS.items():
        if name not in environ:
            continue
        try:
            found[name] = convert(environ[name])
        except ValueError:
            raise ConfigError(f"variabel lingkungan {name}={environ[name]!r} tidak dapat dibaca") from None
    if "DATABASE_URL" in found:
        found["SQLALCHEMY_DATABASE_URI"] = database_url(found.pop("DATABASE_URL"))
    return found


def database_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
