"""The one reading of a reply's own words (analysis/discussion/own_words.py), shared by the
comment tracker, the outcome detector and the reply-trailer checks: each piece of a reply it
cuts or keeps, and the proof that the outcome detector and the comment tracker now read the
same reply the same way."""

from __future__ import annotations

from patchlint.analysis.discussion.outcome import classify_sentence, sentences
from patchlint.analysis.discussion.own_words import (
    MAX_LINE,
    MAX_LINES,
    QLine,
    Segment,
    _ends_mail,
    _runs,
    clean_own_words,
    dequote,
    is_attribution,
    own_text,
    reply_text,
    segments,
)
from patchlint.model.body import _QUOTE as QUOTE
from patchlint.model.body import DIFF_START, is_scissors, split_scissors
from patchlint.model.message import Address
from tests.conftest import newest_third_and_seeds

JAN = Address("Jan Beulich", "jbeulich@suse.com")


def test_segments_alternate_quoted_and_own_runs_with_their_depth():
    segs = segments("On Mon, X wrote:\n> a\n>> b\n\nComment.\n\n> c\nMore.\n-- \nsig\n")
    assert [(s.quoted, [(q.depth, q.text) for q in s.lines]) for s in segs] == [
        (False, [(0, "On Mon, X wrote:")]),
        (True, [(1, "a"), (2, "b")]),
        (False, [(0, "Comment.")]),
        (True, [(1, "c")]),
        (False, [(0, "More.")]),
    ]


def test_the_mail_ends_at_signature_footer_scissors_and_outlook_originals():
    assert reply_text("Mine.\n-- \nJan\n") == "Mine."
    assert reply_text("Mine.\n" + "_" * 30 + "\nList footer\n") == "Mine."
    assert reply_text("Mine.\n\n-----Original Message-----\nFrom: X\n") == "Mine.\n"
    assert reply_text("Mine.\n\n----- Ursprüngliche Mail -----\nVon: X\n") == "Mine.\n"
    assert reply_text("Mine.\n8<------------------\nFrom: X <x@y>\nproposal\n") == "Mine."
    top_posted = "Looks good.\n\nFrom: X <x@y>\nSent: Monday\nTo: L\n\nThe original.\n"
    assert reply_text(top_posted) == "Looks good.\n"


def test_an_outlook_header_above_a_quote_attributes_it_and_ends_nothing():
    """Outlook's `From:`/`Sent:` header over a quoted original (the linux-hyperv slice has
    such replies with inline comments below it) is an attribution, not the end of the mail."""
    body = (
        "From: Haiyang Zhang <haiyangz@example.com>\nSent: Saturday, May 30, 2026\n\n"
        ">+\te.dim.mod_usec = tail_ptr;\n\nplease use defines instead of magic\n"
    )
    assert reply_text(body) == body
    own = [s for s in segments(body) if not s.quoted]
    assert [clean_own_words([q.text for q in s.lines], JAN) for s in own] == [
        "",
        "please use defines instead of magic",
    ]
    assert own_text(body) == "please use defines instead of magic"


def test_an_unquoted_diff_and_the_rest_of_its_run_are_dropped():
    body = (
        "Try this:\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        "\nApplied.\n> quoted\nAfter the quote.\n"
    )
    assert own_text(body) == "Try this:\n\nAfter the quote."


def test_attribution_styles_are_recognised_wrapped_or_not():
    assert is_attribution(["On Mon, 1 Jan 2024 at 10:00, Ann Author <ann@example.com> wrote:"])
    assert is_attribution(["On Mon, 1 Jan 2024 at 10:00, Ann Author", "<ann@example.com> wrote:"])
    assert is_attribution(['Ian Jackson writes ("Re: [PATCH] libxl"):'])
    assert is_attribution(["Quoting Ann Author (2024-01-01 10:00:00)"])
    assert is_attribution(["From: Ann", "Date: Mon"])
    assert not is_attribution(["This is what I wrote."])


def test_own_text_keeps_trailers_and_closings_but_not_attribution():
    body = (
        "On Mon, Ann wrote:\n> +int x;\n\nNAK.\n\nNacked-by: Jan Beulich <jbeulich@suse.com>"
        "\n\nThanks,\nJan\n\nOn Tue, Ann wrote:\n> more\n"
    )
    assert own_text(body) == "NAK.\n\nNacked-by: Jan Beulich <jbeulich@suse.com>\n\nThanks,\nJan"


def test_words_on_either_side_of_a_quote_are_never_one_sentence():
    """The outcome detector read a reply with its quoted lines deleted, so `Thanks` above a
    quote and `applied` below it joined into one sentence; now each run is its own."""
    body = "Thanks\n> the patch\napplied on top of rc1, it crashes\n"
    assert sentences(own_text(body)) == ["Thanks", "applied on top of rc1, it crashes"]
    assert [classify_sentence(s, by_author=False) for s in sentences(own_text(body))] == [
        None,
        None,
    ]


def _split_scissors_as_before(text: str) -> tuple[str, str | None]:
    """`model.body.split_scissors` before perf13 (no test of the whole text first)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if (
            not QUOTE.match(line)
            and ("8<" in line or ">8" in line or "%<" in line)
            and (is_scissors(line))
        ):
            return "\n".join(lines[:i]), "\n".join(lines[i + 1 :])
    return text, None


def _reply_text_as_before(body: str) -> str:
    """`reply_text` before perf13: `_ends_mail` asked of every line."""
    above, _ = _split_scissors_as_before(body)
    lines = above.split("\n")[:MAX_LINES]
    for i in range(len(lines)):
        if _ends_mail(lines, i):
            return "\n".join(lines[:i])
    return "\n".join(lines)


def _runs_as_before(body: str) -> tuple[tuple[bool, tuple[QLine, ...]], ...]:
    """`_runs` as it was before perf13 wrote `dequote` out in its loop (the reference)."""
    out: list[Segment] = []
    skipping = False
    lines = _reply_text_as_before(body).split("\n")
    for i, raw in enumerate(lines):
        raw = raw[:MAX_LINE]
        q = dequote(raw) if raw.startswith((">", " >")) else QLine(0, raw)
        quoted = q.depth > 0
        if not quoted and skipping:
            continue
        skipping = False
        if (
            not quoted
            and (raw.startswith(("diff ", "Index: ", "--- ")))
            and DIFF_START.match(raw + "\n" + (lines[i + 1] if i + 1 < len(lines) else ""))
        ):
            skipping = True
            continue
        if not quoted and not raw.strip() and out:
            out[-1].lines.append(
                QLine(0, "") if not out[-1].quoted else QLine(out[-1].lines[-1].depth, "")
            )
            continue
        if out and out[-1].quoted == quoted:
            out[-1].lines.append(q)
        else:
            out.append(Segment(quoted, [q]))
    for seg in out:
        while seg.lines and not seg.lines[-1].text.strip():
            seg.lines.pop()
        if not seg.quoted:
            while seg.lines and not seg.lines[0].text.strip():
                seg.lines.pop(0)
    return tuple((s.quoted, tuple(s.lines)) for s in out if s.lines)


def test_the_quoted_own_cut_reads_real_mail_as_before():
    """The cut with `dequote` written out, the mail's end found by one pattern pass and the
    scissors looked for only in text that has their marks give every body of the seed
    threads and of the newest third of the linux-hyperv slice what they gave before (and
    odd markers, ends and scissors)."""
    bodies = [m.body for m in newest_third_and_seeds()]
    bodies.append("> a\n> > b\n >c\n>>d\n>\n> \nown\n>  two spaces\n\n> >\n")
    # where a mail may end, first or last line, CR endings, a scissors line quoted or not
    bodies += [
        "-- ",
        "a\n-- \nsig",
        "a\r\n-- \r\nsig",
        "x\n" + "_" * 20 + "\nfooter",
        "x\n" + "_" * 19 + "\ny",
        "x\n---- Original Message ----\nfrom: a\nSent: b\n\nold",
        "From: a\nSent: b\nTo: c\n\nforwarded",
        "from: a\nsent: b\n> quoted",
        "fine\nfoo --- bar\n-----Original Message-----\nold",
        "> --8<--\nstill own\n--8<--\nproposal",
        "a >8 b\n%< nothing\n-- >8 --\nbelow",
        "\n\n",
        "",
    ]
    assert len(bodies) > 1000
    quoted = ended = 0
    for body in bodies:
        assert split_scissors(body) == _split_scissors_as_before(body)
        assert reply_text(body) == _reply_text_as_before(body)
        ended += reply_text(body) != body
        runs = _runs(body)
        assert runs == _runs_as_before(body)
        quoted += sum(len(lines) for q, lines in runs if q)
    assert quoted > 10_000  # the cut was exercised on quoted lines, not only own ones
    assert ended > 500  # and on mail that ends (signatures, footers) before its text does
