"""Review comments: what reviewers said, where in the patch they said it, and what became of it.

Entry point: `review_comments(series, interdiffs)`, with `interdiffs` from
`patchlint.analysis.compare.series_interdiffs(series)`.

What a comment is
    Every reply to a revision is cut into turns: a quoted block and the sender's own words
    after it (`analysis.quotes`). Words before any quote (top-posting) are a turn with no quote.
    A turn is a review comment when its sender is not the series author (the revision's
    sender or the patch's author) and its words, once attribution lines, greeting, closing,
    the sender's name, trailers and snip markers are stripped, are more than thanks or a
    short acknowledgement ("OK.", "Applied, thanks."). The author's own inline answers are
    discussion, never comments. A patch proposed after a scissors line, or pasted as an
    unquoted diff, is not part of any comment.

Where a comment points (`anchor`)
    diff       its quote matches lines of the patch the reply answers (`Reply.target_key`;
               for a reply to a cover letter, any patch of the revision): `file` and `line`
               are those of the last matched quoted diff line, `line` in post-image (new-file)
               numbering; a quoted removed line counts as the post-image line now in its
               place; a quoted hunk header gives the hunk's first line, a file header only
               the file (see `analysis.anchor`).
    inherited  its quote holds only words of an earlier mail in the thread, written under a
               quote that was anchored: a follow-up on a code comment points at that code.
    prose      its quote is prose (commit message, cover letter, discussion): the comment
               points at the message (`file` and `line` None).
    none       top-posted: nothing quoted.

What became of it (`status`), given the revisions after the one commented on
    addressed  the anchored lines changed in the counterpart patch of a later revision: the
               interdiff removes or replaces one of the last three quoted lines before the
               comment, or inserts lines between them (by post-image line numbers; where the
               interdiff fell back to a range-diff, which has none: unless the lines are all
               found again in the new patch, same kinds, same distances apart). A revision
               that leaves them alone is followed to the next one (the lines are found again
               there by content), so `addressed_in` can name v3 for a v1 comment. A comment on a
               patch that a later revision drops is addressed too: the code it was about is no
               longer proposed (compare.py pairs patches by change, title and files before it
               calls one dropped). A prose comment has no lines to follow: only a dropped patch
               addresses it. (Naming an identifier that the interdiff changes was tried and
               left out: on the linux-hyperv slice it mostly caught comments that merely
               mention the function a series is about.)
    discussed  someone other than the commenter replied to the comment: a later mail in the
               thread below it quotes the comment's words and says something after them
               (thanks alone do not count). `answered_by` lists those mails.
    unchanged  a later revision exists and kept the anchored lines (or the whole patch, for a
               prose comment) as they were.
    open       none of the above, or nothing to compare against (no later revision, a cover
               letter comment, a prose comment on a patch that changed elsewhere).
    Precedence: addressed > discussed > unchanged/open. With no later revision a comment is
    discussed or open.

`sort_key` orders comments for a report: unresolved first (open, unchanged, discussed,
addressed), then by revision, patch, file and line.

Work is bounded: each patch's diff is indexed once per call; quote placement is O(n log n)
in the quoted lines (see `analysis.anchor` for its caps); a reply looks for the comments it
answers only among its ANCESTOR_DEPTH nearest ancestors, at most MAX_ANSWER_CANDIDATES of
them, in the last MAX_ANSWER_BLOCK characters of each quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.anchor import (
    MAX_JOIN,
    DiffIndex,
    DiffLine,
    Flat,
    build_index,
    line_key,
    place_blocks,
    squash,
)
from patchlint.analysis.compare import PatchInterdiff, RevisionInterdiff
from patchlint.analysis.quotes import (
    QLine,
    Segment,
    clean_own_words,
    is_answer_text,
    is_attribution,
    is_comment_text,
    is_status_notice,
    segments,
)
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision, Series
from patchlint.model.trailers import same_person

STATUSES = ("open", "unchanged", "discussed", "addressed")  # report order: unresolved first
FOCUS_LINES = 3  # quoted lines right above a comment whose change addresses it
EXCERPT_LINES = 4
EXCERPT_WIDTH = 200
MAX_COMMENT_CHARS = 4_000
ANCESTOR_DEPTH = 8  # how far up the thread an answer or an inherited anchor is looked for
MAX_ANSWER_CANDIDATES = 64  # comments checked per quoted block when looking for answers
MAX_ANSWER_BLOCK = 20_000  # characters at the end of a quote searched for the comment it answers
CHUNK = 24  # characters of a comment (whitespace removed) that identify it in a quote
INHERIT_DEPTH = 4  # how many mails up a quote's words are looked for
MIN_INHERIT_CHARS = 10  # own lines shorter than this are too common to tell mails apart


@dataclass(slots=True)
class ReviewComment:
    """One reviewer comment, anchored as precisely as its quote allows."""

    author: Address
    message_id: str | None
    message_key: str
    date: datetime | None
    revision: int
    patch: int | None
    file: str | None
    line: int | None
    excerpt: str
    comment: str
    anchor: str  # diff | inherited | prose | none
    status: str = "open"
    answered_by: list[str] = field(default_factory=list)
    addressed_in: int | None = None  # the version whose changes addressed it
    # for the analysis, not the report: the quoted lines whose change addresses the comment,
    # the patch and the revision it was made on
    focus: list[DiffLine] = field(default_factory=list, repr=False)
    target: Patch | None = field(default=None, repr=False)
    rev: Revision | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "author": str(self.author),
            "message_id": self.message_id,
            "date": self.date.isoformat() if self.date else None,
            "revision": self.revision,
            "patch": self.patch,
            "file": self.file,
            "line": self.line,
            "anchor": self.anchor,
            "excerpt": self.excerpt,
            "comment": self.comment,
            "status": self.status,
            "answered_by": list(self.answered_by),
            "addressed_in": self.addressed_in,
        }


def sort_key(comment: ReviewComment) -> tuple[int, int, int, str, int, float]:
    """Unresolved first (open, unchanged, discussed, addressed), then by place."""
    rank = STATUSES.index(comment.status) if comment.status in STATUSES else 0
    return (rank, comment.revision, comment.patch if comment.patch is not None else -1,
            comment.file or "", comment.line if comment.line is not None else -1,
            sort_time(comment.date))


# -- one mail, read once ---------------------------------------------------------------


@dataclass(slots=True)
class _Anchor:
    kind: str  # diff | inherited | prose | none
    patch: Patch | None = None
    file: str | None = None
    line: int | None = None
    focus: list[DiffLine] = field(default_factory=list)
    quote_end: int | None = None  # the quote's line of the last matched diff line


@dataclass(slots=True)
class _Turn:
    quote: Segment | None
    own: list[str]  # the sender's lines as written
    words: str  # cleaned
    anchor: _Anchor


@dataclass(slots=True)
class _Mail:
    reply: Reply
    rev: Revision
    turns: list[_Turn]
    own_lines: dict[str, int]  # squashed own line -> turn number (for inherited anchors)


class _Context:
    def __init__(self, series: Series, interdiffs: list[RevisionInterdiff]) -> None:
        self.series = series
        self.next_of: dict[int, RevisionInterdiff] = {id(i.old): i for i in interdiffs}
        self.replies: dict[str, tuple[Reply, Revision]] = {}
        for rev in series.revisions:
            for reply in rev.replies:
                self.replies.setdefault(reply.message.key, (reply, rev))
        self.patch_keys: dict[str, tuple[Patch, Revision]] = {}
        for rev in series.revisions:
            for patch in rev.patches.values():
                self.patch_keys.setdefault(patch.message_key, (patch, rev))
        self.indexes: dict[tuple[int, ...], DiffIndex] = {}
        self.flat: dict[int, Flat] = {}  # each patch's diff walked once (anchor.flatten)
        self.mails: dict[str, _Mail] = {}

    # indexes ----------------------------------------------------------------------------
    def index_for(self, patches: list[Patch]) -> DiffIndex:
        key = tuple(id(p) for p in patches)
        index = self.indexes.get(key)
        if index is None:
            index = build_index(patches, self.flat)
            self.indexes[key] = index
        return index

    def target_index(self, reply: Reply, rev: Revision) -> DiffIndex | None:
        found = self.patch_keys.get(reply.target_key or "")
        if found is not None and found[0].diff.strip():
            return self.index_for([found[0]])
        patches = [p for p in rev.sorted_patches if p.diff.strip()]
        return self.index_for(patches) if patches else None

    # thread -----------------------------------------------------------------------------
    def ancestors(self, key: str) -> list[str]:
        out: list[str] = []
        seen = {key}
        entry = self.replies.get(key)
        parent = entry[0].parent_key if entry else None
        while parent and parent not in seen and len(out) < ANCESTOR_DEPTH:
            out.append(parent)
            seen.add(parent)
            entry = self.replies.get(parent)
            parent = entry[0].parent_key if entry else None
        return out

    def mail(self, key: str, depth: int = 0) -> _Mail | None:
        if key in self.mails:
            return self.mails[key]
        entry = self.replies.get(key)
        if entry is None:
            return None
        reply, rev = entry
        mail = _read_mail(self, reply, rev, depth)
        self.mails[key] = mail
        return mail


def _rejoin_wrapped(segs: list[Segment], index: DiffIndex) -> list[Segment]:
    """A mailer that re-wraps quoted lines can leave the tail of a long quoted diff line
    unquoted under it. When the quote's last line and the own lines after it together are
    exactly a line of the patch, those lines belong to the quote."""
    out: list[Segment] = []
    for seg in segs:
        prev = out[-1] if out else None
        if prev is None or seg.quoted == prev.quoted:
            if prev is not None and seg.quoted:  # two quotes met: one block
                prev.lines.extend(seg.lines)
            else:
                out.append(seg)
            continue
        if not seg.quoted and prev.quoted and prev.lines:
            last = prev.lines[-1]
            joined = line_key(last.text)
            for taken, q in enumerate(seg.lines[:MAX_JOIN], 1):
                if not q.text.strip():
                    break
                joined += squash(q.text)
                if joined in index.where:
                    prev.lines.extend(QLine(last.depth, x.text) for x in seg.lines[:taken])
                    seg = Segment(False, seg.lines[taken:])
                    break
                if not index.has_prefix(joined):
                    break
            if not seg.lines:
                continue
        out.append(seg)
    return out


def _read_mail(ctx: _Context, reply: Reply, rev: Revision, depth: int) -> _Mail:
    segs = segments(reply.message.body)
    index = ctx.target_index(reply, rev)
    if index is not None:
        segs = _rejoin_wrapped(segs, index)
    blocks = [[q.text for q in s.lines] for s in segs if s.quoted]
    placements = place_blocks(blocks, index) if index is not None else {}
    turns: list[_Turn] = []
    pending: Segment | None = None
    block_no = -1
    pending_block = -1
    for seg in segs:
        if seg.quoted:
            block_no += 1
            pending, pending_block = seg, block_no
            continue
        own = [q.text for q in seg.lines]
        words = clean_own_words(own, reply.message.author)
        anchor = _Anchor("none")
        if pending is not None:
            placement = placements.get(pending_block)
            if placement is not None and index is not None:
                anchor = _diff_anchor(index, placement.positions)
                anchor.quote_end = placement.items[-1].last
            else:
                anchor = _inherited_anchor(ctx, reply, rev, pending, depth) or _Anchor("prose")
        turns.append(_Turn(pending, own, words, anchor))
        pending = None
    own_lines: dict[str, int] = {}
    for n, turn in enumerate(turns):
        for line in turn.own:
            s = squash(line)
            if len(s) >= MIN_INHERIT_CHARS:
                own_lines[s] = n
    return _Mail(reply, rev, turns, own_lines)


def _diff_anchor(index: DiffIndex, positions: list[int]) -> _Anchor:
    last = index.lines[positions[-1]]
    patch = index.patches.get(last.patch) if last.patch is not None else None
    lines = [index.lines[p] for p in positions
             if index.lines[p].file == last.file and len(line_key(index.lines[p].text)) > 1]
    focus = lines[-FOCUS_LINES:] or [last]
    return _Anchor("diff", patch, last.file, last.line, focus)


def _inherited_anchor(ctx: _Context, reply: Reply, rev: Revision, quote: Segment,
                      depth: int) -> _Anchor | None:
    """The anchor of the earlier turn whose words this quote repeats (the last one it
    quotes), if that turn was about code."""
    if depth >= ANCESTOR_DEPTH:
        return None
    lines = [squash(q.text) for q in quote.lines]
    for key in ctx.ancestors(reply.message.key)[:INHERIT_DEPTH]:
        mail = ctx.mail(key, depth + 1)
        if mail is None or mail.rev is not rev:
            break  # up to the patch, or into another revision's thread
        for s in reversed(lines):
            n = mail.own_lines.get(s)
            if n is None:
                continue
            anchor = mail.turns[n].anchor
            if anchor.kind in ("diff", "inherited"):
                return _Anchor("inherited", anchor.patch, anchor.file, anchor.line,
                               list(anchor.focus))  # quote_end None: excerpt the prose
            return None
    return None


# -- comments --------------------------------------------------------------------------


def _is_author(who: Address, rev: Revision, patch: Patch | None) -> bool:
    people = [rev.author] + ([patch.author] if patch is not None else [])
    return any(p.email or p.name for p in people) and any(
        same_person(who, p) or same_person(p, who) for p in people if p.email or p.name)


def _excerpt(quote: Segment | None, end: int | None) -> str:
    """The quoted lines a comment answers, trimmed: for code, the last lines up to the last
    matched diff line; for prose, the last lines at the depth of the last quoted line."""
    if quote is None:
        return ""
    lines = quote.lines if end is None else quote.lines[: end + 1]
    while lines and not lines[-1].text.strip():
        lines = lines[:-1]
    if not lines:
        return ""
    depth = lines[-1].depth
    kept: list[str] = []
    for q in reversed(lines):
        text = q.text.rstrip()
        if end is None and text and q.depth != depth:
            break
        if not text:
            if kept and kept[-1]:
                kept.append("")
            continue
        if is_attribution([text]):
            break
        kept.append(text[:EXCERPT_WIDTH])
        if sum(1 for k in kept if k) >= EXCERPT_LINES:
            break
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(reversed(kept))


def review_comments(series: Series, interdiffs: list[RevisionInterdiff]) -> list[ReviewComment]:
    """Every reviewer comment in the series' threads, anchored, with its status; in thread
    order (use `sort_key` for report order)."""
    ctx = _Context(series, interdiffs)
    comments: list[ReviewComment] = []
    by_mail: dict[str, list[ReviewComment]] = {}
    for rev in series.revisions:
        for reply in sorted(rev.replies, key=lambda r: (sort_time(r.message.date),
                                                         r.message.key)):
            if ctx.replies.get(reply.message.key, (None, None))[1] is not rev:
                continue  # the same mail attached twice: read it once
            target = ctx.patch_keys.get(reply.target_key or "")
            target_patch = target[0] if target is not None else None
            if _is_author(reply.message.author, rev, target_patch):
                continue
            mail = ctx.mail(reply.message.key)
            if mail is None:
                continue
            notice = False
            for turn in mail.turns:
                if not is_comment_text(turn.words):
                    continue
                # "Applied to foo-next" is news, not review; after it, only a question is
                # a comment (a bot's list of links, a "you are awesome" is not)
                if is_status_notice(turn.words) or (notice and "?" not in turn.words):
                    notice = True
                    continue
                anchor = turn.anchor
                patch = anchor.patch if anchor.patch is not None else target_patch
                comment = ReviewComment(
                    author=reply.message.author,
                    message_id=reply.message.message_id,
                    message_key=reply.message.key,
                    date=reply.message.date,
                    revision=rev.version,
                    patch=patch.index if patch is not None else None,
                    file=anchor.file,
                    line=anchor.line,
                    excerpt=_excerpt(turn.quote, anchor.quote_end),
                    comment=turn.words[:MAX_COMMENT_CHARS],
                    anchor=anchor.kind,
                    focus=list(anchor.focus),
                    target=patch,
                    rev=rev,
                )
                comments.append(comment)
                by_mail.setdefault(reply.message.key, []).append(comment)
    _find_answers(ctx, by_mail)
    for comment in comments:
        _set_status(ctx, comment)
    return comments


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


def _find_answers(ctx: _Context, by_mail: dict[str, list[ReviewComment]]) -> None:
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


def _touches(ctx: _Context, focus: list[DiffLine], pi: PatchInterdiff) -> bool:
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


def _refocus(ctx: _Context, focus: list[DiffLine], patch: Patch) -> list[DiffLine] | None:
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


def _set_status(ctx: _Context, comment: ReviewComment) -> None:
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
