"""What the published standard promises a case, and when it falls due.

Each case gets its due time from the published standard of its service for the channel it came
through:

- a consultation: the service's completion time for its channel (`STANDARD_CHANNEL`);
- a walk-in visit: the service's walk-in (kunjungan langsung) completion time;
- a complaint, whatever its channel: each stage of its unit's complaint deadlines.

Where the standard publishes no time (the seed's online consultation, the seed's complaint
deadlines), the office's default applies (`forms_app.office`): the stage has the default's time
and due time, says that it is the office's (`from_office_default`) and still records why the
standard has none (`unknown_reason`).

Due times are counted in the unit's calendar (`layanan.kalender`): its zone, its published
opening hours, working days without weekends, national holidays, cuti bersama and the office's
leave days. `forms_app.cases` stores the results with each case, so a due time never moves when
the standard, a default or the leave days change later.

The functions take the office's defaults and leave days as arguments (tests pass them, no
database needed); left out, they are read from `forms_app.office` (the built-in defaults and no
leave days outside an app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from layanan.catalog import ServiceEntry, UnitEntry
from layanan.durasi import DurasiModel, parse_durasi
from layanan.kalender import OpeningHours, due, zone
from layanan.model import Saluran, TahapPengaduan, TidakDiketahui, WaktuSaluran

from forms_app import office
from forms_app.lifecycle import Channel, Kind
from forms_app.office import Defaults

# Which of the standard's channels promises the time of a case that came through each channel.
# Email is the online channel: the seed's online procedure is "aplikasi pst.bps.go.id, webchat
# atau email". A suggestion-box slip is a written request, answered in writing, like a letter.
STANDARD_CHANNEL = {
    Channel.online: Saluran.online,
    Channel.surel: Saluran.online,
    Channel.telepon: Saluran.telepon,
    Channel.tatap_muka: Saluran.kunjungan_langsung,
    Channel.surat: Saluran.surat,
    Channel.kotak_saran: Saluran.surat,
}


@dataclass(frozen=True)
class Promise:
    """One step promised: its time (the standard's, or the office's default when the standard
    has none: then `unknown_reason` says why), and its due time from when the clock started."""

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


def closed_days(unit: UnitEntry, start: dt.datetime) -> frozenset[dt.date]:
    """The office's leave days for this unit from the day `start` falls on (in the unit's zone)."""
    return office.closed_days(unit.id, start.astimezone(zone(unit.unit.zona_waktu)).date())


def due_in_unit(start: dt.datetime, durasi: DurasiModel, unit: UnitEntry,
                closed: Collection[dt.date] = ()) -> dt.datetime:
    return due(start, durasi, unit.unit.zona_waktu, extra_closed=closed, hours=opening_hours(unit))


def online_promise(service: ServiceEntry, unit: UnitEntry, start: dt.datetime) -> Promise:
    """The completion time of the service's online channel as the standard publishes it (None
    when it does not): what the public consultation form tells the citizen."""
    return channel_promise(service, unit, start, Saluran.online, closed=closed_days(unit, start))


def channel_promise(service: ServiceEntry, unit: UnitEntry, start: dt.datetime, saluran: Saluran,
                    closed: Collection[dt.date] = ()) -> Promise:
    """The completion time the standard publishes for one of the service's channels, with its
    due time from `start`; without a due time, and why, when it publishes none."""
    times = service.layanan.waktu_penyelesaian  # may be wholly unknown ({tidak_diketahui: …})
    entry = times if isinstance(times, TidakDiketahui) else times.get(saluran)
    label = _channel_label(service.layanan.nama, saluran)
    if entry is None:
        return Promise(label, None, f"standar tidak menetapkan waktu untuk saluran {saluran.label.lower()}")
    if isinstance(entry, TidakDiketahui):
        return Promise(label, None, entry.tidak_diketahui)
    assert isinstance(entry, WaktuSaluran)
    return Promise(label, entry.waktu, None, entry.keterangan, due_in_unit(start, entry.waktu, unit, closed))


def _channel_label(name: str, saluran: Saluran) -> str:
    return f"{name} ({saluran.label.lower()})"


def complaint_promises(unit: UnitEntry, start: dt.datetime, closed: Collection[dt.date] = ()) -> list[Promise]:
    """Each stage of the unit's complaint handling with its due time; without due times, and
    why, when the unit publishes none."""
    stages = unit.unit.tenggat_pengaduan
    if isinstance(stages, TidakDiketahui):
        return [Promise("Penanganan pengaduan", None, stages.tidak_diketahui)]
    return [_stage(stage, unit, start, closed) for stage in stages]


def _stage(stage: TahapPengaduan, unit: UnitEntry, start: dt.datetime, closed: Collection[dt.date]) -> Promise:
    return Promise(stage.tahap, stage.waktu, None, None, due_in_unit(start, stage.waktu, unit, closed))


def _by_default(promise: Promise, durasi: DurasiModel, unit: UnitEntry, start: dt.datetime,
                closed: Collection[dt.date], label: str | None = None) -> Promise:
    """`promise` (which has no time) given the office's default time, keeping why it has none."""
    return Promise(label or promise.label, durasi, promise.unknown_reason, None,
                   due_in_unit(start, durasi, unit, closed), from_office_default=True)


def promised(kind: Kind, unit: UnitEntry, service: ServiceEntry | None, start: dt.datetime,
             channel: Channel = Channel.online, *, defaults: Defaults | None = None,
             closed: Collection[dt.date] | None = None) -> Promised:
    """What a case of `kind` that came through `channel`, whose clock starts at `start`, is
    promised: by the standard in force, else by the office's `defaults`; counted without the
    office's `closed` (leave) days. Both are read from `forms_app.office` when left out (the
    defaults only when the standard publishes no time)."""
    closed = closed_days(unit, start) if closed is None else closed

    def office_defaults() -> Defaults:
        return office.defaults() if defaults is None else defaults

    if kind is Kind.pengaduan:
        stages = complaint_promises(unit, start, closed)
        if stages[0].durasi is None:
            [unknown] = stages
            stages = [_by_default(unknown, stage.durasi, unit, start, closed, stage.label)
                      for stage in office_defaults().complaint]
        return Promised(stages, unit.sha256)
    saluran = Saluran.kunjungan_langsung if kind is Kind.kunjungan else STANDARD_CHANNEL[channel]

    def fallback():  # noqa: ANN202 - the default for this channel
        chosen = office_defaults()
        return chosen.visit if saluran is Saluran.kunjungan_langsung else chosen.consultation

    if service is None:
        label = kind.label if kind is Kind.kunjungan else _channel_label(kind.label, saluran)
        return Promised([_by_default(Promise(label, None, "layanannya tidak ada lagi pada standar"), fallback(),
                                     unit, start, closed)], None)
    promise = channel_promise(service, unit, start, saluran, closed)
    if promise.durasi is None:
        promise = _by_default(promise, fallback(), unit, start, closed)
    return Promised([promise], service.sha256)


def recount(promise_text: str | None, unit: UnitEntry, start: dt.datetime,
            closed: Collection[dt.date] | None = None) -> dt.datetime | None:
    """The due time of a stored promise ('3 hari kerja') counted again from `start`, without
    the office's leave days from then: when the clock restarts, the case keeps the time it was
    promised (the standard's or the office's default of then), not today's."""
    if not promise_text:
        return None
    closed = closed_days(unit, start) if closed is None else closed
    return due_in_unit(start, DurasiModel.model_validate(parse_durasi(promise_text)), unit, closed)


# The channels through which consultations arrive (the web form; staff entry by phone, letter, at the
# desk), each named by the standard's channel whose time it is promised.
CONSULTATION_CHANNELS = (Saluran.online, Saluran.telepon, Saluran.surat)


def defaults_in_use(units: list[UnitEntry], services: list[ServiceEntry]) -> dict[Kind, list[str]]:
    """Where the office's defaults apply today, for the settings page: per kind, the services (with
    their channels) or units whose standard publishes no time."""
    found: dict[Kind, list[str]] = {Kind.konsultasi: [], Kind.kunjungan: [], Kind.pengaduan: []}
    for service in services:
        times = service.layanan.waktu_penyelesaian

        def silent(saluran: Saluran, times=times) -> bool:  # noqa: ANN001
            return isinstance(times, TidakDiketahui) or not isinstance(times.get(saluran), WaktuSaluran)
        channels = [saluran.label.lower() for saluran in CONSULTATION_CHANNELS if silent(saluran)]
        if channels:
            found[Kind.konsultasi].append(f"{service.layanan.nama} ({', '.join(channels)})")
        if silent(Saluran.kunjungan_langsung):
            found[Kind.kunjungan].append(service.layanan.nama)
    found[Kind.pengaduan] = [unit.unit.singkatan or unit.unit.nama for unit in units
                             if isinstance(unit.unit.tenggat_pengaduan, TidakDiketahui)]
    return found
