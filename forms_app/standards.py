"""The published standards, as the forms see them.

The app reads the standards of the published build, the ones the site shows, and follows each
new build without a restart: what a form promises (completion time per channel, fee, complaint
handling) is what the published standard says.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app

from forms_app.published import PublishedCatalog, StandardsUnavailable
from layanan.catalog import Catalog, ServiceEntry, UnitEntry
from layanan.model import Saluran

EXTENSION_KEY = "layanan_catalog"


def init_app(app: Flask) -> None:
    """Serve the standards of the published build (see forms_app/published.py); never fails to start."""
    app.extensions[EXTENSION_KEY] = PublishedCatalog(
        Path(app.config["LAYANAN_PROJECT"]), app.config.get("LAYANAN_STANDARDS_CHECK_SECONDS", 1.0))

    @app.errorhandler(StandardsUnavailable)
    def _unavailable(error: StandardsUnavailable):  # noqa: ANN202
        from forms_app.errors import error_page

        body, status = error_page(error.code, error.title, error.description)
        return body, status, {"Retry-After": "60"}


def catalog() -> Catalog:
    """The validated standards the app serves now; a 503 page when there are none."""
    return current_app.extensions[EXTENSION_KEY].catalog()


def unit_or_404(unit_id: str) -> UnitEntry:
    entry = catalog().units.get(unit_id)
    if entry is None:
        abort(404)
    return entry


def service_or_404(unit_id: str, service_id: str) -> ServiceEntry:
    service = find_service(unit_id, service_id)
    if service is None:
        abort(404)
    return service


def offers_online(service: ServiceEntry) -> bool:
    return Saluran.online in service.layanan.saluran()


def find_service(unit_id: str, service_id: str | None) -> ServiceEntry | None:
    for service in catalog().services_of(unit_id):
        if service.id == service_id:
            return service
    return None
