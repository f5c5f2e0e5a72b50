"""The staff desk at scale: inbox pages, the overdue filter and the yearly report on 200,000 cases.

    python benchmarks/desk_scale.py [--rows 200000] [--units 50] [--runs 100] [--http-runs 30]
        [--postgres URL] [--no-sqlite]

For SQLite (a file in a temporary folder) and for PostgreSQL (a fresh schema of --postgres, or of
LAYANAN_TEST_POSTGRES_URL; skipped when neither is given), in the same run:

1. builds the app (`forms_app.create_app`) on synthetic standards of `--units` units × 5 services
   (benchmarks/synthetic.py) and migrates the database with Alembic (`flask_migrate.upgrade`);
2. fills it, by bulk inserts (Core executemany, 10,000 rows a batch), with `--rows` cases over
   23 months: consultations, complaints and walk-in visits, spread unevenly over the units, with
   realistic shares of channel, status, identity and due time (the standard's or the office
   default's), first responses, resolutions, closures, cases still open past their due time,
   assignees among 3 staff per unit, and contacts (kontak) for every case that is not anonymous;
3. times, `--runs` times each, in a fresh session each time as a request has: a `SELECT 1` round
   trip (the baseline), the inbox's first page of the busiest unit with filters (kind, channel),
   its overdue filter, and `forms_app.reports.build` for that unit and the year 2025 (and, for
   information, for all the units at once, as an admin of every unit would ask: `--runs`/20 runs);
4. times the same through the real HTTP path (Flask test client, a petugas of that unit signed
   in with password): the inbox page with the same filters, with the overdue filter, the report
   page, and the public consultation form page as that path's baseline.

It prints p50 and p95 (ms), each p50's ratio to its baseline's, the CPU other processes of the
machine took meanwhile (% of one core; this process and PostgreSQL left out: a shared machine
slows every figure), and MET/MISSED against the targets: p95 ≤ 50 ms for the inbox pages,
≤ 500 ms for the yearly report. The speed probe is forms_load.speed_probe (lower is faster).

The inbox is `forms_app.inbox.page(...)` when that module exists, else the equivalent query
through `forms_app.cases.inbox_query` (said in the output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import flask_migrate
import sqlalchemy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from forms_app import accounts, cases, create_app, reports  # noqa: E402
from forms_app.extensions import db  # noqa: E402
from forms_app.lifecycle import OPEN, Channel, Kind, Status  # noqa: E402
from forms_app.staff_models import Role, Staff  # noqa: E402
import forms_load as fl  # noqa: E402
from synthetic import SERVICES, make_project  # noqa: E402

INBOX_TARGET_MS = 50.0
REPORT_TARGET_MS = 500.0
PASSWORD = "kopi-tubruk-di-Barong-Tongkok-2026"
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)  # the data's "now": cases run up to it
REPORT_YEAR = 2025
BATCH = 10_000
ASPECTS = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "pengaduan", "perilaku", "sarana"]


# --- the data ---------------------------------------------------------------------------------


def unit_ids(count: int) -> list[str]:
    return [f"pst-sintetis-{number:04d}" for number in range(1, count + 1)]


def pick(randomness: random.Random, weights: dict) -> object:
    return randomness.choices(list(weights), weights=list(weights.values()))[0]


def fill(rows: int, units: list[str], seed: int = 2026) -> dict:
    """Write the staff and `rows` cases; return facts about the busiest unit."""
    randomness = random.Random(seed)
    tables = db.metadata.tables
    staff_ids = _fill_staff(units)
    unit_weights = [1 / (1 + 0.08 * n) for n in range(len(units))]  # the first unit is the busiest
    queue_numbers: dict[tuple[str, dt.date], int] = {}
    batches: dict[str, list[dict]] = {name: [] for name in ("pengajuan", "konsultasi", "pengaduan", "kunjungan",
                                                            "kontak")}
    span = (NOW - START).total_seconds()

    def flush() -> None:
        for name in ("pengajuan", "konsultasi", "pengaduan", "kunjungan", "kontak"):
            if batches[name]:
                db.session.execute(tables[name].insert(), batches[name])
                batches[name].clear()

    for case_id in range(1, rows + 1):
        unit = randomness.choices(units, weights=unit_weights)[0]
        kind = pick(randomness, {Kind.konsultasi: 55, Kind.pengaduan: 15, Kind.kunjungan: 30})
        made = START + dt.timedelta(seconds=randomness.random() * span)
        if kind is Kind.kunjungan:  # walk-ins come while the office is open: 08.00–15.00 WITA
            made = made.replace(hour=randomness.randrange(0, 7), minute=randomness.randrange(60))
            if made > NOW:
                made -= dt.timedelta(days=1)
        row = _case(randomness, case_id, unit, kind, made, staff_ids[unit])
        batches["pengajuan"].append(row)
        if kind is Kind.konsultasi:
            batches["konsultasi"].append({"id": case_id, "kategori_pengguna": "umum", "topik": "data",
                                          "pertanyaan": "Data kemiskinan per kecamatan tahun lalu?",
                                          "saluran_balasan": "email"})
        elif kind is Kind.pengaduan:
            batches["pengaduan"].append({"id": case_id, "jenis_aduan": pick(randomness, {"pengaduan": 6, "saran": 3,
                                                                                         "apresiasi": 1}),
                                         "aspek": randomness.choice(ASPECTS), "uraian": "Balasan terlambat.",
                                         "tanggal_kejadian": made.date(), "penyelesaian": None})
        else:
            local_day = (made + dt.timedelta(hours=8)).date()
            number = queue_numbers[(unit, local_day)] = queue_numbers.get((unit, local_day), 0) + 1
            called = None if row["status"] == Status.ditutup.value else made + dt.timedelta(
                minutes=randomness.expovariate(1 / 9))
            if row["status"] == Status.diterima.value:
                called = None
            batches["kunjungan"].append({"id": case_id, "unit_antrean": unit, "tanggal_antrean": local_day,
                                         "nomor_antrean": number, "keperluan": "Data inflasi",
                                         "dipanggil_pada": called, "loket": "1" if called else None,
                                         "dipanggil_oleh_id": row["petugas_id"] if called else None})
            if called and row["ditutup_pada"] and row["ditutup_pada"] <= called:
                row["ditutup_pada"] = row["diselesaikan_pada"] = called + dt.timedelta(
                    minutes=5 + randomness.expovariate(1 / 15))
        if row["identitas"] != "anonim":
            batches["kontak"].append({"pengajuan_id": case_id, "nama": f"Warga {case_id}",
                                      "email": f"warga{case_id}@contoh.id" if randomness.random() < 0.8 else None,
                                      "telepon": f"0812{case_id:08d}" if randomness.random() < 0.5 else None})
        if len(batches["pengajuan"]) >= BATCH:
            flush()
    flush()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sqlalchemy.text(
            "SELECT setval(pg_get_serial_sequence('pengajuan', 'id'), (SELECT max(id) FROM pengajuan))"))
        db.session.commit()
        for name in ("pengajuan", "konsultasi", "pengaduan", "kunjungan", "kontak", "staf", "staf_unit"):
            db.session.execute(sqlalchemy.text(f"ANALYZE {name}"))
    else:
        db.session.execute(sqlalchemy.text("ANALYZE"))
    db.session.commit()
    busiest = units[0]
    count = db.session.scalar(sqlalchemy.text("SELECT count(*) FROM pengajuan WHERE unit_id = :u"), {"u": busiest})
    start, end = reports.year(REPORT_YEAR).bounds(reports.unit_zone(busiest))
    in_year = db.session.scalar(sqlalchemy.select(sqlalchemy.func.count()).select_from(tables["pengajuan"]).where(
        tables["pengajuan"].c.unit_id == busiest, tables["pengajuan"].c.dibuat >= start,
        tables["pengajuan"].c.dibuat < end))
    return {"unit": busiest, "cases": count, "in_year": in_year}


def _fill_staff(units: list[str]) -> dict[str, list[int]]:
    """Three staff per unit (one complaint handler, two petugas), one password hash for all."""
    password_hash = accounts.hash_password(PASSWORD)
    staff, links, by_unit = [], [], {}
    number = 0
    for unit in units:
        by_unit[unit] = []
        for role in (Role.pengelola_pengaduan, Role.petugas, Role.petugas):
            number += 1
            staff.append({"id": number, "email": f"staf{number}@bps.contoh.id", "nama": f"Staf {number}",
                          "peran": role.value, "sandi_hash": password_hash, "totp_aktif": False, "aktif": True,
                          "dibuat": START, "sandi_diubah": START})
            links.append({"staf_id": number, "unit_id": unit})
            by_unit[unit].append(number)
    db.session.execute(db.metadata.tables["staf"].insert(), staff)
    db.session.execute(db.metadata.tables["staf_unit"].insert(), links)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sqlalchemy.text(
            "SELECT setval(pg_get_serial_sequence('staf', 'id'), (SELECT max(id) FROM staf))"))
    db.session.commit()
    return by_unit


def _case(randomness: random.Random, case_id: int, unit: str, kind: Kind, made: dt.datetime,
          staff: list[int]) -> dict:
    """One pengajuan row whose times follow from its status: older cases are mostly closed, a
    few are stuck open past their due time; recent ones are still being handled."""
    age_days = (NOW - made).total_seconds() / 86400
    hours = dt.timedelta(hours=1)
    if kind is Kind.kunjungan:
        channel = Channel.tatap_muka
        due, office_default = made + dt.timedelta(minutes=10), False
        if age_days > 1:
            status = pick(randomness, {Status.selesai: 92, Status.ditutup: 8})
        else:
            status = pick(randomness, {Status.diterima: 30, Status.diproses: 20, Status.selesai: 50})
    else:
        if kind is Kind.konsultasi:
            channel = pick(randomness, {Channel.online: 70, Channel.telepon: 15, Channel.surel: 10,
                                        Channel.tatap_muka: 5})
            office_default = channel is Channel.online  # the online channel publishes no time
            due = made + dt.timedelta(days=3 if office_default else 5)
        else:
            channel = pick(randomness, {Channel.online: 50, Channel.kotak_saran: 25, Channel.surel: 10,
                                        Channel.telepon: 10, Channel.surat: 5})
            office_default = True  # the seed publishes no complaint deadlines
            due = made + dt.timedelta(days=14)
        if randomness.random() < 0.02:
            due, office_default = None, False  # from before due times were stored
        if age_days > 30:
            status = (pick(randomness, {Status.diproses: 50, Status.menunggu_pemohon: 50})
                      if randomness.random() < 0.03 else
                      pick(randomness, {Status.selesai: 85, Status.bukan_wewenang: 7, Status.ditutup: 8}))
        else:
            status = pick(randomness, {Status.diterima: 25, Status.diverifikasi: 15, Status.diproses: 25,
                                       Status.menunggu_pemohon: 5, Status.selesai: 25, Status.bukan_wewenang: 2,
                                       Status.ditutup: 3})
    closes = status in (Status.selesai, Status.bukan_wewenang, Status.ditutup)
    response = resolved = closed = None
    if kind is not Kind.kunjungan and (closes or randomness.random() < 0.6) and status is not Status.ditutup:
        response = min(NOW, made + hours * randomness.lognormvariate(2.5, 1.0))
    if closes:
        scale = dt.timedelta(minutes=25) if kind is Kind.kunjungan else hours * 24
        closed = min(NOW, made + scale * randomness.lognormvariate(0.6, 0.8))
        if response and response > closed:
            response = closed
        if status is Status.selesai:
            resolved = closed
    identity = "biasa"
    if kind is Kind.pengaduan:
        identity = pick(randomness, {"biasa": 60, "rahasia": 25, "anonim": 15})
    assigned = randomness.choice(staff) if (status is not Status.diterima and randomness.random() < 0.9) else None
    return {"id": case_id, "kode": f"{kind.value[:3].upper()}-{case_id:012d}", "jenis": kind.value,
            "unit_id": unit, "layanan_id": randomness.choice(SERVICES)[0] if kind is not Kind.pengaduan else None,
            "status": status.value, "dibuat": made, "diperbarui": closed or response or made,
            "identitas": identity, "jam_mulai": made, "jatuh_tempo": due, "tenggat_bawaan": office_default,
            "standar_sha256": None, "ditutup_pada": closed, "saluran": channel.value,
            "dicatat_oleh_id": randomness.choice(staff) if channel not in (Channel.online, Channel.tatap_muka) else None,
            "petugas_id": assigned, "tanggapan_pertama": response, "diselesaikan_pada": resolved}


# --- timing -----------------------------------------------------------------------------------


class Timings(list):
    """Milliseconds of each run, and the CPU other processes took meanwhile (% of one core)."""

    other_cpu: float = 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Noise:
    """CPU that other processes took while a measure ran, in % of one core: this process and
    PostgreSQL's are left out. The machine may be shared; a noisy line is slower than it need be."""

    def __init__(self) -> None:
        self.postgres = fl.processes_named("postgres")
        self.machine = fl.machine_cpu()
        self.own = time.process_time()
        self.database = fl.cpu_seconds_of(self.postgres)
        self.started = time.monotonic()

    def other(self) -> float:
        machine = fl.machine_cpu()
        seconds = max(1e-9, time.monotonic() - self.started)
        busy = (machine[0] - self.machine[0]) / max(1, machine[1] - self.machine[1]) * 100 * (os.cpu_count() or 1)
        own = (time.process_time() - self.own) / seconds * 100
        database = (fl.cpu_seconds_of(self.postgres) - self.database) / seconds * 100
        return max(0.0, busy - own - database)


def timed(runs: int, action: Callable[[], object]) -> list[float]:
    """Milliseconds of each of `runs` calls of `action`, each in a fresh session, after 3 unmeasured."""
    timings = Timings()
    noise = Noise()
    for number in range(runs + 3):
        started = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - started) * 1000
        db.session.remove()
        if number >= 3:
            timings.append(elapsed)
    timings.other_cpu = noise.other()
    return timings


def inbox_page(unit: str, staff_id: int, *, overdue: bool) -> Callable[[], object]:
    """The inbox's first page for a petugas of `unit` (its only unit): complaints sent online,
    open, soonest due first; or every open case past its due time."""
    try:
        from forms_app import inbox  # helper H2's module, when it has landed
    except ImportError:
        inbox = None
    if inbox is not None and hasattr(inbox, "page"):
        filters = (inbox.Filters(overdue=True) if overdue
                   else inbox.Filters(kind=Kind.pengaduan, channel=Channel.online))

        def page() -> object:
            found = inbox.page(db.session.get(Staff, staff_id), filters, 1, NOW)
            assert found.items
            return found
        page.source = "forms_app.inbox.page (count, first 50, contacts and assignees)"
        return page

    def query() -> object:
        statement = cases.inbox_query([unit], sorted(OPEN))
        if overdue:
            statement = statement.where(cases.Submission.jatuh_tempo < NOW)
        else:
            statement = statement.where(cases.Submission.jenis == Kind.pengaduan,
                                        cases.Submission.saluran == Channel.online)
        found = db.session.scalars(statement.limit(50)).all()
        assert found
        return found
    query.source = "forms_app.cases.inbox_query (forms_app.inbox.page is not there yet)"
    return query


def show(label: str, timings: list[float] | str, baseline: float | None, target: float | None = None) -> None:
    if isinstance(timings, str):
        print(f"  {label:<46}{timings}", flush=True)
        return
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    ratio = f"{p50 / baseline:8.1f}×" if baseline else " " * 9
    verdict = "" if target is None else (f"  p95 ≤ {target:.0f} ms " + ("MET" if p95 <= target else "MISSED"))
    print(f"  {label:<46}{p50:9.2f}{p95:9.2f}{ratio}{timings.other_cpu:8.0f}{verdict}", flush=True)


def header() -> None:
    print(f"  {'':<46}{'p50 ms':>9}{'p95 ms':>9}{'÷ base':>9}{'other %':>8}", flush=True)


# --- HTTP -------------------------------------------------------------------------------------


def signed_in_client(app, email: str):  # noqa: ANN001, ANN201
    client = app.test_client()
    page = client.get("/staf/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/staf/masuk", data={"csrf_token": token[1], "email": email, "kata_sandi": PASSWORD})
    assert response.status_code in (302, 303), response.status_code
    assert client.get("/staf/laporan/").status_code == 200, "not signed in"
    return client


def http_timings(client, url: str, runs: int) -> list[float] | str:  # noqa: ANN001
    """Milliseconds of each GET (after 2 unmeasured), or why it could not be measured."""
    timings = Timings()
    noise = Noise()
    for number in range(runs + 2):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            return f"not measured: {url} answered HTTP {response.status_code}"
        if number >= 2:
            timings.append(elapsed)
    timings.other_cpu = noise.other()
    return timings


# --- one database -----------------------------------------------------------------------------


def bench_database(name: str, url: str | None, project: Path, args: argparse.Namespace, folder: Path) -> None:
    config = {"LAYANAN_PROJECT": str(project)}
    schema = engine = None
    if url:
        schema = "bench_" + secrets.token_hex(4)
        engine = sqlalchemy.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        config["SQLALCHEMY_DATABASE_URI"] = url
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/desk.sqlite3"
    app = create_app("test", config, instance_path=str(folder / f"instance-{name}"))
    try:
        with app.app_context():
            flask_migrate.upgrade()
            units = unit_ids(args.units)
            started = time.perf_counter()
            facts = fill(args.rows, units)
            print(f"\n== {name}: {args.rows:,} cases over {len(units)} units written in "
                  f"{time.perf_counter() - started:.1f} s; busiest unit {facts['unit']}: {facts['cases']:,} cases, "
                  f"{facts['in_year']:,} received in {REPORT_YEAR}", flush=True)
            unit = facts["unit"]
            staff_id, staff_email = db.session.execute(sqlalchemy.text(
                "SELECT s.id, s.email FROM staf s JOIN staf_unit u ON u.staf_id = s.id "
                "WHERE u.unit_id = :u AND s.peran = 'petugas' ORDER BY s.id LIMIT 1"), {"u": unit}).one()
            inbox = inbox_page(unit, staff_id, overdue=False)
            overdue = inbox_page(unit, staff_id, overdue=True)
            print(f"  inbox: {inbox.source}; {args.runs} runs each, a fresh session per run; "
                  f"speed probe {fl.speed_probe():.0f} ms")
            header()
            baseline = timed(args.runs, lambda: db.session.execute(sqlalchemy.text("SELECT 1")).scalar())
            base = statistics.median(baseline)
            show("SELECT 1 (baseline)", baseline, None)
            show("inbox, first page (complaints, online)", timed(args.runs, inbox), base, INBOX_TARGET_MS)
            show("inbox, overdue filter", timed(args.runs, overdue), base, INBOX_TARGET_MS)
            period = reports.year(REPORT_YEAR)
            report = reports.build([unit], period, now=NOW)
            assert report.total == facts["in_year"], (report.total, facts["in_year"])
            show(f"report, one unit, year {REPORT_YEAR}", timed(args.runs, lambda: reports.build([unit], period, now=NOW)),
                 base, REPORT_TARGET_MS)
            everyone = unit_ids(args.units)
            show(f"report, all {len(everyone)} units, year {REPORT_YEAR} (no target)",
                 timed(max(3, args.runs // 20), lambda: reports.build(everyone, period, now=NOW)), base)
            db.session.remove()
        client = signed_in_client(app, staff_email)
        form_url = f"/formulir/{unit}/{SERVICES[0][0]}/konsultasi/"
        print(f"  HTTP path (Flask test client, petugas signed in), {args.http_runs} runs each:")
        header()
        form_page = http_timings(app.test_client(), form_url, args.http_runs)
        base = statistics.median(form_page)
        show("GET public consultation form (baseline)", form_page, None)
        show("GET /staf/ with filters", http_timings(client, "/staf/?jenis=pengaduan&saluran=online", args.http_runs),
             base, INBOX_TARGET_MS)
        show("GET /staf/ overdue", http_timings(client, "/staf/?terlambat=y", args.http_runs), base, INBOX_TARGET_MS)
        show(f"GET /staf/laporan/ year {REPORT_YEAR}",
             http_timings(client, f"/staf/laporan/?unit={unit}&periode={REPORT_YEAR}", args.http_runs), base,
             REPORT_TARGET_MS)
        show(f"GET /staf/laporan.csv year {REPORT_YEAR}",
             http_timings(client, f"/staf/laporan.csv?unit={unit}&periode={REPORT_YEAR}", args.http_runs), base,
             REPORT_TARGET_MS)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if schema:
            with engine.begin() as connection:
                connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--http-runs", type=int, default=30)
    parser.add_argument("--postgres", default=os.environ.get("LAYANAN_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL (default: $LAYANAN_TEST_POSTGRES_URL); a fresh schema is made and dropped")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"desk_scale: {args.rows:,} cases, {args.units} units, {os.cpu_count()} CPUs; "
          f"targets p95 ≤ {INBOX_TARGET_MS:.0f} ms inbox pages, ≤ {REPORT_TARGET_MS:.0f} ms yearly report", flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        project = make_project(folder / "project", args.units).root
        print(f"synthetic standards: {args.units} units × {len(SERVICES)} services "
              f"({time.perf_counter() - started:.1f} s)", flush=True)
        if not args.no_sqlite:
            bench_database("SQLite", None, project, args, folder)
        if args.postgres:
            bench_database("PostgreSQL", args.postgres, project, args, folder)
        else:
            print("\nPostgreSQL skipped: give --postgres URL or set LAYANAN_TEST_POSTGRES_URL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
