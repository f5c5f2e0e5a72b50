"""Slow clients against gunicorn's sync workers, with nothing in front: why the README's nginx
buffers requests.

    python benchmarks/slow_clients.py [--slow 2] [--hold 40]

The server of the other forms benchmarks (gunicorn, 2 sync workers, `--timeout 30`, a fresh
SQLite database) on 127.0.0.1 only. `--slow` clients each start a form post that announces a body
of 100 kB and send it one byte a second (a phone on a bad line, or someone doing it on purpose);
a second later an ordinary citizen asks for the form page. A sync worker serves one request at a
time and waits for the whole body, so the citizen waits until gunicorn kills a stuck worker
(`--timeout`, 30 s). Behind nginx with `proxy_request_buffering on`, the app receives a request
only once nginx holds all of it, and the workers never wait for a client.

Prints the form page's time alone, its time behind the slow clients, and what the slow clients got.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forms_load as fl

ANNOUNCED_BODY = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slow", type=int, default=2, help="slow clients (default 2, one per worker)")
    parser.add_argument("--hold", type=float, default=40.0, help="how long a slow client trickles, at most 60 s")
    args = parser.parse_args()
    args.hold = min(args.hold, 60.0)
    with tempfile.TemporaryDirectory(prefix="layanan-slow-") as folder:
        database = fl.BenchDatabase(Path(folder))
        server = fl.Server(database, "sync", workers=2)
        try:
            database.migrate()
            server.start()
            alone = timed_get(server.port)
            print(f"form page alone: {alone * 1000:.0f} ms", flush=True)
            answers: list[str] = []
            stop = threading.Event()
            trickles = [threading.Thread(target=trickle, args=(server.port, args.hold, stop, answers))
                        for _ in range(args.slow)]
            for thread in trickles:
                thread.start()
            time.sleep(1.0)
            behind = timed_get(server.port, timeout=args.hold + 20)
            print(f"form page behind {args.slow} slow clients: {behind:.1f} s", flush=True)
            stop.set()
            for thread in trickles:
                thread.join(timeout=10)
            print(f"the slow clients got: {answers}")
        finally:
            server.stop()
            database.close()
    return 0


def timed_get(port: int, timeout: float = 10.0) -> float:
    started = time.monotonic()
    with socket.create_connection((fl.HOST, port), timeout=timeout) as sock:
        sock.sendall(f"GET {fl.FORM_URL} HTTP/1.1\r\nHost: {fl.HOST}:{port}\r\nConnection: close\r\n\r\n".encode())
        status = sock.recv(64)
        while sock.recv(65536):
            pass
    if not status.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"the form page answered {status[:40]!r}")
    return time.monotonic() - started


def trickle(port: int, hold: float, stop: threading.Event, answers: list[str]) -> None:
    """A form post whose body comes one byte a second, for at most `hold` seconds."""
    with socket.create_connection((fl.HOST, port), timeout=hold + 20) as sock:
        sock.sendall((f"POST {fl.FORM_URL} HTTP/1.1\r\nHost: {fl.HOST}:{port}\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      f"Content-Length: {ANNOUNCED_BODY}\r\nConnection: close\r\n\r\n").encode())
        deadline = time.monotonic() + hold
        try:
            while time.monotonic() < deadline and not stop.wait(1.0):
                sock.sendall(b"a")
            sock.settimeout(5)
            answer = sock.recv(64).split(b"\r\n")[0].decode("latin-1")
        except OSError as exc:
            answer = type(exc).__name__
        answers.append(answer or "connection closed without an answer (worker killed)")


if __name__ == "__main__":
    raise SystemExit(main())
