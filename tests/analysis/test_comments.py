"""Review-comment tracking: what reviewers said, where in the patch, and what became of it.

The seed threads pin real reviews (SEED-REVIEWS.md); the synthetic threads pin each mechanism
on its own (quote styles, anchoring, who counts as a reviewer, status across revisions)."""

from __future__ import annotations

import time

import pytest

from patchlint.analysis.discussion.anchor import DiffIndex, build_index, squash
from patchlint.analysis.discussion.comments import ReviewComment, review_comments, sort_key
from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.ingest import parse_message, read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.model.series import Series
from tests.conftest import CORPUS, FIXTURES, require

THREADS = FIXTURES / "threads"
AUTHOR = "Ann Author <ann@example.com>"
REVIEWER = "Rob Reviewer <rob@example.org>"
OTHER = "Olga Other <olga@example.net>"


# -- helpers -------------------------------------------------------------------------------


def comments_of(series: Series) -> list[ReviewComment]:
    return review_comments(series, series_interdiffs(series))


def seed(name: str) -> list[ReviewComment]:
    (path,) = THREADS.glob(f"{name}-*.mbox")
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(path)], diags, None), diags)
    (series,) = grouping.series
    return comments_of(series)


def one(comments: list[ReviewComment], words: str) -> ReviewComment:
    found = [c for c in comments if words in c.comment]
    assert len(found) == 1, (words, [c.comment[:60] for c in comments])
    return found[0]


def mail(
    mid: str,
    subject: str,
    body: str,
    *,
    sender: str = AUTHOR,
    parent: str | None = None,
    refs: tuple[str, ...] = (),
    minute: int = 0,
    day: int = 1,
) -> bytes:
    head = [
        f"From: {sender}",
        f"Subject: {subject}",
        f"Message-ID: <{mid}>",
        f"Date: Mon, {day} Jan 2024 {10 + minute // 60:02d}:{minute % 60:02d}:00 +0000",
    ]
    if parent:
        head.append(f"In-Reply-To: <{parent}>")
        head.append("References: " + " ".join(f"<{r}>" for r in (*refs, parent)))
    return ("\n".join(head) + "\n\n" + body + "\n").encode()


def thread(*raws: bytes) -> Series:
    diags: list[Diagnostic] = []
    grouping = group_messages([parse_message(r) for r in raws], diags)
    assert len(grouping.series) == 1, [s.title for s in grouping.series]
    return grouping.series[0]


def quote(text: str, prefix: str = "> ") -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


MESSAGE = (
    "frob: add the frobnicator\n\nThe frobnicator frobs on init.\n\n"
    "Signed-off-by: Ann Author <ann@example.com>\n---\n"
)
HUNK_HEAD = (
    "diff --git a/drivers/foo/frob.c b/drivers/foo/frob.c\n"
    "index 1111111..2222222 100644\n"
    "--- a/drivers/foo/frob.c\n"
    "+++ b/drivers/foo/frob.c\n"
    "@@ -10,9 +10,15 @@ static int frob_init(struct frob *f)\n"
)
LONG = (
    "\tret = frob_setup_with_a_rather_long_function_name(f, FROB_FLAG_ALPHA, FROB_FLAG_BETA, NULL);"
)


def frob_diff(fast: str = "f->mode == FROB_FAST", state: str = "FROB_IDLE") -> str:
    """Post-image: 13 the long setup call, 17-18 the fast path (`return 0;` at 18), 20-21
    count/state, 23 the function's own `return 0;`."""
    return HUNK_HEAD + (
        " {\n"
        " \tint ret;\n"
        " \n"
        "-\tret = old_setup(f);\n"
        f"+{LONG}\n"
        " \tif (ret)\n"
        " \t\treturn ret;\n"
        "+\n"
        f"+\tif ({fast})\n"
        "+\t\treturn 0;\n"
        "+\n"
        "+\tf->count = 0;\n"
        f"+\tf->state = {state};\n"
        " \n"
        " \treturn 0;\n"
        " }\n"
    )


PATCH = MESSAGE + frob_diff()


def reviewed(body: str, *, sender: str = REVIEWER) -> list[ReviewComment]:
    """The comments of one reply to the one-patch series above."""
    series = thread(
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            body,
            sender=sender,
            parent="p1@x",
            minute=5,
        ),
    )
    return comments_of(series)


# -- the seed threads ------------------------------------------------------------------


def test_002_comments_tracked_across_revisions():
    cs = seed("002")
    assert {c.author.email.lower() for c in cs} == {"ian.campbell@citrix.com"}
    stash = one(cs, "do you need to stash it in the ctx?")
    assert (stash.revision, stash.patch, stash.anchor) == (1, 5, "diff")
    assert (stash.file, stash.line) == ("tools/libxl/libxl_event.c", 737)
    assert "CTX->evtchn_fd = xc_evtchn_fd(xce);" in stash.excerpt
    assert (stash.status, stash.addressed_in) == ("addressed", 2)
    assert stash.answered_by == ["21639.6281.837520.264190@mariner.uk.xensource.com"]

    empty = one(cs, "only if evtchns_waiting is currently empty")
    assert (empty.file, empty.line) == ("tools/libxl/libxl_event.c", 768)
    assert "libxl__ev_fd_register(gc, &CTX->evtchn_efd," in empty.excerpt
    assert (empty.status, empty.addressed_in) == ("addressed", 2)

    above = one(cs, "If you hit this you leave the stuff above done")
    assert (above.file, above.line) == ("tools/libxl/libxl_event.c", 771)
    assert "if (evev->waiting)" in above.excerpt
    assert above.status == "discussed"  # v2 kept these lines; the author answered
    assert above.answered_by == ["21639.6281.837520.264190@mariner.uk.xensource.com"]

    # the locking question quotes the commit message: anchored to the message, which v2
    # keeps; a question (no request) is not answered by v2's code changes either
    lock = one(cs, "Is there no locking required")
    assert (lock.file, lock.line, lock.anchor) == (None, None, "message")
    assert lock.status == "discussed"
    assert lock.answered_by == ["21624.35587.114857.608113@mariner.uk.xensource.com"]
    follow = one(cs, "implicit due to the caller being in an ao")
    assert (follow.anchor, follow.status) == ("message", "discussed")  # a follow-up on it
    assert follow.answered_by == ["21638.57604.392086.145792@mariner.uk.xensource.com"]
    # "OK." and the Acked-by on v2 are not comments
    assert len(cs) == 5


def test_001_open_review_of_a_single_revision():
    cs = seed("001")
    assert {c.author.name for c in cs} == {"Jeremy Fitzhardinge"}
    rename = one(cs, "gratuitious renaming")
    assert (rename.file, rename.line) == ("xen/arch/x86/io_apic.c", 2144)
    assert "struct IO_APIC_route_entry rte = { 0 };" in rename.excerpt
    cleanup = one(cs, "properly clean up the old state")
    assert (cleanup.file, cleanup.line) == ("xen/arch/x86/io_apic.c", 2212)
    assert "add_pin_to_irq(irq, apic, pin);" in cleanup.excerpt
    dom0 = one(cs, 'hard-coding "privileged domain == dom0"')
    assert "What version is this patch against anyway?" in " ".join(dom0.comment.split())
    assert (dom0.file, dom0.line) == ("xen/common/domain.c", 259)
    assert "d->nr_pirqs = nr_irqs_gsi + extra_dom0_irqs;" in dom0.excerpt
    # one revision only; Xiantao answered each of the three inline, quoting it
    for c in (rename, cleanup, dom0):
        assert (c.anchor, c.revision, c.patch) == ("diff", 1, 1)
        assert c.answered_by == [
            "706158FABBBA044BAD4FE898A02E4BC201C9F1A0B7@pdsmsx503.ccr.corp.intel.com"
        ]
    assert rename.status == dom0.status == "discussed"
    # ... but Jeremy did not accept the answer on the clean-up ("Yes, but if dom0 rebinds
    # ..."), and no revision followed: the question stays open (SEED-REVIEWS.md)
    assert [r.accepted for r in cleanup.reactions] == [False, True]
    assert cleanup.status == "open"
    intro = one(cs, "This is an interesting approach")
    assert (intro.anchor, intro.file, intro.status) == ("message", None, "open")
    # Jeremy's follow-up quotes only Xiantao's answer: it points at the code that answer
    # was about, and nobody answered it
    rebind = one(cs, "if dom0 rebinds the pirq<->gsi association")
    assert (rebind.anchor, rebind.file, rebind.line) == (
        "inherited",
        "xen/arch/x86/io_apic.c",
        2212,
    )
    assert rebind.status == "open"
    # "Thanks, J" and "Yes, I think so (see other mail)." are not comments
    assert len(cs) == 5


def test_004_author_answers_inline():
    cs = seed("004")
    assert {c.author.name for c in cs} == {"Andrew Cooper"}
    paul = "9AAE0902D5BC7E449B7C8E4E778ABCD0211A3C4E@AMSPEX01CL01.citrite.net"
    expected = [
        (
            "This assignment can be part of the declaration",
            "xen/arch/x86/hvm/hvm.c",
            365,
            "s = v->arch.hvm_vcpu.ioreq_server;",
            "discussed",
        ),
        (
            "Is it worth keeping this function?",
            "xen/arch/x86/hvm/hvm.c",
            405,
            "memset(iorp, 0, sizeof(*iorp));",
            "discussed",
        ),
        (
            "skipping hvm_update_ioreq_server_evtchn()",
            "xen/arch/x86/hvm/hvm.c",
            610,
            "rc = alloc_unbound_xen_event_channel(v, s->domid, NULL);",
            "discussed",
        ),
        (
            "Double space.",
            "xen/arch/x86/hvm/hvm.c",
            705,
            "return  hvm_set_ioreq_page(d, &s->buf_ioreq, pfn);",
            "open",
        ),
        (
            "This should be reduced in lexical scope",
            "xen/arch/x86/hvm/hvm.c",
            4201,
            "s = d->arch.hvm_domain.ioreq_server;",
            "discussed",
        ),
        (
            "Why do both hvm_vcpu and hvm_domain need",
            "xen/include/asm-x86/hvm/vcpu.h",
            141,
            "struct hvm_ioreq_server *ioreq_server;",
            "discussed",
        ),
    ]
    for words, file, line, code, status in expected:
        c = one(cs, words)
        assert (c.anchor, c.revision, c.patch, c.file, c.line) == ("diff", 1, 2, file, line)
        assert code in c.excerpt
        assert c.status == status
        assert c.answered_by == ([paul] if status == "discussed" else [])
    assert len(cs) == len(expected)


def test_000_reviewer_prose_and_the_author_objection():
    cs = seed("000")
    # Michał is the author: his objection to Ian's fix-up is discussion; David Miller's
    # "Applied." and Ian's ack on v2 are not comments
    assert {c.author.name for c in cs} == {"Ian Campbell"}
    # Michał answered Ian's first mail inline, point by point: three comments. The first
    # two are anchored by Ian's fix-up after the scissors line, each to the hunks holding
    # what it names: the prototype, the MTU clamp it moves
    proto = one(cs, "the prototype for\nxenvif_fix_features is wrong")
    assert (proto.revision, proto.patch, proto.anchor) == (1, 1, "fixup")
    assert (proto.file, proto.line) == ("drivers/net/xen-netback/interface.c", 168)
    assert "8<" not in proto.comment and "diff --git" not in proto.comment
    assert "I also moved" not in proto.comment
    assert "Signed-off-by: Michał Mirosław" in proto.excerpt
    # v2 changed the prototype the fix-up replaces (SEED-REVIEWS.md: v1 -> v2 changes
    # exactly the prototype and the first line of the function body)
    assert (proto.status, proto.addressed_in) == ("addressed", 2)
    assert proto.answered_by == ["20110419133025.GA21853@rere.qmqm.pl"]
    mtu = one(cs, "I also moved the !can_sg MTU clamping")
    assert (mtu.anchor, mtu.file, mtu.line) == ("fixup", "drivers/net/xen-netback/interface.c", 332)
    # Michał objected (SG state is not SG capability) and v2 kept the clamp: discussed
    assert (mtu.status, mtu.answered_by) == ("discussed", ["20110419133025.GA21853@rere.qmqm.pl"])
    aside = one(cs, "reviewed by eye and compile tested only")
    assert (aside.anchor, aside.status) == ("prose", "open")
    netfront = one(cs, "So the existing stuff in drivers/net/xen-netfront.c is wrong too?")
    assert (netfront.status, netfront.answered_by) == (
        "discussed",
        ["20110419134331.GC21853@rere.qmqm.pl"],
    )
    # Michał answered the last mail point by point too: two comments, each answered
    opposite = one(cs, "The interesting case is the opposite one")
    reason = one(cs, "any reason to turn it off?")
    for c, answer in ((opposite, "Then the driver"), (reason, "Some features depend")):
        assert (c.status, c.answered_by) == ("discussed", ["20110419152517.GD21853@rere.qmqm.pl"])
        assert [a.words[: len(answer)] for a in c.answers] == [answer]
    assert len(cs) == 6


# -- anchoring quotes ------------------------------------------------------------------


def test_trimmed_context_anchors_to_the_quoted_line():
    cs = reviewed(quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;") + "\n\nWhy a fast path?")
    (c,) = cs
    assert (c.anchor, c.file, c.line, c.patch) == ("diff", "drivers/foo/frob.c", 18, 1)
    assert c.excerpt == "+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;"


def test_repeated_line_is_placed_by_its_neighbours():
    # `return 0;` occurs twice (18 and 23): the one under f->state is 23
    body = quote("+\tf->state = FROB_IDLE;\n \n \treturn 0;") + "\n\nReturn the state instead?"
    (c,) = reviewed(body)
    assert (c.file, c.line) == ("drivers/foo/frob.c", 23)


def test_removed_line_anchors_where_it_was():
    (c,) = reviewed(quote("-\tret = old_setup(f);") + "\n\nold_setup() also locked f.")
    assert (c.file, c.line) == ("drivers/foo/frob.c", 13)


def test_rewrapped_long_line_still_anchors():
    wrapped = (
        "> +\tret = frob_setup_with_a_rather_long_function_name(f, FROB_FLAG_ALPHA,\n"
        "> FROB_FLAG_BETA, NULL);\n\nThat is a lot of flags."
    )
    (c,) = reviewed(wrapped)
    assert (c.anchor, c.line) == ("diff", 13)


def test_rewrapped_line_whose_tail_lost_its_quote_marker():
    # the mailer re-wrapped the quoted line and did not quote the wrapped tail
    wrapped = (
        "> +\tret = frob_setup_with_a_rather_long_function_name(f, FROB_FLAG_ALPHA,\n"
        "FROB_FLAG_BETA, NULL);\n\nThat is a lot of flags."
    )
    (c,) = reviewed(wrapped)
    assert (c.anchor, c.line, c.comment) == ("diff", 13, "That is a lot of flags.")


def test_hunk_header_and_lost_context_space():
    # Some mailers strip the space of context lines; the hunk header anchors the block.
    body = (
        "> @@ -10,9 +10,15 @@ static int frob_init(struct frob *f)\n> {\n> \tint ret;\n\n"
        "Why is ret not initialised?"
    )
    (c,) = reviewed(body)
    assert (c.anchor, c.line) == ("diff", 11)


def test_nested_quotes_in_a_reply_to_a_reply_anchor_to_the_patch():
    first = quote("+\tf->count = 0;") + "\n\nIs count used anywhere?"
    second = (
        "On Mon, Rob Reviewer wrote:\n"
        + quote("+\tf->count = 0;", ">> ")
        + "\n>\n> Is count used anywhere?\n\n"
        "It is, in frob_tick(), but it should be reset under the lock."
    )
    third = (
        quote("+\tf->count = 0;", "> > > ") + "\n> >\n> > Is count used anywhere?\n>\n"
        "> It is, in frob_tick(), but it should be reset under the lock.\n\n"
        "Agreed with Olga, please take the lock here."
    )
    series = thread(
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            first,
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "r2@x",
            "Re: [PATCH] frob: add the frobnicator",
            second,
            sender=OTHER,
            parent="r1@x",
            refs=("p1@x",),
            minute=2,
        ),
        mail(
            "r3@x",
            "Re: [PATCH] frob: add the frobnicator",
            third,
            sender=REVIEWER,
            parent="r2@x",
            refs=("p1@x", "r1@x"),
            minute=3,
        ),
    )
    cs = comments_of(series)
    assert [(c.message_id, c.file, c.line) for c in cs] == [
        ("r1@x", "drivers/foo/frob.c", 20),
        ("r2@x", "drivers/foo/frob.c", 20),
        ("r3@x", "drivers/foo/frob.c", 20),
    ]
    assert all(c.anchor == "diff" for c in cs)
    # Olga answered Rob's question; Rob answered Olga
    assert cs[0].answered_by == ["r2@x"] and cs[0].status == "discussed"
    assert cs[1].answered_by == ["r3@x"]
    assert cs[2].answered_by == [] and cs[2].status == "open"
    # the excerpt of a diff-anchored comment is the code, even under someone's words
    assert cs[1].excerpt == cs[2].excerpt == "+\tf->count = 0;"


def test_a_reply_to_the_cover_letter_that_quotes_code_points_at_that_patch():
    knob = (
        "frob: add a debug knob\n\nSigned-off-by: Ann Author <ann@example.com>\n---\n"
        "diff --git a/drivers/foo/knob.c b/drivers/foo/knob.c\n"
        "--- a/drivers/foo/knob.c\n+++ b/drivers/foo/knob.c\n"
        "@@ -1,3 +1,4 @@\n #include <linux/frob.h>\n+static int knob_debug = 1;\n"
        " \n int knob;\n"
    )
    series = thread(
        mail("c1@x", "[PATCH 0/2] frob", "Two patches.\n\nAnn Author (2):\n  frob: add", minute=0),
        mail("p1@x", "[PATCH 1/2] frob: add the frobnicator", PATCH, parent="c1@x", minute=1),
        mail("p2@x", "[PATCH 2/2] frob: add a debug knob", knob, parent="c1@x", minute=2),
        mail(
            "r1@x",
            "Re: [PATCH 0/2] frob",
            quote("Two patches.")
            + "\n\nIn general, fine.\n\n"
            + quote("+static int knob_debug = 1;")
            + "\n\nBut not this knob.",
            sender=REVIEWER,
            parent="c1@x",
            minute=3,
        ),
    )
    general, knob_comment = comments_of(series)
    assert (general.patch, general.anchor, general.file) == (None, "prose", None)
    assert (knob_comment.patch, knob_comment.file, knob_comment.line) == (
        2,
        "drivers/foo/knob.c",
        2,
    )


def test_a_quote_of_the_commit_message_points_at_the_message():
    body = (
        "On Mon, Ann Author wrote:\n"
        + quote("The frobnicator frobs on init.")
        + "\n\nOn init only? What about resume?"
    )
    (c,) = reviewed(body)
    assert (c.anchor, c.file, c.line, c.patch) == ("message", None, None, 1)
    assert c.excerpt == "The frobnicator frobs on init."
    assert c.message is not None and c.message.lines == ("Thefrobnicatorfrobsoninit.",)


def test_a_quote_of_other_prose_is_prose():
    # a quote of the sign-off alone (a tag written under it), or of a mail of the
    # discussion that was about no code
    (tag,) = reviewed(
        quote("Signed-off-by: Ann Author <ann@example.com>")
        + "\n\nI wonder whether we want this at all."
    )
    assert (tag.anchor, tag.file) == ("prose", None)


def test_a_lone_brace_or_blank_line_does_not_anchor():
    (c,) = reviewed(quote(" }\n \n+") + "\n\nThis function is getting long.")
    assert (c.anchor, c.file, c.line) == ("prose", None, None)


def test_top_posted_comment_has_no_quote():
    body = (
        "Please split this into two patches, one per change.\n\n"
        "On Mon, Ann Author wrote:\n" + quote(PATCH)
    )
    (c,) = reviewed(body)
    assert (c.anchor, c.excerpt, c.file) == ("none", "", None)
    assert c.comment == "Please split this into two patches, one per change."


# -- who and what is a comment ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Thanks!",
        "Hi Ann,\n\nAcked-by: Rob Reviewer <rob@example.org>\n\nThanks,\nRob",
        quote(PATCH) + "\n\nReviewed-by: Rob Reviewer <rob@example.org>",
        "Applied to frob-next, thanks.",
        "This patch was applied to frob/frob.git (main)\nby Rob Reviewer <rob@example.org>:\n\n"
        "On Mon, Ann Author wrote:\n"
        + quote("The frobnicator frobs on init.")
        + "\n\nHere is the summary with links:\n  - frob: add the frobnicator\n"
        "    https://git.example.org/frob/c/0123456789ab\n\nYou are awesome, thank you!",
        quote("+\tf->count = 0;") + "\n\nOK.\n\nCheers,\nRob",
        "On Mon, Ann Author wrote:\n" + quote("The frobnicator frobs on init.") + "\n\n[...]\n",
        "",
    ],
    ids=[
        "thanks",
        "ack-with-greeting",
        "review-trailer",
        "applied",
        "bot-applied-notice",
        "ok",
        "snip-only",
        "empty",
    ],
)
def test_not_comments(body):
    assert reviewed(body) == []


def test_scissors_proposal_is_not_a_comment():
    body = (
        "I would rather do it like this:\n\n-- >8 --\n"
        "Subject: [PATCH] frob: do it differently\n\nBetter.\n\n"
        "Signed-off-by: Rob Reviewer <rob@example.org>\n---\n" + frob_diff(state="FROB_X")
    )
    (c,) = reviewed(body)
    assert c.comment == "I would rather do it like this:"
    assert (c.anchor, c.excerpt) == ("none", "")


def test_unquoted_pasted_diff_is_not_part_of_the_comment():
    body = (
        quote("+\tf->state = FROB_IDLE;")
        + "\n\nSomething like this instead:\n\n"
        + frob_diff(state="FROB_READY")
    )
    (c,) = reviewed(body)
    assert c.comment == "Something like this instead:"
    assert c.line == 21


def test_greeting_attribution_and_signature_are_stripped():
    body = (
        "Hi Ann,\n\nOn Mon, 1 Jan 2024 at 10:00, Ann Author <ann@example.com> wrote:\n"
        + quote("+\tf->state = FROB_IDLE;")
        + "\n\nShould this not be FROB_READY?\n\nThanks,\nRob\n\n-- \nRob's signature"
    )
    (c,) = reviewed(body)
    assert c.comment == "Should this not be FROB_READY?"


def test_attribution_glued_to_the_comment_above_it_is_stripped():
    # a reply to two mails: the second attribution follows the first comment directly
    body = (
        quote("+\tf->state = FROB_IDLE;") + "\n\nShould this not be FROB_READY?\n"
        "On Tue, 2 Jan 2024, Olga Other <olga@example.net> wrote:\n"
        + quote("The frobnicator frobs on init.")
        + "\n\nThe changelog should say why."
    )
    first, second = reviewed(body)
    assert first.comment == "Should this not be FROB_READY?"
    assert (second.comment, second.anchor) == ("The changelog should say why.", "message")


@pytest.mark.parametrize(
    "attribution",
    [
        "On Tue, 10 Mar 2026 12:49:12 +0100\nAnn Author <ann@example.com> wrote:",
        "Wed, 29 Apr 2026 14:36:36 +0200 Ann Author <ann@example.com>:",
        'Ann Author writes ("Re: [PATCH] frob: add the frobnicator"):',
        "----- Ursprüngliche Mail -----",
    ],
    ids=["wrapped-on-date", "date-and-address", "writes", "translated-original"],
)
def test_attribution_styles_are_not_comments(attribution):
    body = "Li,\n\n" + attribution + "\n" + quote("+\tf->state = FROB_IDLE;") + "\n\nWhy idle?"
    cs = reviewed(body)
    if attribution.startswith("-----"):  # an unquoted original: nothing below is read
        assert cs == []
    else:
        assert [c.comment for c in cs] == ["Why idle?"]


def test_the_words_leading_into_a_trailer_are_not_a_comment():
    body = (
        quote("+\tf->state = FROB_IDLE;") + "\n\nIndentation is off here.\n\n"
        "With that fixed:\n\nReviewed-by: Rob Reviewer <rob@example.org>\n\n"
        + quote("+\tf->count = 0;")
        + "\n\nFor the frob parts,\n"
        "Acked-by: Rob Reviewer <rob@example.org>"
    )
    assert [c.comment for c in reviewed(body)] == ["Indentation is off here."]


def test_signature_in_another_spelling_and_maintainer_notices():
    sender = "Jürgen Groß <jgross@example.com>"
    assert reviewed("Looks fine to me.\n\nJuergen", sender=sender) == []
    (c,) = reviewed(quote("+\tf->count = 0;") + "\n\nIs this needed?\n\nJuergen", sender=sender)
    assert c.comment == "Is this needed?"
    notice = "Thanks, I updated frob.git's frob-next branch to this version."
    assert reviewed(notice) == []
    # announced (linux-hyperv 2023: "I will pick this up via hyperv-fixes."): news too
    assert reviewed(quote("+\tf->count = 0;") + "\n\nI will pick this up via frob-fixes.") == []
    assert reviewed(quote("+\tf->count = 0;") + "\n\nI'll take it through the frob tree.") == []
    (look,) = reviewed(quote("+\tf->count = 0;") + "\n\nI will take a look at the count.")
    assert look.comment == "I will take a look at the count."


def test_a_preface_announcing_the_points_below_is_not_a_comment():
    # linux-hyperv 2023: "One tiny nit below, but not worth a respin." above the nit
    nit = quote("+\tf->count = 0;") + "\n\nThis isn't quite reverse xmas tree order."
    (c,) = reviewed("One tiny nit below, but not worth a respin.\n\n" + nit)
    assert c.comment == "This isn't quite reverse xmas tree order."
    (d,) = reviewed("A few comments inline:\n\n" + nit)
    assert d.comment == "This isn't quite reverse xmas tree order."
    # a point that only mentions code below is one
    concern = "One issue: the count below is never reset on error.\n\n" + nit
    comments = reviewed(concern)
    assert comments[0].comment.startswith("One issue:")


def test_the_authors_inline_answers_are_discussion_not_comments():
    review = quote("+\tf->count = 0;") + "\n\nWhy reset the count here?"
    answer = (
        quote(quote("+\tf->count = 0;"), "") + "\n>\n> Why reset the count here?\n\n"
        "Because frob_tick() reads it before the first interrupt."
    )
    series = thread(
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            review,
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "a1@x",
            "Re: [PATCH] frob: add the frobnicator",
            answer,
            sender=AUTHOR,
            parent="r1@x",
            refs=("p1@x",),
            minute=2,
        ),
    )
    (c,) = comments_of(series)
    assert c.author.email == "rob@example.org"
    assert (c.status, c.answered_by) == ("discussed", ["a1@x"])


def test_a_reply_that_quotes_the_comment_but_says_only_thanks_does_not_answer_it():
    review = quote("+\tf->count = 0;") + "\n\nWhy reset the count here?"
    answer = quote("Why reset the count here?") + "\n\nThanks!"
    series = thread(
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            review,
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "a1@x",
            "Re: [PATCH] frob: add the frobnicator",
            answer,
            sender=AUTHOR,
            parent="r1@x",
            refs=("p1@x",),
            minute=2,
        ),
    )
    (c,) = comments_of(series)
    assert (c.status, c.answered_by) == ("open", [])


# -- status across revisions -----------------------------------------------------------


def three_revisions(*reviews: str) -> list[ReviewComment]:
    """v1 as above; v2 rewrites the fast-path test; v3 also changes the state."""
    v2 = MESSAGE + "v2: use frob_is_fast()\n" + frob_diff(fast="frob_is_fast(f)")
    v3 = (
        MESSAGE
        + "v3: start in FROB_READY\n"
        + frob_diff(fast="frob_is_fast(f)", state="FROB_READY")
    )
    raws = [mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH)]
    raws += [
        mail(
            f"r{n}@x",
            "Re: [PATCH] frob: add the frobnicator",
            body,
            sender=REVIEWER,
            parent="p1@x",
            minute=n + 1,
        )
        for n, body in enumerate(reviews)
    ]
    raws += [
        mail("p2@x", "[PATCH v2] frob: add the frobnicator", v2, day=2),
        mail("p3@x", "[PATCH v3] frob: add the frobnicator", v3, day=3),
    ]
    series = thread(*raws)
    assert [r.version for r in series.revisions] == [1, 2, 3]
    return comments_of(series)


def test_status_follows_the_anchored_lines_through_later_revisions():
    fast, state, setup, prose, named = three_revisions(
        quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;") + "\n\nUse a helper here.",
        quote("+\tf->state = FROB_IDLE;") + "\n\nStart in FROB_READY.",
        quote("+" + LONG) + "\n\nThat is a lot of flags.",
        quote("The frobnicator frobs on init.") + "\n\nPlease say why it must frob.",
        quote("The frobnicator frobs on init.") + "\n\nTesting f->mode directly is fragile.",
    )
    assert (fast.status, fast.addressed_in, fast.line) == ("addressed", 2, 18)
    # untouched by v2, changed by v3: followed through v2 by content
    assert (state.status, state.addressed_in) == ("addressed", 3)
    assert (setup.status, setup.addressed_in) == ("unchanged", None)
    # comments on the commit message, which neither v2 nor v3 changes: the reword was not
    # done; the one naming `f->mode` also points at that line, which v2 changes
    assert (prose.anchor, prose.status) == ("message", "unchanged")
    assert (named.anchor, named.file, named.line) == ("message", None, None)
    assert [[d.line for d in g] for g in named.groups] == [[17]]
    assert (named.status, named.addressed_in) == ("addressed", 2)


def test_status_when_the_next_revision_does_not_parse():
    # v2's hunk counts are broken: the interdiff falls back to comparing whole texts, and the
    # anchored lines are looked for in v2 instead
    broken = (MESSAGE + frob_diff(fast="frob_is_fast(f)")).replace("+10,15 @@", "+10,99 @@")
    raws = [
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;") + "\n\nUse a helper.",
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "r2@x",
            "Re: [PATCH] frob: add the frobnicator",
            quote("+\tf->state = FROB_IDLE;") + "\n\nStart in FROB_READY.",
            sender=REVIEWER,
            parent="p1@x",
            minute=2,
        ),
        mail("p2@x", "[PATCH v2] frob: add the frobnicator", broken, day=2),
    ]
    series = thread(*raws)
    (inter,) = series_interdiffs(series)
    assert {f.method for p in inter.patches for f in p.files} == {"range-diff"}
    fast, state = comments_of(series)
    assert (fast.status, fast.addressed_in) == ("addressed", 2)
    assert state.status == "unchanged"


def test_prose_comment_on_an_unchanged_patch_is_unchanged():
    raws = [
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            quote("The frobnicator frobs on init.") + "\n\nPlease say why.",
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail("p2@x", "[PATCH v2] frob: add the frobnicator", PATCH, day=2),
    ]
    (c,) = comments_of(thread(*raws))
    assert c.status == "unchanged"


def test_addressed_wins_over_discussed():
    review = quote("+\tf->state = FROB_IDLE;") + "\n\nStart in FROB_READY."
    answer = quote(review) + "\n\nRight, will change it in v2."
    v2 = MESSAGE + frob_diff(state="FROB_READY")
    raws = [
        mail("p1@x", "[PATCH] frob: add the frobnicator", PATCH),
        mail(
            "r1@x",
            "Re: [PATCH] frob: add the frobnicator",
            review,
            sender=REVIEWER,
            parent="p1@x",
            minute=1,
        ),
        mail(
            "a1@x",
            "Re: [PATCH] frob: add the frobnicator",
            answer,
            parent="r1@x",
            refs=("p1@x",),
            minute=2,
        ),
        mail("p2@x", "[PATCH v2] frob: add the frobnicator", v2, day=2),
    ]
    (c,) = comments_of(thread(*raws))
    assert c.answered_by == ["a1@x"]
    assert (c.status, c.addressed_in) == ("addressed", 2)


def test_comment_on_a_dropped_patch_is_addressed():
    other = (
        "frob: add a debug knob\n\nSigned-off-by: Ann Author <ann@example.com>\n---\n"
        "diff --git a/drivers/foo/knob.c b/drivers/foo/knob.c\n"
        "--- a/drivers/foo/knob.c\n+++ b/drivers/foo/knob.c\n"
        "@@ -1,3 +1,4 @@\n #include <linux/frob.h>\n+static int knob_debug = 1;\n"
        " \n int knob;\n"
    )
    raws = [
        mail("c1@x", "[PATCH 0/2] frob", "Two patches.", minute=0),
        mail("p1@x", "[PATCH 1/2] frob: add the frobnicator", PATCH, parent="c1@x", minute=1),
        mail("p2@x", "[PATCH 2/2] frob: add a debug knob", other, parent="c1@x", minute=2),
        mail(
            "r1@x",
            "Re: [PATCH 2/2] frob: add a debug knob",
            quote("+static int knob_debug = 1;") + "\n\nDo not ship debug knobs.",
            sender=REVIEWER,
            parent="p2@x",
            refs=("c1@x",),
            minute=3,
        ),
        mail("d1@x", "[PATCH v2 0/1] frob", "Dropped the knob.", day=2),
        mail("d2@x", "[PATCH v2 1/1] frob: add the frobnicator", PATCH, parent="d1@x", day=2),
    ]
    (c,) = comments_of(thread(*raws))
    assert (c.patch, c.file, c.line) == (2, "drivers/foo/knob.c", 2)
    assert (c.status, c.addressed_in) == ("addressed", 2)


def test_sort_key_puts_unresolved_first():
    cs = three_revisions(
        quote("+\tif (f->mode == FROB_FAST)\n+\t\treturn 0;") + "\n\nUse a helper here.",
        quote("+" + LONG) + "\n\nThat is a lot of flags.",
        "Please say why it must frob.",  # top-posted, about nothing the revisions keep
    )
    assert [c.status for c in sorted(cs, key=sort_key)] == ["open", "unchanged", "addressed"]


def test_to_dict_shape():
    (c,) = reviewed(quote("+\tf->count = 0;") + "\n\nWhy reset the count here?")
    d = c.to_dict()
    assert d == {
        "author": REVIEWER,
        "message_id": "r1@x",
        "date": "2024-01-01T10:05:00+00:00",
        "revision": 1,
        "patch": 1,
        "file": "drivers/foo/frob.c",
        "line": 20,
        "anchor": "diff",
        "excerpt": "+\tf->count = 0;",
        "comment": "Why reset the count here?",
        "status": "open",
        "answered_by": [],
        "addressed_in": None,
    }


# -- bounded work ----------------------------------------------------------------------


def test_huge_quote_of_a_huge_patch_stays_near_linear():
    # 30,000 distinct added lines quoted in full, plus a 200,000-character line; a matcher
    # that compares every quoted line with every diff line would take hours here
    n = 30_000
    body = "".join(f"+\tcall_{i}(x);\n" for i in range(n))
    diff = f"diff --git a/big.c b/big.c\n--- a/big.c\n+++ b/big.c\n@@ -0,0 +1,{n} @@\n" + body
    patch = "big: add it\n\nSigned-off-by: Ann Author <ann@example.com>\n---\n" + diff
    # (the long line is introduced as a quote: a `>` block no mail holds and no attribution
    # introduces is the sender's own text, see test_false_quotes_are_the_senders_words)
    review = (
        quote(diff)
        + "\n\nThat is big.\nOn Mon, Ann Author wrote:\n"
        + "> "
        + "x" * 200_000
        + "\n\nAnd long."
    )
    answers = [
        mail(
            f"r{k}@x",
            "Re: [PATCH] big: add it",
            quote(f"+\tcall_{k * 7}(x);") + f"\n\nWhy call {k}?",
            sender=REVIEWER,
            parent=f"r{k - 1}@x" if k else "p1@x",
            refs=("p1@x",) if k else (),
            minute=k % 60,
            day=1 + k // 600,
        )
        for k in range(1, 2_000)
    ]
    series = thread(
        mail("p1@x", "[PATCH] big: add it", patch),
        mail("r0@x", "Re: [PATCH] big: add it", review, sender=OTHER, parent="p1@x"),
        *answers,
    )
    start = time.perf_counter()
    cs = comments_of(series)
    elapsed = time.perf_counter() - start
    big = one(cs, "That is big.")
    assert (big.file, big.line) == ("big.c", n)
    assert one(cs, "Why call 5?").line == 36
    assert len(cs) == 2 + 1_999
    assert elapsed < 60, elapsed


# -- the real archive slice ------------------------------------------------------------


@pytest.mark.slow
def test_archive_slice_anchors_are_consistent():
    path = require(CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz")
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(path)], diags, None), diags)
    cs = [c for s in grouping.series for c in comments_of(s)]
    assert len(cs) > 1000
    anchored = [c for c in cs if c.anchor in ("diff", "inherited") and c.line is not None]
    assert len(anchored) / len(cs) > 0.4
    assert {c.status for c in cs} == {"open", "unchanged", "discussed", "addressed"}
    for c in cs:
        assert c.comment.strip()
        assert (c.file is None) == (c.anchor in ("prose", "none", "message"))
        assert c.status != "addressed" or c.addressed_in is not None
        if c.anchor in ("fixup", "named"):  # a line of the patch, found by name or fix-up
            assert c.target is not None and c.file in c.target.files, (c.message_id, c.file)
    # a diff anchor names a line of the patch in that file, and that line is what the
    # excerpt ends with (whole, or the tail of a re-wrapped line)
    indexes: dict[int, DiffIndex] = {}
    for c in cs:
        if c.anchor != "diff" or c.line is None:
            continue
        assert c.target is not None and c.file in c.target.files, (c.message_id, c.file)
        if id(c.target) not in indexes:
            indexes[id(c.target)] = build_index([c.target])
        index = indexes[id(c.target)]
        lines = [d for d in index.lines if d.file == c.file and d.line == c.line and d.kind != "F"]
        tail = squash(c.excerpt.split("\n")[-1].lstrip("+- "))
        assert any(
            squash(d.text[1:] if d.kind in "+- " else d.text).endswith(tail) for d in lines
        ), (c.message_id, c.line, c.excerpt)
