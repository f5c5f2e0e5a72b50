"""The static site (built by `layanan build`, published as `site/`), served by the same app as the forms.

In a deployment the web server in front serves site/ itself; this keeps `make run` to one
process. `site` is a symlink that each build switches atomically (layanan/publish.py): every
request resolves it once and reads only from the build it found, so a request never mixes two
builds. Paths are joined safely; a folder is served as its index.html; a missing page, a path
no filesystem can hold (a segment over 255 bytes) or any other filesystem error gets the
site's own 404 page. Paths under /formulir/ and /lacak/ that no route takes get the app's 404
page instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, request, send_file
from werkzeug.security import safe_join

blueprint = Blueprint("site", __name__)

MAX_SEGMENT_BYTES = 255
# The app's own address spaces: a path under them that matches no route is the app's 404, not the site's.
APP_PREFIXES = {"formulir", "lacak"}


def site_dir() -> Path:
    """The folder of the build published now (`site` resolved once, for this request)."""
    return Path(os.path.realpath(Path(current_app.config["LAYANAN_PROJECT"]) / "site"))


@blueprint.get("/", defaults={"path": ""})
@blueprint.get("/<path:path>")
def page(path: str):  # noqa: ANN201
    if path.split("/", 1)[0] in APP_PREFIXES:
        abort(404)  # the forms' own Indonesian 404 page: such an address is a form's, not the site's
    root = site_dir()
    if any(len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES for segment in path.split("/")):
        return not_found(root)
    joined = safe_join(str(root), path) if path else str(root)
    if joined is None:
        return not_found(root)
    target = Path(joined)
    try:
        if target.is_dir():
            if path and not path.endswith("/"):
                query = ("?" + request.query_string.decode("ascii", "replace")) if request.query_string else ""
                return redirect(request.path + "/" + query, code=308)
            target = target / "index.html"
        if not target.is_file():
            return not_found(root)
        return send_file(target, max_age=300)
    except OSError:
        return not_found(root)


def not_found(root: Path):  # noqa: ANN201
    page_404 = root / "404.html"
    try:
        return send_file(page_404, max_age=0), 404
    except OSError:
        abort(404)
