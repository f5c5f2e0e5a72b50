"""Experiments, not changes: candidate fixes applied to the benchmark's app by monkeypatching, so
their effect can be measured before anyone edits forms_app/. Off unless asked for:

    python benchmarks/forms_throughput.py --variants writer-lock
    python benchmarks/forms_profile.py --variants form-cache

Each variant stands for a change to the app's code that is described in its docstring. None of
them is meant to be copied as it is: they are the shortest way to measure the idea.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from flask import Flask


def writer_lock(app: Flask) -> None:
    """One writer at a time within a process (gthread): threads queue on a lock instead of
    sleeping in SQLite's busy handler, and the thread holding SQLite's lock is not kept from the
    GIL by threads that only poll for it. Change: a process-wide `threading.Lock` around each
    whole write transaction, from its first write to its commit (`drafts.save`, `flow.finish` and
    the complaint's equivalents) when the database is SQLite. The lock must be taken before the
    transaction's first write: taken after it (e.g. after a `_claim` that already holds SQLite's
    lock) it deadlocks with a thread of the same process waiting for SQLite inside the lock."""
    from forms_app import drafts
    from forms_app.views import flow

    lock = threading.Lock()

    def locked(function: Callable) -> Callable:
        def call(*args, **kwargs):
            with lock:
                return function(*args, **kwargs)
        return call

    drafts.save = locked(drafts.save)
    flow.finish = locked(flow.finish)


_MARK_TOKEN = "\x00csrf\x00"
_MARK_STAMP = "\x00mulai\x00"
_STAMP = re.compile(r'name="mulai" type="hidden" value="([^"]*)"')


def form_cache(app: Flask) -> None:
    """Render the blank consultation form once a minute per service, not per request.

    A GET of the form spends about 80 % of its view's time in Jinja and WTForms rendering the same blank
    fields (radio options, widgets' html_params). Change: for a GET without a draft, render the
    page once per (unit, service) and minute and put this request's CSRF token and time stamp in
    (here by substitution; in the app better as a cached Markup of the fields)."""
    from flask import request
    from flask_wtf.csrf import generate_csrf

    from forms_app import drafts
    from forms_app.forms.base import _stamp_serializer
    from forms_app.models import Kind

    view = app.view_functions["consultation.form"]
    cache: dict[tuple[str, str], tuple[float, str, int]] = {}

    def form(unit_id: str, service_id: str):
        if request.method != "GET" or drafts.current(Kind.konsultasi, unit_id, service_id) is not None:
            return view(unit_id=unit_id, service_id=service_id)
        token = generate_csrf()
        entry = cache.get((unit_id, service_id))
        if entry is None or entry[0] < time.monotonic():
            html, status = view(unit_id=unit_id, service_id=service_id)
            if status != 200:
                return html, status
            stamp = _STAMP.search(html).group(1)
            entry = (time.monotonic() + 60, html.replace(token, _MARK_TOKEN).replace(stamp, _MARK_STAMP), status)
            cache[(unit_id, service_id)] = entry
        stamp = _stamp_serializer().dumps(time.time())
        return entry[1].replace(_MARK_TOKEN, token).replace(_MARK_STAMP, stamp), entry[2]

    app.view_functions["consultation.form"] = form


VARIANTS: dict[str, Callable[[Flask], None]] = {
    "writer-lock": writer_lock,
    "form-cache": form_cache,
}


def apply(app: Flask, names: str | None) -> list[str]:
    chosen = [n.strip() for n in (names or "").split(",") if n.strip()]
    unknown = [n for n in chosen if n not in VARIANTS]
    if unknown:
        raise SystemExit(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    chosen = [name for name in VARIANTS if name in chosen]  # wrappers go on in a fixed order
    for name in chosen:
        VARIANTS[name](app)
    return chosen
