"""A whole run on a Dask cluster, with the report byte for byte that of the one-process run.

The stages, and where each runs:
1. **Read and cut** (here, `mail.py`): the inputs are split into raw messages and packed into
   partitions (`ingest.partitions`); each partition is sent as a task as soon as it is cut,
   so the workers decode while the rest is still being read.
2. **Decode** (workers): `ingest.partitions.decode_partition`, message by message, as one
   process does. A partition whose task fails (a decoder crash that takes the worker down
   three times) becomes a diagnostic naming its first and last message; the rest goes on.
3. **Group** (here): `pipeline.units.group_by_units` over every decoded message, in input
   order, with the keys the workers found for each (`cross_thread_keys`): the same two
   parts as one process, so the same series in the same order. With a state, only the
   units new mail reaches are grouped, from the messages of the kept partitions holding
   their mail; every other unit is its kept summary, its messages never loaded
   (`group_lazy`), its series' entries written from their kept reviews.
4. **Review** (workers): `pipeline.series.review_series`, series by series in chunks, with
   options each worker builds once from an `OptionsRecipe`. Each task's results are taken
   back as soon as it is done and wait here for the ones before them (`window`): a worker
   holds at most HELD_BYTES of mail, the run at most AHEAD_BYTES per worker not yet
   yielded in grouping order; after each task the worker empties the memo caches the task
   filled (`trim`).
5. **Merge** (here): `ReviewRun`, as in one process.

Every task is a pure function of its arguments, which travel inside the task: a worker that
dies (SIGKILL, out of memory) loses nothing the scheduler cannot run again elsewhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from patchlint.ingest.partitions import (
    PARTITION_BYTES,
)
from patchlint.model.series import Grouping, Series
from patchlint.model.units import PartialGrouping
from patchlint.pipeline.dask.cluster import LiveWorkers, placed, started_client
from patchlint.pipeline.dask.mail import ClusterError, decode_on, group, group_lazy
from patchlint.pipeline.dask.recipe import OptionsRecipe, options
from patchlint.pipeline.dask.share import share_text
from patchlint.pipeline.dask.state import RunState
from patchlint.pipeline.dask.trim import after_task
from patchlint.pipeline.dask.window import (
    AHEAD,
    AHEAD_BYTES,
    CHUNK,
    CHUNK_BYTES,
    Bounds,
    Slots,
    chunked,
    in_order,
    series_weight,
)
from patchlint.pipeline.run import Progress, ReviewRun, wants_signoff_index
from patchlint.pipeline.series import ReviewOptions, SeriesReview, review_series
from patchlint.pipeline.setup import rules_for

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["ClusterError", "review_chunk", "review_on", "reviewing_on_dask"]


def review_chunk(recipe: OptionsRecipe, series: list[Series]) -> list[SeriesReview]:
    """The review task: some series, reviewed with the options of `recipe`."""
    opts = options(recipe)
    try:
        return [review_series(one, opts) for one in series]
    finally:
        after_task()  # what the task filled the memo caches with goes (`trim`)


def review_on(
    client: Client,
    recipe: OptionsRecipe,
    series: list[Series],
    progress: Callable[[SeriesReview], None] | None = None,
    bounds: Bounds | None = None,
) -> Iterator[SeriesReview]:
    """Every series reviewed on the cluster, yielded in the order given. Each task goes to
    a worker with room and is taken back as soon as it is done (`window.in_order`): a
    worker holds at most `bounds.held_bytes` of mail, whatever the archive's size and
    however far the client falls behind in writing the report."""
    run = uuid.uuid4().hex
    numbers = iter(range(len(series)))

    def submit(part: list[Series], worker: str) -> Future[list[SeriesReview]]:
        key = f"review-{run}-{next(numbers)}"
        return client.submit(review_chunk, recipe, share_text(part), key=key, **placed(worker))

    reviews = in_order(
        chunked(series, series_weight, CHUNK, CHUNK_BYTES),
        submit,
        _reviews_of,
        lambda future: future.cancel(),  # type: ignore[no-untyped-call]
        LiveWorkers(client),
        _finished,
        bounds or Bounds(),
    )
    for result in reviews:
        if progress is not None:
            progress(result)
        yield result


def _finished(
    futures: list[Future[list[SeriesReview]]], block: bool
) -> list[Future[list[SeriesReview]]]:
    """Those of `futures` done (finished or failed), waiting for the first if `block`."""
    if block:
        from distributed import wait

        wait(futures, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
    return [future for future in futures if future.done()]  # type: ignore[no-untyped-call]


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


class Early:
    """The reviews of series a state does not hold, sent as soon as their unit is grouped
    (`RunState.on_grouped`), so the workers review while the client groups the other
    units: in a run over grown mail, the series new mail changed. At most AHEAD_BYTES of
    mail per worker is sent so (a first run groups every unit: the rest goes out in order,
    windowed, after grouping); a series whose unit is grouped again (joined to another by
    a quote) may never be asked for: what is not taken is cancelled."""

    def __init__(
        self, cluster: Callable[[], Client], recipe: OptionsRecipe, state: RunState
    ) -> None:
        self.cluster, self.recipe, self.state = cluster, recipe, state
        self.futures: dict[Path, Future[list[SeriesReview]]] = {}
        self.sent: set[Path] = set()
        self.full = False  # no worker has room left
        self.slots = Slots(AHEAD, AHEAD_BYTES)
        self.live: LiveWorkers | None = None
        self.run = uuid.uuid4().hex

    def offer(self, series: list[Series]) -> None:
        for one in series:
            if self.full:
                return
            path = self.state.series_file(one, self.recipe)
            if path in self.sent or path.is_file():
                continue
            client = self.cluster()
            self.live = self.live or LiveWorkers(client)
            weight = series_weight(one)
            worker = self.slots.pick(self.live(), weight)
            if worker is None:  # not taken back until the report is written: stop here
                self.full = True
                return
            self.slots.add(worker, weight)
            key = f"early-{self.run}-{len(self.sent)}"
            self.futures[path] = client.submit(
                review_chunk, self.recipe, share_text([one]), key=key, **placed(worker)
            )
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
        practice = wants_signoff_index(rules_for(recipe.config))
        # with a state and every series to review, only what new mail reaches is loaded;
        # not when TR004 runs: its sign-off index is input-wide (`mail.group`)
        lazy = state is not None and narrow is None and not practice
        decoded = decode_on(cluster, paths, limits, max_bytes, hooks.read, state, lazy)
        diagnostics = decoded.diagnostics
        sources: dict[str, str] = {}
        # early reviews go out before the sign-off index is whole: not when TR004 runs
        early = Early(cluster, recipe, state) if state is not None and not practice else None
        if state is not None and early is not None:
            state.on_grouped = early.offer
        grouping: Grouping
        if state is not None and lazy:
            grouping = group_lazy(decoded, limits, sources, state, recipe)
        else:
            grouping = group(decoded, limits, sources, state, practice)
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
