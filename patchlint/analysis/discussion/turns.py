"""One mail of a series' thread, read once: cut into turns (a quote and the sender's own
words under it), each anchored to the code, the commit message, the prose or the earlier turn
its quote repeats (see `comments` for what the anchors mean).

Two readings repair what mailers and writers do to a turn:
- a quoted block that is no quote: lines marked `>` that neither match the patch nor occur
  in the mail replied to or anywhere else in the revision's thread (a build robot's `>>`
  warning lines, `> 1613` source listings) are the sender's own words;
- a sentence continued across a quote ("Except that ..." / quote / "... this isn't enough"):
  an own run that ends open (`...`, a comma, a word such as "and" or "the", or no closing
  punctuation before a run starting "so that", "which", ...) and the run after the next quote
  are one turn, anchored where it ends, focused on both quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.analysis.discussion.acks import is_negative
from patchlint.analysis.discussion.anchor import (
    MAX_JOIN,
    DiffIndex,
    DiffLine,
    Flat,
    Placement,
    build_index,
    line_key,
    place_blocks,
    squash,
)
from patchlint.analysis.discussion.draft import draft_focus, draft_lines
from patchlint.analysis.discussion.focus import diff_focus, under_words
from patchlint.analysis.discussion.message import MessageFocus, message_focus
from patchlint.analysis.discussion.named import Lookup, NamedAnchor, fixup_anchor, named_anchor
from patchlint.analysis.discussion.own_words import (
    QLine,
    Segment,
    clean_own_words,
    is_attribution,
    opens_with_header,
    segments,
)
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision, Series
from patchlint.model.trailers import same_person

ANCESTOR_DEPTH = 8  # how far up the thread an answer or an inherited anchor is looked for
INHERIT_DEPTH = 4  # how many mails up a quote's words are looked for
MIN_INHERIT_CHARS = 10  # own lines shorter than this are too common to tell mails apart
MIN_REWRAP_CHARS = 24  # a re-wrapped quoted line is looked for inside words this long or more
QUOTE_SAMPLE = 8  # lines of an unplaced quote block looked for in the thread
MIN_SAMPLE_CHARS = 8  # quoted lines shorter than this are too common to look for
MAX_THREAD_LINES = 200_000  # lines of a revision's thread remembered to recognise quotes
_OPEN_END = lazyre.compile(r"\s(?:\.\.\.|…)\s*$")
_OPEN_START = lazyre.compile(r"^\s*(?:\.\.\.|…)")
# words that leave a sentence open at the end of a run, or carry one on at the start of one
_OPEN_TAIL = lazyre.compile(
    r"(?:,|\b(?:and|or|but|the|a|an|of|to|in|on|for|with|than|that|which"
    r"|because|since|so|as|is|are|be|if|when|whether))\s*$",
    re.I,
)
_CARRY_ON = lazyre.compile(
    r"^\s*(?:and|or|but|so|because|since|as|which|then|to|with|without|in"
    r"|on|for|if|when|where|while|unless|instead|rather|otherwise)\b"
)


@dataclass(slots=True)
class Anchor:
    kind: str  # diff | inherited | message | prose | none (fixup | named: see `comments`)
    patch: Patch | None = None
    file: str | None = None
    line: int | None = None
    groups: list[list[DiffLine]] = field(default_factory=list)  # focus groups (`focus`)
    quote_end: int | None = None  # the quote's line of the last matched diff line
    message: MessageFocus | None = None  # kind message: where in the commit message
    adopt: list[tuple[str, str]] = field(default_factory=list)  # kind fixup: its + lines
    under_words: bool = False  # kind diff: the quote ends with someone's words under the code
    follow_up: bool = False  # kind message: the quote is an earlier mail's words on the message


@dataclass(slots=True)
class Turn:
    quote: Segment | None
    own: list[str]  # the sender's lines as written
    words: str  # cleaned
    anchor: Anchor
    quotes: list[Segment] = field(default_factory=list)  # every quote of a joined turn


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
        self.lookups: dict[int, Lookup] = {}
        self.line_names: dict[str, set[str]] = {}  # a changed line's identifiers (`Lookup`)
        # by ids of (revision step, patch step): its new changelog entries and what the
        # patch is about (`status`), read once for every comment on the patch
        self.step_changelogs: dict[tuple[int, int], tuple[list[str], str]] = {}
        self.thread_lines: dict[int, dict[str, float]] = {}  # by id of the revision
        self.squashed: dict[str | None, str | None] = {}  # `squashed_text_of`, by key
        self.drafts: dict[str, list[tuple[str, ...]]] = {}  # `_author_drafts`, by mail key
        self.covers: dict[str, Revision] = {
            r.cover.key: r for r in series.revisions if r.cover is not None
        }

    # indexes ----------------------------------------------------------------------------
    def index_for(self, patches: list[Patch]) -> DiffIndex:
        key = tuple(id(p) for p in patches)
        index = self.indexes.get(key)
        if index is None:
            index = build_index(patches, self.flat)
            self.indexes[key] = index
        return index

    def flat_of(self, patch: Patch) -> Flat:
        """A patch's diff walked once (see `anchor.flatten`)."""
        self.index_for([patch])
        return self.flat[id(patch)]

    def lookup_for(self, index: DiffIndex) -> Lookup:
        found = self.lookups.get(id(index))
        if found is None:
            found = Lookup(index, self.line_names)
            self.lookups[id(index)] = found
        return found

    def target_patch(self, reply: Reply) -> Patch | None:
        found = self.patch_keys.get(reply.target_key or "")
        return found[0] if found is not None else None

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

    def squashed_text_of(self, key: str | None) -> str | None:
        """`text_of` without whitespace, made once per mail: every unplaced quote block of
        every reply to it is looked for in it."""
        if key not in self.squashed:
            text = self.text_of(key)
            self.squashed[key] = squash(text) if text is not None else None
        return self.squashed[key]

    def text_of(self, key: str | None) -> str | None:
        """A mail of the series as text (a patch: its message and diff), or None."""
        if key is None:
            return None
        entry = self.replies.get(key)
        if entry is not None:
            return entry[0].message.body
        found = self.patch_keys.get(key)
        if found is not None:
            p = found[0]
            trailers = "\n".join(f"{t.name}: {t.value}" for t in p.trailers)
            return "\n".join((p.title, p.message, trailers, p.notes, p.diff))
        rev = self.covers.get(key)
        return rev.cover.body if rev is not None and rev.cover is not None else None

    def seen_in_thread(self, rev: Revision, line: str, before: float) -> bool:
        """Is this squashed line part of a mail of the revision's thread sent before
        `before` (a quote repeats what was said before it)?"""
        lines = self.thread_lines.get(id(rev))
        if lines is None:
            lines = {}
            mails = [(r.message.date, r.message.body) for r in rev.replies]
            mails += [(p.date, self.text_of(p.message_key) or "") for p in rev.sorted_patches]
            if rev.cover is not None:
                mails.append((rev.cover.date, rev.cover.body))
            for date, text in mails:
                when = sort_time(date)
                for raw in text.split("\n")[:MAX_THREAD_LINES]:
                    s = squash(raw).lstrip(">")
                    if len(s) >= MIN_SAMPLE_CHARS and when < lines.get(s, float("inf")):
                        lines[s] = when
            self.thread_lines[id(rev)] = lines
        return lines.get(line, float("inf")) < before

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


def _is_quote(
    ctx: ThreadContext, reply: Reply, rev: Revision, seg: Segment, above: list[QLine]
) -> bool:
    """An unplaced quoted block is a quote when an attribution line introduces it (above it,
    or Outlook's header block opening it), or some of its lines occur in the mail replied to
    or in an earlier mail of the revision's thread (or when the mail replied to is not in
    the input)."""
    flat = ctx.squashed_text_of(reply.parent_key)
    if flat is None:
        return True
    said = [q.text for q in above if q.text.strip()]
    if any(is_attribution(said[-k:]) for k in range(1, min(4, len(said)) + 1)):
        return True
    if opens_with_header([q.text for q in seg.lines]):
        return True
    sample = [s for s in (squash(q.text) for q in seg.lines) if len(s) >= MIN_SAMPLE_CHARS]
    if not sample:
        return True
    sample = sample[:QUOTE_SAMPLE]
    when = sort_time(reply.message.date)
    return any(s in flat or ctx.seen_in_thread(rev, s, when) for s in sample)


def _own_lines(seg: Segment) -> list[QLine]:
    """A block marked as quoted that is the sender's own text, markers put back."""
    return [QLine(0, ">" * q.depth + " " + q.text) for q in seg.lines]


def _read_mail(ctx: ThreadContext, reply: Reply, rev: Revision, depth: int) -> Mail:
    segs = segments(reply.message.body)
    index = ctx.target_index(reply, rev)
    if index is not None:
        segs = _rejoin_wrapped(segs, index)
    blocks = [[q.text for q in s.lines] for s in segs if s.quoted]
    placements = place_blocks(blocks, index) if index is not None else {}
    target = ctx.target_patch(reply)
    turns: list[Turn] = []
    pending: Segment | None = None
    pending_block = -1
    block_no = -1
    own: list[QLine] = []

    def flush() -> None:
        nonlocal pending
        if not own:
            return
        text = [q.text for q in own]
        words = clean_own_words(text, reply.message.author)
        anchor = Anchor("none")
        if pending is not None:
            anchor = _anchor(
                ctx, reply, rev, pending, placements.get(pending_block), index, target, words, depth
            )
        turns.append(Turn(pending, text, words, anchor, [pending] if pending else []))
        pending = None
        own.clear()

    for seg in segs:
        if seg.quoted:
            block_no += 1
            if block_no in placements or _is_quote(ctx, reply, rev, seg, own):
                flush()
                pending, pending_block = seg, block_no
                continue
            if own and own[-1].text.strip():
                own.append(QLine(0, ""))
            own.extend(_own_lines(seg))
            continue
        if own and own[-1].text.strip():
            own.append(QLine(0, ""))
        own.extend(seg.lines)
    flush()
    turns = _join_continued(turns)
    if index is not None:
        _name_unanchored(ctx, reply, turns, index)
    own_lines: dict[str, int] = {}
    for n, turn in enumerate(turns):
        for line in turn.own:
            s = squash(line)
            if len(s) >= MIN_INHERIT_CHARS:
                own_lines[s] = n
    return Mail(reply, rev, turns, own_lines)


def _anchor(
    ctx: ThreadContext,
    reply: Reply,
    rev: Revision,
    quote: Segment,
    placement: Placement | None,
    index: DiffIndex | None,
    target: Patch | None,
    words: str,
    depth: int,
) -> Anchor:
    """Where a turn's quote points: the author's draft of the next commit message, the
    diff, the commit message, an earlier turn's code, or prose."""
    drafted = draft_focus([q.text for q in quote.lines], _author_drafts(ctx, reply, rev, depth))
    if drafted is not None:
        return Anchor("message", target, message=drafted)
    if placement is not None and index is not None:
        anchor = _diff_anchor(index, placement, words)
        anchor.quote_end = placement.items[-1].last
        anchor.under_words = under_words(quote.lines, anchor.quote_end)
        return anchor
    focus = message_focus([q.text for q in quote.lines], target)
    if focus is not None:
        return Anchor("message", target, message=focus)
    return _inherited_anchor(ctx, reply, rev, quote, depth) or Anchor("prose")


def _author_drafts(
    ctx: ThreadContext, reply: Reply, rev: Revision, depth: int
) -> list[tuple[str, ...]]:
    """The drafts of the next commit message (`draft.draft_lines`) the series author wrote in
    the mails above this one, nearest first, within the revision's thread."""
    if depth >= ANCESTOR_DEPTH:
        return []
    out: list[tuple[str, ...]] = []
    for key in ctx.ancestors(reply.message.key)[:INHERIT_DEPTH]:
        entry = ctx.replies.get(key)
        if entry is None or entry[1] is not rev:
            break  # up to the patch, or into another revision's thread
        if not _by_author(entry[0].message.author, rev, ctx.target_patch(entry[0])):
            continue
        found = ctx.drafts.get(key)
        if found is None:
            mail = ctx.mail(key, depth + 1)
            if mail is None:
                break
            found = ctx.drafts[key] = [d for t in mail.turns if (d := draft_lines(t.own))]
        out.extend(found)
    return out


def _by_author(who: Address, rev: Revision, patch: Patch | None) -> bool:
    """Is `who` the series author (the revision's sender or the patch's author)?"""
    people = [p for p in (rev.author, patch.author if patch is not None else None) if p]
    return any((p.email or p.name) and (same_person(who, p) or same_person(p, who)) for p in people)


def _name_unanchored(ctx: ThreadContext, reply: Reply, turns: list[Turn], index: DiffIndex) -> None:
    """Turns whose quote is no code still point at code when the reviewer's fix-up diff
    (for the last of them) or their own words name lines of the patch (see `named`); a
    turn on the commit message keeps its anchor and gains the lines it names."""
    for turn in turns:  # a comment on the message may still name the code it is about
        if turn.words and turn.anchor.kind == "message":
            named = named_anchor(turn.words, ctx.lookup_for(index))
            if named is not None and named.patch is turn.anchor.patch:
                turn.anchor.groups = named.groups
    loose = [t for t in turns if t.words and t.anchor.kind in ("prose", "none")]
    fixup = reply.proposed
    for n, turn in enumerate(loose):
        found: NamedAnchor | None = None
        if fixup is not None and n == len(loose) - 1 and fixup.diff.strip():
            found = fixup_anchor(fixup, index)
        if found is None:
            found = named_anchor(turn.words, ctx.lookup_for(index))
        if found is not None:
            first = found.groups[0][0]  # the earliest place named: a definition, a hunk
            turn.anchor = Anchor(
                found.kind, found.patch, first.file, first.line, found.groups, adopt=found.adopt
            )


def _opens(words: str) -> bool:
    """Words that stop on a spaced ellipsis ("Except that ...") leave the sentence for after
    the quote; "as it was..." trails off."""
    return _OPEN_END.search(words) is not None


def _continues(before: str, after: str) -> bool:
    """Does `after` (the words under the next quote) finish `before`'s sentence: it starts
    with `...`, or `before` ends on a comma or a word that needs more ("... and") or `after`
    starts with one that carries on ("so that ...", "which ...")?"""
    if _OPEN_START.match(after):
        return True
    return _OPEN_TAIL.search(before) is not None or (
        before.rstrip()[-1:].isalnum() and _CARRY_ON.match(after) is not None
    )


# words saying a point made above holds at this quote too: "... here as well", "same here"
_AGAIN_HERE = lazyre.compile(r"\b(?:as\s+well|too|same\s+(?:here|thing|applies))\b", re.I)
# a clause that cannot stand alone: "Since it's || here ..." waits for its main clause
_SUBORDINATE = lazyre.compile(
    r"^\W*(?:since|because|as|if|when|while|although|though|unless|whereas|given)\b", re.I
)


def _another_place(before: str, after: str) -> bool:
    """The run after a quote only seems to carry the sentence on: `before` is whole ("You can
    skip the else here...": no comma or open word before its dots) and `after` makes the
    same point again at the next quote ("...and you can skip the else here as well"). Two
    points, each on its own quote: the next revision may meet one and not the other."""
    head = _OPEN_END.sub("", before.rstrip().rstrip(".…")).rstrip()
    return (
        _OPEN_TAIL.search(head) is None
        and _SUBORDINATE.match(head) is None
        and _OPEN_START.match(after) is not None
        and _AGAIN_HERE.search(after) is not None
    )


def _join_continued(turns: list[Turn]) -> list[Turn]:
    """A sentence continued across a quote is one turn (see the module docstring)."""
    out: list[Turn] = []
    for turn in turns:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.words
            and turn.words
            and turn.quote is not None
            and (_opens(prev.words) or _continues(prev.words, turn.words))
            and not _another_place(prev.words, turn.words)
        ):
            anchor = turn.anchor
            if anchor.kind in ("prose", "none") and prev.anchor.kind not in ("prose", "none"):
                anchor = prev.anchor
            elif prev.anchor.kind == "diff" and anchor.kind == "diff":
                anchor.groups = prev.anchor.groups + anchor.groups
            out[-1] = Turn(
                turn.quote,
                prev.own + turn.own,
                prev.words + "\n\n" + turn.words,
                anchor,
                prev.quotes + turn.quotes,
            )
            continue
        out.append(turn)
    return out


def _diff_anchor(index: DiffIndex, placement: Placement, words: str) -> Anchor:
    positions = placement.positions
    last = index.lines[positions[-1]]
    patch = index.patches.get(last.patch) if last.patch is not None else None
    lines = [
        index.lines[p]
        for p in positions
        if index.lines[p].file == last.file and len(line_key(index.lines[p].text)) > 1
    ]
    blank = index.lines[placement.trailing_blank] if placement.trailing_blank is not None else None
    groups = diff_focus(lines or [last], words, blank)
    return Anchor("diff", patch, last.file, last.line, groups)


def _inherited_anchor(
    ctx: ThreadContext, reply: Reply, rev: Revision, quote: Segment, depth: int
) -> Anchor | None:
    """The anchor of the earlier turn whose words this quote repeats (the last one it
    quotes), if that turn was about code (or about the commit message)."""
    if depth >= ANCESTOR_DEPTH:
        return None
    lines = [squash(q.text) for q in quote.lines]
    for key in ctx.ancestors(reply.message.key)[:INHERIT_DEPTH]:
        mail = ctx.mail(key, depth + 1)
        if mail is None or mail.rev is not rev:
            break  # up to the patch, or into another revision's thread
        joined: list[str] | None = None  # each turn's own words, squashed, for re-wrapped quotes
        for s in reversed(lines):
            n = mail.own_lines.get(s)
            if n is None and len(s) >= MIN_REWRAP_CHARS:
                # the quoting mailer re-wrapped the answer: a quoted line is then a piece
                # of the turn's words, not one of its lines
                if joined is None:
                    joined = ["".join(squash(line) for line in t.own) for t in mail.turns]
                n = next((i for i, text in enumerate(joined) if s in text), None)
            if n is None:
                continue
            anchor = mail.turns[n].anchor
            if anchor.kind in ("diff", "inherited"):
                return Anchor(
                    "inherited",
                    anchor.patch,
                    anchor.file,
                    anchor.line,
                    [list(g) for g in anchor.groups],
                )  # quote_end None: the prose
            if anchor.kind == "message":  # a follow-up on a comment about the message
                return Anchor("message", anchor.patch, message=anchor.message, follow_up=True)
            return None
    return None


# words that open a point of its own in a turn: a reviewer marks the next thing they ask
# ("Also ...", "Please note that ...", "BTW ...") or an alternative to what they just asked
# ("Or even better, add a counter for this.")
_NEW_POINT = lazyre.compile(
    r"(?:also|additionally|in\s+addition|besides|separately|furthermore|moreover"
    r"|apart\s+from\s+(?:that|this)|btw|by\s+the\s+way|one\s+more\s+thing"
    r"|another\s+(?:thing|point|nit|issue|question|comment)"
    r"|on\s+an?\s+(?:separate|different|side|unrelated)\s+note"
    r"|please\s+(?:also\s+)?note"
    r"|or\s+(?:even\s+)?(?:better|rather|instead|alternatively)|alternatively)\b",
    re.I,
)
# an alternative to the point before it: the same change cannot answer both (`status`)
_ALTERNATIVE = lazyre.compile(
    r"(?:or\s+(?:even\s+)?(?:better|rather|instead|alternatively)|alternatively)\b", re.I
)
_PARAGRAPHS = lazyre.compile(r"\n[ \t]*\n")
# a turn from an argument to a concern of its own: "Hm, I'm not sure I agree. ..." / "That
# being said, I also don't like the fact that logdirty is handled differently ..."
_TURNING = lazyre.compile(
    r"(?:that\s+(?:being\s+)?said|having\s+said\s+(?:that|this)|(?:all\s+)?that\s+aside)\b", re.I
)


def points(words: str) -> list[str]:
    """A turn's words cut into the points it makes. A paragraph opening with words that mark
    a new point (`_NEW_POINT`) starts one when it is of another kind than the point above it
    (a question beside a remark or a request: "So this is called "umc_v2" but the other V2
    FUs's strings are the same. Why?" / "Also, if you're going to repeat strings, you can
    just as well group ...") or offers an alternative to it: those are settled apart (a
    question by its answer, a request by the next revision). Two requests or remarks under
    one quote ("Please move the table free ..." / "Also, set ndev_ctx->rx_table = NULL
    ...") are met together and stay one point; so does every other paragraph. A paragraph
    turning from the argument above it ("Hm, I'm not sure I agree. ..." / "That being said,
    I also don't like ...") starts a point too: the argument is settled by the answer to
    it, the concern by its own."""
    paras = [p.strip() for p in _PARAGRAPHS.split(words) if p.strip()]
    if len(paras) < 2:
        return [words]
    out: list[str] = [paras[0]]
    for para in paras[1:]:
        if (
            _NEW_POINT.match(para) and (is_alternative(para) or ("?" in para) != ("?" in out[-1]))
        ) or (_TURNING.match(para) and is_negative(out[-1])):
            out.append(para)
        else:
            out[-1] += "\n\n" + para
    return out if len(out) > 1 else [words]  # one point: its words as they were


def is_alternative(point: str) -> bool:
    """A point offered instead of the one before it ("Or even better, ...")."""
    return _ALTERNATIVE.match(point.strip()) is not None
