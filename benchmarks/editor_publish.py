"""Standards editor benchmark: from pressing *Terbitkan* to the new page being served.

    python benchmarks/editor_publish.py [UNITS ...]        (default: 1 550)

For each size (UNITS synthetic units × 5 services, made from the seed: 1 unit is the one-office
site of 5 services, 550 units the 2,750-standard site) it makes a project, builds and publishes
it once, starts the app on it (waitress on 127.0.0.1, SQLite, development configuration), signs
an editor in through the real pages (password and authenticator code), starts a draft of a
service through the editor, changes its walk-in completion time, and then times, over HTTP (on
the small site three services one after the other, the median printed with each figure; on the
large site one):

  publish → served   from sending the publish form to the first response of the service's
                     page on the site that shows the new time (polled every 20 ms);
  of which: request  the publish request itself (check, write, audit, build queued);
  baseline           in the same run, `layanan build` with nothing changed (the rebuild a
                     publish triggers, minus its one changed page), as a separate process;

and prints the ratio of the two, and what the build page told the editor meanwhile (its stages,
each with the second it was first seen). Target: the one-office site ≤ 3 s on a 2-core machine.
"""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SERVICES, make_project  # noqa: E402

import flask_migrate  # noqa: E402
import pyotp  # noqa: E402

from forms_app import accounts, create_app, standard_drafts  # noqa: E402
from forms_app.extensions import db  # noqa: E402
from forms_app.server import make_server  # noqa: E402
from forms_app.staff_models import Role  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "kopi-tubruk-di-Barong-Tongkok"


class Browser:
    """Cookies, forms and redirects, as a browser without JavaScript does them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=600) as response:
                return response.status, response.geturl(), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", "replace")

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=600) as response:
                return response.status, response.geturl(), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", "replace")


def form_fields(html: str, action_part: str) -> tuple[str, dict[str, str]]:
    """The action and the submitted values (hidden and filled inputs) of the form posting to `action_part`."""
    for match in re.finditer(r"<form\b[^>]*>.*?</form>", html, re.DOTALL):
        form = match.group(0)
        action = unescape(re.search(r'action="([^"]*)"', form).group(1)) if 'action="' in form else ""
        if action_part not in action:
            continue
        fields = {}
        for tag in re.findall(r"<input\b[^>]*>", form):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            kind = re.search(r'type="([^"]*)"', tag)
            if name is None or (kind and kind.group(1) == "radio" and "checked" not in tag):
                continue  # a checkbox is ticked (the publish form's confirmation)
            fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
        button = re.search(r'<button\b[^>]*name="([^"]*)"[^>]*value="([^"]*)"', form)
        if button:
            fields[button.group(1)] = unescape(button.group(2))
        return urllib.parse.urlsplit(action).path, fields
    raise SystemExit(f"no form posting to {action_part!r} on the page")


def timed_build(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "layanan"), "build", "--project", str(root)], check=True, capture_output=True)
    return time.perf_counter() - started


def measure(units: int, workdir: Path, repeats: int) -> None:
    project = make_project(workdir / f"u{units}", units=units)
    unit = "pst-sintetis-0001"
    first = timed_build(project.root)  # publishes version 1 of everything (records terbit.json)
    baseline = timed_build(project.root)
    app = create_app("development", {"LAYANAN_PROJECT": str(project.root),
                                     "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / f'u{units}.sqlite3'}",
                                     "RATELIMIT_ENABLED": False}, instance_path=str(workdir / f"instance-{units}"))
    with app.app_context():
        flask_migrate.upgrade()
        editor = accounts.create("penyunting@contoh.id", "Sari Penyunting", Role.penyunting_standar, [unit], PASSWORD)
        secret = accounts.start_enrolment(editor)
        editor.totp_aktif = True
        db.session.commit()
    server = make_server(app, "127.0.0.1", 0, 4)
    port = server.effective_port
    threading.Thread(target=server.run, daemon=True).start()
    browser = Browser(f"http://127.0.0.1:{port}")
    sign_in(browser, secret)

    # each a different service: a second version the same day would not be in force the same day
    timings = [publish_once(app, browser, unit, service, f"{16 + attempt} menit")
               for attempt, (service, _) in enumerate(SERVICES[:repeats])]
    server.close()
    server.task_dispatcher.shutdown()
    served = sorted(t[0] for t in timings)[len(timings) // 2]
    print(f"{units * 5:>6} layanan  first build {first:6.1f} s   baseline rebuild {baseline:6.1f} s   "
          f"publish → served {served:6.2f} s (median of {len(timings)}: "
          f"{', '.join(f'{t[0]:.2f}' for t in timings)}; the request itself {timings[0][1]:.2f} s)   "
          f"ratio {served / baseline:.2f} × baseline", flush=True)
    for stage, second in sorted(timings[-1][2].items(), key=lambda item: item[1]):
        print(f"{'':>15}{second:6.2f} s  the build page says: {stage}", flush=True)


def publish_once(app, browser: Browser, unit: str, service: str,  # noqa: ANN001
                 new_time: str) -> tuple[float, float, dict[str, float]]:
    """One version published through the editor: (seconds to the page served, seconds of the
    publish request, the build page's statuses with when each was first seen)."""
    _, _, index = browser.get("/staf/standar/")
    action, fields = form_fields(index, "/staf/standar/mulai")
    fields.update({"alamat": f"{unit}/{service}", "jenis": "layanan"})
    status, draft_url, _ = browser.post(action, fields)
    draft_id = int(re.search(r"/draf/([0-9]+)/", draft_url).group(1))
    with app.app_context():
        draft = db.session.get(standard_drafts.StandardDraft, draft_id)
        document = standard_drafts.document(draft)
        document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = new_time
        document["ringkasan_perubahan"] = f"Waktu penyelesaian kunjungan langsung menjadi {new_time}."
        standard_drafts.save(draft, document)
        db.session.commit()
    _, _, page = browser.get(f"/staf/standar/draf/{draft_id}/terbitkan/")
    action, fields = form_fields(page, "/terbitkan")
    page_path = f"/standar/{unit}/{service}/"
    assert new_time not in browser.get(page_path)[2]

    started = time.perf_counter()
    status, build_url, _ = browser.post(action, fields)
    request_seconds = time.perf_counter() - started
    if "/terbit/" not in build_url:
        raise SystemExit(f"publishing was refused ({status}, {build_url})")
    stages: dict[str, float] = {}
    watcher = threading.Thread(target=watch_stages, args=(browser, build_url, stages, started), daemon=True)
    watcher.start()
    while new_time not in browser.get(page_path)[2]:
        time.sleep(0.02)
    served = time.perf_counter() - started
    watcher.join(timeout=30)
    return served, request_seconds, stages


def watch_stages(browser: Browser, build_url: str, stages: dict[str, float], started: float) -> None:
    path = urllib.parse.urlsplit(build_url).path
    while True:
        _, _, html = browser.get(path)
        main = re.search(r"<main.*?</main>", html, re.DOTALL)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0) if main else html))
        status = re.search(r"Status (.+?) Diminta", text)
        if status:
            stages.setdefault(status.group(1).strip(), time.perf_counter() - started)
        if "Situs baru sudah tayang" in text or "Pembangunan situs: Gagal" in text:
            return
        time.sleep(0.25)


def sign_in(browser: Browser, secret: str) -> None:
    _, _, page = browser.get("/staf/masuk")
    action, fields = form_fields(page, "/staf/masuk")
    fields.update({"email": "penyunting@contoh.id", "kata_sandi": PASSWORD})
    _, url, page = browser.post(action, fields)
    action, fields = form_fields(page, "/staf/masuk/kode")
    fields["kode"] = pyotp.TOTP(secret).now()
    status, url, _ = browser.post(action, fields)
    if "/staf/standar/" not in url:
        raise SystemExit(f"signing in failed ({status}, {url})")


def main(sizes: list[int]) -> None:
    print("Dari menekan Terbitkan sampai halaman baru tersaji (publish → served), dan bangun ulang biasa "
          "pada proses yang sama (baseline).", flush=True)
    with tempfile.TemporaryDirectory(prefix="layanan-editor-bench-") as temporary:
        for units in sizes:
            measure(units, Path(temporary), 3 if units < 10 else 1)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 550])
