"""The review-comment mechanisms of issue 17, one synthetic thread each: comments on the commit
message, fix-up and named anchors, the point inside a quoted hunk, whitespace-only changes,
comments split where the author answers inline, rejected answers, status notices, fixes made
when committing, changelog credits, and the readings of a reply's own words (a sentence
continued across a quote, attribution lines in other languages, false quotes, signatures,
praise). docs/review-comments.md says what each means."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.comments import ReviewComment
from patchlint.analysis.revisions.compare import series_interdiffs
from tests.analysis.test_comments import (
    AUTHOR,
    LONG,
    MESSAGE,
    OTHER,
    PATCH,
    REVIEWER,
    comments_of,
    frob_diff,
    mail,
    one,
    quote,
    reviewed,
    thread,
)

SUBJECT = "[PATCH] frob: add the frobnicator"
RE = "Re: " + SUBJECT
V2 = "[PATCH v2] frob: add the frobnicator"


def with_v2(
    v2: str,
    *replies: tuple[str, str, str, str | None],
    after: tuple[tuple[str, str, str, str], ...] = (),
) -> list[ReviewComment]:
    """v1 (PATCH), replies (id, sender, body, parent) to it, then v2 and replies to v2."""
    raws = [mail("p1@x", SUBJECT, PATCH)]
    for n, (mid, sender, body, parent) in enumerate(replies, 1):
        refs = ("p1@x",) if parent not in (None, "p1@x") else ()
        raws.append(
            mail(mid, RE, body, sender=sender, parent=parent or "p1@x", refs=refs, minute=n)
        )
    raws.append(mail("p2@x", V2, v2, day=2))
    for n, (mid, sender, body, parent) in enumerate(after, 1):
        raws.append(
            mail(mid, "Re: " + V2, body, sender=sender, parent=parent, day=2, minute=n + 30)
        )
    return comments_of(thread(*raws))


def message(text: str) -> str:
    """The patch with another commit message body."""
    return PATCH.replace("The frobnicator frobs on init.", text)


# -- the commit message -----------------------------------------------------------------------


def test_a_reword_is_addressed_by_the_next_message_and_only_there():
    review = (
        quote("frob: add the frobnicator\n\nThe frobnicator frobs on init.")
        + "\n\ns/frobs/initialises/"
    )
    (done,) = with_v2(
        message("The frobnicator initialises on init."), ("r1@x", REVIEWER, review, None)
    )
    assert (done.anchor, done.file, done.status, done.addressed_in) == (
        "message",
        None,
        "addressed",
        2,
    )
    (kept,) = with_v2(PATCH, ("r1@x", REVIEWER, review, None))
    assert kept.status == "unchanged"
    # a change elsewhere in the message (a new paragraph under the sign-off's block of text)
    # does not touch the quoted sentence
    longer = MESSAGE.replace(
        "The frobnicator frobs on init.\n",
        "The frobnicator frobs on init.\n\nIt also frobs on resume.\n",
    )
    two = (
        "frob: add the frobnicator\n\nThe frobnicator frobs on init.\n\n"
        "Frobbing is cheap.\n\nSigned-off-by: Ann Author <ann@example.com>\n---\n"
    )
    raws = [
        mail("p1@x", SUBJECT, two + frob_diff()),
        mail(
            "r1@x",
            RE,
            quote("Frobbing is cheap.") + "\n\nHow cheap? Say so.",
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "p2@x",
            V2,
            longer.replace("The frobnicator", "The frobnicator", 1).replace(
                "It also frobs on resume.\n", "It also frobs on resume.\n\nFrobbing is cheap.\n"
            )
            + frob_diff(),
            day=2,
        ),
    ]
    (elsewhere,) = comments_of(thread(*raws))
    assert elsewhere.status == "unchanged"


def test_a_comment_naming_the_message_is_addressed_by_any_change_of_it():
    review = (
        quote("+\tf->state = FROB_IDLE;") + "\n\nPlease say in the commit message why "
        "it starts idle."
    )
    (c,) = with_v2(
        message("The frobnicator frobs on init, and starts idle."), ("r1@x", REVIEWER, review, None)
    )
    assert (c.anchor, c.line, c.status, c.addressed_in) == ("diff", 21, "addressed", 2)
    # a Fixes: tag asked for is part of what is compared; a Reviewed-by is not
    fixes = quote("The frobnicator frobs on init.") + "\n\nPlease add a Fixes tag."
    tagged = PATCH.replace("Signed-off-by:", 'Fixes: 123456789abc ("frob: base")\nSigned-off-by:')
    (f,) = with_v2(tagged, ("r1@x", REVIEWER, fixes, None))
    assert f.status == "addressed"
    reviewed_only = PATCH.replace(
        "Signed-off-by:", "Reviewed-by: Rob Reviewer <rob@example.org>\nSigned-off-by:"
    )
    (g,) = with_v2(reviewed_only, ("r1@x", REVIEWER, fixes, None))
    assert g.status == "unchanged"


def test_a_request_on_the_message_is_addressed_by_the_code_a_question_is_not():
    v2 = MESSAGE + frob_diff(state="FROB_READY")
    ask = quote("The frobnicator frobs on init.") + "\n\nWhy not start it ready instead?"
    (request,) = with_v2(v2, ("r1@x", REVIEWER, ask, None))
    assert (request.anchor, request.status) == ("message", "addressed")
    question = quote("The frobnicator frobs on init.") + "\n\nIs init the only caller?"
    answer = quote(question) + "\n\nIt is; resume calls init too."
    (q,) = with_v2(v2, ("r1@x", REVIEWER, question, None), ("a1@x", AUTHOR, answer, "r1@x"))
    assert (q.anchor, q.status, q.answered_by) == ("message", "discussed", ["a1@x"])


# -- anchors for comments that quote no code ----------------------------------------------------


FIXUP = (
    "Start it ready, like this:\n\n-- >8 --\n"
    "diff --git a/drivers/foo/frob.c b/drivers/foo/frob.c\n"
    "--- a/drivers/foo/frob.c\n+++ b/drivers/foo/frob.c\n"
    "@@ -20,3 +20,3 @@ static int frob_init(struct frob *f)\n"
    " \tf->count = 0;\n-\tf->state = FROB_IDLE;\n+\tf->state = FROB_READY;\n \n"
)


def test_a_fixup_after_scissors_anchors_the_comment_and_its_adoption_addresses_it():
    (c,) = with_v2(MESSAGE + frob_diff(state="FROB_READY"), ("r1@x", REVIEWER, FIXUP, None))
    assert (c.anchor, c.file, c.line) == ("fixup", "drivers/foo/frob.c", 21)
    assert c.comment == "Start it ready, like this:"
    assert c.excerpt == "+\tf->state = FROB_IDLE;"
    assert (c.status, c.addressed_in) == ("addressed", 2)
    (kept,) = with_v2(MESSAGE + frob_diff(fast="frob_is_fast(f)"), ("r1@x", REVIEWER, FIXUP, None))
    assert (kept.anchor, kept.status) == ("fixup", "unchanged")


def test_a_comment_naming_an_identifier_of_the_diff_is_anchored_to_it():
    (c,) = reviewed("Does frob_setup_with_a_rather_long_function_name() take a lock?")
    assert (c.anchor, c.file, c.line) == ("named", "drivers/foo/frob.c", 13)
    assert c.excerpt == "+" + LONG
    # the identifier the title names is what the whole patch is about: it points nowhere
    titled = PATCH.replace(
        "frob: add the frobnicator", "frob: call frob_setup_with_a_rather_long_function_name()"
    )
    (title,) = comments_of(
        thread(
            mail(
                "p1@x", "[PATCH] frob: call frob_setup_with_a_rather_long_function_name()", titled
            ),
            mail(
                "r1@x",
                "Re: [PATCH] frob",
                "Why frob_setup_with_a_rather_long_function_name()?",
                sender=REVIEWER,
                parent="p1@x",
                minute=1,
            ),
        )
    )
    assert title.anchor == "none"
    # v2 changes the named line: addressed
    v2 = (MESSAGE + frob_diff()).replace("FROB_FLAG_BETA, NULL", "NULL")
    (named,) = with_v2(
        v2,
        (
            "r1@x",
            REVIEWER,
            "frob_setup_with_a_rather_long_function_name() has too many flags.",
            None,
        ),
    )
    assert (named.status, named.addressed_in) == ("addressed", 2)


def test_a_robot_report_is_one_comment_anchored_where_it_points():
    body = (
        "Hi Ann,\n\nkernel test robot noticed the following build warnings:\n\n"
        "All warnings (new ones prefixed by >>):\n\n"
        ">> drivers/foo/frob.c:21:18: warning: 'FROB_IDLE' undeclared\n"
        "      21 |         f->state = FROB_IDLE;\n\n"
        "vim +21 drivers/foo/frob.c\n\n"
        "    20\t\tf->count = 0;\n"
        "  > 21\t\tf->state = FROB_IDLE;\n\n"
        "-- \n0-DAY CI Kernel Test Service\n"
    )
    (c,) = with_v2(
        MESSAGE + frob_diff(state="FROB_READY"),
        ("r1@x", "kernel test robot <lkp@intel.com>", body, None),
    )
    assert c.comment.startswith("kernel test robot noticed")
    assert ">> drivers/foo/frob.c:21:18" in c.comment  # its `>` lines are its own words
    assert (c.anchor, c.file, c.line) == ("named", "drivers/foo/frob.c", 21)
    assert (c.status, c.addressed_in) == ("addressed", 2)


def test_false_quotes_are_the_senders_words_real_ones_stay_quotes():
    body = "Here is what I get:\n\n> 1613\tbroken(listing);\n\nwhich is wrong."
    (c,) = reviewed(body)
    assert c.comment == "Here is what I get:\n\n> 1613\tbroken(listing);\n\nwhich is wrong."
    # the same lines under an attribution quote a mail that is not in the input
    attributed = "On Mon, Olga Other wrote:\n> 1613\tbroken(listing);\n\nWhich is wrong."
    (d,) = reviewed(attributed)
    assert (d.comment, d.anchor) == ("Which is wrong.", "prose")


# -- the point inside the quote ------------------------------------------------------------


HUNK = "+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;\n+\n+\tf->count = 0;\n+\tf->state = FROB_IDLE;"


def test_the_lines_a_comment_names_inside_a_long_quote_are_its_point():
    v2 = (MESSAGE + frob_diff()).replace("if (f->mode == FROB_FAST)", "if (frob_fast(f))")
    named = quote(HUNK) + "\n\nWhy test f->mode directly?"
    (c,) = with_v2(v2, ("r1@x", REVIEWER, named, None))
    assert (c.line, [[d.line for d in g] for g in c.groups]) == (21, [[18, 20, 21], [17]])
    assert (c.status, c.addressed_in) == ("addressed", 2)
    # naming nothing: only the last quoted lines count, and v2 left them alone
    (plain,) = with_v2(v2, ("r1@x", REVIEWER, quote(HUNK) + "\n\nI do not like this.", None))
    assert plain.status == "unchanged"


def test_a_quoted_empty_line_under_the_comment_is_part_of_its_point():
    blank = quote("+\t\treturn 0;\n+") + "\n\nUseless empty line."
    v2 = (
        (MESSAGE + frob_diff())
        .replace("+\t\treturn 0;\n+\n", "+\t\treturn 0;\n")
        .replace("+10,15 @@", "+10,14 @@")
    )
    (c,) = with_v2(v2, ("r1@x", REVIEWER, blank, None))
    assert (c.line, [[d.line for d in g] for g in c.groups]) == (18, [[18, 19]])
    assert (c.status, c.addressed_in) == ("addressed", 2)


def test_a_whitespace_only_change_addresses_an_indentation_comment():
    v2 = (MESSAGE + frob_diff()).replace("+\tf->count = 0;", "+        f->count = 0;")
    raws = [
        mail("p1@x", SUBJECT, PATCH),
        mail(
            "r1@x",
            RE,
            quote("+\tf->count = 0;") + "\n\nIndent with a tab? (it is)",
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail("p2@x", V2, v2, day=2),
    ]
    series = thread(*raws)
    (step,) = series_interdiffs(series)
    (pair,) = step.patches
    assert (pair.status, pair.detail, pair.material) == ("modified", "whitespace-only", False)
    (c,) = comments_of(series)
    assert (c.status, c.addressed_in) == ("addressed", 2)


# -- answers, point by point ------------------------------------------------------------------


TWO_POINTS = (
    quote("+\tf->count = 0;\n+\tf->state = FROB_IDLE;")
    + "\n\nWhy reset the count here? It is zeroed by kzalloc already.\n\n"
    "And please start in FROB_READY, idle makes no sense."
)


def test_inline_answers_between_points_split_the_comment():
    answer = (
        quote(quote("+\tf->count = 0;\n+\tf->state = FROB_IDLE;"), "")
        + "\n>\n> Why reset the count here? It is zeroed by kzalloc already.\n\n"
        "Not always: frob_reset() reuses it.\n\n"
        "> And please start in FROB_READY, idle makes no sense.\n\nWill do."
    )
    reset, ready = with_v2(
        MESSAGE + frob_diff(state="FROB_READY"),
        ("r1@x", REVIEWER, TWO_POINTS, None),
        ("a1@x", AUTHOR, answer, "r1@x"),
    )
    assert reset.comment == "Why reset the count here? It is zeroed by kzalloc already."
    assert ready.comment == "And please start in FROB_READY, idle makes no sense."
    assert [a.words for a in reset.answers] == ["Not always: frob_reset() reuses it."]
    assert [a.words for a in ready.answers] == ["Will do."]
    # both stand under the same quote; v2 changed the state line, which ends the quote: that
    # meets the request, but the objection to the reset was refused ("Not always") and v2's
    # change names nothing of it (no "count", no "reset"): settled by the answer (cmt14)
    assert (reset.status, ready.status) == ("discussed", "addressed")


def test_one_answer_under_the_whole_comment_keeps_it_whole():
    answer = quote(TWO_POINTS) + "\n\nGood points, both done in v2."
    (c,) = with_v2(
        MESSAGE + frob_diff(state="FROB_READY"),
        ("r1@x", REVIEWER, TWO_POINTS, None),
        ("a1@x", AUTHOR, answer, "r1@x"),
    )
    assert c.answered_by == ["a1@x"] and c.status == "addressed"


REVIEW = quote("+\tf->count = 0;") + "\n\nWhy reset the count here?"
ANSWER = quote(REVIEW) + "\n\nBecause frob_tick() reads it before the first interrupt."


def insisted(reaction: str, *more: tuple[str, str, str, str]) -> ReviewComment:
    """The comment, after the author's answer and the reviewer's `reaction` to it (itself a
    comment, unless it only acknowledges)."""
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, REVIEW, None),
        ("a1@x", AUTHOR, ANSWER, "r1@x"),
        ("r2@x", REVIEWER, quote(ANSWER) + "\n\n" + reaction, "a1@x"),
        after=more,
    )
    return one(cs, "Why reset the count here?")


def test_a_rejected_answer_leaves_the_comment_open():
    c = insisted("Yes, but frob_tick() cannot run before frob_init() returns.")
    assert [r.accepted for r in c.reactions] == [False]
    assert (c.answered_by, c.status) == (["a1@x"], "open")  # v2 kept the line: still open
    assert insisted("I see, thanks for the explanation.").status == "discussed"
    assert insisted("OK.").status == "discussed"


def test_a_review_tag_after_the_rejection_settles_it():
    ack = ("ok@x", REVIEWER, "Reviewed-by: Rob Reviewer <rob@example.org>", "p2@x")
    c = insisted("Hmm, still not convinced.", ack)
    assert c.status == "discussed"


def test_a_status_notice_quoting_a_comment_answers_it():
    notice = quote(REVIEW) + "\n\nThanks, applied."
    (c,) = comments_of(
        thread(
            mail("p1@x", SUBJECT, PATCH),
            mail("r1@x", RE, REVIEW, sender=REVIEWER, parent="p1@x", minute=1),
            mail("n1@x", RE, notice, sender=OTHER, parent="r1@x", refs=("p1@x",), minute=2),
        )
    )
    assert (c.answered_by, c.status) == (["n1@x"], "discussed")


def test_a_fix_offered_for_the_commit_is_addressed_when_applied():
    offer = (
        quote("The frobnicator frobs on init.") + "\n\ns/frobs/initialises/ - I can fix "
        "that while committing."
    )
    raws = [
        mail("p1@x", SUBJECT, PATCH),
        mail("r1@x", RE, offer, sender=REVIEWER, parent="p1@x", minute=1),
    ]
    (pending,) = comments_of(thread(*raws))
    assert pending.status == "open"
    raws.append(
        mail("n1@x", RE, "Applied to frob-next, thanks.", sender=REVIEWER, parent="p1@x", minute=9)
    )
    (c,) = comments_of(thread(*raws))
    assert (c.status, c.addressed_in) == ("addressed", 1)


def test_a_question_answered_no_is_not_addressed_by_an_unrelated_change():
    question = quote("+\tf->state = FROB_IDLE;") + "\n\nShould this be FROB_READY?"
    answer = quote(question) + "\n\nNo, FROB_READY is set by frob_start()."
    v2 = MESSAGE + frob_diff(state="FROB_IDLE | FROB_QUIET")
    (c,) = with_v2(v2, ("r1@x", REVIEWER, question, None), ("a1@x", AUTHOR, answer, "r1@x"))
    assert (c.status, c.addressed_in) == ("discussed", None)


def test_a_changelog_entry_naming_the_point_addresses_it():
    review = quote("+\tf->state = FROB_IDLE;") + "\n\nPlease document why frob starts idle."
    v2 = MESSAGE.replace("---\n", "---\nv2: document the idle start (Rob)\n") + frob_diff()
    (c,) = with_v2(v2, ("r1@x", REVIEWER, review, None))
    assert (c.status, c.addressed_in) == ("addressed", 2)
    unrelated = MESSAGE.replace("---\n", "---\nv2: rebased\n") + frob_diff()
    (d,) = with_v2(unrelated, ("r1@x", REVIEWER, review, None))
    assert d.status == "unchanged"


# -- what is and is not a comment -------------------------------------------------------------


def test_a_sentence_continued_across_a_quote_is_one_comment():
    body = "Except that ...\n\n" + quote("+\tf->count = 0;") + "\n\n... this resets it twice."
    (c,) = reviewed(body)
    assert c.comment == "Except that ...\n\n... this resets it twice."
    assert (c.anchor, c.line) == ("diff", 20)
    # a run that trails off ("as it was...") and the next point stay apart
    apart = reviewed(
        quote("+\tf->count = 0;")
        + "\n\nI wonder how this worked as it was...\n\n"
        + quote("+\tf->state = FROB_IDLE;")
        + "\n\nIdle is wrong."
    )
    assert [c.comment for c in apart] == ["I wonder how this worked as it was...", "Idle is wrong."]


@pytest.mark.parametrize(
    "attribution",
    [
        "Le 24/05/2023 à 16:10, Ann Author a écrit :",
        "Am 24.05.2023 um 16:10 schrieb Ann Author:",
        "在 2023/5/24 16:10, Ann Author 写道:",
        "ann@example.com:",
    ],
    ids=["french", "german", "chinese", "bare-address"],
)
def test_attribution_lines_in_other_languages_are_not_comments(attribution):
    body = attribution + "\n" + quote("+\tf->state = FROB_IDLE;") + "\n\nWhy idle?"
    assert [c.comment for c in reviewed(body)] == ["Why idle?"]


@pytest.mark.parametrize(
    "body",
    [
        "Sure, that looks good. Thank you!\n\nRegards,\nRob\nFrob Corp Ltd",
        "Looks 'sane' :-)",
        "Tested on x86, works fine.",
        "That looks awesome, I'm totally in favour of this :-)",
    ],
    ids=["signature-under-closing", "quoted-praise", "test-report", "praise"],
)
def test_praise_test_reports_and_signatures_are_not_comments(body):
    assert reviewed(body) == []


def test_a_test_report_of_trouble_is_a_comment():
    (c,) = reviewed("Tested on x86 and it crashes at boot.")
    assert c.status == "open"
