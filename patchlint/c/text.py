"""Which characters of a hunk's C lines are code, and which are inside a comment or a
string/char literal: for line-based rules (spacing, comment style) that must not look inside
literals or comments, and that work on hunks tree-sitter parses badly (a hunk that starts in
the middle of a block comment, or of a macro).

A hunk does not say whether its first line is inside a `/* ... */` comment. If a `*/` comes
before any `/*`, the hunk started inside one; so did a hunk whose first line looks like the
middle of a comment block (` * text`) and opens no comment itself; otherwise it did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from patchlint import lazyre

CODE, COMMENT, LITERAL = "c", "/", "s"
_SPECIAL = lazyre.compile(r"[/\"']")  # what can end a run of code
_IN_DOUBLE = lazyre.compile(r'[\\"]')  # what can end a run inside a "..." literal
_IN_SINGLE = lazyre.compile(r"[\\']")
_CONTINUATION = lazyre.compile(r"^\s*\*(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Scanned:
    """One line and, per character, what it is: `c` code, `/` comment, `s` string or char
    literal (quotes included)."""

    text: str
    kinds: str
    line_comment: int | None = None  # column of a `//` comment

    def is_code(self, i: int) -> bool:
        return self.kinds[i] == CODE

    @property
    def has_literal(self) -> bool:
        return LITERAL in self.kinds

    @property
    def code(self) -> str:
        """The line with comments blanked and literal contents replaced by `_` (so that
        patterns match code only and columns stay where they were)."""
        out = []
        for ch, kind in zip(self.text, self.kinds, strict=True):
            if kind == CODE:
                out.append(ch)
            elif kind == COMMENT:
                out.append(" ")
            else:
                out.append('"' if ch in "\"'" else "_")
        return "".join(out)


def _starts_in_comment(lines: Sequence[str]) -> bool:
    first = next((t for t in lines if t.strip()), "")
    if _CONTINUATION.match(first) and "/*" not in first:
        return True
    for text in lines:
        opens, closes = text.find("/*"), text.find("*/")
        if closes >= 0 and (opens < 0 or closes < opens):
            return True
        if opens >= 0:
            return False
    return False


def scan(lines: Sequence[str], in_comment: bool | None = None) -> list[Scanned]:
    """Classify every character of consecutive C lines (a hunk's post-image).

    Runs of one kind are taken whole (up to the next `/`, quote, `*/`, backslash or closing
    quote, found by `str.find` or a character-class search), not one character at a time:
    most of a line is code with nothing in it that changes the kind."""
    block = _starts_in_comment(lines) if in_comment is None else in_comment
    quote: str | None = None  # inside a literal continued with a backslash
    out = []
    for text in lines:
        kinds: list[str] = []
        line_comment: int | None = None
        i, n = 0, len(text)
        while i < n:
            if block:
                end = text.find("*/", i)
                if end < 0:
                    kinds.append(COMMENT * (n - i))
                    break
                kinds.append(COMMENT * (end + 2 - i))
                i = end + 2
                block = False
            elif quote:
                m = (_IN_DOUBLE if quote == '"' else _IN_SINGLE).search(text, i)
                if m is None:
                    kinds.append(LITERAL * (n - i))
                    break
                j = m.start()
                if text[j] == "\\":  # an escape takes the next character too
                    kinds.append(LITERAL * (min(j + 2, n) - i))
                    i = j + 2
                else:  # the closing quote
                    kinds.append(LITERAL * (j + 1 - i))
                    quote = None
                    i = j + 1
            else:
                m = _SPECIAL.search(text, i)
                if m is None:
                    kinds.append(CODE * (n - i))
                    break
                j = m.start()
                kinds.append(CODE * (j - i))
                ch, nxt = text[j], text[j + 1 : j + 2]
                if ch == "/" and nxt == "*":
                    kinds.append(COMMENT * 2)
                    block = True
                    i = j + 2
                elif ch == "/" and nxt == "/":
                    kinds.append(COMMENT * (n - j))
                    line_comment = j
                    break
                elif ch == "/":
                    kinds.append(CODE)
                    i = j + 1
                else:
                    kinds.append(LITERAL)
                    quote = ch
                    i = j + 1
        if quote and not text.endswith("\\"):
            quote = None  # an unterminated literal ends with its line
        out.append(Scanned(text, "".join(kinds), line_comment))
    return out
