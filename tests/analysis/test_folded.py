"""A request to fold patches together, met by a next revision that posts them as one
(status._folded): the x86/APIC series of xen-devel 2024, three patches posted again as
one after two reviewers asked for it."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.status import _ASKS_CODE_COMMENT, _FOLD, _comment_lines
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


UPCALL = XEN / "2023-x86-hvm-upcall-verbosity-comment-acked.mbox"


def test_a_request_for_a_code_comment_met_by_the_comment_added() -> None:
    # Andrew Cooper: "I think the logic added is fine, although it could do with a small
    # comment explaining why."; v2 adds "/* Avoid logging all-identical messages ... */"
    asked = find(UPCALL, "47ee1d58-0862-4e9b-9177-a213615864d6@citrix.com", "small comment")
    assert asked["status"] == "addressed" and asked["addressed_in"] == 2


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("it could do with a small comment explaining why", True),
        ("At that point in the code, I'd add a comment about that assumption", True),
        ("This deserves a comment.", True),
        ("I agree that clarity and space for the comment about why the flag exists", False),
        ("The comment explaining the magic value is wrong.", False),
        ("Reviewed-by: X, with a comment below", False),
    ],
)
def test_what_asks_for_a_code_comment(text: str, asks: bool) -> None:
    assert bool(_ASKS_CODE_COMMENT.search(text)) is asks


def test_the_comment_lines_a_diff_adds_in_a_file() -> None:
    diff = (
        "--- a/x.c\n+++ b/x.c\n@@ -1 +1,4 @@\n+/*\n+ * why it is so\n+ */\n+*ptr = 0;\n"
        "--- a/y.c\n+++ b/y.c\n@@ -1 +1,2 @@\n+// elsewhere\n"
    )
    # a bare opening says nothing: the lines after it do
    assert _comment_lines(diff, "x.c") == ["+ * why it is so", "+ */"]
    assert _comment_lines(diff, None)[-1] == "+// elsewhere"  # `*ptr` is code, not a comment
