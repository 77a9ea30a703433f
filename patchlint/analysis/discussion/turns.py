"""One mail of a series' thread, read once: cut into turns (a quote and the sender's own
words under it), each anchored to the code, the prose or the earlier turn its quote repeats
(see `comments` for what the anchors mean)."""

from __future__ import annotations

from dataclasses import dataclass, field

from patchlint.analysis.discussion.anchor import (
    MAX_JOIN,
    DiffIndex,
    DiffLine,
    Flat,
    build_index,
    line_key,
    place_blocks,
    squash,
)
from patchlint.analysis.discussion.own_words import QLine, Segment, clean_own_words, segments
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision, Series

FOCUS_LINES = 3  # quoted lines right above a comment whose change addresses it
ANCESTOR_DEPTH = 8  # how far up the thread an answer or an inherited anchor is looked for
INHERIT_DEPTH = 4  # how many mails up a quote's words are looked for
MIN_INHERIT_CHARS = 10  # own lines shorter than this are too common to tell mails apart


@dataclass(slots=True)
class Anchor:
    kind: str  # diff | inherited | prose | none
    patch: Patch | None = None
    file: str | None = None
    line: int | None = None
    focus: list[DiffLine] = field(default_factory=list)
    quote_end: int | None = None  # the quote's line of the last matched diff line


@dataclass(slots=True)
class Turn:
    quote: Segment | None
    own: list[str]  # the sender's lines as written
    words: str  # cleaned
    anchor: Anchor


@dataclass(slots=True)
class Mail:
    reply: Reply
    rev: Revision
    turns: list[Turn]
    own_lines: dict[str, int]  # squashed own line -> turn number (for inherited anchors)


class ThreadContext:
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
        self.mails: dict[str, Mail] = {}

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

    def mail(self, key: str, depth: int = 0) -> Mail | None:
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


def _read_mail(ctx: ThreadContext, reply: Reply, rev: Revision, depth: int) -> Mail:
    segs = segments(reply.message.body)
    index = ctx.target_index(reply, rev)
    if index is not None:
        segs = _rejoin_wrapped(segs, index)
    blocks = [[q.text for q in s.lines] for s in segs if s.quoted]
    placements = place_blocks(blocks, index) if index is not None else {}
    turns: list[Turn] = []
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
        anchor = Anchor("none")
        if pending is not None:
            placement = placements.get(pending_block)
            if placement is not None and index is not None:
                anchor = _diff_anchor(index, placement.positions)
                anchor.quote_end = placement.items[-1].last
            else:
                anchor = _inherited_anchor(ctx, reply, rev, pending, depth) or Anchor("prose")
        turns.append(Turn(pending, own, words, anchor))
        pending = None
    own_lines: dict[str, int] = {}
    for n, turn in enumerate(turns):
        for line in turn.own:
            s = squash(line)
            if len(s) >= MIN_INHERIT_CHARS:
                own_lines[s] = n
    return Mail(reply, rev, turns, own_lines)


def _diff_anchor(index: DiffIndex, positions: list[int]) -> Anchor:
    last = index.lines[positions[-1]]
    patch = index.patches.get(last.patch) if last.patch is not None else None
    lines = [index.lines[p] for p in positions
             if index.lines[p].file == last.file and len(line_key(index.lines[p].text)) > 1]
    focus = lines[-FOCUS_LINES:] or [last]
    return Anchor("diff", patch, last.file, last.line, focus)


def _inherited_anchor(ctx: ThreadContext, reply: Reply, rev: Revision, quote: Segment,
                      depth: int) -> Anchor | None:
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
                return Anchor("inherited", anchor.patch, anchor.file, anchor.line,
                               list(anchor.focus))  # quote_end None: excerpt the prose
            return None
    return None
