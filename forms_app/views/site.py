"""The static site (built by `layanan build` into site/), served by the same app as the forms.

In a deployment the web server in front serves site/ itself; this keeps `make run` to one
process. Paths are joined safely; a folder is served as its index.html; a missing page gets
the site's own 404 page.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, request, send_file
from werkzeug.security import safe_join

blueprint = Blueprint("site", __name__)


def site_dir() -> Path:
    return Path(current_app.config["LAYANAN_PROJECT"]) / "site"


@blueprint.get("/", defaults={"path": ""})
@blueprint.get("/<path:path>")
def page(path: str):  # noqa: ANN201
    root = site_dir()
    joined = safe_join(str(root), path) if path else str(root)
    if joined is None:
        abort(404)
    target = Path(joined)
    if target.is_dir():
        if path and not path.endswith("/"):
            query = ("?" + request.query_string.decode("ascii", "replace")) if request.query_string else ""
            return redirect(request.path + "/" + query, code=308)
        target = target / "index.html"
    if not target.is_file():
        return not_found(root)
    return send_file(target, max_age=300)


def not_found(root: Path):  # noqa: ANN201
    page_404 = root / "404.html"
    if page_404.is_file():
        return send_file(page_404, max_age=0), 404
    abort(404)
