"""`layanan serve` (what `make run` starts): one server for the site and the forms, on SQLite."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from layanan.site import Project
from forms_support import REPO, consultation_answers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_builds_the_site_and_takes_a_consultation(tmp_path):
    project = Project(REPO).copy_to(tmp_path / "proyek")
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LAYANAN_CONFIG")}
    server = subprocess.Popen(
        [sys.executable, "-m", "layanan.cli", "serve", "--project", str(project.root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                             _NoRedirect())
        _wait_until_up(base, server)
        assert b"Standar Pelayanan" in opener.open(base + "/").read()
        service = opener.open(base + "/standar/pst-bps-kutai-barat/konsultasi-statistik/").read().decode()
        assert "formulir/pst-bps-kutai-barat/konsultasi-statistik/konsultasi/" in service

        form_url = base + "/formulir/pst-bps-kutai-barat/konsultasi-statistik/konsultasi/"
        form = opener.open(form_url).read().decode()
        hidden = dict(re.findall(r'name="(csrf_token|mulai)" type="hidden" value="([^"]+)"', form))
        time.sleep(3.1)  # development keeps the minimum fill time
        answer = _post(opener, form_url, {**hidden, **consultation_answers()})
        assert answer.status == 303
        check = opener.open(base + answer.headers["Location"]).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', check).group(1)
        done = _post(opener, form_url + "periksa/", {"csrf_token": token})
        assert done.status == 303
        confirmation = opener.open(base + done.headers["Location"]).read().decode()
        code = re.search(r"KON-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", confirmation).group(0)
        # The outbox thread "sends" the receipt into the mail folder, linking this server's status page.
        mail = _wait_for_mail(project.root / "instance" / "surat-keluar")
        assert code in mail and f"{base}/lacak/" in mail
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert (project.root / "instance" / "layanan.sqlite3").exists()
    assert "Traceback" not in output, output


def _wait_for_mail(folder, seconds: float = 20.0) -> str:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = sorted(folder.glob("*.eml")) if folder.is_dir() else []
        if found:
            assert found[0].stat().st_mode & 0o077 == 0, "mail files are readable by their owner only"
            return found[0].read_text(encoding="utf-8")
        time.sleep(0.2)
    raise AssertionError(f"no mail in {folder} after {seconds} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _post(opener, url: str, data: dict):  # noqa: ANN001, ANN202
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST")
    try:
        return opener.open(request)
    except urllib.error.HTTPError as response:
        return response


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.communicate()[0].decode())
        try:
            urllib.request.urlopen(base + "/formulir/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start within 60 s")


def test_make_run_takes_another_host_and_port():
    import shutil

    import pytest

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=8001"], cwd=REPO,
                             capture_output=True, text=True, check=True)
    assert "layanan serve --host 0.0.0.0 --port 8001" in dry_run.stdout
    default = subprocess.run(["make", "-n", "run"], cwd=REPO, capture_output=True, text=True, check=True)
    assert "layanan serve --host 127.0.0.1 --port 8000" in default.stdout
