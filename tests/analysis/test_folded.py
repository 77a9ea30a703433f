"""A request to fold patches together, met by a next revision that posts them as one
(status._folded): the x86/APIC series of xen-devel 2024, three patches posted again as
one after two reviewers asked for it."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.status import _FOLD
from tests.analysis.thread_comments import XEN, find

APIC = XEN / "2024-x86-apic-flat-phys-series-folded.mbox"


def test_fold_requests_met_by_the_series_posted_as_one_patch() -> None:
    # on patch 1 (Roger Pau Monne) and on the cover (the same, agreeing with Andrew)
    on_patch = find(APIC, "Zv-cFMCfSh6bht0Z@macbook.local", "folded into the same patch")
    assert on_patch["status"] == "addressed" and on_patch["addressed_in"] == 2
    on_cover = find(APIC, "Zv52JFtmTmM256XR@macbook.local", "in the same patch")
    assert on_cover["status"] == "addressed" and on_cover["addressed_in"] == 2


def test_comments_in_the_same_thread_that_ask_no_fold_are_not_met_by_it() -> None:
    # a point on the v2 (the folded patch itself) has no later revision to meet it
    later = find(APIC, "ZwURRqxvX0G7vRVV@macbook.local", "bigsmp.c and default.c")
    assert later["status"] != "addressed"


@pytest.mark.parametrize(
    "text",
    [
        "I wouldn't mind if it was all folded into the same patch TBH.",
        "we might as well do the conversion of GENAPIC_PHYS in the same patch",
        "Please squash this into the previous patch.",
        "I think it's fine to merge this with the previous commit",
        "Could you fold this into 2/5?",
    ],
)
def test_what_asks_for_a_fold(text: str) -> None:
    assert _FOLD.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Merge window is next week, so this can wait.",
        "This folds the two checks into one condition.",  # code, not patches
        "Split this into its own patch.",
        "The same patch was posted last week.",
    ],
)
def test_what_asks_for_no_fold(text: str) -> None:
    assert not _FOLD.search(text)
