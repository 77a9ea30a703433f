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
        "I would have given this my R-b, but Andrew's \"straight up broken\"",
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
