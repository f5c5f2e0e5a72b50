"""What production refuses to start with, each problem said with what to set.

- a secret key that is missing, published (the test configuration's), short, or guessable
  (`forms_app.keystrength`);
- debug mode, however it was asked for: `DEBUG`, `FLASK_DEBUG=1`, `flask run --debug` (which
  sets FLASK_DEBUG); the Werkzeug console it opens runs any code a visitor types;
- no `TRUSTED_HOSTS`: the Host header of any request would be believed;
- rate limits kept in memory (`memory://`) when the app runs in several processes, or in
  processes that are restarted: each counts alone and forgets on restart. This is known from
  what the server says of itself: gunicorn sets `SERVER_SOFTWARE=gunicorn/…` for its workers,
  uWSGI and mod_wsgi load their own module into the app's process, hosts that run several
  workers set `WEB_CONCURRENCY`. A server that says none of these is taken at its word.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from flask.helpers import get_debug_flag

from forms_app import keystrength
from forms_app.config import MIN_SECRET_KEY_BITS, Test

MIN_SECRET_KEY_LENGTH = 32
PUBLISHED_KEYS = {Test.SECRET_KEY}
MAKE_A_KEY = ("Buat kunci acak dengan: python -c 'import secrets; print(secrets.token_urlsafe(48))' "
              "lalu setel sebagai variabel lingkungan SECRET_KEY.")
SERVER_MODULES = {"uwsgi": "uWSGI", "mod_wsgi": "mod_wsgi"}


def problems(config: Mapping[str, Any], environ: Mapping[str, str]) -> list[str]:
    found = [secret_key_problem(config.get("SECRET_KEY")), debug_problem(config),
             trusted_hosts_problem(config), rate_limit_storage_problem(config, environ)]
    return [problem for problem in found if problem]


def secret_key_problem(key: str | None) -> str | None:
    if not key:
        return f"SECRET_KEY belum diisi. {MAKE_A_KEY}"
    if key in PUBLISHED_KEYS:
        return ("SECRET_KEY sama dengan kunci konfigurasi uji yang tertulis di kode sumber, jadi siapa pun "
                f"dapat memalsukan sesi dan formulir. {MAKE_A_KEY}")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (f"SECRET_KEY terlalu pendek ({len(key)} karakter; perlu paling sedikit "
                f"{MIN_SECRET_KEY_LENGTH} karakter acak). {MAKE_A_KEY}")
    bits = keystrength.estimated_bits(key)
    if bits < MIN_SECRET_KEY_BITS:
        return (f"SECRET_KEY mudah ditebak (kira-kira {bits:.0f} bit; perlu paling sedikit {MIN_SECRET_KEY_BITS}): "
                "kata-kata, huruf atau pola yang berulang, dan urutan seperti 'abc', '123' atau 'qwerty' "
                f"hampir tidak menambah kekuatan, berapa pun panjangnya. {MAKE_A_KEY}")
    return None


def debug_problem(config: Mapping[str, Any]) -> str | None:
    if not (config.get("DEBUG") or get_debug_flag()):
        return None
    return ("Mode debug menyala (FLASK_DEBUG=1, `flask run --debug`, atau DEBUG): konsol Werkzeug-nya "
            "menjalankan kode apa pun yang diketik pengunjung. Hapus FLASK_DEBUG (atau setel FLASK_DEBUG=0) "
            "dan jalankan tanpa --debug.")


def trusted_hosts_problem(config: Mapping[str, Any]) -> str | None:
    if config.get("TRUSTED_HOSTS"):
        return None
    return ("TRUSTED_HOSTS belum diisi: setel nama situs yang dilayani, dipisah koma, misalnya "
            "TRUSTED_HOSTS=pst.kubarkab.example. Tanpanya header Host kiriman siapa pun dipercaya dan "
            "dipakai dalam alamat pengalihan.")


def rate_limit_storage_problem(config: Mapping[str, Any], environ: Mapping[str, str]) -> str | None:
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if not config.get("RATELIMIT_ENABLED") or not storage.startswith("memory://"):
        return None
    reasons = _several_processes(environ)
    if not reasons:
        return None
    return (f"RATELIMIT_STORAGE_URI={storage} tidak dapat dipakai di sini ({'; '.join(reasons)}): setiap "
            "proses menghitung batas kirimannya sendiri dan lupa hitungannya setiap kali proses dimulai ulang, "
            "jadi batas itu tidak berlaku. Setel RATELIMIT_STORAGE_URI=redis://host:6379/0 (Redis; pasang "
            "dengan pip install -e '.[redis]'). memory:// hanya cukup untuk satu proses yang tidak dimulai "
            "ulang, misalnya waitress.")


def _several_processes(environ: Mapping[str, str]) -> list[str]:
    reasons = []
    server = environ.get("SERVER_SOFTWARE", "")
    if server.startswith("gunicorn"):
        reasons.append(f"SERVER_SOFTWARE={server}: gunicorn melayani dengan proses pekerja yang dimulai ulang "
                       "bila macet atau berhenti")
    reasons += [f"berjalan di dalam {name}" for module, name in SERVER_MODULES.items() if module in sys.modules]
    concurrency = environ.get("WEB_CONCURRENCY", "")
    if concurrency.isdigit() and int(concurrency) > 1:
        reasons.append(f"WEB_CONCURRENCY={concurrency}")
    return reasons
