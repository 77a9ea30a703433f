"""A whole run on a Dask cluster, with the report byte for byte that of the one-process run.

The stages, and where each runs:
1. **Read and cut** (here): the inputs are split into raw messages and packed into
   partitions (`ingest.partitions`); each partition is sent as a task as soon as it is cut,
   so the workers decode while the rest is still being read.
2. **Decode** (workers): `ingest.partitions.decode_partition`, message by message, as one
   process does. A partition whose task fails (a decoder crash that takes the worker down
   three times) becomes a diagnostic naming its first and last message; the rest goes on.
3. **Group** (here): `pipeline.units.group_by_units` over every decoded message, in input
   order, with the keys the workers found for each (`cross_thread_keys`): the same two
   parts as one process, so the same series in the same order. With a state, only the
   units new mail reaches are grouped; the others are loaded.
4. **Review** (workers): `pipeline.series.review_series`, series by series in chunks, with
   options each worker builds once from an `OptionsRecipe`. Results are taken back in
   grouping order, with at most AHEAD_BYTES of mail per worker out (`window`); after each
   task the worker empties the memo caches the task filled (`trim`).
5. **Merge** (here): `ReviewRun`, as in one process.

Every task is a pure function of its arguments, which travel inside the task: a worker that
dies (SIGKILL, out of memory) loses nothing the scheduler cannot run again elsewhere.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from patchlint.errors import PatchlintError
from patchlint.ingest.partitions import (
    PARTITION_BYTES,
    DecodedPartition,
    InputNotes,
    KnownPartition,
    RawPartition,
    decode_partition,
    partition_inputs,
)
from patchlint.limits import Limits
from patchlint.model.message import Diagnostic, Message
from patchlint.model.series import Grouping, Series
from patchlint.model.units import PartialGrouping
from patchlint.pipeline.dask.cluster import started_client
from patchlint.pipeline.dask.recipe import OptionsRecipe, options
from patchlint.pipeline.dask.state import RunState
from patchlint.pipeline.dask.trim import after_task
from patchlint.pipeline.dask.window import (
    AHEAD,
    AHEAD_BYTES,
    CHUNK,
    CHUNK_BYTES,
    chunked,
    in_order,
    series_weight,
)
from patchlint.pipeline.run import Progress, ReviewRun
from patchlint.pipeline.series import ReviewOptions, SeriesReview, review_series
from patchlint.pipeline.units import group_by_units, group_partial

if TYPE_CHECKING:
    from distributed import Client, Future

DECODE_AHEAD = 4  # partitions per worker being decoded or waiting to be taken


class ClusterError(PatchlintError):
    """The cluster could not review a series (its task failed on every worker tried)."""


def review_chunk(recipe: OptionsRecipe, series: list[Series]) -> list[SeriesReview]:
    """The review task: some series, reviewed with the options of `recipe`."""
    opts = options(recipe)
    try:
        return [review_series(one, opts) for one in series]
    finally:
        after_task()  # what the task filled the memo caches with goes (`trim`)


def _decode_task(items: list[tuple[str, bytes]], limits: Limits) -> DecodedPartition:
    return decode_partition(items, limits)


def _failed(partition: RawPartition, exc: BaseException) -> Diagnostic:
    return Diagnostic(
        None,
        f"partition {partition.index} ({len(partition.items)} messages, "
        f"{partition.first()} to {partition.last()}) could not be decoded: "
        f"{type(exc).__name__}: {exc}"[:300],
        partition.first(),
    )


def decode_on(
    client: Callable[[], Client],
    paths: Iterable[str],
    limits: Limits,
    max_bytes: int = PARTITION_BYTES,
    progress: Callable[[int], None] | None = None,
    state: RunState | None = None,
    lazy: bool = False,
) -> Decoded:
    """Every message of `paths`, decoded on the cluster, in input order, with the
    diagnostics in the order one process makes them. A partition `state` holds is taken
    from it (`lazy`: its keys and diagnostics only, its messages None until asked for,
    `Decoded.mail`); one decoded here is kept there. At most DECODE_AHEAD partitions per worker
    are out at a time: a decoded partition waits in its worker's memory until taken, so
    the workers' memory does not grow with the input."""
    run = uuid.uuid4().hex
    pending: deque[Piece] = deque()
    out = Decoded()
    out_for = 0  # tasks among `pending`
    ahead = 0  # tasks let out at a time, once the cluster is up
    marks = state.input_marks(limits) if state is not None else None
    for cut in partition_inputs(paths, limits, max_bytes, marks=marks):
        if isinstance(cut, InputNotes):
            pending.append(cut)
            continue
        keys = state.decoded_keys(cut, limits) if state is not None and lazy else None
        known = state.decoded(cut, limits) if state is not None and keys is None else None
        if keys is not None:
            pending.append((cut, keys))
        elif known is not None:
            pending.append((cut, known))
        elif isinstance(cut, KnownPartition):  # its file went since the run began
            raise ClusterError(f"--state: a decoded partition vanished ({cut.digest()})")
        else:
            cluster = client()
            ahead = ahead or DECODE_AHEAD * _workers(cluster)
            key = f"decode-{run}-{cut.index}"
            pending.append((cut, cluster.submit(_decode_task, cut.items, limits, key=key)))
            out_for += 1
            while out_for > ahead:
                out_for -= out.take(pending.popleft(), limits, state, progress)
    while pending:
        out.take(pending.popleft(), limits, state, progress)
    if state is not None and marks is not None:
        state.keep_marks(marks)
        state.resumed = marks.resumed
    return out


Piece = (
    tuple[
        RawPartition | KnownPartition,
        "Future[DecodedPartition] | DecodedPartition | tuple[Path, int, DecodedPartition]",
    ]
    | InputNotes
)


class Decoded:
    """The messages and diagnostics of the partitions taken so far, in input order, with
    each message's `cross_thread_keys` and, with a state, its identity across runs (its
    partition's digest and its place there)."""

    def __init__(self) -> None:
        self.messages: list[Message | None] = []  # None: in a kept partition, not loaded
        self.diagnostics: list[Diagnostic] = []
        self.keys: list[list[str]] = []
        self.ids: list[str] = []
        self.count = 0
        self.kept: list[tuple[int, int, Path]] = []  # not loaded: first index, count, file

    def take(
        self,
        piece: Piece,
        limits: Limits,
        state: RunState | None,
        progress: Callable[[int], None] | None,
    ) -> int:
        """Add the next piece (waiting for its task); 1 if it was a task, else 0."""
        if isinstance(piece, InputNotes):
            self.diagnostics.extend(piece.notes)
            return 0
        partition, result = piece
        messages: list[Message | None]
        if isinstance(result, tuple):  # kept, its messages not loaded (`lazy`)
            path, count, result = result
            self.kept.append((len(self.messages), count, path))
            messages = [None] * count
            was_task = 0
        elif isinstance(result, DecodedPartition):
            messages = list(result.messages)
            was_task = 0
        else:
            was_task = 1
            assert isinstance(partition, RawPartition)  # a known one is never a task
            try:
                decoded: DecodedPartition = result.result()
            except Exception as exc:
                self.diagnostics.append(_failed(partition, exc))
                return was_task
            finally:
                result.release()  # type: ignore[no-untyped-call]
            if state is not None:
                state.keep_decoded(partition, limits, decoded)
            result = decoded
            messages = list(decoded.messages)
        self.messages.extend(messages)
        self.diagnostics.extend(result.diagnostics)
        self.keys.extend(result.keys)
        if state is not None:
            digest = partition.digest()
            self.ids.extend(f"{digest}:{i}" for i in range(len(messages)))
        self.count += (
            partition.count if isinstance(partition, KnownPartition) else len(partition.items)
        )
        if progress is not None:
            progress(self.count)
        return was_task


def _workers(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def review_on(
    client: Client,
    recipe: OptionsRecipe,
    series: list[Series],
    progress: Callable[[SeriesReview], None] | None = None,
    ahead_bytes: int = AHEAD_BYTES,
) -> Iterator[SeriesReview]:
    """Every series reviewed on the cluster, yielded in the order given. At most
    `ahead_bytes` of mail per worker is out at a time (`window`): what waits in a worker's
    memory does not grow with the archive."""
    run = uuid.uuid4().hex
    workers = _workers(client)
    numbers = iter(range(len(series)))

    def submit(part: list[Series]) -> Future[list[SeriesReview]]:
        key = f"review-{run}-{next(numbers)}"
        return client.submit(review_chunk, recipe, part, key=key)

    def results(future: Future[list[SeriesReview]]) -> Iterator[SeriesReview]:
        return _reported(_reviews_of(future), progress)

    yield from in_order(
        chunked(series, series_weight, CHUNK, CHUNK_BYTES),
        submit,
        results,
        lambda future: future.cancel(),  # type: ignore[no-untyped-call]
        AHEAD * workers,
        ahead_bytes * workers,
    )


def _reviews_of(future: Future[list[SeriesReview]]) -> list[SeriesReview]:
    """A review task's result, its future released at once (the worker may drop it); a
    task that failed is the run's error, with what failed."""
    try:
        return list(future.result())
    except Exception as exc:
        raise ClusterError(
            f"the cluster failed to review a series: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        future.release()  # type: ignore[no-untyped-call]


def _reported(
    results: list[SeriesReview], progress: Callable[[SeriesReview], None] | None
) -> Iterator[SeriesReview]:
    for result in results:
        if progress is not None:
            progress(result)
        yield result


def group(
    decoded: Decoded, limits: Limits, sources: dict[str, str], state: RunState | None = None
) -> Grouping:
    """Group as `pipeline.run.load` does (with `state`, only the units it does not hold),
    and note where each message was read."""
    messages = cast("list[Message]", decoded.messages)  # every one loaded (not `lazy`)
    if state is not None:
        state.use_messages(decoded.ids, messages, limits)
    grouping, read_from = group_by_units(
        messages,
        decoded.diagnostics,
        limits,
        decoded.keys,
        decoded.ids if state is not None else None,
        state,
    )
    sources.update(read_from)
    if state is not None:
        state.units.release()
    return grouping


def group_lazy(
    decoded: Decoded,
    limits: Limits,
    sources: dict[str, str],
    state: RunState,
    recipe: OptionsRecipe,
) -> PartialGrouping:
    """Group as `group` does, loading from `state` only the messages of the units new mail
    reaches (`pipeline.units.group_partial`): every other unit is its summary, its series'
    reviews loaded as the report is written."""
    present = [i for i, msg in enumerate(decoded.messages) if msg is not None]
    state.use_messages(
        [decoded.ids[i] for i in present],
        [msg for msg in decoded.messages if msg is not None],
        limits,
    )
    grouping, read_from = group_partial(
        _KeptMail(decoded, state),
        decoded.keys,
        decoded.ids,
        decoded.diagnostics,
        state,
        lambda summary: state.has_reviews(summary, recipe),
        limits,
    )
    sources.update(read_from)
    state.units.release()
    return grouping


class _KeptMail:
    """The messages of some mails (by index), the kept partitions holding them loaded
    from the state as first asked for."""

    def __init__(self, decoded: Decoded, state: RunState) -> None:
        self.decoded, self.state = decoded, state
        self.starts = [start for start, _, _ in decoded.kept]

    def __call__(self, members: list[int]) -> list[Message]:
        messages = self.decoded.messages
        for i in members:
            if messages[i] is None:
                self._load(bisect_right(self.starts, i) - 1)
        return [cast("Message", messages[i]) for i in members]

    def _load(self, which: int) -> None:
        start, count, path = self.decoded.kept[which]
        found = self.state.partition_messages(path)
        if found is None or len(found) != count:
            self.state.forget_partition(path)
            raise ClusterError(f"--state: a kept partition could not be read ({path.name})")
        self.decoded.messages[start : start + count] = found
        self.state.units.add_messages(self.decoded.ids[start : start + count], found)


class Early:
    """The reviews of series a state does not hold, sent as soon as their unit is grouped
    (`RunState.on_grouped`), so the workers review while the client groups the other
    units: in a run over grown mail, the series new mail changed. At most `budget` of
    mail is sent so (a first run groups every unit: the rest goes out in order, windowed,
    after grouping); a series whose unit is grouped again (joined to another by a quote)
    may never be asked for: what is not taken is cancelled."""

    def __init__(
        self, cluster: Callable[[], Client], recipe: OptionsRecipe, state: RunState
    ) -> None:
        self.cluster, self.recipe, self.state = cluster, recipe, state
        self.futures: dict[Path, Future[list[SeriesReview]]] = {}
        self.sent: set[Path] = set()
        self.left = -1  # the budget, once the cluster is up
        self.run = uuid.uuid4().hex

    def offer(self, series: list[Series]) -> None:
        for one in series:
            if self.left == 0:
                return
            path = self.state.series_file(one, self.recipe)
            if path in self.sent or path.is_file():
                continue
            client = self.cluster()
            if self.left < 0:
                self.left = AHEAD_BYTES * _workers(client)
            weight = series_weight(one)
            if weight > self.left:
                self.left = 0
                return
            self.left -= weight
            key = f"early-{self.run}-{len(self.sent)}"
            self.futures[path] = client.submit(review_chunk, self.recipe, [one], key=key)
            self.sent.add(path)

    def take(self, path: Path) -> SeriesReview:
        return _reviews_of(self.futures.pop(path))[0]

    def close(self) -> None:
        for future in self.futures.values():
            future.cancel()  # type: ignore[no-untyped-call]
        self.futures.clear()


@contextmanager
def reviewing_on_dask(
    paths: Iterable[str],
    recipe: OptionsRecipe,
    scheduler: str | None = None,
    workers: int = 1,
    progress: Callable[[], AbstractContextManager[Progress | None]] | None = None,
    state: RunState | None = None,
    client_options: ReviewOptions | None = None,
    max_bytes: int = PARTITION_BYTES,
    client: Client | None = None,
    narrow: Callable[[list[Series]], list[Series]] | None = None,
) -> Iterator[ReviewRun]:
    """`pipeline.run.reviewing` on a Dask cluster (`scheduler`, else a LocalCluster of
    `workers` processes): the same `ReviewRun`, the same report. With `state`, decoded
    partitions and series reviews already in it are reused and the new ones kept.
    `client_options` are the recipe's options if already built here (the report's head
    and the summary read them); `client`, a client already connected to a cluster;
    `narrow`, the series to review, as for `reviewing`."""
    connected: AbstractContextManager[Callable[[], Client]]
    if client is not None:
        given = client
        connected = nullcontext(lambda: given)
    else:
        connected = started_client(scheduler, workers)
    with connected as cluster, (progress or nullcontext)() as shown:
        opts = client_options or recipe.build()
        hooks = shown or Progress()
        limits = recipe.config.limits
        # with a state and every series to review, only what new mail reaches is loaded
        lazy = state is not None and narrow is None
        decoded = decode_on(cluster, paths, limits, max_bytes, hooks.read, state, lazy)
        diagnostics = decoded.diagnostics
        sources: dict[str, str] = {}
        early = Early(cluster, recipe, state) if state is not None else None
        if state is not None and early is not None:
            state.on_grouped = early.offer
        grouping: Grouping
        if state is not None and lazy:
            grouping = group_lazy(decoded, limits, sources, state, recipe)
        else:
            grouping = group(decoded, limits, sources, state)
        del decoded
        # `narrow` picks the series to review; the grouping (the report's stats) stays whole
        chosen = grouping.series if narrow is None else narrow(grouping.series)
        if hooks.found is not None:
            hooks.found(grouping if narrow is None else replace(grouping, series=chosen))
        if state is not None:
            reviews = state.reviews(
                grouping.slots if isinstance(grouping, PartialGrouping) else chosen,
                recipe,
                lambda todo: review_on(cluster(), recipe, todo),
                hooks.reviewed,
                early,
            )
        else:
            reviews = review_on(cluster(), recipe, chosen, hooks.reviewed)
        yield ReviewRun(grouping, diagnostics, sources, reviews, opts)
