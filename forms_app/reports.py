"""Reports: what a unit's cases of a period came to, for the staff page and its CSV.

A case belongs to the period in which it was received (`dibuat`), counted in its unit's own
time zone: the year 2026 of a WITA unit runs from 1 January 00.00 WITA to 31 December 24.00
WITA. The figures:

* counts by kind, channel, complaint aspect and current status;
* median time to the first public response (`tanggapan_pertama - dibuat`) and to resolution
  (`diselesaikan_pada - dibuat`, cases that reached *selesai*), in calendar time, per kind;
  cases without a response yet are counted beside the median, never left out silently;
* the share handled within the promised time: a case with a due time is *tepat waktu* when it
  was closed at or before its due time, *terlambat* when closed after it, *lewat tenggat* when
  still open past it (these count as not within), *berjalan* when open and not due yet (not
  judged yet). Due times set by the office's default (`tenggat_bawaan`, the standard publishes
  no time) are reported apart from the published standard's; cases without a due time apart too.
  A case *ditutup* (spam, a duplicate, a visitor who left before being called) was not handled,
  so it is counted apart and not judged; *bukan wewenang* (forwarded) is handled;
* walk-in visits per service: the median wait (arrival → called) against the standard's walk-in
  completion time as published now, and the median service time (called → finished).

The database does the counting (GROUP BY); only the few columns a median needs are fetched,
as seconds computed by the database. Plain functions: no request, callable from tests and
benchmarks inside an app context.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select

from forms_app import standards
from forms_app.extensions import db
from forms_app.forms.complaint import ASPECTS
from forms_app.lifecycle import Channel, Kind, Status
from forms_app.models import Complaint, Submission, Visit, utcnow
from forms_app.published import StandardsUnavailable
from layanan import formatting
from layanan.durasi import DurasiModel, SatuanWaktu
from layanan.kalender import zone
from layanan.model import Saluran, TidakDiketahui, WaktuSaluran, ZonaWaktu

CASES = Submission.__table__
VISITS = Visit.__table__
COMPLAINTS = Complaint.__table__

DEFAULT_ZONE = ZonaWaktu.WIB  # a unit no longer in the published standards
ROMAN = ("I", "II", "III", "IV")


# --- periods --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole local days, `first` to `last` inclusive; `code` as the report form sends it
    ('2026', '2026-S2', '2026-T4', '2026-11', or '2026-01-01..2026-03-31')."""

    code: str
    label: str
    first: dt.date
    last: dt.date

    def bounds(self, zona: ZonaWaktu) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) in UTC of the period's days in the zone `zona`."""
        tz = zone(zona)
        start = dt.datetime.combine(self.first, dt.time(), tz)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tz)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def year(number: int) -> Period:
    return Period(str(number), f"Tahun {number}", dt.date(number, 1, 1), dt.date(number, 12, 31))


def semester(number: int, half: int) -> Period:
    if half not in (1, 2):
        raise ValueError("semester hanya I atau II")
    first = dt.date(number, 1 + 6 * (half - 1), 1)
    return Period(f"{number}-S{half}", f"Semester {ROMAN[half - 1]} {number}", first,
                  _month_end(number, 6 * half))


def quarter(number: int, q: int) -> Period:
    if q not in (1, 2, 3, 4):
        raise ValueError("triwulan hanya I sampai IV")
    return Period(f"{number}-T{q}", f"Triwulan {ROMAN[q - 1]} {number}", dt.date(number, 3 * q - 2, 1),
                  _month_end(number, 3 * q))


def month(number: int, month_number: int) -> Period:
    first = dt.date(number, month_number, 1)
    name = formatting.tanggal(first).split(" ", 1)[1]  # '1 November 2026' → 'November 2026'
    return Period(f"{number}-{month_number:02d}", name, first, _month_end(number, month_number))


def days(first: dt.date, last: dt.date) -> Period:
    if last < first:
        raise ValueError("tanggal akhir sebelum tanggal awal")
    label = f"{formatting.tanggal(first)} – {formatting.tanggal(last)}"
    return Period(f"{first.isoformat()}..{last.isoformat()}", label, first, last)


def _month_end(number: int, month_number: int) -> dt.date:
    following = dt.date(number + (month_number == 12), month_number % 12 + 1, 1)
    return following - dt.timedelta(days=1)


_CODES = (
    (re.compile(r"(\d{4})"), lambda m: year(int(m[1]))),
    (re.compile(r"(\d{4})-S([12])"), lambda m: semester(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})-T([1-4])"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})-(0[1-9]|1[0-2])"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})"),
     lambda m: days(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))),
)


def parse_period(code: str) -> Period:
    """The period of a code; ValueError when the code is not one."""
    for pattern, make in _CODES:
        match = pattern.fullmatch(code.strip())
        if match:
            return make(match)
    raise ValueError(f"periode tidak dikenal: {code!r}")


def period_choices(this_year: int, years: int = 5) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods offered by the form, newest year first, grouped by year."""
    groups = []
    for number in range(this_year, this_year - years, -1):
        periods = [year(number), *(semester(number, h) for h in (1, 2)), *(quarter(number, q) for q in (1, 2, 3, 4)),
                   *(month(number, m) for m in range(1, 13))]
        groups.append((str(number), [(p.code, p.label) for p in periods]))
    return groups


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Durations:
    """A median over the cases that have the measure; `without` cases do not have it (yet)."""

    label: str
    cases: int
    measured: int
    median: dt.timedelta | None

    @property
    def without(self) -> int:
        return self.cases - self.measured


@dataclass(frozen=True)
class Timeliness:
    """How the cases of one kind with one source of due time fared against it."""

    kind: Kind
    office_default: bool  # the due time is the office's default, not the published standard's
    within: int = 0
    late: int = 0  # closed after the due time
    overdue: int = 0  # still open past the due time
    running: int = 0  # open, not due yet: not judged
    dismissed: int = 0  # closed as spam or duplicate, or the visitor left: nothing handled, not judged

    @property
    def label(self) -> str:
        source = "tenggat bawaan kantor" if self.office_default else "waktu standar pelayanan"
        return f"{self.kind.label} ({source})"

    @property
    def judged(self) -> int:
        return self.within + self.late + self.overdue

    @property
    def cases(self) -> int:
        return self.judged + self.running + self.dismissed

    @property
    def share(self) -> float | None:
        """Within / judged, 0–1; None when nothing could be judged."""
        return self.within / self.judged if self.judged else None


@dataclass(frozen=True)
class WalkIn:
    """Walk-in visits of one service (or all: `service_id` None): the wait and the service time."""

    unit_id: str | None
    service_id: str | None
    label: str
    visits: int
    called: int
    median_wait: dt.timedelta | None
    standard: DurasiModel | None  # the service's walk-in completion time, as published now
    called_within: int | None  # called within the standard's time; None when it cannot be compared
    served: int
    median_service: dt.timedelta | None

    @property
    def share_within(self) -> float | None:
        if self.called_within is None or not self.called:
            return None
        return self.called_within / self.called


@dataclass
class Report:
    unit_ids: list[str]
    period: Period
    made: dt.datetime
    total: int = 0
    by_unit: list[Count] = field(default_factory=list)
    by_kind: list[Count] = field(default_factory=list)
    by_channel: list[Count] = field(default_factory=list)
    by_aspect: list[Count] = field(default_factory=list)
    by_status: list[Count] = field(default_factory=list)
    first_response: list[Durations] = field(default_factory=list)
    resolution: list[Durations] = field(default_factory=list)
    timeliness: list[Timeliness] = field(default_factory=list)
    without_due_time: list[Count] = field(default_factory=list)
    walk_in: list[WalkIn] = field(default_factory=list)


TIMED_KINDS = (Kind.konsultasi, Kind.pengaduan)  # kinds answered with a response and resolved


def build(unit_ids: Sequence[str], period: Period, *, now: dt.datetime | None = None) -> Report:
    """The report of `unit_ids`' cases received in `period` (each unit's days in its own zone);
    open cases are judged against their due time at `now`."""
    now = now or utcnow()
    units = sorted(set(unit_ids))
    report = Report(units, period, now)
    if not units:
        return report
    in_period = _in_period(units, period)
    _counts(report, in_period, now)
    _aspects(report, in_period)
    _medians(report, in_period)
    return report


def _in_period(units: list[str], period: Period):  # noqa: ANN202 - a SQL condition
    """Cases of these units received in the period: one range of `dibuat` per zone, so that
    ix_pengajuan_unit_dibuat serves it."""
    by_zone: dict[ZonaWaktu, list[str]] = defaultdict(list)
    for unit_id in units:
        by_zone[unit_zone(unit_id)].append(unit_id)
    conditions = []
    for zona, members in by_zone.items():
        start, end = period.bounds(zona)
        unit_condition = CASES.c.unit_id == members[0] if len(members) == 1 else CASES.c.unit_id.in_(members)
        conditions.append(and_(unit_condition, CASES.c.dibuat >= start, CASES.c.dibuat < end))
    return conditions[0] if len(conditions) == 1 else or_(*conditions)


def _counts(report: Report, in_period, now: dt.datetime) -> None:  # noqa: ANN001
    """Counts by unit, kind, channel and status, and each case's fate against its due time, in
    one pass over the period's cases (one GROUP BY)."""
    c = CASES.c
    fate = case(
        (c.jatuh_tempo.is_(None), "tanpa"),
        (c.status == Status.ditutup, "ditutup"),
        (and_(c.ditutup_pada.is_not(None), c.ditutup_pada <= c.jatuh_tempo), "tepat"),
        (c.ditutup_pada.is_not(None), "terlambat"),
        (c.jatuh_tempo < now, "lewat"),
        else_="berjalan",
    ).label("nasib")
    # The CASE goes in a subquery: PostgreSQL would not match its bound `now` in GROUP BY.
    inner = select(c.unit_id, c.jenis, c.saluran, c.status, c.tenggat_bawaan, fate).where(in_period).subquery()
    i = inner.c
    rows = db.session.execute(
        select(i.unit_id, i.jenis, i.saluran, i.status, i.tenggat_bawaan, i.nasib, func.count())
        .group_by(i.unit_id, i.jenis, i.saluran, i.status, i.tenggat_bawaan, i.nasib)).all()
    units, kinds, channels, statuses = Counter(), Counter(), Counter(), Counter()
    fates: dict[tuple[Kind, bool], Counter] = defaultdict(Counter)
    without: Counter = Counter()
    for unit_id, kind, channel, status, office_default, fate_name, count in rows:
        kind = Kind(kind)
        units[unit_id] += count
        kinds[kind] += count
        channels[Channel(channel)] += count
        statuses[Status(status)] += count
        if fate_name == "tanpa":
            without[kind] += count
        else:
            fates[(kind, bool(office_default))][fate_name] += count
    report.total = sum(kinds.values())
    report.by_unit = [Count(u, unit_name(u), units[u]) for u in report.unit_ids]
    report.by_kind = [Count(k.value, k.label, kinds[k]) for k in Kind]
    report.by_channel = [Count(ch.value, ch.label, channels[ch]) for ch in Channel]
    report.by_status = [Count(st.value, st.desk_label, statuses[st]) for st in Status]
    report.timeliness = [
        Timeliness(kind, office_default, within=fates[(kind, office_default)]["tepat"],
                   late=fates[(kind, office_default)]["terlambat"], overdue=fates[(kind, office_default)]["lewat"],
                   running=fates[(kind, office_default)]["berjalan"],
                   dismissed=fates[(kind, office_default)]["ditutup"])
        for kind in Kind for office_default in (False, True)
    ]
    report.without_due_time = [Count(k.value, k.label, without[k]) for k in Kind]


def _aspects(report: Report, in_period) -> None:  # noqa: ANN001
    rows = db.session.execute(
        select(COMPLAINTS.c.aspek, func.count()).select_from(CASES.join(COMPLAINTS, COMPLAINTS.c.id == CASES.c.id))
        .where(in_period).group_by(COMPLAINTS.c.aspek)).all()
    found = dict(rows)
    known = [Count(key, label, found.pop(key, 0)) for key, label in ASPECTS]
    report.by_aspect = known + [Count(key, key, count) for key, count in sorted(found.items())]


def seconds_between(later, earlier):  # noqa: ANN001, ANN201 - SQL expressions
    """The SQL expression for `later - earlier` in seconds, computed by the database (PostgreSQL's
    epoch of the interval, SQLite's Julian days × 86 400); NULL when either is NULL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _median(values: Iterable[float]) -> dt.timedelta | None:
    values = list(values)
    return dt.timedelta(seconds=round(float(statistics.median(values)))) if values else None


def _medians(report: Report, in_period) -> None:  # noqa: ANN001
    """The durations medians need, as seconds, in one pass: response and resolution of
    consultations and complaints, wait and service time of walk-in visits."""
    c, v = CASES.c, VISITS.c
    rows = db.session.execute(
        select(c.jenis, c.unit_id, c.layanan_id, c.status, seconds_between(c.tanggapan_pertama, c.dibuat),
               seconds_between(c.diselesaikan_pada, c.dibuat), seconds_between(v.dipanggil_pada, c.dibuat),
               seconds_between(c.ditutup_pada, v.dipanggil_pada))
        .select_from(CASES.outerjoin(VISITS, VISITS.c.id == CASES.c.id))
        .where(in_period, or_(c.jenis == Kind.kunjungan.value, c.tanggapan_pertama.is_not(None),
                              c.diselesaikan_pada.is_not(None)))).all()
    responses: dict[Kind, list[float]] = defaultdict(list)
    resolutions: dict[Kind, list[float]] = defaultdict(list)
    visits: dict[tuple[str, str | None], list] = defaultdict(list)
    for kind, unit_id, service_id, status, response, resolution, wait, service_time in rows:
        kind = Kind(kind)
        if kind is Kind.kunjungan:
            served = service_time if Status(status) is Status.selesai and wait is not None else None
            visits[(unit_id, service_id)].append((None if wait is None else float(wait),
                                                  None if served is None else float(served)))
            continue
        if response is not None:
            responses[kind].append(float(response))
        if resolution is not None:
            resolutions[kind].append(float(resolution))
    counts = {Kind(entry.key): entry.count for entry in report.by_kind}
    for values, target in ((responses, report.first_response), (resolutions, report.resolution)):
        for kind in TIMED_KINDS:
            target.append(Durations(kind.label, counts[kind], len(values[kind]), _median(values[kind])))
        together = [value for kind in TIMED_KINDS for value in values[kind]]
        target.append(Durations("Konsultasi dan pengaduan", sum(counts[k] for k in TIMED_KINDS), len(together),
                                _median(together)))
    _walk_in(report, visits)


def _walk_in(report: Report, groups: dict[tuple[str, str | None], list]) -> None:
    several_units = len(report.unit_ids) > 1
    for (unit_id, service_id), visits in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        label = service_name(unit_id, service_id)
        if several_units:
            label = f"{unit_name(unit_id)}: {label}"
        report.walk_in.append(_walk_in_row(unit_id, service_id, label, visits, walk_in_standard(unit_id, service_id)))
    if len(report.walk_in) > 1:
        everything = [visit for visits in groups.values() for visit in visits]
        report.walk_in.append(_walk_in_row(None, None, "Semua layanan", everything, None))


def _walk_in_row(unit_id: str | None, service_id: str | None, label: str, visits: list,
                 standard: DurasiModel | None) -> WalkIn:
    waits = [wait for wait, _ in visits if wait is not None]
    services = [served for _, served in visits if served is not None]
    limit = as_timedelta(standard)
    within = None if limit is None else sum(1 for wait in waits if wait <= limit.total_seconds())
    return WalkIn(unit_id, service_id, label, len(visits), len(waits), _median(waits), standard, within,
                  len(services), _median(services))


def as_timedelta(durasi: DurasiModel | None) -> dt.timedelta | None:
    """A clock duration for minutes, hours and calendar days; None for working days, which
    depend on the calendar and cannot be compared with a wait."""
    if durasi is None:
        return None
    return {SatuanWaktu.menit: dt.timedelta(minutes=durasi.jumlah), SatuanWaktu.jam: dt.timedelta(hours=durasi.jumlah),
            SatuanWaktu.hari: dt.timedelta(days=durasi.jumlah)}.get(durasi.satuan)


# --- what the standards say about a unit ------------------------------------------------------


def _unit_entry(unit_id: str):  # noqa: ANN202
    try:
        return standards.catalog().units.get(unit_id)
    except StandardsUnavailable:
        return None


def unit_zone(unit_id: str) -> ZonaWaktu:
    entry = _unit_entry(unit_id)
    return entry.unit.zona_waktu if entry else DEFAULT_ZONE


def unit_name(unit_id: str) -> str:
    entry = _unit_entry(unit_id)
    return (entry.unit.singkatan or entry.unit.nama) if entry else unit_id


def _service(unit_id: str, service_id: str | None):  # noqa: ANN202
    try:
        return standards.find_service(unit_id, service_id)
    except StandardsUnavailable:
        return None


def service_name(unit_id: str, service_id: str | None) -> str:
    service = _service(unit_id, service_id)
    if service is not None:
        return service.layanan.nama
    return service_id or "Tanpa layanan"


def walk_in_standard(unit_id: str, service_id: str | None) -> DurasiModel | None:
    """The service's walk-in completion time as published now; None when it publishes none."""
    service = _service(unit_id, service_id)
    if service is None:
        return None
    times = service.layanan.waktu_penyelesaian
    if isinstance(times, TidakDiketahui):
        return None
    entry = times.get(Saluran.kunjungan_langsung)
    return entry.waktu if isinstance(entry, WaktuSaluran) else None


# --- words ----------------------------------------------------------------------------------


def duration_words(value: dt.timedelta | None) -> str:
    """'2 hari 3 jam', '45 menit', 'kurang dari 1 menit': the two largest units, rounded down;
    '—' for none."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    day_count, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((day_count, "hari"), (hours, "jam"), (minutes, "menit")) if n]
    if day_count:
        parts = parts[:2] if hours else parts[:1]
    return " ".join(parts)


def percent(share: float | None) -> str:
    """'87,5%' (one decimal, Indonesian comma); '—' when there is nothing to divide."""
    if share is None:
        return "—"
    return f"{share * 100:.1f}".replace(".", ",") + "%"


# --- the report as rows (CSV) ---------------------------------------------------------------

CSV_HEADER = ("Bagian", "Rincian", "Ukuran", "Nilai", "Angka")
"""`Nilai` as the page shows it ('2 hari 3 jam', '50,0%', '1.234'); `Angka` for a spreadsheet:
a count, minutes (durations) or a percentage, with a decimal point."""


def _minutes(value: dt.timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 60:.1f}"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """Every figure of the report, one per row, in the order of the page. No personal data:
    the report holds none."""
    out: list[tuple[str, str, str, str, str]] = [
        ("Laporan", "Unit", "", ", ".join(unit_name(u) for u in report.unit_ids), ""),
        ("Laporan", "Periode", "", report.period.label, ""),
        ("Laporan", "Dihitung pada (UTC)", "", report.made.strftime("%Y-%m-%d %H:%M"), ""),
        ("Jumlah", "Semua kasus", "jumlah", formatting.angka(report.total), str(report.total)),
    ]

    def counted(section: str, entries: list[Count]) -> None:
        out.extend((section, e.label, "jumlah", formatting.angka(e.count), str(e.count)) for e in entries)

    if len(report.unit_ids) > 1:
        counted("Menurut unit", report.by_unit)
    counted("Menurut jenis", report.by_kind)
    counted("Menurut saluran", report.by_channel)
    counted("Menurut status", report.by_status)
    counted("Pengaduan menurut aspek", report.by_aspect)
    for section, entries, done, missing in (
            ("Waktu sampai tanggapan pertama", report.first_response, "sudah ditanggapi", "belum ditanggapi"),
            ("Waktu sampai selesai", report.resolution, "sudah selesai", "belum atau tidak selesai")):
        for d in entries:
            out += [(section, d.label, "kasus", formatting.angka(d.cases), str(d.cases)),
                    (section, d.label, done, formatting.angka(d.measured), str(d.measured)),
                    (section, d.label, "median", duration_words(d.median), _minutes(d.median)),
                    (section, d.label, missing, formatting.angka(d.without), str(d.without))]
    section = "Ketepatan waktu"
    for t in report.timeliness:
        for measure, value in (("tepat waktu", t.within), ("terlambat", t.late),
                               ("lewat tenggat, masih terbuka", t.overdue), ("belum jatuh tempo", t.running),
                               ("ditutup tanpa ditangani", t.dismissed)):
            out.append((section, t.label, measure, formatting.angka(value), str(value)))
        out.append((section, t.label, "persentase tepat waktu", percent(t.share), _share(t.share)))
    counted("Tanpa jatuh tempo", report.without_due_time)
    section = "Kunjungan langsung"
    for w in report.walk_in:
        standard = formatting.durasi(w.standard) if w.standard else "tidak ditetapkan"
        out += [(section, w.label, "kunjungan", formatting.angka(w.visits), str(w.visits)),
                (section, w.label, "dipanggil", formatting.angka(w.called), str(w.called)),
                (section, w.label, "median waktu tunggu", duration_words(w.median_wait), _minutes(w.median_wait)),
                (section, w.label, "waktu standar", standard, _minutes(as_timedelta(w.standard))),
                (section, w.label, "dipanggil dalam waktu standar",
                 "—" if w.called_within is None else formatting.angka(w.called_within),
                 "" if w.called_within is None else str(w.called_within)),
                (section, w.label, "persentase dipanggil dalam waktu standar", percent(w.share_within),
                 _share(w.share_within)),
                (section, w.label, "dilayani sampai selesai", formatting.angka(w.served), str(w.served)),
                (section, w.label, "median lama layanan", duration_words(w.median_service),
                 _minutes(w.median_service))]
    return out
