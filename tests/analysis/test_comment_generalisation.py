"""Comment mechanisms found on the blind held-out threads (fixtures/threads/linux/2024-*),
one synthetic thread each: Outlook header blocks opening a quote, a third person's answer
rejected by the commenter, an insertion right under the quoted line, a "no" that promises
the change, tag lines of the commit message, a comment written after the next revision,
code the comment writes out, and changelog entries wrapped over lines.
docs/review-comments.md says what each means."""

from __future__ import annotations

from patchlint.analysis.discussion.comments import ReviewComment
from patchlint.analysis.discussion.credit import entries
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from tests.analysis.test_comment_mechanisms import RE, SUBJECT, V2, message, with_v2
from tests.analysis.test_comments import (
    AUTHOR,
    MESSAGE,
    OTHER,
    PATCH,
    REVIEWER,
    comments_of,
    frob_diff,
    mail,
    one,
    quote,
    thread,
)
from tests.conftest import FIXTURES

REVIEW = quote("+\tf->count = 0;") + "\n\nWhy reset the count here?"
OUTLOOK_HEAD = (
    "-----Original Message-----\n"
    "From: Rob Reviewer <rob@example.org>\n"
    "Sent: Monday, January 1, 2024 10:01 AM\n"
    "To: Ann Author <ann@example.com>\n"
    "Cc: linux-kernel@vger.kernel.org; linux-frob@vger.kernel.org; Olga\n"
    "Other <olga@example.net>; Sam Someone <sam@example.com>; Tim Tester\n"
    "<tim@example.com>; Una Uploader <una@example.com>\n"
    "Subject: Re: [PATCH] frob: add the frobnicator\n"
)


# a question on the purpose, quoting the commit message: the answer's quote holds no code
PURPOSE = quote("The frobnicator frobs on init.") + "\n\nBut why? The core frobs already."


def outlook_answer(words: str) -> str:
    """OTHER's Outlook reply: the header block quoted above the review, then `words`."""
    return quote(OUTLOOK_HEAD + "\n" + PURPOSE) + "\n" + words


def test_an_outlook_header_block_opening_a_quote_is_part_of_the_quote():
    answer = outlook_answer("Because frob_tick() reads it before the first interrupt.")
    cs = with_v2(PATCH, ("r1@x", REVIEWER, PURPOSE, None), ("o1@x", OTHER, answer, "r1@x"))
    review = one(cs, "But why?")
    assert review.answered_by == ["o1@x"]
    assert review.status == "discussed"
    # OTHER's words are one turn under the quote, not a comment holding the header block
    assert not [c for c in cs if "Original Message" in c.comment]


def test_the_commenter_rejecting_a_third_persons_answer_leaves_it_open():
    answer = outlook_answer("Because frob_tick() reads it before the first interrupt.")
    rejection = quote(answer) + "\n\nThat is a bit of an exaggeration, frob_tick() runs later."
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, PURPOSE, None),
        ("o1@x", OTHER, answer, "r1@x"),
        ("r2@x", REVIEWER, rejection, "o1@x"),
    )
    review = one(cs, "But why?")
    assert [r.accepted for r in review.reactions] == [False]
    assert review.status == "open"
    accepted = quote(answer) + "\n\nI see, thanks for the explanation."
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, PURPOSE, None),
        ("o1@x", OTHER, answer, "r1@x"),
        ("r2@x", REVIEWER, accepted, "o1@x"),
    )
    assert one(cs, "But why?").status == "discussed"


ASK_HERE = quote("+\tf->count = 0;") + "\n\nPlease add a comment why the count is reset."


def one_more_line(after: str) -> str:
    """The patch with a comment line added under `after` (the hunk one line longer)."""
    return PATCH.replace(after, after + "+\t/* frob_tick() reads it */\n").replace(
        "+10,15 @@", "+10,16 @@"
    )


def test_an_insertion_right_under_the_quoted_line_addresses_the_comment():
    under = one_more_line("+\tf->count = 0;\n")
    (c,) = with_v2(under, ("r1@x", REVIEWER, ASK_HERE, None))
    assert (c.status, c.addressed_in) == ("addressed", 2)
    # one line further down (under the state line) is not the place quoted
    below = one_more_line("+\tf->state = FROB_IDLE;\n")
    (d,) = with_v2(below, ("r1@x", REVIEWER, ASK_HERE, None))
    assert d.status == "unchanged"


STILL_NEEDED = quote("+\tf->count = 0;") + "\n\nIs this still needed?"
WITHOUT_COUNT = PATCH.replace("+\tf->count = 0;\n", "")


def test_a_no_that_promises_the_change_does_not_block_addressed():
    answer = quote(STILL_NEEDED) + "\n\nNope, I'll get that."
    (c,) = with_v2(
        WITHOUT_COUNT, ("r1@x", REVIEWER, STILL_NEEDED, None), ("a1@x", AUTHOR, answer, "r1@x")
    )
    assert (c.status, c.addressed_in) == ("addressed", 2)
    refusal = quote(STILL_NEEDED) + "\n\nNo, frob_tick() reads it."
    (d,) = with_v2(
        WITHOUT_COUNT, ("r1@x", REVIEWER, STILL_NEEDED, None), ("a1@x", AUTHOR, refusal, "r1@x")
    )
    assert d.status == "discussed"


def test_a_comment_on_tag_lines_of_the_message_is_a_message_comment():
    tagged = message("The frobnicator frobs on init.\n\nBuilt-on: Ubuntu22\nTested-on: Ubuntu22")
    review = quote("Built-on: Ubuntu22\nTested-on: Ubuntu22") + "\n\nWhat is the value of this?"
    raws = [
        mail("p1@x", SUBJECT, tagged),
        mail("r1@x", RE, review, sender=REVIEWER, parent="p1@x", minute=1),
        mail("p2@x", V2, PATCH, day=2),
    ]
    (c,) = comments_of(thread(*raws))
    assert (c.anchor, c.status, c.addressed_in) == ("message", "addressed", 2)
    # a quote of a person's tag alone is still a tag under the sign-offs, not the message
    signed = quote("Signed-off-by: Ann Author <ann@example.com>") + "\n\nWhat is the value of this?"
    raws[1] = mail("r1@x", RE, signed, sender=REVIEWER, parent="p1@x", minute=1)
    (d,) = comments_of(thread(*raws))
    assert d.anchor != "message"


def late_comment(day: int) -> ReviewComment:
    raws = [
        mail("p1@x", SUBJECT, PATCH),
        mail("p2@x", V2, PATCH, day=2),
        mail("r1@x", RE, REVIEW, sender=REVIEWER, parent="p1@x", day=day, minute=1),
    ]
    (c,) = comments_of(thread(*raws))
    return c


def test_a_revision_posted_before_the_comment_does_not_make_it_unchanged():
    assert late_comment(day=3).status == "open"  # written on v1 after v2 was out
    assert late_comment(day=1).status == "unchanged"  # v2 came after it and kept the line


NEW_CODE = quote(frob_diff().split("\n")[9]) + "\n\nYou forgot to call frob_prepare_hw() first."


def test_code_the_comment_writes_out_addresses_it_wherever_it_is_added():
    assert NEW_CODE.startswith("> +\tret = frob_setup_with")
    adds = MESSAGE + frob_diff(state="frob_prepare_hw(f)")
    (c,) = with_v2(adds, ("r1@x", REVIEWER, NEW_CODE, None))
    assert (c.status, c.addressed_in) == ("addressed", 2)
    other = MESSAGE + frob_diff(state="FROB_READY")
    (d,) = with_v2(other, ("r1@x", REVIEWER, NEW_CODE, None))
    assert d.status == "unchanged"


def test_a_changelog_entry_wrapped_over_lines_credits_the_commenter_on_its_last_line():
    review = quote("+\tf->state = FROB_IDLE;") + "\n\nPlease document why frob starts idle."
    wrapped = (
        MESSAGE.replace(
            "---\n", "---\nChanges in v2:\n* document the idle start in the\n  header (Rob)\n"
        )
        + frob_diff()
    )
    (c,) = with_v2(wrapped, ("r1@x", REVIEWER, review, None))
    assert (c.status, c.addressed_in) == ("addressed", 2)


def test_written_out_code_counts_only_when_all_of_it_is_added():
    two = NEW_CODE.replace("frob_prepare_hw() first.", "frob_prepare_hw() and frob_arm_irq().")
    adds_one = MESSAGE + frob_diff(state="frob_prepare_hw(f)")
    (c,) = with_v2(adds_one, ("r1@x", REVIEWER, two, None))
    assert c.status == "unchanged"


def test_changelog_entries_join_only_lines_wrapped_under_a_bullet():
    text = (
        "Changes since v1:\n"
        "  Patch 1: pad the host call structure\n"
        "  Patch 3: an array of host call structs\n"
        "             indexed by cpu id\n"
        "* also set the table\n"
        "  length [Jason Donenfeld]\n"
        "v2: document the idle start (Rob)"
    )
    assert entries(text) == [
        "Changes since v1:",
        "Patch 1: pad the host call structure",
        "Patch 3: an array of host call structs",
        "indexed by cpu id",
        "* also set the table length [Jason Donenfeld]",
        "v2: document the idle start (Rob)",
    ]


# second blind set (fixtures/threads/linux/2023-*): a question that asks for no change
WHY_RESET = quote("+\tf->count = 0;") + "\n\nIs there any reason why the count is reset here?"


def test_a_question_answered_with_an_explanation_stays_discussed_when_the_lines_change():
    explained = quote(WHY_RESET) + "\n\nYes, frob_tick() reads it before the first interrupt."
    (c,) = with_v2(
        WITHOUT_COUNT, ("r1@x", REVIEWER, WHY_RESET, None), ("a1@x", AUTHOR, explained, "r1@x")
    )
    assert (c.status, c.addressed_in) == ("discussed", None)
    # an answer that takes the point: the change made in v2 addresses it
    taken = quote(WHY_RESET) + "\n\nNo good reason, I'll drop it."
    (d,) = with_v2(
        WITHOUT_COUNT, ("r1@x", REVIEWER, WHY_RESET, None), ("a1@x", AUTHOR, taken, "r1@x")
    )
    assert (d.status, d.addressed_in) == ("addressed", 2)
    # unanswered, the question is addressed by the lines changing, as before
    (e,) = with_v2(WITHOUT_COUNT, ("r1@x", REVIEWER, WHY_RESET, None))
    assert (e.status, e.addressed_in) == ("addressed", 2)


def test_the_commenters_last_turn_accepting_the_answer_ends_the_exchange():
    answer = outlook_answer("Because frob_tick() reads it.\n\nAnd the core frobs later.")
    split = quote(outlook_answer("Because frob_tick() reads it.")) + "\n\nIt reads it later.\n\n"
    settled = split + quote("And the core frobs later.") + "\n\nok, thanks"
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, PURPOSE, None),
        ("o1@x", OTHER, answer, "r1@x"),
        ("r2@x", REVIEWER, settled, "o1@x"),
    )
    review = one(cs, "But why?")
    assert [r.accepted for r in review.reactions] == [False, True]
    assert review.status == "discussed"
    # the other way round, the last word insists: open
    insisting = quote("And the core frobs later.") + "\n\nok.\n\n"
    insisting += quote(outlook_answer("Because frob_tick() reads it.")) + "\n\nIt reads it later."
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, PURPOSE, None),
        ("o1@x", OTHER, answer, "r1@x"),
        ("r2@x", REVIEWER, insisting, "o1@x"),
    )
    review = one(cs, "But why?")
    assert [r.accepted for r in review.reactions] == [True, False]
    assert review.status == "open"


def test_a_split_request_is_addressed_when_the_patch_becomes_two():
    # linux-hyperv, 2023-04: "Could you do this split into helper functions first in a
    # separate change" on V2 2/3; V3 is that patch split into 2/4 (the refactor) and 3/4
    diags: list[Diagnostic] = []
    path = FIXTURES / "threads" / "linux" / "2023-mana-jumbo-frame.mbox"
    grouping = group_messages(read_messages([str(path)], diags, None), diags)
    (series,) = grouping.series
    cs = comments_of(series)
    split = one(cs, "Could you do this split into helper functions first")
    assert (split.status, split.addressed_in) == ("addressed", 3)
    # the three questions Yunsheng Lin asked about the message versions were answered with
    # explanations, not changes: discussed although v2 rewrote the patch
    for words in ("is there any reason", "affect other user?", "Does older"):
        assert one(cs, words).status == "discussed", words


def test_a_reviewers_answer_to_the_authors_question_is_not_a_comment():
    # linux-hyperv 2023: the author asks back "Does this not happen in the case of kdump?",
    # the reviewer answers "The message is sent to the host in the case of kdump."
    asks_back = quote(REVIEW) + "\n\nDoes frob_tick() not run before the first interrupt?"
    answer = quote(asks_back) + "\n\nIt runs after it, the core frobs first."
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, REVIEW, None),
        ("a1@x", AUTHOR, asks_back, "r1@x"),
        ("r2@x", REVIEWER, answer, "a1@x"),
    )
    assert [c.comment for c in cs] == ["Why reset the count here?"]
    # a question asking the reviewer what to do: the answer is a review point
    asks_what = quote(REVIEW) + "\n\nShould we reset it in frob_tick() instead?"
    direction = quote(asks_what) + "\n\nI believe so, the count belongs to the tick."
    cs = with_v2(
        PATCH,
        ("r1@x", REVIEWER, REVIEW, None),
        ("a1@x", AUTHOR, asks_what, "r1@x"),
        ("r2@x", REVIEWER, direction, "a1@x"),
    )
    assert len(cs) == 2
    one(cs, "I believe so")


def test_a_point_its_commenter_takes_back_is_discussed():
    # linux-hyperv 2023: "This one isn't quite RCT order. [...] Ha, I see you remove that line
    # in the next patch, never mind..."
    nit = (
        quote("+\tf->count = 0;") + "\n\nPlease move this up. Ah, it goes away later, never mind..."
    )
    (c,) = with_v2(WITHOUT_COUNT, ("r1@x", REVIEWER, nit, None))
    assert (c.status, c.addressed_in) == ("discussed", None)
    kept = quote("+\tf->count = 0;") + "\n\nPlease move this up, never mind the comment above."
    (d,) = with_v2(WITHOUT_COUNT, ("r1@x", REVIEWER, kept, None))
    assert (d.status, d.addressed_in) == ("addressed", 2)


def test_the_author_taking_the_point_after_the_reviewer_insists_settles_the_newest_revision():
    # linux-hyperv 2023: "Allocating frag larger than a page is not safe." / "Why is it not
    # safe?" / "I believe so. [...]" / "Thanks, I will use other allocator"
    review = quote("+\tf->count = 0;") + "\n\nResetting the count here is not safe."
    why = quote(review) + "\n\nOther drivers do it. Why is it not safe?"
    insist = quote(why) + "\n\nfrob_tick() may run first, it really is not safe."
    taken = quote(insist) + "\n\nThanks, I will move it to frob_tick()."

    def status(*replies: tuple[str, str, str, str]) -> str:
        raws = [mail("p1@x", SUBJECT, PATCH)]
        for n, (mid, sender, body, parent) in enumerate(replies, 1):
            raws.append(mail(mid, RE, body, sender=sender, parent=parent, minute=n))
        return one(comments_of(thread(*raws)), "is not safe.").status

    asked = (("r1@x", REVIEWER, review, "p1@x"), ("a1@x", AUTHOR, why, "r1@x"))
    insisted = (*asked, ("r2@x", REVIEWER, insist, "a1@x"))
    assert status(*insisted) == "open"
    assert status(*insisted, ("a2@x", AUTHOR, taken, "r2@x")) == "discussed"
