"""Experiments, not changes: candidate fixes applied to the benchmark's app by monkeypatching, so
their effect can be measured before anyone edits forms_app/. Off unless asked for:

    python benchmarks/forms_throughput.py --variants short-writes,writer-lock
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


def short_writes(app: Flask) -> None:
    """Hold SQLite's write lock for the INSERTs and the commit only, not while building the rows.

    `submissions.submit` starts its transaction with `_claim`, an UPDATE of the draft's row
    (against double clicks), which takes SQLite's single write lock; then `_from_draft` builds
    the submission and its history, renders the acknowledgement mail (Jinja) and flushes, and
    only then it commits. Every other writer waits all that time in SQLite's busy handler, which
    sleeps 1, 2, 5, 10 ... 100 ms between tries. Change (forms_app/submissions.py `submit`,
    `_from_draft`): read `draft.lampiran` first, build everything under
    `db.session.no_autoflush` without the final flush, then `_claim`, then commit.
    """
    from unittest import mock

    from sqlalchemy.exc import IntegrityError

    from forms_app import submissions
    from forms_app.extensions import db
    from forms_app.models import Kind

    if not hasattr(submissions, "_claim"):
        raise SystemExit("short-writes is written for submissions.submit with _claim; the app has changed")

    def submit(draft):
        kind = Kind(draft.jenis)
        list(draft.lampiran)  # loaded before anything is pending
        for _ in range(submissions._ATTEMPTS):
            session = db.session()
            with db.session.no_autoflush, mock.patch.object(session, "flush", lambda *a, **k: None):
                submission = submissions._from_draft(draft, kind)
                claimed = submissions._claim(draft)
            if not claimed:
                db.session.rollback()
                return None
            try:
                db.session.commit()
                return submission
            except IntegrityError as exc:
                db.session.rollback()
                if not submissions._is_code_clash(exc):
                    raise
        raise submissions.CodeSpaceExhausted("tidak mendapat kode pelacakan yang belum dipakai")

    submissions.submit = submit


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


def no_expire(app: Flask) -> None:
    """No reload after commit. With expire_on_commit (the default), `drafts.save` reads
    `draft.token` after its commit and `flow.finish` reads `submission.kode`/`kind_enum` after
    theirs: each is a new transaction, a pool checkout with its pre-ping, and a SELECT (a join for
    the submission). Change: keep those values from before the commit (or
    `SQLAlchemy(session_options={"expire_on_commit": False})`)."""
    from forms_app.extensions import db

    with app.app_context():
        db.session.remove()
        db.session.configure(expire_on_commit=False)


def no_ping(app: Flask) -> None:
    """No pool pre-ping on SQLite (a file has no connection to lose): Config sets
    `pool_pre_ping` for every database. Change: set it for PostgreSQL only."""
    from forms_app.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.engine.pool._pre_ping = False


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
    "short-writes": short_writes,
    "writer-lock": writer_lock,
    "no-expire": no_expire,
    "no-ping": no_ping,
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
