"""Map a function over a sequence in worker processes, results in input order.

Why fork, and what is shipped: the items (series, with every message they hold) are built
in the parent by grouping, which must see the whole input. Forked workers inherit them
without a copy or a pickle; only item *indexes* go to the workers and only the results
(plain dicts) come back. `gc.freeze()` before the fork keeps the workers' garbage collector
off the inherited objects, so their memory pages stay shared instead of being copied.

Results come back in input order whatever the number of workers and however the work was
split, so the output of a run does not depend on `--jobs`. Where fork is unavailable (not
Linux/macOS) the work runs in the calling process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Items per task: small enough to balance uneven series between workers, large enough that
# the per-task round trip (a few hundred microseconds) stays noise.
CHUNK = 4

_worker: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set in workers only


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _install(fn: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """Pool initializer, run in each forked worker: under fork the arguments are inherited,
    not pickled."""
    global _worker
    _worker = (fn, items)


def _run(span: tuple[int, int]) -> list[Any]:
    assert _worker is not None, "worker not initialised"
    fn, items = _worker
    return [fn(items[i]) for i in range(*span)]


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int,
                chunk: int = CHUNK) -> Iterator[R]:
    """`map(fn, items)` computed by `jobs` forked workers; yields in input order as results
    arrive. `jobs <= 1` (or no fork) runs in this process, item by item."""
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        yield from map(fn, items)
        return
    spans = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    gc.collect()
    gc.freeze()
    try:
        # a worker that dies (killed, out of memory) fails the run (BrokenProcessPool)
        # instead of leaving it waiting, as multiprocessing.Pool would
        pool = ProcessPoolExecutor(min(jobs, len(spans)), mp_context=multiprocessing.get_context(
            "fork"), initializer=_install, initargs=(fn, items))
        try:
            for results in pool.map(_run, spans):
                yield from results
        finally:  # also when the caller stops early: queued work is dropped, not waited for
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        gc.unfreeze()
