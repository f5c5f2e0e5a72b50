"""Build benchmark: our own step and both builders (MkDocs, Zensical), cold and warm, at N standards.

    python benchmarks/build_scale.py [--flat] [N ...]        (default: 10 500 2750)

For each N (N/5 synthetic units × 5 services, made from the seed) it prints, in one run:
  our step      loading, validating and rendering the standards (`layanan.site.render`, timed
                inside its process), first into an empty generated folder (cold), then again with
                nothing changed (warm);
  (a)           `layanan build` end to end (check, render, MkDocs strict build, publish), and, last,
                the same with `--pembangun zensical` (its cache warm) when the command has that option;
  mkdocs        the MkDocs strict build alone (`layanan.builders.run_builder`), twice: MkDocs keeps
                no cache, so "warm" differs from "cold" only by what the operating system cached;
  zensical      the Zensical strict build alone, first with its cache (<project>/.cache) emptied
                (cold), then with the cache the first build left (warm);
  (c)           with --flat only: MkDocs with every page under one flat navigation (the naive
                layout; its time grows with the square of the pages: 2 minutes at 500 standards);
the builders timed as whole processes (as `mkdocs build` costs); each with wall time, peak memory (RSS of the process), the HTML size of one service page and the
total size of the site; then our step's share of each builder's time, cold and warm.
Targets: 2,750 standards in ≤ 30 s end to end, (a) ≤ 1.1 × the MkDocs build alone; our step
≤ 5 % of the MkDocs build;
one page's HTML ≤ 80 KB, not growing with N.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_project  # noqa: E402

from layanan.builders import ZENSICAL_CACHE_DIR, ZENSICAL_WORK_DIR, zensical_installed  # noqa: E402

BIN = Path(sys.executable).parent
SAMPLE_PAGE = "standar/pst-sintetis-0001/konsultasi-statistik/index.html"
RENDER = ("import sys, time; from pathlib import Path; from layanan.site import Project, render; "
          "started = time.perf_counter(); render(Project(Path(sys.argv[1]))); "
          "print(f'render-seconds={time.perf_counter() - started}')")
BUILD = ("import sys; from pathlib import Path; from layanan.builders import run_builder; "
         "run_builder(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), 0)")


@dataclass
class Measure:
    label: str
    seconds: float
    peak_mb: float
    page_kb: float | None = None
    site_mb: float | None = None


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, measured on that process alone."""
    elapsed, peak, _ = run_and_read(command, cwd)
    return elapsed, peak


def run_and_read(command: list[str], cwd: Path) -> tuple[float, float, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode(errors="replace")
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{output[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024, output


def our_step(root: Path, label: str) -> Measure:
    """The render call alone, timed inside its process (in `layanan build` the interpreter and its
    imports are already there); the peak memory is that process's."""
    _, peak, output = run_and_read([sys.executable, "-c", RENDER, str(root)], root)
    seconds = float(output.rsplit("render-seconds=", 1)[1].split()[0])
    return Measure(label, seconds, peak)


def sizes(site: Path) -> tuple[float, float]:
    page = (site / SAMPLE_PAGE).stat().st_size / 1024
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1024 / 1024
    return page, total


def measure_site(label: str, command: list[str], root: Path, site: Path) -> Measure:
    seconds, peak = run(command, root)
    return Measure(label, seconds, peak, *sizes(site))


def builder(name: str, root: Path, site: Path, config: Path | None = None) -> list[str]:
    return [sys.executable, "-c", BUILD, name, str(config or root / "mkdocs.yml"), str(site)]


def has_builder_option() -> bool:
    shown = subprocess.run([str(BIN / "layanan"), "build", "--help"], capture_output=True, text=True, check=False)
    return "--pembangun" in shown.stdout


def write_flat_config(project_root: Path, generated: Path) -> Path:
    """mkdocs.yml plus one flat navigation listing every generated page (the naive layout)."""
    docs = generated.parent
    pages = sorted(p.relative_to(docs).as_posix() for p in generated.rglob("*.md"))
    config = project_root / "mkdocs-flat.yml"
    config.write_text("INHERIT: mkdocs.yml\nnav:\n  - index.md\n"
                      + "".join(f"  - {json.dumps(page)}\n" for page in pages), encoding="utf-8")
    return config


def bench(standards: int, workdir: Path, zensical: bool, end_to_end_zensical: bool,
          with_flat: bool) -> dict[str, Measure]:
    project = make_project(workdir / f"n{standards}", units=max(1, standards // 5))
    root = project.root
    results: dict[str, Measure] = {}

    def add(key: str, result: Measure) -> None:
        results[key] = result

    add("ours cold", our_step(root, "our step, cold"))
    add("ours warm", our_step(root, "our step, warm"))

    layanan_build = [str(BIN / "layanan"), "build", "--project", str(root)]
    add("a mkdocs", measure_site("(a) layanan build", layanan_build, root, root / "site"))

    add("mkdocs cold", measure_site("mkdocs, cold", builder("mkdocs", root, root / "site-m"), root, root / "site-m"))
    add("mkdocs warm", measure_site("mkdocs, warm", builder("mkdocs", root, root / "site-m"), root, root / "site-m"))
    if zensical:
        for folder in (ZENSICAL_CACHE_DIR, ZENSICAL_WORK_DIR):
            shutil.rmtree(root / folder, ignore_errors=True)
        add("zensical cold", measure_site("zensical, cold", builder("zensical", root, root / "site-z"),
                                          root, root / "site-z"))
        add("zensical warm", measure_site("zensical, warm", builder("zensical", root, root / "site-z"),
                                          root, root / "site-z"))
        if end_to_end_zensical:  # after the builds above: Zensical's cache warm, as in an office
            add("a zensical", measure_site("(a) … --pembangun zensical", layanan_build + ["--pembangun", "zensical"],
                                           root, root / "site"))

    if with_flat:
        flat = write_flat_config(root, project.generated_dir())
        add("flat", measure_site("(c) flat navigation", builder("mkdocs", root, root / "site-c", flat),
                                 root, root / "site-c"))
    return results


def show(count: int, results: dict[str, Measure]) -> None:
    for m in results.values():
        page = "-" if m.page_kb is None else f"{m.page_kb:.1f}"
        site = "-" if m.site_mb is None else f"{m.site_mb:.1f}"
        print(f"{count:>6}  {m.label:<30}{m.seconds:>8.1f}{m.peak_mb:>9.0f}{page:>9}{site:>9}", flush=True)
    shares = []
    for name in ("mkdocs", "zensical"):
        for state in ("cold", "warm"):
            if f"{name} {state}" in results:
                share = results[f"ours {state}"].seconds / results[f"{name} {state}"].seconds
                shares.append(f"{name} {state} {share:.1%}")
    print(f"{count:>6}  our step / builder: {', '.join(shares)}", flush=True)
    print(f"{count:>6}  (a) / mkdocs warm = {results['a mkdocs'].seconds / results['mkdocs warm'].seconds:.2f}",
          flush=True)
    if "zensical warm" in results:
        speed = results["mkdocs warm"].seconds / results["zensical warm"].seconds
        print(f"{count:>6}  zensical warm is {speed:.1f}× mkdocs", flush=True)


def main(counts: list[int], with_flat: bool = False) -> None:
    zensical = zensical_installed()
    if not zensical:
        print("Zensical tidak terpasang: hanya MkDocs yang diukur.", flush=True)
    end_to_end_zensical = zensical and has_builder_option()
    print(f"{'N':>6}  {'measure':<30}{'wall s':>8}{'peak MB':>9}{'page KB':>9}{'site MB':>9}")
    with tempfile.TemporaryDirectory(prefix="layanan-bench-") as temporary:
        for count in counts:
            show(count, bench(count, Path(temporary), zensical, end_to_end_zensical, with_flat))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main([int(arg) for arg in arguments if arg != "--flat"] or [10, 500, 2750], "--flat" in arguments)
