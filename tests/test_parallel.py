"""Large sites are loaded and rendered in forked processes; the result is the same as in one."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

from layanan import parallel
from layanan.catalog import load
from layanan.render import render_site
from layanan.site import render

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import write_standards  # noqa: E402


def _with_pid(chunk):
    return [(item, os.getpid()) for item in chunk]


def _together_with_pid(chunk):
    """Each chunk waits until the other one is running too: they can only finish in two
    processes at once (one worker taking both chunks, as a fast worker may, breaks the barrier)."""
    _BOTH_RUNNING.wait(timeout=60)
    return _with_pid(chunk)


_BOTH_RUNNING = multiprocessing.get_context("fork").Barrier(2)


def test_map_chunks_keeps_order_and_uses_other_processes() -> None:
    items = list(range(parallel.MIN_ITEMS * 2))

    results = parallel.map_chunks(_together_with_pid, items, workers=2)

    flat = [pair for chunk in results for pair in chunk]
    assert [item for item, _ in flat] == items
    assert len({pid for _, pid in flat}) == 2
    assert os.getpid() not in {pid for _, pid in flat}


def test_small_work_stays_in_this_process() -> None:
    results = parallel.map_chunks(_with_pid, [1, 2, 3], workers=2)

    assert results == [[(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]]


def test_parallel_build_writes_exactly_what_the_renderer_renders(project) -> None:
    write_standards(project.standard, units=100)  # 500 services: above the parallel threshold

    report = render(project)

    catalog = load(project.standard).catalog
    expected = render_site(catalog, project.templates)
    folder = project.generated_dir()
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == {name: body if isinstance(body, bytes) else body.encode("utf-8")
                       for name, body in expected.items()}
    assert sorted(report.written.written) == sorted(expected)
    assert len(catalog.services) == 500
