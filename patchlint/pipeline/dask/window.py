"""How much a run keeps in flight on the cluster: bounded per worker, and by the bytes of
mail, not by a count of tasks.

Why: results are taken back in grouping order, so whatever is sent ahead of the task
awaited sits in a worker's memory (its input waiting to run, its result waiting to be
taken). A bound by count lets that memory follow the size of what happens to sit side by
side: series are in order of first posting, and a large archive (or the bench's archive
replicated 8 times, whose copies of a series are neighbours) puts many large series
together. Bounded by the text of the mail in flight, what waits in a worker is the same
whatever the archive's size; a series larger than the bound travels alone. (A worker's
peak still grows with the archive, 211 MB at x1 to 281 MB at x2: that memory is outside
Python's objects, see docs/scaling.md.)

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
from typing import TypeVar

from patchlint.model.series import Series

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")

CHUNK = 4  # series per review task at most, as in `workers`
CHUNK_BYTES = 1 << 20  # text of mail per review task at most (a larger series goes alone)
AHEAD = 32  # review tasks per worker sent ahead of the one awaited, at most
AHEAD_BYTES = 8 << 20  # text of mail per worker in flight, at most


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


def in_order(
    chunks: Iterable[tuple[T, int]],
    submit: Callable[[T, str], F],
    take: Callable[[F], Iterable[R]],
    cancel: Callable[[F], None],
    live: Callable[[], Sequence[str]],
    most: int,
    most_bytes: int,
) -> Iterator[R]:
    """Each chunk's results, in order: each chunk is submitted to a worker of `live()`
    while that worker holds fewer than `most` chunks not yet taken and their weight stays
    within `most_bytes` (a worker holding none always takes one), and taken back in order;
    the ones still out are cancelled if the caller stops early."""
    slots = Slots(most, most_bytes)
    pending: deque[tuple[F, str, int]] = deque()
    try:
        for chunk, weight in chunks:
            while (worker := slots.pick(live(), weight)) is None:
                if not pending:  # no worker known: any (the scheduler picks)
                    worker = ""
                    break
                future, held, done = pending.popleft()
                slots.done(held, done)
                yield from take(future)
            pending.append((submit(chunk, worker), worker, weight))
            slots.add(worker, weight)
        while pending:
            future, _, _ = pending.popleft()
            yield from take(future)
    finally:
        for future, _, _ in pending:
            cancel(future)
