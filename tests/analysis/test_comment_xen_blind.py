"""Comment mechanisms found on the third blind set (fixtures/threads/xen/2025-*), one
synthetic thread each: a point written under a quote of the whole commit message, a
follow-up quoting an answer the mailer re-wrapped, and a request put as a question taken
with a bare "Sure.". docs/review-comments.md says what each means."""

from __future__ import annotations

from patchlint.analysis.discussion.comments import ReviewComment
from tests.analysis.test_comment_mechanisms import RE, SUBJECT, V2, with_v2
from tests.analysis.test_comments import (
    AUTHOR,
    PATCH,
    REVIEWER,
    comments_of,
    frob_diff,
    mail,
    one,
    quote,
    thread,
)

BODY = (
    "The frobnicator frobs on init,\n"
    "which it has to do twice\n"
    "because the hardware forgets\n"
    "what it was told the first time.\n"
    "Doing it from the boot shell\n"
    "crashed with an empty option list\n"
    "as the count was never written\n"
    "when the separator came first.\n"
)
FIXES = 'Fixes: 123456789abc ("frob: base")\n'


def long_patch(body: str = BODY) -> str:
    """A patch whose message is eight lines and a Fixes: tag."""
    return (
        "frob: add the frobnicator\n\n"
        + body
        + "\n"
        + FIXES
        + "Signed-off-by: Ann Author <ann@example.com>\n---\n"
        + frob_diff()
    )


def v1_and(v2: str, review: str) -> list[ReviewComment]:
    """v1 (long_patch), one review of it, then v2."""
    return comments_of(
        thread(
            mail("p1@x", SUBJECT, long_patch()),
            mail("r1@x", RE, review, sender=REVIEWER, parent="p1@x", minute=1),
            mail("p2@x", V2, v2, day=2),
        )
    )


# the whole message quoted (as xen-devel reviewers quote everything above their remark)
WHOLE = quote(BODY + "\n" + FIXES + "Signed-off-by: Ann Author <ann@example.com>")
REWORDED = long_patch(BODY.replace("The frobnicator frobs on init,", "The frobnicator inits,"))


def test_a_point_under_a_whole_message_quote_is_about_the_lines_it_sits_under():
    # "You said ..." and "spelling out" speak of the discussion, not of the message's words
    objection = (
        WHOLE + "\n\nHave you convinced yourself this is not a workaround for a bug elsewhere?"
        " You said you saw it with grub only. That it is so may not even need spelling out."
    )
    (c,) = v1_and(REWORDED, objection)
    # the first line was reworded, the lines the point sits under (and the Fixes:) were not
    assert (c.anchor, c.status) == ("message", "unchanged")
    # a change where it sits (the Fixes: tag) addresses it
    refixed = long_patch().replace("123456789abc", "abcdef012345")
    (d,) = v1_and(refixed, objection)
    assert (d.status, d.addressed_in) == ("addressed", 2)
    # a comment about the words is about all of them: a reword anywhere addresses it
    reword = WHOLE + "\n\nPlease reword this, it is hard to follow."
    (e,) = v1_and(REWORDED, reword)
    assert (e.status, e.addressed_in) == ("addressed", 2)


REVIEW = quote("+\tf->count = 0;") + "\n\nIs this reset not undefined on the first pass?"
ANSWER = (
    quote(REVIEW)
    + "\n\nI do not think so. Some frobs even read the count before the\n"
    + "first interrupt arrives, like frob_tick."
)
WITHOUT_COUNT = PATCH.replace("+\tf->count = 0;\n", "")


def test_a_follow_up_quoting_a_rewrapped_answer_points_at_the_code_of_that_answer():
    follow_up = (
        quote("Some frobs even read the count before the first interrupt arrives, like frob_tick.")
        + "\n\nRight, but that does not make the reset well-defined."
    )
    cs = with_v2(
        WITHOUT_COUNT,
        ("r1@x", REVIEWER, REVIEW, None),
        ("a1@x", AUTHOR, ANSWER, "r1@x"),
        ("r2@x", REVIEWER, follow_up, "a1@x"),
    )
    c = one(cs, "Right, but")
    assert (c.anchor, c.line) == ("inherited", 20)
    assert (c.status, c.addressed_in) == ("addressed", 2)
    # a quote of words nobody wrote in the thread stays prose
    stray = quote("Frobs of this kind were common in the nineties, like the old ones.")
    cs = with_v2(
        WITHOUT_COUNT,
        ("r1@x", REVIEWER, REVIEW, None),
        ("a1@x", AUTHOR, ANSWER, "r1@x"),
        ("r2@x", REVIEWER, stray + "\n\nRight, but not here.", "a1@x"),
    )
    assert one(cs, "Right, but not here").anchor in ("prose", "none")


ASK = quote("+\tf->state = FROB_IDLE;") + "\n\nUse the name from frob-states.h here?"
RENAMED = PATCH.replace("f->state = FROB_IDLE;", "f->state = FROB_STATE_IDLE;")


def test_a_request_put_as_a_question_taken_with_a_bare_assent_is_addressed():
    for assent in ("Sure.", "OK, will do.", "Sure, thanks."):
        (c,) = with_v2(
            RENAMED,
            ("r1@x", REVIEWER, ASK, None),
            ("a1@x", AUTHOR, quote(ASK) + "\n\n" + assent, "r1@x"),
        )
        assert (c.status, c.addressed_in) == ("addressed", 2), assent
    # an explanation is no assent: the question is settled by the answer, not the change
    (d,) = with_v2(
        RENAMED,
        ("r1@x", REVIEWER, ASK, None),
        ("a1@x", AUTHOR, quote(ASK) + "\n\nThat header is not included here.", "r1@x"),
    )
    assert d.status == "discussed"


UNDEFINED = quote("+\tf->count = 0;") + "\n\nResetting here is undefined, if I'm not mistaken."


def defended(author_words: str, reviewer_words: str) -> list[ReviewComment]:
    """The author answers UNDEFINED (`author_words`, two lines); the reviewer's mailer
    re-wraps that answer's first sentence onto a line of its own above `reviewer_words`."""
    answer = quote(UNDEFINED) + "\n\n" + author_words
    first = author_words.replace("\n", " ").split("? ", 1)[0] + "?"
    follow_up = (
        quote(quote("+\tf->count = 0;") + "\n\nResetting here is undefined, if I'm not mistaken.")
        + "\n>\n"
        + quote(first)
        + "\n\n"
        + reviewer_words
    )
    return with_v2(
        WITHOUT_COUNT,
        ("r1@x", REVIEWER, UNDEFINED, None),
        ("a1@x", AUTHOR, answer, "r1@x"),
        ("r2@x", REVIEWER, follow_up, "a1@x"),
    )


def test_the_reviewer_defending_a_point_the_author_said_no_to_is_a_comment():
    cs = defended(
        "Not as far as I know. Why? Some frobs even read the count before\nthe first interrupt.",
        "Increment and decrement operators are like additions, see the standard.",
    )
    c = one(cs, "Increment and decrement")
    assert (c.anchor, c.status, c.addressed_in) == ("diff", "addressed", 2)
    # an author's plain question is answered, not commented on
    cs = defended(
        "Does this not happen on resume too? Some frobs even read the count\nagain there.",
        "It does, the same path runs on resume.",
    )
    assert not [c for c in cs if "same path runs" in c.comment]
