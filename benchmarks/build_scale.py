"""Build benchmark: `layanan build` vs plain `mkdocs build` vs a flat navigation, at N standards.

    python benchmarks/build_scale.py [N ...]        (default: 10 500 2750)

For each N (N/5 synthetic units × 5 services, made from the seed) it prints, in one run:
  (a) `layanan build` end to end (check, render, MkDocs strict build);
  (b) plain `mkdocs build` of the same generated Markdown and configuration;
  (c) the same pages under one flat navigation (the naive layout).
with wall time, peak memory (RSS of the process), the HTML size of one service page, and the
total size of the site. Targets: 2,750 standards in ≤ 30 s end to end, (a) ≤ 1.1 × (b), and
one page's HTML ≤ 80 KB, not growing with N.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_project  # noqa: E402

BIN = Path(sys.executable).parent
SAMPLE_PAGE = "standar/pst-sintetis-0001/konsultasi-statistik/index.html"


@dataclass
class Measure:
    label: str
    seconds: float
    peak_mb: float
    page_kb: float
    site_mb: float


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, measured on that process alone."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{log.read().decode()[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024


def sizes(site: Path) -> tuple[float, float]:
    page = (site / SAMPLE_PAGE).stat().st_size / 1024
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1024 / 1024
    return page, total


def write_flat_config(project_root: Path, generated: Path) -> Path:
    """mkdocs.yml plus one flat navigation listing every generated page (the naive layout)."""
    docs = generated.parent
    pages = sorted(p.relative_to(docs).as_posix() for p in generated.rglob("*.md"))
    config = project_root / "mkdocs-flat.yml"
    config.write_text("INHERIT: mkdocs.yml\nnav:\n  - index.md\n"
                      + "".join(f"  - {json.dumps(page)}\n" for page in pages), encoding="utf-8")
    return config


def bench(standards: int, workdir: Path) -> list[Measure]:
    project = make_project(workdir / f"n{standards}", units=max(1, standards // 5))
    root = project.root
    results = []

    seconds, peak = run([str(BIN / "layanan"), "build", "--project", str(root)], root)
    results.append(Measure("(a) layanan build", seconds, peak, *sizes(root / "site")))

    seconds, peak = run([str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site-b")], root)
    results.append(Measure("(b) plain mkdocs build", seconds, peak, *sizes(root / "site-b")))

    flat = write_flat_config(root, project.generated_dir())
    seconds, peak = run([str(BIN / "mkdocs"), "build", "-q", "-f", str(flat), "-d", str(root / "site-c")],
                        root)
    results.append(Measure("(c) flat navigation", seconds, peak, *sizes(root / "site-c")))
    return results


def main(counts: list[int]) -> None:
    print(f"{'N':>6}  {'variant':<24}{'wall s':>8}{'peak MB':>9}{'page KB':>9}{'site MB':>9}")
    with tempfile.TemporaryDirectory(prefix="layanan-bench-") as temporary:
        for count in counts:
            results = bench(count, Path(temporary))
            for m in results:
                print(f"{count:>6}  {m.label:<24}{m.seconds:>8.1f}{m.peak_mb:>9.0f}"
                      f"{m.page_kb:>9.1f}{m.site_mb:>9.1f}", flush=True)
            a, b = results[0], results[1]
            print(f"{count:>6}  (a)/(b) = {a.seconds / b.seconds:.2f}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 500, 2750])
