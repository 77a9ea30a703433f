"""Replies that settle a whole review mail (`analysis/discussion/whole_mail`), found on the
fourth blind set (fixtures/threads/linux/2022-*): a review withdrawn by its commenter in a
second mail, and a late review the maintainer turns into a follow-up the author accepts."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.acks import is_comment_text
from patchlint.analysis.discussion.whole_mail import takes_back
from tests.analysis.test_comment_mechanisms import RE, SUBJECT, with_v2
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

TWO_POINTS = (
    quote("+\tf->count = 0;")
    + "\n\nWhy reset the count here?\n\n"
    + quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;")
    + "\n\nPlease use frob_is_fast() for this."
)


def single(*replies: tuple[str, str, str, str | None]) -> list:
    """One revision (the newest) with replies (id, sender, body, parent)."""
    raws = [mail("p1@x", SUBJECT, PATCH)]
    for n, (mid, sender, body, parent) in enumerate(replies, 1):
        refs = ("p1@x",) if parent not in (None, "p1@x") else ()
        raws.append(
            mail(mid, RE, body, sender=sender, parent=parent or "p1@x", refs=refs, minute=n)
        )
    return comments_of(thread(*raws))


@pytest.mark.parametrize(
    "words",
    [
        "I see this was already applied.  Sorry for the noise.",
        "Please ignore my previous mail, I was looking at an old tree.",
        "Disregard this, wrong patch.",
        "Never mind.",
    ],
)
def test_words_that_take_the_whole_mail_back(words):
    assert takes_back(words)


@pytest.mark.parametrize(
    "words",
    [
        "Sorry for the noise, but please also rename frob_tick().",  # a new request
        "Never mind the first point, but why reset the count?",  # a question stays
        "Sorry for the delay.",
        "Please ignore the whitespace changes in the second hunk.",
    ],
)
def test_words_that_do_not(words):
    assert not takes_back(words)


def test_a_review_withdrawn_by_its_commenter_in_a_second_mail_is_settled():
    withdrawn = "I didn't see that this has already been applied.  Sorry for the noise."
    cs = with_v2(PATCH, ("r1@x", REVIEWER, TWO_POINTS, None), ("r2@x", REVIEWER, withdrawn, "r1@x"))
    # both points settled; the withdrawing words are not a point of their own
    assert [(c.status, c.withdrawn) for c in cs] == [("discussed", True)] * 2
    # the same words from someone else withdraw nothing
    cs = with_v2(PATCH, ("r1@x", REVIEWER, TWO_POINTS, None), ("o1@x", OTHER, withdrawn, "r1@x"))
    assert not any(c.withdrawn for c in cs)
    assert {c.status for c in cs} == {"unchanged"}


def test_the_author_accepting_a_review_as_a_whole_answers_its_points():
    cs = single(
        ("r1@x", REVIEWER, TWO_POINTS, None),
        (
            "a1@x",
            AUTHOR,
            "Thanks for the review, I will address these in the next version.",
            "r1@x",
        ),
    )
    assert [(c.status, c.answered_by) for c in cs] == [("discussed", ["a1@x"])] * 2


def test_a_follow_up_the_maintainer_asks_for_and_the_author_accepts():
    ask = "Ann or Rob, can someone please send me a fixup patch for this?"
    sure = quote(ask) + "\n\nSure. I will do this soon."
    cs = single(
        ("r1@x", REVIEWER, TWO_POINTS, None),
        ("o1@x", OTHER, ask, "r1@x"),
        ("a1@x", AUTHOR, sure, "o1@x"),
    )
    for point in ("Why reset", "frob_is_fast"):
        assert (one(cs, point).status, one(cs, point).answered_by) == ("discussed", ["a1@x"])
    # without the author's acceptance the points stay open
    cs = single(("r1@x", REVIEWER, TWO_POINTS, None), ("o1@x", OTHER, ask, "r1@x"))
    assert {one(cs, p).status for p in ("Why reset", "frob_is_fast")} == {"open"}


def test_a_point_answered_on_its_own_keeps_that_answer():
    inline = quote(TWO_POINTS.split("\n\nPlease")[0]) + "\n\nBecause frob_tick() reads it first."
    cs = single(
        ("r1@x", REVIEWER, TWO_POINTS, None),
        ("a1@x", AUTHOR, inline, "r1@x"),
        ("a2@x", AUTHOR, "I will address the rest in the next version.", "r1@x"),
    )
    assert one(cs, "Why reset").answered_by == ["a1@x"]
    assert one(cs, "frob_is_fast").answered_by == ["a2@x"]


def test_on_an_older_revision_the_next_revision_judges_instead():
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, TWO_POINTS, None),
        ("a1@x", AUTHOR, "Thanks, I will address these in v2.", "r1@x"),
    )
    assert {c.status for c in cs} == {"unchanged"}


# -- test reports and prefaces (acks) ------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        # linux-hyperv 2022: a tester's report, no request
        "I have tested the series on Arm64. I didn't see any issues with it. Thank you.",
        "V2 works as fine as V1 did. I have tested on Arm64 [1]. Thank you! Just small NIT below.",
        "Thanks. Some nits below.",
    ],
)
def test_test_reports_and_prefaces_are_not_comments(words):
    assert not is_comment_text(words)


@pytest.mark.parametrize(
    "words",
    [
        "Tested it, it does not work on arm64.",
        "I did not see any issues, but why is the lock dropped here?",
        "Works fine, but please rename it.",
        "Just small NIT below. Please rename it.",  # a preface then a request is a request
    ],
)
def test_reports_of_trouble_and_requests_stay_comments(words):
    assert is_comment_text(words)
