"""What became of a review comment: answered in the thread (discussed), or its code changed
by a later revision (addressed) or kept (unchanged); see `comments` for the rules."""

from __future__ import annotations

import re

from patchlint.analysis.discussion.acks import is_answer_text
from patchlint.analysis.discussion.anchor import DiffLine, place_blocks, squash
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.trailers import same_person

MAX_ANSWER_CANDIDATES = 64  # comments checked per quoted block when looking for answers
MAX_ANSWER_BLOCK = 20_000  # characters at the end of a quote searched for the comment it answers
CHUNK = 24  # characters of a comment (whitespace removed) that identify it in a quote


# -- answers ---------------------------------------------------------------------------


def _quoted_end(block: str, comment: ReviewComment) -> int:
    """Where a quote (whitespace removed) stops repeating the comment's words, or -1 when it
    does not repeat them: all of a short comment, two 24-character pieces (or all there are)
    of a longer one."""
    text = squash(comment.comment)
    if len(text) <= CHUNK:
        at = block.rfind(text)
        return at + len(text) if at >= 0 else -1
    chunks = [text[i:i + CHUNK] for i in range(0, len(text) - CHUNK + 1, CHUNK)][:16]
    need = min(2, len(chunks))
    hits = 0
    end = -1
    for chunk in chunks:
        at = block.rfind(chunk)
        if at >= 0:
            hits += 1
            end = max(end, at + len(chunk))
    return end if hits >= need else -1


def find_answers(ctx: ThreadContext, by_mail: dict[str, list[ReviewComment]]) -> None:
    """A turn answers the comment it quotes last: the one its words stand under. A reply
    that quotes two comments and answers only below the second answers the second."""
    if not by_mail:
        return
    replies = sorted(ctx.replies.values(), key=lambda e: (sort_time(e[0].message.date),
                                                          e[0].message.key))
    for reply, _rev in replies:
        ancestors = [a for a in ctx.ancestors(reply.message.key) if a in by_mail]
        if not ancestors:
            continue
        candidates = [c for a in ancestors for c in by_mail[a]][:MAX_ANSWER_CANDIDATES]
        mail = ctx.mail(reply.message.key)
        if mail is None:
            continue
        mid = reply.message.message_id or reply.message.key
        for turn in mail.turns:
            if turn.quote is None or not is_answer_text(turn.words):
                continue
            # the comment a turn answers is quoted at the end of its block
            block = squash("\n".join(q.text for q in turn.quote.lines))[-MAX_ANSWER_BLOCK:]
            best: list[ReviewComment] = []
            best_end = -1
            for comment in candidates:
                end = _quoted_end(block, comment)
                if end < 0 or end < best_end:
                    continue
                if end > best_end:
                    best, best_end = [], end
                best.append(comment)
            for comment in best:
                if mid in comment.answered_by or same_person(
                        comment.author, reply.message.author) or same_person(
                        reply.message.author, comment.author):
                    continue
                comment.answered_by.append(mid)


# -- status ----------------------------------------------------------------------------


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


_INTER_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def _touches(ctx: ThreadContext, focus: list[DiffLine], pi: PatchInterdiff) -> bool:
    """Does the interdiff change the focus lines: remove or replace one, or insert between
    them (old-revision post-image numbering). Where the interdiff has no line numbers (a
    range-diff), the lines are looked for in the new patch instead: changed unless all of
    them are there, in the same shape."""
    if not focus or focus[-1].file is None:
        return False
    path = focus[-1].file
    span = _points(focus)
    real = set(pi.old.files if pi.old is not None else ()) | set(
        pi.new.files if pi.new is not None else ())
    for f in pi.files:
        if f.method == "range-diff" and f.path not in real and not any(
                _same_file(f.path, r) for r in real):
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
            elif tag == "+" and lo <= old - 0.5 <= hi:
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
    if any(a.kind != b.kind or a.file is None or b.file is None
           or not _same_file(a.file, b.file) for a, b in zip(focus, found, strict=True)):
        return None
    if focus[0].line is not None and found[0].line is not None:
        shape = [d.line - focus[0].line for d in focus if d.line is not None]
        moved = [d.line - found[0].line for d in found if d.line is not None]
        if shape != moved:
            return None
    return found


def set_status(ctx: ThreadContext, comment: ReviewComment) -> None:
    rev = comment.rev
    later = ctx.next_of.get(id(rev)) if rev is not None else None
    addressed_in: int | None = None
    judged = False  # a later revision was compared and left the comment's code alone
    patch = comment.target
    focus = comment.focus
    while later is not None and patch is not None:
        pi = _pair(later, patch)
        if pi is None:
            break
        if pi.new is None:
            addressed_in = later.new.version
            break
        if focus:
            if _touches(ctx, focus, pi):
                addressed_in = later.new.version
                break
            judged = True
            if pi.files:  # the patch changed elsewhere: find the lines again in it
                refound = _refocus(ctx, focus, pi.new)
                if refound is None:
                    break
                focus = refound
        elif comment.anchor in ("prose", "none"):
            if pi.status != "unchanged":
                judged = False
                break
            judged = True
        else:
            break
        patch = pi.new
        later = ctx.next_of.get(id(later.new))
    comment.addressed_in = addressed_in
    if addressed_in is not None:
        comment.status = "addressed"
    elif comment.answered_by:
        comment.status = "discussed"
    elif judged:
        comment.status = "unchanged"
    else:
        comment.status = "open"
