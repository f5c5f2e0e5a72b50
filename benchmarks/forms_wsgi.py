"""The forms app as the benchmarks serve it, plus one bare Flask endpoint on the same app.

    gunicorn --pythonpath benchmarks 'forms_wsgi:build()'      (what the benchmarks start)
    python benchmarks/forms_wsgi.py upgrade                     (migrate the database first)

Settings come from the environment, set by the benchmark (`forms_load.BenchDatabase.env`):
  LAYANAN_BENCH_INSTANCE      instance folder (SQLite file, development secret key, mail folder)
  LAYANAN_BENCH_DATABASE_URL  a PostgreSQL URL instead of the SQLite file in the instance folder
  LAYANAN_BENCH_SCHEMA        the PostgreSQL schema (search_path) that holds the benchmark's tables
  LAYANAN_BENCH_VARIANTS      experiments from forms_variants.py to apply (comma-separated; none by default)

The app is `create_app("development", ...)` with the project root at this repository (so the real
standards load), MIN_FILL_SECONDS=0 and RATELIMIT_ENABLED=False. `/_bench/bare` returns a short
text through the same Flask app, its hooks and its after-request headers, without touching the
database or a template: the floor of what one request costs on this server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from forms_app import create_app
from forms_app.config import database_url

BARE_PATH = "/_bench/bare"


def overrides_from_environment() -> dict:
    overrides: dict = {"LAYANAN_PROJECT": str(REPO), "MIN_FILL_SECONDS": 0, "RATELIMIT_ENABLED": False}
    url = os.environ.get("LAYANAN_BENCH_DATABASE_URL")
    if url:
        overrides["SQLALCHEMY_DATABASE_URI"] = database_url(url)
        schema = os.environ.get("LAYANAN_BENCH_SCHEMA")
        options: dict = {"pool_pre_ping": True}
        if schema:
            options["connect_args"] = {"options": f"-csearch_path={schema}"}
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return overrides


def build():
    app = create_app("development", overrides_from_environment(),
                     instance_path=os.environ["LAYANAN_BENCH_INSTANCE"])

    @app.get(BARE_PATH)
    def bench_bare():
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}

    variants = os.environ.get("LAYANAN_BENCH_VARIANTS")
    if variants:
        import forms_variants

        forms_variants.apply(app, variants)
    return app


def upgrade() -> None:
    import logging

    import flask_migrate

    app = build()
    with app.app_context():
        flask_migrate.upgrade()
    logging.shutdown()


if __name__ == "__main__":
    if sys.argv[1:] != ["upgrade"]:
        raise SystemExit("usage: forms_wsgi.py upgrade")
    upgrade()
