"""How much a run keeps in flight on the cluster: bounded by the bytes of mail, not by a
count of tasks.

Why: results are taken back in grouping order, so whatever is sent ahead of the task
awaited sits in a worker's memory (its input waiting to run, its result waiting to be
taken). A bound by count lets that memory follow the size of what happens to sit side by
side: series are in order of first posting, and a large archive (or the bench's archive
replicated 8 times, whose copies of a series are neighbours) puts many large series
together. Bounded by the text of the mail in flight, what waits in a worker is the same
whatever the archive's size; a series larger than the bound travels alone. (A worker's
peak still grows with the archive, 211 MB at x1 to 281 MB at x2: that memory is outside
Python's objects, see docs/scaling.md.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
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


def in_order(
    chunks: Iterable[tuple[T, int]],
    submit: Callable[[T], F],
    take: Callable[[F], Iterable[R]],
    cancel: Callable[[F], None],
    most: int,
    most_bytes: int,
) -> Iterator[R]:
    """Each chunk's results, in order: chunks are submitted ahead while fewer than `most`
    are out and their weight stays within `most_bytes` (one chunk is always let out), and
    taken back in order; the ones still out are cancelled if the caller stops early."""
    pending: deque[tuple[F, int]] = deque()
    out = 0
    try:
        for chunk, weight in chunks:
            while pending and (len(pending) >= most or out + weight > most_bytes):
                future, done = pending.popleft()
                out -= done
                yield from take(future)
            pending.append((submit(chunk), weight))
            out += weight
        while pending:
            future, done = pending.popleft()
            out -= done
            yield from take(future)
    finally:
        for future, _ in pending:
            cancel(future)
