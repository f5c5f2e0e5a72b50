"""The published standards, as the forms see them.

The app reads the standards of the published build, the ones the site shows, and follows each
new build without a restart: what a form promises (completion time per channel, fee, complaint
handling) is what the published standard says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app

from forms_app.published import PublishedCatalog, StandardsUnavailable
from layanan.catalog import Catalog, ServiceEntry, UnitEntry
from layanan.durasi import DurasiModel
from layanan.kalender import due
from layanan.model import Saluran, TahapPengaduan, TidakDiketahui, WaktuSaluran

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


@dataclass(frozen=True)
class Promise:
    """What the standard promises for one step: its time, and the due time from a start."""

    label: str
    durasi: DurasiModel | None
    unknown_reason: str | None
    keterangan: str | None = None
    due: dt.datetime | None = None


def online_promise(service: ServiceEntry, unit: UnitEntry, start: dt.datetime) -> Promise:
    """The completion time of the service's online channel, with its due time from `start`."""
    entry = service.layanan.waktu_penyelesaian.get(Saluran.online)
    label = f"{service.layanan.nama} (online)"
    if entry is None:
        return Promise(label, None, "standar tidak menetapkan waktu untuk saluran online")
    if isinstance(entry, TidakDiketahui):
        return Promise(label, None, entry.tidak_diketahui)
    assert isinstance(entry, WaktuSaluran)
    return Promise(label, entry.waktu, None, entry.keterangan,
                   due(start, entry.waktu, unit.unit.zona_waktu))


def complaint_promises(unit: UnitEntry, start: dt.datetime) -> list[Promise] | Promise:
    """Each stage of the unit's complaint handling with its due time, or why it is unknown."""
    stages = unit.unit.tenggat_pengaduan
    if isinstance(stages, TidakDiketahui):
        return Promise("Penanganan pengaduan", None, stages.tidak_diketahui)
    return [_stage(stage, unit, start) for stage in stages]


def _stage(stage: TahapPengaduan, unit: UnitEntry, start: dt.datetime) -> Promise:
    return Promise(stage.tahap, stage.waktu, None, None, due(start, stage.waktu, unit.unit.zona_waktu))
