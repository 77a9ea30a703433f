"""Issue 17, TR004: a sender's standing (sender, sign-off) pair, told from the whole input
(`analysis.trailers.practice`), on real mail."""

from __future__ import annotations

from pathlib import Path

from patchlint.analysis.trailers.practice import (
    MIN_SERIES,
    established_pairs,
    mark_practice,
    mismatched_pairs,
    objected,
)
from patchlint.engine.registry import default_registry
from patchlint.pipeline.run import load, review

CASES = Path(__file__).resolve().parents[2] / "rules" / "signoff-author-mismatch" / "cases"
# Daniel Vetter, the virtualization list 2019-2020: three DRM series from ffwll.ch, each
# signed off with his intel.com address
DANIEL = ("daniel.vetter@ffwll.ch", "daniel.vetter@intel.com")
# Xuewei Niu's SIOCINQ v5 (linux-hyperv/netdev, July 2025), which Stefano Garzarella answered
# with the netdev CI's "From:/Signed-off-by: email address mismatch"
XUEWEI = ("niuxuewei97@gmail.com", "niuxuewei.nxw@antgroup.com")


def _series(name: str):  # type: ignore[no-untyped-def]
    grouping, _ = load([str(CASES / name)])
    return grouping.series


def test_three_unobjected_series_make_a_standing_pair() -> None:
    series = _series("standing-pair.mbox")
    assert len(series) == MIN_SERIES == 3
    assert all(mismatched_pairs(s) == {DANIEL} for s in series)
    _, standing = established_pairs(series)
    assert standing == {DANIEL}
    assert all(s.signoff_practice == frozenset({DANIEL}) for s in series)  # `load` marked them


def test_two_series_are_not_yet_a_practice() -> None:
    series = _series("two-series-not-yet.mbox")
    assert len(series) == 2
    assert established_pairs(series)[1] == set()
    assert all(not s.signoff_practice for s in series)


def test_one_objection_anywhere_and_the_pair_is_nobodys_practice() -> None:
    series = _series("objected-pair.mbox")
    assert len(series) == 3
    assert [objected(s, DANIEL) for s in series].count(True) == 1
    assert established_pairs(series)[1] == set()
    assert all(not s.signoff_practice for s in series)


def test_the_ci_warning_forwarded_by_a_reviewer_is_an_objection() -> None:
    (series,) = _series("from-gmail-signed-at-work.mbox")
    assert mismatched_pairs(series) == {XUEWEI}
    assert objected(series, XUEWEI)


def test_a_sender_who_signs_off_as_they_send_has_no_pair() -> None:
    (series,) = _series("same-address.mbox")
    assert mismatched_pairs(series) == set()


def test_marking_is_per_series_and_only_for_its_own_pairs() -> None:
    daniel = _series("standing-pair.mbox")
    (xuewei,) = _series("from-gmail-signed-at-work.mbox")
    for s in (*daniel, xuewei):
        s.signoff_practice = frozenset()
    mark_practice([*daniel, xuewei])
    assert all(s.signoff_practice == frozenset({DANIEL}) for s in daniel)
    assert xuewei.signoff_practice == frozenset()


def _tr004(name: str, jobs: int) -> list[tuple[int, int]]:
    report = review([str(CASES / name)], selection=default_registry().select(["TR004"]), jobs=jobs)
    return sorted(
        (f["revision"], f["patch"])
        for s in report["series"]
        for f in s["findings"]
        if f["code"] == "TR004"
    )


def test_the_index_travels_with_each_series_to_the_worker_processes() -> None:
    assert _tr004("standing-pair.mbox", jobs=2) == []
    assert _tr004("two-series-not-yet.mbox", jobs=2) == [(1, 8), (1, 25)]
