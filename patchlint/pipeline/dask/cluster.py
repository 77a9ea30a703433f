"""The Dask cluster a run uses: an existing one (`--scheduler tcp://host:port`) or a
`LocalCluster` of worker processes started for the run. `distributed` is an optional
dependency (`pip install 'patchlint[dask]'`): imported only here, only when asked for."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from patchlint.errors import InputError, UsageError

if TYPE_CHECKING:
    from distributed import Client

# The workers' statistical profiler samples every thread's stack every 10 ms and keeps a
# tree of the stacks seen for each second, the last 1,000 seconds of them: on a review
# worker that is thousands of dicts a second (the stacks of the analyses and rules vary),
# so its memory grew with the run's length up to ~17 minutes (measured: 11,000-16,000 of
# its dicts in a worker after 100 s). Nothing here reads it (there is no dashboard).
# A cluster behind --scheduler is configured by whoever runs it
# (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
# Each task is sent to a chosen worker so that none holds more than its share of what is in
# flight (`window.Slots`); the choice is loose (a task whose worker died runs elsewhere),
# and work stealing moves loose tasks to an idle worker, past its share: off.
SCHEDULER_CONFIG = {"distributed.scheduler.work-stealing": False}
REFRESH = 1.0  # seconds a list of the cluster's workers is used before it is asked again

EXTRA_MISSING = (
    "--executor dask needs the dask extra: pip install 'patchlint[dask]' "
    "(dask.distributed is not installed)"
)


def _distributed() -> object:
    try:
        import distributed
    except ImportError as exc:
        raise UsageError(EXTRA_MISSING) from exc
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, else of a LocalCluster of `workers`
    single-threaded worker processes (the review code is not shared between threads),
    closed on leaving."""
    _distributed()
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"--scheduler {scheduler}: cannot reach a Dask scheduler ({exc})"
            ) from exc
        with client:
            yield client
        return
    # the nannies hand the workers' part to the worker processes; the scheduler runs here
    with dask.config.set({**WORKER_CONFIG, **SCHEDULER_CONFIG}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


@contextmanager
def started_client(
    scheduler: str | None = None, workers: int = 1
) -> Iterator[Callable[[], Client]]:
    """`dask_client`, started in the background: what it gives waits for the client.
    Starting a LocalCluster takes a second or two (worker processes, imports), which a run
    spends reading its inputs and its state instead; a run that needs no cluster (nothing
    new to decode or review) does not wait for it to be asked for. Closed on leaving, once
    started."""
    _distributed()
    stack = ExitStack()
    with ThreadPoolExecutor(1, thread_name_prefix="patchlint-dask-start") as pool:
        starting = pool.submit(stack.enter_context, dask_client(scheduler, workers))
        try:
            yield starting.result
        finally:
            # closed in the thread that entered it: the client sets a context variable on
            # entering and resets it on leaving, which only works in the same context
            pool.submit(stack.close).result()


class LiveWorkers:
    """The addresses of the cluster's workers, asked again at most every REFRESH seconds
    (a worker that died is gone from it; one a nanny restarts comes back under a new
    address)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.workers: list[str] = []
        self.asked = -REFRESH

    def __call__(self) -> list[str]:
        now = time.monotonic()
        if now - self.asked >= REFRESH:
            self.asked = now
            self.workers = sorted(self.client.scheduler_info().get("workers", {}))
        return self.workers


def placed(worker: str) -> dict[str, Any]:
    """`Client.submit`'s arguments that send a task to `worker` (any, if ""), loosely: if
    it dies, the scheduler runs the task on another."""
    return {"workers": [worker], "allow_other_workers": True} if worker else {}
