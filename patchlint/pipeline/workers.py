"""Map a function over a sequence in worker processes, results in input order.

What is shipped, and why: the function (with the options and loaded rules it closes over)
is inherited by forked workers, never pickled. Each item (a series, with the messages it
holds) is pickled to the worker that handles it, and only its result (plain data) comes
back. Results are yielded in input order whatever worker finished first, so the output of a
run does not depend on the number of workers or on how the work was split.

When the workers are forked matters for memory. Forked after ingest, each worker inherits
the parent's whole heap (every decoded message of the archive): reading an inherited object
writes its reference count, and allocating lands in the inherited pools' free slots, so the
shared pages were copied one by one until each worker held most of the heap privately (874
MB summed PSS on the linux-hyperv archive). `Workers` is therefore made *before* the mail is
read, from a small process: the workers hold only the code, the rules and the series they
are sent.

Where fork is unavailable (not Linux/macOS) the work runs in the calling process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # the process pool is imported only by runs that fork workers
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# Items per task: small enough to balance uneven series between workers, large enough that
# the per-task round trip (a few hundred microseconds) stays noise.
CHUNK = 4
# Chunks per worker sent ahead of the one whose result is awaited: while one worker is on a
# series that takes seconds, the other goes on with up to this many chunks (a few hundred
# milliseconds of work each) instead of waiting; results that finish early wait in memory,
# so this also bounds that memory (a series' result is tens of kilobytes).
WINDOW = 32

_worker: Callable[[Any], Any] | None = None  # set in workers only


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    import multiprocessing  # only for --jobs > 1: not in a one-patch run

    return "fork" in multiprocessing.get_all_start_methods()


def _install(fn: Callable[[Any], Any]) -> None:
    """Pool initializer, run in each forked worker: under fork its arguments are inherited,
    not pickled."""
    global _worker
    _worker = fn


def _ready() -> None:
    """A task that does nothing: submitting it makes the pool fork its workers now."""


def _run(items: list[Any]) -> list[Any]:
    assert _worker is not None, "worker not initialised"
    return [_worker(item) for item in items]


class Workers(Generic[T, R]):
    """`jobs` processes forked *now* that apply `fn` to whatever `map` sends them. With
    `jobs <= 1` (or no fork) `map` runs `fn` in this process. Use as a context manager."""

    def __init__(self, fn: Callable[[T], R], jobs: int, chunk: int = CHUNK) -> None:
        self.fn, self.chunk, self.jobs = fn, chunk, jobs
        self._pool: ProcessPoolExecutor | None = None
        if jobs > 1 and can_fork():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # a worker that dies (killed, out of memory) fails the run (BrokenProcessPool)
            # instead of leaving it waiting, as multiprocessing.Pool would
            self._pool = ProcessPoolExecutor(
                jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_install,
                initargs=(fn,),
            )
            self._pool.submit(_ready).result()  # under fork every worker starts at once

    def map(self, items: Sequence[T]) -> Iterator[R]:
        """`map(fn, items)`, yielded in input order as results arrive. At most WINDOW
        chunks per worker are out at a time, and a result is let go once yielded, so
        results that arrive early never pile up."""
        if self._pool is None or len(items) <= 1:
            yield from map(self.fn, items)
            return
        pool = self._pool
        chunks = (list(items[i : i + self.chunk]) for i in range(0, len(items), self.chunk))
        pending: deque[Future[list[R]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_run, chunk))
                if len(pending) >= WINDOW * self.jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:  # also when the caller stops early: queued work is dropped
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers[T, R]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def ordered_map(
    fn: Callable[[T], R], items: Sequence[T], jobs: int, chunk: int = CHUNK
) -> Iterator[R]:
    """`map(fn, items)` by `jobs` workers forked for the purpose; in input order."""
    with Workers(fn, jobs if len(items) > 1 else 1, chunk) as workers:
        yield from workers.map(items)
