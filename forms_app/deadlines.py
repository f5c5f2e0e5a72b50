"""What the published standard promises a case, and when it falls due.

A consultation request is promised the completion time of its service's online channel; a
complaint, each stage of its unit's complaint handling. Due times are counted in the unit's
calendar (`layanan.kalender`: its zone, its opening hours, working days). Plain functions of
the standards: `forms_app.cases` stores their results with each case, so a case's due time
never moves when the standard or the holiday list changes later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from layanan.catalog import ServiceEntry, UnitEntry
from layanan.durasi import DurasiModel, parse_durasi
from layanan.kalender import OpeningHours, due
from layanan.model import Saluran, TahapPengaduan, TidakDiketahui, WaktuSaluran

from forms_app.lifecycle import Channel, Kind


@dataclass(frozen=True)
class Promise:
    """One step the standard promises: its time (None when unknown, with the reason), and its
    due time from the moment the clock started."""

    label: str
    durasi: DurasiModel | None
    unknown_reason: str | None
    keterangan: str | None = None
    due: dt.datetime | None = None
    from_office_default: bool = False  # the standard sets no time; the office's default applies


@dataclass(frozen=True)
class Promised:
    """Everything promised to one case: the stages, and the standard file that promised them."""

    stages: list[Promise]
    standard_sha256: str | None

    @property
    def final_due(self) -> dt.datetime | None:
        """When the whole case is due: the last stage's due time, if it has one."""
        return self.stages[-1].due if self.stages else None

    @property
    def from_office_default(self) -> bool:
        return any(stage.from_office_default for stage in self.stages)


def opening_hours(unit: UnitEntry) -> OpeningHours | None:
    return OpeningHours.from_published(unit.unit.jam_layanan)


def due_in_unit(start: dt.datetime, durasi: DurasiModel, unit: UnitEntry) -> dt.datetime:
    return due(start, durasi, unit.unit.zona_waktu, hours=opening_hours(unit))


def online_promise(service: ServiceEntry, unit: UnitEntry, start: dt.datetime) -> Promise:
    """The completion time of the service's online channel, with its due time from `start`."""
    return channel_promise(service, unit, start, Saluran.online)


def channel_promise(service: ServiceEntry, unit: UnitEntry, start: dt.datetime, saluran: Saluran) -> Promise:
    """The completion time of one of the service's channels, with its due time from `start`."""
    times = service.layanan.waktu_penyelesaian  # may be wholly unknown ({tidak_diketahui: …})
    entry = times if isinstance(times, TidakDiketahui) else times.get(saluran)
    label = f"{service.layanan.nama} ({saluran.label.lower()})"
    if entry is None:
        return Promise(label, None, f"standar tidak menetapkan waktu untuk saluran {saluran.label.lower()}")
    if isinstance(entry, TidakDiketahui):
        return Promise(label, None, entry.tidak_diketahui)
    assert isinstance(entry, WaktuSaluran)
    return Promise(label, entry.waktu, None, entry.keterangan, due_in_unit(start, entry.waktu, unit))


def complaint_promises(unit: UnitEntry, start: dt.datetime) -> list[Promise]:
    """Each stage of the unit's complaint handling with its due time, or why it is unknown."""
    stages = unit.unit.tenggat_pengaduan
    if isinstance(stages, TidakDiketahui):
        return [Promise("Penanganan pengaduan", None, stages.tidak_diketahui)]
    return [_stage(stage, unit, start) for stage in stages]


def _stage(stage: TahapPengaduan, unit: UnitEntry, start: dt.datetime) -> Promise:
    return Promise(stage.tahap, stage.waktu, None, None, due_in_unit(start, stage.waktu, unit))


def promised(kind: Kind, unit: UnitEntry, service: ServiceEntry | None, start: dt.datetime,
             channel: Channel = Channel.online) -> Promised:
    """What the standard in force promises a case of `kind` whose clock starts at `start`."""
    if kind is Kind.kunjungan:
        if service is None:
            return Promised([Promise("Kunjungan", None, "layanannya tidak ada pada standar")], None)
        return Promised([channel_promise(service, unit, start, Saluran.kunjungan_langsung)], service.sha256)
    if kind is Kind.konsultasi:
        if service is None:
            return Promised([Promise("Konsultasi", None, "layanannya tidak ada lagi pada standar")], None)
        return Promised([online_promise(service, unit, start)], service.sha256)
    return Promised(complaint_promises(unit, start), unit.sha256)


def recount(promise_text: str | None, unit: UnitEntry, start: dt.datetime) -> dt.datetime | None:
    """The due time of a stored promise ('3 hari kerja') counted again from `start`: when the
    clock restarts, the case keeps the time it was promised, not today's standard."""
    if not promise_text:
        return None
    return due_in_unit(start, DurasiModel.model_validate(parse_durasi(promise_text)), unit)
