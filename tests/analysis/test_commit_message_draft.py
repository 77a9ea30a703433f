"""Comments on the author's inline draft of the next commit message (issue 17; fixtures/threads/
xen/2022-arm-its-lpi-order-spec-quote-and-wmb): the author answers "Ok. I will modify the
commit msg as below." with the draft, the reviewer comments under it. Those comments are about
the message to come, judged against the next revision's message; the same thread's comments
on code stay on code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from patchlint.analysis.discussion.comments import review_comments
from patchlint.analysis.discussion.draft import (
    draft_focus,
    draft_lines,
    draft_moved,
    introduces_draft,
)
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.status import _draft_changed
from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.model.patch import Patch
from tests.analysis.thread_comments import XEN, find

LPI = XEN / "2022-arm-its-lpi-order-spec-quote-and-wmb.mbox"
ON_DRAFT = "76b13da0-9ec4-1cc1-547a-129f89956ad5@xen.org"

# the author's answer in 92ECC32D-DA6E-4DC8-B0E2-8EC758471C4B@arm.com, as written
AUTHOR_TURN = [
    "Ok. I will modify the commit msg as below.Please let me know if it is okay.",
    "",
    "arm/its: enable LPIs before mapping the collection table",
    "",
    "When Xen boots on the platform that implements the GIC 600, ITS",
    "MAPC_LPI_OFF uncorrectable command error issue is oberved.",
    "",
    "As per the GIC-600 TRM (Revision: r1p6) MAPC_LPI_OFF command error can",
    "be reported if the ITS MAPC command has tried to map a collection to a core",
    "that does not have LPIs enabled.",
    "",
    "To fix this issue, enable the LPIs using GICR_CTLR.EnableLPIs before",
    "mapping the collection table.",
]


def _patches() -> tuple[Patch, Patch]:
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(LPI)], diags, None), diags)
    (series,) = grouping.series
    v1, v2 = series.revisions
    return v1.patches[1], v2.patches[1]


def _comments(path: Path) -> list[ReviewComment]:
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(path)], diags, None), diags)
    (series,) = grouping.series
    return review_comments(series, series_interdiffs(series))


# -- reading the draft --------------------------------------------------------------------


def test_the_authors_introduction_announces_a_draft() -> None:
    assert introduces_draft(AUTHOR_TURN[0])
    assert introduces_draft("How about the following commit message:")
    assert introduces_draft("Updated commit message:")
    # a promise to change the message, with no draft under it, is no introduction
    assert not introduces_draft("Ok. I will update the commit message in v2.")
    assert not introduces_draft("See the code below.")
    # the posted message pointed at, not a new one offered
    assert not introduces_draft("As I wrote in the commit message below, the lock is needed.")


def test_the_draft_is_the_lines_after_the_introduction() -> None:
    lines = draft_lines(AUTHOR_TURN)
    assert lines[0] == "arm/its: enable LPIs before mapping the collection table"
    assert lines[-1] == "mapping the collection table."
    assert "" not in lines and AUTHOR_TURN[0] not in lines
    assert draft_lines(["Ok. I will update the commit message in v2.", "Thanks"]) == ()


def test_a_quote_ending_in_the_draft_is_about_it_and_one_ending_in_code_is_not() -> None:
    draft = draft_lines(AUTHOR_TURN)
    quote = ["+    if ( !gicv3_enable_lpis() )", "", *AUTHOR_TURN[:6]]
    focus = draft_focus(quote, [draft])
    assert focus is not None and focus.draft == draft
    assert focus.lines[-1] == "MAPC_LPI_OFFuncorrectablecommanderrorissueisoberved."
    # the focus is the draft run the quote ends with, never the code quoted above it
    assert all("gicv3_enable_lpis" not in s for s in focus.lines)
    # the same draft quoted higher, code last: the comment is on the code
    assert draft_focus([*AUTHOR_TURN[:6], "-    if ( !gicv3_enable_lpis() )"], [draft]) is None


# -- judged against the next revision's message --------------------------------------------


def test_the_next_message_moved_at_the_quoted_draft_sentence() -> None:
    _, v2 = _patches()
    draft = draft_lines(AUTHOR_TURN)
    focus = draft_focus(AUTHOR_TURN[4:10], [draft])
    assert focus is not None
    assert draft_moved(focus, v2)  # v2 rewrote the TRM paragraph and quotes the spec
    # v2 taking the draft as drafted leaves the quoted sentence where it was
    verbatim = replace(v2, title=draft[0], message="\n".join(draft[1:]))
    assert not draft_moved(focus, verbatim)


def test_words_added_right_after_the_quoted_sentence_move_it() -> None:
    _, v2 = _patches()
    draft = draft_lines(AUTHOR_TURN)
    focus = draft_focus(AUTHOR_TURN[7:10], [draft])
    assert focus is not None
    added = [
        *draft[1:6],
        "The GICR.EnableLPIs definition: 0b0 LPI support is disabled.",
        *draft[6:],
    ]
    assert draft_moved(focus, replace(v2, title=draft[0], message="\n".join(added)))
    # added elsewhere (after the next paragraph): not at the quoted sentence
    later = [*draft[1:], "The GICR.EnableLPIs definition: 0b0 LPI support is disabled."]
    assert not draft_moved(focus, replace(v2, title=draft[0], message="\n".join(later)))


def test_a_substitution_on_the_draft_must_be_made_in_the_next_message() -> None:
    v1, v2 = _patches()
    draft = draft_lines(AUTHOR_TURN)
    focus = draft_focus(AUTHOR_TURN[:6], [draft])
    assert focus is not None
    comment = next(c for c in _comments(LPI) if c.comment.startswith("s/oberved/observed/"))
    assert _draft_changed(comment, focus, v2)
    # the sentence rewritten, the typo kept: the substitution was not made
    kept = replace(v2, message=v2.message.replace("is observed.", "is oberved in our tests."))
    assert draft_moved(focus, kept)
    assert not _draft_changed(comment, focus, kept)
    assert v1.message  # v1's own message never held the typo: the draft is what is judged


# -- the real thread ----------------------------------------------------------------------


def test_the_comments_on_the_draft_are_addressed_by_v2s_message() -> None:
    typo = find(LPI, ON_DRAFT, "s/oberved/observed/")
    assert (typo["anchor"], typo["file"], typo["status"]) == ("message", None, "addressed")
    assert typo["addressed_in"] == 2
    quote = find(LPI, ON_DRAFT, "Please add a quote from the GICv3 specification")
    assert (quote["anchor"], quote["status"], quote["addressed_in"]) == ("message", "addressed", 2)


def test_the_threads_comments_on_code_stay_on_code() -> None:
    wmb = find(LPI, "ea7e891a-6e4c-50e2-dc3f-82f373640784@xen.org", "add an smp_wmb()")
    assert (wmb["anchor"], wmb["file"]) == ("diff", "xen/arch/arm/gic-v3.c")
    order = find(LPI, "a2bba079-0a26-8648-6f39-93148dbd5107@xen.org", "AFAICT, Linux is using")
    assert (order["anchor"], order["file"]) == ("diff", "xen/arch/arm/gic-v3.c")
