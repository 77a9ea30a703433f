"""Comments on the author's draft of the next commit message, written inline in the thread.

A common xen-devel and Linux habit: asked to explain more, the author answers "Ok. I will
modify the commit msg as below. Please let me know if it is okay." and writes the new
message under it; the reviewer then quotes the draft and comments on it ("s/oberved/observed/",
"Please add a quote from the GICv3 specification"). That quote is neither the patch's code
(though the reviewer's mail may still quote the diff higher up) nor the posted commit message:
it is the message to come, so the next revision's commit message is what answers it.

- `draft_lines(own)`: the lines an author's turn offers as the new message: those after a
  line that announces a change of the message with the text under it (`_INTRO`: "I will
  modify the commit msg as below", "How about the following commit message:", "Updated
  commit message:"; not "as I wrote in the commit message below"), blank lines left out,
  with their text as written.
- `draft_focus(quoted, drafts)`: when the quote ends with a line of one of the drafts (its
  last non-blank line: the comment stands under the draft, not under code quoted above it),
  the comment's focus: the last FOCUS_LINES quoted lines of the run of draft lines it ends
  with, and the draft they come from.
- `draft_moved(focus, new)`: the next revision's message no longer holds the quoted draft
  text as drafted (a word substituted, the sentence rewritten), or holds it with new text
  right after it where the draft went on with its next line (the words asked for added at
  the quoted sentence).
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.anchor import squash
from patchlint.analysis.discussion.message import (
    FOCUS_LINES,
    MIN_LINE_CHARS,
    MIN_PIECE_CHARS,
    MessageFocus,
    message_lines,
)
from patchlint.model.patch import Patch

MAX_DRAFT_LINES = 200  # an author's draft message is read for at most this many lines
MAX_INTRO_CHARS = 400  # a line longer than this is no introduction of a draft

# "I will modify the commit msg as below", "updated the commit message as follows", "How
# about the following commit message:", "New commit message:": a change of the message
# announced, with the text to come under it. "As I wrote in the commit message below" is not
_INTRO = lazyre.compile(
    r"\b(?:modif\w*|updat\w*|chang\w*|rewor\w*|rephras\w*|rewrit\w*|amend\w*|improv\w*"
    r"|extend\w*|expand\w*|propos\w*|fix\w*|use|using)\s+(?:the\s+|my\s+|this\s+|your\s+)?"
    r"(?:commit|patch|change)[\s-]*(?:message|msg|log|description)\b[^\n]{0,80}?"
    r"\b(?:as\s+below|below|as\s+follows|the\s+following|like\s+this|like\s+so)\b"
    r"|\b(?:new|updated|revised|modified|reworded|proposed|draft)\s+(?:commit\s+)?"
    r"(?:message|msg|log|description)\s*(?::|\bas\s+below\b|\bbelow\b|\bas\s+follows\b)"
    r"|\b(?:how|what)\s+about\s+(?:the\s+following|this|below)\s+(?:commit\s+)?"
    r"(?:message|msg|log|description)\b",
    re.I,
)


def introduces_draft(line: str) -> bool:
    """Does this line of the author's words announce a new commit message under it?"""
    return len(line) <= MAX_INTRO_CHARS and _INTRO.search(line) is not None


def draft_lines(own: list[str]) -> tuple[str, ...]:
    """The non-blank lines after the first line of `own` introducing a draft message, as
    written (stripped); empty when no line introduces one or nothing follows it."""
    for n, line in enumerate(own):
        joined = line if n + 1 >= len(own) else line + " " + own[n + 1]
        if introduces_draft(line) or (n + 1 < len(own) and introduces_draft(joined)):
            start = n + 1 if introduces_draft(line) else n + 2
            body = [x.strip() for x in own[start : start + MAX_DRAFT_LINES]]
            return tuple(x for x in body if x)
    return ()


def draft_focus(quoted: list[str], drafts: list[tuple[str, ...]]) -> MessageFocus | None:
    """Where a quote (its de-quoted lines, any depth) ends in one of the author's drafts, or
    None when its last non-blank line is no draft line."""
    lines = [q for q in (x.strip() for x in quoted) if q]
    if not lines or not drafts:
        return None
    for draft in drafts:
        keys = [squash(d) for d in draft]
        whole = set(keys)
        text = "".join(keys)
        run: list[str] = []
        for raw in reversed(lines):
            s = squash(raw)
            hit = len(s) >= MIN_LINE_CHARS and (
                s in whole or (len(s) >= MIN_PIECE_CHARS and s in text)
            )
            if not hit:
                break
            run.append(s)
        if run:
            focus = tuple(reversed(run))[-FOCUS_LINES:]
            return MessageFocus(focus, whole=False, draft=draft)
    return None


def draft_moved(focus: MessageFocus, new: Patch) -> bool:
    """Did the next revision's message change at the quoted draft text (see the module
    docstring)?"""
    after = "".join(message_lines(new))
    span = "".join(focus.lines)
    at = after.find(span)
    if at < 0:
        return True
    keys = [squash(d) for d in focus.draft]
    text = "".join(keys)
    end = text.find(span)
    if end < 0:
        return False
    rest = text[end + len(span) :]
    following = next((k for k in keys if k and rest.startswith(k)), None)
    if following is None:
        return False  # the comment is on the draft's last line: nothing to compare after it
    return not after[at + len(span) :].startswith(following)
