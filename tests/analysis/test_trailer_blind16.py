"""The sixteenth blind set's trailer misses (xen-devel, 'xen/sched: fix restore_vcpu_affinity()
by removing it'): Marek's "With the now-unused function (also noticed by Jan) dealt with, you
can add my: Tested-by" came three minutes before v2, which met the condition and lacks the tag
(`analysis.trailers.dropped`); v2 also removes `sched_reset_affinity_broken()`, base code v1
kept, a code change under Dario's and Henry's acks (`analysis.trailers.material`)."""

from __future__ import annotations

from pathlib import Path

from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.analysis.trailers.dropped import _carried_next
from patchlint.analysis.trailers.index import SeriesIndex
from patchlint.analysis.trailers.material import _deletes_more
from patchlint.pipeline import load, review
from patchlint.pipeline.series import analyse_series
from tests.analysis.test_trailer_facts import THREADS, classes, lineage_of

SCHED = "xen/2022-sched-restore-vcpu-affinity-tags-after-build-fix.mbox"
MAREK = "marmarek@invisiblethingslab.com"


def test_a_conditional_tag_met_by_the_next_posting_and_missing_from_it_is_dropped() -> None:
    lin = lineage_of(SCHED)
    assert classes(lin, "marmarek")[2] == "dropped"
    [d] = [d for d in lin.dropped if d.trailer.person is not None and MAREK in str(d.trailer)]
    # valid, late, and over a material change: the function removed is code changed, and the
    # condition ("the now-unused function ... dealt with") names no code that would make it
    # the change asked for. A met condition does not override a material change: the
    # condition judge's "met" was wrong on two other tags (label13: Andre Przywara's R-b
    # under a changelog that lists more, Daniel Vetter's under a lock he objected to).
    assert (d.revision, d.from_revision, d.valid, d.changed) == (2, 1, True, True)
    assert d.changed_files == ("xen/common/sched/core.c",)
    assert d.late  # 12:47:35 vs v2 at 12:50:26
    assert d.given_by == "Y1J4x6gRYXoyo5Mc@mail-itl"


def test_the_drop_over_a_change_is_not_reported_and_the_acks_are_not_called_stale() -> None:
    report = review([str(THREADS / SCHED)])
    [series] = report["series"]
    found = [(f["code"], f["message"]) for f in series["findings"]]
    # TR007 speaks of tags dropped from a patch unchanged (or changed as asked): not this one
    assert not [m for c, m in found if c == "TR007"]
    # a dead static function removed is code changed, not a behaviour to review again
    assert not [c for c, _ in found if c == "TR002"]


def test_acks_carried_over_the_removal_of_base_code_are_over_a_material_change() -> None:
    lin = lineage_of(SCHED)
    assert classes(lin, "dfaggioli")[2] == "carried-over-material-change"
    assert classes(lin, "Henry.Wang")[2] == "carried-over-material-change"


def test_a_late_tag_is_not_dropped_where_the_next_posting_carries_it() -> None:
    grouping, _ = load([str(THREADS / SCHED)])
    [series] = grouping.series
    idx = SeriesIndex(series, series_interdiffs(series))
    v1 = series.revisions[0]
    [patch] = v1.patches.values()
    given = [g for g in idx.given(v1, patch) if g.trailer.is_review]
    carried = {g.trailer.canonical: _carried_next(idx, v1, patch, g.trailer) for g in given}
    # v2 took Dario's and Henry's acks, not Marek's late Tested-by; v2 has no next posting
    assert carried == {"Acked-by": True, "Release-Acked-by": True, "Tested-by": False}
    v2 = series.revisions[1]
    [new] = v2.patches.values()
    assert not any(_carried_next(idx, v2, new, g.trailer) for g in given)


def test_lines_the_older_patch_added_are_a_split_not_more_code_removed() -> None:
    gone = ["static void sched_reset_affinity_broken(const struct sched_unit *unit)", "}"]
    base_removed = {"static void sched_reset_affinity_broken(const struct sched_unit *unit)"}
    assert _deletes_more(gone, set(), base_removed)
    # the older patch added the line: the newer one leaves it out (a split), a removal
    assert not _deletes_more(gone, base_removed, base_removed)
    # the newer patch does not delete it either: not more code removed
    assert not _deletes_more(gone, set(), set())
    # only punctuation dropped: nothing to judge
    assert not _deletes_more(["}", ""], set(), {"}"})


def test_a_tag_given_after_the_posting_is_not_dropped_from_it(tmp_path: Path) -> None:
    text = (THREADS / SCHED).read_bytes()
    late = b"Date: Fri, 21 Oct 2022 12:47:35 +0200"
    assert late in text
    after = tmp_path / "after.mbox"  # Marek's tag five minutes after v2 was posted
    after.write_bytes(text.replace(late, b"Date: Fri, 21 Oct 2022 12:55:35 +0200"))
    grouping, _ = load([str(after)])
    [series] = grouping.series
    lin = analyse_series(series).lineage
    assert lin is not None
    assert not [d for d in lin.dropped if MAREK in str(d.trailer)]
    assert "dropped" not in classes(lin, "marmarek").values()
