"""A review task's equal texts travel once (`pipeline.dask.share`): a series holding the same
mail many times (a RESEND storm; the copies of a replicated archive linked as re-posts) is
sent as one copy of each text plus the rest, and reviewed as before, byte for byte."""

from __future__ import annotations

import pickle

from patchlint.model.series import Series
from patchlint.pipeline.dask import OptionsRecipe
from patchlint.pipeline.dask.run import review_chunk
from patchlint.pipeline.dask.share import SHORTEST, share_text
from patchlint.pipeline.run import load
from tests.pipeline.conftest import SEEDS


def _storm(series: Series, copies: int) -> Series:
    """`series` with its revisions posted `copies` times over: every copy's mail equal to the
    first's but other objects (as mails decoded apart are)."""
    out = Series(signoff_practice=series.signoff_practice)
    for _ in range(copies):
        out.revisions.extend(pickle.loads(pickle.dumps(series.revisions)))
    return out


def _largest() -> Series:
    grouping, _ = load(SEEDS, None)
    return max(grouping.series, key=lambda s: len(pickle.dumps(s)))


def test_equal_texts_become_one_object_and_travel_once():
    one = _largest()
    storm = _storm(one, 8)
    before = len(pickle.dumps([storm]))
    first, last = storm.revisions[0], storm.revisions[-len(one.revisions)]
    patch, again = next(iter(first.patches.values())), next(iter(last.patches.values()))
    assert patch.diff == again.diff and patch.diff is not again.diff
    assert len(patch.diff) >= SHORTEST
    [shared] = share_text([storm])
    assert shared is storm
    assert patch.diff is again.diff and patch.message is again.message
    after = len(pickle.dumps([storm]))
    alone = len(pickle.dumps([_storm(one, 1)]))
    # eight copies now cost about one copy's texts plus the structure around them
    assert after < before / 3
    assert after < 3 * alone


def test_a_shared_storm_is_reviewed_as_before():
    one = _largest()
    recipe = OptionsRecipe(as_json=True)
    expected = [r.entry for r in review_chunk(recipe, [_storm(one, 3)])]
    storm = _storm(one, 3)
    assert [r.entry for r in review_chunk(recipe, share_text([storm]))] == expected
    # and unpickled on the other side, as a worker gets it
    sent = pickle.loads(pickle.dumps(share_text([_storm(one, 3)])))
    assert [r.entry for r in review_chunk(recipe, sent)] == expected


def test_short_texts_and_non_text_values_are_left_alone():
    values = ["x" * (SHORTEST - 1), ("y" * SHORTEST, 3), {"k": ["z" * SHORTEST]}, 7, None]
    copy = pickle.loads(pickle.dumps(values))
    assert share_text(copy) == values
