"""What a run keeps out on the cluster is bounded per worker, and by the weight of the mail
in flight, not by a count: whatever sits side by side in the input and wherever the
scheduler would put the tasks, a worker holds at most the bound (or one chunk heavier than
it), and the results come back in order."""

from __future__ import annotations

import time
from contextlib import chdir

import pytest
from distributed import Worker, WorkerPlugin

from patchlint.config import DEFAULT_CONFIG
from patchlint.pipeline.dask import OptionsRecipe
from patchlint.pipeline.dask.cluster import dask_client
from patchlint.pipeline.dask.mail import DECODE_AHEAD, decode_on
from patchlint.pipeline.dask.run import review_on
from patchlint.pipeline.dask.window import Bounds, Slots, chunked, in_order, series_weight
from patchlint.pipeline.run import load
from patchlint.pipeline.series import review_series
from tests.conftest import CORPUS
from tests.pipeline.conftest import SEEDS, SLICE


def test_chunks_keep_the_order_and_a_heavy_item_goes_alone():
    weights = [3, 3, 10, 1, 1, 1, 1, 1, 2]
    out = list(chunked(range(len(weights)), weights.__getitem__, 3, 6))
    assert [c for c, _ in out] == [[0, 1], [2], [3, 4, 5], [6, 7, 8]]
    assert [w for _, w in out] == [6, 10, 3, 4]


@pytest.mark.parametrize(("most", "most_bytes"), [(32, 10), (2, 1000), (1, 1)])
@pytest.mark.parametrize("workers", [["a"], ["a", "b"]])
def test_in_order_bounds_what_each_worker_holds_and_yields_in_order(most, most_bytes, workers):
    weights = [4, 4, 4, 30, 1, 1, 1, 1, 5, 5, 5, 5, 2]
    out: dict[int, str] = {}
    peaks: dict[str, list[tuple[int, int]]] = {w: [] for w in workers}

    def submit(chunk: int, worker: str) -> int:
        out[chunk] = worker
        mine = [i for i, w in out.items() if w == worker]
        weight = sum(weights[i] for i in mine)
        peaks[worker].append((len(mine), weight if len(mine) > 1 else 0))
        return chunk

    def take(chunk: int) -> list[int]:
        del out[chunk]
        return [chunk]

    def done(futures: list[int], block: bool) -> list[int]:
        return futures[:1] if block else []  # taken back only when waited for

    chunks = [(i, w) for i, w in enumerate(weights)]
    bounds = Bounds(most, most_bytes, 1000, 1000)
    got = list(in_order(chunks, submit, take, lambda _: None, lambda: workers, done, bounds))
    assert got == list(range(len(weights)))
    for worker in workers:
        assert peaks[worker], "every worker is given chunks"
        assert max(n for n, _ in peaks[worker]) <= most
        # a heavier chunk only ever goes to a worker holding nothing
        assert max(w for _, w in peaks[worker]) <= most_bytes


def test_a_task_done_is_taken_back_at_once_and_waits_for_those_before_it():
    """The first task finishes only when the run can send nothing more without it: the
    others are taken back as they finish, their workers freed, and yielded only after it,
    in order; what is sent and not yet yielded stays within the bound on the whole run."""
    out: dict[int, str] = {}
    taken: list[tuple[int, int]] = []  # each task taken back, with how many were sent then
    most_out: list[int] = []

    def submit(chunk: int, worker: str) -> int:
        out[chunk] = worker
        most_out.append(len(out))
        return chunk

    def take(chunk: int) -> list[int]:
        del out[chunk]
        taken.append((chunk, len(most_out)))
        return [chunk]

    def done(futures: list[int], block: bool) -> list[int]:
        return [c for c in futures if c != 0 or block]

    chunks = [(i, 1) for i in range(12)]
    bounds = Bounds(held=2, held_bytes=100, ahead=4, ahead_bytes=100)  # 8 ahead on 2 workers
    results = in_order(chunks, submit, take, lambda _: None, lambda: ["a", "b"], done, bounds)
    got = list(results)
    assert got == list(range(12))
    # 1..7 taken back while 0 was still out; 0 once 8 were sent and not yielded (4 a worker)
    assert [c for c, _ in taken[:8]] == [1, 2, 3, 4, 5, 6, 7, 0]
    assert taken[7][1] == 8
    assert max(most_out) <= 4  # never more than 2 tasks on each worker


def test_a_worker_that_leaves_is_given_nothing_more_and_its_chunks_still_come_back():
    live = ["a", "b"]
    given: list[tuple[int, str]] = []

    def submit(chunk: int, worker: str) -> int:
        given.append((chunk, worker))
        if chunk == 3:
            live.remove("b")  # b dies after its second chunk; c replaces it
            live.append("c")
        return chunk

    def done(futures: list[int], block: bool) -> list[int]:
        return futures[:1] if block else []

    chunks = [(i, 1) for i in range(10)]
    bounds = Bounds(2, 100, 100, 100)
    got = list(in_order(chunks, submit, lambda c: [c], lambda _: None, lambda: live, done, bounds))
    assert got == list(range(10))
    assert all(w != "b" for c, w in given if c > 3)
    assert {w for c, w in given if c > 3} == {"a", "c"}


def test_slots_pick_the_worker_holding_least_with_room():
    slots = Slots(2, 10)
    assert slots.pick(["a", "b"], 3) == "a"
    slots.add("a", 3)
    assert slots.pick(["a", "b"], 3) == "b"
    slots.add("b", 8)
    assert slots.pick(["a", "b"], 5) == "a"
    slots.add("a", 5)
    assert slots.pick(["a", "b"], 3) is None  # a holds 2 chunks, b would hold 11
    assert slots.pick(["a", "b"], 2) == "b"
    slots.done("a", 3)
    assert slots.pick(["a", "b"], 50) is None  # too heavy for any worker holding some
    assert slots.pick(["a", "b", "c"], 50) == "c"  # a worker holding nothing takes it


def test_stopping_early_cancels_what_is_out():
    cancelled: list[int] = []
    chunks = [(i, 1) for i in range(10)]
    bounds = Bounds(4, 100, 100, 100)

    def done(futures: list[int], block: bool) -> list[int]:
        return futures[:1] if block else []

    results = in_order(
        chunks, lambda c, _: c, lambda c: [c], cancelled.append, lambda: ["a"], done, bounds
    )
    assert next(results) == 0
    results.close()
    assert cancelled == [1, 2, 3]


def test_reviews_one_chunk_at_a_time_equal_the_local_ones(cluster_of):
    grouping, _ = load(SEEDS, None)
    recipe = OptionsRecipe(as_json=True)
    opts = recipe.build()
    local = [review_series(one, opts).entry for one in grouping.series]
    assert len(local) > 8 and all(series_weight(one) > 0 for one in grouping.series)
    got = [
        r.entry
        for r in review_on(cluster_of[2], recipe, grouping.series, bounds=Bounds(held_bytes=1))
    ]
    assert got == local


def test_the_slice_reviewed_with_little_ahead_equals_the_local_report(cluster_of):
    with chdir(CORPUS):
        grouping, _ = load([SLICE], None)
    recipe = OptionsRecipe(as_json=True)
    some = grouping.series[:60]
    opts = recipe.build()
    local = [review_series(one, opts).entry for one in some]
    got = [
        r.entry
        for r in review_on(
            cluster_of[1], recipe, some, bounds=Bounds(held_bytes=50_000, ahead_bytes=50_000)
        )
    ]
    assert got == local


class _Held(WorkerPlugin):
    """Notes, as each task's result is stored, how many results of each kind (`decode`,
    `review`: a key's first word) the worker holds, and how many tasks of that kind it
    holds in all (results, and tasks waiting to run: their inputs are in its memory)."""

    name = "patchlint-test-held"

    def setup(self, worker: Worker) -> None:
        self.worker = worker
        self.most: dict[str, int] = {}
        self.most_all: dict[str, int] = {}
        self.ran: dict[str, int] = {}

    def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
        if start == "executing" and finish == "memory":
            kind = str(key).split("-")[0]
            held = sum(1 for k in self.worker.data if str(k).startswith(f"{kind}-"))
            waiting = sum(
                1
                for k, ts in self.worker.state.tasks.items()
                if str(k).startswith(f"{kind}-") and ts.state in ("ready", "waiting")
            )
            self.most[kind] = max(self.most.get(kind, 0), held)
            self.most_all[kind] = max(self.most_all.get(kind, 0), held + waiting)
            self.ran[kind] = self.ran.get(kind, 0) + 1


def _held(dask_worker: Worker) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    plugin = dask_worker.plugins[_Held.name]
    assert isinstance(plugin, _Held)
    return plugin.most, plugin.most_all, plugin.ran


def test_each_worker_holds_at_most_its_share_of_decoded_partitions_and_reviews():
    with dask_client(None, 2) as client:
        stealing = client.run_on_scheduler(
            lambda dask_scheduler: "stealing" in dask_scheduler.extensions
        )
        assert stealing is False  # it would move tasks past a worker's share
        client.register_plugin(_Held())
        decoded = decode_on(lambda: client, SEEDS, DEFAULT_CONFIG.limits, max_bytes=4_000)
        messages = [m for m in decoded.messages if m is not None]
        assert len(messages) > 40
        grouping, _ = load(SEEDS, None)
        recipe = OptionsRecipe(as_json=True)
        got = [
            r.entry for r in review_on(client, recipe, grouping.series, bounds=Bounds(held_bytes=1))
        ]
        assert len(got) == len(grouping.series)
        # a client slow to take the results in order (it writes the report alone): the
        # workers finish what they hold and wait, holding no more than their share
        slow = []
        for review in review_on(client, recipe, grouping.series, bounds=Bounds(held=2)):
            time.sleep(0.1)
            slow.append(review.entry)
        assert slow == got
        found = client.run(_held)
    assert len(found) == 2
    # a result the client took is forgotten by its worker when the scheduler passes the
    # release on, which can come after the worker stored the next task's result: one more
    lag = 1
    for most, most_all, ran in found.values():
        assert ran["decode"] > 0 and ran["review"] > 0  # both workers did both
        assert most["decode"] <= DECODE_AHEAD + lag
        assert most["review"] <= 2 + lag  # one chunk at a time per worker, then two
        # the bound is on inputs waiting to run and results together
        assert most_all["review"] <= 2 + lag  # held=2 in the slow run
