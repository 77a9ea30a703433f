"""Map a function over a sequence in worker processes, results in input order.

What is shipped, and why: the function (with the options and loaded rules it closes over)
is inherited by forked workers, never pickled. Each item (a series, with the messages it
holds) is pickled to the worker that reviews it, and only its result (plain data) comes
back. Letting the workers read the items they inherited would copy them anyway: reading a
Python object writes its reference count, and a series' objects share memory pages with
every other series' (they were made in message order), so each worker ended up with its own
copy of most of the parent's heap (834 MB summed PSS on the linux-hyperv archive against
~420 MB now). Pickling a series costs ~0.1 ms per message. `gc.freeze()` before the fork
keeps the workers' garbage collector off the inherited objects for the same reason.

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

_worker: Callable[[Any], Any] | None = None  # set in workers only


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _install(fn: Callable[[Any], Any]) -> None:
    """Pool initializer, run in each forked worker: under fork its arguments are inherited,
    not pickled."""
    global _worker
    _worker = fn


def _run(items: list[Any]) -> list[Any]:
    assert _worker is not None, "worker not initialised"
    return [_worker(item) for item in items]


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int,
                chunk: int = CHUNK) -> Iterator[R]:
    """`map(fn, items)` computed by `jobs` forked workers (`fn` inherited, items and results
    pickled); yields in input order as results arrive. `jobs <= 1` (or no fork) runs in
    this process, item by item."""
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        yield from map(fn, items)
        return
    chunks = [list(items[i:i + chunk]) for i in range(0, len(items), chunk)]
    gc.collect()
    gc.freeze()
    try:
        # a worker that dies (killed, out of memory) fails the run (BrokenProcessPool)
        # instead of leaving it waiting, as multiprocessing.Pool would
        pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=multiprocessing.get_context(
            "fork"), initializer=_install, initargs=(fn,))
        try:
            for results in pool.map(_run, chunks):
                yield from results
        finally:  # also when the caller stops early: queued work is dropped, not waited for
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        gc.unfreeze()
