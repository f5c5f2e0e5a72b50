"""What production refuses to run with, and how the app learns which configuration it runs:
in-process through `create_app`, and for real under gunicorn and the `flask` command."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from forms_app import config as configuration
from forms_app import create_app
from forms_app.config import ConfigError
from forms_app.keystrength import estimated_bits
from forms_support import REPO

BIN = Path(sys.executable).parent
STRONG_KEY = "k7Vq2pX9sLmR4tYw8zNc3bHf6jDg1aEu5oKi0PqZ"
# What a server's environment may hold that would change what these tests see.
SERVER_ENVIRONMENT = ("SERVER_SOFTWARE", "WEB_CONCURRENCY", "FLASK_DEBUG", "FLASK_RUN_FROM_CLI", "FLASK_APP",
                      "LAYANAN_CONFIG", "LAYANAN_INSTANCE", *configuration.ENVIRONMENT_SETTINGS)


@pytest.fixture
def clean_environment(monkeypatch):  # noqa: ANN001, ANN201
    for name in SERVER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def production(tmp_path: Path, **overrides):  # noqa: ANN003, ANN201
    settings = {"LAYANAN_PROJECT": str(REPO), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                "SECRET_KEY": STRONG_KEY, "TRUSTED_HOSTS": ["pst.kubarkab.example"], **overrides}
    return create_app("production", settings, instance_path=str(tmp_path / "instance"))


def test_production_starts_when_it_is_configured(tmp_path, clean_environment):
    app = production(tmp_path)
    assert not app.debug and app.config["TRUSTED_HOSTS"] == ["pst.kubarkab.example"]


# --- the secret key ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [
    pytest.param(configuration.Test.SECRET_KEY, id="kunci-uji"),
    pytest.param("prod-secret-key-not-for-use-anywhere-else-2026", id="kalimat-inggris"),
    pytest.param("ini-kunci-rahasia-layanan-pst-yang-panjang-sekali", id="kalimat-indonesia"),
    pytest.param("TestSecretKeyNotForUseAnywhereElse2026", id="kata-bersambung"),
    pytest.param("abcdefghijklmabcdefghijklmabcdefghijklm", id="pola-berulang"),
    pytest.param("Xy7!Qp3$Zk9#Xy7!Qp3$Zk9#Xy7!Qp3$Zk9#", id="pola-acak-berulang"),
    pytest.param("0123456789abcdefghijklmnopqrstuvwxyz", id="urutan"),
    pytest.param("qwertyuiopasdfghjklzxcvbnm1234567890", id="papan-ketik"),
    pytest.param("PasswordPassword1234567890Password!", id="kata-sandi-umum"),
])
def test_production_refuses_a_published_or_guessable_secret_key(tmp_path, clean_environment, key):
    assert len(key) >= 32 and len(set(key)) >= 12  # what was refused before: shorter, or few characters
    with pytest.raises(ConfigError, match="SECRET_KEY") as refused:
        production(tmp_path, SECRET_KEY=key)
    assert "secrets.token_urlsafe" in str(refused.value)  # it says how to make a good one


@pytest.mark.parametrize("key", [
    pytest.param(STRONG_KEY, id="acak-40"),
    *[pytest.param(secrets.token_urlsafe(32), id=f"token_urlsafe-{i}") for i in range(3)],
    *[pytest.param(secrets.token_hex(16), id=f"token_hex-{i}") for i in range(3)],
])
def test_production_accepts_a_random_secret_key(tmp_path, clean_environment, key):
    production(tmp_path, SECRET_KEY=key)


def test_a_random_key_is_worth_its_length_and_a_phrase_is_not():
    assert estimated_bits(secrets.token_urlsafe(32)) > 200
    assert estimated_bits("x" * 200) < 20
    assert estimated_bits(configuration.Test.SECRET_KEY) < 80
    # Only the first 128 characters are read: a longer key is at least that strong.
    assert estimated_bits(secrets.token_urlsafe(32) + "a" * 1000) > 200


# --- debug mode ------------------------------------------------------------------------------------


def test_production_refuses_debug_mode(tmp_path, clean_environment):
    clean_environment.setenv("FLASK_DEBUG", "1")  # what `flask run --debug` sets
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        production(tmp_path)
    clean_environment.delenv("FLASK_DEBUG")
    with pytest.raises(ConfigError, match="Mode debug"):
        production(tmp_path, DEBUG=True)
    clean_environment.setenv("FLASK_DEBUG", "0")
    production(tmp_path)


def test_flask_run_debug_refuses_to_start_in_production(tmp_path):
    """`flask run --debug` would serve the Werkzeug console; it stops before serving anything."""
    command = [str(BIN / "flask"), "--app", "forms_app", "run", "--debug", "--port", str(_free_port())]
    environment = _environment(tmp_path, LAYANAN_CONFIG="production", SECRET_KEY=STRONG_KEY,
                               TRUSTED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}")
    output = _refuses_to_start(command, environment, tmp_path)
    assert "FLASK_DEBUG" in output and "Traceback" not in output


# --- trusted hosts ---------------------------------------------------------------------------------


def test_production_requires_trusted_hosts(tmp_path, clean_environment):
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS=pst.kubarkab.example"):
        production(tmp_path, TRUSTED_HOSTS=None)
    clean_environment.setenv("TRUSTED_HOSTS", "pst.kubarkab.example,layanan.kubarkab.example")
    app = create_app("production", {"LAYANAN_PROJECT": str(REPO), "SECRET_KEY": STRONG_KEY,
                                    "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path / "i"))
    assert app.config["TRUSTED_HOSTS"] == ["pst.kubarkab.example", "layanan.kubarkab.example"]


def test_development_trusts_only_this_machine(tmp_path, clean_environment):
    app = create_app("development", {"LAYANAN_PROJECT": str(REPO), "SQLALCHEMY_DATABASE_URI": "sqlite://"},
                     instance_path=str(tmp_path))
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert app.config["TRUSTED_PROXIES"] == 0


def test_proxy_and_host_settings_come_from_the_environment():
    assert configuration.from_environment({"TRUSTED_PROXIES": "1", "TRUSTED_HOSTS": " a.example , b.example,"}) \
        == {"TRUSTED_PROXIES": 1, "TRUSTED_HOSTS": ["a.example", "b.example"]}
    for wrong in ("-1", "satu"):
        with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
            configuration.from_environment({"TRUSTED_PROXIES": wrong})


# --- rate limits in memory ---------------------------------------------------------------------


@pytest.mark.parametrize("environment", [{"SERVER_SOFTWARE": "gunicorn/27.0.1"}, {"WEB_CONCURRENCY": "4"}],
                         ids=["gunicorn", "WEB_CONCURRENCY"])
def test_production_refuses_rate_limits_in_memory_with_several_processes(tmp_path, clean_environment,
                                                                          environment):
    for name, value in environment.items():
        clean_environment.setenv(name, value)
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI=redis://") as refused:
        production(tmp_path)
    assert next(iter(environment.values())) in str(refused.value)  # it says how it knew
    production(tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    production(tmp_path, RATELIMIT_ENABLED=False)


def test_one_process_may_keep_rate_limits_in_memory(tmp_path, clean_environment):
    clean_environment.setenv("WEB_CONCURRENCY", "1")
    assert production(tmp_path).config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_every_problem_of_a_production_configuration_is_said_at_once(tmp_path, clean_environment):
    clean_environment.setenv("SERVER_SOFTWARE", "gunicorn/27.0.1")
    clean_environment.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError) as refused:
        production(tmp_path, SECRET_KEY=None, TRUSTED_HOSTS=None)
    message = str(refused.value)
    for setting in ("SECRET_KEY", "FLASK_DEBUG", "TRUSTED_HOSTS", "RATELIMIT_STORAGE_URI"):
        assert setting in message


# --- which configuration ---------------------------------------------------------------------------


def test_a_wsgi_server_without_layanan_config_is_refused(tmp_path, clean_environment):
    with pytest.raises(ConfigError, match="LAYANAN_CONFIG=production"):
        create_app(overrides={"LAYANAN_PROJECT": str(REPO)}, instance_path=str(tmp_path))
    assert not (tmp_path / "kunci-rahasia").exists()  # no development key made up for it


def test_the_flask_command_without_layanan_config_runs_development_and_says_so(tmp_path):
    done = subprocess.run([str(BIN / "flask"), "--app", "forms_app", "db", "upgrade"],
                          env=_environment(tmp_path), cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "LAYANAN_CONFIG belum disetel" in done.stderr and "development" in done.stderr
    assert (tmp_path / "instance" / "layanan.sqlite3").exists()


def test_gunicorn_without_layanan_config_does_not_start(tmp_path):
    output = _gunicorn_refuses(tmp_path, _environment(tmp_path))
    assert "LAYANAN_CONFIG=production" in output


def test_gunicorn_refuses_rate_limits_in_memory_in_production(tmp_path):
    environment = _environment(tmp_path, LAYANAN_CONFIG="production", SECRET_KEY=secrets.token_urlsafe(48),
                               TRUSTED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}")
    output = _gunicorn_refuses(tmp_path, environment)
    assert "RATELIMIT_STORAGE_URI=redis://" in output and "SERVER_SOFTWARE=gunicorn" in output


def test_gunicorn_serves_a_proper_production_configuration(tmp_path):
    redis_url = os.environ.get("LAYANAN_TEST_REDIS_URL")
    # Without Redis, rate limits are turned off rather than kept in memory, which production refuses.
    limits = {"RATELIMIT_STORAGE_URI": redis_url} if redis_url else {"RATELIMIT_ENABLED": "false"}
    environment = _environment(tmp_path, LAYANAN_CONFIG="production", SECRET_KEY=secrets.token_urlsafe(48),
                               TRUSTED_HOSTS="127.0.0.1", TRUSTED_PROXIES="1",
                               DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}", **limits)
    migrated = subprocess.run([str(BIN / "flask"), "--app", "forms_app", "db", "upgrade"], env=environment,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                               "forms_app:create_app()"], env=environment, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/formulir/", server)
        assert page.status == 200 and "Formulir" in page.read().decode()
        # As nginx forwards it: the scheme the citizen used is believed from the one trusted proxy.
        moved = _get(f"http://127.0.0.1:{port}/lacak", {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
                                                          "X-Forwarded-Host": "127.0.0.1"})
        assert (moved.status, moved.headers["Location"]) == (308, "https://127.0.0.1/lacak/")
        refused = _get(f"http://127.0.0.1:{port}/lacak", {"Host": "evil.example"})
        assert refused.status == 400 and refused.headers.get("Location") is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output, output


# --- helpers ---------------------------------------------------------------------------------------


def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in SERVER_ENVIRONMENT}
    environment.update({"LAYANAN_PROJECT": str(REPO), "LAYANAN_INSTANCE": str(tmp_path / "instance"),
                        "PYTHONDONTWRITEBYTECODE": "1", **settings})
    return environment


def _gunicorn_refuses(tmp_path: Path, environment: dict[str, str]) -> str:
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{_free_port()}", "--workers", "2",
               "forms_app:create_app()"]
    return _refuses_to_start(command, environment, tmp_path)


def _refuses_to_start(command: list[str], environment: dict[str, str], folder: Path) -> str:
    """The server's output; it must exit by itself, with an error, within 60 s."""
    server = subprocess.Popen(command, env=environment, cwd=folder, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output = server.communicate(timeout=60)[0].decode()
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.communicate()
        pytest.fail(f"{Path(command[0]).name} started where it should have refused")
    assert server.returncode != 0, output
    return output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _get(url: str, headers: dict[str, str] | None = None):  # noqa: ANN202
    try:
        return urllib.request.build_opener(_NoRedirect()).open(urllib.request.Request(url, headers=headers or {}),
                                                               timeout=10)
    except urllib.error.HTTPError as response:
        return response


def _get_when_up(url: str, server: subprocess.Popen):  # noqa: ANN202
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.communicate()[0].decode())
        try:
            return _get(url)
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 60 s")
