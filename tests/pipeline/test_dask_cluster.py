"""A real cluster of separate processes - `dask scheduler` and two `dask worker` on loopback,
started and stopped here - reviews as the one-process pipeline does, through the command
line and the API; a worker killed with SIGKILL in the middle of the review costs nothing
(the scheduler runs its tasks again on the other); a partition whose decoding fails is a
diagnostic, not a lost run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import chdir
from pathlib import Path

import pytest
from distributed import Client

import patchlint.pipeline.dask.mail as dask_mail
from patchlint.ingest.partitions import decode_partition
from patchlint.pipeline import review
from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
from patchlint.report.render import render
from tests.conftest import CORPUS, require_program
from tests.pipeline.conftest import SEEDS, SLICE

START_WAIT = 120.0  # seconds a process may take to come up on a loaded machine


def _wait_for(path: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_WAIT
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"dask scheduler did not start (exit {proc.returncode})")
        time.sleep(0.2)


@pytest.fixture
def loopback_cluster(tmp_path: Path) -> Iterator[tuple[Client, dict[str, subprocess.Popen[bytes]]]]:
    """A scheduler and two workers (no nanny: a killed worker stays dead), as processes;
    a client of it, and each worker's process by its address."""
    dask = require_program("dask")
    info = tmp_path / "scheduler.json"
    log = (tmp_path / "cluster.log").open("wb")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    dask,
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(info),
                ],
                stdout=log,
                stderr=log,
            )
        )
        _wait_for(info, procs[0])
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        "--scheduler-file",
                        str(info),
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                    ],
                    stdout=log,
                    stderr=log,
                )
            )
        with Client(scheduler_file=str(info)) as client:
            client.wait_for_workers(2, timeout=START_WAIT)
            by_pid = {p.pid: p for p in procs[1:]}
            pids = client.run(os.getpid)
            assert sorted(pids.values()) == sorted(by_pid)
            yield client, {addr: by_pid[pid] for addr, pid in pids.items()}
    finally:
        # the workers first, while their scheduler is there to say goodbye to (stopped
        # together, a worker waited for the scheduler it had lost until the timeout)
        for proc in [*procs[1:], *procs[:1]]:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_command_line_on_a_scheduler_and_two_worker_processes(loopback_cluster):
    client, _ = loopback_cluster
    address = client.scheduler.address

    def run(*extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "patchlint",
                "review",
                *SEEDS,
                "-f",
                "json",
                "--fail-on",
                "never",
                *extra,
            ],
            capture_output=True,
            check=False,
        )

    local = run("--jobs", "1")
    remote = run("--executor", "dask", "--scheduler", address)
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)["stats"]["series"] > 10
    # both workers took part
    assert all(
        n > 0
        for n in client.run(
            lambda dask_worker: len(dask_worker.data) + len(dask_worker.state.log)
        ).values()
    )


def test_a_worker_killed_mid_review_costs_nothing(loopback_cluster, slice_report):
    client, workers = loopback_cluster
    killed: list[tuple[str, int]] = []
    stop = threading.Event()

    def kill_the_first_worker_reviewing() -> None:
        """Watch the scheduler from the run's start and SIGKILL the worker with the most
        review tasks the first time one runs any. A thread, not the consumer of the reviews:
        the client takes each result back as soon as it is done and keeps it until the
        ordered merge needs it, so by the time the first review in order reaches the
        consumer every task may be done (seen under load)."""
        while not stop.is_set():
            busy = {
                addr: n
                for addr, keys in client.processing().items()
                if (n := sum(str(k).startswith("review-") for k in keys))
            }
            if busy:
                victim = max(busy, key=lambda addr: busy[addr])
                os.kill(workers[victim].pid, signal.SIGKILL)
                workers[victim].wait()
                killed.append((victim, busy[victim]))
                return
            time.sleep(0.002)

    watcher = threading.Thread(target=kill_the_first_worker_reviewing, daemon=True)
    try:
        with (
            chdir(CORPUS),
            reviewing_on_dask([SLICE], OptionsRecipe(), scheduler=client.scheduler.address) as run,
        ):
            watcher.start()
            report = render(run.report(), "json")
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert len(killed) == 1
    assert killed[0][1] > 0  # it was reviewing when it died
    assert workers[killed[0][0]].returncode == -signal.SIGKILL
    assert report == slice_report


def _fails_on_seed_two(items: list[tuple[str, bytes]], limits):
    if any(label == f"{SEEDS[2]}#1" for label, _ in items):
        raise RuntimeError("decoder crashed")
    return decode_partition(items, limits)


def test_a_partition_that_fails_to_decode_is_a_diagnostic(monkeypatch):
    from distributed import LocalCluster

    # workers are threads of this process, so they run the replaced decoding task
    monkeypatch.setattr(dask_mail, "_decode_task", _fails_on_seed_two)
    with (
        LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
        reviewing_on_dask(SEEDS, OptionsRecipe(), client=client, max_bytes=1) as run,
    ):
        report = run.report()
    lost = [d for d in report["diagnostics"] if "could not be decoded" in d["problem"]]
    assert len(lost) == 1
    assert "RuntimeError: decoder crashed" in lost[0]["problem"]
    assert f"{SEEDS[2]}#1 to {SEEDS[2]}#1" in lost[0]["problem"]
    full = review(SEEDS)
    # only that message is missing: every other one was read and grouped
    assert report["stats"]["messages"] == full["stats"]["messages"] - 1
