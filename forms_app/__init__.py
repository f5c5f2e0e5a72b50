"""The Flask app behind the site: consultation requests, complaints, and their tracking.

`create_app` builds a fresh app; nothing happens at import time. `flask --app forms_app ...`
finds the factory by itself.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import StrictUndefined
from werkzeug.middleware.proxy_fix import ProxyFix

from forms_app import config as configuration
from forms_app.extensions import csrf, db, limiter, migrate, tune_sqlite
from forms_app import security, standards

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(config: str | type[configuration.Config] | None = None,
               overrides: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """A new app. Its instance folder (database, attachments, mail, secret key) is
    `instance_path`, else `$LAYANAN_INSTANCE`, else `instance/` in the project folder."""
    app = Flask(__name__, instance_path=instance_path or _instance_path(overrides or {}),
                instance_relative_config=True)
    chosen = config if isinstance(config, type) else configuration.config_class(config)
    app.config.from_object(chosen)
    app.config.update(configuration.from_environment())
    app.config.update(overrides or {})
    _fill_defaults(app)
    chosen.check(app.config)
    _trust_proxies(app)

    app.jinja_env.undefined = StrictUndefined
    standards.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from forms_app import commands, desk, editor, errors, hosts, kiosk, templating
    from forms_app.survey_area import blueprint as survey_area
    from forms_app.views import complaint, consultation, portal, site, status

    app.register_blueprint(consultation.blueprint)
    app.register_blueprint(complaint.blueprint)
    app.register_blueprint(status.blueprint)
    app.register_blueprint(portal.blueprint)
    desk.init_app(app)
    editor.init_app(app)
    app.register_blueprint(kiosk.blueprint)
    app.register_blueprint(survey_area)
    app.register_blueprint(site.blueprint)  # last: it serves whatever the others do not
    errors.register(app)
    hosts.register(app)
    security.register(app)
    templating.register(app)
    commands.register(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies (nginx: 1), the client's address, scheme and host are what
    the nearest trusted proxy saw: the last entry of X-Forwarded-For that it appended, never an
    entry the client wrote itself. With 0, those headers are ignored."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _instance_path(overrides: dict[str, Any]) -> str:
    if os.environ.get("LAYANAN_INSTANCE"):
        return str(Path(os.environ["LAYANAN_INSTANCE"]).resolve())
    project = overrides.get("LAYANAN_PROJECT") or os.environ.get("LAYANAN_PROJECT") or configuration.Config.LAYANAN_PROJECT
    return str(Path(project).resolve() / "instance")


def _fill_defaults(app: Flask) -> None:
    """Paths under the instance folder, and a development secret kept across restarts."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)  # only its owner reads it
    config = app.config
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'layanan.sqlite3'}"
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A server's connections can drop; a file's cannot, so SQLite skips the check.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **config["SQLALCHEMY_ENGINE_OPTIONS"]}
    security.create_private_sqlite_file(config["SQLALCHEMY_DATABASE_URI"])  # 0600, and so its -wal/-shm
    config["UPLOAD_FOLDER"] = config.get("UPLOAD_FOLDER") or str(instance / "lampiran")
    config["MAIL_FOLDER"] = config.get("MAIL_FOLDER") or str(instance / "surat-keluar")
    config["LAYANAN_PROJECT"] = str(Path(config["LAYANAN_PROJECT"]).resolve())
    if not config.get("SECRET_KEY") and not config.get("SESSION_COOKIE_SECURE"):
        key_file = instance / "kunci-rahasia"
        if not key_file.exists():  # created readable by its owner only, never for a moment more
            with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
                out.write(secrets.token_urlsafe(48))
        config["SECRET_KEY"] = key_file.read_text(encoding="ascii").strip()
