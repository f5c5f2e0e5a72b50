"""What the forms benchmarks share: a fresh database, gunicorn in its own process group, and a
light load generator.

The load generator is plain asyncio over raw HTTP/1.1 on non-blocking sockets (keep-alive when
the server keeps the connection open, a new connection per request when it answers
`Connection: close`, as gunicorn's sync workers do), run in its own process(es), away from the
benchmark's driver and the server.
Each virtual user is one connection with its own cookie jar, filling the consultation form the
way `tests/forms_support.py` does: GET the form, POST it with its hidden `csrf_token` and `mulai`
(303 to `periksa/`), POST the confirmation with the CSRF token (303 to `/formulir/terkirim/`).
An acknowledged submission's receipt (the token of the draft it was made from; the session never
holds the tracking code) is read from the session cookie that comes with that 303 (Flask's
session is signed, not encrypted), so it is known even when the server dies before the
confirmation page could be fetched; the database maps receipts to tracking codes.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import multiprocessing
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

UNIT = "pst-bps-kutai-barat"
SERVICE = "konsultasi-statistik"
FORM_URL = f"/formulir/{UNIT}/{SERVICE}/konsultasi/"
CHECK_URL = FORM_URL + "periksa/"
DONE_PATH = "/formulir/terkirim/"
BARE_PATH = "/_bench/bare"
SESSION_COOKIE = "layanan_sesi"
ANSWERS = {
    "topik": "data",
    "pertanyaan": "Berapa jumlah penduduk Kabupaten Kutai Barat menurut kecamatan tahun 2025?",
    "nama": "Budi Santoso",
    "email": "budi@contoh.id",
    "telepon": "",
    "kategori_pengguna": "peneliti_dosen",
    "saluran_balasan": "email",
    "persetujuan": "y",
    "situs_web": "",
}
_HIDDEN = re.compile(r'<input id="[^"]*" name="(csrf_token|mulai)" type="hidden" value="([^"]*)">')

# Environment variables that `forms_app.config.from_environment` reads: the benchmark's server
# gets none of the caller's, so a DATABASE_URL in the shell cannot redirect it.
_APP_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED",
                    "MIN_FILL_SECONDS", "MAIL_TRANSPORT", "MAIL_FOLDER", "MAIL_SENDER", "SMTP_HOST",
                    "SMTP_PORT", "SMTP_STARTTLS", "SMTP_USERNAME", "SMTP_PASSWORD", "UPLOAD_FOLDER",
                    "LAYANAN_PROJECT", "DATA_RETENTION_DAYS", "LAYANAN_CONFIG", "TRUSTED_PROXIES",
                    "TRUSTED_HOSTS", "FLASK_DEBUG", "WEB_CONCURRENCY")


# --- the database ---------------------------------------------------------------------------


class BenchDatabase:
    """A fresh SQLite file in `workdir/instance`, or a fresh schema in the given PostgreSQL
    database (only that schema is ever dropped)."""

    def __init__(self, workdir: Path, url: str | None = None) -> None:
        self.instance = workdir / "instance"
        self.instance.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.schema = ("bench_" + secrets.token_hex(5)) if url else None
        self._engine = None
        if url:
            with self.engine().begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {self.schema}")

    @property
    def label(self) -> str:
        if self.url:
            return f"PostgreSQL, schema {self.schema}"
        return f"SQLite {self.instance / 'layanan.sqlite3'}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _APP_ENVIRONMENT}
        env["LAYANAN_BENCH_INSTANCE"] = str(self.instance)
        env.pop("LAYANAN_BENCH_DATABASE_URL", None)
        env.pop("LAYANAN_BENCH_SCHEMA", None)
        env.pop("LAYANAN_BENCH_VARIANTS", None)
        if self.url:
            env["LAYANAN_BENCH_DATABASE_URL"] = self.url
            env["LAYANAN_BENCH_SCHEMA"] = self.schema or ""
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def migrate(self) -> None:
        """Alembic upgrade in a separate process; it also writes the development secret key
        before any worker starts (two workers creating it at once could disagree)."""
        done = subprocess.run([sys.executable, str(BENCH_DIR / "forms_wsgi.py"), "upgrade"], cwd=REPO,
                              env=self.env(), capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise SystemExit(f"migration failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")

    def engine(self):
        import sqlalchemy

        if self._engine is None:
            if self.url:
                from forms_app.config import database_url

                self._engine = sqlalchemy.create_engine(database_url(self.url), poolclass=sqlalchemy.NullPool)
            else:
                self._engine = sqlalchemy.create_engine(f"sqlite:///{self.instance / 'layanan.sqlite3'}",
                                                        poolclass=sqlalchemy.NullPool)
        return self._engine

    def _query(self, sql: str) -> list[tuple]:
        with self.engine().connect() as connection:
            if self.schema:
                connection.exec_driver_sql(f"SET search_path TO {self.schema}")
            rows = connection.exec_driver_sql(sql).all()
            connection.rollback()
        return [tuple(r) for r in rows]

    def counts(self) -> dict[str, int]:
        found = {}
        for table in ("pengajuan", "kotak_keluar", "draf"):
            found[table] = self._query(f"SELECT count(*) FROM {table}")[0][0]
        found["pengajuan_tanpa_surat"] = self._query(
            "SELECT count(*) FROM pengajuan p WHERE NOT EXISTS "
            "(SELECT 1 FROM kotak_keluar k WHERE k.pengajuan_id = p.id)")[0][0]
        return found

    def receipts(self) -> dict[str, str]:
        """Each stored submission's receipt (the token of the draft it was made from, which the
        session keeps after confirming) and its tracking code."""
        return {row[0]: row[1] for row in self._query("SELECT draf_asal, kode FROM pengajuan")}

    def integrity(self) -> str:
        if self.url:
            return "n/a (PostgreSQL)"
        return ", ".join(str(r[0]) for r in self._query("PRAGMA integrity_check"))

    def close(self) -> None:
        if self._engine is not None:
            if self.schema:
                with self._engine.begin() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            self._engine.dispose()
            self._engine = None


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _group_members(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def processes_named(name: str) -> list[int]:
    """Processes whose command name is `name` (e.g. every PostgreSQL backend)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def cpu_seconds_of(pids: list[int]) -> float:
    return _cpu_seconds(pids)


class Server:
    """gunicorn serving `forms_wsgi:build()`, in a process group of its own (master + workers)."""

    def __init__(self, database: BenchDatabase, worker_class: str = "sync", workers: int = 2,
                 threads: int = 1, port: int | None = None, log: Path | None = None,
                 variants: str = "") -> None:
        self.database = database
        self.variants = variants
        self.worker_class = worker_class
        self.workers = workers
        self.threads = threads
        self.port = port or free_port()
        self.log = log or (database.instance.parent / f"gunicorn-{worker_class}.log")
        self.process: subprocess.Popen | None = None

    @property
    def label(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        variants = f" [experiments: {self.variants}]" if self.variants else ""
        return f"gunicorn {self.workers} {self.worker_class} workers{threads}{variants}"

    def start(self, timeout: float = 30.0) -> None:
        command = [str(BIN / "gunicorn"), "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers),
                   "--worker-class", self.worker_class, "--threads", str(self.threads),
                   "--backlog", "2048", "--timeout", "30", "--graceful-timeout", "5",
                   "--log-level", "warning", "--pythonpath", str(BENCH_DIR), "forms_wsgi:build()"]
        env = self.database.env()
        if self.variants:
            env["LAYANAN_BENCH_VARIANTS"] = self.variants
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            # Ready when every worker answers; probing on fresh connections reaches them all soon.
            if (self._probe() and len(self.pids()) >= self.workers + 1
                    and all(self._probe() for _ in range(4 * self.workers))):
                return
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def _probe(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=2) as sock:
                sock.sendall(f"GET {BARE_PATH} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
                return sock.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def pids(self) -> list[int]:
        return _group_members(self.process.pid) if self.process else []

    def cpu_seconds(self) -> float:
        return _cpu_seconds(self.pids())

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> int:
        """SIGKILL to master and workers at once; returns how many processes were killed."""
        members = self.pids()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.pids():
            raise SystemExit(f"processes of the killed server remain: {self.pids()}")
        return len(members)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 5
        while self.pids() and time.monotonic() < deadline:  # orphaned workers, should there be any
            time.sleep(0.05)
        for pid in self.pids():
            os.kill(pid, signal.SIGKILL)


# --- HTTP/1.1 client ------------------------------------------------------------------------


class StaleConnection(Exception):
    """A kept-alive connection was closed by the server before it sent anything."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Browser:
    """One connection with its own cookie jar: a non-blocking socket driven by the event loop's
    sock_* calls (lighter than asyncio streams, so the generator stays small next to the server)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.connections = 0
        self.reconnects = 0

    async def request(self, method: str, path: str, form: dict | None = None) -> Response:
        async with asyncio.timeout(self.timeout):
            return await self._request(method, path, form)

    async def _request(self, method: str, path: str, form: dict | None) -> Response:
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "User-Agent: layanan-bench",
                "Accept: text/html"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            reused = self.sock is not None
            try:
                if not reused:
                    self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    self.sock.setblocking(False)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self.buffer = b""
                    await loop.sock_connect(self.sock, (HOST, self.port))
                    self.connections += 1
                await loop.sock_sendall(self.sock, data)
                return await self._read(loop)
            except StaleConnection:
                self.close()
                if reused and attempt == 0:
                    self.reconnects += 1
                    continue
                raise ConnectionError("connection closed before a response") from None
            except BaseException:
                self.close()
                raise
        raise AssertionError("unreachable")

    async def _more(self, loop: asyncio.AbstractEventLoop) -> bytes:
        chunk = await loop.sock_recv(self.sock, 262144)
        if not chunk:
            raise ConnectionError("response cut short")
        return chunk

    async def _read(self, loop: asyncio.AbstractEventLoop) -> Response:
        buffer = self.buffer
        while (end := buffer.find(b"\r\n\r\n")) < 0:
            chunk = await loop.sock_recv(self.sock, 262144)
            if not chunk:
                if not buffer:
                    raise StaleConnection
                raise ConnectionError("response cut short")
            buffer += chunk
        lines = buffer[:end].decode("latin-1").split("\r\n")
        buffer = buffer[end + 4:]
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._store_cookie(value)
            else:
                headers[name] = value
        keep = headers.get("connection", "").lower() != "close"
        if "content-length" in headers:
            length = int(headers["content-length"])
            while len(buffer) < length:
                buffer += await self._more(loop)
            body, buffer = buffer[:length], buffer[length:]
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                while (line_end := buffer.find(b"\r\n")) < 0:
                    buffer += await self._more(loop)
                size = int(buffer[:line_end].split(b";")[0], 16)
                while len(buffer) < line_end + 2 + size + 2:
                    buffer += await self._more(loop)
                parts.append(buffer[line_end + 2:line_end + 2 + size])
                buffer = buffer[line_end + 2 + size + 2:]
                if size == 0:
                    break
            body = b"".join(parts)
        else:
            while chunk := await loop.sock_recv(self.sock, 262144):
                buffer += chunk
            body, buffer, keep = buffer, b"", False
        self.buffer = buffer
        if not keep:
            self.close()
        return Response(status, headers, body)

    def _store_cookie(self, header: str) -> None:
        pair, *attributes = [part.strip() for part in header.split(";")]
        name, _, value = pair.partition("=")
        expired = any(a.lower() == "max-age=0" or (a.lower().startswith("expires=") and "1970" in a)
                      for a in attributes)
        if expired or not value:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buffer = b""


def session_value(cookie: str | None, key: str) -> str | None:
    """A value from Flask's session cookie (signed, not encrypted): payload[.timestamp.signature]."""
    if not cookie:
        return None
    compressed = cookie.startswith(".")
    payload = (cookie[1:] if compressed else cookie).split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if compressed:
        raw = zlib.decompress(raw)
    value = json.loads(raw).get(key)
    return value if isinstance(value, str) else None


# --- virtual users --------------------------------------------------------------------------


@dataclass
class Tally:
    """What one load process saw: (end, latency) per request label, outcomes, codes."""

    timings: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)
    acknowledged: list[tuple[str | None, float]] = field(default_factory=list)  # (code, time of the 303)
    in_doubt: int = 0  # confirmations sent whose answer never came (server gone, timeout)
    connections: int = 0
    reconnects: int = 0
    cpu_seconds: float = 0.0
    started: float = 0.0
    stopped: float = 0.0

    def record(self, label: str, start: float, end: float) -> None:
        self.timings.setdefault(label, []).append((end, end - start))


class Unexpected(Exception):
    pass


async def _timed(tally: Tally, browser: Browser, label: str, method: str, path: str,
                 form: dict | None = None) -> Response:
    start = time.monotonic()
    response = await browser.request(method, path, form)
    tally.record(label, start, time.monotonic())
    tally.outcomes[f"{label} {response.status}"] += 1
    return response


async def bare_user(browser: Browser, tally: Tally, stop_at: float) -> None:
    while time.monotonic() < stop_at:
        try:
            response = await _timed(tally, browser, "bare", "GET", BARE_PATH)
            if response.status != 200 or response.body != b"ok\n":
                tally.outcomes["bare unexpected"] += 1
        except (TimeoutError, OSError) as exc:
            tally.outcomes[f"bare {type(exc).__name__}"] += 1
            await asyncio.sleep(0.05)


async def submit_once(browser: Browser, tally: Tally) -> str | None:
    """One whole submission; returns its tracking code once the server acknowledged it."""
    page = await _timed(tally, browser, "GET form", "GET", FORM_URL)
    if page.status != 200:
        raise Unexpected(f"GET form {page.status}")
    hidden = dict(_HIDDEN.findall(page.body.decode("utf-8", "replace")))
    if "csrf_token" not in hidden or "mulai" not in hidden:
        raise Unexpected("form without csrf_token/mulai")
    posted = await _timed(tally, browser, "POST form", "POST", FORM_URL, {**ANSWERS, **hidden})
    if posted.status != 303 or not posted.headers.get("location", "").endswith(CHECK_URL):
        raise Unexpected(f"POST form {posted.status} {posted.headers.get('location')}")
    try:
        done = await _timed(tally, browser, "POST confirm", "POST", CHECK_URL,
                            {"csrf_token": hidden["csrf_token"]})
    except (TimeoutError, OSError):
        tally.in_doubt += 1
        raise
    if done.status != 303 or not done.headers.get("location", "").endswith(DONE_PATH):
        raise Unexpected(f"POST confirm {done.status} {done.headers.get('location')}")
    # The session keeps the submission's draft token, never its tracking code (a shared computer's
    # next user must not find it): the benchmark reads that receipt and finds the code in the database.
    receipt = session_value(browser.cookies.get(SESSION_COOKIE), "terkirim")
    tally.acknowledged.append((receipt, time.monotonic()))
    return receipt


async def submission_user(browser: Browser, tally: Tally, stop_at: float) -> None:
    # Users that all start at once stay in step (the server's queue is first in, first out):
    # a random first delay mixes the three requests, so a kill finds confirmations in flight.
    await asyncio.sleep(random.uniform(0.0, 0.25))
    while time.monotonic() < stop_at:
        try:
            await submit_once(browser, tally)
        except Unexpected as exc:
            tally.outcomes[f"unexpected: {exc}"] += 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
            tally.outcomes[f"error {type(exc).__name__}"] += 1
            await asyncio.sleep(0.05)


USERS = {"bare": bare_user, "submit": submission_user}


async def _run_users(kind: str, port: int, users: int, start_at: float, stop_at: float,
                     timeout: float) -> Tally:
    tally = Tally()
    browsers = [Browser(port, timeout) for _ in range(users)]
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    tally.started = time.monotonic()
    await asyncio.gather(*(USERS[kind](b, tally, stop_at) for b in browsers))
    tally.stopped = time.monotonic()
    for browser in browsers:
        tally.connections += browser.connections
        tally.reconnects += browser.reconnects
        browser.close()
    return tally


def _load_process(kind: str, port: int, users: int, start_at: float, stop_at: float, timeout: float) -> Tally:
    before = resource.getrusage(resource.RUSAGE_SELF)
    tally = asyncio.run(_run_users(kind, port, users, start_at, stop_at, timeout))
    after = resource.getrusage(resource.RUSAGE_SELF)
    tally.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return tally


class Load:
    """`connections` virtual users spread over `processes` load processes, from `start_at`
    (time.monotonic, the same clock in every process) until `stop_at`; a user finishes the
    request (or submission) it is in."""

    def __init__(self, kind: str, port: int, connections: int, processes: int, start_at: float,
                 stop_at: float, timeout: float = 30.0) -> None:
        self._pool = multiprocessing.get_context("fork").Pool(processes)
        share = [connections // processes + (1 if i < connections % processes else 0) for i in range(processes)]
        self._pending = [self._pool.apply_async(_load_process, (kind, port, n, start_at, stop_at, timeout))
                         for n in share if n]

    def results(self, timeout: float) -> Tally:
        try:
            tallies = [p.get(timeout) for p in self._pending]
        finally:
            self._pool.terminate()
            self._pool.join()
        merged = Tally(started=min(t.started for t in tallies), stopped=max(t.stopped for t in tallies))
        for t in tallies:
            for label, rows in t.timings.items():
                merged.timings.setdefault(label, []).extend(rows)
            merged.outcomes.update(t.outcomes)
            merged.acknowledged.extend(t.acknowledged)
            merged.in_doubt += t.in_doubt
            merged.connections += t.connections
            merged.reconnects += t.reconnects
            merged.cpu_seconds += t.cpu_seconds
        return merged


LOOKUP_URL = "/lacak/"


async def _lookup_user(browser: Browser, queue: list[str], found: set[str], failures: Counter,
                       deadline: float) -> None:
    while queue and time.monotonic() < deadline:
        code = queue.pop()
        try:
            page = await browser.request("GET", LOOKUP_URL)
            token = dict(_HIDDEN.findall(page.body.decode("utf-8", "replace"))).get("csrf_token", "")
            shown = await browser.request("POST", LOOKUP_URL, {"csrf_token": token, "kode": code})
        except (TimeoutError, OSError) as exc:
            failures[type(exc).__name__] += 1
            continue
        if shown.status == 200 and f"Status {code}".encode() in shown.body:
            found.add(code)
        else:
            failures[f"status {shown.status}"] += 1


def lookup_codes(port: int, codes: set[str], connections: int = 8, seconds: float = 20.0) -> tuple[set[str], Counter]:
    """Ask the server's tracking page (/lacak/) for each code; returns the codes it showed."""
    queue, found, failures = sorted(codes), set(), Counter()
    deadline = time.monotonic() + seconds

    async def run() -> None:
        browsers = [Browser(port, 10.0) for _ in range(connections)]
        await asyncio.gather(*(_lookup_user(b, queue, found, failures, deadline) for b in browsers))
        for b in browsers:
            b.close()

    asyncio.run(run())
    if queue:
        failures["not asked (time limit)"] += len(queue)
    return found, failures


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return total - idle, total


def speed_probe() -> float:
    """CPU milliseconds of a fixed pure-Python loop: how fast this machine is right now. A virtual
    machine's neighbours slow it down without showing in /proc/stat; compare runs by this."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return (time.process_time() - start) * 1000


def app_revision() -> str:
    """The commit of the app measured, and whether forms_app/ has uncommitted changes."""
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "forms_app"],
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return f"{commit or 'unknown'}{' + uncommitted changes in forms_app/' if dirty else ''}"


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
