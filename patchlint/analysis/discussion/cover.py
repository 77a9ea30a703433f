"""Review comments on a cover letter's words: whether a later revision's cover reworded them.

A reviewer who asks for the cover letter to say things better ("This all sounds like
gibberish. Please expand and if necessary explain acronyms when first used in each commit
log / cover letter.") quotes the cover, not a patch, so neither an interdiff nor a patch's
commit message says whether it was done: the next revision's cover does.

- `cover_focus(excerpt, cover)`: the quoted lines right above the comment (the last
  TAIL_LINES of its excerpt) that are cover text, white space removed; None when none is
  (the comment then answers someone's words, not the cover).
- `cover_reworded(focus, later)`: the later cover no longer holds one of them.

`status` asks only for comments that speak of wording (`message.speaks_of_wording`: words,
rephrasing, explaining): a question on the design or the testing that quotes the cover
("How were the fixes tested?") is not answered by a cover that was rewritten anyway.
"""

from __future__ import annotations

from patchlint.analysis.discussion.anchor import squash
from patchlint.model.message import Message

TAIL_LINES = 3  # the quoted lines the comment stands under
MIN_LINE_CHARS = 8  # shorter quoted lines ("Hi,", "---") are in every cover


def _text(cover: Message) -> str:
    return "".join(squash(line) for line in cover.body.split("\n"))


def cover_focus(excerpt: str, cover: Message | None) -> tuple[str, ...] | None:
    """The last quoted lines of `excerpt` that are text of `cover`, or None."""
    if cover is None or not excerpt.strip():
        return None
    quoted = [s for s in (squash(line) for line in excerpt.split("\n")) if s]
    text = _text(cover)
    found = tuple(s for s in quoted[-TAIL_LINES:] if len(s) >= MIN_LINE_CHARS and s in text)
    return found or None


def cover_reworded(focus: tuple[str, ...], later: Message | None) -> bool:
    """Does the later cover lack one of the focus lines? (No later cover: nothing to say.)"""
    if later is None:
        return False
    text = _text(later)
    return any(line not in text for line in focus)
