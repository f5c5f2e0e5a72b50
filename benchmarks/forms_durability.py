"""Forms durability: SIGKILL the server under submission load; every acknowledged submission stays.

    python benchmarks/forms_durability.py [--rounds 3] [--connections 32] [--worker-class sync]
        [--database-url URL]

The same server as forms_throughput.py (gunicorn, 2 workers, `forms_wsgi:build()`, a fresh SQLite
database or a fresh PostgreSQL schema). In each round the load generator submits consultations
with `--connections` users; at a random moment 1.5–3.5 s into the load, SIGKILL goes to the whole
process group (master and workers at once, mid-request and mid-commit); then the server is started
again on the same database and the next round loads it. A submission counts as acknowledged when
its confirmation POST got the 303 to /formulir/terkirim/; its receipt (its draft's token) is read
from the session cookie of that 303. At the end every acknowledged receipt is looked for in the
database (`pengajuan.draf_asal`, with its outbox row in `kotak_keluar`), and its tracking code on
the restarted server's tracking page (/lacak/). Prints acknowledged, found, missing; exits 1 if anything acknowledged is missing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forms_load as fl


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--client-procs", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--seed", type=int, default=None, help="seed of the kill moments")
    parser.add_argument("--database-url", help="PostgreSQL URL; a fresh schema is made and dropped")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 6:
        parser.error("--rounds: 1 to 6 (the run stays under a minute)")
    chooser = random.Random(args.seed)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="layanan-forms-durability-") as temporary:
        database = fl.BenchDatabase(Path(temporary), args.database_url)
        threads = args.threads if args.worker_class == "gthread" else 1
        server = fl.Server(database, args.worker_class, workers=2, threads=threads)
        acknowledged: list[str | None] = []
        failed = False
        try:
            database.migrate()
            server.start()
            print(f"forms durability: {server.label} on 127.0.0.1:{server.port}, {database.label}; "
                  f"{args.connections} users submitting, SIGKILL to the process group, restart, {args.rounds} rounds; "
                  f"app at {fl.app_revision()}")
            print(f"{'round':>5}{'kill at s':>10}{'killed':>8}{'acknowledged':>14}{'in doubt':>10}"
                  f"{'stored now':>11}{'restart s':>10}")
            for number in range(1, args.rounds + 1):
                kill_after = chooser.uniform(1.5, 3.5)
                start_at = time.monotonic() + 0.3
                load = fl.Load("submit", server.port, args.connections, args.client_procs, start_at,
                               stop_at=start_at + kill_after + 0.5, timeout=10.0)
                time.sleep(max(0.0, start_at + kill_after - time.monotonic()))
                killed = server.kill()
                tally = load.results(timeout=60)
                acknowledged += [code for code, _ in tally.acknowledged]
                restart = time.monotonic()
                server = fl.Server(database, args.worker_class, workers=2, threads=threads, port=server.port,
                                   log=server.log)
                server.start()
                stored = database.counts()["pengajuan"]
                print(f"{number:>5}{kill_after:>10.2f}{killed:>8}{len(tally.acknowledged):>14}{tally.in_doubt:>10}"
                      f"{stored:>11}{time.monotonic() - restart:>10.1f}", flush=True)

            receipts = {c for c in acknowledged if c}
            stored = database.receipts()
            stored_codes = set(stored)
            codes = {stored[receipt] for receipt in receipts if receipt in stored}
            counts = database.counts()
            missing = receipts - stored_codes
            served, lookup_failures = fl.lookup_codes(server.port, codes)
            # The restarted server still takes submissions.
            after = fl.Load("submit", server.port, 4, 1, time.monotonic() + 0.2, time.monotonic() + 1.2)
            fresh = after.results(timeout=30)
            integrity = database.integrity()
        finally:
            server.stop()
            database.close()

    unreadable = sum(1 for c in acknowledged if not c)
    print()
    print(f"{'acknowledged (303 to /formulir/terkirim/)':<52}{len(acknowledged):>8}")
    print(f"{'  with a receipt read from the session cookie':<52}{len(receipts):>8}")
    print(f"{'found in the database (pengajuan)':<52}{len(receipts & stored_codes):>8}")
    print(f"{'missing from the database':<52}{len(missing):>8}")
    print(f"{'shown by the restarted server (/lacak/)':<52}{len(served):>8}")
    print(f"{'stored but never acknowledged (in flight at a kill)':<52}{len(stored_codes - receipts):>8}")
    print(f"{'stored submissions / outbox rows / without outbox':<52}"
          f"{counts['pengajuan']:>8} / {counts['kotak_keluar']} / {counts['pengajuan_tanpa_surat']}")
    print(f"{'drafts left (journeys cut by a kill)':<52}{counts['draf']:>8}")
    print(f"{'submissions acknowledged after the last restart':<52}{len(fresh.acknowledged):>8}")
    print(f"database integrity: {integrity}")
    if lookup_failures:
        print(f"tracking-page lookups that failed: {dict(lookup_failures)}")
    problems = []
    if missing:
        problems.append(f"{len(missing)} acknowledged submissions missing, e.g. {sorted(missing)[:5]}")
    if unreadable or len(receipts) != len(acknowledged):
        problems.append(f"{len(acknowledged) - len(receipts)} acknowledgements without a distinct readable receipt")
    if len(served) != len(codes):
        problems.append(f"{len(codes) - len(served)} acknowledged codes not shown by the restarted server")
    if counts["pengajuan_tanpa_surat"]:
        problems.append(f"{counts['pengajuan_tanpa_surat']} stored submissions without their outbox row")
    if not fresh.acknowledged:
        problems.append("the restarted server did not take a new submission")
    if integrity not in ("ok", "n/a (PostgreSQL)"):
        problems.append(f"integrity check: {integrity}")
    if not acknowledged:
        problems.append("nothing was acknowledged before the kills: the test proved nothing")
    failed = failed or bool(problems)
    for problem in problems:
        print(f"FAILED: {problem}")
    print(f"{'FAILED' if failed else 'OK'}: {len(missing)} of {len(acknowledged)} acknowledged submissions "
          f"missing after {args.rounds} SIGKILLs; run took {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
