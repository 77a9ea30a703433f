"""What became of a review comment: its code (or commit message) changed by a later revision
(addressed) or kept (unchanged), answered in the thread (discussed), or still open; see
`comments` for the rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from patchlint import lazyre
from patchlint.analysis.discussion.acks import (
    about_layout,
    agrees,
    asks_no_change,
    asks_only,
    disputes,
    first_sentence,
    is_negative,
    is_request,
    proposes,
    takes_point,
)
from patchlint.analysis.discussion.anchor import DiffLine, place_blocks, squash
from patchlint.analysis.discussion.cover import cover_focus, cover_reworded
from patchlint.analysis.discussion.credit import credits, new_entries
from patchlint.analysis.discussion.draft import draft_moved
from patchlint.analysis.discussion.message import (
    MessageFocus,
    about_wording,
    message_moved,
    names_message,
    points_at_code,
    speaks_of_wording,
)
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.named import (
    NamedAnchor,
    adopted,
    names_code_not_added,
    names_new_code,
    writes_added_line,
)
from patchlint.analysis.discussion.outcome import classify_sentence, sentences
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision
from patchlint.model.trailers import same_person

MAX_QUESTION_SENTENCES = 3  # a question asked of someone's words, not an argument
MAX_SUBSTITUTION_CHARS = 2_000  # of a comment's words, where `s/old/new/` is looked for
_INTER_HUNK = lazyre.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def _same_file(a: str, b: str) -> bool:
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def _pair(later: RevisionInterdiff, patch: Patch) -> PatchInterdiff | None:
    return next((p for p in later.patches if p.old is patch), None)


def _points(focus: list[DiffLine]) -> tuple[float, float] | None:
    """The span of post-image positions the focus lines cover; a removed line sits between
    the line before its place and the line in it."""
    pts: list[float] = []
    for d in focus:
        if d.line is None:
            return None
        pts.append(d.line - 0.5 if d.kind == "-" else float(d.line))
    return (min(pts), max(pts)) if pts else None


def _touches(ctx: ThreadContext, focus: list[DiffLine], pi: PatchInterdiff) -> bool:
    """Does the interdiff change the focus lines: remove or replace one, or insert between
    them or right under the last one (old-revision post-image numbering). Where the
    interdiff has no line numbers (a range-diff), the lines are looked for in the new patch
    instead: changed unless all of them are there, in the same shape."""
    if not focus or focus[-1].file is None:
        return False
    path = focus[-1].file
    span = _points(focus)
    real = set(pi.old.files if pi.old is not None else ()) | set(
        pi.new.files if pi.new is not None else ()
    )
    for f in pi.files:
        if (
            f.method == "range-diff"
            and f.path not in real
            and not any(_same_file(f.path, r) for r in real)
        ):
            # the diffs did not parse and were compared as whole texts
            return pi.new is None or _refocus(ctx, focus, pi.new) is None
        if not _same_file(f.path, path):
            continue
        if span is None:
            return True  # a comment on the file as a whole, and the file changed
        if f.method == "range-diff":
            return pi.new is None or _refocus(ctx, focus, pi.new) is None
        lo, hi = span
        old = 0
        for line in f.diff.split("\n"):
            m = _INTER_HUNK.match(line)
            if m:
                start = int(m.group(1))
                old = start + 1 if m.group(2) == "0" else start
                continue
            if line.startswith(("--- ", "+++ ")):
                continue
            tag = line[:1]
            if tag == " ":
                old += 1
            elif tag == "-":
                if lo <= old <= hi:
                    return True
                old += 1
            elif tag == "+" and lo <= old - 0.5 <= hi + 0.5:
                # inserted between the focus lines or right under the last one: a reviewer
                # quotes down to the place and asks for something there ("add a comment")
                return True
    return False


def _refocus(ctx: ThreadContext, focus: list[DiffLine], patch: Patch) -> list[DiffLine] | None:
    """The focus lines found again in a later revision's patch, by content and in the same
    shape (same kinds, same distances apart), or None."""
    if not patch.diff.strip():
        return None
    index = ctx.index_for([patch])
    placement = place_blocks([[d.text for d in focus]], index).get(0)
    if placement is None or len(placement.positions) != len(focus):
        return None
    found = [index.lines[p] for p in placement.positions]
    if any(
        a.kind != b.kind or a.file is None or b.file is None or not _same_file(a.file, b.file)
        for a, b in zip(focus, found, strict=True)
    ):
        return None
    if focus[0].line is not None and found[0].line is not None:
        shape = [d.line - focus[0].line for d in focus if d.line is not None]
        moved = [d.line - found[0].line for d in found if d.line is not None]
        if shape != moved:
            return None
    return found


def _credited(
    ctx: ThreadContext, comment: ReviewComment, step: RevisionInterdiff, pi: PatchInterdiff
) -> bool:
    """The newer revision's changelog says it did what the comment asked (`credit`)."""
    assert pi.old is not None and pi.new is not None
    key = (id(step), id(pi))  # read once per step of a patch, for all its comments
    read = ctx.step_changelogs.get(key)
    if read is None:
        entries = new_entries(
            step.old.changelog_for(pi.old.index), step.new.changelog_for(pi.new.index)
        )
        about = " ".join((pi.old.title, step.old.title, " ".join(pi.old.files).replace("/", " ")))
        read = ctx.step_changelogs[key] = (entries, about)
    entries, about = read
    promised = any(takes_point(a.words) for a in comment.answers)
    return bool(entries) and credits(comment.comment, comment.author, entries, about, promised)


def _message_focus(comment: ReviewComment) -> MessageFocus | None:
    """What of the commit message a comment is about. A quote of nearly all of it is about
    all of it only when the comment is about the words ("please reword"): a point written
    under a whole-message quote ("Have you convinced yourself this isn't a workaround?",
    as xen-devel reviewers quote everything above their first remark) is about the lines
    it sits under, so a reword elsewhere in the message does not address it."""
    focus = comment.message
    if focus is not None and focus.whole and not _asks_about_words(comment.comment):
        return MessageFocus(focus.lines, whole=False)
    return focus


_REWORD = lazyre.compile(
    r"(?:^|\s)s/[^/\n]{1,80}/[^/\n]{0,80}/|\b(?:typo|typos|re-?word\w*|re-?phras\w*|wording"
    r"|spell(?:ing|ed|t)?\b(?!\s+(?:\w+\s+)?out)|misspel\w*|grammar\w*)\b",
    re.I,
)


def _asks_about_words(text: str) -> bool:
    """The comment asks about the message's words: it names the message, or one of its
    sentences is about wording and asks for something (a request, a question) or speaks of
    rewording or typos. "You said you repro-ed it with grub" is about the discussion."""
    if names_message(text) or _REWORD.search(text):
        return True
    return any(
        about_wording(s) and (is_request(s) or s.rstrip().endswith("?")) for s in sentences(text)
    )


def _on_message_words(comment: ReviewComment) -> bool:
    """A comment whose quote is the message itself is about its words. One under an earlier
    mail's words on the message (`follow_up`: the design argument that grew out of it, "Hm,
    I'm not sure I agree. p2m memory types are limited ...", "Maybe I should clarify ...
    unify EPT resolve_misconfig and NPT do_recalc") is about that discussion: a message
    rewritten with the redesign does not answer it, unless it names the message or speaks
    of rewording ("s/foo/bar/", "typo")."""
    text = comment.comment
    return not comment.follow_up or names_message(text) or _REWORD.search(text) is not None


def _changed(
    ctx: ThreadContext, comment: ReviewComment, groups: list[list[DiffLine]], pi: PatchInterdiff
) -> bool:
    """Did this step change what the comment is about? A step that changes only white space
    answers only a comment about white space or layout: "drop this function" is not met by
    a re-indented v2."""
    assert pi.old is not None and pi.new is not None
    spaced = pi.detail != "whitespace-only" or about_layout(comment.comment)
    if spaced and any(_touches(ctx, g, pi) for g in groups):
        return True
    if comment.names_message and message_moved(None, pi.old, pi.new):
        return True
    if comment.anchor == "message" and comment.message is not None and comment.message.draft:
        return _draft_changed(comment, comment.message, pi.new)
    if comment.anchor == "message":
        if _on_message_words(comment) and message_moved(_message_focus(comment), pi.old, pi.new):
            return True
        # a request quoting the message about the change itself ("why not an enum?"), not
        # about its words: the code changing is what answers it, unless it was answered
        # without taking the point
        if (
            pi.material
            and _asks_plainly(comment.comment)
            and not about_wording(comment.comment)
            and (not comment.answers or any(agrees(a.words) for a in comment.answers))
        ):
            return True
    if comment.adopt:
        anchor = NamedAnchor("fixup", pi.old, groups, comment.adopt)
        return adopted(anchor, pi.new, ctx.flat_of(pi.new))
    return False


def _squeezed(diff: str) -> list[str]:
    """A diff's lines without their white space (and without `index` lines, which name
    blobs): what is left when only the spacing of a patch changed."""
    return ["".join(line.split()) for line in diff.split("\n") if not line.startswith("index ")]


def _respaced(comment: ReviewComment, pi: PatchInterdiff) -> bool:
    """A comment about white space or layout ("Looks like wrong indentation.", "the patch is
    corrupted. Unchanged lines have an extra space") met by a revision whose patch differs
    from the old one only in white space, context lines included: a patch re-sent clean is
    `unchanged` (context-only) to the interdiff, since its changed lines are the same, yet it
    is what the comment asked for."""
    assert pi.old is not None and pi.new is not None
    return (
        about_layout(comment.comment)
        and pi.old.diff != pi.new.diff
        and _squeezed(pi.old.diff) == _squeezed(pi.new.diff)
    )


_SPLIT = lazyre.compile(
    r"\b(?:split\w*|separate\s+(?:patch|change|commit)|(?:own|another|its\s+own)\s+patch"
    r"|(?:into|in)\s+(?:two|more|multiple|several)\s+(?:patches|changes|commits)"
    # code moved and changed in one patch: "it makes it hard to tell what code actually changed"
    r"|hard\s+to\s+(?:tell|see|review|follow)\s+what\s+(?:\w+\s+){0,2}changed)\b",
    re.I,
)


# a request made only under a condition ("... folded into the original with my Acked-by
# if that is preferable", "If you can check all the relids ..."): an offer, not an ask
_CONDITIONAL = lazyre.compile(
    r"^\W*(?:if|unless)\b|\bif\s+(?:that|this|it|so)(?:'s|\s+is|\s+was)?(?:\s+\w+)?\W*$", re.I
)
# "Maybe it's a good idea to print the 'relid' in the newly-added warning"
_GOOD_IDEA = lazyre.compile(
    r"\b(?:it'?s|it\s+is|it\s+would\s+be|would\s+be)\s+(?:a\s+)?good\s+idea\s+to\b", re.I
)


def _asks_plainly(text: str) -> bool:
    """A sentence of the text asks for a change without a condition on it."""
    return any(
        (is_request(s) and _CONDITIONAL.search(s.strip()) is None) or _GOOD_IDEA.search(s)
        for s in sentences(text)
    )


def _taken_silently(comment: ReviewComment, step: RevisionInterdiff, pi: PatchInterdiff) -> bool:
    """A request that quotes no code of the patch (it stands under the discussion: "make sure
    those strings are unique because they're in sysfs", "print the 'relid' in the newly-added
    warning", a bot's build errors) and that nobody answered or argued with, followed by a
    revision, posted after it, that changed the patch beyond white space: the author took it
    without a word. As for a request quoting the commit message (`_changed`), the change
    itself cannot be checked against it; an answer, any answer, leaves it to the thread. A
    request made only under a condition ("... with my Acked-by if that is preferable") is an
    offer, and a top-posted request quoting nothing stays with what the thread said."""
    return (
        comment.anchor == "prose"
        and pi.material
        and not comment.answered_by
        and not comment.reactions
        and _asks_plainly(comment.comment)
        and _posted_after(step.new, comment)
    )


def _taken_as_promised(comment: ReviewComment, step: RevisionInterdiff, pi: PatchInterdiff) -> bool:
    """A request under the discussion (`_taken_silently`: it quotes no code of the patch)
    that every answer took ("Ok, I'll send a v2 without the printk and add this explanation
    to the commit message." under "For now, we can return from here without printing
    anything ..."), followed by a revision posted after the answers that changed the patch
    beyond white space: the promise and the change together meet it."""
    return (
        comment.anchor == "prose"
        and pi.material
        and bool(comment.answers)
        and all(
            _by_author(a.author, comment)
            and _I_PROMISE.search(first_sentence(a.words)) is not None
            and not is_negative(a.words)
            for a in comment.answers
        )
        and not _insisted(comment)
        and (_asks_plainly(comment.comment) or _SUGGESTS.search(comment.comment) is not None)
        and all(sort_time(step.new.date) >= sort_time(a.date) for a in comment.answers)
    )


# "s/foo bar/baz/", or unclosed and one word each: "s/ITRE/IRTE. I suppose Wei can ..."
_SUBSTITUTE = lazyre.compile(
    r"(?:^|\s)s/(?:([^/\n]{1,80})/([^/\n]{0,80})/|([^/\s]{1,80})/([^/\s]{0,80}))"
)


def _written(patch: Patch) -> str:
    """What a patch says in its own words: its title, its message and the lines it adds."""
    added = (
        line[1:]
        for line in patch.diff.split("\n")
        if line.startswith("+") and not line.startswith("+++")
    )
    return "\n".join((patch.title, patch.message, *added))


def _substituted(comment: ReviewComment, pi: PatchInterdiff) -> bool:
    """A substitution the comment writes out (`s/ITRE/IRTE`, wherever it stands: under the
    subject line, under no quote) that the next revision made: the old patch wrote the old
    words, the new one no longer does and writes the new ones."""
    assert pi.old is not None and pi.new is not None
    before: str | None = None
    after: str | None = None
    for old, new in _substitutions(comment.comment):
        if before is None or after is None:
            before, after = _written(pi.old), _written(pi.new)
        if (
            _holds_word(before, old)
            and not _holds_word(after, old)
            and (not new or _holds_word(after, new))
        ):
            return True
    return False


def _substitutions(text: str) -> Iterator[tuple[str, str]]:
    """The (old, new) words of each substitution a comment writes out (`s/foo/bar/`)."""
    for m in _SUBSTITUTE.finditer(text[:MAX_SUBSTITUTION_CHARS]):
        if m.group(1) is not None:
            old, new = m.group(1).strip(), m.group(2).strip()
        else:
            old, new = m.group(3), m.group(4).rstrip(".,;:!?)")
        if old and old != new:
            yield old, new


def _draft_changed(comment: ReviewComment, focus: MessageFocus, new: Patch) -> bool:
    """A comment on the author's draft of the next message (`draft`), judged against the next
    revision's message: a substitution it writes out for words of the quoted draft lines
    must be made there (the old words gone, the new ones written); otherwise the message
    must have moved at the quoted draft text (`draft_moved`)."""
    quoted = "\n".join(d for d in focus.draft if squash(d) in focus.lines)
    wanted = [
        (old, rep) for old, rep in _substitutions(comment.comment) if _holds_word(quoted, old)
    ]
    if wanted:
        text = "\n".join((new.title, new.message))
        return all(
            not _holds_word(text, old) and (not rep or _holds_word(text, rep))
            for old, rep in wanted
        )
    return draft_moved(focus, new)


def _holds_word(text: str, word: str) -> bool:
    """`word` stands in `text` as a word of its own (no letter, digit or `_` either side)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            return True
        start = text.find(word, start + 1)
    return False


def _split_out(
    ctx: ThreadContext, comment: ReviewComment, step: RevisionInterdiff, patch: Patch
) -> bool:
    """A request to split the change ("do this in a separate change first") met by the next
    revision: the patch became two or more (it pairs with several), or the quoted lines are
    now in a patch new in it; the commented patch's own interdiff cannot show either."""
    if not _SPLIT.search(comment.comment):
        return False
    if sum(1 for p in step.patches if p.old is patch and p.new is not None) >= 2:
        return True
    groups = [g for g in comment.groups if g]
    added = [p.new for p in step.patches if p.old is None and p.new is not None]
    return any(_refocus(ctx, g, new) is not None for new in added for g in groups)


# a request to make several patches one: "I wouldn't mind if it was all folded into the
# same patch", "we might as well do the conversion of GENAPIC_PHYS in the same patch",
# "please squash this into the previous patch", "merge this with the previous commit"
_FOLD = lazyre.compile(
    r"\b(?:fold\w*|squash\w*|merg(?:e|ed|ing)|combin(?:e|ed|ing))\b[^.?!\n]{0,60}?\b(?:into|with)\s+"
    r"(?:\d+/\d+\b|(?:(?:the|this|that|a|one)\s+)?(?:(?:same|previous|prior|next|first|last"
    r"|single|other|earlier)\s+)?(?:patch|commit|change)\b|(?:the\s+)?(?:previous|prior|next"
    r"|first|last|earlier|other)\s+one\b)"
    r"|\b(?:in|into)\s+(?:the\s+same|a\s+single|one)\s+(?:patch|commit|change)\b",
    re.I,
)
FOLDED_SHARE = 0.5  # of a dropped patch's changed lines the next revision's must hold


def _changed_lines(patch: Patch) -> set[str]:
    """The patch's added and removed lines, each with its sign, white space folded (lines
    of code, not blanks or braces)."""
    out: set[str] = set()
    for line in patch.diff.split("\n"):
        if line[:1] in ("+", "-") and not line.startswith(("+++", "---")):
            text = " ".join(line[1:].split())
            if len(text) > 3:
                out.add(line[0] + text)
    return out


def _folded(comment: ReviewComment, step: RevisionInterdiff) -> bool:
    """A request to fold patches together (`_FOLD`) met by the next revision: it has fewer
    patches, and what a patch it no longer has changed is, for the most part, changed by one
    of its patches (the three-patch x86/APIC series posted again as one, xen-devel 2024)."""
    if not _FOLD.search(comment.comment):
        return False
    new = [p.new for p in step.patches if p.new is not None]
    dropped = [p.old for p in step.patches if p.old is not None and p.new is None]
    if not dropped or len(new) >= len(step.old.patches):
        return False
    kept = [_changed_lines(p) for p in new]
    for old in dropped:
        lines = _changed_lines(old)
        if lines and any(len(lines & k) >= FOLDED_SHARE * len(lines) for k in kept):
            return True
    return False


# a request for a code comment: "it could do with a small comment explaining why", "this
# deserves a comment", "I'd add a comment about that assumption" (not "the comment about
# why the flag exists", which names one there already)
_ASKS_CODE_COMMENT = lazyre.compile(
    r"\b(?:do\s+with|add|adding|deserves?|needs?|wants?|warrants?|worth|requires?)\s+(?:a|an|some)"
    r"\s+(?:(?:small|short|brief|little|code|few|more)\s+)?(?:words?\s+of\s+)?comments?\b",
    re.I,
)
# an added line of a C comment: its opening, a continuation star, a `//` line
_COMMENT_LINE = lazyre.compile(r"^\+\s*(?:/\*|\*(?:\s|/|$)|//)")


def _comment_added(comment: ReviewComment, pi: PatchInterdiff) -> bool:
    """A request for a code comment (`_ASKS_CODE_COMMENT`) that quotes no code, met by the
    next revision adding one: a comment line its patch adds that the earlier patch did not
    ("it could do with a small comment explaining why" under the commit message of x86/HVM's
    upcall-vector logging, v2 adding the `/* Avoid logging all-identical messages ... */`
    block; xen-devel 2023). On quoted code the comment asks for it there, which the lines
    under the quote changing (`_changed`) tells."""
    if (
        pi.old is None
        or pi.new is None
        or _on_quoted_code(comment)  # there the place counts: `_changed` finds it
        or not _ASKS_CODE_COMMENT.search(comment.comment)
    ):
        return False
    before = set(_comment_lines(pi.old.diff, comment.file))
    return any(line not in before for line in _comment_lines(pi.new.diff, comment.file))


def _comment_lines(diff: str, path: str | None) -> list[str]:
    """The comment lines a diff adds (white space folded), in `path` when one is given (a
    comment on a file asks for the comment there)."""
    out: list[str] = []
    here = path is None
    for line in diff.split("\n"):
        if line.startswith("+++ "):
            here = path is None or line[4:].strip().removeprefix("b/") == path
        elif here and _COMMENT_LINE.match(line) and len(line.strip()) > 3:
            out.append(" ".join(line.split()))
    return out


def _applied_after(ctx: ThreadContext, rev: Revision, since: datetime | None) -> bool:
    """Someone other than the series author said the revision was applied, after `since`."""
    for reply in rev.replies:
        if sort_time(reply.message.date) < sort_time(since):
            continue
        if same_person(reply.message.author, rev.author):
            continue
        text = own_text(reply.message.body)
        if any(classify_sentence(s, by_author=False) == "applied" for s in sentences(text)):
            return True
    return False


def _rejected(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """The commenter's last mail reacting to an answer did not accept it (one of its turns
    insists, and its last turn does not close with thanks), and no review trailer of theirs
    came after it."""
    if not comment.reactions:
        return False
    latest = max(sort_time(r.date) for r in comment.reactions)
    last_mail = [r for r in comment.reactions if sort_time(r.date) == latest]
    if all(r.accepted or r.aside or r.answered for r in last_mail) or last_mail[-1].closes:
        # every turn accepts (a bare "Eww." at a scenario in the answer between them is an
        # aside) or is an aside (a "+Juergen as he worked on co-scheduling." under the
        # answer insists on nothing), or the mail's last word on the answers closes the
        # exchange with thanks: pushing back on a part, then "ok, thanks"
        return False
    if asks_only(comment.comment) and (comment.follow_up or not any(r.disputes for r in last_mail)):
        # a question that asked for no change, answered: the commenter's next question or
        # remark on the answer ("Does that mean more core code surgery?") insists on nothing;
        # a question put in an argument about an earlier point ("Ie: ... yet only direct
        # MMIO types require this fix?"), answered: the pushing back after it argues that
        # point, which stays open, not the question
        return False
    if not any(r.disputes for r in last_mail) and any(agrees(a.words) for a in comment.answers):
        # the answer took the point ("I agree that enabling ras_cec is a good thing to have
        # in production"): the commenter's further remark on it insists on nothing
        return False
    last = last_mail[0]
    if (comment.rev is None or ctx.next_of.get(id(comment.rev)) is None) and _then_taken(
        ctx, comment, last.message_id, latest
    ):
        return False
    if _conceded_later(ctx, comment, last.message_id, latest):
        return False
    for reply, rev in ctx.replies.values():
        if comment.rev is not None and rev.version < comment.rev.version:
            continue
        if sort_time(reply.message.date) <= sort_time(last.date):
            continue
        if not (
            same_person(reply.message.author, comment.author)
            or same_person(comment.author, reply.message.author)
        ):
            continue
        if any(t.is_review for t in reply.trailers):
            return False
    return True


def _then_taken(ctx: ThreadContext, comment: ReviewComment, insisted: str, after: float) -> bool:
    """Under the commenter's insisting mail, the series author took the point ("Thanks, I
    will use another allocator"): on the newest revision that settles it in the thread."""
    rev = comment.rev
    if rev is None:
        return False
    for reply in _later_under(ctx, rev.author, insisted, after):
        mail = ctx.mail(reply.message.key)
        if mail is not None and any(
            t.quote is not None and takes_point(t.words) for t in mail.turns
        ):
            return True
    return False


def _later_under(
    ctx: ThreadContext, author: Address, insisted: str, after: float
) -> Iterator[Reply]:
    """The replies `author` sent after `after` somewhere below the mail `insisted`."""
    for reply, _rev in ctx.replies.values():
        msg = reply.message
        if sort_time(msg.date) <= after or not same_person(msg.author, author):
            continue
        chain = ctx.ancestors(msg.key)
        if any(
            (ctx.replies[k][0].message.message_id or k) == insisted
            for k in chain
            if k in ctx.replies
        ):
            yield reply


# the commenter giving in: "Sure but do two variables pls" under the author's "Can we start
# with that small fix ?" (a "but" that adds a request does not take the assent back)
_CONCEDE = lazyre.compile(
    r"^(?:sure|ok(?:ay)?|fine|alright|all\s+right|agreed|fair\s+enough)\b(?!\s+not\b)", re.I
)


def _conceded_later(
    ctx: ThreadContext, comment: ReviewComment, insisted: str, after: float
) -> bool:
    """Further down the exchange under the commenter's insisting mail, a later mail of theirs
    gives in to the series author: one of its turns, under the author's words, opens with
    an assent ("Sure", "OK", "Fine"). The argument is over; the points they argued in it
    were answered (discussed), not left open."""
    rev = comment.rev
    if rev is None:
        return False
    for reply in _later_under(ctx, comment.author, insisted, after):
        msg = reply.message
        parent = ctx.replies.get(reply.parent_key) if reply.parent_key else None
        if parent is None or not same_person(parent[0].message.author, rev.author):
            continue
        mail = ctx.mail(msg.key)
        if mail is not None and any(
            t.quotes and _CONCEDE.match(t.words.strip()) and not is_negative(t.words)
            for t in mail.turns
        ):
            return True
    return False


# a question that asks a change in other words: a correction offered as a question ('You
# mean "test the absence of PV entry points" here?', 'I guess you mean "movq ..., %rax"?':
# the words meant, quoted or written as code), or the xen-devel idiom for "should" ("Surely
# this wants to be a hard error?", "this wants to be unsigned"; "do you want to ...?" asks)
_ASKS_IN_OTHER_WORDS = lazyre.compile(
    r"\b(?:you|you\s+probably|you\s+really)\s+mean(?:t)?\s*(?:[:,]\s*)?[\"'`\u201c]"
    r"|\b(?:this|that|it|these|those|which)\s+(?:\w+ly\s+|still\s+|also\s+|then\s+)?wants?\s+to\s+be\b",
    re.I,
)


def _asks_in_other_words(comment: ReviewComment) -> bool:
    """The comment asks for a change as a question (`_ASKS_IN_OTHER_WORDS`): an answer in
    words ("No, but that sentence clearly didn't come out right.") does not settle it, the
    next revision making the change does."""
    return _ASKS_IN_OTHER_WORDS.search(comment.comment) is not None


def _answered_no(comment: ReviewComment) -> bool:
    """A question whose every answer opens with a no: nothing was asked to change. A no
    that promises the change ("Is this still needed?" "Nope, I'll get that.") is not one."""
    return (
        comment.comment.rstrip().endswith("?")
        and bool(comment.answers)
        and all(is_negative(a.words) and not agrees(a.words) for a in comment.answers)
    )


def _on_quoted_code(comment: ReviewComment) -> bool:
    """The comment stands under quoted code, not under the message or prose, and does not
    name the commit message."""
    return comment.anchor not in ("message", "prose", "none") and not comment.names_message


def _insisted(comment: ReviewComment) -> bool:
    """A reaction of the commenter's that is more than an aside disputes the answer."""
    return any(r.disputes and not r.aside for r in comment.reactions)


def _explained(comment: ReviewComment) -> bool:
    """A question on quoted code that asks for no change ("is there any reason why ...?"),
    answered with an explanation only: nothing was asked to change, so a later revision
    touching the lines does not address it; the answer settles it. (A question on the
    commit message, "what is the value of this?", is how reviewers ask for a reword, unless
    it says it is about the code below the quote: `message.points_at_code`.)"""
    text = comment.comment.rstrip()
    on_code = _on_quoted_code(comment)
    return (
        (on_code or (comment.anchor == "message" and points_at_code(text)))
        and asks_no_change(text)
        and bool(comment.answers)
        and not any(takes_point(a.words) or proposes(a.words) for a in comment.answers)
    )


def _asked_of_words(comment: ReviewComment) -> bool:
    """A question asked under someone's words about the code rather than under the code
    (`focus.under_words`: "Isn't it going to goto out_free_data? ... Does this patch aim to
    fix this?" under the author's explanation), short (several sentences closing with
    "Isn't this info sufficient?" argue for a change), asking for no change, and answered:
    it asks about those words, so the code under them changing later does not answer it,
    the answer does, whatever the commenter said next (a new proposal is a comment of its
    own)."""
    text = comment.comment.rstrip()
    return (
        comment.under_words
        and text.endswith("?")
        and not is_request(text)
        and bool(comment.answers)
        and len(sentences(text)) <= MAX_QUESTION_SENTENCES
    )


def _followed(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """A later revision was posted after the comment was written."""
    later = ctx.next_of.get(id(comment.rev)) if comment.rev is not None else None
    while later is not None:
        if _posted_after(later.new, comment):
            return True
        later = ctx.next_of.get(id(later.new))
    return False


# a remark that finds the patch's words or code unclear: "To me your text doesn't make it
# clear that you only talk about 64-bit guests there": the point stands for the revision
_FINDS_UNCLEAR = lazyre.compile(
    r"\b(?:do(?:es)?n'?t|do(?:es)?\s+not)\s+make\s+(?:it\s+)?(?:clear|obvious)\b"
    r"|\b(?:isn'?t|is\s+not|not)\s+(?:at\s+all\s+|very\s+|entirely\s+)?(?:clear|obvious)\s+(?:from|in)\s+"
    r"(?:your|the|this)\s+(?:text|wording|description|commit\s+message|comment|code)\b",
    re.I,
)


def _same(a: Address, b: Address) -> bool:
    """The same person, either way round, when either is known."""
    return bool(a.email or a.name) and (same_person(a, b) or same_person(b, a))


def _by_author(who: Address, comment: ReviewComment) -> bool:
    """Written by the patch's author, or by its sender when someone took the patch over (as
    `comments._is_author` reads it)."""
    authors = [comment.target.author] if comment.target is not None else []
    if comment.rev is not None:
        authors.append(comment.rev.author)
    return any(_same(p, who) for p in authors)


def _under_reviewers_words(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """The comment stands under another reviewer's words, not under the patch: its quote
    ends with words written under the code (`focus.under_words`) or on the message
    (`follow_up`), or repeats an earlier mail's words about the code (`inherited`), and the
    mail it replies to is neither the commenter's nor the patch author's (nor, for a patch
    someone took over, its sender's)."""
    if comment.target is None or not (
        comment.under_words or comment.follow_up or comment.anchor == "inherited"
    ):
        return False
    found = ctx.replies.get(comment.message_key)
    parent_key = found[0].parent_key if found is not None else None
    parent = ctx.replies.get(parent_key) if parent_key is not None else None
    if parent is None:
        return False
    who = parent[0].message.author
    return not _same(who, comment.author) and not _by_author(who, comment)


def _answers_reviewer(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """A reviewer's words to another reviewer (`_under_reviewers_words`) that ask nothing
    back (no question) and do not take up that reviewer's point (no agreement: "Agreed,
    please ..." seconds a request to the author), unanswered, a revision after them: their
    part in the discussion between reviewers, for or against the code as posted ("Exiting
    early on error case ... sounds cleaner to me. ... hence why i acked the original version
    instead of your suggestion."; "IIRC the pv_ops are part of the PARAVIRT_ME_HARDER ...
    suite of ops ..., no new users of these must happen." under "are we sure merging the
    callbacks ... is a good idea?"). Their request words argue with the other reviewer,
    they ask the author nothing: discussed, not left unchanged by the next revision."""
    text = comment.comment
    return (
        not comment.answers
        and "?" not in text
        and not agrees(text)
        and _followed(ctx, comment)
        and _under_reviewers_words(ctx, comment)
    )


def _remark_on_words(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """A remark under an earlier mail's words about the code rather than under the code
    (`inherited`: "Usually this means a ucode update ..." under the author's "wasn't fully
    sure we wouldn't need to check for this in all cores"), that asks nothing (no question,
    no request), pushes back on nothing (no "no", no "but": "Right, but that doesn't make
    the use of NULL C-compliant" insists) and that nobody answered: the commenter's own
    answer in the discussion, not a point for the next revision (one finding the patch's
    text unclear, `_FINDS_UNCLEAR`, is such a point). It is discussed; the code
    under the earlier mail's quote changing later does not answer it. As for `unchanged`, a
    revision must follow it: a late remark with nothing after it ("!strcmp(), and, yes, dmi
    functions can return NULL." after v2 was out) stays open."""
    text = comment.comment
    return (
        (comment.anchor == "inherited" or comment.follow_up)
        and not comment.answers
        and _followed(ctx, comment)
        and "?" not in text
        and not is_request(text)
        and not disputes(text)
        and _FINDS_UNCLEAR.search(text) is None
    )


def _defends_code(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """Words under someone's words about the code (`focus.under_words`) that open with a no
    and ask and request nothing ("In this case, not really.  That file doesn't exist on all
    versions this bugfix needs backporting to ..." under another reviewer's "Wouldn't this
    better live in xen-tools/libs.h?"): an answer in the discussion, for the code as posted,
    not a point for the next revision. Once a revision followed it is discussed."""
    text = comment.comment
    return (
        comment.under_words
        and not comment.answers
        and is_negative(text)
        and "?" not in text
        and not is_request(text)
        and _followed(ctx, comment)
    )


def _posted_after(rev: Revision, comment: ReviewComment) -> bool:
    """A revision posted before the comment was written cannot have left it alone: a late
    comment on v1 after v2 is out is judged by the revisions that follow it."""
    return sort_time(rev.date) >= sort_time(comment.date)


def _cover_done(ctx: ThreadContext, comment: ReviewComment, rev: Revision) -> int | None:
    """A comment on the cover letter's words ("explain acronyms ... cover letter"): the
    first later revision whose cover no longer holds the quoted lines (`cover`)."""
    if comment.anchor != "prose" or not speaks_of_wording(comment.comment):
        return None  # "How were the fixes tested?" is not about the cover's words
    focus = cover_focus(comment.excerpt, rev.cover)
    later = ctx.next_of.get(id(rev))
    while focus is not None and later is not None and later.new.cover is not None:
        if cover_reworded(focus, later.new.cover):
            return later.new.version
        later = ctx.next_of.get(id(later.new))
    return None


# a remark that still suggests a change: "This can go into swiotlb.c.", "Nit: useless empty
# NL", a question put as a request and closed on a colon ("Can we make the line a little
# shorter:")
_SUGGESTS = lazyre.compile(
    r"\b(?:can|could)\b|^\W*nit\b|(?:^|[.!]\s+)(?:can|could|would|shall|should|may)\s+(?:we|you|i)\b",
    re.I,
)
# a need denied is a claim, not an ask: "there's no need to touch stuff outside"
_NO_NEED = lazyre.compile(r"\b(?:no|not\s+any|never\s+a)\s+need\s+to\b", re.I)
# an answer that adds to the point rather than answering it: "And really both ought to be
# returning bool.", "+1."
_ADDS = lazyre.compile(r"^\W*(?:and|also|plus|likewise|same\s+here)\b|^\s*\+1\b", re.I)


# the answerer offering a change back to the commenter, as a question: "Do you think changing
# the content of this line to something like ... makes sense to you?"
_OFFER = lazyre.compile(
    r"\b(?:do|would)\s+you\s+(?:think|mind|prefer|like|agree)\b[^?]{0,400}\?"
    r"|\b(?:would|does)\s+(?:it|that|this)\s+(?:make\s+sense|work|help)\b[^?]{0,400}\?",
    re.I,
)


# a remark that reports the patch broken: "This won't compile on !CONFIG_X86, due to
# CONFIG_HAS_CPUFREQ", "this breaks the build", "fails to link": a defect to fix, a request
# in all but the word, which an answer disputing it does not settle
_BROKEN = lazyre.compile(
    r"\b(?:won'?t|doesn'?t|does\s+not|will\s+not|fails?\s+to|can'?t|cannot)\s+(?:even\s+)?"
    r"(?:compile|build|link)\b|\bbreaks?\s+(?:the\s+)?(?:build|compil\w*|linking)\b"
    r"|\b(?:build|compile|compilation|link(?:er)?)\s+(?:error|failure|breakage)s?\b",
    re.I,
)


def _remark_argued(comment: ReviewComment) -> bool:
    """A remark on quoted code that asks nothing: no question, no request, no suggestion
    ("That would add another indirection", "You don't need this since you're using strncat
    which adds its own '\\0'", "I'd say 'never touch a running system' ..."), answered by
    someone who argued or explained (no answer agrees, takes the point, proposes a change or
    adds to the point), or whose every answer offers a change back as a question the
    commenter never answered ("Yep. Do you think changing ... makes sense to you?"), and the
    commenter did not insist: the answer settles it, so the lines under it changing later
    (for another reason, or on the author's own offer) is not its answer."""
    text = comment.comment
    on_code = _on_quoted_code(comment)
    return (
        on_code
        and "?" not in text
        and not is_request(_NO_NEED.sub(" ", text))
        and _SUGGESTS.search(text) is None
        and _BROKEN.search(text) is None
        and bool(comment.answers)
        and (
            not any(
                agrees(a.words)
                or takes_point(a.words)
                or proposes(a.words)
                or _ADDS.search(a.words) is not None
                for a in comment.answers
            )
            or (all(_OFFER.search(a.words) for a in comment.answers) and not comment.reactions)
        )
        and not _insisted(comment)
    )


# a request for information, not for a change: "The big picture pls.", "Can you please share
# the log or at least the crash call-stack?", "please explain what this is for"
_INFORMATION = lazyre.compile(
    r"\b(?:explain\w*|elaborat\w*|clarif\w*|big\s+picture|share|shed\s+(?:some\s+)?light"
    r"|tell\s+(?:me|us)|call[\s-]?(?:stack|trace)|back\s*trace)\b",
    re.I,
)
# ... where the explanation is to go: "explain it in a comment", "in the changelog"
_WRITTEN_DOWN = lazyre.compile(
    r"\b(?:comment\w*|changelog|commit\s+(?:message|log)|description|document\w*|doc)\b", re.I
)
# the answerer promising a change: "I'll add a comment" ("the guest will use grant-ids"
# describes the design)
_I_PROMISE = lazyre.compile(
    r"\b(?:i'?ll|i\s+will|i\s+can|will\s+(?:do|fix|add|change|update))\b", re.I
)


def _asked_information(comment: ReviewComment) -> bool:
    """A comment on quoted code whose only requests ask for information ("What I don't
    understand is what ... have to do with AMD SEV ...? The big picture pls."), not for a
    change or for an explanation written down (a comment, the changelog), answered by someone
    who did not promise a change: the explanation is the answer, the lines changing later
    is not."""
    text = comment.comment
    on_code = _on_quoted_code(comment)
    asks = [s for s in sentences(text) if is_request(s)]
    return (
        on_code
        and bool(asks)
        and all(_INFORMATION.search(s) is not None for s in asks)
        and _WRITTEN_DOWN.search(text) is None
        and bool(comment.answers)
        and not any(_I_PROMISE.search(a.words) for a in comment.answers)
        and not _insisted(comment)
    )


def _argued_on_words(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """A question put to someone's words about the code rather than to the code
    (`inherited`, or `follow_up` on the message: "Dynamic is a bit of an exaggeration,
    right?" under the author's "the q to cpu binding is dynamic"), asking for no change in
    its first sentence, answered, and the commenter insisting on the answer (`_rejected`):
    an argument, not met by the lines under the earlier quote changing later for another
    point (the request in the same mail, "you can't use num_present_cpus()", is met)."""
    head = first_sentence(comment.comment)
    return (
        (comment.anchor == "inherited" or comment.follow_up)
        and head.rstrip().endswith("?")
        and not is_request(head)
        and bool(comment.answers)
        and _rejected(ctx, comment)
    )


def _answered_otherwise(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """The thread answered the comment in words, so the lines under it changing later is not
    its answer (see `set_status`); a question that asks for a change in other words
    (`_asks_in_other_words`) is answered by the change, whatever was said."""
    if _asks_in_other_words(comment):
        return False
    return (
        (
            _answered_no(comment)
            and all(r.aside for r in comment.reactions)  # a bare "Eww." is no reaction
        )
        or (_explained(comment) and not _insisted(comment))
        or _asked_of_words(comment)
        or _remark_on_words(ctx, comment)
        or _remark_argued(comment)
        or _asked_information(comment)
        or _argued_on_words(ctx, comment)
    )


# an answer opening with a commitment to make the change: "right, will change this in the
# next version.", "Ok ... I'll use the canonical way.", "Yes, good idea." ("That's good point.
# I am not 100% sure ..." agrees, and commits to nothing)
_PROMISE = lazyre.compile(
    r"\b(?:i'?ll|i\s+will|will|shall)\s+(?:\w+\s+){0,2}?(?:change|fix|do|update|remove|drop"
    r"|add|use|rework|rename|move|switch|correct|adjust|make)\b|\bgood\s+idea\b"
    r"|\bnext\s+(?:version|revision|spin|iteration)\b",
    re.I,
)


def _not_as_promised(comment: ReviewComment, old: Patch, new: Patch) -> bool:
    """The author promised the code the comment writes out ("Probably __ro_after_init." /
    "Yes, good idea.") and the revision that changed the lines adds none of it: the lines
    changed for something else (`__read_mostly` made static), the promise is not kept."""
    return (
        bool(comment.answers)
        and all(_PROMISE.search(first_sentence(a.words)) for a in comment.answers)
        and names_code_not_added(comment.comment, old, new)
    )


def _promise_broken(ctx: ThreadContext, comment: ReviewComment) -> bool:
    """A point on code whose every answer promised the change ("right, will change this in
    the next version"), left alone (`judged`) by a revision posted after the promise: the
    point is still owed, open. A promise with no revision after it ("Right. I will remove
    this line in next patch version." a month after v3) is an answer, discussed."""
    if comment.anchor not in ("diff", "inherited") or not comment.answers:
        return False
    if not all(_PROMISE.search(first_sentence(a.words)) for a in comment.answers):
        return False
    promised = max(sort_time(a.date) for a in comment.answers)
    later = ctx.next_of.get(id(comment.rev)) if comment.rev is not None else None
    while later is not None:
        if sort_time(later.new.date) > promised:
            return True
        later = ctx.next_of.get(id(later.new))
    return False


def _other_choice_taken(comment: ReviewComment, version: int) -> bool:
    """A point offered instead of the one before it in the same turn ("Could you add rate
    limit to this error ..." / "Or even better, add a counter for this.", `turns.points`):
    both stand over the same lines, so the change that met the point asked first in the same
    revision is its answer, not the alternative's."""
    first = comment.instead_of
    return first is not None and first.status == "addressed" and first.addressed_in == version


_TOKEN = lazyre.compile(r"[A-Za-z][A-Za-z0-9_]{2,40}")
MIN_NAMED_WORD = 4  # letters of a word (or a part of an identifier) the change must share
# words any comment or change may hold, which tell nothing of what it is about
_PLAIN = frozenset(
    (
        "that",
        "this",
        "with",
        "would",
        "should",
        "could",
        "there",
        "then",
        "than",
        "what",
        "when",
        "which",
        "where",
        "will",
        "shall",
        "have",
        "been",
        "were",
        "also",
        "only",
        "just",
        "some",
        "such",
        "from",
        "into",
        "they",
        "them",
        "their",
        "your",
        "here",
        "sure",
        "think",
        "maybe",
        "might",
        "must",
        "does",
        "doing",
        "done",
        "make",
        "more",
        "less",
        "even",
        "like",
        "much",
        "very",
        "other",
        "else",
        "being",
        "because",
        "about",
        "after",
        "before",
        "still",
        "well",
        "need",
        "want",
        "mean",
        "case",
        "thing",
        "things",
        "shouldn't",
        "couldn't",
        "wouldn't",
        "isn't",
        "don't",
        "doesn't",
        "code",
        "patch",
        "change",
        "line",
        "lines",
        "instead",
        "rather",
        "work",
        "right",
        "wrong",
    )
)


def _named_words(text: str) -> frozenset[str]:
    """The words of a text a change can share with a comment: plain words and the parts of
    identifiers (`is_hardware_domain` names "hardware" and "domain"), lower-cased, a plural
    `s` taken off, common words left out."""
    out: set[str] = set()
    for token in _TOKEN.findall(text):
        for part in {token, *token.split("_")}:
            w = part.lower()
            if w.endswith("s") and len(w) > MIN_NAMED_WORD:
                w = w[:-1]
            if len(w) >= MIN_NAMED_WORD and w not in _PLAIN:
                out.add(w)
    return frozenset(out)


def _change_names_point(comment: ReviewComment, pi: PatchInterdiff) -> bool:
    """The lines the step adds or removes in the comment's file share a word with the
    comment: "Couldn't the condition also check for the domain to be the hwdom ?" is not met
    by a `BUG_ON(!node)` added under the quote, "isn't there a NULL case to be handled if
    dt_find_node_by_path does not find a result ?" is (both name the `node`)."""
    files = {d.file for g in comment.groups for d in g if d.file is not None}
    changed = []
    for f in pi.files:
        if files and not any(_same_file(f.path, x) for x in files):
            continue
        for line in f.diff.split("\n"):
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                changed.append(line.lstrip("+- "))
    return bool(_named_words(comment.comment) & _named_words("\n".join(changed)))


MIN_EXPLAINED_WORDS = 3  # words a question shares with one of the message's new sentences
# what marks a word written as code: an identifier, a member, a call ("current->mce_count++")
_CODE_MARK = lazyre.compile(r"_|->|[()\[\];=<>{}]")


def _prose_words(text: str) -> frozenset[str]:
    """`_named_words` of the text's prose longer than MIN_NAMED_WORD letters ("data",
    "free" name whatever the patch is about): words written as code are left out, since a
    question quoting the code it asks about shares its names with any message describing
    that code ("current->mce_count" in "Add a counter (current->mce_count) ...")."""
    prose = " ".join(word for word in text.split() if _CODE_MARK.search(word) is None)
    words = _named_words(prose)
    return frozenset(w for w in words if len(w) > MIN_NAMED_WORD)


def _explained_in_message(comment: ReviewComment, pi: PatchInterdiff) -> bool:
    """A question on quoted code that asks for no change ("Sort of relatedly, is stubdom
    unpaused before the guest gets relabeled?") answered by the next revision's commit
    message: a sentence new in it shares MIN_EXPLAINED_WORDS words with the question ("This
    requires the stubdomain itself to be unpaused and run for a short time prior to being
    relabeled"). Reviewers ask such questions so that the answer is written down; the
    message saying it is what the question asked for, whatever the thread answered."""
    assert pi.old is not None and pi.new is not None
    text = comment.comment
    if not _on_quoted_code(comment) or not asks_no_change(text.rstrip()):
        return False
    before = {squash(x) for x in sentences(pi.old.message)}
    new = [x for x in sentences(pi.new.message) if squash(x) not in before]
    about = _prose_words(" ".join((pi.old.title, " ".join(pi.old.files))))
    asked = _prose_words(text) - about
    return any(len(asked & _prose_words(x)) >= MIN_EXPLAINED_WORDS for x in new)


def _changed_otherwise(comment: ReviewComment, pi: PatchInterdiff | None) -> bool:
    """A comment on quoted code that asks for no change, answered in words by someone who
    did not take the point (no agreement, no promise, no proposal), whose lines the next
    revision changed without any word the comment names: the change was for something else,
    the answer settles the comment. (A question on the commit message is how reviewers ask
    for a reword: not excepted, as in `_explained`.)"""
    return (
        pi is not None
        and pi.new is not None
        and _on_quoted_code(comment)
        and not is_request(comment.comment)
        and not _asks_in_other_words(comment)
        and _SUGGESTS.search(comment.comment) is None
        and bool(comment.answers)
        and not any(
            agrees(a.words) or takes_point(a.words) or proposes(a.words) for a in comment.answers
        )
        and not _change_names_point(comment, pi)
    )


# a turn that opens by disagreeing with the words it answers: "Hm, I'm not sure I agree.",
# "I disagree", "I don't think so"
_DISAGREES = lazyre.compile(
    r"^\W*(?:\w+[,.!]+\s+)?(?:i'?m|i\s+am)\s+not\s+(?:so\s+|entirely\s+|quite\s+)?sure\s+i\s+agree\b"
    r"|^\W*(?:\w+[,.!]+\s+)?i\s+(?:don'?t|do\s+not|can'?t|cannot)\s+(?:really\s+)?agree\b"
    r"|^\W*(?:\w+[,.!]+\s+)?i\s+disagree\b|^\W*(?:\w+[,.!]+\s+)?i\s+don'?t\s+think\s+so\b",
    re.I,
)


def _disagrees(text: str) -> bool:
    """The comment argues with the words it answers (`_DISAGREES`): the code it names is
    its argument ("hvm_hap_nested_page_fault is already full of special casing for each
    memory type"), not code it asks for, so that code turning up in the next revision, for
    the redesign, does not address it."""
    return _DISAGREES.search(text.strip()) is not None


def set_status(ctx: ThreadContext, comment: ReviewComment) -> None:
    """The comment's status (`comments` states the rules). A later revision changing the
    lines a comment is about is the weakest evidence that it was addressed: it counts only
    when the comment asked for a change. A question or remark the thread answered in words
    (`_answered_otherwise`) is settled by that answer, however its lines changed later. The
    other evidence (a changelog entry crediting it, a split, code it writes out, a
    substitution, a clean re-send of a corrupted patch) is what the comment asked for, and
    stands. A dropped patch is as weak as its lines changing: "Why is this needed?",
    explained, is not answered by the series dropping the patch for another reason."""
    if comment.withdrawn:  # taken back by its author: settled, whatever the code did
        comment.status, comment.addressed_in = "discussed", None
        return
    rev = comment.rev
    later = ctx.next_of.get(id(rev)) if rev is not None else None
    addressed_in: int | None = None
    touched = False  # addressed only because the lines it is about changed
    touching: PatchInterdiff | None = None  # the step that changed them
    judged = False  # a later revision was compared and left the comment's point alone
    patch = comment.target
    groups = [g for g in comment.groups if g]
    follows = bool(groups) or comment.anchor == "message" or comment.names_message
    while later is not None and patch is not None:
        pi = _pair(later, patch)
        if pi is None:
            break
        if pi.new is None:  # the patch dropped: as weak as its lines changing
            addressed_in, touched = later.new.version, True
            break
        if (
            _credited(ctx, comment, later, pi)
            or _split_out(ctx, comment, later, patch)
            or _folded(comment, later)
            or _comment_added(comment, pi)
            or (not _disagrees(comment.comment) and names_new_code(comment.comment, patch, pi.new))
            or writes_added_line(comment.comment, patch, pi.new)
            or _substituted(comment, pi)
            or _respaced(comment, pi)
            or _explained_in_message(comment, pi)
        ):
            addressed_in = later.new.version
            break
        if (
            follows
            and _changed(ctx, comment, groups, pi)
            and not _not_as_promised(comment, patch, pi.new)
        ):
            addressed_in, touched, touching = later.new.version, True, pi
            break
        if follows:
            judged = judged or _posted_after(later.new, comment)
            if groups and pi.files:  # the patch changed elsewhere: find the lines again
                groups = [f for g in groups if (f := _refocus(ctx, g, pi.new)) is not None]
                if not groups and comment.anchor != "message" and not comment.names_message:
                    break
        elif comment.anchor in ("prose", "none"):
            if pi.status != "unchanged":
                if _taken_silently(comment, later, pi) or _taken_as_promised(comment, later, pi):
                    addressed_in = later.new.version
                judged = False
                break
            judged = judged or _posted_after(later.new, comment)
        else:
            break
        patch = pi.new
        later = ctx.next_of.get(id(later.new))
    if addressed_in is None and comment.target is None and rev is not None:
        addressed_in = _cover_done(ctx, comment, rev)
        step = ctx.next_of.get(id(rev))
        if addressed_in is None and step is not None and _folded(comment, step):
            addressed_in = step.new.version
    if (
        addressed_in is None
        and rev is not None
        and ctx.next_of.get(id(rev)) is None
        and (comment.fix_on_commit and _applied_after(ctx, rev, comment.date))
    ):
        addressed_in = rev.version  # the reviewer made the change when committing
    if (
        addressed_in is not None
        and touched
        and (
            _answered_otherwise(ctx, comment)
            or _other_choice_taken(comment, addressed_in)
            or _changed_otherwise(comment, touching)
        )
    ):
        addressed_in = None
    comment.addressed_in = addressed_in
    if addressed_in is not None:
        comment.status = "addressed"
    elif _rejected(ctx, comment) or (judged and _promise_broken(ctx, comment)):
        comment.status = "open"
    elif (
        comment.answered_by
        or _remark_on_words(ctx, comment)
        or _defends_code(ctx, comment)
        or _answers_reviewer(ctx, comment)
    ):
        comment.status = "discussed"
    elif judged:
        comment.status = "unchanged"
    else:
        comment.status = "open"
