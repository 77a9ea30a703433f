"""The mail on the client of a Dask run: decoded on the cluster partition by partition
(`decode_on`), then grouped here (`group`; with a state, `group_lazy` loads only what the
new mail reaches). Apart from `run`, which sends the series out to be reviewed."""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from patchlint.analysis.trailers.practice import mark_practice
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
from patchlint.model.series import Grouping
from patchlint.model.units import PartialGrouping
from patchlint.pipeline.dask.cluster import LiveWorkers, placed
from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.pipeline.dask.state import RunState
from patchlint.pipeline.dask.trim import after_task
from patchlint.pipeline.dask.window import Slots
from patchlint.pipeline.units import group_by_units, group_partial

if TYPE_CHECKING:
    from distributed import Client, Future

DECODE_AHEAD = 4  # partitions per worker being decoded or waiting to be taken, at most


class ClusterError(PatchlintError):
    """The cluster could not do a run's work (a review task failed on every worker
    tried), or a state's kept partition could not be read."""


def _decode_task(items: list[tuple[str, bytes]], limits: Limits) -> DecodedPartition:
    """The decode task. Decoding fills a memo cache too (`parse_address`, the senders):
    emptied after each task, as after a review (`trim`), so a worker that decodes more
    partitions does not end the decoding with a fuller cache."""
    try:
        return decode_partition(items, limits)
    finally:
        after_task()


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
    `Decoded.mail`); one decoded here is kept there. Each partition is sent to a worker
    holding fewer than DECODE_AHEAD not yet taken (`window.Slots`): a decoded partition
    waits in its worker's memory until taken, so no worker's memory grows with the input,
    nor with how the scheduler would have spread the tasks."""
    run = uuid.uuid4().hex
    pending: deque[Piece] = deque()
    out = Decoded()
    slots = Slots(DECODE_AHEAD, DECODE_AHEAD)  # a partition weighs 1
    holders: deque[str] = deque()  # the worker of each task among `pending`, in order
    live: LiveWorkers | None = None

    def take_next() -> None:
        if out.take(pending.popleft(), limits, state, progress):
            slots.done(holders.popleft(), 1)

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
            live = live or LiveWorkers(cluster)
            while (worker := slots.pick(live(), 1)) is None and holders:
                take_next()
            worker = worker or ""  # no worker known: any (the scheduler picks)
            key = f"decode-{run}-{cut.index}"
            task = cluster.submit(_decode_task, cut.items, limits, key=key, **placed(worker))
            pending.append((cut, task))
            holders.append(worker)
            slots.add(worker, 1)
    while pending:
        take_next()
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


def group(
    decoded: Decoded,
    limits: Limits,
    sources: dict[str, str],
    state: RunState | None = None,
    practice: bool = True,
) -> Grouping:
    """Group as `pipeline.run.load` does (with `state`, only the units it does not hold),
    and note where each message was read; `practice`: build the sign-off index (TR004's,
    `pipeline.run.wants_signoff_index`)."""
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
    if practice:
        # input-wide, as in one process (`pipeline.run.load`). With a state too: every unit
        # is grouped (or taken from the state) here, none is sent early, and a series'
        # share of the index is part of its review's key (`RunState`), so a kept review is
        # reused only under the same share. A unit taken from the state may carry an
        # earlier run's share: each series' is set anew.
        for one in grouping.series:
            one.signoff_practice = frozenset()
        mark_practice(grouping.series)
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
