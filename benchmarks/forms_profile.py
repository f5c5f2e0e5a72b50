"""Where a submission's time goes: CPU per request of the same paths, in one process, no HTTP.

    python benchmarks/forms_profile.py [--journeys 300] [--variants NAME,...] [--cprofile 25]
        [--database-url URL]

The app of forms_wsgi.py (development config, MIN_FILL_SECONDS=0, no rate limits, a fresh SQLite
database in a temporary folder or a fresh PostgreSQL schema), driven by Flask's test client: the
bare endpoint, then GET form → POST form → POST confirm, `--journeys` times after a warm-up.
Prints CPU and wall milliseconds per request (process CPU time, so other processes on the machine
matter far less than in forms_throughput.py) and the CPU-bound ceiling of the throughput ratio,
bare ÷ full-path average. `--cprofile N` adds the N functions with the most cumulative time
(cProfile roughly doubles every figure; read it for proportions). `--variants` applies
experiments from forms_variants.py, to measure a candidate change before making it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forms_load as fl

STEPS = ("bare", "GET form", "POST form", "POST confirm")
BATCH = 20  # journeys per batch; the best batch is the figure least disturbed by other processes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journeys", type=int, default=300)
    parser.add_argument("--variants", default="")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="layanan-forms-profile-") as temporary:
        database = fl.BenchDatabase(Path(temporary), args.database_url)
        try:
            database.migrate()
            os.environ.update({k: v for k, v in database.env().items() if k.startswith("LAYANAN_BENCH_")})
            if args.variants:
                os.environ["LAYANAN_BENCH_VARIANTS"] = args.variants
            import logging

            import forms_wsgi

            app = forms_wsgi.build()
            logging.getLogger("alembic").setLevel(logging.WARNING)
            client = app.test_client()
            costs: dict[str, list[tuple[float, float]]] = {step: [] for step in STEPS}

            def timed(step: str, call):
                cpu, wall = time.process_time(), time.perf_counter()
                response = call()
                costs[step].append((time.process_time() - cpu, time.perf_counter() - wall))
                return response

            def journey() -> None:
                page = timed("GET form", lambda: client.get(fl.FORM_URL))
                hidden = dict(fl._HIDDEN.findall(page.get_data(as_text=True)))
                posted = timed("POST form", lambda: client.post(fl.FORM_URL, data={**fl.ANSWERS, **hidden}))
                assert posted.status_code == 303, posted.status_code
                done = timed("POST confirm", lambda: client.post(fl.CHECK_URL, data={"csrf_token": hidden["csrf_token"]}))
                assert done.status_code == 303 and done.headers["Location"].endswith(fl.DONE_PATH), done.status_code
                for _ in range(3):
                    bare = timed("bare", lambda: client.get(fl.BARE_PATH))
                    assert bare.status_code == 200

            for _ in range(30):
                journey()
            for step in STEPS:
                costs[step].clear()
            profiler = cProfile.Profile() if args.cprofile else None
            if profiler:
                profiler.enable()
            batches: dict[str, list[float]] = {step: [] for step in STEPS}
            for done in range(1, args.journeys + 1):
                journey()
                if done % BATCH == 0 or done == args.journeys:
                    for step in STEPS:
                        batches[step].append(statistics.fmean(c for c, _ in costs[step][-BATCH * (3 if step == "bare" else 1):]))
            if profiler:
                profiler.disable()
            counts = database.counts()
        finally:
            database.close()

    label = f" [experiments: {args.variants}]" if args.variants else ""
    print(f"forms profile{label}: {args.journeys} journeys in one process (Flask test client), {database.label}; "
          f"app at {fl.app_revision()}")
    print(f"{'request':<16}{'CPU ms best':>12}{'CPU ms mean':>12}{'CPU ms p50':>11}{'wall ms mean':>13}")
    best = {step: min(batches[step]) for step in STEPS}
    for step in STEPS:
        cpu = [c for c, _ in costs[step]]
        wall = [w for _, w in costs[step]]
        print(f"{step:<16}{best[step] * 1000:>12.2f}{statistics.fmean(cpu) * 1000:>12.2f}"
              f"{statistics.median(cpu) * 1000:>11.2f}{statistics.fmean(wall) * 1000:>13.2f}")
    full_best = statistics.fmean(best[step] for step in STEPS[1:])
    full_mean = statistics.fmean(c for step in STEPS[1:] for c, _ in costs[step])
    print(f"{'full path avg':<16}{full_best * 1000:>12.2f}{full_mean * 1000:>12.2f}")
    print(f"per submission (3 requests): {full_best * 3000:.2f} ms CPU (best batches); CPU-bound ceiling of "
          f"full/bare req/s: {best['bare'] / full_best:.3f} (target 0.35); {counts['pengajuan']} stored, "
          f"{counts['kotak_keluar']} outbox rows")
    print(f"(best: the lowest mean of the batches of {BATCH} journeys, the least disturbed by other processes)")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
