"""A reviewer answering another reviewer (issue 17, session 12, branch cmt17): words written
under a second reviewer's question or suggestion, not under the patch, that ask nothing back
and take up nothing, unanswered, a revision after them, are the reviewer's part in the
discussion between reviewers (`status._answers_reviewer`): discussed, not left unchanged.
Under the patch author's words the same remark is a point for the author. And code quoted
less deep than the patch above it is the reply's own suggestion, so words above it are
someone's words under the code (`focus.under_words`)."""

from __future__ import annotations

from patchlint.analysis.discussion.focus import under_words
from patchlint.analysis.discussion.own_words import QLine
from tests.analysis.thread_comments import LINUX, XEN, find

SMMU = XEN / "2025-arm-smmuv3-deassign-ack-with-fix.mbox"
PARAVIRT = LINUX / "2023-paravirt-enter-mmap-dmarc.mbox"
EFI = XEN / "2025-efi-argv-fixes-dispute-rb-with-reword.mbox"
NETVSC = LINUX / "2023-netvsc-rx-indirection-v6.mbox"
IMX27 = LINUX / "2023-pwm-imx27-output-bug-workaround.mbox"
ATS = XEN / "2020-pci-ats-withdrawn-rb.mbox"

# -- must: under another reviewer's words, in favour of the code as posted ----------------


def test_a_reviewer_answering_another_reviewers_suggestion_is_discussed() -> None:
    # Bertrand under Denis's "I think positive case first will be more readable. E.g.:
    # <code>": "... hence why i acked the original version instead of your suggestion";
    # v2 keeps the hunk. The request words ("instead", "needs to") argue with Denis.
    got = find(SMMU, "64A944FC-5E11-400D-A315-7575A9439343@arm.com", "Exiting early on error")
    assert got["status"] == "discussed"


def test_a_reviewer_answering_another_reviewers_question_is_discussed() -> None:
    # Peter under Srivatsa's "are we sure that merging the callbacks ... is a good idea?":
    # "... no new users of these must happen." asks the author nothing
    got = find(PARAVIRT, "Y8aTEfpw0Vm6g0hC@hirez.programming.kicks-ass.net", "PARAVIRT_ME_HARDER")
    assert got["status"] == "discussed"


def test_a_reviewer_under_another_reviewers_review_is_discussed() -> None:
    # Jan under Marek's review words on the message: the two reviewers' dispute
    got = find(EFI, "e425e0f6-a222-49b9-a74d-1b5bd43d5378@suse.com", "as written by the user")
    assert got["status"] == "discussed"


# -- must not ----------------------------------------------------------------------------


def test_a_remark_under_the_authors_words_stays_a_point() -> None:
    # under the author's answer, "there is a useless *newline*" is for the author: v3 kept
    # it, unchanged (counting the author's words too moved seven such comments)
    got = find(NETVSC, "fdf6ab76-cd2c-6596-41c1-369c176decad@wanadoo.fr", "useless *newline*")
    assert got["status"] == "unchanged"


def test_a_remark_under_a_reviewer_with_no_revision_after_stays_open() -> None:
    # under Uwe's review, no revision posted after it: nothing settled it
    got = find(IMX27, "d72d1ae5-0378-4bac-8b77-0bb69f55accd@gmx.net", "AFAIR the coding style")
    assert got["status"] == "open"


def test_a_remark_under_a_reviewer_that_the_next_revision_met_stays_addressed() -> None:
    # Jan adding to Julien's point: v2 returns bool; discussion does not outrank the change
    got = find(ATS, "f2930a1d-ec05-6c24-c012-76a307f97deb@suse.com", "ought to be returning bool")
    assert got["status"] == "addressed"


# -- the reply's own code quoted below the patch -----------------------------------------


def _quote(rows: list[tuple[int, str]]) -> list[QLine]:
    return [QLine(depth, text) for depth, text in rows]


def test_code_quoted_less_deep_than_the_patch_is_a_suggestion() -> None:
    lines = _quote(
        [
            (2, "+ if ( !dom )"),
            (2, "+ return NULL;"),
            (2, " return container_of(dom, struct arm_smmu_domain, domain);"),
            (1, "I think positive case first will be more readable."),
            (1, "E.g.:"),
            (1, "if ( dom )"),
            (1, "   return container_of(dom, struct arm_smmu_domain, domain);"),
        ]
    )
    assert under_words(lines, 6)
    # the patch's own last line, with nothing quoted less deep under it, is the code
    assert not under_words(lines[:3], 2)


def test_code_quoted_at_the_patchs_depth_is_the_patch() -> None:
    lines = _quote(
        [
            (1, "+ if ( !dom )"),
            (1, "+ return NULL;"),
            (1, " return container_of(dom, struct arm_smmu_domain, domain);"),
        ]
    )
    assert not under_words(lines, 2)
    # a suggestion of a word or two ("E.g.:") is not someone's words
    short = _quote([(2, "+ if ( !dom )"), (1, "E.g.:"), (1, "if ( dom )")])
    assert not under_words(short, 2)


# -- a request under the discussion, promised by the author, then a revision -------------

OVERLAY = XEN / "2024-dt-overlay-null-deref-committed.mbox"
PCI_BAR = XEN / "2022-pci-check-bar-ack-scope.mbox"


def test_a_request_under_the_discussion_promised_and_then_made_is_addressed() -> None:
    # Vikram under Julien's question to him: "For now, we can return from here without
    # printing anything ..."; Javi: "Ok, I'll send a v2 without the printk ..."; v2 does
    got = find(OVERLAY, "ZZ79VcZ1eCqfny-j@amd.com", "we can return from here")
    assert got["status"] == "addressed"
    assert got["addressed_in"] == 2


def test_a_point_under_the_discussion_answered_by_another_reviewer_stays_discussed() -> None:
    # Julien's "More questions for Vikram ...": Vikram answered, not the author promising
    got = find(OVERLAY, "e579994b-80ff-42db-bf57-6c6068fca902@xen.org", "More questions for")
    assert got["status"] == "discussed"
    # Bertrand's "... maybe would it be easier to fail if addr is not aligned": answered by
    # a summary of the reviewers' discussion, no promise; v5 changed the patch anyway
    got = find(PCI_BAR, "22E9182D-2345-4088-A9D6-76E62B110225@arm.com", "In here we have a range")
    assert got["status"] == "discussed"
