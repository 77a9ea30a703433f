"""Real Dask clusters for the distributed-run tests (a LocalCluster per worker count, shared
by the tests of this package) and the reference: the one-process pipeline's reports."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import chdir
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.pipeline import reviewing
from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.report.render import render
from tests.conftest import CORPUS, FIXTURES, require

SEEDS = sorted(str(p) for p in FIXTURES.glob("threads/**/*.mbox"))
# the slice by a path relative to the corpus: a copy at the same relative path elsewhere
# (the state test grows one) gives messages the same labels, so the same report
SLICE = "lists/linux-hyperv-last3000.mboxrd.gz"


def local_report(paths: list[str], config: Config = DEFAULT_CONFIG, jobs: int = 2) -> str:
    """The JSON report of the one-process pipeline: what every distributed run must equal."""
    with reviewing(paths, OptionsRecipe(config).build(), jobs) as run:
        return render(run.report(), "json")


@pytest.fixture(scope="session")
def slice_report() -> str:
    require(CORPUS / SLICE)
    with chdir(CORPUS):
        return local_report([SLICE])


@pytest.fixture(scope="package")
def cluster_of() -> Iterator[dict[int, Client]]:
    """`cluster_of[n]`: a client of a LocalCluster of n worker processes, started on first
    use and stopped after the last test of tests/pipeline (a cluster takes seconds to start;
    the tests using these only need *a* cluster, and a run leaves nothing on it that the
    next one reads: every test compares with a one-process report, so a leak would fail
    it). A test that kills or changes workers starts its own cluster."""
    made: list[tuple[LocalCluster, Client]] = []

    class Clusters(dict[int, Client]):
        def __missing__(self, n: int) -> Client:
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
            made.append((cluster, client))
            self[n] = client
            return client

    yield Clusters()
    for cluster, client in made:
        client.close()
        cluster.close()


def corpus_dir() -> Path:
    return CORPUS
