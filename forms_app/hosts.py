"""A request for a host name the site does not serve gets a 400 page, never a redirect to it.

Flask checks the Host header (after ProxyFix, X-Forwarded-Host from a trusted proxy) against
`TRUSTED_HOSTS` before it routes, and raises `SecurityError`. The page's links are then built
for the first trusted host (they are relative anyway): nothing on it comes from the Host sent.
"""

from __future__ import annotations

from flask import Flask, request
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError

from forms_app.errors import error_page

TITLE = "Alamat situs tidak dikenal"
MESSAGE = ("Permintaan ini ditujukan ke nama situs yang tidak dilayani di sini. Buka situs melalui "
           "alamat resminya, misalnya dari tautan pada halaman standar pelayanan.")


def register(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def _untrusted_host(_error: SecurityError):  # noqa: ANN202
        if request_ctx.url_adapter is None:
            host = (app.config["TRUSTED_HOSTS"] or ["localhost"])[0]
            request_ctx.url_adapter = app.url_map.bind(host, script_name=request.root_path or "/",
                                                       url_scheme=request.scheme)
        return error_page(400, TITLE, MESSAGE)
