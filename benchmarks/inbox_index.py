"""The staff inbox's query with and without its index, on 200,000 cases.

    python benchmarks/inbox_index.py [--rows 200000] [--database-url URL]

Fills a fresh database (SQLite in a temporary folder, or a fresh PostgreSQL schema) migrated to
the latest revision with `--rows` cases spread over 50 units and every status, then times the
inbox's query (`forms_app.cases.inbox_query`: one unit's open cases, soonest due first, the first
page of 50) with the index `ix_pengajuan_kotak_masuk`, and again after dropping it. Prints the
median of 25 runs of each and their ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import flask_migrate
import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from forms_app import cases, create_app  # noqa: E402
from forms_app.extensions import db  # noqa: E402
from forms_app.lifecycle import Status  # noqa: E402

UNITS = [f"unit-{n:02d}" for n in range(50)]
OPEN = [Status.diterima, Status.diverifikasi, Status.diproses, Status.menunggu_pemohon]
RUNS = 25


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url", help="PostgreSQL URL; a fresh schema is made and dropped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = {"LAYANAN_PROJECT": str(Path(__file__).resolve().parent.parent)}
        schema = None
        if args.database_url:
            schema = "bench_" + secrets.token_hex(4)
            engine = sqlalchemy.create_engine(args.database_url)
            with engine.begin() as connection:
                connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
            config["SQLALCHEMY_DATABASE_URI"] = args.database_url
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
        else:
            config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/inbox.sqlite3"
        app = create_app("test", config, instance_path=f"{folder}/instance")
        try:
            with app.app_context():
                flask_migrate.upgrade()
                started = time.perf_counter()
                _fill(args.rows)
                print(f"{args.rows:,} cases written in {time.perf_counter() - started:.1f} s "
                      f"({db.engine.dialect.name})")
                with_index = _time_query()
                db.session.execute(sqlalchemy.text("DROP INDEX ix_pengajuan_kotak_masuk"))
                db.session.commit()
                without = _time_query()
                print(f"inbox query, first page of one unit's open cases (median of {RUNS}):")
                print(f"  with ix_pengajuan_kotak_masuk: {with_index * 1000:.2f} ms")
                print(f"  without the index (full scan): {without * 1000:.2f} ms")
                print(f"  ratio without/with: {without / with_index:.1f}")
                db.session.remove()
                db.engine.dispose()
        finally:
            if schema:
                with engine.begin() as connection:
                    connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
    return 0


def _fill(rows: int) -> None:
    randomness = random.Random(7)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    statuses = list(Status)
    table = db.metadata.tables["pengajuan"]
    batch = []
    for number in range(rows):
        sent = start + dt.timedelta(minutes=randomness.randrange(0, 500_000))
        batch.append({
            "kode": f"KON-{number:012d}", "jenis": "konsultasi", "unit_id": randomness.choice(UNITS),
            "layanan_id": "konsultasi-statistik", "status": randomness.choice(statuses).value, "dibuat": sent,
            "diperbarui": sent, "identitas": "biasa", "jam_mulai": sent,
            "jatuh_tempo": sent + dt.timedelta(days=randomness.randrange(1, 15)),
        })
        if len(batch) == 10_000:
            db.session.execute(table.insert(), batch)
            batch.clear()
    if batch:
        db.session.execute(table.insert(), batch)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sqlalchemy.text("ANALYZE pengajuan"))
    else:
        db.session.execute(sqlalchemy.text("ANALYZE"))
    db.session.commit()


def _time_query() -> float:
    query = cases.inbox_query([UNITS[0]], OPEN).limit(50)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found = db.session.execute(query).all()
        timings.append(time.perf_counter() - started)
        assert found
    db.session.rollback()
    return statistics.median(timings)


if __name__ == "__main__":
    sys.exit(main())
