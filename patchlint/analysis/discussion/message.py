"""Review comments on a patch's commit message: where a quote sits in the message, and whether
a later revision's message changed there.

A reviewer who asks for a reword, an explanation or a typo fix quotes the commit message, not
the code, so the code's interdiff says nothing about it. The message compared is the commit
title, the message body and the trailers other than review tags (a `Fixes:` or `Link:` a
reviewer asked for counts; the `Reviewed-by:` the review produced does not), each line with
its white space removed, so a re-wrapped paragraph still matches.

- `message_focus(lines, patch)`: the quoted lines found in the message (whole lines or, after
  a mailer re-wrapped them, pieces of them), the last FOCUS_LINES of them as the focus, plus
  the trailer lines quoted after those (a `Fixes:` goes in above the sign-offs). One of the
  last TAIL_LINES quoted lines must be message text: a follow-up whose quote ends with
  someone's answer is about that answer (it inherits the anchor of the comment answered).
  `whole` when the quote holds nearly all of the message: then the comment is about all of
  it. A quote of nothing but person tags (a tag written under the sign-offs) is not about
  the message; other tag lines (`Fixes:`, `Built-on:`) are message text.
- `message_moved(focus, old, new)`: the later message no longer holds the focus span (the
  text from the first to the last focus line: a line removed, replaced, or one inserted
  between them), or, for a whole-message comment, differs at all.
- `names_message(words)`: the comment itself names the message (`commit message`, `the
  title`, `a Fixes tag`): a comment quoting code can still ask for a reword, and is then
  addressed by a change of the message anywhere.
- `points_at_code(words)`: the comment, under a quote of the message, says it is about "the
  code below": a question there is asked of the code (`status._explained`).
- `about_wording(words)`: the comment is about the message's words (it names the message,
  rewrites words with `s/foo/bar/`, speaks of a typo, the wording, explaining). A comment
  that quotes the message but is not about its words ("why not an enum?") is about the
  change itself: a material code change in the next revision answers it (`status`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from patchlint import lazyre
from patchlint.analysis.discussion.anchor import squash
from patchlint.model.patch import Patch

FOCUS_LINES = 3
MIN_LINE_CHARS = 8  # shorter quoted lines ("Hi,", "---") say nothing about where they are
MIN_PIECE_CHARS = 20  # a quoted line that is only part of a message line must be this long
MIN_WEIGHT_CHARS = 24  # a quote anchors to the message with this many matched characters
WHOLE_SHARE = 0.8  # a quote holding this share of the message's lines is about all of it
MAX_QUOTE_LINES = 400  # of a longer quote only the end is looked for in the message
TAIL_LINES = 3  # one of the last quoted lines must be message text: what the comment is under

_NAMES_MESSAGE = lazyre.compile(
    r"\b(?:commit|patch|change)[\s-]*(?:message|msg|log|description|text|title|subject)\b"
    r"|\b(?:the|your|this|patch|following)\s+(?:description|title|subject(?:\s+line)?)\b"
    r"|\bsubject\s+line\b|\bcommit\s+(?:message|msg)\b"
    r"|\bfixes[:\s]+tag\b|\bfixes:\s|\b(?:a|the|appropriate|proper)\s+fixes\b"
    r"|\b(?:reported|suggested|co-developed|signed-off)-by\b|\bs-o-b\b",
    re.I,
)


_WORDING = lazyre.compile(
    r"(?:^|\s)s/[^/\n]{1,80}/[^/\n]{0,80}/|\b(?:typo|typos|spell\w*|misspel\w*|re-?word\w*"
    r"|re-?phras\w*|wording|word(?:s|ed)?|sentence|paragraph|grammar\w*|explain\w*|explanation"
    r"|mention\w*|describ\w*|description|clarif\w*|say|says|said|state[sd]?|title|subject"
    r"|changelog|accurate|inaccurate|misleading|confusing|unclear)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class MessageFocus:
    """The part of a commit message a comment is about (lines without white space)."""

    lines: tuple[str, ...]
    whole: bool
    # the author's draft of the next message the quote is taken from (`draft`), its lines
    # as written: the comment is judged against the next revision's message, not this one
    draft: tuple[str, ...] = ()


def message_lines(patch: Patch) -> list[str]:
    """The commit title, the message's non-blank lines and its non-review trailers."""
    out = [patch.title]
    out.extend(line for line in patch.message.split("\n") if line.strip())
    out.extend(f"{t.name}: {t.value}" for t in patch.trailers if not t.is_review)
    return [line for line in (squash(x) for x in out) if line]


def _is_trailer(line: str) -> bool:
    """A person's tag (`Signed-off-by:`, `Acked-by:`, squashed): a quote of only these is a
    tag written under the sign-offs. Other tag-like lines (`Fixes:`, `Tested-on:`) are text
    a reviewer may question."""
    return re.match(r"^[A-Za-z][\w-]*-by:\S", line, re.I) is not None


def message_focus(quoted: list[str], patch: Patch | None) -> MessageFocus | None:
    """Where a quote's lines (de-quoted, any depth) sit in `patch`'s commit message, or None
    when too little of it is message text."""
    if patch is None:
        return None
    lines = message_lines(patch)
    text = "".join(lines)
    if not text:
        return None
    whole = set(lines)
    found: list[str] = []
    tail: list[bool] = []  # is each non-blank quoted line message text?
    for raw in quoted[-MAX_QUOTE_LINES:]:
        s = squash(raw)
        if not s:
            continue
        # a whole line, or a long piece of one (a mailer re-wrapped it): a short piece such
        # as a first name is in every message
        hit = len(s) >= MIN_LINE_CHARS and (s in whole or (len(s) >= MIN_PIECE_CHARS and s in text))
        tail.append(hit)
        if hit:
            found.append(s)
    if not any(tail[-TAIL_LINES:]):
        return None  # the words right above the comment are someone's, not the message
    if sum(len(s) for s in found) < min(MIN_WEIGHT_CHARS, len(text)):
        return None
    body = [s for s in found if not _is_trailer(s) and s != lines[0]]
    if not body:
        return None  # only sign-offs (a tag placed under them) or the title: not the text
    start = found.index(body[-FOCUS_LINES:][0])
    focus = tuple(found[start:])
    held = sum(1 for line in lines if any(line in s or s in line for s in found))
    return MessageFocus(focus, held >= WHOLE_SHARE * len(lines))


def _span(text: str, focus: tuple[str, ...]) -> str | None:
    """The old message's text from the first focus line to the end of the last."""
    at = text.find(focus[0])
    if at < 0:
        return None
    end = at + len(focus[0])
    for line in focus[1:]:
        nxt = text.find(line, end)
        if nxt < 0:
            break
        end = nxt + len(line)
    return text[at:end]


def message_moved(focus: MessageFocus | None, old: Patch, new: Patch) -> bool:
    """Did the later revision's message change where the comment points (anywhere, for a
    comment about the whole message or one that only names the message)?"""
    before, after = "".join(message_lines(old)), "".join(message_lines(new))
    if before == after:
        return False
    if focus is None or focus.whole:
        return True
    span = _span(before, focus.lines)
    return span is None or span not in after


def about_wording(words: str) -> bool:
    """The comment is about how the message says things: it names the message, rewrites
    words (`s/foo/bar/`) or speaks of typos, wording, sentences or explaining."""
    return names_message(words) or _WORDING.search(words) is not None


def speaks_of_wording(words: str) -> bool:
    """The comment speaks of words, typos, rephrasing or explaining (`_WORDING`), whatever
    text it is about: a cover letter has no title or tags to name."""
    return _WORDING.search(words) is not None


def names_message(words: str) -> bool:
    """The comment says it is about the commit message, its title or one of its tags."""
    return _NAMES_MESSAGE.search(words) is not None


# "Secondly, code below only specifies cpu0. What does it do ...?" under a quote of the
# message: the words point past the quote, at the diff
_POINTS_AT_CODE = lazyre.compile(
    r"\b(?:the\s+|this\s+)?(?:code|diff|hunks?|implementation)\s+(?:below|underneath)\b", re.I
)


def points_at_code(words: str) -> bool:
    """The comment says it is about the code below the quoted message ("code below only
    specifies cpu0"): a question there is about the change, not the message's words."""
    return not names_message(words) and _POINTS_AT_CODE.search(words) is not None
