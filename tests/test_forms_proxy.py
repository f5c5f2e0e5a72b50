"""Behind a reverse proxy: rate limits count each citizen, not the proxy; IPv6 clients by their
/64; host names pinned. Through the real app and Flask-Limiter, on memory storage and (when
LAYANAN_TEST_REDIS_URL is set) on Redis as the README's deployment runs it."""

from __future__ import annotations

import os
import re

import flask_migrate
import pytest
import redis
from flask import Flask

from forms_app import create_app
from forms_app.extensions import client_address, db
from forms_support import CONSULTATION_URL, REPO, FormClient, consultation_answers, make_app

PROXY = "10.0.0.2"  # nginx, as the app sees it
CITIZEN_A = "203.0.113.7"
CITIZEN_B = "198.51.100.23"
CONFIRMATIONS_PER_MINUTE = 3  # RATELIMIT_SUBMIT's default: "10 per hour;3 per minute"


@pytest.fixture(params=["memory", "redis"])
def storage(request) -> str:  # noqa: ANN001
    if request.param == "memory":
        yield "memory://"
        return
    url = os.environ.get("LAYANAN_TEST_REDIS_URL")
    if not url:
        if os.environ.get("LAYANAN_REQUIRE_SERVICES"):
            pytest.fail("LAYANAN_TEST_REDIS_URL is not set, and CI requires the Redis test")
        pytest.skip("Redis not configured: set LAYANAN_TEST_REDIS_URL")
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def limited_app(tmp_path, storage):  # noqa: ANN001, ANN201
    """The app with its real rate limits on; `limited_app(TRUSTED_PROXIES=1)` changes settings."""
    closers = []

    def build(**settings) -> Flask:  # noqa: ANN003
        app, close = make_app(tmp_path / f"app{len(closers)}", "sqlite", RATELIMIT_ENABLED=True,
                              RATELIMIT_STORAGE_URI=storage, **settings)
        closers.append(close)
        assert app.config["RATELIMIT_SUBMIT"].endswith(f"{CONFIRMATIONS_PER_MINUTE} per minute")
        return app

    yield build
    for close in closers:
        close()


def confirm_consultation(app: Flask, remote_addr: str, forwarded_for: str | None = None) -> int:
    """One citizen's whole journey from one connection; the status of the confirming post."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote_addr
    if forwarded_for is not None:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    browser = FormClient(client)
    browser.get(CONSULTATION_URL)
    check = browser.get(browser.post(CONSULTATION_URL, consultation_answers()).headers["Location"])
    assert "Periksa" in browser.text(check)
    return client.post(CONSULTATION_URL + "periksa/", data=browser.hidden).status_code


def test_citizens_behind_one_proxy_each_have_their_own_limit(limited_app):
    app = limited_app(TRUSTED_PROXIES=1)
    statuses = [confirm_consultation(app, PROXY, CITIZEN_A) for _ in range(CONFIRMATIONS_PER_MINUTE + 1)]
    assert statuses == [303] * CONFIRMATIONS_PER_MINUTE + [429]  # citizen A reached the limit ...
    assert confirm_consultation(app, PROXY, CITIZEN_B) == 303  # ... and citizen B is not held by it


def test_a_forwarded_header_without_a_trusted_proxy_does_not_escape_the_limit(limited_app):
    app = limited_app()
    assert app.config["TRUSTED_PROXIES"] == 0
    for _ in range(CONFIRMATIONS_PER_MINUTE):
        assert confirm_consultation(app, CITIZEN_A) == 303
    # The same client claims, each time, to be someone else: it is still the same client.
    for spoofed in ("192.0.2.1", "192.0.2.2, 192.0.2.3", CITIZEN_B):
        assert confirm_consultation(app, CITIZEN_A, spoofed) == 429


def test_with_one_trusted_proxy_only_the_last_hop_counts(limited_app):
    """nginx appends the address it saw to whatever X-Forwarded-For the client sent: the entries
    before it are the client's own words."""
    app = limited_app(TRUSTED_PROXIES=1)
    for spoofed in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert confirm_consultation(app, PROXY, f"{spoofed}, {CITIZEN_A}") == 303
    assert confirm_consultation(app, PROXY, f"192.0.2.4, {CITIZEN_A}") == 429
    assert confirm_consultation(app, PROXY, f"{CITIZEN_A}, {CITIZEN_B}") == 303


def lookup(app: Flask, remote_addr: str, forwarded_for: str | None = None) -> int:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote_addr
    if forwarded_for is not None:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    page = client.get("/lacak/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/lacak/", data={"csrf_token": token, "kode": "ADU-0000-0000-0000"}).status_code


def test_an_ipv6_client_is_counted_by_its_64(limited_app):
    """One household or phone holds a whole /64 and can take a new address for every request."""
    app = limited_app(RATELIMIT_LOOKUP="3 per minute")
    for address in ("2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff:ffff:ffff:ffff"):
        assert lookup(app, address) == 404
    assert lookup(app, "2001:db8:1:2:1234::c") == 429  # the same /64
    assert lookup(app, "2001:db8:1:3::a") == 404  # the neighbouring /64 is someone else


def test_an_ipv4_client_is_counted_by_its_address(limited_app):
    app = limited_app(RATELIMIT_LOOKUP="3 per minute")
    for _ in range(3):
        assert lookup(app, "203.0.113.7") == 404
    assert lookup(app, "203.0.113.7") == 429
    assert lookup(app, "::ffff:203.0.113.7") == 429  # the same address, written as IPv6
    assert lookup(app, "203.0.113.8") == 404  # the next address is someone else


def test_an_ipv6_client_behind_the_proxy_is_counted_by_its_64(limited_app):
    app = limited_app(TRUSTED_PROXIES=1, RATELIMIT_LOOKUP="3 per minute")
    for address in ("2001:db8:aa:bb::1", "2001:db8:aa:bb::2", "2001:db8:aa:bb::3"):
        assert lookup(app, PROXY, address) == 404
    assert lookup(app, PROXY, "2001:db8:aa:bb:9::9") == 429
    assert lookup(app, PROXY, "2001:db8:aa:cc::1") == 404


def test_the_key_of_a_client(sqlite_app):
    for remote, key in [("203.0.113.7", "203.0.113.7"), ("::ffff:203.0.113.7", "203.0.113.7"),
                        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("2001:db8:1:2::", "2001:db8:1:2::/64"),
                        ("::1", "::/64")]:
        with sqlite_app.test_request_context(environ_base={"REMOTE_ADDR": remote}):
            assert client_address() == key


# --- host names ------------------------------------------------------------------------------


def refused_host(response) -> None:  # noqa: ANN001
    assert response.status_code == 400
    assert "Location" not in response.headers
    html = response.get_data(as_text=True)
    assert "Alamat situs tidak dikenal" in html
    assert "evil.example" not in html


@pytest.mark.parametrize("path", ["/lacak", "/formulir", "/standar", "/lacak/", "/"])
def test_an_untrusted_host_gets_a_400_page_never_a_redirect_to_it(sqlite_app, path):
    refused_host(sqlite_app.test_client().get(path, headers={"Host": "evil.example"}))


def test_a_trusted_host_is_redirected_to_itself(sqlite_app):
    assert sqlite_app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    client = sqlite_app.test_client()
    assert client.get("/lacak", headers={"Host": "127.0.0.1:8000"}).headers["Location"] == \
        "http://127.0.0.1:8000/lacak/"
    refused_host(client.post("/lacak/", data={"kode": "x"}, headers={"Host": "evil.example"}))


def test_trusted_hosts_come_from_the_environment_and_hold_behind_the_proxy(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "pst.kubarkab.example, www.pst.kubarkab.example")
    app, close = make_app(tmp_path, "sqlite", TRUSTED_PROXIES=1)
    try:
        assert app.config["TRUSTED_HOSTS"] == ["pst.kubarkab.example", "www.pst.kubarkab.example"]
        client = app.test_client()
        forwarded = {"X-Forwarded-For": CITIZEN_A, "X-Forwarded-Proto": "https"}
        moved = client.get("/lacak", headers={**forwarded, "X-Forwarded-Host": "pst.kubarkab.example"})
        assert moved.headers["Location"] == "https://pst.kubarkab.example/lacak/"
        refused_host(client.get("/lacak", headers={**forwarded, "X-Forwarded-Host": "evil.example"}))
        refused_host(client.get("/lacak", headers={"Host": "evil.example"}))
    finally:
        close()


def test_a_citizen_sends_a_form_through_nginx_in_production(tmp_path, monkeypatch):
    """The deployment the README describes: nginx terminates HTTPS and forwards over HTTP with
    X-Forwarded-For/-Proto/-Host. The app sees HTTPS (so Flask-WTF checks the Referer and the
    `__Host-` cookie is sent back), the citizen's address, and the public host name."""
    for name in ("SECRET_KEY", "LAYANAN_CONFIG", "DATABASE_URL", "RATELIMIT_ENABLED", "TRUSTED_HOSTS",
                 "TRUSTED_PROXIES", "SERVER_SOFTWARE", "WEB_CONCURRENCY", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    app = create_app("production", {
        "LAYANAN_PROJECT": str(REPO), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "SECRET_KEY": "k7Vq2pX9sLmR4tYw8zNc3bHf6jDg1aEu5oKi0PqZ", "TRUSTED_HOSTS": ["pst.kubarkab.example"],
        "TRUSTED_PROXIES": 1, "MIN_FILL_SECONDS": 0}, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        flask_migrate.upgrade()
    try:
        client = app.test_client()
        client.environ_base.update({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.9, {CITIZEN_A}",
                                    "HTTP_X_FORWARDED_PROTO": "https",
                                    "HTTP_X_FORWARDED_HOST": "pst.kubarkab.example"})
        public = "https://pst.kubarkab.example"
        browser = FormClient(client)
        browser.get(CONSULTATION_URL)
        client.environ_base["HTTP_REFERER"] = public + CONSULTATION_URL
        check = browser.post(CONSULTATION_URL, consultation_answers())
        assert check.headers["Location"] == CONSULTATION_URL + "periksa/"
        browser.get(check.headers["Location"])
        client.environ_base["HTTP_REFERER"] = public + CONSULTATION_URL + "periksa/"
        assert browser.post(CONSULTATION_URL + "periksa/", {}).headers["Location"] == "/formulir/terkirim/"
        # A post from another site is refused even though it reaches the app over plain HTTP.
        browser.get(CONSULTATION_URL)
        client.environ_base["HTTP_REFERER"] = "https://penipu.example/"
        browser.post(CONSULTATION_URL, consultation_answers(), status=400)
    finally:
        with app.app_context():
            db.engine.dispose()
