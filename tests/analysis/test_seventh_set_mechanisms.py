"""Mechanisms found on the seventh blind set (fixtures/threads/linux/2021-iommu-*): b4's
thank-you note listing several applied patches (`acks.is_status_notice`), a request on the
cover letter's words met by the next cover (`cover`)."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.acks import is_status_notice
from patchlint.analysis.discussion.model import ReviewComment
from tests.analysis.test_comment_mechanisms import with_v2
from tests.analysis.test_comments import (
    AUTHOR,
    OTHER,
    PATCH,
    REVIEWER,
    comments_of,
    mail,
    one,
    quote,
    thread,
)

B4_THREE = (
    "Applied to will (for-joerg/arm-smmu/updates), thanks!\n\n"
    "[1/3] iommu/arm-smmu-v3: Split arm_smmu_tlb_inv_range()\n"
    "      https://git.kernel.org/will/c/eba8d2f8f803\n"
    "[2/3] iommu/arm-smmu-v3: Make BTM optional for SVA\n"
    "      https://git.kernel.org/will/c/51d113c3be09\n"
    "[3/3] iommu/arm-smmu-v3: Add support for VHE\n"
    "      https://git.kernel.org/will/c/9111aebf770d"
)


# -- b4's list of applied patches is part of the notice (acks.is_status_notice) -------------


@pytest.mark.parametrize(
    "words",
    [
        B4_THREE,
        B4_THREE.replace("https://git.kernel.org/will/c/", "commit: "),
        "Applied to for-next, thanks!\n\n"
        + "\n".join(
            f"[{n}/5] frob: a patch title number {n}\n      commit: 0123456789ab"
            for n in range(1, 6)
        ),
    ],
)
def test_b4s_list_of_applied_patches_is_part_of_the_notice(words):
    assert is_status_notice(words)


@pytest.mark.parametrize(
    "words",
    [
        # a review after the notice: its words still count
        "Applied to for-next, thanks!\n\n[1/1] frob: add the frobnicator\n"
        "      https://git.kernel.org/x/c/0123456789ab\n\n"
        "But I think frob_tick() should not reset the counter when the device is idle, because "
        "the hardware keeps the last value and we lose the first interrupt that way. Please "
        "send a follow-up that keeps the counter and explains in the commit message why the "
        "idle state needs it.",
        # a list of patches that is not b4's (no notice above it)
        "[1/3] frob: split\n      https://example.org/a\nPlease squash these two.",
    ],
)
def test_words_beside_the_list_are_not_hidden(words):
    assert not is_status_notice(words)


# -- the cover letter's words (cover) -----------------------------------------------------

COVER = (
    "The SATC table lists the devices that require SATC. OS software can use this\n"
    "table to enable ATS only for the devices in the list.\n\n"
    "Ann Author (1):\n  frob: add the frobnicator\n"
)
REWORDED = (
    "The SATC (SoC-integrated address translation cache) table lists the devices\n"
    "whose ATC must be enabled through ATS for them to work.\n\n"
    "Ann Author (1):\n  frob: add the frobnicator\n"
)
GIBBERISH = (
    quote("The SATC table lists the devices that require SATC. OS software can use this")
    + "\n\nThis all sounds like gibberish. Please expand and if necessary explain\n"
    "acronyms when first used in each commit log / cover letter."
)
DESIGN = (
    quote("The SATC table lists the devices that require SATC. OS software can use this")
    + "\n\nWhy not enable ATS for every device behind this IOMMU instead?"
)


def covered(review: str, v2_cover: str) -> list[ReviewComment]:
    """v1 (cover + one patch), a review of the cover, v2 (cover + the same patch)."""
    return comments_of(
        thread(
            mail("c1@x", "[PATCH 0/1] frob: SATC", COVER),
            mail("p1@x", "[PATCH 1/1] frob: add the frobnicator", PATCH, parent="c1@x", minute=1),
            mail(
                "r1@x",
                "Re: [PATCH 0/1] frob: SATC",
                review,
                sender=REVIEWER,
                parent="c1@x",
                minute=2,
            ),
            mail(
                "a1@x",
                "Re: [PATCH 0/1] frob: SATC",
                quote(review) + "\n\nI will rephrase the words.",
                sender=AUTHOR,
                parent="r1@x",
                refs=("c1@x",),
                minute=3,
            ),
            mail("c2@x", "[PATCH v2 0/1] frob: SATC", v2_cover, day=2),
            mail(
                "p2@x",
                "[PATCH v2 1/1] frob: add the frobnicator",
                PATCH,
                parent="c2@x",
                day=2,
                minute=1,
            ),
        )
    )


def test_a_request_on_the_covers_words_is_addressed_by_the_reworded_cover():
    c = one(covered(GIBBERISH, REWORDED), "gibberish")
    assert (c.patch, c.anchor, c.status, c.addressed_in) == (None, "prose", "addressed", 2)


def test_a_cover_that_keeps_the_quoted_words_leaves_it_discussed():
    c = one(covered(GIBBERISH, COVER + "\nv2: rebased.\n"), "gibberish")
    assert (c.status, c.addressed_in) == ("discussed", None)


def test_a_question_on_the_testing_is_not_answered_by_a_rewritten_cover():
    # "the fixes" names a Fixes: tag for a patch; a cover has none (linux-hyperv 2026)
    asked = quote("table to enable ATS only for the devices in the list.")
    c = one(covered(asked + "\n\nHow were the fixes tested?", REWORDED), "fixes tested")
    assert (c.status, c.addressed_in) == ("discussed", None)


def test_a_design_question_on_the_cover_is_not_answered_by_a_rewritten_cover():
    c = one(covered(DESIGN, REWORDED), "Why not enable ATS")
    assert (c.status, c.addressed_in) == ("discussed", None)


# -- a comment taken back in the commenter's next mail, sent on something else (whole_mail) -

FIRST = (
    quote("+\tf->count = 0;") + "\n\nMaybe pass the count in directly instead of resetting it here?"
)
LATER = (
    quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;")
    + "\n\nPerhaps test frob_is_fast() directly here?\n\n"
    "Obviously that also proves my previous comment involved a reading comprehension\n"
    "failure and too much haste, so should be discounted. Sorry about that :)"
)
CHANGED = PATCH.replace("f->count = 0;", "f->count = 1;")


def _two_reviews(later: str, sender: str = REVIEWER) -> list[ReviewComment]:
    # both mails answer the patch: the second does not answer the first
    return with_v2(CHANGED, ("r1@x", REVIEWER, FIRST, None), ("r2@x", sender, later, None))


@pytest.mark.parametrize(
    "words",
    [
        LATER,
        quote("+\tif (f->mode == FROB_FAST)") + "\n\nPlease disregard my earlier reply, I misread.",
        quote("+\tif (f->mode == FROB_FAST)") + "\n\nScratch my last comment: it is right.",
    ],
)
def test_a_later_mail_taking_back_my_previous_comment_settles_it(words):
    first = one(_two_reviews(words), "pass the count in")
    assert (first.withdrawn, first.status) == (True, "discussed")


def test_the_later_mails_own_point_stands():
    later = one(_two_reviews(LATER), "frob_is_fast() directly")
    assert not later.withdrawn


@pytest.mark.parametrize(
    "words",
    [
        quote("+\tif (f->mode == FROB_FAST)") + "\n\nMy previous comment still stands, though.",
        quote("+\tif (f->mode == FROB_FAST)")
        + "\n\nAs in my previous mail: please ignore errors here.",
        quote("+\tif (f->mode == FROB_FAST)")
        + "\n\nIt seems my previous comments were ignored in this version.",
    ],
)
def test_a_mention_of_the_previous_mail_takes_nothing_back(words):
    first = one(_two_reviews(words), "pass the count in")
    assert (first.withdrawn, first.status) == (False, "addressed")


def test_someone_elses_take_back_withdraws_nothing():
    first = one(_two_reviews(LATER, sender=OTHER), "pass the count in")
    assert (first.withdrawn, first.status) == (False, "addressed")


# -- a question asked under someone's words about the code (focus.under_words) --------------

CODE = "+\tf->count = 0;"
ASKED = quote(CODE) + "\n\nWhy reset the count here? Nothing reads it before the first tick."
EXPLAINED = quote(ASKED) + "\n\nfrob_tick() reads it on the first interrupt, before any tick."
CONFIRM = (
    quote(EXPLAINED) + "\n\nIsn't the first interrupt masked until frob_start()? "
    "Does this patch aim to fix that?"
)


def _asked(confirm: str) -> list[ReviewComment]:
    confirmed = quote(confirm) + "\n\nCorrect, this is what I mean."
    return with_v2(
        CHANGED,
        ("r1@x", REVIEWER, ASKED, None),
        ("a1@x", AUTHOR, EXPLAINED, "r1@x"),
        ("r2@x", REVIEWER, confirm, "a1@x"),
        ("a2@x", AUTHOR, confirmed, "r2@x"),
        ("r3@x", REVIEWER, quote(confirmed) + "\n\nSo how about one in frob_start()?", "a2@x"),
        # the reviewer acks v2: the proposal was taken, nothing was left rejected
        after=(("r4@x", REVIEWER, "Acked-by: Rob Reviewer <rob@example.org>", "p2@x"),),
    )


def test_a_question_under_the_authors_explanation_is_settled_by_the_answer():
    c = one(_asked(CONFIRM), "Does this patch aim")
    assert (c.anchor, c.under_words) == ("diff", True)
    assert (c.status, c.addressed_in) == ("discussed", None)


def test_the_same_question_under_the_code_is_addressed_by_the_change():
    # quoted under the code itself, the reviewer's next proposal keeps the change its answer
    c = one(
        _asked(quote(CODE) + "\n\nIsn't the first interrupt masked? Does this aim at it?"),
        "aim at it",
    )
    assert (c.under_words, c.status) == (False, "addressed")


def test_an_argument_closing_with_a_question_under_someones_words_is_addressed():
    argued = quote(EXPLAINED) + (
        "\n\nI have not seen that interrupt so far. But I worry that a slow host delays it. "
        "Then the count is stale for a whole period. And the log fills up with warnings. "
        "Isn't one reset in frob_start() enough?"
    )
    c = one(_asked(argued), "one reset in frob_start() enough")
    assert (c.under_words, c.status) == (True, "addressed")
