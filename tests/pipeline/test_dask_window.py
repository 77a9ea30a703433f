"""What a run keeps out on the cluster is bounded by the weight of the mail in flight, not
by a count: whatever sits side by side in the input, a worker holds at most the bound (or
one chunk heavier than it), and the results come back in order."""

from __future__ import annotations

from contextlib import chdir

import pytest

from patchlint.pipeline.dask import OptionsRecipe
from patchlint.pipeline.dask.run import review_on
from patchlint.pipeline.dask.window import chunked, in_order, series_weight
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
def test_in_order_bounds_what_is_out_and_yields_in_order(most, most_bytes):
    weights = [4, 4, 4, 30, 1, 1, 1, 1, 5, 5, 5, 5, 2]
    out: set[int] = set()
    peaks: list[tuple[int, int]] = []

    def submit(chunk: int) -> int:
        out.add(chunk)
        weight = sum(weights[i] for i in out)
        peaks.append((len(out), weight if len(out) > 1 else 0))
        return chunk

    def take(chunk: int) -> list[int]:
        out.remove(chunk)
        return [chunk]

    chunks = [(i, w) for i, w in enumerate(weights)]
    got = list(in_order(chunks, submit, take, lambda _: None, most, most_bytes))
    assert got == list(range(len(weights)))
    assert max(n for n, _ in peaks) <= most
    assert max(w for _, w in peaks) <= most_bytes  # a heavier chunk only ever goes alone


def test_stopping_early_cancels_what_is_out():
    cancelled: list[int] = []
    chunks = [(i, 1) for i in range(10)]
    results = in_order(chunks, lambda c: c, lambda c: [c], cancelled.append, 4, 100)
    assert next(results) == 0
    results.close()
    assert cancelled == [1, 2, 3]


def test_reviews_one_chunk_at_a_time_equal_the_local_ones(cluster_of):
    grouping, _ = load(SEEDS, None)
    recipe = OptionsRecipe(as_json=True)
    opts = recipe.build()
    local = [review_series(one, opts).entry for one in grouping.series]
    assert len(local) > 8 and all(series_weight(one) > 0 for one in grouping.series)
    got = [r.entry for r in review_on(cluster_of[2], recipe, grouping.series, ahead_bytes=1)]
    assert got == local


def test_the_slice_reviewed_with_little_ahead_equals_the_local_report(cluster_of):
    with chdir(CORPUS):
        grouping, _ = load([SLICE], None)
    recipe = OptionsRecipe(as_json=True)
    some = grouping.series[:60]
    opts = recipe.build()
    local = [review_series(one, opts).entry for one in some]
    got = [r.entry for r in review_on(cluster_of[1], recipe, some, ahead_bytes=50_000)]
    assert got == local
