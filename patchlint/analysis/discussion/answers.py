"""Who answered which review comment, point by point, and what the commenter made of it.

A turn of a later mail answers the comment whose words its quote ends with (the lines right
above its own words): the last quoted line, read upwards, that is a line of some comment
(white space removed; a line of at least MIN_HIT_CHARS, or the whole of a shorter comment)
names it. Thanks alone do not answer; a status notice ("Thanks, applied.") does.

Point by point: when one mail answers one comment in two or more turns, each standing under a
different part of it (the author answers inline between the reviewer's points), the comment
is split there: every part becomes a comment of its own with the answers that stand under
it (the text after the last answer stays with the last part). A part keeps the lines the
comment quoted and, of the lines it was anchored to by a fix-up or by name, those holding an
identifier the part itself names.

Reactions: a turn of the commenter that stands under an answer to their comment is their
reaction to it; `acks.accepts` tells acceptance ("I see.", "OK") from insisting ("Yes, but
...", another question). The last reaction counts (`status`). A reaction whose own words
someone answered later, an answer the commenter let stand (or pushed back on and was
answered in turn), is `answered`: the commenter no longer has the last word (`_LastWord`).

Answers that quote nothing of the comment: a comment on someone else's point (it stands
under the point or an answer to it) that nobody answered where it stands is answered by an
answer to that point written after it (`_answer_follow_ups`); words that only second that
point ("FTR: This also applies to the v2 patch.") take its status (`ReviewComment.seconds`,
set here, applied in `comments`). Words over the answerer's own tag answer too
(`_answer_words`). A question on the series' route is answered by its taking (`route`).

Work is bounded: a reply looks for the comments it answers only among its ANCESTOR_DEPTH
nearest ancestors, at most MAX_ANSWER_CANDIDATES of them, in the last MAX_TAIL_LINES lines
of each quote.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from patchlint import lazyre
from patchlint.analysis.discussion.acks import (
    accepts,
    brings_in,
    disputes,
    is_answer_text,
    is_interjection,
    is_request,
)
from patchlint.analysis.discussion.anchor import DiffLine, squash
from patchlint.analysis.discussion.focus import code_text, code_tokens, identifiers
from patchlint.analysis.discussion.message import names_message
from patchlint.analysis.discussion.model import Answer, Reaction, ReviewComment
from patchlint.analysis.discussion.own_words import clean_own_words
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.model.message import Address, sort_time
from patchlint.model.trailers import parse_trailer_line, same_sender

MAX_ANSWER_CANDIDATES = 64  # comments (and answers) checked per quoted block
MAX_TAIL_LINES = 40  # lines at the end of a quote searched for what it answers
MIN_HIT_CHARS = 12  # a quoted line shorter than this is too common to name a comment
SPLIT_SLACK = 12  # an answer this close to a comment's end answers all of it


@dataclasses.dataclass(slots=True)
class _Said:
    """An answer, as something the commenter may react to."""

    text: str  # squashed words of the answering turn
    comment: ReviewComment


def _hit(line: str, text: str) -> int:
    """Where in `text` (squashed) a quoted line ends, or -1."""
    if len(line) < MIN_HIT_CHARS and line != text:
        return -1
    at = text.rfind(line)
    return at + len(line) if at >= 0 else -1


def _stands_under(
    block: list[str], comments: list[ReviewComment], said: list[_Said]
) -> tuple[list[tuple[ReviewComment, int]], list[_Said]]:
    """The comments (with the point reached) or the answers the block's last matching
    line belongs to."""
    squashed = [(c, squash(c.comment)) for c in comments]  # once, not once per line
    for line in reversed(block[-MAX_TAIL_LINES:]):
        hits = [(c, p) for c, text in squashed if (p := _hit(line, text)) >= 0]
        answers = [s for s in said if _hit(line, s.text) >= 0]
        if hits or answers:
            return hits, answers
    return [], []


def find_answers(ctx: ThreadContext, comments: list[ReviewComment]) -> list[ReviewComment]:
    """Fill in every comment's answers and reactions; return the comments with those that
    were answered point by point split (in the same order)."""
    by_mail: dict[str, list[ReviewComment]] = {}
    for c in comments:
        by_mail.setdefault(c.message_key, []).append(c)
    if not by_mail:
        return comments
    said_in: dict[str, list[_Said]] = {}
    replaced: dict[int, list[ReviewComment]] = {}
    follow_ups: list[tuple[ReviewComment, ReviewComment]] = []  # (comment, the point it is on)
    reacted_in: dict[int, tuple[str, str]] = {}  # id(reaction) -> (mail key, squashed words)
    replies = sorted(
        ctx.replies.values(), key=lambda e: (sort_time(e[0].message.date), e[0].message.key)
    )
    keys = {e[0].message.message_id: k for k, e in ctx.replies.items() if e[0].message.message_id}
    for reply, _rev in replies:
        ancestors = ctx.ancestors(reply.message.key)
        # a mail its References name but its parent chain misses: a reply whose In-Reply-To
        # points at the patch while References names the review it answers (a client that
        # threads by the first header it finds)
        ancestors += [
            k
            for r in reply.message.references
            if (k := keys.get(r)) is not None and k not in ancestors and k != reply.message.key
        ]
        candidates = [c for a in ancestors for c in by_mail.get(a, ())][:MAX_ANSWER_CANDIDATES]
        earlier = [s for a in ancestors for s in said_in.get(a, ())][:MAX_ANSWER_CANDIDATES]
        if not candidates and not earlier:
            continue
        mail = ctx.mail(reply.message.key)
        if mail is None:
            continue
        msg = reply.message
        mid = msg.message_id or msg.key
        sender = msg.author
        reacting = [s for s in earlier if same_sender(s.comment.author, sender)]
        answered: dict[int, list[tuple[ReviewComment, int, Answer]]] = {}
        for turn in mail.turns:
            said = _answer_words(turn.own, turn.words, sender)
            if not turn.quotes or not said.strip():
                continue
            block = [s for q in turn.quotes for s in (squash(x.text) for x in q.lines) if s]
            words = squash(turn.words)
            follow_ups += _follows_up(block, words, by_mail.get(msg.key, ()), candidates, earlier)
            hits, answers = _stands_under(block, candidates, reacting)
            hits = [(c, p) for c, p in hits if not same_sender(c.author, sender)]
            hits += _quoted_together(block, hits, by_mail)
            # the commenter's turn under an answer to their comment is their reaction, even
            # when that answer is itself a comment (a third person's reply is both)
            for s in answers:
                took = accepts(turn.words)
                closes = took and "thank" in turn.words.lower()
                aside = not took and (is_interjection(turn.words) or brings_in(turn.words))
                pushes = not took and disputes(turn.words)
                reaction = Reaction(mid, msg.date, took, closes, aside, pushes)
                reacted_in[id(reaction)] = (msg.key, words)
                s.comment.reactions.append(reaction)
            if answers and not hits:
                continue
            if not is_answer_text(said):
                continue
            for comment, point in hits:
                ans = Answer(mid, msg.key, sender, msg.date, said, point)
                answered.setdefault(id(comment), []).append((comment, point, ans))
                said_in.setdefault(msg.key, []).append(_Said(squash(said), comment))
        for items in answered.values():
            comment = items[0][0]
            parts = _split(comment, items)
            if parts is None:
                for _, _, ans in items:
                    _add(comment, ans)
                continue
            key = comment.message_key
            by_mail[key] = [p for c in by_mail[key] for p in (parts if c is comment else [c])]
            replaced[id(comment)] = parts
            for s in said_in.get(msg.key, ()):
                if s.comment is comment:
                    s.comment = next(
                        p
                        for p in parts
                        if any(a.message_id == mid and squash(a.words) == s.text for a in p.answers)
                    )
    out: list[ReviewComment] = []
    for c in comments:
        out.extend(_expand(c, replaced))
    _answer_follow_ups(follow_ups, replaced)
    _mark_answered_reactions(out, reacted_in, by_mail)
    return out


def _is_tag(line: str) -> bool:
    tr = parse_trailer_line(line.strip())
    return tr is not None and tr.lname.endswith("-by") and tr.person is not None


def _answer_words(own: list[str], words: str, sender: Address) -> str:
    """What a turn says to the words it stands under: its words as a comment, or, when
    those are only words around the sender's tag, those words without the tag ("Ya, it
    was not required there in the first place." over an Acked-by answers the remark above
    it; a comment it is not)."""
    if words.strip():
        return words
    if not any(_is_tag(line) for line in own):
        return ""
    return clean_own_words([line for line in own if not _is_tag(line)], sender)


def _follows_up(
    block: list[str],
    words: str,
    mine: Iterable[ReviewComment],
    candidates: list[ReviewComment],
    earlier: list[_Said],
) -> list[tuple[ReviewComment, ReviewComment]]:
    """The comments of this turn (its sender's words, a comment of their own) and the
    earlier point of someone else they stand under: the point's words, or an answer to
    it ("I'm pretty certain I'll run into that issue" under the question "we don't need
    to do that anymore?", or under the author's answer to it)."""
    own = [c for c in mine if (text := squash(c.comment)) and text in words]
    if not own:
        return []
    hits, under = _stands_under(block, candidates, earlier)
    points = [c for c, _ in hits] + [s.comment for s in under]
    return [(c, p) for c in own for p in points if not same_sender(p.author, c.author)]


# words that only second the point they stand under: "+1", "Agreed.", "Same here.", "FTR:
# This also applies to the v2 patch."
_SECONDS = lazyre.compile(
    r"^(?:(?:ftr|fwiw|btw)(?:[:,]\s*|\s+))?(?:\+1\b|agreed\b|i\s+agree\b|ditto\b|seconded\b"
    r"|same\s+(?:here|for\s+me)\b"
    r"|(?:this|that|the\s+same)\s+(?:also\s+)?applies\s+(?:also\s+|too\s+)?(?:to|for|here)\b)",
    re.I,
)
MAX_SECONDING_SENTENCES = 2
MAX_SECONDING_CHARS = 200
_BUT = lazyre.compile(r"\b(?:but|however|though|although)\b", re.I)
_SENTENCE_END = lazyre.compile(r"[.!](?:\s|$)")


def seconds(text: str) -> bool:
    """Words that only second the point above them (at most two short sentences, no
    question, no "but", no request of their own: "Agreed with Olga, please take the lock
    here." is a point)."""
    t = text.strip()
    return (
        _SECONDS.match(t) is not None
        and "?" not in t
        and not _BUT.search(t)
        and not is_request(t)
        and len(_SENTENCE_END.findall(t)) <= MAX_SECONDING_SENTENCES
        and len(t) <= MAX_SECONDING_CHARS
    )


def _answer_follow_ups(
    follow_ups: list[tuple[ReviewComment, ReviewComment]],
    replaced: dict[int, list[ReviewComment]],
) -> None:
    """A comment on someone else's point, itself left unanswered where it stands, is
    answered by an answer to that point written after it by anyone but its commenter: the
    author who answers the point after the thread went on (a reply to the point, a sibling
    of the comment) answers the sub-thread, not only the mail he quotes."""
    for comment, point in follow_ups:
        points = _expand(point, replaced)
        answers = [a for p in points for a in p.answers]
        for part in _expand(comment, replaced):
            if part.answers:
                continue
            if len(points) == 1 and seconds(part.comment):
                part.seconds = points[0]
            end = len(squash(part.comment))
            for a in sorted(answers, key=lambda a: sort_time(a.date)):
                if sort_time(a.date) > sort_time(part.date) and not same_sender(
                    a.author, part.author
                ):
                    _add(part, dataclasses.replace(a, point=end))


MAX_EXCHANGE_DEPTH = 8  # how many answer-and-reaction rounds `_LastWord` follows


class _LastWord:
    """Who had the last word on a comment: the commenter's reactions, each followed into
    the answers to its own words, round after round."""

    def __init__(
        self, reacted_in: dict[int, tuple[str, str]], by_mail: dict[str, list[ReviewComment]]
    ) -> None:
        self.reacted_in = reacted_in
        self.by_mail = by_mail
        self.memo: dict[int, bool] = {}

    def let_stand(self, comment: ReviewComment, depth: int = 0) -> bool:
        """The commenter's last mail on the answers to `comment`, if any, pushes back on
        none, or what it said was answered in turn and let stand."""
        if not comment.reactions:
            return True
        latest = max(sort_time(r.date) for r in comment.reactions)
        return all(
            r.accepted or r.aside or r.closes or self.answered(comment, r, depth + 1)
            for r in comment.reactions
            if sort_time(r.date) == latest
        )

    def answered(self, comment: ReviewComment, r: Reaction, depth: int) -> bool:
        """The reaction's own words (comments of the commenter's) were answered later by
        someone else, and every such answer the commenter let stand."""
        if id(r) in self.memo:
            return self.memo[id(r)]
        where = self.reacted_in.get(id(r))
        if where is None or depth > MAX_EXCHANGE_DEPTH:
            return False
        self.memo[id(r)] = False  # a cycle answers nothing
        key, words = where
        own = [
            c
            for c in self.by_mail.get(key, ())
            if same_sender(c.author, comment.author)
            and (text := squash(c.comment))
            and text in words
        ]
        met = [
            c
            for c in own
            if any(
                not same_sender(a.author, comment.author) and sort_time(a.date) > sort_time(r.date)
                for a in c.answers
            )
        ]
        # a pushing back left unanswered ("Hm, I'm not sure I agree. ..." beside a concern
        # someone did answer) keeps the last word the commenter's
        kept = any(disputes(c.comment) and all(c is not m for m in met) for c in own)
        self.memo[id(r)] = bool(met) and not kept and all(self.let_stand(c, depth) for c in met)
        return self.memo[id(r)]


def _mark_answered_reactions(
    comments: list[ReviewComment],
    reacted_in: dict[int, tuple[str, str]],
    by_mail: dict[str, list[ReviewComment]],
) -> None:
    """A reaction whose own words (a further question, a new request: a comment of their
    own) someone else answered later, an answer the commenter let stand (or whose pushing
    back was answered in turn, round after round), no longer leaves the commenter the last
    word: the exchange went on (`Reaction.answered`). An argument where the commenter
    rejects each new answer ("Dynamic is a bit of an exaggeration, right?", then "You need
    a use case") stays theirs."""
    last = _LastWord(reacted_in, by_mail)
    for comment in comments:
        for n, r in enumerate(comment.reactions):
            if not r.answered and last.answered(comment, r, 0):
                comment.reactions[n] = dataclasses.replace(r, answered=True)


_DIFF_MARKS = ("+", "-", "@")
_CARRIED = ("...", "…")


def _lines(text: str) -> list[str]:
    return [s for s in (squash(x) for x in text.split("\n")) if s]


def _quoted_together(
    block: list[str], hits: list[tuple[ReviewComment, int]], by_mail: dict[str, list[ReviewComment]]
) -> list[tuple[ReviewComment, int]]:
    """A point written on from the one above it across a quote ("You can skip the else
    here..." / quote / "...and you can skip the else here as well ..."), both quoted above
    one answer with nothing but quoted code between them ("right, will change this in the
    next version."): the answer is to both, not only to the lower. Points that do not carry
    on from each other ("Probably __ro_after_init." / code / "You probably should make that
    thing static ...") each get the answers that stand under them."""
    more: list[tuple[ReviewComment, int]] = []
    for comment, point in hits:
        if point < len(squash(comment.comment)) - SPLIT_SLACK:
            continue  # the answer stands inside the point, not under all of it
        mine = by_mail.get(comment.message_key, [])
        at = next((i for i, c in enumerate(mine) if c is comment), -1)
        current = comment
        while at > 0:
            first = _lines(current.comment)[:1]
            above = _lines(mine[at - 1].comment)
            if not first or not first[0].startswith(_CARRIED) or not above:
                break  # "> You probably should make that thing static ..." under code
            starts = [i for i, line in enumerate(block) if line == first[0]]
            if not starts:
                break
            j = starts[-1]
            while j > 0 and block[j - 1][:1] in _DIFF_MARKS:
                j -= 1  # quoted code between the points is no answer
            if j < len(above) or block[j - len(above) : j] != above:
                break
            at -= 1
            current = mine[at]
            more.append((current, len(squash(current.comment))))
    return more


def _expand(c: ReviewComment, replaced: dict[int, list[ReviewComment]]) -> list[ReviewComment]:
    if id(c) not in replaced:
        return [c]
    return [x for p in replaced[id(c)] for x in _expand(p, replaced)]


def _add(comment: ReviewComment, ans: Answer) -> None:
    comment.answers.append(ans)
    if ans.message_id not in comment.answered_by:
        comment.answered_by.append(ans.message_id)


def _split(
    comment: ReviewComment, items: list[tuple[ReviewComment, int, Answer]]
) -> list[ReviewComment] | None:
    """The comment cut where one mail answered it inline between points, or None."""
    size = len(squash(comment.comment))
    points = sorted({p for _, p, _ in items if p < size - SPLIT_SLACK})
    if len({p for _, p, _ in items}) < 2 or not points:
        return None
    cuts = _cut_at(comment.comment, points)
    if not cuts:
        return None
    parts: list[ReviewComment] = []
    start = 0
    bounds = [*cuts, len(comment.comment)]
    squashed_at = 0
    for end in bounds:
        text = comment.comment[start:end].strip()
        squashed_end = squashed_at + len(squash(comment.comment[start:end]))
        if text:
            part = dataclasses.replace(
                comment,
                comment=text,
                answered_by=list(comment.answered_by),
                answers=list(comment.answers),
                reactions=list(comment.reactions),
                groups=_groups_of(comment, text),
                # each point names the commit message by its own words: "Can you please
                # mention kdump in the commit message?" does, the point above it does not
                names_message=names_message(text),
            )
            last = end == bounds[-1]
            for _, p, ans in items:
                if squashed_at < p <= squashed_end or (last and p > squashed_end):
                    _add(part, ans)
            if part.groups and part.anchor in ("fixup", "named"):
                part.file, part.line = part.groups[0][0].file, part.groups[0][0].line
            elif part.anchor in ("fixup", "named"):  # this part names none of those lines
                part.anchor, part.file, part.line = "prose", None, None
            parts.append(part)
        start, squashed_at = end, squashed_end
    return parts if len(parts) >= 2 else None


def _groups_of(comment: ReviewComment, text: str) -> list[list[DiffLine]]:
    """A part's focus: the groups holding an identifier the part names (a fix-up's hunk, a
    named line); a quoted comment's parts all keep the lines they stand under."""
    tokens = code_tokens(text)
    named = [list(g) for g in comment.groups if any(identifiers(code_text(d)) & tokens for d in g)]
    if comment.anchor in ("diff", "inherited") and comment.groups:
        head = list(comment.groups[0])
        return [head] + [g for g in named if g != head]
    return named


# a cut never splits a sentence: how far past the line it may move to reach the sentence's end
MAX_SENTENCE_CARRY = 240
_STOP = lazyre.compile(r"[.?!](?=[\s)\"']|$)")
_ENDS = ".?!:;)"


def _sentence_end(text: str, end: int) -> int:
    """Where a cut at line end `end` (-1: the text's end) belongs: a quoting mailer that
    re-wraps the reviewer's lines ("...simply copy the" / "cpumask?" quoted as "...simply
    copy" / "the cpumask?") makes the answer stand under a line that ends mid-sentence; the
    cut moves to the end of the line that ends the sentence, within the paragraph."""
    if end < 0:
        return len(text)
    head = text[:end].rstrip()
    if not head or head[-1] in _ENDS:
        return end
    rest = text[end : end + MAX_SENTENCE_CARRY]
    stop = _STOP.search(rest)
    if stop is None or "\n\n" in rest[: stop.start()]:
        return end
    line_end = text.find("\n", end + stop.end())
    return len(text) if line_end < 0 else line_end


def _cut_at(text: str, points: list[int]) -> list[int]:
    """Original-text offsets (line ends) where the squashed offsets `points` fall."""
    cuts: list[int] = []
    count = 0
    want = iter(points)
    target = next(want, None)
    for i, ch in enumerate(text):
        if target is None:
            break
        if not ch.isspace():
            count += 1
        if count >= target:
            end = _sentence_end(text, text.find("\n", i))
            if not cuts or end > cuts[-1]:
                cuts.append(end)
            target = next(want, None)
            while target is not None and target <= count:
                target = next(want, None)
    return [c for c in cuts if 0 < c < len(text.rstrip())]
