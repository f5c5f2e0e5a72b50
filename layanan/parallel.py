"""Spread independent work over the machine's cores, in forked processes.

A forked worker sees the parent's memory as it was at the fork (copy-on-write), so
the work and its inputs are not pickled: only each chunk's result travels back.
Where `fork` is not available, or the work is small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 400
_work: Callable[[Sequence], object] | None = None


def map_chunks(work: Callable[[Sequence[Item]], Result], items: Sequence[Item],
               workers: int | None = None) -> list[Result]:
    """`work` applied to consecutive chunks of `items`, one chunk per worker, results in order."""
    global _work
    workers = workers or _cores()
    if workers < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [work(items)]
    size = -(-len(items) // workers)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    _work = work
    try:
        with ProcessPoolExecutor(len(chunks), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, chunks))
    finally:
        _work = None


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run(chunk: Sequence) -> object:
    assert _work is not None
    return _work(chunk)
