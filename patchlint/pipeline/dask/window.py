"""How much a run keeps in flight on the cluster: bounded per worker, and by the bytes of
mail, not by a count of tasks.

Why: whatever is sent to a worker and not yet taken back sits in its memory (its input
waiting to run, its result waiting to be taken). A bound by count lets that memory follow
the size of what happens to sit side by side: series are in order of first posting, and a
large archive (or the bench's archive replicated 8 times, whose copies of a series are
neighbours) puts many large series together. Bounded by the text of the mail in flight,
what waits in a worker is the same whatever the archive's size; a series larger than the
bound travels alone.

Taken back as soon as done, not in order: results were taken back in the report's order,
so a worker held, beside the inputs sent ahead of the task awaited, every result finished
behind it, up to its whole share of the window (8 MiB of mail, 32 chunks). Measured
(`bench/dask_bench.py --memory`, the slice x1..x8), that share filled with inputs waiting
to run (up to 31) and results waiting to be taken (up to 32), and only once the input had
more chunks than the window holds: a worker's peak followed the input's size up to the
bound. Now each task is taken back when done (`in_order`), its worker freed of it at once,
and its results wait on the client for those before them: a worker holds at most
`Bounds.held_bytes` (2 MiB of mail, 4 chunks: one running, the next ones ready so that
it does not wait for the client), full on any input of a few chunks, while the order's
slack, what is sent and not yet yielded, stays `Bounds.ahead_bytes` per worker, on the
client, which holds the mail of every series anyway.

Per worker, not per cluster: a bound on the whole cluster's tasks lets the scheduler put
most of them on one worker (a free one takes what is ready), so a worker's peak moved with
how the tasks in flight happened to fall. Each task is sent to a worker chosen here
(`Slots`: the one holding least, among those with room), so no worker holds more than
the bound whatever the others do. The choice is a loose restriction: a task whose worker
died runs on another (the scheduler reschedules it), and the LocalCluster's scheduler does
not steal tasks (`cluster.SCHEDULER_CONFIG`), which would move them past the bound.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from patchlint.model.series import Series

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")

CHUNK = 4  # series per review task at most, as in `workers`
CHUNK_BYTES = 1 << 20  # text of mail per review task at most (a larger series goes alone)
HELD = 4  # review tasks per worker sent and not yet taken back, at most
HELD_BYTES = 2 << 20  # text of mail per worker sent and not yet taken back, at most
AHEAD = 32  # review tasks per live worker sent and not yet yielded in order, at most
AHEAD_BYTES = 8 << 20  # text of mail per live worker sent and not yet yielded, at most


def series_weight(series: Series) -> int:
    """The text of a series' mail in characters: what a worker holds for it, within a
    small factor (the decoded mail going in, the report entry coming back)."""
    total = 0
    for rev in series.revisions:
        if rev.cover is not None:
            total += len(rev.cover.body)
        for patch in rev.patches.values():
            total += len(patch.message) + len(patch.notes) + len(patch.diff)
        for reply in rev.replies:
            total += len(reply.message.body)
    return total


def chunked(
    items: Iterable[T], weight: Callable[[T], int], most: int, most_bytes: int
) -> Iterator[tuple[list[T], int]]:
    """`items` in order, cut into chunks of at most `most` items and `most_bytes` of weight
    (an item heavier than that alone), each with its weight."""
    chunk: list[T] = []
    size = 0
    for item in items:
        mine = weight(item)
        if chunk and (len(chunk) >= most or size + mine > most_bytes):
            yield chunk, size
            chunk, size = [], 0
        chunk.append(item)
        size += mine
    if chunk:
        yield chunk, size


class Slots:
    """What each worker holds of a run's tasks not yet taken back (their count and
    weight), and which worker has room for one more: at most `most` tasks and `most_bytes`
    of weight each, a task heavier than that only on a worker holding nothing."""

    def __init__(self, most: int, most_bytes: int) -> None:
        self.most, self.most_bytes = most, most_bytes
        self.count: dict[str, int] = {}
        self.weight: dict[str, int] = {}

    def pick(self, live: Sequence[str], weight: int) -> str | None:
        """The worker of `live` holding least with room for `weight` more; None if none
        has room (take a task back first)."""
        best: str | None = None
        for worker in live:
            count, held = self.count.get(worker, 0), self.weight.get(worker, 0)
            if count and (count >= self.most or held + weight > self.most_bytes):
                continue
            if best is None or (held, count) < (self.weight.get(best, 0), self.count.get(best, 0)):
                best = worker
        return best

    def add(self, worker: str, weight: int) -> None:
        self.count[worker] = self.count.get(worker, 0) + 1
        self.weight[worker] = self.weight.get(worker, 0) + weight

    def done(self, worker: str, weight: int) -> None:
        self.count[worker] -= 1
        self.weight[worker] -= weight

    def held(self, worker: str) -> tuple[int, int]:
        return self.count.get(worker, 0), self.weight.get(worker, 0)


@dataclass(frozen=True)
class Bounds:
    """What a run keeps out: on each worker, at most `held` tasks and `held_bytes` of mail
    sent and not yet taken back (a task heavier than that only on a worker holding
    nothing); in all, at most `ahead` tasks and `ahead_bytes` per live worker sent and not
    yet yielded in order (taken back, they wait on the client for the ones before them)."""

    held: int = HELD
    held_bytes: int = HELD_BYTES
    ahead: int = AHEAD
    ahead_bytes: int = AHEAD_BYTES


def in_order(
    chunks: Iterable[tuple[T, int]],
    submit: Callable[[T, str], F],
    take: Callable[[F], Iterable[R]],
    cancel: Callable[[F], None],
    live: Callable[[], Sequence[str]],
    finished: Callable[[list[F], bool], list[F]],
    bounds: Bounds,
) -> Iterator[R]:
    """Each chunk's results, in order. Each chunk is submitted to a worker of `live()` with
    room (`Slots`, `bounds.held*`; a worker holding none always takes one) while what is not
    yet yielded stays within `bounds.ahead*` per live worker; each task is taken back as
    soon as it is done (`finished(futures, block)`: those of `futures` done, waiting for
    one if `block`), so its worker's memory is freed at once, and its results wait here
    until the ones before them are yielded. The tasks still out are cancelled if the
    caller stops early."""
    slots = Slots(bounds.held, bounds.held_bytes)
    out: dict[F, tuple[int, str, int]] = {}  # on a worker: its place, worker, weight
    back: dict[int, list[R]] = {}  # taken back, waiting for the ones before them
    weights: deque[int] = deque()  # of each task not yet yielded, in order
    first = 0  # the place of the first task not yet yielded

    def take_done(block: bool) -> None:
        for future in finished(list(out), block):
            place, worker, weight = out.pop(future)
            slots.done(worker, weight)
            back[place] = list(take(future))

    def room(weight: int, workers: int) -> bool:
        if not weights:
            return True
        return len(weights) < bounds.ahead * workers and (
            sum(weights) + weight <= bounds.ahead_bytes * workers
        )

    try:
        for chunk, weight in chunks:
            while True:
                if out:
                    take_done(False)
                while first in back:  # yielded as soon as the ones before them are
                    yield from back.pop(first)
                    weights.popleft()
                    first += 1
                workers = live()
                worker = slots.pick(workers, weight) if room(weight, len(workers) or 1) else None
                if worker is not None:
                    break
                if not out:  # nothing out and no worker known: any (the scheduler picks)
                    worker = ""
                    break
                take_done(True)
            out[submit(chunk, worker)] = (first + len(weights), worker, weight)
            slots.add(worker, weight)
            weights.append(weight)
        while weights:
            if first not in back:
                take_done(True)
            while first in back:
                yield from back.pop(first)
                weights.popleft()
                first += 1
    finally:
        for future in out:
            cancel(future)
