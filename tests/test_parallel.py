"""ordered_map: results in input order for any number of workers, errors not swallowed."""

from __future__ import annotations

import os

import pytest

from patchlint.pipeline.workers import default_jobs, ordered_map


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("chunk", [1, 4, 50])
def test_results_come_back_in_input_order(jobs, chunk):
    items = list(range(23))
    results = list(ordered_map(_square_and_pid, items, jobs, chunk))
    assert [r for r, _ in results] == [n * n for n in items]


def test_work_runs_in_other_processes_when_asked():
    pids = {pid for _, pid in ordered_map(_square_and_pid, list(range(40)), 2, 1)}
    assert os.getpid() not in pids
    assert {pid for _, pid in ordered_map(_square_and_pid, [1, 2], 1)} == {os.getpid()}


def test_the_function_reaches_workers_without_pickling():
    # a lambda closing over a local cannot be pickled: forked workers inherit it
    offset = 5
    assert list(ordered_map(lambda n: n + offset, list(range(9)), 2, 2)) == list(range(5, 14))


def test_a_failing_item_fails_the_run():
    with pytest.raises(ValueError, match="seven"):
        list(ordered_map(_fails_on_seven, list(range(12)), 2, 2))


def test_stopping_early_does_not_wait_for_the_rest():
    results = ordered_map(_square_and_pid, list(range(1000)), 2, 1)
    assert next(results)[0] == 0
    results.close()  # the pool is shut down, queued work dropped


def test_default_jobs_is_the_usable_cpus():
    assert default_jobs() == len(os.sched_getaffinity(0))
