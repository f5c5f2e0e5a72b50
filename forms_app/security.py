"""Security headers on every response, form bodies read so that bad bytes cannot hide, and
files only their owner can read.

Form endpoints take only the bodies a form posts (urlencoded or multipart); anything else gets
the 415 page before any form code reads it. The instance and upload folders are made 0700,
the SQLite database 0600 (and so its -wal and -shm files).

The app's own pages get a strict Content-Security-Policy: no inline scripts, nothing from
another host, no framing. The static site's pages (MkDocs Material) carry small inline
scripts of their own, so they get everything but the script rule.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Flask, Request, Response, abort, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser

APP_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])
SITE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])


# The only bodies a form posts; anything else (JSON, XML, text) gets the 415 page.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FORM_BLUEPRINTS = ("consultation", "complaint", "status", "kiosk", "desk", "survey_area", "editor")


class _FormParser(FormDataParser):
    """Form bodies read so that text stays bounded and files of the stated size go through.

    Multipart: MAX_FORM_MEMORY_SIZE bounds each text part, never a file. Werkzeug's decoder
    also holds its whole buffer to that size, and its buffer is one read (64 KiB by default)
    plus the tail of the last read that might begin a boundary; binary data often ends a read
    with a CR or LF, so a photo of a few hundred KB was refused with 413 most of the time.
    Reads of a quarter of the limit keep the buffer far below it. A part without a name is
    refused with 400 (Werkzeug would file it under None), and so is one
    named "" (which no field reads: silently ignored otherwise).

    Urlencoded: read as Werkzeug reads multipart. Bytes that are not UTF-8 become U+FFFD,
    which the forms refuse with a message (Werkzeug turns them into the text '%FF', stored as
    if the citizen had typed it), and the body is held to MAX_FORM_MEMORY_SIZE, as each text
    part of a multipart form is (Werkzeug reads an urlencoded body whole)."""

    def _parse_multipart(self, stream, mimetype, content_length, options):  # noqa: ANN001, ANN202
        limit = self.max_form_memory_size
        parser = MultiPartParser(stream_factory=self.stream_factory, max_form_memory_size=limit,
                                 max_form_parts=self.max_form_parts, cls=self.cls,
                                 buffer_size=64 * 1024 if limit is None else max(1024, limit // 4))
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        if any(name in form or name in files for name in (None, "")):  # name missing, or name=""
            raise BadRequest("bagian kiriman tanpa nama")
        return stream, form, files

    def parse(self, stream, mimetype, content_length, options=None):  # noqa: ANN001, ANN201
        if mimetype != "application/x-www-form-urlencoded":
            return super().parse(stream, mimetype, content_length, options)
        limit = self.max_form_memory_size
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise RequestEntityTooLarge()
        body = data.decode("utf-8", "replace")
        return stream, self.cls(parse_qsl(body, keep_blank_values=True, errors="replace")), self.cls()


class FormRequest(Request):
    form_data_parser_class = _FormParser


def create_private_folder(path: Path) -> Path:
    """A folder only its owner can read (0700), made so from the start."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def create_private_sqlite_file(uri: str) -> None:
    """Create an SQLite database file readable by its owner only (0600) before SQLite does;
    SQLite gives its -wal and -shm files the database file's permissions."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix) or ":memory:" in uri:
        return
    path = Path(uri[len(prefix):].split("?", 1)[0])
    if path.exists():
        return
    create_private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def register(app: Flask) -> None:
    app.request_class = FormRequest

    def _form_bodies_only() -> None:
        rule = request.url_rule
        if (request.method == "POST" and request.blueprint in FORM_BLUEPRINTS and rule is not None
                and "POST" in (rule.methods or ()) and request.mimetype not in FORM_TYPES
                and (request.mimetype or request.content_length)):  # an empty post is read as an empty form
            abort(415)

    # First of all: before CSRFProtect reads the body (it reads a JSON body as if it were a form).
    app.before_request_funcs.setdefault(None, []).insert(0, _form_bodies_only)

    @app.after_request
    def _headers(response: Response) -> Response:
        static_site = request.blueprint == "site"
        response.headers.setdefault("Content-Security-Policy", SITE_POLICY if static_site else APP_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # Never to another site; to this one, yes: over HTTPS, Flask-WTF (WTF_CSRF_SSL_STRICT)
        # refuses a form posted without a Referer from this host, so 'no-referrer' would make
        # every form fail in production.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not static_site:
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
