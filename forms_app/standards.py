"""The published standards, as the forms see them.

The app reads the same `standard/` files as the site, once, when it starts: what a form
promises (completion time per channel, fee, complaint handling) is what the standard says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app

from layanan.catalog import Catalog, ServiceEntry, UnitEntry, load_or_raise
from layanan.durasi import DurasiModel
from layanan.kalender import due
from layanan.model import Saluran, TahapPengaduan, TidakDiketahui, WaktuSaluran

EXTENSION_KEY = "layanan_catalog"


def load_catalog(project_root: Path) -> Catalog:
    """Validated standards; raises StandardsInvalid with every problem when they are not."""
    catalog, _warnings = load_or_raise(Path(project_root) / "standard")
    return catalog


def catalog() -> Catalog:
    return current_app.extensions[EXTENSION_KEY]


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
    return Saluran.online in service.layanan.prosedur


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
