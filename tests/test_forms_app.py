"""The app as a whole: configuration, migrations that match the models, the routes it has,
the site served beside the forms, and the retention of personal data."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
import redis
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forms_app import config as configuration
from forms_app import create_app, drafts
from forms_app.extensions import db
from forms_app.models import Draft
from forms_support import COMPLAINT_URL, PNG, complaint_answers, make_app

ROUTES_FILE = Path(__file__).with_name("forms_routes.txt")


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "models changed without a migration: run `flask db migrate`"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_app):
    with sqlite_app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_routes_are_the_committed_list(sqlite_app):
    """A route that appears or disappears must be noticed: update tests/forms_routes.txt on purpose."""
    found = sorted(f"{','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule}"
                   for rule in sqlite_app.url_map.iter_rules())
    assert found == ROUTES_FILE.read_text(encoding="utf-8").split("\n")[:-1]


def test_production_refuses_a_weak_or_missing_secret_key(tmp_path):
    for key in (None, "dev", "short", "x" * 40, "abcabcabcabcabcabcabcabcabcabcabcabc"):
        with pytest.raises(configuration.ConfigError, match="SECRET_KEY"):
            create_app("production", {"SECRET_KEY": key}, instance_path=str(tmp_path))


def test_settings_come_from_the_environment():
    found = configuration.from_environment({
        "DATABASE_URL": "postgres://kantor@db.internal/layanan", "RATELIMIT_ENABLED": "false",
        "SMTP_PORT": "587", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
    assert found == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://kantor@db.internal/layanan",
                     "RATELIMIT_ENABLED": False, "SMTP_PORT": 587,
                     "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}
    with pytest.raises(configuration.ConfigError, match="SMTP_PORT"):
        configuration.from_environment({"SMTP_PORT": "dua lima"})
    with pytest.raises(configuration.ConfigError, match="tidak dikenal"):
        configuration.config_class("staging")


def test_development_keeps_its_generated_secret_across_restarts(tmp_path):
    first = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    second = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "kunci-rahasia").stat().st_mode & 0o077 == 0


def test_the_site_is_served_beside_the_forms(built_seed_site, tmp_path):
    app = create_app("test", {"LAYANAN_PROJECT": str(built_seed_site.root),
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
                     instance_path=str(tmp_path / "instance"))
    client = app.test_client()
    home = client.get("/")
    assert home.status_code == 200 and b"Standar Pelayanan" in home.data
    assert client.get("/standar/pst-bps-kutai-barat").status_code == 308
    page = client.get("/standar/pst-bps-kutai-barat/konsultasi-statistik/")
    assert b"../../../formulir/pst-bps-kutai-barat/konsultasi-statistik/konsultasi/" in page.data
    assert "unsafe-inline" in page.headers["Content-Security-Policy"]
    missing = client.get("/standar/tidak-ada/")
    assert missing.status_code == 404 and b"404" in missing.data
    assert client.get("/../pyproject.toml").status_code == 404
    assert client.get("/%2e%2e/pyproject.toml").status_code == 404


def test_expired_drafts_are_purged_with_their_files(app, client):
    client.get(COMPLAINT_URL)
    client.post(COMPLAINT_URL, complaint_answers(), files={"lampiran": [(io.BytesIO(PNG), "foto.png")]})
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert len(list(folder.iterdir())) == 1
    with app.app_context():
        assert drafts.purge_expired() == 0
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=app.config["DRAFT_LIFETIME_HOURS"] + 1)
        assert drafts.purge_expired(now=later) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Draft)) == 0
    assert list(folder.iterdir()) == []


def test_rate_limits_are_shared_across_app_instances_through_redis(tmp_path):
    """Two app instances (two workers, or two machines) count one client's posts together."""
    url = os.environ.get("LAYANAN_TEST_REDIS_URL")
    if not url:
        if os.environ.get("LAYANAN_REQUIRE_SERVICES"):
            pytest.fail("LAYANAN_TEST_REDIS_URL is not set, and CI requires the Redis test")
        pytest.skip("Redis not configured: set LAYANAN_TEST_REDIS_URL")
    redis.Redis.from_url(url).flushdb()
    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": url, "RATELIMIT_LOOKUP": "3 per minute"}
    first, close_first = make_app(tmp_path / "a", "sqlite", **settings)
    second, close_second = make_app(tmp_path / "b", "sqlite", **settings)
    try:
        statuses = []
        for app in (first, second, first, second):
            client = app.test_client()
            page = client.get("/lacak/").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            statuses.append(client.post("/lacak/", data={"csrf_token": token, "kode": "ADU-0000-0000-0000"})
                            .status_code)
        assert statuses == [404, 404, 404, 429]
    finally:
        redis.Redis.from_url(url).flushdb()
        close_first()
        close_second()


def test_every_setting_from_the_environment_is_documented():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    names = list(configuration.ENVIRONMENT_SETTINGS) + ["LAYANAN_CONFIG", "LAYANAN_INSTANCE"]
    missing = [name for name in names if f"`{name}`" not in readme]
    assert missing == [], f"settings missing from the README's configuration table: {missing}"
