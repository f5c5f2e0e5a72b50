"""Security headers on every response.

The app's own pages get a strict Content-Security-Policy: no inline scripts, nothing from
another host, no framing. The static site's pages (MkDocs Material) carry small inline
scripts of their own, so they get everything but the script rule.
"""

from __future__ import annotations

from flask import Flask, Response, request

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


def register(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        static_site = request.blueprint == "site"
        response.headers.setdefault("Content-Security-Policy", SITE_POLICY if static_site else APP_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not static_site:
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
