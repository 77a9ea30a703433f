"""A worker empties the package's memo caches after each review task (`pipeline.dask.trim`):
what a task filled them with goes, the load-once tables stay, and the reviews are the same;
and the LocalCluster's workers run without Dask's statistical profiler (`cluster`)."""

from __future__ import annotations

from distributed import Worker

from patchlint.analysis.discussion.own_words import read_reply
from patchlint.c.index import indexed
from patchlint.model.address import _parse_values
from patchlint.pipeline.dask import OptionsRecipe
from patchlint.pipeline.dask.cluster import dask_client
from patchlint.pipeline.dask.run import review_chunk
from patchlint.pipeline.dask.trim import after_task, memo_caches
from patchlint.pipeline.run import load
from patchlint.pipeline.series import review_series
from patchlint.vocabulary import vocabulary
from tests.pipeline.conftest import SEEDS


def test_a_task_leaves_the_memo_caches_empty_and_the_reviews_unchanged():
    grouping, _ = load(SEEDS[:6], None)
    recipe = OptionsRecipe(as_json=True)
    opts = recipe.build()
    local = [review_series(one, opts).entry for one in grouping.series]
    vocabulary()
    filled = {id(c) for c in memo_caches() if c.cache_info().currsize}
    assert {id(_parse_values), id(indexed), id(read_reply)} <= filled
    assert id(vocabulary) not in {id(c) for c in memo_caches()}
    after_task()
    assert all(c.cache_info().currsize == 0 for c in memo_caches())
    assert vocabulary.cache_info().currsize == 1  # a load-once table is kept
    for one, entry in zip(grouping.series, local, strict=True):  # a task per series
        assert [r.entry for r in review_chunk(recipe, [one])] == [entry]
        assert all(c.cache_info().currsize == 0 for c in memo_caches())


def _profiling(dask_worker: Worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks


def test_the_local_cluster_s_workers_keep_no_profile():
    with dask_client(None, 1) as client:
        assert list(client.run(_profiling).values()) == [False]
