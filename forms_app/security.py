"""Security headers on every response, and form bodies read so that bad bytes cannot hide.

The app's own pages get a strict Content-Security-Policy: no inline scripts, nothing from
another host, no framing. The static site's pages (MkDocs Material) carry small inline
scripts of their own, so they get everything but the script rule.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Flask, Request, Response, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

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


class _FormParser(FormDataParser):
    """Urlencoded forms read as Werkzeug reads multipart ones.

    Bytes that are not UTF-8 become U+FFFD, which the forms refuse with a message (Werkzeug
    turns them into the text '%FF', stored as if the citizen had typed it). And the body is
    held to MAX_FORM_MEMORY_SIZE, as each text part of a multipart form is (Werkzeug reads an
    urlencoded body whole, up to MAX_CONTENT_LENGTH)."""

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


def register(app: Flask) -> None:
    app.request_class = FormRequest

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
