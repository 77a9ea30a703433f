"""Mechanisms found on the thirteenth and fourteenth blind sets (fixtures/threads/xen/
2021-libxl-acpi-*, 2021-xl-stubdom-*, 2022-libxl-list-vcpu-*; 2020-x86-*): a tag withheld in
words is a point, the patch's first author reviewing a revision someone else took over is a
reviewer, and the same change once meant by the reviewer is his own doings."""

from __future__ import annotations

from patchlint.analysis.discussion.acks import is_comment_text
from patchlint.model.trailer_words import around_lines
from tests.analysis.thread_comments import XEN, find, in_mail

MSR = XEN / "2020-x86-msr-perf-ctl-taken-over-rb-with-nits.mbox"

# -- a tag withheld in words ------------------------------------------------------------


def test_a_tag_withheld_is_a_point_not_tag_talk() -> None:
    lines = [
        'I would have given this my R-b, but Andrew\'s "straight up broken"',
        "comment needs resolving first, one way or another.",
        "",
        "Jan",
    ]
    assert around_lines(lines) == set()
    assert around_lines(["But I'm afraid I can't give it my R-b."]) == set()
    # tag talk that withholds nothing stays an aside
    assert around_lines(["Please retain my R-b with this added."]) == {0}


def test_the_withheld_tag_of_the_real_thread_is_a_comment() -> None:
    assert in_mail(MSR, "edc93f6b-4770-baed-9d00-428bce47e30b@suse.com", "I would have given")


# -- the first author reviewing a revision someone else took over -----------------------


def test_the_first_author_reviewing_a_taken_over_revision_is_a_reviewer() -> None:
    mid = "20201109183102.mrqklmpqyka5u6bt@Air-de-Roger"
    got = find(MSR, mid, "Would it be useful to add an assert here")
    assert got["status"] == "discussed"
    assert find(MSR, mid, "Is it even possible to fake")["status"] == "discussed"
    # his own hesitation over the same change is no point
    assert not in_mail(MSR, mid, "I was on the verge of doing this")


def test_the_same_change_once_meant_by_the_reviewer_is_no_point() -> None:
    assert not is_comment_text(
        "I was on the verge of doing this in v1, but wasn't really sure whether\n"
        "there was any use case to change the vendor for dom0 cpuid."
    )
    assert is_comment_text("I was about to do the same, but this is wrong: please drop it.")
    assert is_comment_text("I was going to do this, but shouldn't it take the lock?")


# -- words under the author's challenge defend the point ---------------------------------

SYSCALL = XEN / "2020-x86-pv-syscall-ud-abi-dispute-acked.mbox"
JAN_1 = "3060be1b-b036-92f6-02fa-a31933c76a63@suse.com"


def test_words_under_the_authors_but_question_are_a_point() -> None:
    # under Andrew's "Right, but what part of this discussion is relevant to 32bit PV
    # guests ...?": Jan defends his point; nobody answers it, v2 keeps the text
    got = find(SYSCALL, JAN_1, "To me your text doesn't make it clear")
    assert got["status"] == "unchanged"


def test_finding_the_text_unclear_is_no_remark_of_the_discussion() -> None:
    from patchlint.analysis.discussion.status import _FINDS_UNCLEAR

    assert _FINDS_UNCLEAR.search("To me your text doesn't make it clear that you only talk")
    assert _FINDS_UNCLEAR.search("It is not clear from the commit message why")
    assert not _FINDS_UNCLEAR.search("It's not clear to me yet whether I can test this today.")


# -- the author asking the reviewer what to do next ------------------------------------

VCPU = XEN / "2022-libxl-list-vcpu-patch-dropped-rb.mbox"


def test_words_under_the_authors_dont_we_are_a_point() -> None:
    # Dario: "I guess we want to change libxl_cputopology_list_free(), ... don't we?"
    got = find(VCPU, "YeWRyDGEFrOCeycP@perard", "I actually don't know if that would be useful")
    assert got["status"] == "addressed"  # the patch was dropped


def test_direction_questions() -> None:
    from patchlint.analysis.discussion.comments import _ASKS_DIRECTION

    assert _ASKS_DIRECTION.search("I guess we want to change foo_free() too, don't we?")
    assert _ASKS_DIRECTION.search("shouldn't we?")
    assert not _ASKS_DIRECTION.search("Does this not happen with kdump?")
    assert not _ASKS_DIRECTION.search("we don't need this anymore, do we?")


# -- an argument left unanswered keeps the commenter's last word --------------------------

NPT = XEN / "2020-x86-svm-npt-recalc-redesigned-open.mbox"


def test_a_pushing_back_nobody_answered_leaves_the_point_open() -> None:
    # Roger's proposal, argued against, his "Hm, I'm not sure I agree." unanswered, v2
    # keeps the general fall-through
    got = find(NPT, "20200522100846.GV54375@Air-de-Roger", "Couldn't direct MMIO regions")
    assert got["status"] == "open"
    # his question in that argument was answered: discussed, not open
    got = find(NPT, "20200522102339.GX54375@Air-de-Roger", "Ie: when global logdirty")
    assert got["status"] == "discussed"


def test_a_turn_from_the_argument_is_a_point_of_its_own() -> None:
    mid = "20200522111146.GZ54375@Air-de-Roger"
    argued = find(NPT, mid, "Hm, I'm not sure I agree")
    concern = find(NPT, mid, "That being said, I also don't like the fact")
    assert argued is not concern
    assert "That being said" not in argued["comment"]
    assert concern["status"] == "discussed"  # Jan: "there is no concept of misconfig in NPT"


def test_turning_splits_only_after_a_pushback() -> None:
    from patchlint.analysis.discussion.turns import points

    assert len(points("Hm, I'm not sure I agree. Foo is limited.\n\nThat being said, bar.")) == 2
    assert len(points("Foo looks fine to me.\n\nThat being said, bar should go.")) == 1


def test_polite_noes() -> None:
    from patchlint.analysis.discussion.acks import is_negative, is_request

    assert is_negative("Hm, I'm not sure I agree. p2m memory types are limited")
    assert is_negative("I disagree.")
    assert is_negative("In this case, not really.  That file doesn't exist")
    assert not is_negative("I'm not sure this is needed.")
    assert not is_negative("Well, that's the part of the change that we look to agree to make.")
    # the reviewer's own to-do is no request; "you should" still is
    assert not is_request("I admit I should go look at the code")
    assert is_request("I think you should go look at the code")
    assert is_request("we should take the lock here")


# -- a no under someone's words about the code defends it ------------------------------

ACPI = XEN / "2021-libxl-acpi-align-conditional-rb-pushed.mbox"


def test_a_no_under_another_reviewers_question_is_discussed() -> None:
    got = find(ACPI, "fb7c68c5-3fe0-7e61-fc9e-829345d471b3@citrix.com", "In this case, not really")
    assert got["status"] == "discussed"


# -- a reservation under the tag, broken off across the quote ---------------------------


def test_a_reservation_broken_off_under_the_tag_is_a_point() -> None:
    lines = ["Acked-by: Jan Beulich <jbeulich@suse.com>", "albeit I'm not quite happy with ..."]
    assert around_lines(lines) == {0}
    # an aside that ends its sentence stays an aside
    assert around_lines(["Acked-by: Jan Beulich <jbeulich@suse.com>", "for the x86 part."]) == {
        0,
        1,
    }
    ucode = XEN / "2025-x86-ucode-parse-doc-dispute-acked.mbox"
    mid = "b14362f4-aaa2-4ded-943f-4ad4a246f521@suse.com"
    got = find(ucode, mid, "albeit I'm not quite happy with")
    assert got["status"] == "discussed"


# -- the author questioning the reviewer's word -----------------------------------------


def test_words_under_the_authors_short_why_are_a_point() -> None:
    from patchlint.analysis.discussion.comments import _CHALLENGE

    spis = XEN / "2025-arm-nr-spis-macro-and-nit-rb.mbox"
    mid = "17173844-577F-44C0-AA74-984ACAEBABC3@arm.com"  # under "Why impossible? GIC can ..."
    assert find(spis, mid, "Maybe unsupported is a better wording")["status"] == "discussed"
    assert _CHALLENGE.match("Why impossible? GIC can support up to 1020 IRQs.")
    assert _CHALLENGE.match("Why not?")
    assert not _CHALLENGE.match("Why do you need this lock here?")
