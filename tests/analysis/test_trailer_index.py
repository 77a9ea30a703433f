"""The trailer analyses' shared index (analysis/trailers/index.py): what it gathers once and
hands to every tag that asks (perf13) is what each tag used to gather for itself."""

from __future__ import annotations

from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.analysis.trailers.index import SeriesIndex
from patchlint.analysis.trailers.words import Given
from patchlint.model.grouping import group_messages
from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Revision
from tests.conftest import newest_third_and_seeds


def _given_as_before(idx: SeriesIndex, rev: Revision, patch: Patch) -> list[Given]:
    """`SeriesIndex.given` as it was before perf13 kept it per patch (the reference)."""
    own = [patch.message_key]
    cover = idx.cover_key(rev)
    if cover is not None:
        own.append(cover)
    out = [g for key in own for reply in idx.by_target.get(key, []) for g in idx.words(reply)]
    for other in rev.patches.values():
        if other.message_key == patch.message_key:
            continue
        out.extend(
            g
            for reply in idx.by_target.get(other.message_key, [])
            for g in idx.words(reply)
            if g.series
        )
    out.sort(key=lambda g: sort_time(g.date))
    return out


def test_the_tags_given_for_a_patch_are_gathered_once_as_before():
    """Every patch of every revision of the seed threads and of the newest third of the
    linux-hyperv slice: the same tags, in the same order, asked once or twice."""
    grouping = group_messages(newest_third_and_seeds(), [])
    patches = tags = series_stated = 0
    for series in grouping.series:
        idx = SeriesIndex(series, series_interdiffs(series))
        for rev in series.revisions:
            for patch in rev.patches.values():
                expected = _given_as_before(idx, rev, patch)
                assert list(idx.given(rev, patch)) == expected
                assert idx.given(rev, patch) is idx.given(rev, patch)  # kept, not redone
                patches += 1
                tags += len(expected)
                series_stated += sum(g.series for g in expected)
    assert patches > 300 and tags > 80 and series_stated > 0, (patches, tags, series_stated)
